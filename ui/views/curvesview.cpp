#include "curvesview.h"

#include "speedbox.h"

#include "activationpalette.h"
#include "activationtree.h"
#include "approximation.h"
#include "curvesplot.h"
#include "custom_formula.h"
#include "customactivations.h"
#include "formulaeditor.h"
#include "notablepointslayer.h"
#include "parametereditor.h"
#include "plotexport.h"
#include "viewparts.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

const std::array<QString, 3> kOrderSuffix{QString(), QStringLiteral("′"), QStringLiteral("″")};
const std::array<Qt::PenStyle, 3> kOrderPenStyle{Qt::SolidLine, Qt::DashLine, Qt::DotLine};

QString formatValue(double v) {
    return QString::number(v, 'g', 10);
}

} // namespace

CurvesView::CurvesView(QWidget *parent)
    : View(parent) {
    for (const Activation &a : activations())
        m_instances.emplace_back(a);
    buildControls();
    // The parameters' panel keeps the height of the largest (the general GELU's two parameters and its
    // animation), so that choosing an activation never moves the list or the fields under the mouse.
    m_parameterEditor->edit(activation(QStringLiteral("gelu_general")), m_animationRow);
    m_parameterEditor->setMinimumHeight(m_parameterEditor->sizeHint().height());
    setCheckedActivations({QStringLiteral("gelu")});
    setEditedActivation(QStringLiteral("gelu"));
    resetView();
}

CurvesView::~CurvesView() = default;

