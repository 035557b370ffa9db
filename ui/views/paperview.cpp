#include "paperview.h"

#include "activation.h"
#include "activationpalette.h"
#include "appearance.h"
#include "duration_text.h"
#include "fashion_mnist.h"
#include "plotexport.h"
#include "saved_results.h"
#include "session_json.h"
#include "viewparts.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

std::vector<double> numberList(const QString &field, const QString &what) {
    std::vector<double> values;
    for (const QString &part : field.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v))
            throw std::invalid_argument(
                QObject::tr("%1: '%2' is not a number").arg(what, part.trimmed()).toStdString());
        values.push_back(v);
    }
    if (values.empty())
        throw std::invalid_argument(QObject::tr("%1: give at least one number").arg(what).toStdString());
    return values;
}

QString joinNumbers(const std::vector<double> &values) {
    QStringList parts;
    for (double v : values)
        parts << QString::number(v);
    return parts.join(QLatin1Char(','));
}

// Per epoch: the test error of the accuracy quartiles.
std::vector<Quartiles> errorsOf(const std::vector<Quartiles> &accuracy) {
    std::vector<Quartiles> e;
    for (const Quartiles &q : accuracy)
        e.push_back(errorQuartiles(q));
    return e;
}

} // namespace

PaperView::PaperView(QWidget *parent)
    : ExperimentView({tr("Variant"), tr("Learning rate"), tr("Test error"), tr("Test loss"),
                      tr("Validation error per rate")},
                     3'600'000, parent) {
    watch(m_worker.get(), &m_worker);

    m_experimentBox = new QComboBox;
    m_experimentBox->addItem(tr("Classification (Figure 2)"),
                             toQString(idOf(PaperExperimentKind::Classification)));
    m_experimentBox->addItem(tr("Robustness to noise (Figure 3)"),
                             toQString(idOf(PaperExperimentKind::Robustness)));
    m_experimentBox->addItem(tr("Autoencoder (Figure 4)"), toQString(idOf(PaperExperimentKind::Autoencoder)));
    m_experimentBox->addItem(tr("Fashion-MNIST: classification (Figure 2)"),
                             toQString(idOf(PaperExperimentKind::FashionClassification)));
    m_experimentBox->addItem(tr("Fashion-MNIST: robustness to noise (Figure 3)"),
                             toQString(idOf(PaperExperimentKind::FashionRobustness)));
    m_experimentBox->addItem(tr("Fashion-MNIST: autoencoder (Figure 4)"),
                             toQString(idOf(PaperExperimentKind::FashionAutoencoder)));
    m_experimentBox->setItemData(0,
                                 tr("An 8 × 128 MLP classifies the digits, each activation with each dropout "
                                    "rate, the learning rate chosen on the validation images; test error "
                                    "per epoch"),
                                 Qt::ToolTipRole);
    m_experimentBox->setItemData(1,
                                 tr("The classifiers of Figure 2 tested with U[−a, a] noise added to the "
                                    "pixels, a from 0 to 3: accuracy and log loss"),
                                 Qt::ToolTipRole);
    m_experimentBox->setItemData(2,
                                 tr("A 64-128-64-32-8-32-64-128-64 autoencoder reconstructs the images "
                                    "(squared error), each activation at each learning rate, no dropout"),
                                 Qt::ToolTipRole);
    m_experimentBox->setItemData(3,
                                 tr("The paper's size: 784 → 8 × 128 → 10 on 55,000 Fashion-MNIST images, "
                                    "5,000 to choose the learning rate, 10,000 to test; an epoch takes "
                                    "seconds, the whole experiment most of an hour on two cores"),
                                 Qt::ToolTipRole);
    m_experimentBox->setItemData(4,
                                 tr("The Fashion-MNIST classifiers tested with U[−a, a] noise added to the "
                                    "pixels, a from 0 to 3: accuracy and log loss"),
                                 Qt::ToolTipRole);
    m_experimentBox->setItemData(5,
                                 tr("The paper's 784-1000-500-250-30-250-500-1000-784 autoencoder on "
                                    "Fashion-MNIST (squared error), each activation at each learning rate"),
                                 Qt::ToolTipRole);
    m_experimentBox->setToolTip(
        tr("Which of the paper's experiments to rerun, quickly on the UCI digits or at "
           "the paper's size on Fashion-MNIST; choosing one sets its default dropout "
           "rates, learning rates and seeds"));
    m_dataDirField = new QLineEdit;
    m_dataDirField->setPlaceholderText(QString::fromUtf8(kFashionMnistDir));
    m_dataDirField->setToolTip(tr("The folder holding Fashion-MNIST's four IDX files (gzip'd or not); empty: "
                                  "where Debian's dataset-fashion-mnist installs them"));
    m_browseButton = new QPushButton(tr("Browse…"));
    m_browseButton->setToolTip(m_dataDirField->toolTip());
    m_dataNotice = new QLabel;
    m_dataNotice->setWordWrap(true);
    m_dataNotice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataNotice->hide();
    m_useDigitsButton = new QPushButton(tr("Use the built-in digits"));
    m_useDigitsButton->setToolTip(tr("The same experiment on the UCI digits, which come with GELU Lab"));
    m_useDigitsButton->hide();
    m_activationsField = new QLineEdit(QStringLiteral("gelu,relu,elu"));
    m_activationsField->setToolTip(tr("Activation ids, comma-separated (gelu-lab-cli list shows them)"));
    epochsBox()->setRange(1, 1000);
    epochsBox()->setValue(50);
    epochsBox()->setToolTip(tr("Epochs every run trains on the training images"));
    seedsBox()->setToolTip(tr("Runs per variant, from seeds 1, 2, …; curves and table show medians and "
                              "quartiles over them"));
    m_dropoutField = new QLineEdit;
    m_dropoutField->setToolTip(tr("Dropout rates p, comma-separated (0 for none): each activation runs with "
                                  "each; units dropped with probability p, kept ones scaled by 1/(1 − p)"));
    m_ratesField = new QLineEdit;
    m_ratesField->setToolTip(tr("Classification: the learning rates to choose from on the validation images. "
                                "Autoencoder: each activation trains at each rate."));
    m_optimizerBox = new QComboBox;
    m_optimizerBox->addItem(tr("Adam"), int(OptimizerKind::Adam));
    m_optimizerBox->addItem(tr("Momentum (0.9)"), int(OptimizerKind::Momentum));
    m_optimizerBox->addItem(tr("Nesterov momentum"), int(OptimizerKind::Nesterov));
    m_optimizerBox->addItem(tr("Plain SGD"), int(OptimizerKind::Sgd));
    m_optimizerBox->setItemData(0,
                                tr("Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − η·m̂/(√v̂ + ε), "
                                   "with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸"),
                                Qt::ToolTipRole);
    m_optimizerBox->setItemData(1, tr("Momentum: v ← 0.9·v − η·g, w ← w + v"), Qt::ToolTipRole);
    m_optimizerBox->setItemData(
        2, tr("Nesterov momentum: v ← 0.9·v − η·g, w ← w + 0.9·v − η·g (look-ahead form)"), Qt::ToolTipRole);
    m_optimizerBox->setItemData(3, tr("Plain SGD: w ← w − η·g"), Qt::ToolTipRole);
    m_optimizerBox->setToolTip(tr("How each batch's mean gradient g updates the weights w (the paper used "
                                  "Adam)"));
    auto *form = new QFormLayout;
    form->addRow(tr("Experiment"), m_experimentBox);
    form->addRow(tr("Activations"), m_activationsField);
    form->addRow(tr("Seeds"), seedsBox());
    form->addRow(tr("Epochs"), epochsBox());
    form->addRow(tr("Dropout"), m_dropoutField);
    form->addRow(tr("Learning rates"), m_ratesField);
    form->addRow(tr("Optimizer"), m_optimizerBox);
    auto *folderRow = new QHBoxLayout;
    folderRow->setContentsMargins(0, 0, 0, 0);
    folderRow->addWidget(m_dataDirField, 1);
    folderRow->addWidget(m_browseButton);
    form->addRow(tr("Fashion-MNIST folder"), folderRow);
    form->addRow(m_dataNotice);
    form->addRow(m_useDigitsButton);
    for (QWidget *field :
         std::initializer_list<QWidget *>{m_experimentBox, m_activationsField, seedsBox(), epochsBox(),
                                          m_dropoutField, m_ratesField, m_optimizerBox})
        if (QWidget *label = form->labelForField(field)) label->setToolTip(field->toolTip());
    if (QWidget *label = form->labelForField(folderRow)) label->setToolTip(m_dataDirField->toolTip());
    auto *group = new QGroupBox(tr("The paper's experiment"));
    group->setLayout(form);
    auto *about = new QLabel(tr(
        "Fashion-MNIST (Zalando, MIT): 60,000 + 10,000 clothing images of 28×28 pixels, the paper's size — "
        "55,000 train, 5,000 validation, 10,000 test. The UCI digits (CC BY 4.0, built in): 1,797 images of "
        "8×8 pixels — 1,200 train, 297 validation, 300 test, the quick version. Classification: an 8 × 128 "
        "MLP, Adam, batch 128, unit-norm initialisation; autoencoder: batch 64, squared error."));
    about->setWordWrap(true);
    statusLabel()->setText(tr("Choose an experiment and press Start"));
    arrange({group, about}, 170);

    m_errorRect = new QCPAxisRect(plot());
    m_trainRect = new QCPAxisRect(plot());
    m_noiseRect = new QCPAxisRect(plot());
    m_logLossRect = new QCPAxisRect(plot());
    // A title over the four plots: the experiment and its settings.
    m_title = new QCPTextElement(plot(), QString(), QFont(font().family(), 9, QFont::Bold));
    m_grid = new QCPLayoutGrid;
    QCPLayoutGrid *grid = m_grid;
    plot()->plotLayout()->addElement(0, 0, m_title);
    plot()->plotLayout()->addElement(1, 0, grid);
    plot()->plotLayout()->setRowStretchFactor(0, 0.001);
    grid->addElement(0, 0, m_errorRect);
    grid->addElement(0, 1, m_trainRect);
    grid->addElement(1, 0, m_noiseRect);
    grid->addElement(1, 1, m_logLossRect);
    m_trainRect->axis(QCPAxis::atLeft)->setScaleType(QCPAxis::stLogarithmic);
    m_trainRect->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_logLossRect->axis(QCPAxis::atLeft)->setScaleType(QCPAxis::stLogarithmic);
    m_logLossRect->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    for (QCPAxisRect *rect : {m_noiseRect, m_logLossRect}) {
        rect->axis(QCPAxis::atBottom)->setLabel(tr("input noise a (U[−a, a] on pixels in [0, 1])"));
        rect->axis(QCPAxis::atBottom)->setRange(0.0, 3.0);
    }
    m_errorRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    m_trainRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    useEpochTicker(m_errorRect->axis(QCPAxis::atBottom));
    useEpochTicker(m_trainRect->axis(QCPAxis::atBottom));
    m_errorRect->axis(QCPAxis::atLeft)->setLabel(tr("test error (median and quartiles)"));
    m_trainRect->axis(QCPAxis::atLeft)->setLabel(tr("train loss (median)"));
    m_noiseRect->axis(QCPAxis::atLeft)->setLabel(tr("test accuracy under noise"));
    m_logLossRect->axis(QCPAxis::atLeft)->setLabel(tr("test log loss under noise"));
    m_legend = addInsetLegend(m_errorRect, font().family(), true);
    m_legend->setVisible(false); // until there are variants to name

    // The table's activation colours follow the theme.
    connect(Appearance::instance(), &Appearance::changed, this, &PaperView::fillTable);
    connect(m_worker.get(), &PaperWorker::snapshotReady, this, &PaperView::receive);

    connect(m_experimentBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        setDefaults(experiment());
        updateDataNotice();
    });
    connect(m_dataDirField, &QLineEdit::editingFinished, this, &PaperView::updateDataNotice);
    connect(m_browseButton, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Fashion-MNIST folder"), dataDir());
        if (dir.isEmpty()) return;
        m_dataDirField->setText(dir);
        updateDataNotice();
    });
    connect(m_useDigitsButton, &QPushButton::clicked, this, [this] {
        // The same figure on the digits: the row three above the Fashion-MNIST one.
        m_experimentBox->setCurrentIndex(m_experimentBox->currentIndex() - 3);
    });
    setDefaults(PaperExperimentKind::Classification);
    updateDataNotice();
    updateControls();
}

