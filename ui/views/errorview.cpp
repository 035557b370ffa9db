#include "errorview.h"

#include "activationpalette.h"
#include "customactivations.h"
#include "parametereditor.h"
#include "plotexport.h"
#include "precisionplot.h"
#include "viewparts.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

QString formatNumber(double v) {
    return QString::fromStdString(formatDouble(v));
}

void fillActivations(QComboBox *box) {
    for (const Activation &a : activations())
        box->addItem(toQString(a.name) + QStringLiteral("  (") + toQString(a.id) + QStringLiteral(")"),
                     toQString(a.id));
    for (int i = 0; i < box->count(); ++i)
        if (const Activation *row = findActivation(box->itemData(i).toString().toStdString()))
            box->setItemData(i, toQString(row->formula), Qt::ToolTipRole);
}

int indexOfId(QComboBox *box, const QString &id) {
    const int index = box->findData(id);
    if (index < 0) throw std::invalid_argument("unknown activation '" + id.toStdString() + "'");
    return index;
}

} // namespace

ErrorView::ErrorView(QWidget *parent)
    : View(parent) {
    m_approximation = new QComboBox;
    m_reference = new QComboBox;
    fillActivations(m_approximation);
    fillActivations(m_reference);
    m_approximation->setCurrentIndex(indexOfId(m_approximation, QStringLiteral("gelu_tanh")));
    m_reference->setCurrentIndex(indexOfId(m_reference, QStringLiteral("gelu")));
    m_approximation->setToolTip(tr("The function measured: error = approximation − reference (floating "
                                   "point: the activation whose float, bfloat16 and float16 paths are "
                                   "measured)"));
    m_reference->setToolTip(tr("What the approximation is compared with, e.g. the exact GELU x·Φ(x)"));
    m_order = new QComboBox;
    m_order->addItem(tr("f"), 0);
    m_order->addItem(tr("f′"), 1);
    m_order->addItem(tr("f″"), 2);
    m_order->setItemData(0, tr("Compare the function values f(x)"), Qt::ToolTipRole);
    m_order->setItemData(1, tr("Compare the first derivatives f′(x)"), Qt::ToolTipRole);
    m_order->setItemData(2, tr("Compare the second derivatives f″(x)"), Qt::ToolTipRole);
    m_order->setToolTip(tr("Compare f, f′ or f″ (exact derivatives; custom formulas' numerically); "
                           "approximation mode only"));
    m_fromBox = new QDoubleSpinBox;
    m_toBox = new QDoubleSpinBox;
    for (QDoubleSpinBox *box : {m_fromBox, m_toBox}) {
        box->setRange(-1000.0, 1000.0);
        box->setDecimals(4);
        box->setKeyboardTracking(false);
    }
    m_fromBox->setValue(kDefaultFrom);
    m_toBox->setValue(kDefaultTo);
    m_fromBox->setToolTip(tr("Left end of the x range (or drag and zoom the plot; double-click resets it)"));
    m_toBox->setToolTip(tr("Right end of the x range (or drag and zoom the plot; double-click resets it)"));
    m_pointsBox = new QSpinBox;
    m_pointsBox->setRange(2, 1'000'000);
    m_pointsBox->setValue(kDefaultPoints);
    m_pointsBox->setKeyboardTracking(false);
    m_pointsBox->setToolTip(tr("How many evenly spaced x from From to To the error is evaluated at (2 to "
                               "1,000,000)"));

    m_readoutLabel = new QLabel;
    m_readoutLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readoutLabel->setTextFormat(Qt::RichText);
    m_commandLabel = new QLabel;
    m_commandLabel->setWordWrap(true);
    m_commandLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_commandLabel->setToolTip(tr("The same numbers from the command line"));

    m_mode = new QComboBox;
    m_mode->addItem(tr("Approximation error"));
    m_mode->addItem(tr("Floating point"));
    m_mode->setToolTip(tr("Floating point: what float, bfloat16 and float16 (and the naive erf formulas) "
                          "cost the approximation, in ulp of each format, over the negative tail"));
    m_mode->setItemData(0,
                        tr("The approximation minus the reference on a grid: signed, |error| and "
                           "|error|/|reference|, on log axes for the last two"),
                        Qt::ToolTipRole);
    m_mode->setItemData(1,
                        tr("The float path, and input and output rounded to bfloat16 or float16, against "
                           "the accurate double, in ulp of each format; also the naive 0.5·x·(1 + "
                           "erf(x/√2)) in double and float"),
                        Qt::ToolTipRole);
    auto *form = new QFormLayout;
    form->addRow(tr("Mode"), m_mode);
    m_approximationParameters = new QWidget;
    m_referenceParameters = new QWidget;
    for (QWidget *panel : {m_approximationParameters, m_referenceParameters}) {
        auto *panelLayout = new QFormLayout(panel);
        panelLayout->setContentsMargins(12, 0, 0, 0);
    }
    form->addRow(tr("Approximation"), m_approximation);
    form->addRow(m_approximationParameters);
    form->addRow(tr("Reference"), m_reference);
    form->addRow(m_referenceParameters);
    form->addRow(tr("Order"), m_order);
    form->addRow(tr("From"), m_fromBox);
    form->addRow(tr("To"), m_toBox);
    form->addRow(tr("Points"), m_pointsBox);
    for (QWidget *field : std::initializer_list<QWidget *>{m_mode, m_approximation, m_reference, m_order,
                                                           m_fromBox, m_toBox, m_pointsBox})
        if (QWidget *label = form->labelForField(field)) label->setToolTip(field->toolTip());
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addLayout(form);
    m_rangeMessage = new QLabel;
    m_rangeMessage->setWordWrap(true);
    sideLayout->addWidget(m_rangeMessage);
    sideLayout->addWidget(new QLabel(tr("Over the visible range:")));
    sideLayout->addWidget(m_readoutLabel);
    sideLayout->addWidget(m_commandLabel);
    sideLayout->addStretch();

    // Three stacked axis rects sharing x: signed error, |error| (log), relative error (log).
    m_plot = new QCustomPlot;
    m_plot->setMinimumSize(320, 280);
    m_plot->plotLayout()->clear();
    const std::array<QString, 3> labels{tr("error"), tr("|error|"), tr("relative error")};
    for (int row = 0; row < 3; ++row) {
        auto *rect = new QCPAxisRect(m_plot);
        m_plot->plotLayout()->addElement(row, 0, rect);
        rect->axis(QCPAxis::atLeft)->setLabel(labels[std::size_t(row)]);
        rect->axis(QCPAxis::atBottom)->setLabel(row == 2 ? QStringLiteral("x") : QString());
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        if (row > 0) {
            rect->axis(QCPAxis::atLeft)->setScaleType(QCPAxis::stLogarithmic);
            rect->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
            rect->axis(QCPAxis::atLeft)->setNumberFormat(QStringLiteral("eb"));
            rect->axis(QCPAxis::atLeft)->setNumberPrecision(0);
        }
        rect->axis(QCPAxis::atBottom)->grid()->setSubGridVisible(true);
        auto *graph = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        graph->setAdaptiveSampling(true);
    }
    // Keep the left axes aligned.
    auto *group = new QCPMarginGroup(m_plot);
    for (QCPAxisRect *rect : m_plot->axisRects())
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    for (QCPAxisRect *rect : m_plot->axisRects())
        connect(rect->axis(QCPAxis::atBottom), qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
                [this](const QCPRange &) { onRangeChanged(); });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this,
            [this](QMouseEvent *) { setRange(kDefaultFrom, kDefaultTo, m_points); });

    // Floating-point mode: one plot, ulp error on a log axis, one graph per case.
    m_precisionPlot = new PrecisionPlot;
    connect(m_precisionPlot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this](const QCPRange &) { onRangeChanged(); });
    connect(m_precisionPlot, &QCustomPlot::mouseDoubleClick, this,
            [this](QMouseEvent *) { setRange(kDefaultPrecisionFrom, kDefaultPrecisionTo, m_points); });
    m_plots = new QStackedWidget;
    m_plots->addWidget(m_plot);
    m_plots->addWidget(m_precisionPlot);
    connect(m_mode, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        // Each mode keeps its own range: the tail for floating point, [−8, 8] for approximations.
        std::swap(m_from, m_otherFrom);
        std::swap(m_to, m_otherTo);
        std::swap(m_points, m_otherPoints);
        m_plots->setCurrentIndex(index);
        m_order->setEnabled(index == 0);
        recompute();
    });

    // The side panel scrolls when the window is too short for every read-out.
    QScrollArea *sideScroll = scrollingSidePanel(side, 380);
    placeSideBySide(this, sideScroll, m_plots, {400, 880});

    connect(m_approximation, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { onActivationChosen(false); });
    connect(m_reference, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { onActivationChosen(true); });
    connect(m_order, qOverload<int>(&QComboBox::currentIndexChanged), this, &ErrorView::recompute);
    connect(CustomActivations::instance(), &CustomActivations::added, this,
            &ErrorView::onCustomActivationAdded);
    // A reversed range is said, not silently ignored; the plot keeps the last valid one.
    const auto rangeEdited = [this] {
        if (m_updating) return;
        if (m_fromBox->value() < m_toBox->value()) {
            m_rangeMessage->clear();
            setRange(m_fromBox->value(), m_toBox->value(), m_points);
        } else {
            m_rangeMessage->setText(errorHtml(tr("From must be less than To: the plot keeps %1 to %2")
                                                  .arg(m_from, 0, 'g', 6)
                                                  .arg(m_to, 0, 'g', 6)));
        }
    };
    connect(m_fromBox, qOverload<double>(&QDoubleSpinBox::valueChanged), this, rangeEdited);
    connect(m_toBox, qOverload<double>(&QDoubleSpinBox::valueChanged), this, rangeEdited);
    connect(m_pointsBox, qOverload<int>(&QSpinBox::valueChanged), this, [this](int points) {
        if (!m_updating) setRange(m_from, m_to, points);
    });
    rebuildParameterEditor(false);
    rebuildParameterEditor(true);
    recompute();
}

