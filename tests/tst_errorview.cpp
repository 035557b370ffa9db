// The Approximation error view driven as a user would: choosing the approximation, the order and the range,
// zooming with the wheel; the plotted errors against the registry, the read-outs against the command line's
// `error` (run in-process with the command line the view shows), and the CSV export.
#include "cli.h"
#include "customactivations.h"
#include "errorview.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <qcustomplot.h>

#include <cmath>

using gelulab::ErrorView;

namespace {

// Splits a command line as a POSIX shell does for what the view writes: words, and single-quoted text
// (in which '\'' stands for a quote).
QStringList shellWords(const QString &line) {
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == QLatin1Char('\'')) {
            const qsizetype close = line.indexOf(QLatin1Char('\''), i + 1);
            word += line.mid(i + 1, close - i - 1);
            i = close;
            inWord = true;
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            word += line[++i];
            inWord = true;
        } else if (c == QLatin1Char(' ')) {
            if (inWord) words << word;
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words << word;
    return words;
}

QString runCli(const QString &commandLine) {
    QString out, err;
    QTextStream outStream(&out), errStream(&err);
    const int status = gelulab::cli::run(shellWords(commandLine), outStream, errStream, nullptr);
    outStream.flush();
    return status == 0 ? out : QStringLiteral("status %1: %2").arg(status).arg(err);
}

} // namespace

class TestErrorView : public QObject {
    Q_OBJECT
private slots:
    void defaultsMatchTheCommandLine();
    void reversedRangeIsSaidAndKeepsTheLastValid();
    void choosingTheApproximationAndOrder_data();
    void choosingTheApproximationAndOrder();
    void plottedErrorsAreTheRegistrysDifferences();
    void wheelZoomFollowsTheRange();
    void badRangeIsRefused();
    void exportsCsv();
    void parametersReachTheCommandLine();
    void customFormulaJoinsTheChoices();
    void floatingPointMode();
    void stateRoundTrip();
};

void TestErrorView::defaultsMatchTheCommandLine() {
    ErrorView view;
    QCOMPARE(view.approximationId(), QStringLiteral("gelu_tanh"));
    QCOMPARE(view.referenceId(), QStringLiteral("gelu"));
    QVERIFY(view.readout().contains("max |error|     0.000473236 at x = 2.699"));
    // Every read-out line is in the command line's output, digit for digit.
    const QString cli = runCli(view.commandLine());
    for (const QString &line : view.readout().split('\n', Qt::SkipEmptyParts))
        QVERIFY2(cli.contains(line), qPrintable(cli + " lacks " + line));
}

void TestErrorView::choosingTheApproximationAndOrder_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("order");
    QTest::addColumn<double>("maxError");
    QTest::addColumn<double>("at");
    QTest::newRow("gelu_sigmoid f") << "gelu_sigmoid" << 0 << 2.03e-2 << 2.27;
    QTest::newRow("gelu_tanh f'") << "gelu_tanh" << 1 << 8.7e-4 << 2.02;
    QTest::newRow("gelu_sigmoid f'") << "gelu_sigmoid" << 1 << 2.9e-2 << 1.42;
}

void TestErrorView::choosingTheApproximationAndOrder() {
    QFETCH(QString, id);
    QFETCH(int, order);
    QFETCH(double, maxError);
    QFETCH(double, at);
    ErrorView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy changed(&view, &ErrorView::statisticsChanged);
    // Through the combo boxes, as a user picks them.
    view.approximationBox()->setCurrentIndex(view.approximationBox()->findData(id));
    view.orderBox()->setCurrentIndex(order);
    QVERIFY(changed.count() >= 1);
    QVERIFY2(std::abs(view.statistics().maxAbsError - maxError) <= 0.006 * maxError,
             qPrintable(QString::number(view.statistics().maxAbsError)));
    QVERIFY(std::abs(std::abs(view.statistics().at) - at) < 0.01);
    const QString cli = runCli(view.commandLine());
    for (const QString &line : view.readout().split('\n', Qt::SkipEmptyParts))
        QVERIFY2(cli.contains(line), qPrintable(cli + " lacks " + line));
}

