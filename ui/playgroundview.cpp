#include "playgroundview.h"

#include "activation.h"
#include "activationpalette.h"
#include "boundarymap.h"
#include "networkdiagram.h"
#include "plotexport.h"
#include "viewparts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr double kFrom = -6.0;
constexpr double kTo = 6.0;

QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// A small picture of a data set: 300 of its points in their class colours (regression: by the sign of the
// target) on the plane [−6, 6]².
QPixmap datasetThumbnail(const std::string &id, int size) {
    DatasetSettings settings;
    settings.id = id;
    settings.points = 300;
    const Dataset data = makeDataset(settings);
    QPixmap pixmap(size, size);
    pixmap.fill(QColor(0xf7, 0xf7, 0xf7));
    QPainter painter(&pixmap);
    painter.setPen(Qt::NoPen);
    for (const auto *part : {&data.train, &data.test})
        for (const DataPoint &p : *part) {
            const int k = data.problem == Problem::Regression ? (p.target >= 0 ? 1 : 0) : int(p.target);
            painter.setBrush(classColor(k));
            painter.drawEllipse(QPointF((p.x1 + 6.0) / 12.0 * size, (6.0 - p.x2) / 12.0 * size), 1.2, 1.2);
        }
    painter.setPen(QColor(0xbb, 0xbb, 0xbb));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(0, 0, size - 1, size - 1);
    return pixmap;
}

} // namespace