void ErrorView::onActivationChosen(bool ofReference) {
    ActivationInstance &instance = ofReference ? m_referenceInstance : m_approximationInstance;
    const QString id = (ofReference ? m_reference : m_approximation)->currentData().toString();
    instance = ActivationInstance(id.toStdString());
    rebuildParameterEditor(ofReference);
    recompute();
}

void ErrorView::rebuildParameterEditor(bool ofReference) {
    QWidget *panel = ofReference ? m_referenceParameters : m_approximationParameters;
    auto *form = static_cast<QFormLayout *>(panel->layout());
    while (form->rowCount() > 0)
        form->removeRow(0);
    const ActivationInstance &instance = ofReference ? m_referenceInstance : m_approximationInstance;
    const Activation &a = instance.activation();
    for (std::size_t i = 0; i < a.parameters.size(); ++i) {
        const ParameterSpec &spec = a.parameters[i];
        QDoubleSpinBox *box = newParameterSpinBox(spec, instance.parameters()[i]);
        box->setKeyboardTracking(false);
        const QString name = toQString(spec.name);
        connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
                [this, ofReference, name, spec](double value) {
                    const double v = parameterFromEditor(spec, value);
                    try {
                        setParameter(ofReference, name, v);
                    } catch (const std::invalid_argument &) {
                        // An inconsistent combination (lower > upper): keep the last valid values.
                    }
                });
        form->addRow(toQString(spec.symbol), box);
        if (QWidget *label = form->labelForField(box)) label->setToolTip(box->toolTip());
    }
}

