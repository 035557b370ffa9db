#include "playgroundview.h"

#include "session_json.h"

#include "activation.h"
#include "network_limits.h"
#include "networkdiagram.h"
#include "playgroundpanel.h"
#include "plotexport.h"
#include "speedbox.h"
#include "viewparts.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>
#include <stdexcept>

namespace gelulab {
PlaygroundView::PlaygroundView(QWidget *parent)
    : View(parent) {
    m_dataSettings.id = "circle";
    m_settings.hidden = {4, 2};
    m_settings.activations = {"gelu"};

    // ---- buttons and read-outs ----
    m_playButton = new QPushButton(tr("Play"));
    m_playButton->setObjectName(QStringLiteral("play")); // its text turns to Pause: presentation's id
    m_playButton->setToolTip(tr("Train epoch after epoch until paused (the button then reads Pause)"));
    m_stepButton = new QPushButton(tr("Step"));
    m_stepButton->setToolTip(
        tr("Train one epoch: one pass over the shuffled training points in mini-batches"));
    m_resetButton = new QPushButton(tr("Reset"));
    m_resetButton->setToolTip(
        tr("Back to epoch 0: the same initial weights (same seed) and points; the optimiser starts afresh"));
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
    showErrorsInRed(m_messageLabel);
    // Room for two lines whether or not there is a message, so that one appearing ("At most 8 hidden layers")
    // does not push every control down under the mouse.
    m_messageLabel->setMinimumHeight(2 * m_messageLabel->fontMetrics().lineSpacing());
    m_lossLabel->setMinimumHeight(2 * m_lossLabel->fontMetrics().lineSpacing()); // losses, then accuracies
    m_messageLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_panel = new PlaygroundPanel;

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
    m_parameterBox->setToolTip(tr("The weight or bias clicked in the diagram; a new value takes effect at "
                                  "once and training goes on from it"));

    auto *speedForm = new QFormLayout;
    speedForm->setContentsMargins(0, 0, 0, 0);
    speedForm->addRow(tr("Speed"), m_panel->speedBox());
    speedForm->labelForField(m_panel->speedBox())->setToolTip(m_panel->speedBox()->toolTip());

    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addLayout(buttons);
    sideLayout->addLayout(speedForm);
    sideLayout->addWidget(m_compareButton);
    sideLayout->addWidget(m_epochLabel);
    sideLayout->addWidget(m_lossLabel);
    sideLayout->addWidget(m_messageLabel);
    sideLayout->addWidget(m_panel);
    sideLayout->addWidget(m_parameterLabel);
    sideLayout->addWidget(m_parameterBox);
    sideLayout->addWidget(m_statsLabel);
    sideLayout->addStretch();
    QScrollArea *scroll = scrollingSidePanel(side, 380);

    // ---- the diagram above the plots ----
    m_plot = new PlaygroundPlot;
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
        const int layer = m_editLayer, to = m_editTo, from = m_editFrom;
        m_worker.post([=](TrainingWorker &w) { w.setParameter(layer, to, from, value); });
    });
    connect(m_diagram, &NetworkDiagram::unitHovered, this, &PlaygroundView::showUnitMap);
    auto *rightSide = new QSplitter(Qt::Vertical);
    // Wide layers make the diagram taller than its pane: it scrolls then.
    auto *diagramScroll = new QScrollArea;
    diagramScroll->setWidget(m_diagram);
    diagramScroll->setWidgetResizable(true);
    diagramScroll->setFrameShape(QFrame::NoFrame);
    rightSide->addWidget(diagramScroll);
    rightSide->addWidget(m_plot);
    rightSide->setStretchFactor(1, 1);
    rightSide->setSizes({230, 700});
    placeSideBySide(this, scroll, rightSide);

    // ---- the worker ----
    connect(m_worker.get(), &TrainingWorker::snapshotReady, this, &PlaygroundView::receive);
    connect(m_worker.get(), &Worker::failed, this, [this](const QString &message, quint64 generation) {
        m_worker.acceptFailure();
        if (m_worker.isCurrent(generation)) m_messageLabel->setText(message);
    });

    connect(m_playButton, &QPushButton::clicked, this, [this] { isRunning() ? pause() : play(); });
    connect(m_stepButton, &QPushButton::clicked, this, [this] { step(1); });
    addPlayKeys(this, m_playButton, m_stepButton);
    connect(m_panel->speedBox(), &SpeedBox::speedChanged, this,
            [this](double speed) { m_worker.post([speed](TrainingWorker &w) { w.setSpeed(speed); }); });
    connect(m_resetButton, &QPushButton::clicked, this, &PlaygroundView::reset);
    connect(m_compareButton, &QPushButton::clicked, this, &PlaygroundView::compareRequested);
    connect(m_plot, &QCustomPlot::mousePress, this, &PlaygroundView::onMousePress);
    connectPanel();
    regenerate();
}

