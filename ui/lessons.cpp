#include "lessons.h"

#include "session_file.h"

#include <QDir>
#include <QtGlobal>

namespace gelulab {

const std::vector<BuiltInLesson> &builtInLessons() {
    static const std::vector<BuiltInLesson> lessons = [] {
        std::vector<BuiltInLesson> found;
        const QDir folder(QStringLiteral(":/lessons"));
        for (const QString &name : folder.entryList({QStringLiteral("*.gelulab")}, QDir::Files, QDir::Name)) {
            const QString path = folder.filePath(name);
            session::ReadResult read = session::readFile(path);
            if (!read.ok() || !read.session->lesson) {
                qWarning("lesson %s: %s", qPrintable(name),
                         read.ok() ? "no lesson in it" : read.problem.text().c_str());
                continue;
            }
            found.push_back({path, std::move(*read.session)});
        }
        return found;
    }();
    return lessons;
}

const BuiltInLesson *findBuiltInLesson(const QString &id) {
    for (const BuiltInLesson &l : builtInLessons())
        if (QString::fromStdString(l.lesson().id) == id) return &l;
    return nullptr;
}

} // namespace gelulab