void ErrorView::setApproximationParameter(const QString &name, double value) {
    setParameter(false, name, value);
}

void ErrorView::setReferenceParameter(const QString &name, double value) {
    setParameter(true, name, value);
}

void ErrorView::setParameter(bool ofReference, const QString &name, double value) {
    (ofReference ? m_referenceInstance : m_approximationInstance).setParameter(name.toStdString(), value);
    if (QDoubleSpinBox *box = parameterBox(ofReference, name); box && std::isfinite(value)) {
        const QSignalBlocker block(box);
        box->setValue(value);
    }
    recompute();
}

QDoubleSpinBox *ErrorView::parameterBox(bool ofReference, const QString &name) const {
    return (ofReference ? m_referenceParameters : m_approximationParameters)
        ->findChild<QDoubleSpinBox *>(name);
}

void ErrorView::onCustomActivationAdded(const QString &id) {
    const Activation *row = findActivation(id.toStdString());
    if (!row) return;
    for (QComboBox *box : {m_approximation, m_reference}) {
        if (box->findData(id) >= 0) continue;
        const QSignalBlocker block(box);
        box->addItem(toQString(row->name) + QStringLiteral("  (") + id + QStringLiteral(")"), id);
        box->setItemData(box->count() - 1, toQString(row->formula), Qt::ToolTipRole);
    }
}