void PlaygroundView::connectPanel() {
    PlaygroundPanel *p = m_panel;
    connect(p->regenerateButton(), &QPushButton::clicked, this, [this] {
        ++m_dataSettings.seed;
        regenerate();
    });
    connect(p->datasetBox(), qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { setDataset(m_panel->datasetBox()->currentData().toString()); });
    connect(p->noiseBox(), qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double noise) {
        m_dataSettings.noise = noise;
        regenerate();
    });
    connect(p->ratioBox(), qOverload<int>(&QSpinBox::valueChanged), this, [this](int ratio) {
        m_dataSettings.trainRatio = ratio / 100.0;
        regenerate();
    });
    connect(p->batchBox(), qOverload<int>(&QSpinBox::valueChanged), this, [this](int batch) {
        m_settings.batch = batch;
        restart();
    });
    connect(p->showTestBox(), &QCheckBox::toggled, this, [this] {
        drawPoints();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(p->discretizeBox(), &QCheckBox::toggled, this, &PlaygroundView::redraw);
    for (QCheckBox *box : p->featureBoxes())
        connect(box, &QCheckBox::toggled, this, [this] {
            const std::vector<Feature> chosen = m_panel->features();
            if (chosen.empty()) {
                m_messageLabel->setText(tr("At least one feature is needed"));
                return;
            }
            m_settings.features = chosen;
            restart();
        });
    connect(p->hiddenField(), &QLineEdit::editingFinished, this, [this] {
        // "8,8" or, with an activation per layer, "8:relu,8:gelu" (layers without one take the Activation
        // box's).
        QString error;
        const std::optional<PlaygroundPanel::HiddenLayers> layers = m_panel->hiddenLayers(&error);
        if (!layers) {
            m_messageLabel->setText(error);
            return;
        }
        m_settings.activations = layers->activations;
        m_settings.hidden = layers->widths;
        restart();
    });
    connect(p->activationBox(), qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { setActivation(m_panel->activationBox()->currentData().toString()); });
    connect(p->learningRateBox(), qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { setLearningRate(m_panel->learningRateBox()->currentData().toDouble()); });
    connect(p->optimizerBox(), qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_settings.optimizer = OptimizerKind(m_panel->optimizerBox()->currentData().toInt());
        restart();
    });
    connect(p->lossBox(), qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        const int loss = m_panel->lossBox()->currentData().toInt();
        m_settings.loss = loss < 0 ? std::nullopt : std::optional<LossKind>(LossKind(loss));
        restart();
    });
    connect(p->initBox(), qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_settings.init = InitKind(m_panel->initBox()->currentData().toInt());
        restart();
    });
    connect(p->dropoutBox(), qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_settings.dropout = m_panel->dropoutBox()->currentData().toDouble();
        restart();
    });
    const auto regularizationChanged = [this] {
        m_settings.l1 = m_panel->l1();
        m_settings.l2 = m_panel->l2();
        const double l1 = m_settings.l1, l2 = m_settings.l2;
        m_worker.post([l1, l2](TrainingWorker &w) { w.setRegularization(l1, l2); });
    };
    connect(p->regularizationBox(), qOverload<int>(&QComboBox::currentIndexChanged), this,
            regularizationChanged);
    connect(p->regularizationRateBox(), qOverload<int>(&QComboBox::currentIndexChanged), this,
            regularizationChanged);
}

QComboBox *PlaygroundView::datasetBox() const {
    return m_panel->datasetBox();
}

QComboBox *PlaygroundView::activationBox() const {
    return m_panel->activationBox();
}

QLineEdit *PlaygroundView::hiddenField() const {
    return m_panel->hiddenField();
}

QComboBox *PlaygroundView::clickClassBox() const {
    return m_panel->clickClassBox();
}

