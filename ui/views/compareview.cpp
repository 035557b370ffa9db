#include "compareview.h"

#include "saved_results.h"
#include "session_json.h"

#include "activation.h"
#include "activationpalette.h"
#include "appearance.h"
#include "boundarymap.h"
#include "plotexport.h"
#include "viewparts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <set>

namespace gelulab {

CompareView::CompareView(QWidget *parent)
    : ExperimentView({tr("Activation"), tr("Test accuracy"), tr("Test loss"), tr("Train loss (median)"),
                      tr("Under noise a = 1"), tr("Diverged")},
                     600'000, parent) {
    watch(m_worker.get(), &m_worker);

    // ---- the runs ----
    auto *runsForm = new QFormLayout;
    const char *defaults[kMaxRuns] = {"gelu", "gelu_tanh", "relu", "elu"};
    for (int i = 0; i < kMaxRuns; ++i) {
        auto *check = new QCheckBox(tr("Run %1").arg(i + 1));
        check->setChecked(i < 3);
        check->setEnabled(i >= 2); // two runs at least
        check->setToolTip(i < 2 ? tr("Run %1 is always compared (two runs at least)").arg(i + 1)
                                : tr("Include run %1 in the comparison").arg(i + 1));
        auto *box = new QComboBox;
        fillNetworkActivations(box);
        box->setCurrentIndex(box->findData(QString::fromLatin1(defaults[i])));
        box->setEnabled(check->isChecked());
        box->setToolTip(tr("The hidden layers' activation in run %1; data, network and training are the "
                           "same for every run")
                            .arg(i + 1));
        connect(check, &QCheckBox::toggled, box, &QWidget::setEnabled);
        runsForm->addRow(check, box);
        m_runChecks.push_back(check);
        m_runBoxes.push_back(box);
    }
    seedsBox()->setToolTip(tr("Each run is repeated from this many initial seeds, the same ones for every "
                              "run (same initial weights and batch order); curves show the median and the "
                              "quartiles over them"));
    epochsBox()->setRange(1, 100'000);
    epochsBox()->setValue(300);
    epochsBox()->setToolTip(tr("Epochs every run trains, each a pass over the training points in "
                               "mini-batches"));
    runsForm->addRow(tr("Seeds (k)"), seedsBox());
    runsForm->addRow(tr("Epochs"), epochsBox());
    for (QWidget *field : std::initializer_list<QWidget *>{seedsBox(), epochsBox()})
        if (QWidget *label = runsForm->labelForField(field)) label->setToolTip(field->toolTip());
    auto *runsGroup = new QGroupBox(tr("Runs"));
    runsGroup->setLayout(runsForm);

    m_setupLabel = new QLabel;
    m_setupLabel->setWordWrap(true);
    m_setupLabel->setTextFormat(Qt::PlainText); // a session's text, never markup
    m_setupButton = new QPushButton(tr("From the Playground"));
    m_setupButton->setToolTip(
        tr("Take the Playground's data, features, network shape and training settings"));
    auto *setupLayout = new QVBoxLayout;
    setupLayout->addWidget(m_setupLabel);
    setupLayout->addWidget(m_setupButton);
    auto *setupGroup = new QGroupBox(tr("Data and network"));
    setupGroup->setLayout(setupLayout);

    arrange({setupGroup, runsGroup}, 140);

    // ---- plots ----
    m_mapRow = new QCPLayoutGrid;
    auto *curveRow = new QCPLayoutGrid;
    plot()->plotLayout()->addElement(0, 0, m_mapRow);
    plot()->plotLayout()->addElement(1, 0, curveRow);
    plot()->plotLayout()->setRowStretchFactor(0, 1.1);
    plot()->plotLayout()->setRowStretchFactor(1, 1.0);
    m_lossRect = new QCPAxisRect(plot());
    m_accuracyRect = new QCPAxisRect(plot());
    m_robustnessRect = new QCPAxisRect(plot());
    curveRow->addElement(0, 0, m_lossRect);
    curveRow->addElement(0, 1, m_accuracyRect);
    curveRow->addElement(0, 2, m_robustnessRect);
    m_lossRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    useEpochTicker(m_lossRect->axis(QCPAxis::atBottom));
    m_lossRect->axis(QCPAxis::atLeft)->setLabel(tr("test loss (train dashed), median and quartiles"));
    m_accuracyRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    useEpochTicker(m_accuracyRect->axis(QCPAxis::atBottom));
    m_accuracyRect->axis(QCPAxis::atLeft)->setLabel(tr("test accuracy"));
    m_robustnessRect->axis(QCPAxis::atBottom)->setLabel(tr("input noise a (U[−a, a])"));
    m_robustnessRect->axis(QCPAxis::atLeft)->setLabel(tr("test accuracy under noise"));
    m_robustnessRect->axis(QCPAxis::atBottom)->setRange(0.0, 3.0);
    for (QCPAxisRect *rect : {m_lossRect, m_accuracyRect, m_robustnessRect})
        for (QCPAxis *axis : rect->axes())
            axis->setLabelFont(QFont(font().family(), 8));
    m_legend = addInsetLegend(m_lossRect, font().family(), true);

    // The table's activation colours follow the theme.
    connect(Appearance::instance(), &Appearance::changed, this, &CompareView::fillTable);
    connect(m_worker.get(), &CompareWorker::snapshotReady, this, &CompareView::receive);
    connect(m_setupButton, &QPushButton::clicked, this, &CompareView::setupRequested);

    // Until someone hands over a setup: the spiral with two hidden layers of 8.
    DatasetSettings data;
    data.id = "spiral";
    TrainingSettings settings;
    settings.hidden = {8, 8};
    setSetup(makeDataset(data), settings,
             tr("spiral, 250 train / 250 test points; hidden 8,8; Adam, learning rate 0.01, batch 10"));
    rebuildRuns(alternatives());
    statusLabel()->setText(tr("Choose the runs and press Start"));
    updateControls();
}

void CompareView::setSetup(const Dataset &data, const TrainingSettings &settings,
                           const QString &description) {
    m_data = data;
    m_settings = settings;
    m_setupLabel->setText(description);
    // Before a comparison the previews show the points the next Start trains on (after one, its results stay
    // until the next Start).
    if (!m_runs.empty() && !isRunning() && m_snapshot.summaries.empty()) rebuildRuns(alternatives());
}

std::vector<std::string> CompareView::alternatives() const {
    std::vector<std::string> ids;
    for (int i = 0; i < kMaxRuns; ++i)
        if (m_runChecks[std::size_t(i)]->isChecked())
            ids.push_back(m_runBoxes[std::size_t(i)]->currentData().toString().toStdString());
    return ids;
}

void CompareView::setAlternatives(const std::vector<std::string> &ids) {
    for (int i = 0; i < kMaxRuns; ++i) {
        const bool used = std::size_t(i) < ids.size();
        m_runChecks[std::size_t(i)]->setChecked(used || i < 2);
        if (used) {
            QComboBox *box = m_runBoxes[std::size_t(i)];
            const int index = box->findData(QString::fromStdString(ids[std::size_t(i)]));
            if (index >= 0) box->setCurrentIndex(index);
        }
    }
}

QString CompareView::start() {
    const std::vector<std::string> ids = alternatives();
    QString error;
    if (ids.size() < 2)
        error = tr("Compare needs two runs at least");
    else if (std::set<std::string>(ids.begin(), ids.end()).size() != ids.size())
        error = tr("Each run needs a different activation: runs from the same seeds with the same activation "
                   "are identical");
    if (!error.isEmpty()) {
        showError(error);
        return error;
    }
    beginRun();
    const quint64 generation = m_worker.nextGeneration();
    m_snapshot = CompareSnapshot();
    rebuildRuns(ids);
    statusLabel()->setText(tr("Starting…"));
    const int seeds = seedsBox()->value(), epochs = epochsBox()->value();
    // A comparison still running stops at its next epoch (the cancel is cleared by start() in the worker's
    // thread, once that chunk has returned).
    m_worker.post([data = m_data, settings = m_settings, ids, seeds, epochs, generation](CompareWorker &w) {
        w.start(data, settings, ids, seeds, epochs, kGrid, generation);
    });
    updateControls();
    return {};
}

void CompareView::showResult(const Dataset &data, const TrainingSettings &settings,
                             const QString &description, const std::vector<std::string> &alternatives,
                             const CompareSnapshot &snapshot) {
    beginRun();
    setSetup(data, settings, description);
    setAlternatives(alternatives);
    rebuildRuns(alternatives);
    m_snapshot = snapshot;
    m_snapshot.generation = m_worker.nextGeneration();
    showSnapshot();
}

void CompareView::rebuildRuns(const std::vector<std::string> &ids) {
    // Plottables go before the axis rects they sit on.
    for (Run &run : m_runs) {
        plot()->removePlottable(run.map);
        plot()->removePlottable(run.trainLoss);
        for (const BandGraphs &band : {run.testLoss, run.accuracy, run.robustness})
            removeBand(plot(), band);
        for (QCPGraph *g : run.points)
            plot()->removeGraph(g);
    }
    m_runs.clear();
    m_mapRow->clear();
    m_legend->clearItems();
    const double half = 6.0 / kGrid;
    const int groups = m_data.problem == Problem::Regression ? 2 : m_data.classes;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        Run run;
        run.id = QString::fromStdString(ids[i]);
        const QColor color = activationColor(run.id);
        // "GELU (tanh approximation)" on two lines: the maps' columns stay about as wide as each other.
        run.title = new QCPTextElement(
            plot(), activationDisplayName(run.id).replace(QStringLiteral(" ("), QStringLiteral("\n(")),
            QFont(font().family(), 10, QFont::Bold));
        run.title->setTextColor(color);
        run.rect = new QCPAxisRect(plot());
        m_mapRow->addElement(0, int(i), run.title);
        m_mapRow->addElement(1, int(i), run.rect);
        for (QCPAxis *axis : run.rect->axes()) {
            axis->setRange(-6.0, 6.0);
            axis->setTickLabelFont(QFont(font().family(), 7));
        }
        run.map = new QCPColorMap(run.rect->axis(QCPAxis::atBottom), run.rect->axis(QCPAxis::atLeft));
        run.map->setInterpolate(true);
        run.map->data()->setSize(kGrid, kGrid);
        run.map->data()->setRange(QCPRange(-6.0 + half, 6.0 - half), QCPRange(-6.0 + half, 6.0 - half));
        run.map->setGradient(boundaryGradient(groups));
        run.map->data()->fill(0.0);
        run.map->setDataRange(QCPRange(-1.0, 1.0));
        rebuildPointGraphs(plot(), run.rect, run.points, groups, false, 4.0);
        fillPointGraphs(run.points, m_data.train, m_data.problem);
        run.testLoss = addBand(plot(), m_lossRect, color);
        run.trainLoss =
            plot()->addGraph(m_lossRect->axis(QCPAxis::atBottom), m_lossRect->axis(QCPAxis::atLeft));
        run.trainLoss->removeFromLegend();
        run.trainLoss->setPen(QPen(color, 1.2, Qt::DashLine));
        run.testLoss.median->setName(activationDisplayName(run.id));
        run.testLoss.median->addToLegend(m_legend);
        run.accuracy = addBand(plot(), m_accuracyRect, color);
        run.robustness = addBand(plot(), m_robustnessRect, color);
        m_runs.push_back(run);
    }
    m_mapRow->setRowStretchFactor(0, 0.001);
    for (QCPAxisRect *rect : {m_lossRect, m_accuracyRect, m_robustnessRect})
        rect->axis(QCPAxis::atBottom)->setRange(0.0, rect == m_robustnessRect ? 3.0 : 1.0);
    const bool classify = m_data.problem == Problem::Classification;
    m_accuracyRect->axis(QCPAxis::atLeft)
        ->setLabel(classify ? tr("test accuracy") : tr("test accuracy (classification only)"));
    m_robustnessRect->axis(QCPAxis::atLeft)
        ->setLabel(classify ? tr("test accuracy under noise") : tr("test loss under noise"));
    table()->horizontalHeaderItem(1)->setText(classify ? tr("Test accuracy") : tr("Test accuracy (–)"));
    table()->setRowCount(0);
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

void CompareView::receive(const std::shared_ptr<CompareSnapshot> &snapshot) {
    if (!m_worker.accept(snapshot->generation)) return; // from a comparison since replaced
    m_snapshot = std::move(*snapshot);
    showSnapshot();
}

void CompareView::showSnapshot() {
    const CompareSnapshot &snapshot = m_snapshot;
    const int classes = m_data.problem == Problem::Classification ? m_data.classes : 2;
    for (std::size_t i = 0; i < m_runs.size() && i < snapshot.summaries.size(); ++i) {
        Run &run = m_runs[i];
        fillBoundary(run.map, snapshot.boundaries[i], snapshot.gridSize == kGrid ? kGrid : 0,
                     snapshot.outputs[i], classes, false);
        const AlternativeSummary &s = snapshot.summaries[i];
        QVector<double> epochs;
        for (std::size_t e = 0; e < s.testLoss.size(); ++e)
            epochs << double(e + 1);
        setBand(run.testLoss, epochs, s.testLoss);
        QVector<double> train;
        for (const Quartiles &q : s.trainLoss)
            train << q.median;
        run.trainLoss->setData(epochs, train, true);
        if (!s.testAccuracy.empty()) setBand(run.accuracy, epochs, s.testAccuracy);
        if (i < snapshot.robustness.size()) {
            QVector<double> noise(snapshot.amplitudes.begin(), snapshot.amplitudes.end());
            setBand(run.robustness, noise, snapshot.robustness[i]);
        }
    }
    const double lastEpoch = std::max(1, snapshot.epochs);
    m_lossRect->axis(QCPAxis::atBottom)->setRange(0.0, lastEpoch);
    m_accuracyRect->axis(QCPAxis::atBottom)->setRange(0.0, lastEpoch);
    // Losses from 0 to the highest third quartile or train median; accuracies over [0, 1].
    const auto highest = [](std::initializer_list<QCPGraph *> graphs) {
        double top = 0.0;
        for (QCPGraph *g : graphs) {
            bool found = false;
            const QCPRange r = g->getValueRange(found, QCP::sdBoth);
            if (found && std::isfinite(r.upper)) top = std::max(top, r.upper);
        }
        return top > 0.0 ? top * 1.05 : 1.0;
    };
    double lossTop = 0.0, robustnessTop = 0.0;
    for (const Run &run : m_runs) {
        lossTop = std::max(lossTop, highest({run.testLoss.q3, run.trainLoss}));
        robustnessTop = std::max(robustnessTop, highest({run.robustness.q3}));
    }
    m_lossRect->axis(QCPAxis::atLeft)->setRange(0.0, lossTop);
    const bool classify = m_data.problem == Problem::Classification;
    m_accuracyRect->axis(QCPAxis::atLeft)->setRange(0.0, 1.02);
    m_robustnessRect->axis(QCPAxis::atLeft)->setRange(0.0, classify ? 1.02 : robustnessTop);
    fillTable();
    snapshotDrawn(snapshot.finished);
}

void CompareView::fillTable() {
    const CompareSnapshot &s = m_snapshot;
    table()->setRowCount(int(m_runs.size()));
    const bool classify = m_data.problem == Problem::Classification;
    for (std::size_t i = 0; i < m_runs.size() && i < s.summaries.size(); ++i) {
        const AlternativeSummary &summary = s.summaries[i];
        QString noise = QStringLiteral("–");
        if (i < s.robustness.size())
            for (std::size_t a = 0; a < s.amplitudes.size(); ++a)
                if (s.amplitudes[a] == 1.0) noise = quartileText(s.robustness[i][a], classify);
        const QStringList cells{activationDisplayName(m_runs[i].id),
                                classify ? quartileText(summary.finalTestAccuracy, true)
                                         : QStringLiteral("–"),
                                quartileText(summary.finalTestLoss, false),
                                QString::number(summary.finalTrainLoss.median, 'g', 4),
                                noise,
                                tr("%1 of %2").arg(summary.divergedRuns).arg(seedsBox()->value())};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == 0) item->setForeground(Appearance::instance()->themed(activationColor(m_runs[i].id)));
            if (!s.messages[i].empty()) item->setToolTip(QString::fromStdString(s.messages[i]));
            table()->setItem(int(i), c, item);
        }
    }
}

