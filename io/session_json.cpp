#include "session_json.h"

#include "activation.h"
#include "newer_keys.h"
#include "session_keys.h"
#include "version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <type_traits>

namespace gelulab::session {

namespace {

constexpr auto kFormat = "gelu-lab-session";
constexpr qsizetype kMaxArray = 100'000; // elements in any one array

struct Invalid {
    Error problem;
};

[[noreturn]] void fail(const std::string &path, const std::string &message) {
    throw Invalid{{path, message}};
}

QString qs(const std::string &s) {
    return QString::fromStdString(s);
}

using namespace keys;

using Matrix = Mlp<float>::Matrix;
using Vector = Mlp<float>::Vector;

// Reads one object's keys into a state, checking each value's kind; a missing key leaves the value unset.
class Reader {
public:
    Reader(const QJsonObject &object, std::string path)
        : m_object(object)
        , m_path(std::move(path)) {}

    template<class T>
    void field(const char *key, std::optional<T> &out) {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined()) return;
        T v{};
        read(value, m_path + key, v);
        out = std::move(v);
    }
    // Plain members: required in a nested object; a missing list of parameters is empty.
    template<class T>
    void field(const char *key, T &out) {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined()) {
            if constexpr (std::is_same_v<T, std::vector<NamedValue>> ||
                          std::is_same_v<T, std::vector<double>>)
                return;
            fail(m_path + key, "missing");
        }
        read(value, m_path + key, out);
    }

    static void read(const QJsonValue &value, const std::string &path, bool &out) {
        if (!value.isBool()) fail(path, "expected true or false");
        out = value.toBool();
    }
    static void read(const QJsonValue &value, const std::string &path, double &out) {
        // JSON has no infinities or NaN: a file writes them as "inf", "-inf" (a parameter's range may end
        // there) and "nan" (the test loss of a network without test points); the checks refuse them wherever
        // a finite number belongs.
        if (value.isString()) {
            const QString text = value.toString();
            if (text == QLatin1String("inf") || text == QLatin1String("-inf")) {
                out = text.startsWith(QLatin1Char('-')) ? -HUGE_VAL : HUGE_VAL;
                return;
            }
            if (text == QLatin1String("nan")) {
                out = std::nan("");
                return;
            }
        }
        if (!value.isDouble()) fail(path, "expected a number");
        out = value.toDouble();
    }
    static void read(const QJsonValue &value, const std::string &path, int &out) {
        double d = 0.0;
        read(value, path, d);
        if (d != std::floor(d) || std::abs(d) > 2e9) fail(path, "expected a whole number");
        out = int(d);
    }
    static void read(const QJsonValue &value, const std::string &path, long long &out) {
        std::uint64_t v = 0;
        read(value, path, v);
        out = static_cast<long long>(v);
    }
    template<class T>
    requires isNested<T>
    static void read(const QJsonValue &value, const std::string &path, T &out) {
        if (!value.isObject()) fail(path, "expected an object");
        Reader nested(value.toObject(), path + ".");
        visitNested(nested, out);
    }
    // Network weights: float arrays (numbers beyond float's range become infinite and are refused later).
    static void floats(const QJsonValue &value, const std::string &path, float *out, qsizetype n) {
        const QJsonArray array = arrayOf(value, path);
        if (array.size() != n) fail(path, "expected " + std::to_string(n) + " values");
        for (qsizetype i = 0; i < n; ++i) {
            if (!array[i].isDouble()) fail(path + "[" + std::to_string(i) + "]", "expected a number");
            out[i] = float(array[i].toDouble());
        }
    }
    static void read(const QJsonValue &value, const std::string &path, Vector &out) {
        const qsizetype n = value.isArray() ? value.toArray().size() : 0;
        if (n > kMaxArray) fail(path, "more than " + std::to_string(kMaxArray) + " values");
        out.resize(Eigen::Index(n));
        floats(value, path, out.data(), n);
    }
    static void read(const QJsonValue &value, const std::string &path, Matrix &out) {
        if (!value.isObject()) fail(path, "expected an object with rows, cols and values");
        const QJsonObject object = value.toObject();
        int rows = 0, cols = 0;
        read(object.value(QStringLiteral("rows")), path + ".rows", rows);
        read(object.value(QStringLiteral("cols")), path + ".cols", cols);
        if (rows < 0 || cols < 0 || qint64(rows) * cols > kMaxArray)
            fail(path,
                 "a matrix of " + std::to_string(rows) + " × " + std::to_string(cols) + " is not allowed");
        out.resize(rows, cols);
        floats(object.value(QStringLiteral("values")), path + ".values", out.data(), qsizetype(out.size()));
    }
    static void read(const QJsonValue &value, const std::string &path, std::uint64_t &out) {
        double d = 0.0;
        read(value, path, d);
        if (d != std::floor(d) || d < 0.0 || d > 9007199254740992.0)
            fail(path, "expected a whole number from 0 to 2^53");
        out = std::uint64_t(d);
    }
    static void read(const QJsonValue &value, const std::string &path, std::string &out) {
        if (!value.isString()) fail(path, "expected a string");
        const QString s = value.toString();
        if (s.size() > qsizetype(kMaxTextLength)) fail(path, "longer than 10000 characters");
        out = s.toStdString();
    }
    template<class T, std::size_t N>
    static void read(const QJsonValue &value, const std::string &path, std::array<T, N> &out) {
        const QJsonArray array = arrayOf(value, path);
        if (array.size() != qsizetype(N)) fail(path, "expected " + std::to_string(N) + " values");
        for (std::size_t i = 0; i < N; ++i)
            read(array[qsizetype(i)], path + "[" + std::to_string(i) + "]", out[i]);
    }
    template<class T>
    static void read(const QJsonValue &value, const std::string &path, std::vector<T> &out) {
        const QJsonArray array = arrayOf(value, path);
        out.clear();
        out.reserve(std::size_t(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            T item{};
            read(array[i], at, item);
            out.push_back(std::move(item));
        }
    }
    // Parameters by name: an object of numbers.
    static void read(const QJsonValue &value, const std::string &path, std::vector<NamedValue> &out) {
        if (!value.isObject()) fail(path, "expected an object of parameter values");
        const QJsonObject object = value.toObject();
        if (object.size() > 64) fail(path, "too many parameters");
        out.clear();
        for (auto it = object.begin(); it != object.end(); ++it) {
            NamedValue v;
            v.name = it.key().toStdString();
            read(it.value(), path + "." + v.name, v.value);
            out.push_back(std::move(v));
        }
    }

private:
    static QJsonArray arrayOf(const QJsonValue &value, const std::string &path) {
        if (!value.isArray()) fail(path, "expected an array");
        QJsonArray array = value.toArray();
        if (array.size() > kMaxArray) fail(path, "more than " + std::to_string(kMaxArray) + " values");
        return array;
    }

    const QJsonObject m_object; // implicitly shared: a copy is cheap
    std::string m_path;
};

// Writes a state's set values into an object.
class Writer {
public:
    QJsonObject object;