void ErrorView::setApproximation(const QString &id) {
    m_approximation->setCurrentIndex(indexOfId(m_approximation, id));
}

void ErrorView::setReference(const QString &id) {
    m_reference->setCurrentIndex(indexOfId(m_reference, id));
}

void ErrorView::setOrder(int order) {
    if (order < 0 || order > 2) throw std::invalid_argument("the order must be 0, 1 or 2");
    m_order->setCurrentIndex(order);
}

void ErrorView::setRange(double from, double to, int points) {
    if (!std::isfinite(from) || !std::isfinite(to) || !(from < to) || points < 2 || points > 1'000'000)
        throw std::invalid_argument("the range needs finite from < to and 2 to 1,000,000 points");
    checkPlotRange(from, to);
    m_from = from;
    m_to = to;
    m_points = points;
    m_rangeMessage->clear();
    recompute();
}

QString ErrorView::approximationId() const {
    return m_approximation->currentData().toString();
}

QString ErrorView::referenceId() const {
    return m_reference->currentData().toString();
}

int ErrorView::order() const {
    return m_order->currentData().toInt();
}

QCustomPlot *ErrorView::plot() const {
    return mode() == Mode::FloatingPoint ? m_precisionPlot : m_plot;
}

void ErrorView::setMode(Mode mode) {
    m_mode->setCurrentIndex(mode == Mode::FloatingPoint ? 1 : 0);
}

void ErrorView::openAs(const QString &name) {
    if (name == QLatin1String("precision")) setMode(Mode::FloatingPoint);
}

ErrorView::Mode ErrorView::mode() const {
    return m_mode->currentIndex() == 1 ? Mode::FloatingPoint : Mode::Approximation;
}

std::vector<PrecisionCase> ErrorView::precisionCases() const {
    std::vector<PrecisionCase> cases{PrecisionCase::Float, PrecisionCase::BFloat16, PrecisionCase::Float16};
    if (m_referenceInstance.id() == "gelu" && m_referenceInstance.activation().parameters.empty()) {
        cases.push_back(PrecisionCase::NaiveDouble);
        cases.push_back(PrecisionCase::NaiveFloat);
    }
    return cases;
}

const PrecisionStatistics &ErrorView::precisionStatistics(PrecisionCase c) const {
    for (const auto &[which, statistics] : m_precisionStatistics)
        if (which == c) return statistics;
    throw std::invalid_argument("this case is not drawn");
}

void ErrorView::onRangeChanged() {
    if (m_updating) return;
    // A drag or wheel zoom on any of the plots: follow it with the same number of points.
    QCPRange range;
    for (QCPAxisRect *rect : plot()->axisRects())
        if (rect->axis(QCPAxis::atBottom)->range() != QCPRange(m_from, m_to))
            range = rect->axis(QCPAxis::atBottom)->range();
    if (range.size() <= 0.0 || !std::isfinite(range.lower) || !std::isfinite(range.upper)) return;
    m_from = range.lower;
    m_to = range.upper;
    recompute();
}

