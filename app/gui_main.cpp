// gelu-lab: the desktop application.
#include "curvesview.h"
#include "mainwindow.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <qcustomplot.h>

#include <cstdio>

namespace {

// Reports the first paint of the plot on stdout and quits: how `gelu-lab-cli bench startup` times start-up.
class FirstPaintProbe : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_reported) {
            m_reported = true;
            QTimer::singleShot(0, qApp, [] {
                std::fputs("first-paint\n", stdout);
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_reported = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("GELU Lab"));
    QApplication::setApplicationVersion(QStringLiteral(GELULAB_VERSION));
    QApplication::setOrganizationName(QStringLiteral("GELU Lab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/gelu-lab.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("GELU Lab — %1\nLicence: %2. Paper: %3.")
                                         .arg(QString::fromUtf8(gelulab::kTagline.data()),
                                              QString::fromUtf8(gelulab::kLicence.data()),
                                              QString::fromUtf8(gelulab::kPaper.data())));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption probe(QStringLiteral("quit-after-first-paint"),
                             QStringLiteral("Print 'first-paint' once the window is drawn, then quit (start-up benchmark)."));
    parser.addOption(probe);
    parser.process(app);

    gelulab::MainWindow window;
    FirstPaintProbe paintProbe;
    if (parser.isSet(probe))
        window.curvesView()->plot()->installEventFilter(&paintProbe);
    window.show();
    return app.exec();
}