    template<class T>
    void field(const char *key, const std::optional<T> &value) {
        if (value) object.insert(QLatin1String(key), write(*value));
    }
    template<class T>
    void field(const char *key, const T &value) {
        object.insert(QLatin1String(key), write(value));
    }

    static QJsonValue write(bool v) { return v; }
    static QJsonValue write(double v) { return v; }
    static QJsonValue write(int v) { return v; }
    static QJsonValue write(std::uint64_t v) { return double(v); }
    static QJsonValue write(long long v) { return double(v); }
    template<class T>
    requires isNested<T>
    static QJsonValue write(const T &value) {
        Writer nested;
        visitNested(nested, value);
        return nested.object;
    }
    static QJsonArray floats(const float *values, Eigen::Index n) {
        QJsonArray array;
        for (Eigen::Index i = 0; i < n; ++i)
            array.append(double(values[i]));
        return array;
    }
    static QJsonValue write(const Vector &v) { return floats(v.data(), v.size()); }
    static QJsonValue write(const Matrix &m) {
        return QJsonObject{{QStringLiteral("rows"), int(m.rows())},
                           {QStringLiteral("cols"), int(m.cols())},
                           {QStringLiteral("values"), floats(m.data(), m.size())}};
    }
    static QJsonValue write(const std::string &v) { return qs(v); }
    template<class T, std::size_t N>
    static QJsonValue write(const std::array<T, N> &values) {
        QJsonArray array;
        for (const T &v : values)
            array.append(write(v));
        return array;
    }
    template<class T>
    static QJsonValue write(const std::vector<T> &values) {
        QJsonArray array;
        for (const T &v : values)
            array.append(write(v));
        return array;
    }
    static QJsonValue write(const std::vector<NamedValue> &values) {
        QJsonObject object;
        for (const NamedValue &v : values)
            object.insert(qs(v.name), v.value);
        return object;
    }
};

template<class State, class Visit>
void readView(const QJsonObject &views, const std::string &prefix, const char *id, std::optional<State> &out,
              Visit visit) {
    const QJsonValue value = views.value(QLatin1String(id));
    if (value.isUndefined()) return;
    const std::string path = prefix + "views." + id;
    if (!value.isObject()) fail(path, "expected an object");
    const QJsonObject object = value.toObject();
    Reader reader(object, path + ".");
    State state;
    visit(reader, state);
    out = std::move(state);
}

template<class State, class Visit>
QJsonObject writeView(const State &state, Visit visit) {
    Writer writer;
    visit(writer, state);
    return writer.object;
}

// A session's keys after the version: the tab, the formulas, the views and a lesson (whose steps hold
// sessions of their own, without versions). prefix starts the paths of a step's keys.
void readBody(const QJsonObject &root, const std::string &prefix, Session &s);
void writeBody(const Session &s, QJsonObject &root);

void readStep(const QJsonValue &value, const std::string &path, LessonStep &step) {
    if (!value.isObject()) fail(path, "expected an object");
    const QJsonObject object = value.toObject();
    Reader reader(object, path + ".");
    reader.field("title", step.title);
    reader.field("text", step.text);
    reader.field("run", step.run);
    readBody(object, path + ".", step.show);
}

void readLesson(const QJsonValue &value, Lesson &lesson) {
    if (!value.isObject()) fail("lesson", "expected an object");
    const QJsonObject object = value.toObject();
    Reader reader(object, "lesson.");
    reader.field("id", lesson.id);
    reader.field("title", lesson.title);
    std::optional<std::string> summary;
    reader.field("summary", summary);
    lesson.summary = summary.value_or(std::string());
    reader.field("current", lesson.current);
    const QJsonValue steps = object.value(QStringLiteral("steps"));
    if (!steps.isArray()) fail("lesson.steps", "expected an array");
    const QJsonArray array = steps.toArray();
    if (array.size() > Lesson::kMaxSteps)
        fail("lesson.steps", "more than " + std::to_string(Lesson::kMaxSteps) + " steps");
    for (qsizetype i = 0; i < array.size(); ++i) {
        LessonStep step;
        readStep(array[i], "lesson.steps[" + std::to_string(i) + "]", step);
        lesson.steps.push_back(std::move(step));
    }
}

QJsonObject writeLesson(const Lesson &lesson) {
    QJsonArray steps;
    for (const LessonStep &step : lesson.steps) {
        QJsonObject object{{QStringLiteral("title"), qs(step.title)},
                           {QStringLiteral("text"), qs(step.text)}};
        if (step.run) object.insert(QStringLiteral("run"), *step.run);
        writeBody(step.show, object);
        steps.append(object);
    }
    QJsonObject object{{QStringLiteral("id"), qs(lesson.id)},
                       {QStringLiteral("title"), qs(lesson.title)},
                       {QStringLiteral("summary"), qs(lesson.summary)},
                       {QStringLiteral("steps"), steps}};
    if (lesson.current) object.insert(QStringLiteral("current"), *lesson.current);
    return object;
}

void readBody(const QJsonObject &root, const std::string &prefix, Session &s) {
    Reader top(root, prefix);
    top.field("view", s.view);
    std::optional<std::vector<CustomFormulaEntry>> formulas;
    top.field("formulas", formulas);
    if (formulas) s.formulas = std::move(*formulas);
    const QJsonValue views = root.value(QStringLiteral("views"));
    if (!views.isUndefined() && !views.isObject()) fail(prefix + "views", "expected an object");
    const QJsonObject v = views.toObject();
    readView(v, prefix, "curves", s.curves, [](Reader &r, CurvesState &c) { visitCurves(r, c); });
    readView(v, prefix, "error", s.error, [](Reader &r, ErrorState &e) { visitError(r, e); });
    readView(v, prefix, "mask", s.mask, [](Reader &r, MaskState &m) { visitMask(r, m); });
    readView(v, prefix, "playground", s.playground,
             [](Reader &r, PlaygroundState &p) { visitPlayground(r, p); });
    readView(v, prefix, "compare", s.compare, [](Reader &r, CompareState &c) { visitCompare(r, c); });
    readView(v, prefix, "paper", s.paper, [](Reader &r, PaperState &p) { visitPaper(r, p); });
    readView(v, prefix, "depth", s.depth, [](Reader &r, DepthState &d) { visitDepth(r, d); });
    if (const QJsonValue presentation = root.value(QStringLiteral("presentation"));
        !presentation.isUndefined()) {
        if (!presentation.isObject()) fail(prefix + "presentation", "expected an object");
        const QJsonObject object = presentation.toObject();
        Reader reader(object, prefix + "presentation.");
        s.presentation.emplace();
        reader.field("hidden", s.presentation->hidden);
    }
    const QJsonValue lesson = root.value(QStringLiteral("lesson"));
    if (lesson.isUndefined()) return;
    if (!prefix.empty()) fail(prefix + "lesson", "a step cannot hold a lesson");
    s.lesson.emplace();
    readLesson(lesson, *s.lesson);
}

void writeBody(const Session &s, QJsonObject &root) {
    if (s.view) root.insert(QStringLiteral("view"), qs(*s.view));
    if (!s.formulas.empty() || root.contains(QStringLiteral("version")))
        root.insert(QStringLiteral("formulas"), Writer::write(s.formulas));
    QJsonObject views;
    for (const std::string &id : viewIds()) {
        const QJsonObject part = viewToJson(s, qs(id));
        if (!part.isEmpty()) views.insert(qs(id), part);
    }
    if (!views.isEmpty() || root.contains(QStringLiteral("version")))
        root.insert(QStringLiteral("views"), views);
    if (s.presentation) {
        QJsonObject presentation;
        if (s.presentation->hidden)
            presentation.insert(QStringLiteral("hidden"), Writer::write(*s.presentation->hidden));
        root.insert(QStringLiteral("presentation"), presentation);
    }
    if (s.lesson) root.insert(QStringLiteral("lesson"), writeLesson(*s.lesson));
}

} // namespace