void PlaygroundView::setDataset(const QString &id) {
    if (!datasetProblem(id.toStdString()))
        throw std::invalid_argument("unknown data set '" + id.toStdString() + "'");
    m_dataSettings.id = id.toStdString();
    const QSignalBlocker block(datasetBox());
    datasetBox()->setCurrentIndex(datasetBox()->findData(id));
    regenerate();
}

void PlaygroundView::setHidden(const std::vector<int> &widths) {
    if (const std::string problem = hiddenLayersProblem(widths); !problem.empty())
        throw std::invalid_argument(problem);
    m_settings.hidden = widths;
    QStringList text;
    for (int w : widths)
        text << QString::number(w);
    hiddenField()->setText(text.join(QLatin1Char(',')));
    restart();
}

void PlaygroundView::setFeatures(const std::vector<Feature> &features) {
    if (features.empty()) throw std::invalid_argument("at least one feature is needed");
    m_settings.features = features;
    m_panel->showFeatures(features);
    restart();
}

void PlaygroundView::setActivation(const QString &id) {
    if (id != QLatin1String("soi") && !findActivation(id.toStdString()))
        throw std::invalid_argument("unknown activation '" + id.toStdString() + "'");
    m_settings.activations = {id.toStdString()};
    {
        const QSignalBlocker block(activationBox());
        activationBox()->setCurrentIndex(activationBox()->findData(id));
    }
    const std::vector<std::string> ids = m_settings.activations;
    m_worker.post([ids](TrainingWorker &w) { w.setActivations(ids); });
}

void PlaygroundView::setLearningRate(double lr) {
    if (!(lr > 0.0) || !std::isfinite(lr)) throw std::invalid_argument("the learning rate must be positive");
    m_settings.learningRate = lr;
    m_worker.post([lr](TrainingWorker &w) { w.setLearningRate(lr); });
}

void PlaygroundView::regenerate() {
    try {
        m_data = makeDataset(m_dataSettings);
        m_dataName = toQString(m_dataSettings.id);
    } catch (const std::invalid_argument &e) {
        m_messageLabel->setText(QString::fromStdString(e.what()));
        return;
    }
    m_panel->fillClickClasses(m_data);
    restart();
}

