#include "depthview.h"

#include "activationpalette.h"
#include "depthplot.h"
#include "plotexport.h"
#include "viewparts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr int kSliderSteps = 1000; // σ_w² in steps of 0.005

int sliderStep(double sigmaW2) {
    return int(std::lround(sigmaW2 / kDepthMaxSigmaW2 * kSliderSteps));
}

QString num(double v, int digits = 6) {
    return QString::number(v, 'g', digits);
}

// The shortest text that reads back as the same double, for the command line.
QString exact(double v) {
    return QString::fromStdString(formatDouble(v));
}

QString fateText(const MeanFieldSummary &s) {
    switch (s.fixedPoint.fate) {
    case DepthFate::FixedPoint:
        return DepthView::tr("q* = %1").arg(num(s.fixedPoint.q));
    case DepthFate::Grows:
        return DepthView::tr("no fixed point: q grows without bound");
    case DepthFate::Vanishes:
        return DepthView::tr("q → 0 (the signal dies)");
    }
    return {};
}

QString phaseText(double chi1) {
    if (std::isnan(chi1)) return DepthView::tr("undefined");
    if (chi1 < 1.0) return DepthView::tr("%1 (ordered: gradients vanish)").arg(num(chi1, 4));
    if (chi1 > 1.0) return DepthView::tr("%1 (chaotic: gradients explode)").arg(num(chi1, 4));
    return DepthView::tr("1, critical");
}

} // namespace