namespace {

template<class T>
std::optional<T> readPart(const QJsonValue &value) {
    try {
        T part{};
        Reader::read(value, "", part);
        return part;
    } catch (const Invalid &) {
        return std::nullopt;
    }
}

// A view's part read as readPart does, then placed in an otherwise empty session and held to a file's checks:
// nothing unless both pass.
template<class T, class Place>
std::optional<T> readCheckedPart(const QJsonValue &value, Place place) {
    std::optional<T> part = readPart<T>(value);
    if (!part) return std::nullopt;
    Session check;
    place(check, *part);
    if (validate(check)) return std::nullopt;
    return part;
}

} // namespace

QJsonValue pointsToJson(const PointsState &points) {
    return Writer::write(points);
}

std::optional<PointsState> pointsFromJson(const QJsonValue &value) {
    return readPart<PointsState>(value);
}

QJsonValue networkToJson(const TrainerState &network) {
    return Writer::write(network);
}

std::optional<TrainerState> networkFromJson(const QJsonValue &value) {
    return readPart<TrainerState>(value);
}

QJsonValue compareSetupToJson(const CompareSetup &setup) {
    return Writer::write(setup);
}

std::optional<CompareSetup> compareSetupFromJson(const QJsonValue &value) {
    return readCheckedPart<CompareSetup>(value,
                                         [](Session &s, CompareSetup &c) { s.compare.emplace().setup = c; });
}