PaperExperimentKind PaperView::experiment() const {
    return fromId<PaperExperimentKind>(m_experimentBox->currentData().toString().toStdString())
        .value_or(PaperExperimentKind::Classification);
}

QString PaperView::dataDir() const {
    const QString dir = m_dataDirField->text().trimmed();
    return dir.isEmpty() ? QString::fromUtf8(kFashionMnistDir) : dir;
}

void PaperView::updateDataNotice() {
    const bool fashion = onFashionMnist(experiment());
    m_dataDirField->setEnabled(fashion);
    m_browseButton->setEnabled(fashion);
    const QString missing =
        fashion ? QString::fromStdString(fashionMnistMissing(dataDir().toStdString())) : QString();
    m_dataNotice->setText(missing.isEmpty() ? QString()
                                            : tr("%1. Choose the folder that holds it, or run the same "
                                                 "experiment on the built-in digits.")
                                                  .arg(missing));
    m_dataNotice->setVisible(!missing.isEmpty());
    m_useDigitsButton->setVisible(!missing.isEmpty());
}

void PaperView::setDefaults(PaperExperimentKind kind) {
    const PaperSettings d = paperDefaults(kind);
    m_dropoutField->setText(joinNumbers(d.dropouts));
    m_ratesField->setText(joinNumbers(d.learningRates));
    seedsBox()->setValue(d.seeds);
    m_dropoutField->setEnabled(paperClassifies(kind));
}