DepthView::DepthView(QWidget *parent)
    : View(parent) {
    // ---- the activations ----
    m_activationBox = new QComboBox;
    fillNetworkActivations(m_activationBox, false);
    m_activationBox->setCurrentIndex(m_activationBox->findData(QStringLiteral("gelu")));
    m_activationBox->setToolTip(tr("The activation studied: its network is simulated below and its χ₁ "
                                   "colours the phase diagram"));
    auto *activationsForm = new QFormLayout;
    activationsForm->addRow(tr("Activation"), m_activationBox);
    const char *defaults[kCompared] = {"relu", "tanh"};
    for (int i = 0; i < kCompared; ++i) {
        auto *check = new QCheckBox(tr("And"));
        check->setChecked(true);
        check->setToolTip(tr("Draw a second activation's maps, fixed point and critical line beside it"));
        auto *box = new QComboBox;
        fillNetworkActivations(box, false);
        box->setCurrentIndex(box->findData(QString::fromLatin1(defaults[i])));
        box->setToolTip(check->toolTip());
        connect(check, &QCheckBox::toggled, box, &QWidget::setEnabled);
        activationsForm->addRow(check, box);
        m_compareChecks[std::size_t(i)] = check;
        m_compareBoxes[std::size_t(i)] = box;
    }
    auto *activationsGroup = new QGroupBox(tr("Activations"));
    activationsGroup->setLayout(activationsForm);

    // ---- initialisation: σ_w², σ_b² ----
    m_sigmaW2Box = new QDoubleSpinBox;
    m_sigmaW2Box->setRange(0.0, kDepthMaxSigmaW2);
    m_sigmaW2Box->setDecimals(5);
    m_sigmaW2Box->setSingleStep(0.05);
    m_sigmaW2Box->setValue(2.0);
    m_sigmaW2Box->setToolTip(tr("σ_w²: each weight is drawn from N(0, σ_w²/N), N the layer's width"));
    m_sigmaW2Slider = new QSlider(Qt::Horizontal);
    m_sigmaW2Slider->setRange(0, kSliderSteps);
    m_sigmaW2Slider->setValue(sliderStep(2.0));
    m_sigmaW2Slider->setToolTip(m_sigmaW2Box->toolTip());
    m_sigmaB2Box = new QDoubleSpinBox;
    m_sigmaB2Box->setRange(0.0, kDepthMaxSigmaB2);
    m_sigmaB2Box->setDecimals(5);
    m_sigmaB2Box->setSingleStep(0.01);
    m_sigmaB2Box->setValue(0.05);
    m_sigmaB2Box->setToolTip(tr("σ_b²: each bias is drawn from N(0, σ_b²)"));
    for (QDoubleSpinBox *box : {m_sigmaW2Box, m_sigmaB2Box})
        box->setKeyboardTracking(false);
    auto *presets = new QHBoxLayout;
    for (const double sigmaW2 : {1.0, 2.0}) {
        QStringList names, rules;
        for (const Initialisation &init : kInitialisations)
            if (init.sigmaW2 == sigmaW2) {
                names << toQString(init.name);
                rules << toQString(init.name) + QStringLiteral(": ") + toQString(init.rule);
            }
        auto *button = new QPushButton(sigmaW2 == 1.0 ? tr("Glorot · LeCun") : tr("He"));
        button->setToolTip(tr("σ_w² = %1, σ_b² = 0 — where %2 put a square layer of width N (biases 0):\n%3")
                               .arg(sigmaW2)
                               .arg(names.join(QStringLiteral(", ")), rules.join(QLatin1Char('\n'))));
        connect(button, &QPushButton::clicked, this, [this, sigmaW2] { setSigmas(sigmaW2, 0.0); });
        presets->addWidget(button);
    }
    m_criticalButton = new QPushButton(tr("Critical σ_w²"));
    m_criticalButton->setToolTip(
        tr("σ_w² where the studied activation's ordered phase ends at this σ_b², just "
           "inside it: the edge of chaos (χ₁ = 1) or, for GELU or SiLU with a bias, "
           "where q* is lost first"));
    connect(m_criticalButton, &QPushButton::clicked, this, &DepthView::goToCritical);
    presets->addWidget(m_criticalButton);
    auto *sigmaForm = new QFormLayout;
    sigmaForm->addRow(QStringLiteral("σ_w²"), m_sigmaW2Box);
    sigmaForm->addRow(QString(), m_sigmaW2Slider);
    sigmaForm->addRow(QStringLiteral("σ_b²"), m_sigmaB2Box);
    sigmaForm->addRow(presets);
    auto *sigmaGroup = new QGroupBox(tr("Initialisation (drag the point in the phase diagram)"));
    sigmaGroup->setLayout(sigmaForm);

    // ---- the network ----
    m_layersBox = new QSpinBox;
    m_layersBox->setRange(1, kMaxDepthLayers);
    m_layersBox->setValue(50);
    m_layersBox->setToolTip(tr("Layers L of the simulated network (and of the predicted series)"));
    m_widthBox = new QSpinBox;
    m_widthBox->setRange(1, kDepthViewMaxWidth);
    m_widthBox->setValue(512);
    m_widthBox->setToolTip(tr("Units N in every layer; the theory is the limit of infinite width"));
    m_q0Box = new QDoubleSpinBox;
    m_q0Box->setRange(0.001, 100.0);
    m_q0Box->setDecimals(3);
    m_q0Box->setValue(1.0);
    m_q0Box->setToolTip(tr("q₀: the inputs' variance (each input unit is N(0, q₀))"));
    m_c0Box = new QDoubleSpinBox;
    m_c0Box->setRange(-1.0, 1.0);
    m_c0Box->setDecimals(3);
    m_c0Box->setSingleStep(0.05);
    m_c0Box->setValue(0.5);
    m_c0Box->setToolTip(tr("c₀: the correlation of the two inputs sent through the network"));
    m_seedBox = new QSpinBox;
    m_seedBox->setRange(0, 2'000'000'000);
    m_seedBox->setValue(1);
    m_seedBox->setToolTip(tr("Seed of the network's weights, biases and inputs"));
    for (QAbstractSpinBox *box :
         std::initializer_list<QAbstractSpinBox *>{m_layersBox, m_widthBox, m_q0Box, m_c0Box, m_seedBox})
        box->setKeyboardTracking(false);
    auto *networkForm = new QFormLayout;
    networkForm->addRow(tr("Layers L"), m_layersBox);
    networkForm->addRow(tr("Width N"), m_widthBox);
    networkForm->addRow(tr("Input variance q₀"), m_q0Box);
    networkForm->addRow(tr("Input correlation c₀"), m_c0Box);
    networkForm->addRow(tr("Seed"), m_seedBox);
    for (QWidget *field :
         std::initializer_list<QWidget *>{m_layersBox, m_widthBox, m_q0Box, m_c0Box, m_seedBox})
        if (QWidget *label = networkForm->labelForField(field)) label->setToolTip(field->toolTip());
    auto *networkGroup = new QGroupBox(tr("Network at initialisation"));
    networkGroup->setLayout(networkForm);

    m_readout = new QLabel;
    m_readout->setWordWrap(true);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Its text wraps to the panel's width and never sets it: a word-wrapped label's preferred width follows
    // its text, and the panel (and the plot beside it) would change width with every new number.
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_command = new QLineEdit;
    m_command->setReadOnly(true);
    m_command->setToolTip(tr("The command line that prints the same numbers (and the network's, layer by "
                             "layer)"));

    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(activationsGroup);
    sideLayout->addWidget(sigmaGroup);
    sideLayout->addWidget(networkGroup);
    sideLayout->addWidget(m_readout);
    sideLayout->addWidget(new QLabel(tr("The same on the command line:")));
    sideLayout->addWidget(m_command);
    sideLayout->addStretch();

    m_plot = new DepthPlot;
    placeSideBySide(this, scrollingSidePanel(side, 400), m_plot, {330, 950});

    m_requestTimer = new QTimer(this);
    m_requestTimer->setSingleShot(true);
    m_requestTimer->setInterval(0);
    connect(m_requestTimer, &QTimer::timeout, this, [this] {
        if (m_stale) request();
    });
    connect(m_worker.get(), &DepthWorker::snapshotReady, this, &DepthView::applySnapshot);
    connect(m_worker.get(), &DepthWorker::failed, this, [this](const QString &message, quint64 generation) {
        m_worker.acceptFailure();
        if (!m_worker.isCurrent(generation)) return;
        m_failure = message;
        m_readout->setText(errorHtml(message));
        emit snapshotShown(); // a wait for this generation ends here
    });

    connect(m_activationBox, qOverload<int>(&QComboBox::currentIndexChanged), this, &DepthView::requestSoon);
    for (int i = 0; i < kCompared; ++i) {
        connect(m_compareChecks[std::size_t(i)], &QCheckBox::toggled, this, &DepthView::requestSoon);
        connect(m_compareBoxes[std::size_t(i)], qOverload<int>(&QComboBox::currentIndexChanged), this,
                &DepthView::requestSoon);
    }
    connect(m_sigmaW2Box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) {
        const QSignalBlocker block(m_sigmaW2Slider);
        m_sigmaW2Slider->setValue(sliderStep(v));
        requestSoon();
    });
    connect(m_sigmaW2Slider, &QSlider::valueChanged, this, [this](int step) {
        const QSignalBlocker block(m_sigmaW2Box);
        m_sigmaW2Box->setValue(step * kDepthMaxSigmaW2 / kSliderSteps);
        requestSoon();
    });
    connect(m_sigmaB2Box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &DepthView::requestSoon);
    for (QSpinBox *box : {m_layersBox, m_widthBox, m_seedBox})
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &DepthView::requestSoon);
    for (QDoubleSpinBox *box : {m_q0Box, m_c0Box})
        connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &DepthView::requestSoon);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *e) { onPlotMouse(e, true); });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *e) { onPlotMouse(e, false); });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this] { m_dragging = false; });
    m_command->setText(commandLine());
    m_command->setCursorPosition(0); // the start of the line in view: the command, then the activation
}