QJsonValue compareResultsToJson(const CompareResults &results) {
    return Writer::write(results);
}

std::optional<CompareResults> compareResultsFromJson(const QJsonValue &value) {
    return readCheckedPart<CompareResults>(
        value, [](Session &s, CompareResults &r) { s.compare.emplace().results = r; });
}

QJsonValue paperResultsToJson(const PaperResults &results) {
    return Writer::write(results);
}

std::optional<PaperResults> paperResultsFromJson(const QJsonValue &value) {
    return readCheckedPart<PaperResults>(value,
                                         [](Session &s, PaperResults &r) { s.paper.emplace().results = r; });
}

QJsonObject toJson(const Session &s) {
    QJsonObject root{{QStringLiteral("format"), QLatin1String(kFormat)},
                     {QStringLiteral("version"), kVersion},
                     {QStringLiteral("minor"), kMinorVersion},
                     // The program that wrote it (gelulab::kVersion), for the reader's information.
                     {QStringLiteral("application"),
                      QStringLiteral("GELU Lab %1").arg(qs(std::string(gelulab::kVersion)))}};
    writeBody(s, root);
    return root;
}

QJsonObject viewToJson(const Session &s, const QString &id) {
    if (id == QLatin1String("curves") && s.curves)
        return writeView(*s.curves, [](Writer &w, const CurvesState &c) { visitCurves(w, c); });
    if (id == QLatin1String("error") && s.error)
        return writeView(*s.error, [](Writer &w, const ErrorState &e) { visitError(w, e); });
    if (id == QLatin1String("mask") && s.mask)
        return writeView(*s.mask, [](Writer &w, const MaskState &m) { visitMask(w, m); });
    if (id == QLatin1String("playground") && s.playground)
        return writeView(*s.playground, [](Writer &w, const PlaygroundState &p) { visitPlayground(w, p); });
    if (id == QLatin1String("compare") && s.compare)
        return writeView(*s.compare, [](Writer &w, const CompareState &c) { visitCompare(w, c); });
    if (id == QLatin1String("paper") && s.paper)
        return writeView(*s.paper, [](Writer &w, const PaperState &p) { visitPaper(w, p); });
    if (id == QLatin1String("depth") && s.depth)
        return writeView(*s.depth, [](Writer &w, const DepthState &d) { visitDepth(w, d); });
    return {};
}