PlaygroundView::PlaygroundView(QWidget *parent)
    : QWidget(parent) {
    qRegisterMetaType<gelulab::PlaygroundSnapshot>();
    m_dataSettings.id = "circle";
    m_settings.hidden = {4, 2};
    m_settings.activations = {"gelu"};

    // ---- data ----
    m_datasetBox = new QComboBox;
    m_datasetBox->setIconSize(QSize(40, 40));
    for (std::string_view id : datasetIds())
        m_datasetBox->addItem(QIcon(datasetThumbnail(std::string(id), 40)), toQString(id), toQString(id));
    m_noiseBox = new QDoubleSpinBox;
    m_noiseBox->setRange(0.0, 50.0);
    m_noiseBox->setSuffix(QStringLiteral(" %"));
    m_ratioBox = new QSpinBox;
    m_ratioBox->setRange(10, 90);
    m_ratioBox->setValue(50);
    m_ratioBox->setSuffix(QStringLiteral(" % train"));
    m_batchBox = new QSpinBox;
    m_batchBox->setRange(1, 500);
    m_batchBox->setValue(m_settings.batch);
    auto *regenerateButton = new QPushButton(tr("Regenerate"));
    m_showTestBox = new QCheckBox(tr("Show test points"));
    m_showTestBox->setChecked(true);
    m_discretizeBox = new QCheckBox(tr("Discretize output"));
    auto *dataForm = new QFormLayout;
    dataForm->addRow(tr("Data"), m_datasetBox);
    dataForm->addRow(tr("Noise"), m_noiseBox);
    dataForm->addRow(tr("Split"), m_ratioBox);
    dataForm->addRow(tr("Batch"), m_batchBox);
    dataForm->addRow(regenerateButton);
    dataForm->addRow(m_showTestBox);
    dataForm->addRow(m_discretizeBox);
    auto *dataGroup = new QGroupBox(tr("Data"));
    dataGroup->setLayout(dataForm);

    // ---- features ----
    auto *featureGroup = new QGroupBox(tr("Features"));
    auto *featureLayout = new QGridLayout(featureGroup);
    const Feature features[] = {Feature::X1,   Feature::X2,    Feature::X1Squared, Feature::X2Squared,
                                Feature::X1X2, Feature::SinX1, Feature::SinX2};
    const QString featureNames[] = {QStringLiteral("x₁"),    QStringLiteral("x₂"),   QStringLiteral("x₁²"),
                                    QStringLiteral("x₂²"),   QStringLiteral("x₁x₂"), QStringLiteral("sin x₁"),
                                    QStringLiteral("sin x₂")};
    for (int i = 0; i < 7; ++i) {
        auto *box = new QCheckBox(featureNames[i]);
        box->setObjectName(toQString(featureId(features[i])));
        box->setChecked(i < 2);
        featureLayout->addWidget(box, i / 4, i % 4);
        m_featureBoxes.push_back(box);
        connect(box, &QCheckBox::toggled, this, [this] {
            std::vector<Feature> chosen;
            const Feature all[] = {Feature::X1,   Feature::X2,    Feature::X1Squared, Feature::X2Squared,
                                   Feature::X1X2, Feature::SinX1, Feature::SinX2};
            for (int k = 0; k < 7; ++k)
                if (m_featureBoxes[std::size_t(k)]->isChecked()) chosen.push_back(all[k]);
            if (chosen.empty()) {
                m_messageLabel->setText(tr("At least one feature is needed"));
                return;
            }
            m_settings.features = chosen;
            restart();
        });
    }

    // ---- network and training ----
    m_hiddenField = new QLineEdit(QStringLiteral("4,2"));
    m_hiddenField->setToolTip(
        tr("Units per hidden layer, e.g. 8,8,4 (up to 8 layers of 1 to 128; empty for none)"));
    m_activationBox = new QComboBox;
    fillNetworkActivations(m_activationBox);
    m_activationBox->setCurrentIndex(m_activationBox->findData(QStringLiteral("gelu")));
    m_lrBox = new QComboBox;
    for (double lr : {0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0})
        m_lrBox->addItem(QString::number(lr), lr);
    m_lrBox->setCurrentIndex(m_lrBox->findData(0.01));
    m_optimizerBox = new QComboBox;
    for (OptimizerKind k :
         {OptimizerKind::Adam, OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Nesterov})
        m_optimizerBox->addItem(toQString(optimizerId(k)), int(k));
    m_regularizationBox = new QComboBox;
    m_regularizationBox->addItems({tr("None"), QStringLiteral("L1"), QStringLiteral("L2")});
    m_regularizationRateBox = new QComboBox;
    for (double r : {0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0})
        m_regularizationRateBox->addItem(QString::number(r), r);
    m_clickClassBox = new QComboBox;
    auto *netForm = new QFormLayout;
    netForm->addRow(tr("Hidden layers"), m_hiddenField);
    netForm->addRow(tr("Activation"), m_activationBox);
    netForm->addRow(tr("Learning rate"), m_lrBox);
    netForm->addRow(tr("Optimizer"), m_optimizerBox);
    m_lossBox = new QComboBox;
    m_lossBox->addItem(tr("default"), -1);
    m_lossBox->addItem(tr("squared (tanh)"), int(LossKind::Squared));
    m_initBox = new QComboBox;
    for (InitKind k : {InitKind::Glorot, InitKind::Uniform, InitKind::He, InitKind::UnitNorm})
        m_initBox->addItem(toQString(initId(k)), int(k));
    m_dropoutBox = new QComboBox;
    for (double p : {0.0, 0.1, 0.2, 0.3, 0.5})
        m_dropoutBox->addItem(QString::number(p), p);
    m_lossBox->setToolTip(tr("default: cross-entropy to classify (sigmoid or softmax), squared to regress; "
                             "squared (tanh): tanh output and ±1 labels, as TensorFlow Playground"));
    netForm->addRow(tr("Loss"), m_lossBox);
    netForm->addRow(tr("Initialisation"), m_initBox);
    netForm->addRow(tr("Dropout"), m_dropoutBox);
    netForm->addRow(tr("Regularization"), m_regularizationBox);
    netForm->addRow(tr("Regularization rate"), m_regularizationRateBox);
    netForm->addRow(tr("Click adds"), m_clickClassBox);
    auto *netGroup = new QGroupBox(tr("Network"));
    netGroup->setLayout(netForm);

    // ---- controls ----
    m_playButton = new QPushButton(tr("Play"));
    m_stepButton = new QPushButton(tr("Step"));
    m_stepButton->setToolTip(tr("One epoch"));
    m_resetButton = new QPushButton(tr("Reset"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_playButton);
    buttons->addWidget(m_stepButton);
    buttons->addWidget(m_resetButton);
    m_compareButton = new QPushButton(tr("Compare activations…"));
    m_compareButton->setToolTip(
        tr("Train this setup with 2 to 4 activations side by side, over several seeds"));
    m_epochLabel = new QLabel;
    QFont big = m_epochLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    m_epochLabel->setFont(big);
    m_lossLabel = new QLabel;
    m_statsLabel = new QLabel;
    m_statsLabel->setWordWrap(true);
    m_messageLabel = new QLabel;
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setStyleSheet(QStringLiteral("color: #b00020"));

    // Click a link or a unit in the diagram: its weight or bias, editable here.
    m_parameterLabel =
        new QLabel(tr("Click a link or a unit in the diagram to read and edit its weight or bias"));
    m_parameterLabel->setWordWrap(true);
    m_parameterBox = new QDoubleSpinBox;
    m_parameterBox->setRange(-100.0, 100.0);
    m_parameterBox->setDecimals(4);
    m_parameterBox->setSingleStep(0.1);
    m_parameterBox->setKeyboardTracking(false);
    m_parameterBox->setEnabled(false);

    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addLayout(buttons);
    sideLayout->addWidget(m_compareButton);
    sideLayout->addWidget(m_epochLabel);
    sideLayout->addWidget(m_lossLabel);
    sideLayout->addWidget(m_messageLabel);
    sideLayout->addWidget(dataGroup);
    sideLayout->addWidget(featureGroup);
    sideLayout->addWidget(netGroup);
    sideLayout->addWidget(m_parameterLabel);
    sideLayout->addWidget(m_parameterBox);
    sideLayout->addWidget(m_statsLabel);
    sideLayout->addStretch();
    QScrollArea *scroll = scrollingSidePanel(side);

    // ---- plots ----
    m_plot = new QCustomPlot;
    m_plot->setMinimumSize(500, 400);
    QCPAxisRect *main = m_plot->axisRect();
    main->axis(QCPAxis::atBottom)->setLabel(QStringLiteral("x₁"));
    main->axis(QCPAxis::atLeft)->setLabel(QStringLiteral("x₂"));
    main->axis(QCPAxis::atBottom)->setRange(kFrom, kTo);
    main->axis(QCPAxis::atLeft)->setRange(kFrom, kTo);
    auto *right = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 1, right);
    m_plot->plotLayout()->setColumnStretchFactor(0, 1.5);
    m_plot->plotLayout()->setColumnStretchFactor(1, 1.0);
    m_lossRect = new QCPAxisRect(m_plot);
    m_gradientRect = new QCPAxisRect(m_plot);
    right->addElement(0, 0, m_lossRect);
    right->addElement(1, 0, m_gradientRect);
    m_lossRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    m_lossRect->axis(QCPAxis::atLeft)->setLabel(tr("loss"));
    m_gradientRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    m_gradientRect->axis(QCPAxis::atLeft)->setLabel(tr("‖dL/dW‖ per layer"));
    m_gradientRect->axis(QCPAxis::atLeft)->setScaleType(QCPAxis::stLogarithmic);
    m_gradientRect->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_boundary = new QCPColorMap(main->axis(QCPAxis::atBottom), main->axis(QCPAxis::atLeft));
    m_boundary->setInterpolate(true);
    m_boundary->data()->setSize(kGrid, kGrid);
    const double half = (kTo - kFrom) / kGrid / 2.0;
    m_boundary->data()->setRange(QCPRange(kFrom + half, kTo - half), QCPRange(kFrom + half, kTo - half));
    m_trainLoss = m_plot->addGraph(m_lossRect->axis(QCPAxis::atBottom), m_lossRect->axis(QCPAxis::atLeft));
    m_trainLoss->setPen(QPen(QColor(0x33, 0x33, 0x33), 1.6));
    m_trainLoss->setName(tr("train loss"));
    m_testLoss = m_plot->addGraph(m_lossRect->axis(QCPAxis::atBottom), m_lossRect->axis(QCPAxis::atLeft));
    m_testLoss->setPen(QPen(QColor(0x99, 0x99, 0x99), 1.6, Qt::DashLine));
    m_testLoss->setName(tr("test loss"));
    m_plot->legend->setVisible(false);
    // The loss and gradient-flow plots name their lines in legends of their own.
    m_gradientLegend = addInsetLegend(m_gradientRect, font().family());
    m_lossLegend = addInsetLegend(m_lossRect, font().family());
    m_trainLoss->addToLegend(m_lossLegend);
    m_testLoss->addToLegend(m_lossLegend);

    // The network diagram above the plots.
    m_diagram = new NetworkDiagram;
    connect(m_diagram, &NetworkDiagram::parameterClicked, this,
            [this](int layer, int to, int from, double value) {
                m_editLayer = layer;
                m_editTo = to;
                m_editFrom = from;
                const bool output = layer + 1 == int(m_snapshot.training.network.W.size());
                const QString unit =
                    output ? tr("the output") : tr("unit %1 of layer %2").arg(to + 1).arg(layer + 1);
                m_parameterLabel->setText(
                    from < 0 ? tr("Bias of %1").arg(unit)
                             : tr("Weight from unit %1 below to %2").arg(from + 1).arg(unit));
                const QSignalBlocker block(m_parameterBox);
                m_parameterBox->setEnabled(true);
                m_parameterBox->setValue(value);
            });
    connect(m_parameterBox, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double value) {
        if (m_editLayer < 0) return;
        TrainingWorker *worker = m_worker;
        const int layer = m_editLayer, to = m_editTo, from = m_editFrom;
        QMetaObject::invokeMethod(
            m_worker, [worker, layer, to, from, value] { worker->setParameter(layer, to, from, value); });
    });
    connect(m_diagram, &NetworkDiagram::unitHovered, this, &PlaygroundView::showUnitMap);
    auto *rightSide = new QSplitter(Qt::Vertical);
    rightSide->addWidget(m_diagram);
    rightSide->addWidget(m_plot);
    rightSide->setStretchFactor(1, 1);
    rightSide->setSizes({230, 700});
    auto *splitter = new QSplitter;
    splitter->addWidget(scroll);
    splitter->addWidget(rightSide);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    // ---- the worker ----
    m_worker = newWorkerThread<TrainingWorker>(this, m_thread);
    connect(m_worker, &TrainingWorker::snapshotReady, this, &PlaygroundView::applySnapshot);
    connect(m_worker, &TrainingWorker::failed, this, [this](const QString &message, quint64 generation) {
        if (generation == m_generation) m_messageLabel->setText(message);
    });
    m_thread->start();

    connect(m_playButton, &QPushButton::clicked, this, [this] { isRunning() ? pause() : play(); });
    connect(m_stepButton, &QPushButton::clicked, this, [this] { step(1); });
    connect(m_resetButton, &QPushButton::clicked, this, &PlaygroundView::reset);
    connect(m_compareButton, &QPushButton::clicked, this, &PlaygroundView::compareRequested);
    connect(regenerateButton, &QPushButton::clicked, this, [this] {
        ++m_dataSettings.seed;
        regenerate();
    });
    connect(m_datasetBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { setDataset(m_datasetBox->currentData().toString()); });
    connect(m_noiseBox, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double noise) {
        m_dataSettings.noise = noise;
        regenerate();
    });
    connect(m_ratioBox, qOverload<int>(&QSpinBox::valueChanged), this, [this](int ratio) {
        m_dataSettings.trainRatio = ratio / 100.0;
        regenerate();
    });
    connect(m_batchBox, qOverload<int>(&QSpinBox::valueChanged), this, [this](int batch) {
        m_settings.batch = batch;
        restart();
    });
    connect(m_showTestBox, &QCheckBox::toggled, this, [this] {
        drawPoints();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_discretizeBox, &QCheckBox::toggled, this, [this] { applySnapshot(m_snapshot); });
    connect(m_hiddenField, &QLineEdit::editingFinished, this, [this] {
        // "8,8" or, with an activation per layer, "8:relu,8:gelu" (layers without one take the Activation
        // box's).
        std::vector<int> widths;
        std::vector<std::string> ids;
        bool perLayer = false;
        for (const QString &token : m_hiddenField->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QStringList parts = token.trimmed().split(QLatin1Char(':'));
            bool ok = false;
            const int units = parts.first().trimmed().toInt(&ok);
            if (!ok || units < 1 || units > 128 || parts.size() > 2) {
                m_messageLabel->setText(tr("Hidden layers: whole numbers from 1 to 128, separated by commas, "
                                           "each optionally with :activation (8:relu,8:gelu)"));
                return;
            }
            const QString id =
                parts.size() == 2 ? parts[1].trimmed() : m_activationBox->currentData().toString();
            if (id != QLatin1String("soi") && !findActivation(id.toStdString())) {
                m_messageLabel->setText(tr("Unknown activation '%1' in the hidden layers").arg(id));
                return;
            }
            perLayer = perLayer || parts.size() == 2;
            widths.push_back(units);
            ids.push_back(id.toStdString());
        }
        if (widths.size() > 8) {
            m_messageLabel->setText(tr("At most 8 hidden layers"));
            return;
        }
        m_settings.activations =
            perLayer ? ids
                     : std::vector<std::string>{m_activationBox->currentData().toString().toStdString()};
        m_settings.hidden = widths;
        restart();
    });
    connect(m_activationBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { setActivation(m_activationBox->currentData().toString()); });
    connect(m_lrBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { setLearningRate(m_lrBox->currentData().toDouble()); });
    connect(m_optimizerBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_settings.optimizer = OptimizerKind(m_optimizerBox->currentData().toInt());
        restart();
    });
    connect(m_lossBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        const int loss = m_lossBox->currentData().toInt();
        m_settings.loss = loss < 0 ? std::nullopt : std::optional<LossKind>(LossKind(loss));
        restart();
    });
    connect(m_initBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_settings.init = InitKind(m_initBox->currentData().toInt());
        restart();
    });
    connect(m_dropoutBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_settings.dropout = m_dropoutBox->currentData().toDouble();
        restart();
    });
    const auto regularizationChanged = [this] {
        const double rate = m_regularizationRateBox->currentData().toDouble();
        m_settings.l1 = m_regularizationBox->currentIndex() == 1 ? rate : 0.0;
        m_settings.l2 = m_regularizationBox->currentIndex() == 2 ? rate : 0.0;
        TrainingWorker *worker = m_worker;
        const double l1 = m_settings.l1, l2 = m_settings.l2;
        QMetaObject::invokeMethod(m_worker, [worker, l1, l2] { worker->setRegularization(l1, l2); });
    };
    connect(m_regularizationBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            regularizationChanged);
    connect(m_regularizationRateBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            regularizationChanged);
    connect(m_plot, &QCustomPlot::mousePress, this, &PlaygroundView::onMousePress);

    regenerate();
}

