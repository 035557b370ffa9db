// The float path of every activation (vectorised kernel or the double function rounded) against the correctly
// rounded float of the accurate double value: within 4 ulp for the GELU forms (the float input is exact, so
// no condition number excuses more) and 16·max(1, cond) ulp for the rest, over a dense sample of floats,
// every float of gelu's tails, and special values.
#include "activation.h"
#include "matrix_products.h"
#include "optimizer_steps.h"
#include "simd_targets.h"
#include "vector_kernels.h"

#include <Eigen/Core>

#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using gelulab::Activation;
using gelulab::ActivationInstance;

namespace {

// The strict float bound: 4 ulp whatever the condition number. It holds every GELU form's f, and exact gelu's
// f′ and f″; the derivatives of the approximations keep the double standard, 16·max(1, cond), since near
// their zeros the terms cancel (gelu′ gets its own form there, (x − x₀)·R).
bool strictFloatBound(std::string_view id, int order) {
    return id.substr(0, 4) == "gelu" && (order == 0 || id == "gelu" || id == "gelu_general");
}

// Spacing of floats at the correctly rounded value (the subnormal spacing below the normal range).
double floatUlp(double exact) {
    const float rounded = static_cast<float>(exact);
    if (std::fabs(rounded) < std::numeric_limits<float>::min() || rounded == 0.0f)
        return std::ldexp(1.0, -149);
    return std::ldexp(1.0, std::ilogb(rounded) - 23);
}

using gelulab::testing::simdTargets;

// The rows whose float kernels are the vector kernels, which differ by SIMD target; the piecewise rows' plain
// loops are the same code everywhere and run once.
bool vectorKernelRow(const Activation &row) {
    return row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::gelu) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::geluGeneral) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::geluTanh) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::geluSigmoid) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::geluCauchy) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::silu) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::sigmoid) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::elu) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::celu) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::selu) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::hyperbolicTangent) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::mish) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::tanhshrink) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::softplus) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::logsigmoid) ||
           row.floatKernel == static_cast<gelulab::FloatKernel>(gelulab::kernels::relu);
}

// One row per (registry row with a float kernel, order, target): every target for the vector kernels, the
// best one for the plain loops.
void addKernelRows(bool allOrders) {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("target");
    const QStringList targets = simdTargets();
    for (const Activation &a : gelulab::activations()) {
        if (a.floatKernel == nullptr) continue;
        const QStringList rowTargets = vectorKernelRow(a) ? targets : QStringList{targets.front()};
        for (int order = 0; order < (allOrders ? 3 : 1); ++order)
            for (const QString &target : rowTargets)
                QTest::addRow("%s f%d %s", a.id.data(), order, qPrintable(target))
                    << QString::fromLatin1(a.id.data(), qsizetype(a.id.size())) << order << target;
    }
}

struct Worst {
    double ulps = 0.0;
    float x = 0.0f;
    QStringList failures;
};

// Checks out[i] against the double function at x[i]. cond comes from the next derivative where the row has
// one (at order 2 the relative change is estimated from a difference).
void check(const ActivationInstance &instance, int order, const std::vector<float> &x,
           const std::vector<float> &out, Worst &worst) {
    const bool geluForm = strictFloatBound(instance.id(), order);
    const double budget = geluForm ? 4.0 : 16.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double xd = x[i];
        const double exact = instance(xd, order);
        if (std::isnan(exact)) {
            if (!std::isnan(out[i]))
                worst.failures << QStringLiteral("x = %1: %2 instead of NaN").arg(xd).arg(out[i]);
            continue;
        }
        if (std::isinf(static_cast<float>(exact))) {
            if (out[i] != static_cast<float>(exact))
                worst.failures << QStringLiteral("x = %1: %2 instead of %3").arg(xd).arg(out[i]).arg(exact);
            continue;
        }
        double cond = 0.0;
        if (order < 2) {
            const double next = instance(xd, order + 1);
            cond = exact != 0.0 ? std::fabs(xd * next / exact) : 0.0;
        } else {
            const double h = 1e-6 * std::max(1e-30, std::fabs(xd));
            const double slope = (instance(xd + h, 2) - instance(xd - h, 2)) / (2 * h);
            cond = exact != 0.0 ? std::fabs(xd * slope / exact) : 0.0;
        }
        if (!std::isfinite(cond)) cond = 0.0;
        const double error = std::fabs(static_cast<double>(out[i]) - exact);
        // Next to a zero of the function the relative error means nothing: there, absolute 1e-7·|x·f′|.
        if (cond > 1e4 && std::fabs(exact) < 1e-2 && error <= 1e-7 * std::fabs(exact) * cond + 1e-45)
            continue;
        const double ulps = error / floatUlp(exact);
        const double scale = geluForm ? 1.0 : std::max(1.0, cond);
        const double allowed = budget * scale;
        if (ulps / scale > worst.ulps) {
            worst.ulps = ulps / scale;
            worst.x = x[i];
        }
        if (ulps > allowed && worst.failures.size() < 12)
            worst.failures << QStringLiteral("x = %1: %2 ulp > %3 (got %4, exact %5)")
                                  .arg(xd, 0, 'g', 9)
                                  .arg(ulps, 0, 'g', 4)
                                  .arg(allowed, 0, 'g', 4)
                                  .arg(out[i], 0, 'g', 9)
                                  .arg(exact, 0, 'g', 17);
    }
}