QCustomPlot *DepthView::plot() const {
    return m_plot;
}

std::vector<std::string> DepthView::activationIds() const {
    std::vector<std::string> ids{m_activationBox->currentData().toString().toStdString()};
    for (int i = 0; i < kCompared; ++i) {
        const std::string id = m_compareBoxes[std::size_t(i)]->currentData().toString().toStdString();
        if (m_compareChecks[std::size_t(i)]->isChecked() &&
            std::find(ids.begin(), ids.end(), id) == ids.end())
            ids.push_back(id);
    }
    return ids;
}

DepthNetworkSettings DepthView::settings() const {
    DepthNetworkSettings s;
    s.sigmaW2 = m_sigmaW2Box->value();
    s.sigmaB2 = m_sigmaB2Box->value();
    s.layers = m_layersBox->value();
    s.width = m_widthBox->value();
    s.q0 = m_q0Box->value();
    s.c0 = m_c0Box->value();
    s.seed = std::uint64_t(m_seedBox->value());
    return s;
}

void DepthView::setSigmas(double sigmaW2, double sigmaB2) {
    if (!(sigmaW2 >= 0.0 && sigmaW2 <= kDepthMaxSigmaW2))
        throw std::invalid_argument("σ_w² must be from 0 to " + formatDouble(kDepthMaxSigmaW2));
    if (!(sigmaB2 >= 0.0 && sigmaB2 <= kDepthMaxSigmaB2))
        throw std::invalid_argument("σ_b² must be from 0 to " + formatDouble(kDepthMaxSigmaB2));
    placeSigmas(sigmaW2, sigmaB2);
}

