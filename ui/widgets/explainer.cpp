#include "explainer.h"

#include <QLabel>
#include <QSizePolicy>
#include <QToolButton>
#include <QVBoxLayout>

namespace gelulab {

// Each text says what the view draws as its code draws it (line styles, bands, axes, colours): keep them in
// step with ui/views/ and ui/widgets/ when a plot changes.
QString viewExplanation(const QString &viewId) {
    if (viewId == QLatin1String("curves"))
        return ExplainerPanel::tr(
            "<p>Each checked activation f is drawn in its own colour against x: f itself <b>solid</b>, its "
            "first derivative f′ <b>dashed</b> and its second derivative f″ <b>dotted</b>, in one plot or, "
            "with <i>Stacked</i>, in plots of their own sharing the x axis. GELU(x) = x·Φ(x), with "
            "Φ(x) = ½(1 + erf(x/√2)) the standard normal CDF and φ(x) = e<sup>−x²/2</sup>/√(2π) its density, "
            "so GELU′(x) = Φ(x) + x·φ(x) and GELU″(x) = φ(x)·(2 − x²); its approximations are "
            "0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (gelu_tanh) and x·σ(1.702x) (gelu_sigmoid), with "
            "σ(z) = 1/(1 + e<sup>−z</sup>). The circles mark the extrema (f′ = 0) and inflection points "
            "(f″ = 0) of the curves f: GELU's minimum −0.16997 at x = −0.75179 (it is neither monotonic "
            "nor ≥ 0) and its inflections at x = ±√2. The dashed vertical line follows the mouse and the box "
            "in the lower right corner reads every visible curve at that x; each pan or zoom samples the "
            "functions afresh, so no curve is an interpolation.</p>");
    if (viewId == QLatin1String("error"))
        return ExplainerPanel::tr(
            "<p><b>Approximation error</b>: three plots share the x axis, for f, f′ or f″ (the <i>Order</i> "
            "box): on top the signed error e(x) = approximation(x) − reference(x), in the middle |e(x)| and "
            "at the bottom the relative error |e(x)|/|reference(x)|, both on log axes, with gaps where the "
            "two agree exactly. The read-outs cover the visible range: the largest |e| and where, the RMS "
            "error √(mean e²), the largest relative error and the largest error in ulps (units in the last "
            "place) of the reference as a double — for gelu_tanh against gelu, 4.73·10<sup>−4</sup> at "
            "x = ±2.70.</p><p><b>Floating point</b>: one plot of the error of evaluating the approximation "
            "as a low-precision kernel does — the input rounded to float, bfloat16 or float16, the function "
            "computed in float, the output rounded to that format — against the accurate double reference at "
            "the same rounded input, in ulps of that format: |computed − exact|/ulp(exact), on a log axis "
            "(solid lines). The <b>dashed</b> lines (when the reference is gelu) are the naive formula "
            "0.5·x·(1 + erf(x/√2)) in double and with erff in float, whose 1 + erf cancels to 0 below "
            "x ≈ −8.4 and −5.5. The <b>dotted</b> line is half an ulp, a correctly rounded result: below it "
            "the format could not do better; the table gives each case's largest and median error, the share "
            "correctly rounded and the <i>lost outputs</i>, zeros where the exact result is a normal number "
            "of the format.</p>");
    if (viewId == QLatin1String("mask"))
        return ExplainerPanel::tr(
            "<p>The paper's picture of GELU: multiply x by a random mask m ~ Bernoulli(Φ(x)), keeping x with "
            "probability Φ(x) and giving 0 otherwise; the expected output is E[x·m] = x·Φ(x) = GELU(x), with "
            "variance x²·Φ(x)·(1 − Φ(x)). The <i>Gate</i> box puts another CDF F in Φ's place — "
            "Φ((x − μ)/σ), σ(1.702x) (gelu_sigmoid), σ(x) (SiLU), ½ + arctan(x)/π (gelu_cauchy) — and the "
            "mean is then x·F(x). Top plot, at evenly spaced x (41 over [−4, 4]): the orange dots are the "
            "first 240 samples of x·m at each x (each 0 or x, spread sideways to be seen), the black circles "
            "the running mean at each x with a grey band of ±2 standard errors, and the blue curve the exact "
            "mean x·F(x), onto which the means settle as samples accumulate. Click an x (the dashed line) to "
            "follow it below: left, the fractions of outputs equal to 0 and to x, with the expected 1 − F(x) "
            "and F(x) marked +; right, its running mean against the number of samples n on a log axis, the "
            "exact mean in blue inside the dashed envelope x·F(x) ± 2σ/√n, σ² = x²·F(x)·(1 − F(x)), where "
            "about 95 % of means of n samples fall.</p>");
    if (viewId == QLatin1String("playground"))
        return ExplainerPanel::tr(
            "<p>The large plot is the plane of the inputs x₁, x₂ ∈ [−6, 6] coloured by the network's output: "
            "<b>blue</b> where it predicts class 1 (or a positive value), <b>orange</b> where class 0 "
            "(negative), fading to white at the decision boundary (output 0, or probability p = ½: a sigmoid "
            "output is drawn as 2p − 1); with more classes each region takes its class's colour. Training "
            "points are filled circles, test points (when shown) have black rings.</p><p>In the diagram "
            "above, every unit — the input features, the hidden units, the output — is a small map of its "
            "own output over the same plane (blue positive, orange negative); every link is a weight w, "
            "wider as |w| grows (0.5 + 2|w| pixels, at most 7), blue for w ≥ 0 and orange for w &lt; 0; a "
            "red frame marks an inactive unit, |f′(z)| &lt; 10<sup>−3</sup> on every training point (a dead "
            "ReLU, a saturated tanh). Hover a hidden unit to see its map in the large plot.</p><p>Right: the "
            "mean train loss (solid) and test loss (dashed) per epoch — cross-entropy −log p(true class) "
            "when classifying, ½(y − t)² with the squared loss or for regression — and the gradient flow, "
            "each weight layer's ‖∂L/∂W‖ (Frobenius norm, mean over the epoch's mini-batches) on a log axis, "
            "where the first layers' lines falling far below the output's signal vanishing gradients.</p>");
    if (viewId == QLatin1String("compare"))
        return ExplainerPanel::tr(
            "<p>Every run has the same data, network and training; only the hidden activation differs, and "
            "each is repeated over k seeds, run k of every activation starting from the same seed (the same "
            "initial weights and batch order), so the differences are the activation's, not the luck of the "
            "draw. Top: each activation's decision boundary (its first seed) under the training points, blue "
            "for class 1 or a positive output, orange for class 0 or a negative one. Below, each activation "
            "in its colour: the test loss over the epochs (the train loss <b>dashed</b>), the test accuracy, "
            "and, once the runs have finished, the test accuracy (test loss for regression) with uniform "
            "noise U[−a, a] added to both inputs, a = 0, 0.25, …, 3. The lines are <b>medians</b> over the k "
            "seeds, and each shaded band runs from the first to the third <b>quartile</b> (q₁, the 25th "
            "percentile, to q₃, the 75th): the middle half of the runs, so overlapping bands mean a "
            "difference within the seed-to-seed spread. The table gives the final values as median [q₁, "
            "q₃].</p>");
    if (viewId == QLatin1String("paper"))
        return ExplainerPanel::tr(
            "<p>The GELU paper's experiments (section 3) rerun on the UCI digits, 8×8-pixel images (1,200 to "
            "train, 297 to choose the learning rate, 300 to test): each variant — an activation with a "
            "dropout rate, or for the autoencoder with a learning rate — trains from several seeds; lines "
            "are <b>medians</b> over the seeds, shaded bands the <b>quartiles</b> q₁ to q₃, and "
            "<b>dashed</b> lines the variants with dropout (the autoencoder: the smaller learning rate). "
            "<i>Classification</i> and <i>Robustness</i> draw the same four plots; the top row is the "
            "paper's <b>Figure 2</b> (MNIST classification): the test error 1 − accuracy over the epochs, "
            "and the median training log loss −log p(true class) on a log axis, the curves Figure 2 "
            "compares. The bottom row is <b>Figure 3</b> (robustness): the test accuracy (with its band) and "
            "the test log loss (median, log axis) of the trained classifiers when uniform noise U[−a, a] is "
            "added to every pixel (pixels in [0, 1]), a = 0 to 3. <i>Autoencoder</i> draws <b>Figure 4</b>: "
            "the 64-128-64-32-8-32-64-128-64 network's test loss ½‖x̂ − x‖² per image and its training loss, "
            "solid at learning rate 10<sup>−3</sup> and dashed at 10<sup>−4</sup>. The table gives each "
            "variant's learning rate (for the classifiers, the candidate with the lowest validation error), "
            "its final test error (the autoencoder: test loss) as median [q₁, q₃] and, for the classifiers, "
            "its accuracy at noise a = 1.</p>");
    if (viewId == QLatin1String("depth"))
        return ExplainerPanel::tr(
            "<p>A deep network at initialisation: every layer has N units, weights drawn from "
            "N(0, σ_w²/N) and biases from N(0, σ_b²), and h<sup>l</sup> = W<sup>l</sup>φ(h<sup>l−1</sup>) + "
            "b<sup>l</sup>. For wide layers the pre-activations of a layer are normal with a variance q that "
            "follows the <b>q-map</b> (top left) q<sub>l</sub> = σ_w²·E[φ(√q<sub>l−1</sub> z)²] + σ_b², "
            "z ~ N(0, 1): each activation's map is drawn in its colour beside the dashed identity, its fixed "
            "point q* (where inputs of small variance settle) as a dot, and the thin staircase (the cobweb) "
            "follows the studied activation from q₀ layer by layer — to q* when q₀ is within its reach, "
            "elsewhere when it is not (the read-outs then say where). χ₁ = σ_w²·E[φ′(√q* z)²] is the factor "
            "by "
            "which every layer multiplies the gradient's mean square: below 1 gradients <b>vanish</b> with "
            "depth (ordered), above 1 they <b>explode</b> (chaotic).</p><p>The <b>phase diagram</b> (top "
            "middle) colours the (σ_w², σ_b²) plane by the studied activation's χ₁: blue ordered, white "
            "χ₁ = 1, red chaotic (the key beside it reads χ₁ from ⅛ to 8), dark grey where q has no fixed "
            "point "
            "and grows without bound. Each "
            "activation's boundary of the ordered phase is a line in its colour, <b>solid</b> where χ₁ "
            "reaches "
            "1 and <b>dashed</b> where the fixed point is lost first while χ₁ &lt; 1 (GELU and SiLU with a "
            "bias). The triangle is where Glorot, LeCun and the paper's unit-norm rows put a square layer "
            "(σ_w² = 1, biases 0), the diamond He's (σ_w² = 2); the circled cross is the current point: drag "
            "it. Top right, the <b>c-map</b> at q*: the correlation of two inputs after a layer against "
            "before, with its stable fixed point c* as a dot; correlations approach c* over about ξ_c = "
            "−1/ln C′(c*) layers.</p><p>Below, a real network of L layers drawn from the seed: left, the "
            "pre-activations h of the first input in every layer as a density (darker: more units; each "
            "layer scaled to its peak) with ±√q<sub>l</sub> predicted and √q<sub>l</sub> measured (dotted); "
            "middle, the gradient's norm ‖δ<sup>l</sup>‖/‖δ<sup>L</sup>‖ sent back from the last layer "
            "(log axis), against the prediction √(χ(q<sub>l</sub>)⋯χ(q<sub>L−1</sub>)) (dashed); right, "
            "the correlation of two inputs that start at c₀.</p>");
    return {};
}

ExplainerPanel::ExplainerPanel(const QString &viewId, QWidget *parent)
    : QWidget(parent)
    , m_toggle(new QToolButton)
    , m_text(new QLabel(viewExplanation(viewId))) {
    m_toggle->setText(tr("What am I looking at?"));
    m_toggle->setToolTip(tr("Show or hide what this view's plots show and how to read them"));
    // A tool button with an arrow shows only the arrow unless told to show its text beside it.
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setArrowType(Qt::RightArrow);
    m_toggle->setAutoRaise(true);
    m_toggle->setCheckable(true);

    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // Ignored horizontally: a wrapped label otherwise asks for the width of a long line and widens the side
    // panel, and with it the window's minimum. Its height follows the width it gets (height for width, set
    // here again since a new policy would drop the one setWordWrap() gave).
    QSizePolicy policy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    m_text->setSizePolicy(policy);
    m_text->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_toggle);
    layout->addWidget(m_text);

    connect(m_toggle, &QToolButton::toggled, this, &ExplainerPanel::setExpanded);
}

void ExplainerPanel::setExpanded(bool expanded) {
    if (expanded == m_expanded) return;
    m_expanded = expanded;
    // From the button this changes nothing; from a caller its toggled() comes back here and stops above.
    m_toggle->setChecked(expanded);
    m_toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_text->setVisible(expanded);
    emit expandedChanged(expanded);
}

} // namespace gelulab
