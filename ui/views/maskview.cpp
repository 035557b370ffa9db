#include "maskview.h"

#include "speedbox.h"

#include "plotexport.h"
#include "viewparts.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

const QColor kCurveColor(0x00, 0x72, 0xb2);
const QColor kSampleColor(0xd5, 0x5e, 0x00);
const QColor kMeanColor(0x00, 0x00, 0x00);

// A fixed jitter in [−0.5, 0.5) for the k-th kept sample of a bin, so that the scatter does not flicker.
double jitter(int k) {
    const std::uint32_t h = std::uint32_t(k + 1) * 2654435761u;
    return double((h >> 8) & 0xffffu) / 65536.0 - 0.5;
}

QString gateLabel(GateKind kind) {
    switch (kind) {
    case GateKind::Normal:
        return QStringLiteral("normal: Φ((x − μ)/σ)  → GELU");
    case GateKind::Logistic1702:
        return QStringLiteral("logistic1702: σ(1.702x)  → gelu_sigmoid");
    case GateKind::Logistic:
        return QStringLiteral("logistic: σ(x)  → SiLU");
    case GateKind::Cauchy:
        return QStringLiteral("cauchy: 1/2 + arctan(x)/π  → gelu_cauchy");
    }
    return {};
}

QString gateToolTip(GateKind kind) {
    switch (kind) {
    case GateKind::Normal:
        return MaskView::tr("F(x) = Φ((x − μ)/σ), the normal CDF: x·F(x) is GELU for μ = 0, σ = 1");
    case GateKind::Logistic1702:
        return MaskView::tr("F(x) = σ(1.702x), the logistic fit of Φ: x·F(x) = x·σ(1.702x) (gelu_sigmoid)");
    case GateKind::Logistic:
        return MaskView::tr("F(x) = σ(x) = 1/(1 + e⁻ˣ): x·F(x) is SiLU (Swish)");
    case GateKind::Cauchy:
        return MaskView::tr("F(x) = 1/2 + arctan(x)/π, the Cauchy CDF: x·F(x) is gelu_cauchy");
    }
    return {};
}

QString withSeparators(std::int64_t n) {
    return QLocale(QLocale::English).toString(qlonglong(n));
}

} // namespace

