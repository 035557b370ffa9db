#pragma once

#include "activation.h"
#include "approximation.h"
#include "precision.h"
#include "precisionplot.h"
#include "view.h"

#include <vector>

class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QStackedWidget;

namespace gelulab {

// The Approximation error view: an approximation against a reference (default gelu) over a range, f or f′, in
// three stacked plots sharing the x axis (signed error, |error| on a log axis, relative error on a log axis)
// with read-outs that follow the range. The read-outs come from approximationError(), the same computation as
// `gelu-lab-cli error` on the same grid, so both print the same digits; the view shows that command line.
class ErrorView : public View {
    Q_OBJECT
public:
    static constexpr double kDefaultFrom = -8.0;
    static constexpr double kDefaultTo = 8.0;
    static constexpr int kDefaultPoints = 16001;

    // Floating-point mode: the ulp error of the approximation evaluated in float, bfloat16 and float16 (input
    // and output rounded, computed in float) and of the naive GELU formulas in double and float, against the
    // accurate reference, over the negative tail by default.
    enum class Mode { Approximation, FloatingPoint };
    static constexpr double kDefaultPrecisionFrom = -20.0;
    static constexpr double kDefaultPrecisionTo = 4.0;
    static constexpr int kDefaultPrecisionPoints = 24001;

    explicit ErrorView(QWidget *parent = nullptr);

    QString id() const override { return QStringLiteral("error"); }
    QString title() const override { return tr("Approximation error"); }
    // "precision" opens the view in floating-point mode.
    QStringList aliases() const override { return {QStringLiteral("precision")}; }
    void openAs(const QString &name) override;
    // The plot of the current mode.
    QCustomPlot *plot() const override;
    QCustomPlot *approximationPlot() const { return m_plot; }
    PrecisionPlot *precisionPlot() const { return m_precisionPlot; }
    QComboBox *modeBox() const { return m_mode; }
    void setMode(Mode mode);
    Mode mode() const;
    // The cases drawn in floating-point mode (the naive formulas only against gelu), and their statistics.
    std::vector<PrecisionCase> precisionCases() const;
    const PrecisionStatistics &precisionStatistics(PrecisionCase c) const;
    QComboBox *approximationBox() const { return m_approximation; }
    QComboBox *referenceBox() const { return m_reference; }
    QComboBox *orderBox() const { return m_order; }

    // Throws std::invalid_argument for an unknown id. A new choice starts from its default parameters.
    void setApproximation(const QString &id);
    void setReference(const QString &id);
    // The chosen activations with the parameters the editor holds.
    const ActivationInstance &approximation() const { return m_approximationInstance; }
    const ActivationInstance &reference() const { return m_referenceInstance; }
    // Throws std::invalid_argument (unknown name, value out of range) and leaves the view unchanged.
    void setApproximationParameter(const QString &name, double value);
    void setReferenceParameter(const QString &name, double value);
    // The spin box editing a parameter of the approximation (or of the reference), or nullptr.
    QDoubleSpinBox *parameterBox(bool ofReference, const QString &name) const;
    void setOrder(int order);
    // Throws std::invalid_argument unless from < to, both finite, and 2 ≤ points ≤ 10⁶.
    void setRange(double from, double to, int points = kDefaultPoints);

    QString approximationId() const;
    QString referenceId() const;
    int order() const;
    double from() const { return m_from; }
    QLabel *rangeMessageLabel() const { return m_rangeMessage; }
    QDoubleSpinBox *fromBox() const { return m_fromBox; }
    QDoubleSpinBox *toBox() const { return m_toBox; }
    double to() const { return m_to; }
    int points() const { return m_points; }

    const ApproximationError &statistics() const { return m_statistics; }
    // The read-outs as shown, and the equivalent command line (in floating-point mode, one per case and
    // line).
    QString readout() const;
    QString commandLine() const;
    // Writes x, approximation, reference, error and relative error as CSV (atomically); in floating-point
    // mode x and, per case, the rounded input, the output, the reference and the ulp error. Returns an empty
    // string or a one-line message.
    QString exportCsv(const QString &fileName) const override;

    // Mode, approximation and reference with their parameters, order, range and points.
    QJsonObject state() const override;
    void restoreState(const QJsonObject &state) override;

signals:
    void statisticsChanged();

private:
    void recompute();
    void recomputePrecision();
    void onRangeChanged();
    void onActivationChosen(bool ofReference);
    void rebuildParameterEditor(bool ofReference);
    void setParameter(bool ofReference, const QString &name, double value);
    void onCustomActivationAdded(const QString &id);

    QComboBox *m_approximation = nullptr;
    QComboBox *m_reference = nullptr;
    QComboBox *m_order = nullptr;
    QDoubleSpinBox *m_fromBox = nullptr;
    QDoubleSpinBox *m_toBox = nullptr;
    QLabel *m_rangeMessage = nullptr; // says why a reversed From/To is not applied
    QSpinBox *m_pointsBox = nullptr;
    QWidget *m_approximationParameters = nullptr;
    QWidget *m_referenceParameters = nullptr;
    ActivationInstance m_approximationInstance{"gelu_tanh"};
    ActivationInstance m_referenceInstance{"gelu"};
    QLabel *m_readoutLabel = nullptr;
    QLabel *m_commandLabel = nullptr;
    QCustomPlot *m_plot = nullptr;
    PrecisionPlot *m_precisionPlot = nullptr;
    QStackedWidget *m_plots = nullptr;
    QComboBox *m_mode = nullptr;
    double m_otherFrom = kDefaultPrecisionFrom; // the range of the mode not shown, restored on switching
    double m_otherTo = kDefaultPrecisionTo;
    int m_otherPoints = kDefaultPrecisionPoints;
    std::vector<std::pair<PrecisionCase, std::vector<PrecisionPoint>>> m_precision;
    std::vector<std::pair<PrecisionCase, PrecisionStatistics>> m_precisionStatistics;
    double m_from = kDefaultFrom;
    double m_to = kDefaultTo;
    int m_points = kDefaultPoints;
    bool m_updating = false;
    std::vector<double> m_x, m_approximationValues, m_referenceValues;
    ApproximationError m_statistics;
};

} // namespace gelulab