// Every 4099th float from −∞ to +∞ (about a million, all binades), plus a fine grid over [−16, 16].
std::vector<float> denseSample() {
    std::vector<float> x;
    for (std::uint64_t bits = 0; bits < (1ull << 32); bits += 4099) {
        float v;
        const auto b = static_cast<std::uint32_t>(bits);
        std::memcpy(&v, &b, sizeof v);
        x.push_back(v);
    }
    for (int i = -160000; i <= 160000; ++i)
        x.push_back(static_cast<float>(i) / 10000.0f);
    return x;
}

} // namespace

class TestFloatPaths : public QObject {
    Q_OBJECT
private slots:
    void everyRow_data();
    void everyRow();
    void geluTailsExhaustive_data();
    void geluTailsExhaustive();
    void kernelMatchesElementwise_data();
    void kernelMatchesElementwise();
    void specialValues_data();
    void specialValues();
    void kernelIdsNameRegistryRows();
    void everyKernelOnEveryTarget_data();
    void everyKernelOnEveryTarget();
    void matrixProducts_data();
    void matrixProducts();
    void adamStep_data();
    void adamStep();
};

void TestFloatPaths::everyRow_data() {
    addKernelRows(true);
}

void TestFloatPaths::everyRow() {
    QFETCH(QString, id);
    QFETCH(int, order);
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    const ActivationInstance instance(id.toStdString());
    static const std::vector<float> x = denseSample();
    std::vector<float> out(x.size());
    instance.evaluate(x, out, order);
    Worst worst;
    check(instance, order, x, out, worst);
    QVERIFY2(worst.failures.isEmpty(), qPrintable(worst.failures.join('\n')));
}

void TestFloatPaths::geluTailsExhaustive_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("target");
    for (const char *id : {"gelu", "gelu_tanh", "gelu_sigmoid", "silu", "sigmoid", "gelu_cauchy"})
        for (const QString &target : simdTargets())
            QTest::addRow("%s %s", id, qPrintable(target)) << QString::fromLatin1(id) << target;
}

void TestFloatPaths::geluTailsExhaustive() {
    QFETCH(QString, id);
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    // Every float with 3 ≤ |x| ≤ 16: the negative tail down to below the smallest subnormal result, and the
    // positive side where the gate rounds towards 1.
    const ActivationInstance gelu(id.toStdString());
    std::vector<float> x;
    for (float v = 3.0f; v <= 16.0f; v = std::nextafter(v, 100.0f)) {
        x.push_back(-v);
        x.push_back(v);
    }
    std::vector<float> out(x.size());
    gelu.evaluate(x, out, 0);
    Worst worst;
    check(gelu, 0, x, out, worst);
    QVERIFY2(worst.failures.isEmpty(), qPrintable(worst.failures.join('\n')));
    qInfo("%s float, %zu floats with 3 <= |x| <= 16: worst %.3f ulp at x = %.9g (%s)", qPrintable(id),
          x.size(), worst.ulps, double(worst.x), qPrintable(target));
}