void ErrorView::recompute() {
    if (m_updating) return;
    if (mode() == Mode::FloatingPoint) {
        recomputePrecision();
        return;
    }
    m_updating = true;
    const ActivationInstance &approximation = m_approximationInstance;
    const ActivationInstance &reference = m_referenceInstance;
    const int k = order();
    // One evaluation serves both the plots and the read-outs (the same grid and statistics as `error`).
    m_x = uniformGrid(m_from, m_to, m_points);
    m_approximationValues.assign(m_x.size(), 0.0);
    m_referenceValues.assign(m_x.size(), 0.0);
    approximation.evaluate(m_x, m_approximationValues, k);
    reference.evaluate(m_x, m_referenceValues, k);
    m_statistics = approximationError(m_x, m_approximationValues, m_referenceValues);

    QVector<double> keys(m_x.begin(), m_x.end()), signedError(keys.size()), absolute(keys.size()),
        relative(keys.size());
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const double e = m_approximationValues[std::size_t(i)] - m_referenceValues[std::size_t(i)];
        signedError[i] = e;
        absolute[i] = std::abs(e) > 0.0 ? std::abs(e) : qQNaN(); // a gap on the log axis where they agree
        const double r = std::abs(m_referenceValues[std::size_t(i)]);
        relative[i] = r > 1e-300 && std::abs(e) > 0.0 ? std::abs(e) / r : qQNaN();
    }
    const QColor colour = activationColor(approximationId());
    const std::array<QVector<double> *, 3> series{&signedError, &absolute, &relative};
    for (int row = 0; row < 3; ++row) {
        QCPGraph *graph = m_plot->graph(row);
        graph->setData(keys, *series[std::size_t(row)], true);
        graph->setPen(QPen(colour, 1.6));
        graph->setName(approximationId());
        QCPAxisRect *rect = m_plot->axisRect(row);
        rect->axis(QCPAxis::atBottom)->setRange(m_from, m_to);
        bool found = false;
        QCPRange values = graph->getValueRange(found, QCP::sdBoth);
        if (!found) values = row == 0 ? QCPRange(-1.0, 1.0) : QCPRange(1e-17, 1.0);
        if (row == 0) {
            const double margin = std::max(0.08 * values.size(), 1e-300);
            rect->axis(QCPAxis::atLeft)->setRange(values.lower - margin, values.upper + margin);
        } else {
            rect->axis(QCPAxis::atLeft)->setRange(values.lower / 3.0, values.upper * 3.0);
        }
    }
    const QSignalBlocker blockFrom(m_fromBox), blockTo(m_toBox), blockPoints(m_pointsBox);
    m_fromBox->setValue(m_from);
    m_toBox->setValue(m_to);
    m_pointsBox->setValue(m_points);
    m_rangeMessage->clear(); // the boxes show the range in use again
    m_readoutLabel->setText(QStringLiteral("<pre>%1</pre>").arg(readout().toHtmlEscaped()));
    m_commandLabel->setText(
        QStringLiteral("<small><code>%1</code></small>").arg(commandLine().toHtmlEscaped()));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_updating = false;
    emit statisticsChanged();
}

void ErrorView::recomputePrecision() {
    m_updating = true;
    const std::vector<double> x = uniformGrid(m_from, m_to, m_points);
    m_precision.clear();
    m_precisionStatistics.clear();
    for (const PrecisionCase c : precisionCases()) {
        std::vector<PrecisionPoint> points =
            precisionErrors(c, m_approximationInstance, m_referenceInstance, x);
        m_precisionStatistics.emplace_back(c, gelulab::precisionStatistics(points));
        m_precision.emplace_back(c, std::move(points));
    }
    m_precisionPlot->showErrors(x, m_precision, approximationId());

    const QSignalBlocker blockFrom(m_fromBox), blockTo(m_toBox), blockPoints(m_pointsBox);
    m_fromBox->setValue(m_from);
    m_toBox->setValue(m_to);
    m_pointsBox->setValue(m_points);
    m_rangeMessage->clear(); // the boxes show the range in use again
    // A compact table with the command line's digits: one row per case.
    QString table = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\"><tr><th align=\"left\">%1</th>"
                                   "<th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                        .arg(tr("case"), tr("max ulp"), tr("at x"), tr("median"), tr("rounded"));
    for (const auto &[c, statistics] : m_precisionStatistics) {
        const PrecisionTexts t = format(statistics);
        table += QStringLiteral("<tr><td><span style=\"color:%1\">■</span> %2</td><td align=\"right\">%3</td>"
                                "<td align=\"right\">%4</td><td align=\"right\">%5</td>"
                                "<td align=\"right\">%6 %</td></tr>")
                     .arg(PrecisionPlot::caseColor(c).name(), toQString(idOf(c)),
                          QString::fromStdString(t.maxError), QString::fromStdString(t.at),
                          QString::fromStdString(t.medianError), QString::fromStdString(t.correctlyRounded));
        if (statistics.zeroUpTo)
            table += QStringLiteral("<tr><td></td><td colspan=\"4\"><i>%1: %2</i></td></tr>")
                         .arg(tr("lost outputs"), QString::fromStdString(t.lost));
    }
    table += QStringLiteral("</table>");
    m_readoutLabel->setText(table);
    m_commandLabel->setText(QStringLiteral("<small><code>%1</code></small>")
                                .arg(commandLine().toHtmlEscaped().replace('\n', "<br>")));
    m_precisionPlot->replot(QCustomPlot::rpQueuedReplot);
    m_updating = false;
    emit statisticsChanged();
}