void CompareView::updateControls() {
    ExperimentView::updateControls();
    const CompareSnapshot &s = m_snapshot;
    progressBar()->setValue(s.epochs > 0 ? int(1000.0 * s.epoch / s.epochs) : 0);
    if (!m_worker.isCurrent(s.generation) || s.summaries.empty()) return;
    const int seeds = s.summaries.empty() ? 0 : seedsBox()->value();
    QString text;
    if (s.cancelled)
        text = tr("Cancelled at epoch %1 of %2").arg(s.epoch).arg(s.epochs);
    else if (s.finished)
        text = tr("Finished: %1 runs × %2 seeds, %3 epochs in %4 s")
                   .arg(m_runs.size())
                   .arg(seeds)
                   .arg(s.epoch)
                   .arg(s.secondsElapsed, 0, 'f', 1);
    else
        text = tr("Epoch %1 of %2 · %3 runs × %4 seeds · %5 s")
                   .arg(s.epoch)
                   .arg(s.epochs)
                   .arg(m_runs.size())
                   .arg(seeds)
                   .arg(s.secondsElapsed, 0, 'f', 1);
    for (std::size_t i = 0; i < s.messages.size() && i < m_runs.size(); ++i)
        if (!s.messages[i].empty())
            text += QStringLiteral("<br>") +
                    errorHtml(QStringLiteral("%1: %2").arg(activationDisplayName(m_runs[i].id),
                                                           QString::fromStdString(s.messages[i])));
    statusLabel()->setText(text);
}