PaperSettings PaperView::settings() const {
    PaperSettings s = paperDefaults(experiment());
    s.activations.clear();
    for (const QString &id : m_activationsField->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        s.activations.push_back(id.trimmed().toStdString());
    s.seeds = seedsBox()->value();
    s.optimizer = OptimizerKind(m_optimizerBox->currentData().toInt());
    s.epochs = epochsBox()->value();
    s.dropouts = numberList(m_dropoutField->text(), tr("Dropout"));
    s.learningRates = numberList(m_ratesField->text(), tr("Learning rates"));
    if (const std::string problem = checkPaperSettings(s); !problem.empty())
        throw std::invalid_argument(problem);
    return s;
}

QString PaperView::start() {
    PaperSettings s;
    try {
        s = settings();
        if (onFashionMnist(s.experiment))
            if (const std::string missing = fashionMnistMissing(dataDir().toStdString()); !missing.empty())
                throw std::runtime_error(missing);
    } catch (const std::exception &e) {
        updateDataNotice();
        const QString message = QString::fromStdString(e.what());
        showError(message);
        return message;
    }
    beginRun();
    const quint64 generation = m_worker.nextGeneration();
    m_snapshot = PaperSnapshot();
    m_graphKeys.clear();
    statusLabel()->setText(onFashionMnist(s.experiment) ? tr("Loading Fashion-MNIST…") : tr("Starting…"));
    // The data is loaded in the worker's thread (Fashion-MNIST takes seconds). The cancel is cleared there,
    // after any run it was cancelling has returned.
    m_worker.post([dir = dataDir(), s, generation](PaperWorker &w) { w.load(dir, s, generation); });
    updateControls();
    return {};
}

void PaperView::showResult(const PaperResult &result, double seconds) {
    beginRun();
    m_snapshot = PaperSnapshot{result, m_worker.nextGeneration(), seconds};
    showSnapshot();
}

void PaperView::rebuildGraphs(const PaperResult &result) {
    for (const VariantGraphs &g : m_graphs) {
        removeBand(plot(), g.test);
        removeBand(plot(), g.noise);
        plot()->removeGraph(g.train);
        plot()->removeGraph(g.logLoss);
    }
    m_graphs.clear();
    m_graphKeys.clear();
    m_legend->clearItems();
    const PaperExperimentKind kind = result.settings.experiment;
    for (std::size_t i = 0; i < result.variants.size(); ++i) {
        const PaperVariant &v = result.variants[i];
        const QColor color = activationColor(QString::fromStdString(v.activation));
        // Dashed: with dropout, or the autoencoder's second (smaller) rate.
        const bool dashed =
            !paperClassifies(kind) ? v.learningRate < result.settings.learningRates.front() : v.dropout > 0.0;
        VariantGraphs g;
        g.test = addBand(plot(), m_errorRect, color, dashed);
        g.train = plot()->addGraph(m_trainRect->axis(QCPAxis::atBottom), m_trainRect->axis(QCPAxis::atLeft));
        g.train->setPen(QPen(color, 1.6, dashed ? Qt::DashLine : Qt::SolidLine));
        g.train->removeFromLegend();
        g.noise = addBand(plot(), m_noiseRect, color, dashed);
        g.logLoss =
            plot()->addGraph(m_logLossRect->axis(QCPAxis::atBottom), m_logLossRect->axis(QCPAxis::atLeft));
        g.logLoss->setPen(QPen(color, 1.6, dashed ? Qt::DashLine : Qt::SolidLine));
        g.logLoss->removeFromLegend();
        QString name = activationDisplayName(QString::fromStdString(v.activation));
        if (!paperClassifies(kind))
            name += tr(", lr %1").arg(v.learningRate);
        else if (v.dropout > 0.0)
            name += tr(", dropout %1").arg(v.dropout);
        g.test.median->setName(name);
        g.test.median->addToLegend(m_legend);
        m_graphs.push_back(g);
        m_graphKeys.push_back(v.key(kind));
    }
    m_legend->setVisible(m_legend->itemCount() > 0);
    const bool classify = paperClassifies(kind);
    const PaperSettings &s = result.settings;
    QStringList widths;
    for (int w : s.hidden)
        widths << QString::number(w);
    const bool uniform =
        std::all_of(s.hidden.begin(), s.hidden.end(), [&](int w) { return w == s.hidden.front(); });
    m_title->setText(tr("%1 · hidden %2, %3, batch %4, %5 epochs · median and quartiles over %6 seeds")
                         .arg(toQString(idOf(kind)),
                              uniform ? QStringLiteral("%1 × %2").arg(s.hidden.size()).arg(s.hidden.front())
                                      : widths.join(QLatin1Char('-')),
                              toQString(idOf(s.optimizer)))
                         .arg(s.batch)
                         .arg(s.epochs)
                         .arg(s.seeds));
    m_errorRect->axis(QCPAxis::atLeft)
        ->setLabel(classify ? tr("test error (median and quartiles)")
                            : tr("test loss ½‖x̂ − x‖² (median and quartiles)"));
    // The noise plots belong to the classifiers: the autoencoder's figure is its two loss plots.
    for (QCPAxisRect *rect : {m_noiseRect, m_logLossRect}) {
        rect->setVisible(classify);
        rect->setMinimumSize(classify ? QSize(50, 50) : QSize(0, 0));
    }
    m_grid->setRowStretchFactor(1, classify ? 1.0 : 1e-6);
    m_noiseRect->axis(QCPAxis::atLeft)
        ->setLabel(classify ? tr("test accuracy under noise") : tr("(classification experiments)"));
    m_logLossRect->axis(QCPAxis::atLeft)
        ->setLabel(classify ? tr("test log loss under noise") : tr("(classification experiments)"));
}

void PaperView::receive(const std::shared_ptr<PaperSnapshot> &snapshot) {
    if (!m_worker.accept(snapshot->generation)) return; // from an experiment since replaced
    m_snapshot = std::move(*snapshot);
    showSnapshot();
}

void PaperView::showSnapshot() {
    const PaperResult &r = m_snapshot.result;
    std::vector<std::string> keys;
    for (const PaperVariant &v : r.variants)
        keys.push_back(v.key(r.settings.experiment));
    if (keys != m_graphKeys) rebuildGraphs(r);
    const bool classify = paperClassifies(r.settings.experiment);
    double trainLow = INFINITY, trainHigh = 0.0, testHigh = 0.0, logLow = INFINITY, logHigh = 0.0;
    for (std::size_t i = 0; i < r.variants.size(); ++i) {
        const AlternativeSummary &s = r.variants[i].summary;
        const VariantGraphs &g = m_graphs[i];
        QVector<double> epochs, train;
        for (std::size_t e = 0; e < s.trainLoss.size(); ++e) {
            epochs << double(e + 1);
            train << s.trainLoss[e].median;
            if (s.trainLoss[e].median > 0.0) {
                trainLow = std::min(trainLow, s.trainLoss[e].median);
                trainHigh = std::max(trainHigh, s.trainLoss[e].median);
            }
        }
        g.train->setData(epochs, train, true);
        const std::vector<Quartiles> test = classify ? errorsOf(s.testAccuracy) : s.testLoss;
        setBand(g.test, epochs, test);
        for (const Quartiles &q : test)
            if (std::isfinite(q.q3)) testHigh = std::max(testHigh, q.q3);
        const PaperVariant &v = r.variants[i];
        QVector<double> noise(r.amplitudes.begin(), r.amplitudes.end()), logLoss;
        if (!v.noiseAccuracy.empty()) {
            setBand(g.noise, noise, v.noiseAccuracy);
            for (const Quartiles &q : v.noiseLogLoss) {
                logLoss << q.median;
                logLow = std::min(logLow, q.median);
                logHigh = std::max(logHigh, q.median);
            }
            g.logLoss->setData(noise, logLoss, true);
        }
    }
    m_errorRect->axis(QCPAxis::atBottom)->setRange(0.0, r.settings.epochs);
    m_trainRect->axis(QCPAxis::atBottom)->setRange(0.0, r.settings.epochs);
    m_errorRect->axis(QCPAxis::atLeft)
        ->setRange(0.0, testHigh > 0.0 ? std::min(classify ? 1.0 : INFINITY, testHigh * 1.05) : 1.0);
    if (trainHigh > 0.0) m_trainRect->axis(QCPAxis::atLeft)->setRange(trainLow / 1.5, trainHigh * 1.5);
    m_noiseRect->axis(QCPAxis::atLeft)->setRange(0.0, 1.02);
    if (logHigh > 0.0) m_logLossRect->axis(QCPAxis::atLeft)->setRange(logLow / 1.5, logHigh * 1.5);
    fillTable();
    snapshotDrawn(r.finished || r.cancelled);
}

void PaperView::fillTable() {
    const PaperResult &r = m_snapshot.result;
    const PaperExperimentKind kind = r.settings.experiment;
    const bool classify = paperClassifies(kind);
    table()->setRowCount(int(r.variants.size()));
    table()->horizontalHeaderItem(2)->setText(classify ? tr("Test error") : tr("Test loss"));
    table()->horizontalHeaderItem(3)->setText(classify ? tr("Accuracy at noise a = 1") : tr("Train loss"));
    for (std::size_t i = 0; i < r.variants.size(); ++i) {
        const PaperVariant &v = r.variants[i];
        const AlternativeSummary &s = v.summary;
        const QString main = classify ? quartileText(errorQuartiles(s.finalTestAccuracy), true)
                                      : quartileText(s.finalTestLoss, false);
        QString second = QStringLiteral("–");
        if (classify && v.noiseAccuracy.size() > 4)
            second = QStringLiteral("%1 %").arg(100 * v.noiseAccuracy[4].median, 0, 'f', 1); // a = 1
        else if (!classify && !std::isnan(s.finalTrainLoss.median))
            second = QString::number(s.finalTrainLoss.median, 'g', 4);
        QStringList scores;
        for (std::size_t k = 0; k < v.validationScores.size(); ++k)
            scores << QStringLiteral("%1: %2 %")
                          .arg(r.settings.learningRates[k])
                          .arg(100 * v.validationScores[k], 0, 'f', 1);
        // A classifier's rate is chosen on the validation images once every candidate has been tried; until
        // then it has none.
        const bool chosen = !classify || r.settings.learningRates.size() < 2 ||
                            v.validationScores.size() >= r.settings.learningRates.size();
        const QStringList cells{QString::fromStdString(v.key(kind)),
                                chosen ? QString::number(v.learningRate) : tr("choosing…"), main, second,
                                scores.isEmpty() ? QStringLiteral("–") : scores.join(QStringLiteral(", "))};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == 0)
                item->setForeground(
                    Appearance::instance()->themed(activationColor(QString::fromStdString(v.activation))));
            table()->setItem(int(i), c, item);
        }
    }
}