void TestErrorView::plottedErrorsAreTheRegistrysDifferences() {
    ErrorView view;
    view.setApproximation("silu");
    view.setRange(-3.0, 5.0, 801);
    const gelulab::ActivationInstance silu("silu"), gelu("gelu");
    QCPGraph *signedError = view.plot()->graph(0);
    QCOMPARE(signedError->data()->size(), 801);
    for (int i = 0; i < 801; i += 50) {
        const double x = signedError->data()->at(i)->key;
        QVERIFY(std::abs(signedError->data()->at(i)->value - (silu(x) - gelu(x))) <= 1e-15);
    }
    QCOMPARE(signedError->data()->at(0)->key, -3.0);
    QCOMPARE(signedError->data()->at(800)->key, 5.0);
    // |error| and the relative error on their log axes.
    QCOMPARE(view.plot()->axisRect(1)->axis(QCPAxis::atLeft)->scaleType(), QCPAxis::stLogarithmic);
    const double x = view.plot()->graph(2)->data()->at(600)->key;
    QVERIFY(std::abs(view.plot()->graph(2)->data()->at(600)->value -
                     std::abs(silu(x) - gelu(x)) / std::abs(gelu(x))) < 1e-12);
}

void TestErrorView::wheelZoomFollowsTheRange() {
    ErrorView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const double before = view.to() - view.from();
    QCPAxisRect *rect = view.plot()->axisRect(0);
    const QPoint centre = rect->rect().center();
    QWheelEvent wheel(centre, view.plot()->mapToGlobal(centre), QPoint(), QPoint(0, 960), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view.plot(), &wheel);
    QTRY_VERIFY(view.to() - view.from() < 0.5 * before);
    // The read-outs are over the visible range now, with the same number of points, and still match the CLI.
    QCOMPARE(view.points(), ErrorView::kDefaultPoints);
    QCOMPARE(view.plot()->axisRect(2)->axis(QCPAxis::atBottom)->range().lower, view.from());
    const QString cli = runCli(view.commandLine());
    for (const QString &line : view.readout().split('\n', Qt::SkipEmptyParts))
        QVERIFY2(cli.contains(line), qPrintable(cli + " lacks " + line));
}

void TestErrorView::badRangeIsRefused() {
    ErrorView view;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setRange(2.0, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setRange(0.0, INFINITY));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setApproximation("nope"));
    QCOMPARE(view.from(), ErrorView::kDefaultFrom);
    QCOMPARE(view.to(), ErrorView::kDefaultTo);
}

void TestErrorView::exportsCsv() {
    ErrorView view;
    view.setRange(-1.0, 1.0, 5);
    QTemporaryDir dir;
    const QString file = dir.filePath("error.csv");
    QCOMPARE(view.exportCsv(file), QString());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines[0], QStringLiteral("x,gelu_tanh,gelu,error,relative_error"));
    QVERIFY(lines[1].startsWith("-1,"));
    QVERIFY(
        view.exportCsv("/nonexistent-dir/error.csv").startsWith("cannot write /nonexistent-dir/error.csv"));
}

// σ of gelu_general against exact GELU, set in the view's spin box: the read-outs move, and the command line
// the view shows (with --param and --reference-param) prints them digit for digit.
void TestErrorView::parametersReachTheCommandLine() {
    ErrorView view;
    view.setApproximation("gelu_general");
    QCOMPARE(view.statistics().maxAbsError, 0.0); // σ = 1 is GELU
    QDoubleSpinBox *sigma = view.parameterBox(false, "sigma");
    QVERIFY(sigma);
    QVERIFY(!view.parameterBox(true, "sigma")); // gelu has none
    sigma->setValue(0.5);
    QCOMPARE(view.approximation().parameter("sigma"), 0.5);
    QVERIFY(view.statistics().maxAbsError > 0.05);
    QVERIFY(view.commandLine().contains("--param sigma=0.5"));
    QString cli = runCli(view.commandLine());
    for (const QString &line : view.readout().split('\n', Qt::SkipEmptyParts))
        QVERIFY2(cli.contains(line), qPrintable(cli + " lacks " + line));
    // The same row as reference, with its own σ.
    view.setReference("gelu_general");
    view.setReferenceParameter("sigma", 2.0);
    QCOMPARE(view.parameterBox(true, "sigma")->value(), 2.0);
    QVERIFY(view.commandLine().contains("--reference-param sigma=2"));
    cli = runCli(view.commandLine());
    for (const QString &line : view.readout().split('\n', Qt::SkipEmptyParts))
        QVERIFY2(cli.contains(line), qPrintable(cli + " lacks " + line));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setApproximationParameter("sigma", -1.0));
    QCOMPARE(view.approximation().parameter("sigma"), 0.5);
}