QString CompareView::exportCsv(const QString &fileName) const {
    QByteArray text = "activation,measure,x,q1,median,q3\n";
    const auto rows = [&](const QString &id, const char *measure, const std::vector<double> &x,
                          const std::vector<Quartiles> &values) {
        appendQuartileRows(text, id.toUtf8(), measure, x, values);
    };
    const CompareSnapshot &s = m_snapshot;
    for (std::size_t i = 0; i < s.summaries.size() && i < m_runs.size(); ++i) {
        const AlternativeSummary &summary = s.summaries[i];
        std::vector<double> epochs;
        for (std::size_t e = 0; e < summary.trainLoss.size(); ++e)
            epochs.push_back(double(e + 1));
        rows(m_runs[i].id, "train_loss", epochs, summary.trainLoss);
        rows(m_runs[i].id, "test_loss", epochs, summary.testLoss);
        rows(m_runs[i].id, "test_accuracy", epochs, summary.testAccuracy);
        if (i < s.robustness.size())
            rows(m_runs[i].id,
                 m_data.problem == Problem::Classification ? "noise_test_accuracy" : "noise_test_loss",
                 s.amplitudes, s.robustness[i]);
    }
    return saveText(fileName, text);
}

QJsonObject CompareView::results() const {
    const CompareSnapshot &s = m_snapshot;
    if (!s.finished || s.summaries.empty() || s.summaries.size() != m_runs.size()) return {};
    session::CompareResults r;
    for (const Run &run : m_runs)
        r.activations.push_back(run.id.toStdString());
    r.epochs = s.epochs;
    r.cancelled = s.cancelled;
    r.seconds = s.secondsElapsed;
    for (const AlternativeSummary &a : s.summaries)
        r.summaries.push_back(session::toCompareSummary(a));
    r.messages = s.messages;
    r.gridSize = s.gridSize;
    for (const std::vector<float> &b : s.boundaries)
        r.boundaries.emplace_back(b.begin(), b.end());
    for (OutputKind kind : s.outputs)
        r.outputs.push_back(int(kind));
    r.amplitudes = s.amplitudes;
    for (const std::vector<Quartiles> &curve : s.robustness)
        r.robustness.push_back(session::toTriples(curve));
    return {{QStringLiteral("results"), session::compareResultsToJson(r)}};
}