void DepthView::placeSigmas(double sigmaW2, double sigmaB2) {
    const double w = m_sigmaW2Box->value(), b = m_sigmaB2Box->value();
    {
        const QSignalBlocker blockW(m_sigmaW2Box), blockB(m_sigmaB2Box), blockSlider(m_sigmaW2Slider);
        m_sigmaW2Box->setValue(sigmaW2);
        m_sigmaB2Box->setValue(sigmaB2);
        m_sigmaW2Slider->setValue(sliderStep(m_sigmaW2Box->value()));
    }
    if (m_sigmaW2Box->value() != w || m_sigmaB2Box->value() != b) requestSoon();
}

void DepthView::setNetwork(int layers, int width, double q0, double c0, std::uint64_t seed) {
    DepthNetworkSettings s = settings();
    s.layers = layers;
    s.width = width;
    s.q0 = q0;
    s.c0 = c0;
    s.seed = seed;
    if (const std::string problem = depthNetworkProblem(s); !problem.empty())
        throw std::invalid_argument(problem);
    if (width > kDepthViewMaxWidth || q0 < m_q0Box->minimum() || q0 > m_q0Box->maximum() ||
        seed > std::uint64_t(m_seedBox->maximum()))
        throw std::invalid_argument(
            "the view draws networks up to 1,024 wide, q₀ from 0.001 to 100 and seeds "
            "up to 2,000,000,000");
    m_layersBox->setValue(layers);
    m_widthBox->setValue(width);
    m_q0Box->setValue(q0);
    m_c0Box->setValue(c0);
    m_seedBox->setValue(int(seed));
}

void DepthView::setActivations(const std::string &studied, const std::vector<std::string> &compared) {
    const auto indexIn = [](QComboBox *box, const std::string &id) {
        const int index = box->findData(QString::fromStdString(id));
        if (index < 0) throw std::invalid_argument("unknown activation for the Depth view: " + id);
        return index;
    };
    if (compared.size() > std::size_t(kCompared))
        throw std::invalid_argument("the Depth view compares two more activations at most");
    const int first = indexIn(m_activationBox, studied);
    std::vector<int> others;
    for (std::size_t i = 0; i < compared.size(); ++i)
        others.push_back(indexIn(m_compareBoxes[i], compared[i]));
    m_activationBox->setCurrentIndex(first);
    for (std::size_t i = 0; i < std::size_t(kCompared); ++i) {
        m_compareChecks[i]->setChecked(i < others.size());
        if (i < others.size()) m_compareBoxes[i]->setCurrentIndex(others[i]);
    }
}