// A formula added anywhere (here as the Curves view's editor does) appears in both choices; chosen, it gives
// the same read-outs as the command line with --formula.
void TestErrorView::customFormulaJoinsTheChoices() {
    ErrorView view;
    const QString id =
        gelulab::CustomActivations::instance()->add("0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3))) + 0*x");
    QVERIFY(view.approximationBox()->findData(id) >= 0);
    QVERIFY(view.referenceBox()->findData(id) >= 0);
    view.setApproximation(id);
    QVERIFY(view.readout().contains("max |error|     0.000473236 at x = 2.699"));
    QVERIFY(view.commandLine().contains("--formula '0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3))) + 0*x'"));
    const QString cli = runCli(view.commandLine());
    for (const QString &line : view.readout().split('\n', Qt::SkipEmptyParts))
        QVERIFY2(cli.contains(line), qPrintable(cli + " lacks " + line));
}

// The floating-point mode over the negative tail: the naive formulas lose every output below −8.37 (double)
// and −5.54 (float), exact GELU in bfloat16 and float16 is correctly rounded everywhere (our float path is
// within 4 float ulp, far below half a 16-bit ulp), the read-outs match the command line's, and switching
// back restores the approximation range.
void TestErrorView::floatingPointMode() {
    ErrorView view;
    view.setApproximation("gelu");
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy changed(&view, &ErrorView::statisticsChanged);
    view.modeBox()->setCurrentIndex(1); // as a user picks it
    QCOMPARE(view.mode(), ErrorView::Mode::FloatingPoint);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.plot(), view.precisionPlot());
    QCOMPARE(view.from(), ErrorView::kDefaultPrecisionFrom);
    QCOMPARE(view.precisionCases().size(), std::size_t(5));
    QCOMPARE(view.precisionPlot()->graphCount(), 5);
    using gelulab::PrecisionCase;
    const auto &naiveDouble = view.precisionStatistics(PrecisionCase::NaiveDouble);
    QVERIFY(naiveDouble.zeroUpTo);
    QVERIFY2(*naiveDouble.zeroUpTo > -8.40 && *naiveDouble.zeroUpTo < -8.30,
             qPrintable(QString::number(*naiveDouble.zeroUpTo)));
    const auto &naiveFloat = view.precisionStatistics(PrecisionCase::NaiveFloat);
    QVERIFY(naiveFloat.zeroUpTo);
    QVERIFY2(*naiveFloat.zeroUpTo > -5.60 && *naiveFloat.zeroUpTo < -5.50,
             qPrintable(QString::number(*naiveFloat.zeroUpTo)));
    QVERIFY(view.precisionStatistics(PrecisionCase::Float).maxUlpError <= 4.0);
    QVERIFY(!view.precisionStatistics(PrecisionCase::Float).zeroUpTo);
    for (const PrecisionCase c : {PrecisionCase::BFloat16, PrecisionCase::Float16}) {
        QVERIFY(view.precisionStatistics(c).maxUlpError <= 0.5);
        QCOMPARE(view.precisionStatistics(c).withinHalfUlp, 1.0);
    }
    // Each case's read-out is in the output of its command line.
    const QStringList commands = view.commandLine().split('\n');
    QCOMPARE(commands.size(), 5);
    for (const QString &command : commands) {
        const QString cli = runCli(command);
        QVERIFY2(!cli.startsWith("status"), qPrintable(cli));
        const QString stats = cli.section('\n', 1);
        QVERIFY2(view.readout().contains(stats), qPrintable(command + "\n" + cli));
    }
    // The tanh form in bfloat16 is not free in the tail: hundreds of ulp.
    view.setApproximation("gelu_tanh");
    QVERIFY(view.precisionStatistics(PrecisionCase::BFloat16).maxUlpError > 100.0);
    // A reference other than gelu drops the naive GELU formulas.
    view.setReference("silu");
    QCOMPARE(view.precisionCases().size(), std::size_t(3));
    QCOMPARE(view.precisionPlot()->graphCount(), 3);
    // CSV: x and four columns per case.
    QTemporaryDir dir;
    const QString csv = dir.filePath("precision.csv");
    QCOMPARE(view.exportCsv(csv), QString());
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.first().split(',').size(), 1 + 4 * 3);
    QCOMPARE(lines.size(), ErrorView::kDefaultPrecisionPoints + 2); // header, rows, final newline
    view.setMode(ErrorView::Mode::Approximation);
    QCOMPARE(view.from(), ErrorView::kDefaultFrom);
    QCOMPARE(view.plot(), view.approximationPlot());
}