PlaygroundView::~PlaygroundView() {
    stopWorkerThread(m_thread);
}

QCPAxisRect *PlaygroundView::boundaryRect() const {
    return m_plot->axisRect(0);
}

void PlaygroundView::setDataset(const QString &id) {
    if (!datasetProblem(id.toStdString()))
        throw std::invalid_argument("unknown data set '" + id.toStdString() + "'");
    m_dataSettings.id = id.toStdString();
    const QSignalBlocker block(m_datasetBox);
    m_datasetBox->setCurrentIndex(m_datasetBox->findData(id));
    regenerate();
}

void PlaygroundView::setHidden(const std::vector<int> &widths) {
    if (widths.size() > 8) throw std::invalid_argument("at most 8 hidden layers");
    for (int w : widths)
        if (w < 1 || w > 128) throw std::invalid_argument("hidden layers have 1 to 128 units");
    m_settings.hidden = widths;
    QStringList text;
    for (int w : widths)
        text << QString::number(w);
    m_hiddenField->setText(text.join(QLatin1Char(',')));
    restart();
}

void PlaygroundView::setFeatures(const std::vector<Feature> &features) {
    if (features.empty()) throw std::invalid_argument("at least one feature is needed");
    m_settings.features = features;
    for (QCheckBox *box : m_featureBoxes) {
        const QSignalBlocker block(box);
        box->setChecked(std::any_of(features.begin(), features.end(), [box](Feature f) {
            return box->objectName() == toQString(featureId(f));
        }));
    }
    restart();
}