void DepthView::goToCritical() {
    const std::string id = activationIds().front();
    const double sigmaB2 = m_sigmaB2Box->value();
    // The worker's value for what is shown when it has it: the bisection to the last bit takes a tenth of a
    // second, not to be spent again on the window's thread.
    const DepthCurve *shown = m_snapshot.curves.empty() ? nullptr : &m_snapshot.curves.front();
    const bool known =
        shown && shown->criticalKnown && shown->id == id && m_snapshot.settings.sigmaB2 == sigmaB2;
    const std::optional<CriticalPoint> critical =
        known ? shown->critical : criticalSigmaW2(MeanFieldFunction::of(ActivationInstance(id)), sigmaB2);
    if (!critical || critical->sigmaW2 > kDepthMaxSigmaW2) {
        m_readout->setText(errorHtml(tr("%1 has no critical σ_w² up to %2 at σ_b² = %3")
                                         .arg(m_activationBox->currentText())
                                         .arg(kDepthMaxSigmaW2)
                                         .arg(sigmaB2)));
        return;
    }
    // Rounded down to the box's last decimal: just inside the ordered phase, not just past it.
    m_sigmaW2Box->setValue(std::floor(critical->sigmaW2 * 1e5) / 1e5);
}

void DepthView::requestSoon() {
    m_stale = true;
    m_command->setText(commandLine());
    m_command->setCursorPosition(0);
    if (!isVisible()) return;
    // The first change is asked for at once: a drag's latency counts from the mouse, and the window's repaint
    // of the changed fields would otherwise come first. Further changes in the same pass of the event loop
    // (a preset sets two fields, a session many) wait for the timer, which asks once for all of them.
    if (m_requestTimer->isActive()) return;
    request();
    m_requestTimer->start();
}

void DepthView::showEvent(QShowEvent *event) {
    View::showEvent(event);
    if (m_stale) m_requestTimer->start();
}

void DepthView::request() {
    m_stale = false;
    m_failure.clear();
    DepthRequest r;
    try {
        for (const std::string &id : activationIds())
            r.activations.emplace_back(id);
    } catch (const std::invalid_argument &e) {
        m_failure = QString::fromUtf8(e.what()); // a wait ends here, not on the last snapshot
        m_readout->setText(errorHtml(m_failure));
        emit snapshotShown();
        return;
    }
    r.settings = settings();
    const quint64 generation = m_worker.nextGeneration();
    m_worker->cancel(); // the job in hand stops at its next check; the new one clears the flag
    m_worker.post([r, generation](DepthWorker &w) { w.compute(r, generation); });
}

void DepthView::applySnapshot(const std::shared_ptr<DepthSnapshot> &snapshot) {
    if (!m_worker.accept(snapshot->generation)) return;
    m_snapshot = std::move(*snapshot);
    m_plot->showSnapshot(m_snapshot);
    showReadout();
    emit snapshotShown();
}

bool DepthView::waitUntilDone(int timeoutMs) {
    if (m_stale) {
        m_requestTimer->stop();
        request();
    }
    return runEventsUntil(
               this, &DepthView::snapshotShown,
               [this] {
                   return !m_failure.isEmpty() ||
                          (m_snapshot.done && m_worker.isCurrent(m_snapshot.generation));
               },
               timeoutMs) &&
           m_failure.isEmpty();
}