void CompareView::showResults(const session::CompareResults &r) {
    CompareSnapshot s;
    s.epoch = s.epochs = r.epochs;
    s.finished = true;
    s.cancelled = r.cancelled;
    s.secondsElapsed = r.seconds;
    for (const session::CompareSummary &a : r.summaries)
        s.summaries.push_back(session::toAlternativeSummary(a));
    s.messages = r.messages;
    s.messages.resize(r.activations.size());
    s.gridSize = r.gridSize;
    for (const std::vector<double> &b : r.boundaries)
        s.boundaries.emplace_back(b.begin(), b.end());
    for (int kind : r.outputs)
        s.outputs.push_back(OutputKind(kind));
    s.amplitudes = r.amplitudes;
    for (const auto &curve : r.robustness)
        s.robustness.push_back(session::toQuartiles(curve));
    showResult(m_data, m_settings, m_setupLabel->text(), r.activations, s);
}

QJsonObject CompareView::state() const {
    QJsonArray runs;
    for (int i = 0; i < kMaxRuns; ++i)
        runs.append(QJsonObject{
            {QStringLiteral("checked"), m_runChecks[std::size_t(i)]->isChecked()},
            {QStringLiteral("activation"), m_runBoxes[std::size_t(i)]->currentData().toString()}});
    QJsonObject state{{QStringLiteral("runs"), runs},
                      {QStringLiteral("seeds"), seedsBox()->value()},
                      {QStringLiteral("epochs"), epochsBox()->value()}};
    // The data and training the runs share, as taken from the Playground (none before the first take).
    if (!m_data.train.empty())
        state.insert(QStringLiteral("setup"), session::compareSetupToJson(session::toCompareSetup(
                                                  m_data, m_settings, m_setupLabel->text().toStdString())));
    return state;
}