void PlaygroundView::setActivation(const QString &id) {
    if (id != QLatin1String("soi") && !findActivation(id.toStdString()))
        throw std::invalid_argument("unknown activation '" + id.toStdString() + "'");
    m_settings.activations = {id.toStdString()};
    {
        const QSignalBlocker block(m_activationBox);
        m_activationBox->setCurrentIndex(m_activationBox->findData(id));
    }
    TrainingWorker *worker = m_worker;
    const std::vector<std::string> ids = m_settings.activations;
    QMetaObject::invokeMethod(m_worker, [worker, ids] { worker->setActivations(ids); });
}

void PlaygroundView::setLearningRate(double lr) {
    if (!(lr > 0.0) || !std::isfinite(lr)) throw std::invalid_argument("the learning rate must be positive");
    m_settings.learningRate = lr;
    TrainingWorker *worker = m_worker;
    QMetaObject::invokeMethod(m_worker, [worker, lr] { worker->setLearningRate(lr); });
}

void PlaygroundView::regenerate() {
    try {
        m_data = makeDataset(m_dataSettings);
        m_dataName = toQString(m_dataSettings.id);
    } catch (const std::invalid_argument &e) {
        m_messageLabel->setText(QString::fromStdString(e.what()));
        return;
    }
    // The classes that a click can add.
    fillClickClasses();
    restart();
}