QString DepthView::readout() const {
    QStringList lines;
    const DepthNetworkSettings &s = m_snapshot.settings;
    lines << tr("At σ_w² = %1, σ_b² = %2:").arg(num(s.sigmaW2)).arg(num(s.sigmaB2));
    for (const DepthCurve &c : m_snapshot.curves) {
        const MeanFieldSummary &m = c.summary;
        QStringList parts{fateText(m)};
        // The studied activation's network starts at q₀, which may lie beyond q*'s reach.
        const VarianceFixedPoint &from = m.fromQ0;
        const bool elsewhere =
            from.fate != m.fixedPoint.fate ||
            (from.fate == DepthFate::FixedPoint && std::abs(from.q - m.fixedPoint.q) > 1e-9 * m.fixedPoint.q);
        if (&c == &m_snapshot.curves.front() && elsewhere)
            parts << tr("but from q₀ = %1 %2")
                         .arg(num(s.q0))
                         .arg(from.fate == DepthFate::FixedPoint ? tr("it settles at q = %1").arg(num(from.q))
                              : from.fate == DepthFate::Grows    ? tr("q grows without bound")
                                                                 : tr("q → 0"));
        if (m.fixedPoint.fate != DepthFate::Grows)
            parts << QStringLiteral("χ₁ = ") + phaseText(m.chi1) +
                         (m.fixedPoint.fate == DepthFate::Vanishes ? tr(" as q → 0") : QString());
        if (m.fixedPoint.fate == DepthFate::FixedPoint && !c.correlationKnown)
            parts << tr("c*, ξ_c: computing…");
        else if (m.fixedPoint.fate == DepthFate::FixedPoint)
            parts << tr("c* = %1, ξ_c = %2")
                         .arg(num(m.cStar, 5))
                         .arg(std::isinf(m.depthScale) ? tr("∞") : num(m.depthScale, 4));
        if (!c.criticalKnown)
            parts << tr("critical σ_w²: computing…");
        else if (c.critical)
            parts << tr("critical σ_w² = %1 (%2)")
                         .arg(num(c.critical->sigmaW2))
                         .arg(c.critical->boundary == DepthBoundary::Chi1 ? tr("χ₁ reaches 1")
                                                                          : tr("q* is lost first"));
        else
            parts << tr("ordered for every σ_w² up to 1,000");
        lines << QString::fromStdString(c.name) + QStringLiteral(": ") + parts.join(QStringLiteral("; "));
    }
    const DepthNetworkResult *n = m_snapshot.network ? &*m_snapshot.network : nullptr;
    const auto last = [](const std::vector<double> &v) { return v.empty() ? std::nan("") : v.back(); };
    const auto first = [](const std::vector<double> &v) { return v.empty() ? std::nan("") : v.front(); };
    if (n && !n->q.empty())
        lines << tr("Network of %1 × %2, simulated in %3 ms. Layer %1: q = %4 (predicted %5), c = %6 "
                    "(predicted %7); at layer 0 ‖δ⁰‖/‖δᴸ‖ = %8 (predicted %9).")
                     .arg(s.layers)
                     .arg(s.width)
                     .arg(m_snapshot.networkSeconds * 1e3, 0, 'f', 0)
                     .arg(num(last(n->q), 4), num(last(m_snapshot.qPredicted), 4))
                     .arg(num(last(n->c), 4),
                          m_snapshot.cPredicted.empty() ? tr("…") : num(last(m_snapshot.cPredicted), 4))
                     .arg(num(first(n->gradNorm), 3), num(first(m_snapshot.gradPredicted), 3));
    return lines.join(QLatin1Char('\n'));
}

void DepthView::showReadout() {
    m_readout->setText(readout());
}

QString DepthView::commandLine() const {
    const std::string id = activationIds().front();
    QString line = QStringLiteral("gelu-lab-cli depth");
    // Custom formulas are numbered in order of registration: define them all up to the one studied.
    const ActivationList custom = customActivations();
    for (std::size_t i = 0; i < custom.size(); ++i) {
        if (std::find_if(custom.begin() + std::ptrdiff_t(i), custom.end(),
                         [&](const auto &row) { return row.get().id == id; }) == custom.end())
            break;
        QString text = toQString(custom[i].get().formula);
        text.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
        line += QStringLiteral(" --formula '%1'").arg(text);
    }
    const DepthNetworkSettings s = settings();
    return line +
           QStringLiteral(" --activation %1 --sigma-w2 %2 --sigma-b2 %3 --layers %4 --width %5 --q0 %6 "
                          "--c0 %7 --seed %8")
               .arg(QString::fromStdString(id), exact(s.sigmaW2), exact(s.sigmaB2))
               .arg(s.layers)
               .arg(s.width)
               .arg(exact(s.q0), exact(s.c0))
               .arg(s.seed);
}

void DepthView::onPlotMouse(QMouseEvent *event, bool press) {
    if (!(event->buttons() & Qt::LeftButton)) return;
    if (press) m_dragging = m_plot->phaseAt(event->position()).has_value();
    if (!m_dragging) return;
    // A drag past the diagram's edge keeps the point on the edge.
    if (const std::optional<QPointF> at = m_plot->phaseAt(event->position(), true)) {
        // Two decimals of σ_w² and three of σ_b²: a pixel is about that much.
        placeSigmas(std::round(at->x() * 100.0) / 100.0, std::round(at->y() * 1000.0) / 1000.0);
    }
}

