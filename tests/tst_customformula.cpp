// Formulas typed by the user: parse errors with their position, values against the registry's rows written
// the same way, Richardson derivatives against the exact ones (and against their own error estimate), the
// session registry (ids, stable rows, parameters) and one parser per thread.
#include "activation.h"
#include "custom_formula.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <thread>

using gelulab::ActivationInstance;
using gelulab::CustomFormula;
using gelulab::FormulaError;

class TestCustomFormula : public QObject {
    Q_OBJECT
private slots:
    void parseErrors_data();
    void parseErrors();
    void parameters();
    void matchesRegistry_data();
    void matchesRegistry();
    void richardsonWithinEstimate_data();
    void richardsonWithinEstimate();
    void nonFinite();
    void discontinuities_data();
    void discontinuities();
    void registry();
    void arrayMatchesScalar();
    void parserPerThread();
};

void TestCustomFormula::parseErrors_data() {
    QTest::addColumn<QString>("formula");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("fragment"); // part of the message
    QTest::newRow("empty") << "   " << 0 << "empty";
    QTest::newRow("dangling operator") << "x*" << 2 << "end";
    QTest::newRow("unclosed bracket") << "x*Phi(x" << 7 << "parenthes";
    QTest::newRow("unknown function") << "x*Psi(x)" << 2 << "unknown function \"Psi\"";
    QTest::newRow("two values") << "x x" << 2 << "x";
    QTest::newRow("too many parameters") << "a+b+c+d+e+f+g+h+k+x" << 0 << "at most 8";
}

void TestCustomFormula::parseErrors() {
    QFETCH(QString, formula);
    QFETCH(int, position);
    QFETCH(QString, fragment);
    try {
        CustomFormula f(formula.toStdString());
        QFAIL("no error");
    } catch (const FormulaError &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(fragment, Qt::CaseInsensitive), e.what());
        QCOMPARE(e.position(), position);
    }
}

void TestCustomFormula::parameters() {
    const CustomFormula f("x*sigmoid(k*x) + beta*0");
    QCOMPARE(f.parameterNames(), (std::vector<std::string>{"beta", "k"}));
    const double params[] = {0.0, 1.702};
    const ActivationInstance sigmoidForm("gelu_sigmoid");
    for (double x : {-7.5, -1.0, -0.1, 0.3, 2.0, 9.0}) {
        const double expected = sigmoidForm(x);
        QVERIFY2(std::abs(f.evaluate(x, 0, params).value - expected) <= 4e-16 * std::abs(expected) + 1e-300,
                 qPrintable(QString::number(x)));
    }
}

void TestCustomFormula::matchesRegistry_data() {
    QTest::addColumn<QString>("formula");
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("from"); // where the formula as typed starts to lose digits to cancellation
    QTest::newRow("gelu") << "x*Phi(x)"
                          << "gelu" << -6.0;
    QTest::newRow("gelu via erfc") << "0.5*x*erfc(-x/sqrt(2))"
                                   << "gelu" << -6.0;
    QTest::newRow("gelu_tanh") << "0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))"
                               << "gelu_tanh" << -3.0;
    QTest::newRow("silu") << "x*sigmoid(x)"
                          << "silu" << -6.0;
    QTest::newRow("softplus") << "softplus(x)"
                              << "softplus" << -6.0;
    QTest::newRow("elu") << "x > 0 ? x : expm1(x)"
                         << "elu" << -6.0;
    QTest::newRow("mish") << "x*tanh(softplus(x))"
                          << "mish" << -6.0;
}

// f to 1e-13 relative (the formulas are the textbook ones: 0.5·x·erfc(−x/√2) loses a little for x < −3), f′
// and f″ within 2× the Richardson estimate (plus 1e-10 relative: the rounding noise of the typed formula
// itself, which no estimate from its values can see), and that estimate itself small: ≤ 1e-9 for f′, ≤ 1e-6
// for f″ (relative to max(1, |f^(k)|)).
void TestCustomFormula::matchesRegistry() {
    QFETCH(QString, formula);
    QFETCH(QString, id);
    QFETCH(double, from);
    const CustomFormula f(formula.toStdString());
    const ActivationInstance exact(id.toStdString());
    for (int i = 0; i <= 80; ++i) {
        const double x = from + (6.0 - from) / 80.0 * i + 1e-3; // off the kink of elu at 0
        const double y = exact(x, 0);
        QVERIFY2(std::abs(f.evaluate(x, 0, nullptr).value - y) <= 1e-13 * std::max(1e-3, std::abs(y)),
                 qPrintable(QStringLiteral("f at %1").arg(x)));
        for (int order = 1; order <= 2; ++order) {
            const gelulab::EstimatedValue d = f.evaluate(x, order, nullptr);
            const double truth = exact(x, order);
            const double scale = std::max(1.0, std::abs(truth));
            const double limit = order == 1 ? 1e-9 : 1e-6;
            if (std::abs(d.value - truth) > 2.0 * d.error + 1e-10 * std::abs(truth) ||
                d.error > limit * scale)
                QFAIL(qPrintable(QStringLiteral("order %1 at x = %2: %3 vs %4, estimated error %5")
                                     .arg(order)
                                     .arg(x)
                                     .arg(d.value, 0, 'g', 17)
                                     .arg(truth, 0, 'g', 17)
                                     .arg(d.error)));
        }
    }
}