void PaperView::updateControls() {
    ExperimentView::updateControls();
    const PaperResult &r = m_snapshot.result;
    progressBar()->setValue(int(1000.0 * r.fraction));
    if (!m_worker.isCurrent(m_snapshot.generation) || r.phase.empty()) return;
    const int runs = int(r.variants.size()) * r.settings.seeds;
    // Where the kept runs stand: taken from an earlier start, or not kept (the result is whole either way).
    const QString notKept =
        r.cacheProblem.empty()
            ? QString()
            : tr("; the runs could not be kept: %1").arg(QString::fromStdString(r.cacheProblem));
    if (r.cancelled)
        statusLabel()->setText(tr("Cancelled after %1 s%2")
                                   .arg(m_snapshot.seconds, 0, 'f', 1)
                                   .arg(notKept.isEmpty()
                                            ? tr("; the epochs trained are kept, and Start goes on from them")
                                            : notKept));
    else if (r.finished)
        statusLabel()->setText(tr("Finished: %1 runs of %2 epochs in %3 s%4%5")
                                   .arg(runs)
                                   .arg(r.settings.epochs)
                                   .arg(m_snapshot.seconds, 0, 'f', 1)
                                   .arg(r.reusedRuns > 0
                                            ? tr(" (%1 of them kept from an earlier start)").arg(r.reusedRuns)
                                            : QString())
                                   .arg(notKept));
    else {
        // The time left at the pace so far (an honest estimate: every epoch of every run costs about the
        // same).
        const std::string left = timeLeftText(m_snapshot.seconds, r.fraction);
        statusLabel()->setText(
            tr("%1 · %2 % · %3 s%4")
                .arg(QString::fromStdString(r.phase))
                .arg(100.0 * r.fraction, 0, 'f', 0)
                .arg(m_snapshot.seconds, 0, 'f', 1)
                .arg(left.empty() ? QString() : QStringLiteral(" · ") + QString::fromStdString(left)));
    }
}