void PlaygroundView::restart() {
    ++m_generation;
    m_editLayer = -1; // a new network: the clicked parameter is gone
    m_parameterBox->setEnabled(false);
    m_messageLabel->clear();
    m_snapshot = PlaygroundSnapshot{};
    m_snapshot.generation = m_generation;
    TrainingWorker *worker = m_worker;
    const Dataset data = m_data;
    const TrainingSettings settings = m_settings;
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(m_worker, [worker, data, settings, generation] {
        worker->configure(data, settings, kGrid, generation);
    });
    drawPoints();
    updateControls();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlaygroundView::play() {
    TrainingWorker *worker = m_worker;
    m_snapshot.running = true;
    QMetaObject::invokeMethod(m_worker, [worker] { worker->play(); });
    updateControls();
}

void PlaygroundView::pause() {
    TrainingWorker *worker = m_worker;
    m_snapshot.running = false;
    QMetaObject::invokeMethod(m_worker, [worker] { worker->pause(); });
    updateControls();
}

void PlaygroundView::step(int epochs) {
    TrainingWorker *worker = m_worker;
    m_snapshot.running = false;
    QMetaObject::invokeMethod(m_worker, [worker, epochs] { worker->step(epochs); });
    updateControls();
}

void PlaygroundView::reset() {
    restart();
}

void PlaygroundView::sendData() {
    TrainingWorker *worker = m_worker;
    const Dataset data = m_data;
    QMetaObject::invokeMethod(m_worker, [worker, data] { worker->setData(data); });
    drawPoints();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlaygroundView::addPoint(double x1, double x2, double target) {
    gelulab::addPoint(m_data, {x1, x2, target}, true);
    sendData();
}

bool PlaygroundView::removePoint(double x1, double x2) {
    if (m_data.train.size() <= 1 && m_data.test.empty()) return false;
    const Dataset before = m_data;
    if (!removeNearestPoint(m_data, x1, x2, 0.6)) return false;
    if (m_data.train.empty()) {
        m_data = before; // a network needs at least one training point
        return false;
    }
    sendData();
    return true;
}

void PlaygroundView::onMousePress(QMouseEvent *event) {
    if (m_plot->axisRectAt(event->position()) != boundaryRect()) return;
    const double x1 = boundaryRect()->axis(QCPAxis::atBottom)->pixelToCoord(event->position().x());
    const double x2 = boundaryRect()->axis(QCPAxis::atLeft)->pixelToCoord(event->position().y());
    if (event->modifiers().testFlag(Qt::ControlModifier))
        removePoint(x1, x2);
    else
        addPoint(x1, x2, m_clickClassBox->currentData().toDouble());
}

bool PlaygroundView::waitForEpoch(int epochs, int timeoutMs) {
    return runEventsUntil(
        this, &PlaygroundView::snapshotShown, [this, epochs] { return epoch() >= epochs; }, timeoutMs);
}

void PlaygroundView::showTrainedState(const Dataset &data, const TrainingSettings &settings,
                                      const PlaygroundSnapshot &snapshot) {
    ++m_generation; // nothing the worker sends applies any more
    m_data = data;
    m_settings = settings;
    PlaygroundSnapshot s = snapshot;
    s.generation = m_generation;
    ++*m_worker->inFlight; // balanced in applySnapshot
    applySnapshot(s);
}

void PlaygroundView::applySnapshot(const PlaygroundSnapshot &snapshot) {
    if (&snapshot != &m_snapshot) --*m_worker->inFlight;
    if (snapshot.generation != m_generation) return; // from before a reset or a change of settings
    if (&snapshot != &m_snapshot) m_snapshot = snapshot;
    const TrainingSnapshot &t = m_snapshot.training;
    // The boundary: tanh output and regression as they are, a sigmoid's probability as 2p − 1, softmax
    // classes.
    const int classes = m_data.problem == Problem::Classification ? m_data.classes : 2;
    m_boundary->setGradient(boundaryGradient(classes));
    const bool unitMap = m_hoverColumn >= 1 && std::size_t(m_hoverColumn - 1) < t.layerGrids.size() &&
                         m_hoverUnit < t.layerGrids[std::size_t(m_hoverColumn - 1)].rows() &&
                         t.gridSize == kGrid;
    if (unitMap) {
        // A hidden unit's output over the plane, scaled to its largest |value|.
        const auto &grid = t.layerGrids[std::size_t(m_hoverColumn - 1)];
        float largest = 0.0f;
        for (Eigen::Index i = 0; i < grid.cols(); ++i)
            largest = std::max(largest, std::abs(grid(m_hoverUnit, i)));
        if (!(largest > 0.0f)) largest = 1.0f;
        m_boundary->setGradient(boundaryGradient(2));
        for (int r = 0; r < kGrid; ++r)
            for (int c = 0; c < kGrid; ++c)
                m_boundary->data()->setCell(c, r,
                                            double(grid(m_hoverUnit, Eigen::Index(r) * kGrid + c) / largest));
        m_boundary->setDataRange(QCPRange(-1.0, 1.0));
    } else {
        static const std::vector<float> none;
        fillBoundary(m_boundary, t.gridSize == kGrid ? t.gridOutput : none, kGrid, t.network.output(),
                     classes, m_discretizeBox->isChecked());
    }
    // Losses over epochs.
    QVector<double> epochs, train, test;
    for (const EpochRecord &r : m_snapshot.history) {
        epochs << r.epoch;
        train << r.trainLoss;
        test << r.testLoss;
    }
    m_trainLoss->setData(epochs, train, true);
    m_testLoss->setData(epochs, test, true);
    m_lossRect->axis(QCPAxis::atBottom)->setRange(0.0, std::max(10.0, double(epochs.size())));
    bool found = false;
    QCPRange lossRange = m_trainLoss->getValueRange(found);
    if (found) {
        bool foundTest = false;
        const QCPRange testRange = m_testLoss->getValueRange(foundTest);
        if (foundTest) lossRange.expand(testRange);
        m_lossRect->axis(QCPAxis::atLeft)->setRange(0.0, std::max(lossRange.upper * 1.05, 1e-3));
    }
    // Gradient flow: one line per weight layer.
    const std::size_t layers = t.network.W.size();
    while (m_gradientGraphs.size() > layers) {
        // Out of its legend first: QCustomPlot removes a graph's item only from the main legend, and a
        // dangling item in ours would be drawn.
        m_gradientGraphs.back()->removeFromLegend(m_gradientLegend);
        m_plot->removeGraph(m_gradientGraphs.back());
        m_gradientGraphs.pop_back();
    }
    while (m_gradientGraphs.size() < layers) {
        QCPGraph *g =
            m_plot->addGraph(m_gradientRect->axis(QCPAxis::atBottom), m_gradientRect->axis(QCPAxis::atLeft));
        const int k = int(m_gradientGraphs.size());
        g->setPen(QPen(QColor::fromHsv((k * 67) % 360, 200, 170), 1.4));
        g->removeFromLegend();
        g->addToLegend(m_gradientLegend);
        m_gradientGraphs.push_back(g);
    }
    double lowest = 1e300, highest = 0.0;
    for (std::size_t l = 0; l < layers; ++l) {
        QVector<double> x, y;
        for (std::size_t e = 0; e < m_snapshot.gradientNorms.size(); ++e)
            if (l < m_snapshot.gradientNorms[e].size() && m_snapshot.gradientNorms[e][l] > 0.0) {
                x << double(e + 1);
                y << m_snapshot.gradientNorms[e][l];
                lowest = std::min(lowest, y.back());
                highest = std::max(highest, y.back());
            }
        m_gradientGraphs[l]->setData(x, y, true);
        m_gradientGraphs[l]->setName(l + 1 == layers ? tr("output") : tr("layer %1").arg(l + 1));
    }
    m_gradientRect->axis(QCPAxis::atBottom)
        ->setRange(0.0, std::max(10.0, double(m_snapshot.gradientNorms.size())));
    if (highest > 0.0) m_gradientRect->axis(QCPAxis::atLeft)->setRange(lowest / 2.0, highest * 2.0);
    if (!t.message.empty()) m_messageLabel->setText(QString::fromStdString(t.message));
    if (!t.network.W.empty()) m_diagram->setSnapshot(t, m_settings.features);
    updateControls();
    drawPoints();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit snapshotShown();
}

void PlaygroundView::showUnitMap(int column, int unit) {
    m_hoverColumn = column;
    m_hoverUnit = unit;
    boundaryRect()
        ->axis(QCPAxis::atBottom)
        ->setLabel(column >= 1 ? tr("x₁ — showing unit %1 of layer %2").arg(unit + 1).arg(column)
                               : QStringLiteral("x₁"));
    applySnapshot(m_snapshot);
}

void PlaygroundView::drawPoints() {
    const int groups = m_data.problem == Problem::Regression ? 2 : m_data.classes;
    rebuildPointGraphs(m_plot, boundaryRect(), m_trainGraphs, groups, false);
    rebuildPointGraphs(m_plot, boundaryRect(), m_testGraphs, groups, true);
    fillPointGraphs(m_trainGraphs, m_data.train, m_data.problem);
    if (m_showTestBox->isChecked()) fillPointGraphs(m_testGraphs, m_data.test, m_data.problem);
}

void PlaygroundView::updateControls() {
    m_playButton->setText(isRunning() ? tr("Pause") : tr("Play"));
    const TrainingSnapshot &t = m_snapshot.training;
    m_epochLabel->setText(tr("Epoch %1").arg(t.record.epoch, 6, 10, QLatin1Char('0')));
    if (m_snapshot.history.empty() && t.record.epoch == 0 && t.layers.empty()) {
        m_lossLabel->clear();
        m_statsLabel->clear();
        return;
    }
    QString loss = tr("Train loss %1 · test loss %2")
                       .arg(t.record.trainLoss, 0, 'f', 4)
                       .arg(t.record.testLoss, 0, 'f', 4);
    if (t.record.testAccuracy)
        loss += tr("\nTrain accuracy %1 % · test accuracy %2 %")
                    .arg(100.0 * t.record.trainAccuracy.value_or(0.0), 0, 'f', 1)
                    .arg(100.0 * *t.record.testAccuracy, 0, 'f', 1);
    m_lossLabel->setText(loss);
    QStringList stats;
    for (std::size_t l = 0; l < t.layers.size(); ++l)
        stats << tr("layer %1: %2 of %3 units inactive")
                     .arg(l + 1)
                     .arg(t.layers[l].inactiveUnits.size())
                     .arg(t.network.W[l].rows());
    if (m_snapshot.epochsPerSecond > 0.0)
        stats << tr("%1 epochs/s").arg(m_snapshot.epochsPerSecond, 0, 'f', 0);
    m_statsLabel->setText(stats.join(QLatin1Char('\n')));
}

QString PlaygroundView::loadDataCsv(const QString &fileName) {
    try {
        Dataset data = loadDatasetCsv(fileName.toStdString(), m_dataSettings.trainRatio, m_dataSettings.seed);
        m_data = std::move(data);
        m_dataName = QFileInfo(fileName).fileName();
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    fillClickClasses();
    {
        const QSignalBlocker block(m_datasetBox);
        m_datasetBox->setCurrentIndex(-1); // none of the built-in sets
    }
    restart();
    return {};
}

QString PlaygroundView::exportWeights(const QString &fileName) const {
    const Mlp<float> &net = m_snapshot.training.network;
    if (net.W.empty()) return tr("there is no network yet");
    QJsonArray layers;
    for (std::size_t l = 0; l < net.W.size(); ++l) {
        QJsonArray rows;
        for (Eigen::Index r = 0; r < net.W[l].rows(); ++r) {
            QJsonArray row;
            for (Eigen::Index c = 0; c < net.W[l].cols(); ++c)
                row.append(double(net.W[l](r, c)));
            rows.append(row);
        }
        QJsonArray biases;
        for (Eigen::Index r = 0; r < net.b[l].size(); ++r)
            biases.append(double(net.b[l](r)));
        const bool hidden = l + 1 < net.W.size();
        layers.append(QJsonObject{{QStringLiteral("activation"),
                                   hidden ? QString::fromStdString(m_settings.activations.size() == 1
                                                                       ? m_settings.activations.front()
                                                                       : m_settings.activations[l])
                                          : QStringLiteral("output")},
                                  {QStringLiteral("weights"), rows},
                                  {QStringLiteral("biases"), biases}});
    }
    QJsonArray features;
    for (Feature f : m_settings.features)
        features.append(toQString(featureId(f)));
    const QJsonObject document{{QStringLiteral("epoch"), epoch()},
                               {QStringLiteral("features"), features},
                               {QStringLiteral("layers"), layers}};
    return saveText(fileName, QJsonDocument(document).toJson());
}

QString PlaygroundView::exportCsv(const QString &fileName) const {
    return saveText(fileName, historyCsv(m_snapshot.history));
}

QString PlaygroundView::describeSetup() const {
    QStringList features, widths;
    for (Feature f : m_settings.features)
        features << toQString(featureId(f));
    for (int w : m_settings.hidden)
        widths << QString::number(w);
    const bool classify = m_data.problem == Problem::Classification;
    const LossKind loss = m_settings.loss.value_or(classify ? LossKind::CrossEntropy : LossKind::Squared);
    QString text =
        tr("%1, %2 train / %3 test points; features %4; hidden %5; %6, learning rate %7, batch %8, "
           "%9 loss, %10 initialisation")
            .arg(m_dataName)
            .arg(m_data.train.size())
            .arg(m_data.test.size())
            .arg(features.join(QStringLiteral(", ")),
                 widths.isEmpty() ? tr("none") : widths.join(QLatin1Char(',')),
                 toQString(optimizerId(m_settings.optimizer)))
            .arg(m_settings.learningRate)
            .arg(m_settings.batch)
            .arg(toQString(lossId(loss)), toQString(initId(m_settings.init)));
    if (m_settings.dropout > 0.0) text += tr(", dropout %1").arg(m_settings.dropout);
    if (m_settings.l1 > 0.0) text += tr(", L1 %1").arg(m_settings.l1);
    if (m_settings.l2 > 0.0) text += tr(", L2 %1").arg(m_settings.l2);
    return text;
}

void PlaygroundView::fillClickClasses() {
    // What a click adds: each class by its colour on the plot (blue first, as the default), or a target sign.
    m_clickClassBox->clear();
    const auto swatch = [](const QColor &color) {
        QPixmap pixmap(12, 12);
        pixmap.fill(color);
        return QIcon(pixmap);
    };
    if (m_data.problem == Problem::Regression) {
        m_clickClassBox->addItem(swatch(classColor(1)), tr("target +1"), 1.0);
        m_clickClassBox->addItem(swatch(classColor(0)), tr("target −1"), -1.0);
        return;
    }
    const QString names[] = {tr("orange"), tr("blue"), tr("green"), tr("purple"), tr("sky blue")};
    for (int k = m_data.classes - 1; k >= 0; --k)
        m_clickClassBox->addItem(swatch(classColor(k)),
                                 tr("%1 (class %2)").arg(names[std::size_t(k) % std::size(names)]).arg(k),
                                 double(k));
    if (m_data.classes == 2) m_clickClassBox->setCurrentIndex(0); // class 1, blue
}

} // namespace gelulab