void TestCustomFormula::richardsonWithinEstimate_data() {
    QTest::addColumn<double>("x");
    QTest::newRow("0") << 0.0;
    QTest::newRow("1") << 1.0;
    QTest::newRow("-2.5") << -2.5;
    QTest::newRow("100") << 100.0;
    QTest::newRow("1e6") << 1e6;
}

// sin at large x: the step scales with |x|, and the estimate must still cover the true error.
void TestCustomFormula::richardsonWithinEstimate() {
    QFETCH(double, x);
    const auto g = [](double t) { return std::sin(t / 1000.0) * 1000.0 + std::exp(-t * t); };
    const double d1 = std::cos(x / 1000.0) - 2.0 * x * std::exp(-x * x);
    const double d2 = -std::sin(x / 1000.0) / 1000.0 + (4.0 * x * x - 2.0) * std::exp(-x * x);
    const gelulab::EstimatedValue r1 = gelulab::richardsonDerivative(g, x, 1);
    const gelulab::EstimatedValue r2 = gelulab::richardsonDerivative(g, x, 2);
    QVERIFY2(std::abs(r1.value - d1) <= 2.0 * r1.error, qPrintable(QString::number(r1.value - d1)));
    QVERIFY2(std::abs(r2.value - d2) <= 2.0 * r2.error, qPrintable(QString::number(r2.value - d2)));
    QVERIFY(r1.error < 1e-6 * std::max(1.0, std::abs(x)));
}

void TestCustomFormula::nonFinite() {
    const CustomFormula f("x*Phi(x)");
    const double inf = std::numeric_limits<double>::infinity();
    QCOMPARE(f.evaluate(inf, 0, nullptr).value, inf);
    QVERIFY(std::isnan(f.evaluate(std::nan(""), 0, nullptr).value));
    QVERIFY(std::isnan(f.evaluate(inf, 1, nullptr).value));
    QVERIFY(std::isnan(f.evaluate(-inf, 2, nullptr).value));
    // A domain error is a NaN, not an exception.
    QVERIFY(std::isnan(CustomFormula("sqrt(x)").evaluate(-1.0, 0, nullptr).value));
}

void TestCustomFormula::discontinuities_data() {
    QTest::addColumn<QString>("formula");
    QTest::addColumn<double>("x");
    QTest::addColumn<int>("order");
    QTest::addColumn<double>("expected"); // NaN: no value (a discontinuity)
    const double none = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("sign f′ at 0") << "sign(x)" << 0.0 << 1 << none;
    QTest::newRow("sign f″ at 0") << "sign(x)" << 0.0 << 2 << none;
    QTest::newRow("rint f″ at 0.5") << "rint(x)" << 0.5 << 2 << none;
    QTest::newRow("abs f″ at 0 (a kink)") << "abs(x)" << 0.0 << 2 << none;
    QTest::newRow("1/x f′ at 0 (a pole)") << "1/x" << 0.0 << 1 << none;
    // Flat between jumps 1e-4 away: the steps shrink until they stay between them.
    QTest::newRow("rint(1000x) f′ at 0.1234") << "rint(x*1000)" << 0.1234 << 1 << 0.0;
    QTest::newRow("rint(1000x) f″ at 0.1234") << "rint(x*1000)" << 0.1234 << 2 << 0.0;
    QTest::newRow("sign f′ at 1") << "sign(x)" << 1.0 << 1 << 0.0;
    // Smooth ones are never called discontinuous, steep ones included.
    QTest::newRow("1/x f′ at 0.1234") << "1/x" << 0.1234 << 1 << -1.0 / (0.1234 * 0.1234);
    QTest::newRow("x·Φ(1000x) f″ at 0") << "x*Phi(1000*x)" << 0.0 << 2 << 2000.0 / std::sqrt(2.0 * M_PI);
    QTest::newRow("sin(1/x) f′ at 1e-3") << "sin(1/x)" << 1e-3 << 1 << -std::cos(1000.0) * 1e6;
}