QString ErrorView::readout() const {
    if (mode() == Mode::FloatingPoint) {
        QStringList parts;
        for (const auto &[c, statistics] : m_precisionStatistics)
            parts << PrecisionPlot::caseLabel(c, approximationId()) + QStringLiteral(":\n") +
                         QString::fromStdString(describe(statistics));
        return parts.join(QLatin1Char('\n'));
    }
    return QString::fromStdString(describe(m_statistics));
}

QString ErrorView::commandLine() const {
    // Custom formulas are numbered in order of registration, so the command line defines them all up to the
    // highest one it uses.
    int customCount = 0;
    const ActivationList custom = customActivations();
    for (std::size_t i = 0; i < custom.size(); ++i)
        if (toQString(custom[i].get().id) == approximationId() ||
            toQString(custom[i].get().id) == referenceId())
            customCount = int(i) + 1;
    QString line = QStringLiteral("gelu-lab-cli error");
    for (int i = 0; i < customCount; ++i) {
        QString text = toQString(custom[std::size_t(i)].get().formula);
        text.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
        line += QStringLiteral(" --formula '%1'").arg(text);
    }
    line += QStringLiteral(" --function %1 --reference %2").arg(approximationId(), referenceId());
    // --param sets every chosen function that has the name; --reference-param then sets the reference's own.
    QStringList shared;
    const Activation &a = m_approximationInstance.activation();
    for (std::size_t i = 0; i < a.parameters.size(); ++i)
        if (m_approximationInstance.parameters()[i] != a.parameters[i].defaultValue) {
            shared << toQString(a.parameters[i].name);
            line += QStringLiteral(" --param %1=%2")
                        .arg(shared.back(), formatNumber(m_approximationInstance.parameters()[i]));
        }
    const Activation &r = m_referenceInstance.activation();
    for (std::size_t i = 0; i < r.parameters.size(); ++i)
        if (m_referenceInstance.parameters()[i] != r.parameters[i].defaultValue ||
            shared.contains(toQString(r.parameters[i].name)))
            line +=
                QStringLiteral(" --reference-param %1=%2")
                    .arg(toQString(r.parameters[i].name), formatNumber(m_referenceInstance.parameters()[i]));
    if (mode() == Mode::FloatingPoint) {
        QStringList lines;
        const QString tail = QStringLiteral(" --from %1 --to %2 --points %3")
                                 .arg(formatNumber(m_from), formatNumber(m_to))
                                 .arg(m_points);
        for (const PrecisionCase c : precisionCases())
            lines << (isNaive(c) ? QStringLiteral("gelu-lab-cli error") : line) +
                         QStringLiteral(" --precision ") + toQString(idOf(c)) + tail;
        return lines.join(QLatin1Char('\n'));
    }
    return line + QStringLiteral(" --order %1 --from %2 --to %3 --points %4")
                      .arg(order())
                      .arg(formatNumber(m_from), formatNumber(m_to))
                      .arg(m_points);
}