MaskView::MaskView(QWidget *parent)
    : View(parent) {

    // ---- controls ----
    m_gateBox = new QComboBox;
    for (GateKind k : {GateKind::Normal, GateKind::Logistic1702, GateKind::Logistic, GateKind::Cauchy})
        m_gateBox->addItem(gateLabel(k), int(k));
    for (int i = 0; i < m_gateBox->count(); ++i)
        m_gateBox->setItemData(i, gateToolTip(GateKind(m_gateBox->itemData(i).toInt())), Qt::ToolTipRole);
    m_gateBox->setToolTip(tr("The gate's CDF F: a sample keeps x with probability F(x), m ~ Bernoulli(F(x)), "
                             "so the mean output is x·F(x)"));
    m_muBox = new QDoubleSpinBox;
    m_muBox->setRange(-10.0, 10.0);
    m_sigmaBox = new QDoubleSpinBox;
    m_sigmaBox->setRange(0.0, 10.0);
    m_sigmaBox->setValue(1.0);
    m_muBox->setToolTip(tr("μ, the mean of the normal gate Φ((x − μ)/σ) (normal gate only)"));
    m_sigmaBox->setToolTip(tr("σ, the spread of the normal gate Φ((x − μ)/σ); σ = 0 is the step [x > μ], "
                              "so x·F(x) = x·[x > μ] (normal gate only)"));
    for (QDoubleSpinBox *box : {m_muBox, m_sigmaBox}) {
        box->setDecimals(3);
        box->setSingleStep(0.1);
        box->setKeyboardTracking(false);
    }
    m_targetBox = new QSpinBox;
    m_targetBox->setRange(1, 1'000'000);
    m_targetBox->setValue(kDefaultTarget);
    m_targetBox->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_targetBox->setGroupSeparatorShown(true);
    m_targetBox->setKeyboardTracking(false);
    m_targetBox->setToolTip(tr("Play draws samples at every x until each has this many"));
    m_seedBox = new QSpinBox;
    m_seedBox->setRange(0, 2'000'000'000);
    m_seedBox->setValue(1);
    m_seedBox->setKeyboardTracking(false);
    m_seedBox->setToolTip(tr("Seed of the Bernoulli draws (each x has its own stream): the same seed gives "
                             "the same samples; changing it starts over"));
    m_playButton = new QPushButton(tr("Play"));
    m_playButton->setObjectName(QStringLiteral("play")); // its text turns to Pause: presentation's id
    m_playButton->setToolTip(
        tr("Draw samples at every x until each has Samples per x; press again to pause"));
    m_stepButton = new QPushButton(tr("Step"));
    m_stepButton->setToolTip(tr("One more sample at every x"));
    m_resetButton = new QPushButton(tr("Reset"));
    m_resetButton->setToolTip(tr("Forget the samples and start again from the same seed"));
    m_speedBox = new SpeedBox(tr("sample"), tr("samples"), tr("As fast as possible"));
    m_speedBox->setToolTip(tr("How fast Play samples: a few samples at every x a second, to watch the "
                              "histogram and the running mean grow, or as fast as the computer can"));
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_readoutLabel = new QLabel;
    m_readoutLabel->setWordWrap(true);
    m_readoutLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("Gate"), m_gateBox);
    form->addRow(tr("μ"), m_muBox);
    form->addRow(tr("σ"), m_sigmaBox);
    form->addRow(tr("Samples per x"), m_targetBox);
    form->addRow(tr("Seed"), m_seedBox);
    form->addRow(tr("Speed"), m_speedBox);
    for (QWidget *field :
         std::initializer_list<QWidget *>{m_gateBox, m_muBox, m_sigmaBox, m_targetBox, m_seedBox, m_speedBox})
        if (QWidget *label = form->labelForField(field)) label->setToolTip(field->toolTip());
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_playButton);
    buttons->addWidget(m_stepButton);
    buttons->addWidget(m_resetButton);
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto *intro = new QLabel(tr("Each sample multiplies x by m ~ Bernoulli(F(x)): the output is 0 or x. Its "
                                "expectation is x·F(x) — GELU for the normal gate. Click the top plot to "
                                "follow one x below."));
    intro->setWordWrap(true);
    sideLayout->addWidget(intro);
    sideLayout->addLayout(form);
    sideLayout->addLayout(buttons);
    sideLayout->addWidget(m_status);
    sideLayout->addWidget(m_readoutLabel);
    sideLayout->addStretch();

    // ---- plots: the samples on top, the chosen x's histogram and convergence below ----
    m_plot = new QCustomPlot;
    m_plot->setMinimumSize(360, 300);
    QCPAxisRect *top = m_plot->axisRect();
    top->axis(QCPAxis::atBottom)->setLabel(QStringLiteral("x"));
    top->axis(QCPAxis::atLeft)->setLabel(tr("x·m"));
    auto *bottom = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, bottom);
    m_plot->plotLayout()->setRowStretchFactor(0, 1.5);
    m_plot->plotLayout()->setRowStretchFactor(1, 1.0);
    m_histogramRect = new QCPAxisRect(m_plot);
    m_convergenceRect = new QCPAxisRect(m_plot);
    bottom->addElement(0, 0, m_histogramRect);
    bottom->addElement(0, 1, m_convergenceRect);
    m_histogramRect->axis(QCPAxis::atBottom)->setLabel(tr("output x·m"));
    m_histogramRect->axis(QCPAxis::atLeft)->setLabel(tr("fraction of samples"));
    m_convergenceRect->axis(QCPAxis::atBottom)->setLabel(tr("samples n"));
    m_convergenceRect->axis(QCPAxis::atLeft)->setLabel(tr("running mean"));
    m_convergenceRect->axis(QCPAxis::atBottom)->setScaleType(QCPAxis::stLogarithmic);
    m_convergenceRect->axis(QCPAxis::atBottom)
        ->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    // The lower plots line up with the upper one: left edges, and right edges.
    auto *leftEdges = new QCPMarginGroup(m_plot);
    top->setMarginGroup(QCP::msLeft | QCP::msRight, leftEdges);
    m_histogramRect->setMarginGroup(QCP::msLeft, leftEdges);
    m_convergenceRect->setMarginGroup(QCP::msRight, leftEdges);
    for (QCPAxisRect *rect : {top, m_histogramRect, m_convergenceRect}) {
        rect->axis(QCPAxis::atBottom)->grid()->setSubGridVisible(false);
        rect->axis(QCPAxis::atLeft)->grid()->setZeroLinePen(QPen(QColor(140, 140, 140), 1));
    }

    QCPAxis *tx = top->axis(QCPAxis::atBottom), *ty = top->axis(QCPAxis::atLeft);
    m_scatter = m_plot->addGraph(tx, ty);
    m_scatter->setLineStyle(QCPGraph::lsNone);
    QColor dots = kSampleColor;
    dots.setAlpha(90);
    m_scatter->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, dots, dots, 3));
    m_scatter->setName(tr("samples x·m (jittered)"));
    m_upper = m_plot->addGraph(tx, ty);
    m_lower = m_plot->addGraph(tx, ty);
    QColor band = kMeanColor;
    band.setAlpha(40);
    m_upper->setPen(Qt::NoPen);
    m_lower->setPen(Qt::NoPen);
    m_upper->setBrush(band);
    m_upper->setChannelFillGraph(m_lower);
    m_upper->setName(tr("±2 standard errors"));
    m_lower->removeFromLegend();
    m_curve = m_plot->addGraph(tx, ty);
    m_curve->setPen(QPen(kCurveColor, 2.2));
    m_means = m_plot->addGraph(tx, ty);
    m_means->setPen(QPen(kMeanColor, 1.0));
    m_means->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kMeanColor, Qt::white, 5));
    m_means->setName(tr("running mean"));
    m_selectedLine = new QCPItemStraightLine(m_plot);
    m_selectedLine->setClipAxisRect(top);
    m_selectedLine->point1->setAxes(tx, ty);
    m_selectedLine->point2->setAxes(tx, ty);
    m_selectedLine->setPen(QPen(QColor(90, 90, 90), 1, Qt::DashLine));
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(255, 255, 255, 220));
    // Bottom right: x > 0 and x·m < 0 hold no sample, and GELU's dip (left) stays in view.
    top->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    QCPAxis *hx = m_histogramRect->axis(QCPAxis::atBottom), *hy = m_histogramRect->axis(QCPAxis::atLeft);
    m_bars = new QCPBars(hx, hy);
    m_bars->setPen(QPen(kSampleColor.darker(120)));
    QColor barFill = kSampleColor;
    barFill.setAlpha(150);
    m_bars->setBrush(barFill);
    m_bars->removeFromLegend();
    m_expectedFractions = m_plot->addGraph(hx, hy);
    m_expectedFractions->setLineStyle(QCPGraph::lsNone);
    m_expectedFractions->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssPlus, kCurveColor, 16));
    m_expectedFractions->removeFromLegend();
    hy->setRange(0.0, 1.05);

    QCPAxis *cx = m_convergenceRect->axis(QCPAxis::atBottom), *cy = m_convergenceRect->axis(QCPAxis::atLeft);
    m_envelopeUpper = m_plot->addGraph(cx, cy);
    m_envelopeLower = m_plot->addGraph(cx, cy);
    for (QCPGraph *g : {m_envelopeUpper, m_envelopeLower}) {
        g->setPen(QPen(kCurveColor, 1.0, Qt::DashLine));
        g->removeFromLegend();
    }
    m_exactLine = m_plot->addGraph(cx, cy);
    m_exactLine->setPen(QPen(kCurveColor, 1.8));
    m_exactLine->removeFromLegend();
    m_trace = m_plot->addGraph(cx, cy);
    m_trace->setPen(QPen(kMeanColor, 1.4));
    m_trace->removeFromLegend();

    placeSideBySide(this, side, m_plot, {300, 980});

    connect(m_worker.get(), &MaskWorker::snapshotReady, this, &MaskView::applySnapshot);

    connect(m_gateBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        const auto kind = GateKind(m_gateBox->currentData().toInt());
        m_muBox->setEnabled(kind == GateKind::Normal);
        m_sigmaBox->setEnabled(kind == GateKind::Normal);
        setGate(kind, kind == GateKind::Normal ? m_muBox->value() : 0.0,
                kind == GateKind::Normal ? m_sigmaBox->value() : 1.0);
    });
    for (QDoubleSpinBox *box : {m_muBox, m_sigmaBox})
        connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
                [this] { setGate(GateKind::Normal, m_muBox->value(), m_sigmaBox->value()); });
    connect(m_targetBox, qOverload<int>(&QSpinBox::valueChanged), this, &MaskView::setTarget);
    connect(m_seedBox, qOverload<int>(&QSpinBox::valueChanged), this,
            [this](int seed) { setSeed(quint64(seed)); });
    connect(m_playButton, &QPushButton::clicked, this, [this] { isRunning() ? pause() : play(); });
    connect(m_stepButton, &QPushButton::clicked, this, &MaskView::step);
    addPlayKeys(this, m_playButton, m_stepButton); // Space plays and pauses, → adds one sample at every x
    connect(m_speedBox, &SpeedBox::speedChanged, this,
            [this](double speed) { m_worker.post([speed](MaskWorker &w) { w.setSpeed(speed); }); });
    connect(m_resetButton, &QPushButton::clicked, this, &MaskView::reset);
    connect(m_plot, &QCustomPlot::mousePress, this, &MaskView::onMousePress);

    m_snapshot.experiment = MaskExperiment(m_gate, m_from, m_to, m_bins, m_seed);
    m_selected = m_snapshot.experiment.nearestBin(1.0);
    restart();
}