QString PaperView::exportCsv(const QString &fileName) const {
    const PaperResult &r = m_snapshot.result;
    const bool classify = paperClassifies(r.settings.experiment);
    QByteArray out = "variant,measure,x,q1,median,q3\n";
    const auto rows = [&](const std::string &key, const char *measure, const std::vector<double> &x,
                          const std::vector<Quartiles> &values) {
        appendQuartileRows(out, QByteArray::fromStdString(key), measure, x, values);
    };
    for (const PaperVariant &v : r.variants) {
        const std::string key = v.key(r.settings.experiment);
        std::vector<double> epochs;
        for (std::size_t e = 0; e < v.summary.trainLoss.size(); ++e)
            epochs.push_back(double(e + 1));
        rows(key, "train_loss", epochs, v.summary.trainLoss);
        rows(key, "test_loss", epochs, v.summary.testLoss);
        if (classify) rows(key, "test_error", epochs, errorsOf(v.summary.testAccuracy));
        rows(key, "noise_test_accuracy", r.amplitudes, v.noiseAccuracy);
        rows(key, "noise_log_loss", r.amplitudes, v.noiseLogLoss);
    }
    return saveText(fileName, out);
}

QJsonObject PaperView::state() const {
    // The fields as lists; one being edited into something Start would refuse is left out.
    const auto numbers = [](const QLineEdit *field) -> QJsonValue {
        try {
            QJsonArray values;
            for (double v : numberList(field->text(), QString()))
                values.append(v);
            return values;
        } catch (const std::invalid_argument &) {
            return QJsonValue::Undefined;
        }
    };
    // The activations, unless one of them is being typed (not an id yet).
    QJsonArray ids;
    for (const QString &id : m_activationsField->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        ids.append(id.trimmed());
    QJsonObject state{
        {QStringLiteral("experiment"), m_experimentBox->currentData().toString()},
        {QStringLiteral("activations"), ids},
        {QStringLiteral("seeds"), seedsBox()->value()},
        {QStringLiteral("epochs"), epochsBox()->value()},
        {QStringLiteral("optimizer"), toQString(idOf(OptimizerKind(m_optimizerBox->currentData().toInt())))}};
    if (!m_dataDirField->text().trimmed().isEmpty())
        state.insert(QStringLiteral("dataDir"), m_dataDirField->text().trimmed());
    if (ids.isEmpty() || std::any_of(ids.begin(), ids.end(), [](const QJsonValue &id) {
            return !findActivation(id.toString().toStdString());
        }))
        state.remove(QStringLiteral("activations"));
    for (const auto &[key, field] : {std::pair{QStringLiteral("dropout"), m_dropoutField},
                                     std::pair{QStringLiteral("learningRates"), m_ratesField}})
        if (const QJsonValue v = numbers(field); !v.isUndefined()) state.insert(key, v);
    return state;
}

void PaperView::restoreState(const QJsonObject &state) {
    // The experiment first: choosing one sets its default seeds, dropout and rates.
    const int experiment =
        m_experimentBox->findData(string(state, QStringLiteral("experiment")).value_or(QString()));
    if (experiment >= 0) m_experimentBox->setCurrentIndex(experiment);
    // The fields take what Start would accept; anything else is left as it is.
    const auto restoreField = [&](QLineEdit *field, const QString &key) {
        const QJsonArray values = state.value(key).toArray();
        std::vector<double> numbers;
        for (const QJsonValue &v : values)
            if (v.isDouble()) numbers.push_back(v.toDouble());
        if (!numbers.empty() && numbers.size() == std::size_t(values.size()))
            field->setText(joinNumbers(numbers));
    };
    const QJsonArray ids = state.value(QStringLiteral("activations")).toArray();
    QStringList list;
    for (const QJsonValue &id : ids)
        if (findActivation(id.toString().toStdString())) list << id.toString();
    if (!list.isEmpty() && list.size() == ids.size())
        m_activationsField->setText(list.join(QLatin1Char(',')));
    if (m_dropoutField->isEnabled()) restoreField(m_dropoutField, QStringLiteral("dropout"));
    restoreField(m_ratesField, QStringLiteral("learningRates"));
    for (QSpinBox *box : {seedsBox(), epochsBox()})
        if (const auto v =
                integer(state, box == seedsBox() ? QStringLiteral("seeds") : QStringLiteral("epochs"),
                        box->minimum(), box->maximum()))
            box->setValue(*v);
    if (const auto optimizer = fromId<OptimizerKind>(
            string(state, QStringLiteral("optimizer")).value_or(QString()).toStdString())) {
        const int index = m_optimizerBox->findData(int(*optimizer));
        if (index >= 0) m_optimizerBox->setCurrentIndex(index);
    }
    m_dataDirField->setText(string(state, QStringLiteral("dataDir")).value_or(QString()));
    updateDataNotice();
    // A saved experiment's results, drawn as they were (the settings they ran with are theirs).
    if (const std::optional<session::PaperResults> saved =
            session::paperResultsFromJson(state.value(QStringLiteral("results"))))
        showResult(session::toPaperResult(*saved));
}

QJsonObject PaperView::results() const {
    const PaperResult &r = m_snapshot.result;
    if (isRunning() || !(r.finished || r.cancelled) || r.variants.empty()) return {};
    return {{QStringLiteral("results"), session::paperResultsToJson(session::toPaperResults(r))}};
}

} // namespace gelulab