void TestFloatPaths::kernelMatchesElementwise_data() {
    addKernelRows(true);
}

void TestFloatPaths::kernelMatchesElementwise() {
    // Every length from 0 to 40 (the masked tail of the vector loop), and a long array at every offset of the
    // output (the aligned streaming stores of large arrays), give the same values as one at a time.
    QFETCH(QString, id);
    QFETCH(int, order);
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    const ActivationInstance instance(id.toStdString());
    auto one = [&](float v) {
        float r = 0.0f;
        instance.evaluate(std::span<const float>(&v, 1), std::span<float>(&r, 1), order);
        return r;
    };
    std::vector<float> all;
    for (int i = 0; i < 40; ++i)
        all.push_back(-9.0f + 0.43f * static_cast<float>(i));
    all.push_back(std::numeric_limits<float>::quiet_NaN());
    for (std::size_t n = 0; n <= all.size(); ++n) {
        std::vector<float> x(all.begin(), all.begin() + std::ptrdiff_t(n));
        std::vector<float> out(n + 1, 42.0f);
        instance.evaluate(x, std::span<float>(out.data(), n), order);
        for (std::size_t i = 0; i < n; ++i)
            QVERIFY(out[i] == one(x[i]) || (std::isnan(out[i]) && std::isnan(one(x[i]))));
        QCOMPARE(out[n], 42.0f); // nothing written past the end
    }
    const std::size_t n = (1u << 18) + 37;
    std::vector<float> x(n), out(n + 20, 42.0f);
    for (std::size_t i = 0; i < n; ++i)
        x[i] = static_cast<float>(std::sin(0.37 * double(i)) * 12.0);
    for (std::size_t offset : {0u, 1u, 5u, 15u}) {
        instance.evaluate(x, std::span<float>(out.data() + offset, n), order);
        for (std::size_t i = 0; i < n; i += 97)
            QCOMPARE(out[offset + i], one(x[i]));
        QCOMPARE(out[offset + n - 1], one(x[n - 1]));
    }
}

void TestFloatPaths::specialValues_data() {
    gelulab::testing::addSimdTargetRows();
}

void TestFloatPaths::specialValues() {
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float max = std::numeric_limits<float>::max();
    for (const Activation &a : gelulab::activations()) {
        const ActivationInstance instance(a);
        for (int order = 0; order < 3; ++order) {
            const std::vector<float> x{nan,    inf,  -inf,  max,    -max,   1e30f,
                                       -1e30f, 0.0f, -0.0f, 1e-45f, -1e-45f};
            std::vector<float> out(x.size());
            instance.evaluate(x, out, order);
            QVERIFY2(std::isnan(out[0]), a.id.data());
            const auto verify = [&](float value, float got, const char *where) {
                const float expected = static_cast<float>(instance(static_cast<double>(value), order));
                // Zeros and the smallest subnormals may differ by one subnormal step (the kernels round
                // x − x·Q(x) in two steps); everything else must match exactly.
                const bool close =
                    std::fabs(got - expected) <= std::ldexp(1.0f, -149) && std::fabs(value) < 1.0f;
                QVERIFY2(got == expected || close || (std::isnan(got) && std::isnan(expected)),
                         qPrintable(QStringLiteral("%1 f%2 at %3 (%4): %5, expected %6")
                                        .arg(a.id.data())
                                        .arg(order)
                                        .arg(value)
                                        .arg(QLatin1String(where))
                                        .arg(got)
                                        .arg(expected)));
            };
            for (std::size_t i = 1; i < x.size(); ++i)
                verify(x[i], out[i], "alone");
            // Inside a long array, beside a NaN in the same lane of another vector: the array paths take
            // several vectors at a time with one test for lanes that need care, which a NaN must not hide.
            // Positions and gaps put the two in one block of 16, 32 and 64 floats (4 vectors on sse4, avx2
            // and avx512), in the same lane and in others.
            for (std::size_t i = 1; i < x.size(); ++i)
                for (const std::size_t at : {68u, 88u, 100u})
                    for (const std::ptrdiff_t gap : {-24, -16, -8, -4, 4, 8, 16, 24}) {
                        std::vector<float> block(192, 0.75f), result(block.size());
                        const auto other = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(at) + gap);
                        block[at] = x[i];
                        block[other] = nan;
                        instance.evaluate(block, result, order);
                        verify(x[i], result[at], "beside a NaN");
                        QVERIFY(std::isnan(result[other]));
                    }
        }
    }
}