QCPAxisRect *MaskView::samplesRect() const {
    return m_plot->axisRect(0);
}

void MaskView::setGate(GateKind kind, double mu, double sigma) {
    m_gate = MaskGate(kind, mu, sigma); // throws for bad values before anything changes
    {
        const QSignalBlocker a(m_gateBox), b(m_muBox), c(m_sigmaBox);
        m_gateBox->setCurrentIndex(m_gateBox->findData(int(kind)));
        m_muBox->setValue(mu);
        m_sigmaBox->setValue(sigma);
        m_muBox->setEnabled(kind == GateKind::Normal);
        m_sigmaBox->setEnabled(kind == GateKind::Normal);
    }
    restart();
}

void MaskView::setRange(double from, double to, int bins) {
    const MaskExperiment check(m_gate, from, to, bins, m_seed); // validates
    checkPlotRange(from, to);
    m_from = from;
    m_to = to;
    m_bins = bins;
    restart();
}

void MaskView::setSeed(quint64 seed) {
    m_seed = seed;
    if (m_seedBox->value() != int(std::min<quint64>(seed, 2'000'000'000))) {
        const QSignalBlocker block(m_seedBox);
        m_seedBox->setValue(int(std::min<quint64>(seed, 2'000'000'000)));
    }
    restart();
}

void MaskView::setTarget(int samplesPerX) {
    if (samplesPerX < 1 || samplesPerX > 1'000'000)
        throw std::invalid_argument("samples per x must be from 1 to 1,000,000");
    m_target = samplesPerX;
    const QSignalBlocker block(m_targetBox);
    m_targetBox->setValue(samplesPerX);
    if (isRunning()) play(); // the worker takes the new target between chunks
}

void MaskView::restart() {
    const quint64 generation = m_worker.nextGeneration();
    const MaskExperiment fresh(m_gate, m_from, m_to, m_bins, m_seed);
    const double selected = m_snapshot.experiment.binX(m_selected);
    m_snapshot = MaskSnapshot{fresh, generation, 0.0, false};
    m_selected = fresh.nearestBin(selected);
    m_worker.post([fresh, generation](MaskWorker &w) { w.reset(fresh, generation); });
    // The curve x·F(x), finely sampled.
    QVector<double> keys, values;
    for (int i = 0; i <= 800; ++i) {
        const double x = m_from + (m_to - m_from) * i / 800.0;
        keys << x;
        values << m_gate.mean(x);
    }
    m_curve->setData(keys, values, true);
    const bool gelu = m_gate.kind() == GateKind::Normal && m_gate.mu() == 0.0 && m_gate.sigma() == 1.0;
    const std::string_view name = m_gate.activation().activation().name;
    m_curve->setName(gelu ? tr("x·F(x) = x·Φ(x): GELU")
                          : tr("x·F(x): %1").arg(QString::fromUtf8(name.data(), qsizetype(name.size()))));
    redraw();
}

void MaskView::play() {
    const qint64 target = m_target;
    m_snapshot.running = samplesPerX() < target; // shown at once; the worker's snapshots confirm it
    m_worker.post([target](MaskWorker &w) { w.play(target); });
    updateButtons();
}

void MaskView::pause() {
    m_snapshot.running = false;
    m_worker.post([](MaskWorker &w) { w.pause(); });
    updateButtons();
}

void MaskView::step() {
    m_snapshot.running = false;
    m_worker.post([](MaskWorker &w) { w.step(1); });
    updateButtons();
}

void MaskView::reset() {
    restart();
}

bool MaskView::waitUntilDone(int timeoutMs) {
    // As fast as possible whatever the speed box says (gelu-lab --samples N before the window shows).
    m_worker.post([](MaskWorker &w) { w.setSpeed(0.0); });
    if (samplesPerX() < m_target && !isRunning()) play();
    const bool done = runEventsUntil(
        this, &MaskView::snapshotShown, [this] { return samplesPerX() >= m_target; }, timeoutMs);
    m_worker.post([speed = m_speedBox->speed()](MaskWorker &w) { w.setSpeed(speed); });
    return done;
}

void MaskView::applySnapshot(const std::shared_ptr<MaskSnapshot> &snapshot) {
    if (!m_worker.accept(snapshot->generation)) return; // from before a reset or a change of settings
    m_snapshot = std::move(*snapshot);
    redraw();
    emit snapshotShown();
}

void MaskView::selectX(double x) {
    m_selected = m_snapshot.experiment.nearestBin(x);
    drawBottom();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit selectionChanged(selectedX());
}

void MaskView::onMousePress(QMouseEvent *event) {
    if (m_plot->axisRectAt(event->position()) != samplesRect()) return;
    selectX(samplesRect()->axis(QCPAxis::atBottom)->pixelToCoord(event->position().x()));
}

void MaskView::updateButtons() {
    m_playButton->setText(isRunning() ? tr("Pause") : tr("Play"));
    const MaskExperiment &e = m_snapshot.experiment;
    m_status->setText(
        tr("n = %1 samples at each of %2 x values%3")
            .arg(withSeparators(e.samplesPerBin()))
            .arg(e.bins())
            .arg(isRunning() && m_snapshot.samplesPerSecond > 0.0
                     ? (m_snapshot.samplesPerSecond >= 1e6
                            ? tr(" · sampling at %1 M samples/s")
                                  .arg(m_snapshot.samplesPerSecond / 1e6, 0, 'f', 0)
                            : tr(" · sampling at %1 samples/s")
                                  .arg(withSeparators(std::int64_t(m_snapshot.samplesPerSecond))))
                     : QString()));
}

void MaskView::redraw() {
    const MaskExperiment &e = m_snapshot.experiment;
    const double width = e.bins() > 1 ? (m_to - m_from) / (e.bins() - 1) : 1.0;
    QVector<double> sx, sy, mx, my, upper, lower;
    for (int b = 0; b < e.bins(); ++b) {
        const double x = e.binX(b);
        const std::vector<std::uint8_t> &kept = e.keptMasks(b);
        for (int k = 0; k < int(kept.size()); ++k) {
            sx << x + 0.7 * width * jitter(k);
            sy << (kept[std::size_t(k)] ? x : 0.0);
        }
        const MaskTally &t = e.tally(b);
        if (t.n == 0) continue;
        mx << x;
        my << t.sampleMean();
        upper << t.sampleMean() + 2.0 * t.standardError();
        lower << t.sampleMean() - 2.0 * t.standardError();
    }
    m_scatter->setData(sx, sy);
    m_means->setData(mx, my, true);
    m_upper->setData(mx, upper, true);
    m_lower->setData(mx, lower, true);
    QCPAxisRect *top = samplesRect();
    top->axis(QCPAxis::atBottom)->setRange(m_from - 0.5 * width, m_to + 0.5 * width);
    const double low = std::min({0.0, m_from, m_gate.mean(m_from)}),
                 high = std::max({0.0, m_to, m_gate.mean(m_to)});
    top->axis(QCPAxis::atLeft)->setRange(low - 0.06 * (high - low), high + 0.06 * (high - low));
    drawBottom();
    updateButtons();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MaskView::drawBottom() {
    const MaskExperiment &e = m_snapshot.experiment;
    const MaskTally &t = e.tally(m_selected);
    const double x = t.x;
    const double p = m_gate.cdf(x), q = m_gate.complementaryCdf(x);
    m_selectedLine->point1->setCoords(x, 0.0);
    m_selectedLine->point2->setCoords(x, 1.0);

    // Histogram: the outputs take two values, 0 (m = 0) and x (m = 1); no bars before the first sample.
    const double ones = t.n > 0 ? double(t.ones) / double(t.n) : 0.0;
    const double barWidth = std::max(0.25 * std::abs(x), 0.15);
    m_bars->setWidth(barWidth);
    if (t.n == 0)
        m_bars->data()->clear();
    else if (x == 0.0)
        m_bars->setData(QVector<double>{0.0}, QVector<double>{t.n > 0 ? 1.0 : 0.0});
    else
        m_bars->setData(QVector<double>{std::min(0.0, x), std::max(0.0, x)},
                        x < 0 ? QVector<double>{ones, 1.0 - ones} : QVector<double>{1.0 - ones, ones});
    m_expectedFractions->setData(QVector<double>{0.0, x}, QVector<double>{q, p});
    const double span = std::max(std::abs(x), 0.5);
    m_histogramRect->axis(QCPAxis::atBottom)
        ->setRange(std::min(0.0, x) - 0.6 * span, std::max(0.0, x) + 0.6 * span);
    m_histogramRect->axis(QCPAxis::atBottom)
        ->setLabel(tr("output x·m at x = %1  (+: expected fractions 1 − F and F)").arg(x, 0, 'g', 4));

    // Convergence of the running mean, in the 1/√n envelope around the exact mean.
    const double exact = m_gate.mean(x), sd = std::sqrt(m_gate.variance(x));
    const double last = double(std::max<std::int64_t>(t.n, 10));
    QVector<double> n, upper, lower;
    for (int i = 0; i <= 80; ++i) {
        const double k = std::pow(last, i / 80.0);
        n << k;
        upper << exact + 2.0 * sd / std::sqrt(k);
        lower << exact - 2.0 * sd / std::sqrt(k);
    }
    m_envelopeUpper->setData(n, upper, true);
    m_envelopeLower->setData(n, lower, true);
    m_exactLine->setData(QVector<double>{1.0, last}, QVector<double>{exact, exact}, true);
    QVector<double> tn, tm;
    for (const MaskExperiment::TracePoint &point : e.trace(m_selected)) {
        tn << double(point.n);
        tm << point.mean;
    }
    if (t.n > 0 && (tn.isEmpty() || tn.back() < double(t.n))) {
        tn << double(t.n);
        tm << t.sampleMean();
    }
    m_trace->setData(tn, tm, true);
    m_convergenceRect->axis(QCPAxis::atBottom)->setRange(1.0, last);
    m_convergenceRect->axis(QCPAxis::atLeft)
        ->setRange(std::min(0.0, x) - 0.1 * span, std::max(0.0, x) + 0.1 * span);
    m_convergenceRect->axis(QCPAxis::atBottom)
        ->setLabel(tr("samples n at x = %1 (dashed: x·F ± 2σ/√n)").arg(x, 0, 'g', 4));
    m_readoutLabel->setText(readout());
}

QString MaskView::readout() const {
    const MaskTally &t = m_snapshot.experiment.tally(m_selected);
    const MaskSummary s = summarize(m_gate, t);
    if (t.n == 0)
        return tr("x = %1: no samples yet; exact mean %2").arg(t.x, 0, 'g', 6).arg(s.exactMean, 0, 'g', 8);
    return tr("x = %1: m = 1 in %2 of %3 samples\nmean %4 ± %5 (1 s.e.)\nexact mean x·F(x) = %6\nz = %7")
        .arg(t.x, 0, 'g', 6)
        .arg(withSeparators(t.ones), withSeparators(t.n))
        .arg(s.sampleMean, 0, 'g', 8)
        .arg(s.standardError, 0, 'g', 3)
        .arg(s.exactMean, 0, 'g', 8)
        .arg(s.z, 0, 'f', 2);
}

QString MaskView::exportCsv(const QString &fileName) const {
    QByteArray text = "x,exact_mean,sample_mean,standard_error,samples,ones\n";
    const MaskExperiment &e = m_snapshot.experiment;
    for (int b = 0; b < e.bins(); ++b) {
        const MaskSummary s = summarize(m_gate, e.tally(b));
        text += QByteArray::number(s.x, 'g', 17) + ',' + QByteArray::number(s.exactMean, 'g', 17) + ',' +
                QByteArray::number(s.sampleMean, 'g', 17) + ',' +
                QByteArray::number(s.standardError, 'g', 17) + ',' +
                QByteArray::number(qlonglong(e.tally(b).n)) + ',' +
                QByteArray::number(qlonglong(e.tally(b).ones)) + '\n';
    }
    return saveText(fileName, text);
}

QJsonObject MaskView::state() const {
    return {{QStringLiteral("gate"), QString::fromUtf8(idOf(m_gate.kind()).data())},
            {QStringLiteral("mu"), m_gate.mu()},
            {QStringLiteral("sigma"), m_gate.sigma()},
            {QStringLiteral("seed"), double(m_seed)},
            {QStringLiteral("samples"), m_target},
            {QStringLiteral("from"), m_from},
            {QStringLiteral("to"), m_to},
            {QStringLiteral("bins"), m_bins},
            {QStringLiteral("x"), selectedX()},
            {QStringLiteral("speed"), m_speedBox->speed()}};
}

void MaskView::restoreState(const QJsonObject &state) {
    // Each group applies only when all of it is valid (the setters throw before changing anything).
    const auto tryTo = [](auto &&apply) {
        try {
            apply();
        } catch (const std::invalid_argument &) {
        }
    };
    const std::optional<GateKind> kind =
        fromId<GateKind>(string(state, QStringLiteral("gate")).value_or(QString()).toStdString());
    if (kind)
        tryTo([&] {
            setGate(*kind, number(state, QStringLiteral("mu")).value_or(0.0),
                    number(state, QStringLiteral("sigma")).value_or(1.0));
        });
    if (const auto seed = integer(state, QStringLiteral("seed"), 0, 2'000'000'000)) setSeed(quint64(*seed));
    const auto from = number(state, QStringLiteral("from")), to = number(state, QStringLiteral("to"));
    if (from && to)
        tryTo([&] {
            setRange(*from, *to, integer(state, QStringLiteral("bins"), 2, 10'000).value_or(m_bins));
        });
    if (const auto samples = integer(state, QStringLiteral("samples"), 1, 1'000'000)) setTarget(*samples);
    if (const auto x = number(state, QStringLiteral("x"))) selectX(*x);
    if (const auto speed = number(state, QStringLiteral("speed"))) m_speedBox->setSpeed(*speed);
}

} // namespace gelulab
