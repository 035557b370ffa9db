#pragma once

#include "activation.h"
#include "curvesplot.h"
#include "view.h"

#include <QHash>

#include <array>
#include <memory>
#include <span>
#include <vector>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;
class QCPGraph;
class QCPAbstractItem;
class QCPAxisRect;
class QCPMarginGroup;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLineEdit;
class QMouseEvent;
class QTreeWidget;
class QTreeWidgetItem;

namespace gelulab {

class SpeedBox;

class ActivationTree;
class FormulaEditor;
class NotablePointsLayer;
class ParameterEditor;

// The Curves view: activations from the registry (several at once) with f, f′ and f″ overlaid on one plot.
// The curves are re-sampled from the registry whenever the visible x range changes, so zooming in shows the
// function, not an interpolation. The mouse pans (drag), zooms (wheel; Ctrl+drag zooms to a rectangle) and
// resets (double-click); a crosshair reads x and every visible curve's exact value.
class CurvesView : public View {
    Q_OBJECT
public:
    static constexpr double kDefaultFrom = -4.0;
    static constexpr double kDefaultTo = 4.0;
    static constexpr int kSamples = 1201; // the default number of samples per curve
    // Samples per curve over the visible range (2 to 100,000); throws std::invalid_argument outside.
    void setSampleCount(int samples);
    int sampleCount() const { return m_samples; }

    explicit CurvesView(QWidget *parent = nullptr);
    ~CurvesView() override;

    QString id() const override { return QStringLiteral("curves"); }
    QString title() const override { return tr("Curves"); }
    CurvesPlot *plot() const override { return m_plot; }
    ActivationTree *activationList() const { return m_list; }
    QLineEdit *searchField() const { return m_search; }
    // The parameter editor: one spin box (with a slider) per parameter of the current activation in the list.
    QDoubleSpinBox *parameterSpinBox(const QString &name) const;
    QSlider *parameterSlider(const QString &name) const;
    QPushButton *animateButton() const { return m_animateButton; }
    SpeedBox *animationSpeedBox() const { return m_animationSpeed; }
    // The custom-formula editor: a formula in x is checked as it is typed (errors shown inline with their
    // position) and joins the registry for the session when added (Return or the Add button).
    QLineEdit *formulaField() const;
    QPushButton *addFormulaButton() const;
    QString formulaMessage() const;
    // Adds the formula, checks its curve and shows its parameters; returns its id, or an empty string when
    // the formula has an error (shown under the field; the plot is left as it was).
    QString addFormula(const QString &formula);
    // For a custom activation: the largest Richardson error estimate of f′ or f″ over the samples drawn now
    // (0 for f, and for an order that is not drawn).
    double estimatedError(const QString &id, int order) const;
    QString parameterMessage() const;
    // The activation whose parameters the editor shows (the current item of the list).
    void setEditedActivation(const QString &id);
    QString editedActivation() const { return m_editedId; }
    bool isAnimating() const;
    // Writes the visible curves as CSV on a uniform grid of the sample count over the visible range: x, then
    // one column per checked activation and shown order ("gelu:f", "gelu:f1", "gelu:f2"). Returns an empty
    // string or a one-line message.
    QString exportCsv(const QString &fileName) const override;

    // The checked activations with their parameters (custom ones with their formulas), the orders shown,
    // stacked, notable points, the x range and the sample count.
    QJsonObject state() const override;
    void restoreState(const QJsonObject &state) override;
    // While the view moves (drag, wheel, animation), curves are drawn with 1-pixel pens, which Qt's raster
    // engine strokes several times faster than wide ones; 250 ms after the last move they are drawn wide
    // again.
    void beginInteractiveDrawing();
    bool isDrawingInteractively() const { return m_interactive; }
    QCheckBox *orderCheckBox(int order) const { return m_orderBoxes[static_cast<std::size_t>(order)]; }
    QCheckBox *notablePointsBox() const { return m_notableBox; }
    // Stacked: f, f′ and f″ each in a plot of its own, one above the other, sharing the x axis.
    QCheckBox *stackedBox() const { return m_stackedBox; }
    void setStacked(bool stacked) const;
    bool isStacked() const;
    // The labels of the notable points drawn now (extrema and inflections of the checked activations' f).
    QStringList notablePointLabels() const;

    // Checked activations in registry order.
    QStringList checkedActivations() const;
    void setActivationChecked(const QString &id, bool checked);
    void setCheckedActivations(const QStringList &ids);
    bool isOrderVisible(int order) const;
    void setOrderVisible(int order, bool visible);

    const ActivationInstance &activation(const QString &id) const;
    // Throws std::invalid_argument (unknown id, bad parameters) and leaves the view unchanged.
    void setActivationParameters(const QString &id, std::span<const double> values);

    void setXRange(double from, double to);
    // Back to x ∈ [−4, 4] with the y axis fitted to the visible curves.
    void resetView();
    void fitValueAxis();

    // The graph drawing f^(order) of an activation, or nullptr when it is not shown.
    QCPGraph *graph(const QString &id, int order) const;
    // Moves the crosshair to x and updates the read-out.
    void showReadoutAt(double x);
    QString readout() const { return m_readout; }

signals:
    void readoutChanged(const QString &text);
    void curvesChanged();

private:
    void buildControls();
    void rebuildGraphs();
    void resample();
    void onMouseMove(QMouseEvent *event);
    void onMousePress(QMouseEvent *event);
    void updateNotablePoints();
    void rebuildParameterEditor();
    void applyParameter(int index, double value);
    void animationStep();
    void updateFormulaStatus();
    QTreeWidgetItem *itemFor(const QString &id) const;
    std::size_t indexOf(const QString &id) const;

    CurvesPlot *m_plot = nullptr;
    ActivationTree *m_list = nullptr;
    QLineEdit *m_search = nullptr;
    std::array<QCheckBox *, 3> m_orderBoxes{};
    QCheckBox *m_notableBox = nullptr;
    QCheckBox *m_stackedBox = nullptr;
    ParameterEditor *m_parameterEditor = nullptr;
    QPushButton *m_animateButton = nullptr;
    SpeedBox *m_animationSpeed = nullptr;
    QWidget *m_animationRow = nullptr; // the button and its speed, below the general GELU's parameters
    FormulaEditor *m_formulaEditor = nullptr;
    QLabel *m_formulaStatus = nullptr;
    QHash<QString, std::array<double, 3>> m_estimatedErrors; // custom rows: worst estimate per order
    QTimer *m_animation = nullptr;
    QString m_editedId;
    int m_samples = kSamples;
    bool m_interactive = false;
    QTimer *m_settle = nullptr;
    void applyPens();
    std::unique_ptr<NotablePointsLayer> m_notable;
    std::vector<ActivationInstance> m_instances; // one per registry row, in registry order
    QHash<QString, std::array<QCPGraph *, 3>> m_graphs;
    QString m_readout;
    double m_readoutX = 0.0;
    bool m_readoutVisible = false;
};

} // namespace gelulab