// Every id of the kernel table names a registry row, and that row has its kernels.
void TestFloatPaths::kernelIdsNameRegistryRows() {
    const std::vector<std::string_view> ids = gelulab::kernelTableIds();
    QVERIFY(ids.size() >= 20);
    for (std::string_view id : ids) {
        const Activation *row = gelulab::findActivation(id);
        QVERIFY2(row != nullptr, std::string(id).c_str());
        QVERIFY2(row->floatKernel != nullptr && row->doubleKernel != nullptr, std::string(id).c_str());
    }
}

void TestFloatPaths::everyKernelOnEveryTarget_data() {
    gelulab::testing::addSimdTargetRows();
}

// On every target the processor runs, each row's vector kernels (float and double) serve f and f′ themselves
// rather than declining to the generic path, with the row's default parameters: a kernel missing on a target
// fails here.
void TestFloatPaths::everyKernelOnEveryTarget() {
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    int checked = 0;
    for (const Activation &a : gelulab::activations()) {
        if (!vectorKernelRow(a)) continue;
        QVERIFY2(a.doubleKernel != nullptr, a.id.data());
        std::vector<double> params;
        for (const auto &p : a.parameters)
            params.push_back(p.defaultValue);
        params.resize(4, 0.0);
        const std::vector<float> xf{-3.0f, -0.5f, 0.0f, 0.25f, 2.0f, 7.0f, -1.0f, 1.0f, 3.5f};
        const std::vector<double> xd(xf.begin(), xf.end());
        for (int order = 0; order < 2; ++order) {
            std::vector<float> yf(xf.size());
            std::vector<double> yd(xd.size());
            QVERIFY2(a.floatKernel(xf.data(), yf.data(), xf.size(), order, params.data()), a.id.data());
            QVERIFY2(a.doubleKernel(xd.data(), yd.data(), xd.size(), order, params.data()), a.id.data());
            for (std::size_t i = 0; i < xf.size(); ++i)
                QVERIFY2(std::fabs(yd[i] - a.function(xd[i], order, params.data())) <=
                             1e-12 * std::max(1.0, std::fabs(yd[i])),
                         qPrintable(QStringLiteral("%1 f%2 at %3 on %4")
                                        .arg(a.id.data())
                                        .arg(order)
                                        .arg(xd[i])
                                        .arg(target)));
        }
        ++checked;
    }
    QVERIFY(checked >= 15);
}

void TestFloatPaths::matrixProducts_data() {
    gelulab::testing::addSimdTargetRows();
}