QString DepthView::exportCsv(const QString &fileName) const {
    QByteArray text = "layer,q_predicted,q_simulated,c_predicted,c_simulated,grad_norm_predicted,"
                      "grad_norm_simulated\n";
    const auto cell = [](const std::vector<double> &v, std::size_t l) {
        return l < v.size() ? QByteArray::number(v[l], 'g', 17) : QByteArray();
    };
    const std::vector<double> none;
    const DepthNetworkResult *n = m_snapshot.network ? &*m_snapshot.network : nullptr;
    for (std::size_t l = 0; l < m_snapshot.qPredicted.size(); ++l)
        text += QByteArray::number(qulonglong(l)) + ',' + cell(m_snapshot.qPredicted, l) + ',' +
                cell(n ? n->q : none, l) + ',' + cell(m_snapshot.cPredicted, l) + ',' +
                cell(n ? n->c : none, l) + ',' + cell(m_snapshot.gradPredicted, l) + ',' +
                cell(n ? n->gradNorm : none, l) + '\n';
    return saveText(fileName, text);
}

QJsonObject DepthView::state() const {
    QJsonArray compared;
    for (int i = 0; i < kCompared; ++i)
        compared.append(QJsonObject{
            {QStringLiteral("checked"), m_compareChecks[std::size_t(i)]->isChecked()},
            {QStringLiteral("activation"), m_compareBoxes[std::size_t(i)]->currentData().toString()}});
    const DepthNetworkSettings s = settings();
    return {{QStringLiteral("activation"), m_activationBox->currentData().toString()},
            {QStringLiteral("compare"), compared},
            {QStringLiteral("sigmaW2"), s.sigmaW2},
            {QStringLiteral("sigmaB2"), s.sigmaB2},
            {QStringLiteral("layers"), s.layers},
            {QStringLiteral("width"), s.width},
            {QStringLiteral("q0"), s.q0},
            {QStringLiteral("c0"), s.c0},
            {QStringLiteral("seed"), double(s.seed)}};
}

void DepthView::restoreState(const QJsonObject &state) {
    if (const auto id = string(state, QStringLiteral("activation"))) {
        const int index = m_activationBox->findData(*id);
        if (index >= 0) m_activationBox->setCurrentIndex(index);
    }
    const QJsonArray compared = state.value(QStringLiteral("compare")).toArray();
    for (qsizetype i = 0; i < std::min<qsizetype>(compared.size(), kCompared); ++i) {
        const QJsonObject run = compared[i].toObject();
        const int index =
            m_compareBoxes[std::size_t(i)]->findData(run.value(QStringLiteral("activation")).toString());
        if (index >= 0) m_compareBoxes[std::size_t(i)]->setCurrentIndex(index);
        if (const auto checked = boolean(run, QStringLiteral("checked")))
            m_compareChecks[std::size_t(i)]->setChecked(*checked);
    }
    const auto w = number(state, QStringLiteral("sigmaW2")), b = number(state, QStringLiteral("sigmaB2"));
    try {
        setSigmas(w.value_or(m_sigmaW2Box->value()), b.value_or(m_sigmaB2Box->value()));
    } catch (const std::invalid_argument &) {
    }
    const DepthNetworkSettings s = settings();
    try {
        setNetwork(
            integer(state, QStringLiteral("layers"), 1, kMaxDepthLayers).value_or(s.layers),
            integer(state, QStringLiteral("width"), 1, kDepthViewMaxWidth).value_or(s.width),
            number(state, QStringLiteral("q0")).value_or(s.q0),
            number(state, QStringLiteral("c0")).value_or(s.c0),
            std::uint64_t(integer(state, QStringLiteral("seed"), 0, 2'000'000'000).value_or(int(s.seed))));
    } catch (const std::invalid_argument &) {
    }
}

} // namespace gelulab