void PlaygroundView::restart() {
    const quint64 generation = m_worker.nextGeneration();
    m_editLayer = -1; // a new network: the clicked parameter is gone
    m_parameterBox->setEnabled(false);
    m_messageLabel->clear();
    m_snapshot = PlaygroundSnapshot{};
    m_snapshot.generation = generation;
    m_pendingEpoch = 0;
    // The toy sets in TensorFlow Playground's ±6 frame; a loaded file in one that shows all its points.
    const double extent = datasetBox()->currentIndex() < 0 ? dataExtent(m_data) : 6.0;
    m_worker.post([data = m_data, settings = m_settings, generation, extent](TrainingWorker &w) {
        w.configure(data, settings, kGrid, generation, extent);
    });
    drawPoints();
    updateControls();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlaygroundView::play() {
    m_snapshot.running = true;
    m_worker.post([](TrainingWorker &w) { w.play(); });
    updateControls();
}

void PlaygroundView::startRun(int epochs) {
    m_snapshot.running = true;
    m_worker.post([epochs](TrainingWorker &w) { w.playFor(epochs); });
    updateControls();
}

void PlaygroundView::pause() {
    m_snapshot.running = false;
    m_worker.post([](TrainingWorker &w) { w.pause(); });
    updateControls();
}

void PlaygroundView::step(int epochs) {
    m_snapshot.running = false;
    m_worker.post([epochs](TrainingWorker &w) { w.step(epochs); });
    updateControls();
}

void PlaygroundView::reset() {
    restart();
}

void PlaygroundView::sendData() {
    m_worker.post([data = m_data](TrainingWorker &w) { w.setData(data); });
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
        addPoint(x1, x2, clickClassBox()->currentData().toDouble());
}

bool PlaygroundView::waitForEpoch(int epochs, int timeoutMs) {
    return runEventsUntil(
        this, &PlaygroundView::snapshotShown, [this, epochs] { return epoch() >= epochs; }, timeoutMs);
}

bool PlaygroundView::waitUntilCurrent(int timeoutMs) {
    return runEventsUntil(
        this, &PlaygroundView::snapshotShown, [this] { return m_pendingEpoch < 0; }, timeoutMs);
}

bool PlaygroundView::trainEpochs(int epochs) {
    step(epochs);
    return waitForEpoch(epochs);
}

void PlaygroundView::start(const Dataset &data, const TrainingSettings &settings) {
    m_data = data;
    m_settings = settings;
    m_panel->fillClickClasses(m_data);
    restart();
}

void PlaygroundView::showTrainedState(const Dataset &data, const TrainingSettings &settings,
                                      const PlaygroundSnapshot &snapshot) {
    m_snapshot.generation = m_worker.nextGeneration(); // nothing the worker sends applies any more
    m_data = data;
    m_settings = settings;
    m_snapshot.take(PlaygroundSnapshot(snapshot));
    drawPoints();
    redraw();
}

void PlaygroundView::receive(const std::shared_ptr<PlaygroundSnapshot> &snapshot) {
    if (!m_worker.accept(snapshot->generation)) return; // from before a reset or a change of settings
    if (snapshot->training.record.epoch >= m_pendingEpoch) m_pendingEpoch = -1;
    m_snapshot.take(std::move(*snapshot));
    redraw();
}

namespace {

// Training has stalled when, over the last kEpochs epochs, every layer's weight gradient has been zero: dead
// or saturated units (a learning rate far too large for Adam does this). Only biases can still move, so the
// loss wobbles at best; no minimum is worth waiting at.
bool hasStalled(const PlaygroundSnapshot &s) {
    constexpr std::size_t kEpochs = 20;
    const std::vector<EpochGradientNorms> &norms = s.gradientNorms.records();
    if (norms.size() < kEpochs) return false;
    for (auto it = norms.end() - kEpochs; it != norms.end(); ++it)
        for (double norm : it->norms)
            if (!(norm < 1e-12)) return false;
    return true;
}

} // namespace

void PlaygroundView::redraw() {
    const TrainingSnapshot &t = m_snapshot.training;
    const bool boundary = m_plot->showSnapshot(m_snapshot, m_data, m_panel->discretizeBox()->isChecked(),
                                               m_hoverColumn, m_hoverUnit);
    const QString stalled =
        tr("Training has stalled: every weight's gradient has been zero for 20 epochs (dead "
           "or saturated units), so the loss cannot improve. Try a smaller learning rate, "
           "then Reset.");
    if (!t.message.empty())
        m_messageLabel->setText(QString::fromStdString(t.message));
    else if (t.warning) // went wrong without diverging: a collapse, or a loss far above its start
        m_messageLabel->setText(tr("Warning: %1").arg(QString::fromStdString(t.warning->message)));
    else if (hasStalled(m_snapshot))
        m_messageLabel->setText(stalled);
    else if (m_messageLabel->text() == stalled)
        m_messageLabel->clear();
    if (!t.network.W.empty()) m_diagram->setSnapshot(t, m_snapshot.grid, m_settings.features);
    updateControls();
    // A frame without a new picture redraws only the history plots (the boundary and points stay drawn).
    if (boundary)
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    else
        m_plot->replotHistory();
    emit snapshotShown();
}

void PlaygroundView::showUnitMap(int column, int unit) {
    m_hoverColumn = column;
    m_hoverUnit = unit;
    // The worker draws the hovered unit at the boundary's resolution from its next picture on; until then the
    // unit's small map stands in.
    m_worker.post([layer = column - 1, unit](TrainingWorker &w) { w.setHoveredUnit(layer, unit); });
    boundaryRect()
        ->axis(QCPAxis::atBottom)
        ->setLabel(column >= 1 ? tr("x₁ — showing unit %1 of layer %2").arg(unit + 1).arg(column)
                               : QStringLiteral("x₁"));
    redraw();
}

void PlaygroundView::drawPoints() {
    m_plot->showPoints(m_data, m_panel->showTestBox()->isChecked());
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
    if (m_snapshot.running && m_snapshot.epochsPerSecond > 0.0)
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
    m_panel->fillClickClasses(m_data);
    {
        const QSignalBlocker block(datasetBox());
        datasetBox()->setCurrentIndex(-1); // none of the built-in sets: the box names the file
        datasetBox()->setPlaceholderText(m_dataName);
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
        features.append(toQString(idOf(f)));
    const QJsonObject document{{QStringLiteral("epoch"), epoch()},
                               {QStringLiteral("features"), features},
                               {QStringLiteral("layers"), layers}};
    return saveText(fileName, QJsonDocument(document).toJson());
}

QString PlaygroundView::exportCsv(const QString &fileName) const {
    return saveText(fileName, historyCsv(m_snapshot.history.records()));
}

QString PlaygroundView::describeSetup() const {
    QStringList features, widths;
    for (Feature f : m_settings.features)
        features << toQString(idOf(f));
    for (int w : m_settings.hidden)
        widths << QString::number(w);
    const bool classify = m_data.problem == Problem::Classification;
    const LossKind loss = m_settings.loss.value_or(classify ? LossKind::CrossEntropy : LossKind::Squared);
    QString text =
        tr("%1, %2 train / %3 test points; features %4; hidden %5; %6, learning rate %7, batch %8, "
           "%9 loss, %10 initialisation")
            .arg(m_dataName, QString::number(m_data.train.size()), QString::number(m_data.test.size()),
                 features.join(QStringLiteral(", ")),
                 widths.isEmpty() ? tr("none") : widths.join(QLatin1Char(',')),
                 toQString(idOf(m_settings.optimizer)), QString::number(m_settings.learningRate),
                 QString::number(m_settings.batch), toQString(idOf(loss)), toQString(idOf(m_settings.init)));
    if (m_settings.dropout > 0.0) text += tr(", dropout %1").arg(m_settings.dropout);
    if (m_settings.l1 > 0.0) text += tr(", L1 %1").arg(m_settings.l1);
    if (m_settings.l2 > 0.0) text += tr(", L2 %1").arg(m_settings.l2);
    return text;
}

QJsonObject PlaygroundView::state() const {
    QJsonObject state = m_panel->state();
    state.insert(QStringLiteral("dataSeed"), double(m_dataSettings.seed));
    session::PointsState points = session::toPoints(m_data);
    if (datasetBox()->currentIndex() < 0) points.name = m_dataName.toStdString();
    state.insert(QStringLiteral("points"), session::pointsToJson(points));
    return state;
}

QJsonObject PlaygroundView::results() const {
    // The history comes thinned as the worker keeps it (PlaygroundSnapshot's bound): a long run fits a file.
    const std::optional<TrainerState> trained =
        m_worker.call([](const TrainingWorker &w) { return w.trainerState(); });
    if (!trained) return {};
    return {{QStringLiteral("network"), session::networkToJson(*trained)}};
}

void PlaygroundView::restoreState(const QJsonObject &state) {
    const std::optional<double> seed = number(state, QStringLiteral("dataSeed"));
    const bool newSeed = seed && *seed >= 0 && *seed <= 9e15 && *seed == std::floor(*seed) &&
                         std::uint64_t(*seed) != m_dataSettings.seed;
    if (newSeed) m_dataSettings.seed = std::uint64_t(*seed);
    const QString dataset = datasetBox()->currentData().toString();
    const quint64 generation = m_snapshot.generation;
    m_panel->restoreState(state);
    const std::optional<session::PointsState> points =
        session::pointsFromJson(state.value(QStringLiteral("points")));
    const std::optional<TrainerState> network =
        session::networkFromJson(state.value(QStringLiteral("network")));
    if (!points) {
        // A new seed alone makes new points as Regenerate does; a new data set already did.
        if (newSeed && datasetBox()->currentData().toString() == dataset) regenerate();
        return;
    }
    Dataset data = session::toDataset(*points);
    if (data.train.empty()) return;
    const bool sameKind = data.problem == m_data.problem && data.classes == m_data.classes;
    m_data = std::move(data);
    if (points->name) {
        m_dataName = QString::fromStdString(*points->name);
        const QSignalBlocker block(datasetBox());
        datasetBox()->setCurrentIndex(-1); // none of the built-in sets: the box names the file
        datasetBox()->setPlaceholderText(m_dataName);
    }
    m_panel->fillClickClasses(m_data);
    if (network) {
        restart();
        m_pendingEpoch = network->epoch;
        m_worker.post([network = *network](TrainingWorker &w) { w.restoreTraining(network); });
    } else if (m_snapshot.generation == generation && sameKind) {
        sendData(); // only the points changed: the network trains on with them
    } else {
        restart();
    }
}

} // namespace gelulab
