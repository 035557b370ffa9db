#pragma once
// The activation functions themselves: value and first two derivatives, in double.
//
// Every function has the signature double(double x, int order, const double *params): order 0 is f, 1 is f′,
// 2 is f″; params points at the row's parameters in the order the registry lists them (unused when the row
// has none). Each is written free of catastrophic cancellation (no 1 + tanh(u), 1 − σ(x) or eˣ − 1 written
// out), returns NaN for NaN, and stays finite for every finite x. At a kink the derivative is the one-sided
// value from the right.

namespace gelulab::fn {

// gelu: f = x·Φ(x); f′ = Φ(x) + x·φ(x); f″ = φ(x)·(2 − x²).
double gelu(double x, int order, const double *params);
// gelu_general (μ, σ): f = x·Φ(z), z = (x − μ)/σ; f′ = Φ(z) + (x/σ)·φ(z); f″ = φ(z)/σ·(2 − x·z/σ).
// σ = 0 is the step x·[x > μ] (ReLU for μ = 0), the limit σ → 0.
double geluGeneral(double x, int order, const double *params);
// gelu_tanh: f = x·σ(g), g = 2√(2/π)(x + 0.044715x³) (that is 0.5x(1 + tanh(g/2)));
// f′ = σ(g)(1 + x·g′·σ(−g)); f″ = σ(g)σ(−g)(2g′ + x·g″ − x·g′²·tanh(g/2)).
double geluTanh(double x, int order, const double *params);
// gelu_sigmoid: f = x·σ(1.702x); derivatives as silu with k = 1.702.
double geluSigmoid(double x, int order, const double *params);
// gelu_cauchy: f = x·(1/2 + arctan(x)/π); f′ = 1/2 + arctan(x)/π + x/(π(1 + x²)); f″ = 2/(π(1 + x²)²).
double geluCauchy(double x, int order, const double *params);
// relu: f = max(0, x); f′ = [x > 0]; f″ = 0.
double relu(double x, int order, const double *params);
// relu6: f = min(max(0, x), 6); f′ = [0 < x < 6]; f″ = 0.
double relu6(double x, int order, const double *params);
// leaky_relu, prelu, rrelu (negative slope a): f = x for x > 0 else a·x; f′ = 1 or a; f″ = 0.
double leakyRelu(double x, int order, const double *params);
// rrelu at inference (lower l, upper u): leaky_relu with a = (l + u)/2.
double rrelu(double x, int order, const double *params);
// threshold (t, v): f = x for x > t else v; f′ = [x > t]; f″ = 0.
double threshold(double x, int order, const double *params);
// elu (α): f = x for x > 0 else α(eˣ − 1); f′ = 1 or α·eˣ; f″ = 0 or α·eˣ.
double elu(double x, int order, const double *params);
// celu (α): f = x for x > 0 else α(e^(x/α) − 1); f′ = 1 or e^(x/α); f″ = 0 or e^(x/α)/α.
double celu(double x, int order, const double *params);
// selu: λ·elu_α(x) with the fixed λ ≈ 1.0507 and α ≈ 1.6733 of self-normalising networks.
double selu(double x, int order, const double *params);
// silu: f = x·σ(x); f′ = σ(x)(1 + x·σ(−x)); f″ = σ(x)σ(−x)(2 − x·tanh(x/2)).
double silu(double x, int order, const double *params);
// softplus (β, threshold): f = log(1 + e^(βx))/β, and x where βx > threshold; f′ = σ(βx); f″ = β·σ(βx)σ(−βx).
double softplus(double x, int order, const double *params);
// mish: f = x·t, t = tanh(softplus(x)); f′ = t + x·(1 − t²)·σ(x); f″ = (1 − t²)σ(x)(2 + x(σ(−x) − 2tσ(x))).
double mish(double x, int order, const double *params);
// hardswish: f = 0 (x ≤ −3), x (x ≥ 3), x(x + 3)/6 between; f′ = (2x + 3)/6 between; f″ = 1/3 between.
double hardswish(double x, int order, const double *params);
// hardsigmoid: f = 0 (x ≤ −3), 1 (x ≥ 3), (x + 3)/6 between; f′ = 1/6 between; f″ = 0.
double hardsigmoid(double x, int order, const double *params);
// hardtanh (min, max): f = min(max(x, min), max); f′ = [min < x < max]; f″ = 0.
double hardtanh(double x, int order, const double *params);
// logsigmoid: f = log σ(x) = −softplus(−x); f′ = σ(−x); f″ = −σ(x)σ(−x).
double logsigmoid(double x, int order, const double *params);
// softsign: f = x/(1 + |x|); f′ = 1/(1 + |x|)²; f″ = −2·sign(x)/(1 + |x|)³.
double softsign(double x, int order, const double *params);
// tanhshrink: f = x − tanh(x) (a series near 0); f′ = tanh²(x); f″ = 2·tanh(x)/cosh²(x).
double tanhshrink(double x, int order, const double *params);
// softshrink (λ): f = x − λ (x > λ), x + λ (x < −λ), 0 between; f′ = [|x| > λ]; f″ = 0.
double softshrink(double x, int order, const double *params);
// hardshrink (λ): f = x for |x| > λ, else 0; f′ = [|x| > λ]; f″ = 0.
double hardshrink(double x, int order, const double *params);
// tanh: f = tanh(x); f′ = 1/cosh²(x); f″ = −2·tanh(x)/cosh²(x).
double tanh(double x, int order, const double *params);
// sigmoid: f = σ(x) = 1/(1 + e⁻ˣ); f′ = σ(x)σ(−x); f″ = −σ(x)σ(−x)·tanh(x/2).
double sigmoid(double x, int order, const double *params);
// linear: f = x; f′ = 1; f″ = 0.
double linear(double x, int order, const double *params);

// The logistic function σ(z), accurate for every z (no 1 − σ written out).
double logistic(double z);

} // namespace gelulab::fn
