// Build-time tool: renders the scalable icon to the PNG sizes a desktop's icon theme looks for
// (share/icons/hicolor/NxN/apps), so the menu shows it where SVG icons are not read.
// Usage: gelulab-render-icon ICON.svg OUTPUT_DIR SIZE...   (writes OUTPUT_DIR/SIZExSIZE/gelu-lab.png)
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char *argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QGuiApplication::arguments();
    if (args.size() < 4) {
        std::fputs("usage: gelulab-render-icon ICON.svg OUTPUT_DIR SIZE...\n", stderr);
        return 2;
    }
    QSvgRenderer svg(args[1]);
    if (!svg.isValid()) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(args[1]));
        return 1;
    }
    for (qsizetype i = 3; i < args.size(); ++i) {
        const int size = args[i].toInt();
        const QString dir = QStringLiteral("%1/%2x%2").arg(args[2]).arg(size);
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        if (size < 1 || !QDir().mkpath(dir) || !image.save(dir + QStringLiteral("/gelu-lab.png"))) {
            std::fprintf(stderr, "cannot write the %d-pixel icon in %s\n", size, qPrintable(dir));
            return 1;
        }
    }
    return 0;
}