// The network's three products against Eigen's, in float and double, over shapes that exercise every block
// and tail of the loops (blocks of 8, 4, 2 and 1 rows, columns that fill no vector, one or several): each
// element within a few ulp of the sum of |terms| (the order of summation differs).
void TestFloatPaths::matrixProducts() {
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    std::srand(11);
    int checked = 0;
    for (int m : {1, 2, 3, 4, 5, 9, 15, 20})
        for (int k : {1, 3, 8, 17})
            for (int n : {1, 7, 16, 33, 250}) {
                const MatrixD a = MatrixD::Random(m, k), b = MatrixD::Random(k, n),
                              bt = MatrixD::Random(n, k);
                const MatrixD at = MatrixD::Random(k, m);
                const MatrixD expected[3] = {a * b, at.transpose() * b, a * bt.transpose()};
                const MatrixD bound[3] = {a.cwiseAbs() * b.cwiseAbs(),
                                          at.cwiseAbs().transpose() * b.cwiseAbs(),
                                          a.cwiseAbs() * bt.cwiseAbs().transpose()};
                MatrixD cd[3] = {MatrixD(m, n), MatrixD(m, n), MatrixD(m, n)};
                gelulab::kernels::multiply(a.data(), b.data(), cd[0].data(), m, k, n);
                gelulab::kernels::multiplyTransposedA(at.data(), b.data(), cd[1].data(), m, k, n);
                gelulab::kernels::multiplyTransposedB(a.data(), bt.data(), cd[2].data(), m, k, n);
                const MatrixF af = a.cast<float>(), bf = b.cast<float>(), btf = bt.cast<float>(),
                              atf = at.cast<float>();
                MatrixF cf[3] = {MatrixF(m, n), MatrixF(m, n), MatrixF(m, n)};
                gelulab::kernels::multiply(af.data(), bf.data(), cf[0].data(), m, k, n);
                gelulab::kernels::multiplyTransposedA(atf.data(), bf.data(), cf[1].data(), m, k, n);
                gelulab::kernels::multiplyTransposedB(af.data(), btf.data(), cf[2].data(), m, k, n);
                // With a bias per row of C, added to every column.
                const Eigen::VectorXd bias = Eigen::VectorXd::Random(m);
                MatrixD withBias(m, n);
                gelulab::kernels::multiply(a.data(), b.data(), withBias.data(), m, k, n, bias.data());
                QVERIFY(((withBias - cd[0]).colwise() - bias).cwiseAbs().maxCoeff() <=
                        4.0 * k * 1.12e-16 * (1.0 + bound[0].maxCoeff()));
                for (int p = 0; p < 3; ++p) {
                    const double errorD = (cd[p] - expected[p]).cwiseAbs().cwiseQuotient(bound[p]).maxCoeff();
                    const double errorF =
                        (cf[p].cast<double>() - expected[p]).cwiseAbs().cwiseQuotient(bound[p]).maxCoeff();
                    QVERIFY2(errorD <= 4.0 * k * 1.12e-16 && errorF <= 4.0 * k * 6e-8 + 1.2e-7,
                             qPrintable(QStringLiteral("product %1, %2x%3x%4: %5 / %6")
                                            .arg(p)
                                            .arg(m)
                                            .arg(k)
                                            .arg(n)
                                            .arg(errorD)
                                            .arg(errorF)));
                    ++checked;
                }
            }
    QCOMPARE(checked, 8 * 4 * 5 * 3);
}

void TestFloatPaths::adamStep_data() {
    gelulab::testing::addSimdTargetRows();
}

// Adam's step in SIMD lanes is the same IEEE operations in the same order as the plain expression, lanes and
// tail alike: the same bits on every target (a kept run continues the same on any machine).
void TestFloatPaths::adamStep() {
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    const gelulab::kernels::AdamFactors f{0.9f, 0.1f, 0.999f, 0.001f, 3e-4f, 1e-8f};
    std::srand(5);
    const auto random = [] { return float(std::rand()) / float(RAND_MAX) - 0.5f; };
    for (const std::size_t n : {std::size_t(1), std::size_t(15), std::size_t(16), std::size_t(1000 + 37)}) {
        std::vector<float> p(n), g(n), m(n), v(n);
        for (std::size_t i = 0; i < n; ++i) {
            p[i] = random();
            g[i] = random() * 1e-2f;
            m[i] = random() * 1e-3f;
            v[i] = std::abs(random()) * 1e-5f;
        }
        std::vector<float> ep = p, em = m, ev = v;
        for (std::size_t i = 0; i < n; ++i) {
            em[i] = f.beta1 * em[i] + f.oneMinusBeta1 * g[i];
            ev[i] = f.beta2 * ev[i] + f.oneMinusBeta2 * (g[i] * g[i]);
            ep[i] = ep[i] - (f.rate * em[i]) / (std::sqrt(ev[i]) + f.epsilon);
        }
        gelulab::kernels::adamStep(p.data(), g.data(), m.data(), v.data(), n, f);
        QVERIFY(std::memcmp(p.data(), ep.data(), n * sizeof(float)) == 0);
        QVERIFY(std::memcmp(m.data(), em.data(), n * sizeof(float)) == 0);
        QVERIFY(std::memcmp(v.data(), ev.data(), n * sizeof(float)) == 0);
        QVERIFY(p != std::vector<float>(n)); // something happened
    }
}

QTEST_APPLESS_MAIN(TestFloatPaths)
#include "tst_floatpaths.moc"