void CurvesView::buildControls() {
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search activations"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Show only the activations whose name or id contains this text"));

    m_list = new ActivationTree;

    m_formulaEditor = new FormulaEditor;
    m_formulaStatus = new QLabel;
    m_formulaStatus->setWordWrap(true);
    m_formulaStatus->hide();
    connect(m_formulaEditor, &FormulaEditor::addRequested, this, &CurvesView::addFormula);

    auto *orders = new QHBoxLayout;
    const std::array<QString, 3> labels{tr("f"), tr("f′"), tr("f″")};
    for (int k = 0; k < 3; ++k) {
        auto *box = new QCheckBox(labels[std::size_t(k)]);
        box->setToolTip(k == 0   ? tr("Plot the ticked functions f themselves (solid lines)")
                        : k == 1 ? tr("Plot their first derivatives f′ (dashed lines)")
                                 : tr("Plot their second derivatives f″ (dotted lines)"));
        box->setChecked(k < 2);
        m_orderBoxes[std::size_t(k)] = box;
        orders->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &CurvesView::rebuildGraphs);
    }
    orders->addStretch();
    m_stackedBox = new QCheckBox(tr("Stacked"));
    m_stackedBox->setToolTip(tr("f, f′ and f″ in plots of their own, sharing the x axis"));
    connect(m_stackedBox, &QCheckBox::toggled, this, &CurvesView::rebuildGraphs);
    orders->addWidget(m_stackedBox);
    m_notableBox = new QCheckBox(tr("Notable points"));
    m_notableBox->setToolTip(
        tr("Mark the extrema (f′ = 0) and inflection points (f″ = 0) of the visible curves f, with their "
           "values"));
    m_notableBox->setChecked(true);
    connect(m_notableBox, &QCheckBox::toggled, this, &CurvesView::updateNotablePoints);
    auto *resetButton = new QPushButton(tr("Reset view"));
    resetButton->setToolTip(tr("Back to x ∈ [−4, 4] (or double-click the plot)"));
    connect(resetButton, &QPushButton::clicked, this, &CurvesView::resetView);

    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_search);
    sideLayout->addWidget(m_list, 1);
    sideLayout->addWidget(m_formulaEditor);
    sideLayout->addWidget(m_formulaStatus);
    sideLayout->addWidget(new QLabel(tr("Show")));
    sideLayout->addLayout(orders);
    sideLayout->addWidget(m_notableBox);
    sideLayout->addWidget(resetButton);
    m_parameterEditor = new ParameterEditor;
    connect(m_parameterEditor, &ParameterEditor::parameterChanged, this, &CurvesView::applyParameter);
    m_animateButton = new QPushButton(tr("Animate σ → 0"));
    m_animateButton->setToolTip(tr("Sweep σ of the general GELU x·Φ((x − μ)/σ) from 1 to 0: it turns into "
                                   "x·[x > μ], ReLU for μ = 0 (the paper's remark); click again to stop"));
    m_settle = new QTimer(this);
    m_settle->setSingleShot(true);
    m_settle->setInterval(250);
    connect(m_settle, &QTimer::timeout, this, [this] {
        m_interactive = false;
        applyPens();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    m_animation = new QTimer(this);
    m_animationSpeed = new SpeedBox(tr("step"), tr("steps"), tr("As fast as possible"));
    m_animationSpeed->setToolTip(
        tr("How fast σ falls: this many steps of 0.02 in σ a second (50 steps from 1 "
           "to 0)"));
    m_animationSpeed->setSpeed(30.0);
    m_animation->setInterval(1000 / 30);
    connect(m_animationSpeed, &SpeedBox::speedChanged, this,
            [this](double speed) { m_animation->setInterval(speed > 0 ? int(1000.0 / speed) : 0); });
    m_animationRow = new QWidget;
    auto *animationLayout = new QHBoxLayout(m_animationRow);
    animationLayout->setContentsMargins(0, 0, 0, 0);
    animationLayout->addWidget(m_animateButton);
    animationLayout->addWidget(m_animationSpeed);
    connect(m_animation, &QTimer::timeout, this, &CurvesView::animationStep);
    connect(m_animateButton, &QPushButton::clicked, this, [this] {
        if (m_animation->isActive()) {
            m_animation->stop();
            return;
        }
        setEditedActivation(QStringLiteral("gelu_general"));
        const std::vector<double> start{activation(QStringLiteral("gelu_general")).parameter("mu"), 1.0};
        setActivationParameters(QStringLiteral("gelu_general"), start);
        if (!checkedActivations().contains(QStringLiteral("gelu_general")))
            setActivationChecked(QStringLiteral("gelu_general"), true);
        rebuildParameterEditor();
        m_animation->start();
    });
    sideLayout->insertWidget(sideLayout->count() - 1, m_parameterEditor);

    m_plot = new CurvesPlot;
    m_notable = std::make_unique<NotablePointsLayer>(m_plot);

    placeSideBySide(this, scrollingSidePanel(side, 320), m_plot, {290, 1000});

    connect(m_list, &ActivationTree::currentActivationChanged, this, &CurvesView::setEditedActivation);
    connect(m_list, &ActivationTree::checkedChanged, this, &CurvesView::rebuildGraphs);
    connect(m_list, &ActivationTree::activationAdded, this,
            [this](const QString &id) { m_instances.emplace_back(*findActivation(id.toStdString())); });
    connect(m_search, &QLineEdit::textChanged, m_list, &ActivationTree::filter);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &CurvesView::resample);
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] { m_notable->placeLabels(); });
    connect(m_plot, &QCustomPlot::mouseMove, this, &CurvesView::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &CurvesView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) { resetView(); });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this](QWheelEvent *) { beginInteractiveDrawing(); });
}

QTreeWidgetItem *CurvesView::itemFor(const QString &id) const {
    return m_list->itemFor(id);
}

std::size_t CurvesView::indexOf(const QString &id) const {
    const std::string key = id.toStdString();
    for (std::size_t i = 0; i < m_instances.size(); ++i)
        if (m_instances[i].id() == key) return i;
    throw std::invalid_argument("unknown activation '" + key + "'");
}

QStringList CurvesView::checkedActivations() const {
    QStringList ids;
    for (const ActivationInstance &instance : m_instances) {
        const QString id = toQString(instance.id());
        if (m_list->isChecked(id)) ids << id;
    }
    return ids;
}

void CurvesView::setActivationChecked(const QString &id, bool checked) {
    QTreeWidgetItem *item = itemFor(id);
    if (!item) throw std::invalid_argument("unknown activation '" + id.toStdString() + "'");
    item->setCheckState(0, checked ? Qt::Checked : Qt::Unchecked);
}

void CurvesView::setCheckedActivations(const QStringList &ids) {
    for (const QString &id : ids)
        if (!itemFor(id)) throw std::invalid_argument("unknown activation '" + id.toStdString() + "'");
    m_list->setChecked(ids); // rebuilds the graphs
}

bool CurvesView::isOrderVisible(int order) const {
    return m_orderBoxes[std::size_t(order)]->isChecked();
}