void TestCustomFormula::discontinuities() {
    QFETCH(QString, formula);
    QFETCH(double, x);
    QFETCH(int, order);
    QFETCH(double, expected);
    const gelulab::EstimatedValue e = CustomFormula(formula.toStdString()).evaluate(x, order, nullptr);
    if (std::isnan(expected)) {
        QVERIFY(e.discontinuity);
        QVERIFY(std::isnan(e.value));
    } else {
        QVERIFY(!e.discontinuity);
        QVERIFY2(std::abs(e.value - expected) <= 1e-6 * std::max(1.0, std::abs(expected)) &&
                     std::abs(e.value - expected) <= std::max(2.0 * e.error, 1e-12),
                 qPrintable(QStringLiteral("%1 ± %2").arg(e.value).arg(e.error)));
    }
}

void TestCustomFormula::registry() {
    const std::size_t builtIn = gelulab::activations().size() - gelulab::customActivations().size();
    const gelulab::Activation &first = gelulab::registerCustomActivation("x*Phi(x) + 0*x");
    const std::string firstId(first.id);
    QVERIFY(firstId.starts_with("custom"));
    QCOMPARE(first.group, gelulab::kCustomGroup);
    QCOMPARE(first.name, std::string_view("x*Phi(x) + 0*x"));
    QCOMPARE(&gelulab::registerCustomActivation("x*Phi(x) + 0*x"), &first); // same text, same row
    QCOMPARE(gelulab::findActivation(firstId), &first);
    QCOMPARE(gelulab::activationGroups().back(), gelulab::kCustomGroup);
    // Rows stay where they are while more are added.
    for (int i = 0; i < 40; ++i)
        gelulab::registerCustomActivation("x + " + std::to_string(i));
    QCOMPARE(gelulab::findActivation(firstId), &first);
    QCOMPARE(first.formula, std::string_view("x*Phi(x) + 0*x"));
    QCOMPARE(gelulab::activations().size(), builtIn + gelulab::customActivations().size());

    const gelulab::Activation &withParameter = gelulab::registerCustomActivation("x*Phi(s*x)");
    QCOMPARE(withParameter.parameters.size(), std::size_t(1));
    QCOMPARE(withParameter.parameters[0].name, std::string_view("s"));
    ActivationInstance instance(withParameter);
    QCOMPARE(instance.parameter("s"), 1.0);
    QCOMPARE(instance(1.5), ActivationInstance("gelu")(1.5));
    instance.setParameter("s", 2.0);
    QCOMPARE(instance(1.5), 1.5 *
                                gelulab::ActivationInstance("gelu_general")
                                    .activation()
                                    .evaluate(3.0, 0, std::vector<double>{0.0, 1.0}) /
                                3.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, instance.setParameter("s", 11.0));
    QVERIFY_THROWS_EXCEPTION(FormulaError, gelulab::registerCustomActivation("x*("));
}

void TestCustomFormula::arrayMatchesScalar() {
    const ActivationInstance instance(gelulab::registerCustomActivation("x*Phi(x)"));
    std::vector<double> x;
    for (int i = 0; i < 101; ++i)
        x.push_back(-5.0 + 0.1 * i);
    for (int order = 0; order <= 2; ++order) {
        std::vector<double> y(x.size());
        instance.evaluate(x, y, order);
        std::vector<float> xf(x.begin(), x.end()), yf(x.size());
        instance.evaluate(xf, yf, order);
        for (std::size_t i = 0; i < x.size(); ++i) {
            QCOMPARE(y[i], instance(x[i], order));
            QCOMPARE(yf[i], float(instance(double(xf[i]), order)));
        }
    }
}

// Two threads evaluating the same formula at the same time get the single-threaded answers: each has its own
// parser (a shared one would mix up the variable x between them).
void TestCustomFormula::parserPerThread() {
    const ActivationInstance instance(gelulab::registerCustomActivation("x*Phi(x)*1"));
    const auto work = [&](double offset, std::vector<double> &out) {
        for (int i = 0; i < 20000; ++i)
            out.push_back(instance(offset + 1e-4 * i, i % 3));
    };
    std::vector<double> a, b;
    std::thread t1(work, -3.0, std::ref(a));
    std::thread t2(work, 1.0, std::ref(b));
    t1.join();
    t2.join();
    std::vector<double> a1, b1;
    work(-3.0, a1);
    work(1.0, b1);
    QVERIFY(a == a1);
    QVERIFY(b == b1);
}

QTEST_APPLESS_MAIN(TestCustomFormula)
#include "tst_customformula.moc"