void TestErrorView::stateRoundTrip() {
    ErrorView view;
    view.approximationBox()->setCurrentIndex(
        view.approximationBox()->findData(QStringLiteral("gelu_general")));
    view.parameterBox(false, "sigma")->setValue(0.7);
    view.referenceBox()->setCurrentIndex(view.referenceBox()->findData(QStringLiteral("gelu_general")));
    view.parameterBox(true, "sigma")->setValue(2.0);
    view.orderBox()->setCurrentIndex(1);
    view.setRange(-3.0, 5.0, 801);
    const QJsonObject state = view.state();

    ErrorView fresh;
    fresh.restoreState(state);
    QCOMPARE(fresh.approximationId(), QStringLiteral("gelu_general"));
    QCOMPARE(fresh.referenceId(), QStringLiteral("gelu_general"));
    QCOMPARE(fresh.parameterBox(false, "sigma")->value(), 0.7);
    QCOMPARE(fresh.parameterBox(true, "sigma")->value(), 2.0);
    QCOMPARE(fresh.approximation().parameter("sigma"), 0.7);
    QCOMPARE(fresh.orderBox()->currentIndex(), 1);
    QCOMPARE(fresh.from(), -3.0);
    QCOMPARE(fresh.to(), 5.0);
    QCOMPARE(fresh.points(), 801);
    QCOMPARE(fresh.statistics().maxAbsError, view.statistics().maxAbsError);
    QCOMPARE(fresh.state(), state);

    // Floating-point mode with its own range.
    view.orderBox()->setCurrentIndex(0);
    view.modeBox()->setCurrentIndex(1);
    const QJsonObject precision = view.state();
    ErrorView other;
    other.restoreState(precision);
    QCOMPARE(other.mode(), ErrorView::Mode::FloatingPoint);
    QCOMPARE(other.state(), precision);

    // What cannot be validated is skipped, the rest applies.
    QJsonObject bad = state;
    bad["approximation"] = "nonesuch";
    bad["approximationParameters"] = QJsonObject{{"sigma", -1.0}};
    bad["order"] = 7;
    bad["from"] = 9.0; // from > to
    bad["mode"] = "sideways";
    bad["points"] = 1601;
    fresh.restoreState(bad);
    QCOMPARE(fresh.state(), state);
}

// From above To is not applied silently: the view says so and keeps the last valid range; a valid range
// again clears the message.
void TestErrorView::reversedRangeIsSaidAndKeepsTheLastValid() {
    ErrorView view;
    const double from = view.from();
    QVERIFY(view.rangeMessageLabel()->text().isEmpty());
    view.fromBox()->setValue(view.toBox()->value() + 1.0);
    QVERIFY(view.rangeMessageLabel()->text().contains("From must be less than To"));
    QCOMPARE(view.from(), from);
    view.fromBox()->setValue(view.toBox()->value() - 1.0);
    QVERIFY(view.rangeMessageLabel()->text().isEmpty());
    QCOMPARE(view.from(), view.toBox()->value() - 1.0);
}

QTEST_MAIN(TestErrorView)
#include "tst_errorview.moc"