QString ErrorView::exportCsv(const QString &fileName) const {
    if (mode() == Mode::FloatingPoint) {
        QByteArray text = "x";
        for (const auto &[c, points] : m_precision) {
            const QByteArray id = QByteArray(idOf(c).data(), qsizetype(idOf(c).size()));
            text += ',' + id + ":input," + id + ":value," + id + ":reference," + id + ":ulp_error";
        }
        text += '\n';
        const std::vector<double> x = uniformGrid(m_from, m_to, m_points);
        for (std::size_t i = 0; i < x.size(); ++i) {
            text += QByteArray::number(x[i], 'g', 17);
            for (const auto &[c, points] : m_precision) {
                const PrecisionPoint &p = points[i];
                text += ',' + QByteArray::number(p.input, 'g', 17) + ',' +
                        QByteArray::number(p.value, 'g', 17) + ',' +
                        QByteArray::number(p.reference, 'g', 17) + ',' +
                        (std::isnan(p.ulpError) ? QByteArray() : QByteArray::number(p.ulpError, 'g', 6));
            }
            text += '\n';
        }
        return saveText(fileName, text);
    }
    QByteArray text =
        QStringLiteral("x,%1,%2,error,relative_error\n").arg(approximationId(), referenceId()).toUtf8();
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        const double e = m_approximationValues[i] - m_referenceValues[i];
        const double r = std::abs(m_referenceValues[i]);
        text += QByteArray::number(m_x[i], 'g', 17) + ',' +
                QByteArray::number(m_approximationValues[i], 'g', 17) + ',' +
                QByteArray::number(m_referenceValues[i], 'g', 17) + ',' + QByteArray::number(e, 'g', 17) +
                ',' + (r > 1e-300 ? QByteArray::number(std::abs(e) / r, 'g', 17) : QByteArray()) + '\n';
    }
    return saveText(fileName, text);
}

namespace {

QJsonObject parametersOf(const ActivationInstance &instance) {
    QJsonObject values;
    for (std::size_t i = 0; i < instance.activation().parameters.size(); ++i)
        values.insert(QString::fromUtf8(instance.activation().parameters[i].name.data(),
                                        qsizetype(instance.activation().parameters[i].name.size())),
                      instance.parameters()[i]);
    return values;
}

} // namespace

QJsonObject ErrorView::state() const {
    return {{QStringLiteral("mode"),
             mode() == Mode::FloatingPoint ? QStringLiteral("precision") : QStringLiteral("approximation")},
            {QStringLiteral("approximation"), approximationId()},
            {QStringLiteral("approximationParameters"), parametersOf(m_approximationInstance)},
            {QStringLiteral("reference"), referenceId()},
            {QStringLiteral("referenceParameters"), parametersOf(m_referenceInstance)},
            {QStringLiteral("order"), order()},
            {QStringLiteral("from"), m_from},
            {QStringLiteral("to"), m_to},
            {QStringLiteral("points"), m_points}};
}

void ErrorView::restoreState(const QJsonObject &state) {
    // Each setter validates and throws before it changes anything: a value it refuses is skipped.
    const auto tryTo = [](auto &&apply) {
        try {
            apply();
        } catch (const std::invalid_argument &) {
        }
    };
    const std::optional<QString> mode = string(state, QStringLiteral("mode"));
    if (mode == QLatin1String("precision")) setMode(Mode::FloatingPoint);
    if (mode == QLatin1String("approximation")) setMode(Mode::Approximation);
    for (const bool ofReference : {false, true}) {
        const QString key = ofReference ? QStringLiteral("reference") : QStringLiteral("approximation");
        if (const std::optional<QString> id = string(state, key))
            tryTo([&] { ofReference ? setReference(*id) : setApproximation(*id); });
        const QJsonObject values = state.value(key + QStringLiteral("Parameters")).toObject();
        for (auto it = values.begin(); it != values.end(); ++it)
            if (it.value().isDouble())
                tryTo([&] { setParameter(ofReference, it.key(), it.value().toDouble()); });
    }
    if (const auto order = integer(state, QStringLiteral("order"), 0, 2)) setOrder(*order);
    const auto from = number(state, QStringLiteral("from")), to = number(state, QStringLiteral("to"));
    const auto points = integer(state, QStringLiteral("points"), 2, 1'000'000);
    if (from && to) tryTo([&] { setRange(*from, *to, points.value_or(m_points)); });
}

} // namespace gelulab