void CurvesView::setOrderVisible(int order, bool visible) {
    m_orderBoxes[std::size_t(order)]->setChecked(visible);
}

const ActivationInstance &CurvesView::activation(const QString &id) const {
    return m_instances[indexOf(id)];
}

void CurvesView::setActivationParameters(const QString &id, std::span<const double> values) {
    m_instances[indexOf(id)].setParameters(values);
    resample();
}

void CurvesView::setSampleCount(int samples) {
    if (samples < 2 || samples > 100'000)
        throw std::invalid_argument("the sample count must be from 2 to 100,000");
    m_samples = samples;
    resample();
}

void CurvesView::setXRange(double from, double to) {
    checkPlotRange(from, to);
    m_plot->xAxis->setRange(from, to); // resample() follows through rangeChanged
}

void CurvesView::resetView() {
    setXRange(kDefaultFrom, kDefaultTo);
    fitValueAxis();
}

void CurvesView::fitValueAxis() {
    // Each plot's y axis to the curves it holds (one plot unless stacked).
    for (QCPAxisRect *rect : m_plot->axisRects()) {
        bool found = false;
        QCPRange range;
        for (int i = 0; i < m_plot->graphCount(); ++i) {
            QCPGraph *g = m_plot->graph(i);
            if (g->valueAxis() != rect->axis(QCPAxis::atLeft)) continue;
            bool ok = false;
            const QCPRange r = g->getValueRange(ok, QCP::sdBoth, m_plot->xAxis->range());
            if (!ok) continue;
            range = found ? QCPRange(std::min(range.lower, r.lower), std::max(range.upper, r.upper)) : r;
            found = true;
        }
        if (!found) range = QCPRange(-1.0, 1.0);
        const double margin = std::max(0.06 * range.size(), 0.05);
        rect->axis(QCPAxis::atLeft)->setRange(range.lower - margin, range.upper + margin);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QCPGraph *CurvesView::graph(const QString &id, int order) const {
    const auto it = m_graphs.constFind(id);
    return it == m_graphs.constEnd() ? nullptr : it.value()[std::size_t(order)];
}

void CurvesView::setStacked(bool stacked) const {
    m_stackedBox->setChecked(stacked);
}

bool CurvesView::isStacked() const {
    return m_stackedBox->isChecked();
}

void CurvesView::rebuildGraphs() {
    m_plot->clearGraphs();
    m_graphs.clear();
    m_estimatedErrors.clear();
    m_notable->forgetGraphs(); // deleted with the others
    m_plot->arrange(isStacked(), {isOrderVisible(0), isOrderVisible(1), isOrderVisible(2)});
    for (const QString &id : checkedActivations()) {
        const ActivationInstance &instance = activation(id);
        std::array<QCPGraph *, 3> graphs{};
        bool named = false;
        for (int order = 0; order < 3; ++order) {
            if (!isOrderVisible(order)) continue;
            QCPAxisRect *rect = m_plot->rectFor(order);
            QCPGraph *g = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            // Stacked, each plot is one order: the legend names each activation once.
            if (isStacked()) {
                g->setName(toQString(instance.activation().name));
                if (named) g->removeFromLegend();
                named = true;
            } else {
                g->setName(toQString(instance.activation().name) + QStringLiteral(" — f") +
                           kOrderSuffix[std::size_t(order)]);
            }
            g->setAdaptiveSampling(false); // every sample is an exact function value
            graphs[std::size_t(order)] = g;
        }
        m_graphs.insert(id, graphs);
    }
    applyPens();
    resample();
    fitValueAxis();
    emit curvesChanged();
}

void CurvesView::resample() {
    const QCPRange range = m_plot->xAxis->range();
    m_plot->followXRange();
    for (auto it = m_graphs.constBegin(); it != m_graphs.constEnd(); ++it) {
        const ActivationInstance &instance = activation(it.key());
        // An even grid, plus both sides of every kink inside the range so that corners and jumps are sharp.
        QVector<double> keys;
        keys.reserve(m_samples + 8);
        for (int i = 0; i < m_samples; ++i)
            keys.push_back(range.lower + range.size() * i / (m_samples - 1));
        for (const double k : instance.kinkPoints()) {
            if (k > range.lower && k < range.upper) {
                keys.push_back(std::nextafter(k, -INFINITY));
                keys.push_back(k);
            }
        }
        std::sort(keys.begin(), keys.end());
        const CustomFormula *formula = instance.activation().custom.get();
        std::array<double, 3> worst{};
        for (int order = 0; order < 3; ++order) {
            QCPGraph *g = it.value()[std::size_t(order)];
            if (!g) continue;
            QVector<double> values(keys.size());
            if (formula && order > 0) {
                // Numerical derivatives: keep the error estimate of every sample, to show the worst.
                for (qsizetype i = 0; i < keys.size(); ++i) {
                    const EstimatedValue e = formula->evaluate(keys[i], order, instance.parameters().data());
                    values[i] = e.value;
                    if (std::isfinite(e.error))
                        worst[std::size_t(order)] = std::max(worst[std::size_t(order)], e.error);
                }
            } else {
                instance.evaluate(std::span<const double>(keys.constData(), std::size_t(keys.size())),
                                  std::span<double>(values.data(), std::size_t(values.size())), order);
            }
            g->setData(keys, values, true);
        }
        if (formula) m_estimatedErrors.insert(it.key(), worst);
    }
    updateFormulaStatus();
    updateNotablePoints();
    if (m_readoutVisible) showReadoutAt(m_readoutX);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CurvesView::setEditedActivation(const QString &id) {
    indexOf(id); // throws for an unknown id
    if (id == m_editedId) return;
    m_editedId = id;
    rebuildParameterEditor();
}

void CurvesView::rebuildParameterEditor() {
    if (m_editedId.isEmpty()) return;
    m_parameterEditor->edit(activation(m_editedId),
                            m_editedId == QLatin1String("gelu_general") ? m_animationRow : nullptr);
}

void CurvesView::applyParameter(int index, double value) {
    const ActivationInstance &instance = activation(m_editedId);
    std::vector<double> values(instance.parameters().begin(), instance.parameters().end());
    values[std::size_t(index)] = value;
    try {
        setActivationParameters(m_editedId, values);
        m_parameterEditor->setMessage(QString());
    } catch (const std::invalid_argument &e) {
        m_parameterEditor->setMessage(
            QString::fromStdString(e.what())); // the curve keeps its last valid parameters
    }
}

void CurvesView::animationStep() {
    beginInteractiveDrawing();
    const ActivationInstance &general = activation(QStringLiteral("gelu_general"));
    const double sigma = std::max(0.0, general.parameter("sigma") - 0.02);
    if (m_editedId == QLatin1String("gelu_general") && m_parameterEditor->size() == 2)
        m_parameterEditor->spinBox(std::size_t(1))->setValue(sigma); // moves the slider and applies
    else
        setActivationParameters(QStringLiteral("gelu_general"),
                                std::vector<double>{general.parameter("mu"), sigma});
    if (sigma <= 0.0) m_animation->stop();
}

QLineEdit *CurvesView::formulaField() const {
    return m_formulaEditor->field();
}

QPushButton *CurvesView::addFormulaButton() const {
    return m_formulaEditor->addButton();
}

QString CurvesView::formulaMessage() const {
    return m_formulaEditor->message();
}

QString CurvesView::addFormula(const QString &formula) {
    const QString id = m_formulaEditor->add(formula);
    if (id.isEmpty()) return {};
    setActivationChecked(id, true);
    if (QTreeWidgetItem *item = itemFor(id)) m_list->setCurrentItem(item);
    setEditedActivation(id);
    return id;
}

double CurvesView::estimatedError(const QString &id, int order) const {
    const auto it = m_estimatedErrors.constFind(id);
    return it == m_estimatedErrors.constEnd() ? 0.0 : it.value()[std::size_t(order)];
}

void CurvesView::updateFormulaStatus() {
    QStringList lines;
    for (auto it = m_estimatedErrors.constBegin(); it != m_estimatedErrors.constEnd(); ++it) {
        QStringList parts;
        for (int order = 1; order <= 2; ++order)
            if (graph(it.key(), order))
                parts << QStringLiteral("f%1 ± %2")
                             .arg(kOrderSuffix[std::size_t(order)],
                                  QString::number(it.value()[std::size_t(order)], 'g', 2));
        if (!parts.isEmpty())
            lines << QStringLiteral("%1: %2").arg(it.key(), parts.join(QStringLiteral(", ")));
    }
    lines.sort();
    m_formulaStatus->setVisible(!lines.isEmpty());
    m_formulaStatus->setText(lines.isEmpty()
                                 ? QString()
                                 : tr("Numerical derivatives, largest estimated error in view:\n") +
                                       lines.join(QLatin1Char('\n')));
}

bool CurvesView::isAnimating() const {
    return m_animation->isActive();
}

QDoubleSpinBox *CurvesView::parameterSpinBox(const QString &name) const {
    return m_parameterEditor->spinBox(name);
}

QSlider *CurvesView::parameterSlider(const QString &name) const {
    return m_parameterEditor->slider(name);
}

QString CurvesView::parameterMessage() const {
    return m_parameterEditor->message();
}

void CurvesView::updateNotablePoints() {
    // The points of f, or with f hidden those of f′ (its extrema), on the curves' own axes.
    const int order = isOrderVisible(0) ? 0 : isOrderVisible(1) ? 1 : -1;
    std::vector<std::pair<QString, const ActivationInstance *>> curves;
    QCPAxisRect *rect = nullptr;
    if (m_notableBox->isChecked() && order >= 0)
        for (const QString &id : checkedActivations()) {
            curves.emplace_back(id, &activation(id));
            if (QCPGraph *g = graph(id, order)) rect = g->valueAxis()->axisRect();
        }
    m_notable->show(curves, std::max(order, 0), rect);
}

QString CurvesView::exportCsv(const QString &fileName) const {
    const QCPRange range = m_plot->xAxis->range();
    const std::vector<double> x = uniformGrid(range.lower, range.upper, m_samples);
    QByteArray text = "x";
    std::vector<std::vector<double>> columns;
    for (const QString &id : checkedActivations())
        for (int order = 0; order < 3; ++order) {
            if (!isOrderVisible(order)) continue;
            text += ',' + id.toUtf8() + ":f" + (order == 0 ? QByteArray() : QByteArray::number(order));
            columns.emplace_back(x.size());
            activation(id).evaluate(x, columns.back(), order);
        }
    text += '\n';
    for (std::size_t i = 0; i < x.size(); ++i) {
        text += QByteArray::number(x[i], 'g', 17);
        for (const std::vector<double> &column : columns)
            text += ',' + QByteArray::number(column[i], 'g', 17);
        text += '\n';
    }
    return saveText(fileName, text);
}

QStringList CurvesView::notablePointLabels() const {
    return m_notable->labels();
}

void CurvesView::showReadoutAt(double x) {
    m_readoutX = x;
    m_readoutVisible = true;
    QStringList lines{QStringLiteral("x = %1").arg(formatValue(x))};
    for (const QString &id : checkedActivations()) {
        const ActivationInstance &instance = activation(id);
        const CustomFormula *formula = instance.activation().custom.get();
        for (int order = 0; order < 3; ++order) {
            if (!graph(id, order)) continue;
            QString value;
            // A numerical derivative: show how far to trust it, or that it has none.
            if (formula && order > 0) {
                const EstimatedValue e = formula->evaluate(x, order, instance.parameters().data());
                if (e.discontinuity)
                    value = tr("undefined (discontinuity)");
                else if (!std::isfinite(e.value) || !std::isfinite(e.error))
                    value = formatValue(e.value);
                else
                    value =
                        formatValue(e.value) + QStringLiteral(" ± %1").arg(QString::number(e.error, 'g', 2));
            } else {
                value = formatValue(instance(x, order));
            }
            lines << QStringLiteral("%1%2: %3")
                         .arg(toQString(instance.id()),
                              order == 0 ? QString()
                                         : QStringLiteral(" f") + kOrderSuffix[std::size_t(order)],
                              value);
        }
    }
    m_readout = lines.join(QLatin1Char('\n'));
    m_plot->showReadout(x, m_readout);
    emit readoutChanged(m_readout);
}

void CurvesView::onMouseMove(QMouseEvent *event) {
    if (event->buttons() != Qt::NoButton) return; // panning or zooming: the crosshair would only flicker
    if (!m_plot->axisRect()->rect().contains(event->pos())) return;
    showReadoutAt(m_plot->xAxis->pixelToCoord(event->position().x()));
}

void CurvesView::applyPens() {
    for (auto it = m_graphs.constBegin(); it != m_graphs.constEnd(); ++it)
        for (int order = 0; order < 3; ++order)
            if (QCPGraph *g = it.value()[std::size_t(order)]) {
                // From the activation's colour, never from the pen shown (the theme may have restyled it).
                g->setPen(QPen(activationColor(it.key()), m_interactive ? 1.0 : (order == 0 ? 2.2 : 1.8),
                               kOrderPenStyle[std::size_t(order)]));
            }
}

void CurvesView::beginInteractiveDrawing() {
    if (!m_interactive) {
        m_interactive = true;
        applyPens();
    }
    m_settle->start();
}

void CurvesView::onMousePress(QMouseEvent *event) {
    beginInteractiveDrawing();
    // Ctrl+drag draws a zoom rectangle; a plain drag pans.
    m_plot->setSelectionRectMode(event->modifiers().testFlag(Qt::ControlModifier) ? QCP::srmZoom
                                                                                  : QCP::srmNone);
}

QJsonObject CurvesView::state() const {
    QJsonArray shown;
    for (const QString &id : checkedActivations()) {
        const ActivationInstance &instance = activation(id);
        QJsonArray values;
        for (double v : instance.parameters())
            values.append(v);
        QJsonObject entry{{QStringLiteral("id"), id}, {QStringLiteral("parameters"), values}};
        if (instance.activation().custom)
            entry.insert(QStringLiteral("formula"), toQString(instance.activation().formula));
        shown.append(entry);
    }
    QJsonArray orders;
    for (int k = 0; k < 3; ++k)
        orders.append(isOrderVisible(k));
    return {{QStringLiteral("activations"), shown},
            {QStringLiteral("orders"), orders},
            {QStringLiteral("stacked"), isStacked()},
            {QStringLiteral("notablePoints"), m_notableBox->isChecked()},
            {QStringLiteral("from"), m_plot->xAxis->range().lower},
            {QStringLiteral("to"), m_plot->xAxis->range().upper},
            {QStringLiteral("samples"), m_samples},
            {QStringLiteral("animationSpeed"), m_animationSpeed->speed()}};
}

void CurvesView::restoreState(const QJsonObject &state) {
    const auto tryTo = [](auto &&apply) {
        try {
            apply();
        } catch (const std::exception &) { // an unknown id, bad parameters, a formula that does not parse
        }
    };
    const QJsonValue shown = state.value(QStringLiteral("activations"));
    if (shown.isArray()) {
        QStringList ids;
        for (const QJsonValue &value : shown.toArray()) {
            const QJsonObject entry = value.toObject();
            QString id = entry.value(QStringLiteral("id")).toString();
            // A custom row is registered again from its formula; its id may differ from the saved one.
            if (entry.value(QStringLiteral("formula")).isString())
                tryTo([&] {
                    id =
                        CustomActivations::instance()->add(entry.value(QStringLiteral("formula")).toString());
                });
            if (!itemFor(id)) continue;
            std::vector<double> values;
            for (const QJsonValue &v : entry.value(QStringLiteral("parameters")).toArray())
                values.push_back(v.toDouble(std::nan("")));
            tryTo([&] { m_instances[indexOf(id)].setParameters(values); });
            ids << id;
        }
        setCheckedActivations(ids);
    }
    const QJsonArray orders = state.value(QStringLiteral("orders")).toArray();
    for (int k = 0; k < 3 && k < orders.size(); ++k)
        if (orders[k].isBool()) setOrderVisible(k, orders[k].toBool());
    if (const auto stacked = boolean(state, QStringLiteral("stacked"))) setStacked(*stacked);
    if (const auto notable = boolean(state, QStringLiteral("notablePoints")))
        m_notableBox->setChecked(*notable);
    if (const auto samples = integer(state, QStringLiteral("samples"), 2, 100'000)) setSampleCount(*samples);
    if (const auto speed = number(state, QStringLiteral("animationSpeed")))
        m_animationSpeed->setSpeed(*speed);
    const auto from = number(state, QStringLiteral("from")), to = number(state, QStringLiteral("to"));
    if (from && to) tryTo([&] { setXRange(*from, *to); });
    fitValueAxis();
    rebuildParameterEditor(); // the editor shows the restored parameters
}

} // namespace gelulab