void CompareView::restoreState(const QJsonObject &state) {
    const QJsonArray runs = state.value(QStringLiteral("runs")).toArray();
    for (int i = 0; i < kMaxRuns && i < runs.size(); ++i) {
        const QJsonObject run = runs[i].toObject();
        QComboBox *box = m_runBoxes[std::size_t(i)];
        const int index = box->findData(run.value(QStringLiteral("activation")).toString());
        if (index >= 0) box->setCurrentIndex(index);
        const QJsonValue checked = run.value(QStringLiteral("checked"));
        if (checked.isBool() && m_runChecks[std::size_t(i)]->isEnabled())
            m_runChecks[std::size_t(i)]->setChecked(checked.toBool());
    }
    if (const auto seeds =
            integer(state, QStringLiteral("seeds"), seedsBox()->minimum(), seedsBox()->maximum()))
        seedsBox()->setValue(*seeds);
    if (const auto epochs =
            integer(state, QStringLiteral("epochs"), epochsBox()->minimum(), epochsBox()->maximum()))
        epochsBox()->setValue(*epochs);
    if (const std::optional<session::CompareSetup> setup =
            session::compareSetupFromJson(state.value(QStringLiteral("setup"))))
        setSetup(session::toDataset(setup->points), session::toTrainingSettings(*setup),
                 QString::fromStdString(setup->description));
    // A saved comparison's results, drawn over the setup restored above.
    if (const std::optional<session::CompareResults> saved =
            session::compareResultsFromJson(state.value(QStringLiteral("results"))))
        showResults(*saved);
}

} // namespace gelulab
