#pragma once
// The built-in lessons (resources/lessons/*.gelulab, compiled in): session files with steps (README.md,
// "Lessons"; the format in docs/ARCHITECTURE.md, "Sessions").

#include "session_json.h"

#include <QString>

#include <vector>

namespace gelulab {

struct BuiltInLesson {
    QString fileName; // the resource path, ":/lessons/…"
    session::Session session;
    const session::Lesson &lesson() const { return *session.lesson; }
};

// Every built-in lesson in the order of their file names (01-…, 02-…); one that does not read is left out
// with a warning (a test opens each).
const std::vector<BuiltInLesson> &builtInLessons();
// The lesson with this id, or nullptr.
const BuiltInLesson *findBuiltInLesson(const QString &id);

} // namespace gelulab