ReadResult fromJson(const QJsonObject &root) {
    ReadResult result;
    try {
        const QJsonValue version = root.value(QStringLiteral("version"));
        if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()))
            fail("version", "not a GELU Lab session (no whole-number \"version\")");
        const double major = version.toDouble();
        if (major > kVersion)
            fail("version", "this file is session version " + formatDouble(major) +
                                ", newer than the version this GELU Lab reads (" + std::to_string(kVersion) +
                                "): open it with a newer GELU Lab");
        if (major < 1) fail("version", "unknown session version " + formatDouble(major));
        Session s;
        Reader top(root, "");
        std::optional<int> minor;
        top.field("minor", minor);
        s.minorVersion = minor.value_or(0);
        readBody(root, "", s);
        if (std::optional<Error> problem = validate(s)) {
            result.problem = std::move(*problem);
            return result;
        }
        if (s.minorVersion > kMinorVersion) {
            result.newerKeys = newerKeys(root, toJson(s));
            // Written back, they keep the minor version they came with, so the next reader keeps them too.
            if (!result.newerKeys.isEmpty()) result.newerKeys.insert(QStringLiteral("minor"), s.minorVersion);
        }
        result.session = std::move(s);
    } catch (const Invalid &invalid) {
        result.problem = invalid.problem;
    }
    return result;
}

namespace {

// Infinities and NaN as the strings the reader takes back ("inf", "-inf", "nan"); JSON itself has none.
QJsonValue textual(const QJsonValue &value) {
    if (value.isDouble() && std::isnan(value.toDouble())) return QStringLiteral("nan");
    if (value.isDouble() && std::isinf(value.toDouble()))
        return value.toDouble() > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            if (array[i].isArray() || array[i].isObject() || array[i].isDouble())
                array[i] = textual(array[i]);
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = textual(it.value());
        return object;
    }
    return value;
}

} // namespace

QByteArray encode(const Session &session, const QJsonObject &newerKeys) {
    return QJsonDocument(withNewerKeys(textual(toJson(session)).toObject(), newerKeys))
        .toJson(QJsonDocument::Indented);
}

ReadResult decode(const QByteArray &bytes) {
    ReadResult result;
    if (bytes.size() > kMaxFileBytes) {
        result.problem = {"", "larger than " + std::to_string(kMaxFileBytes / (1024 * 1024)) +
                                  " MiB: not a session file"};
        return result;
    }
    if (bytes.trimmed().isEmpty()) {
        result.problem = {"", "the file is empty"};
        return result;
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        result.problem = {"", "not valid JSON at byte " + std::to_string(error.offset) + " (" +
                                  error.errorString().toStdString() + ")"};
        return result;
    }
    if (!document.isObject()) {
        result.problem = {"", "not a GELU Lab session (the JSON is not an object)"};
        return result;
    }
    return fromJson(document.object());
}

} // namespace gelulab::session
