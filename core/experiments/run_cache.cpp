#include "run_cache.h"

#include "simd_target.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace gelulab {
namespace {

constexpr char kMagic[12] = {'G', 'E', 'L', 'U', 'L', 'A', 'B', '-', 'R', 'U', 'N', '\n'};
// Bumped whenever training changes what a run computes without a new program version. 2: the weight
// gradients summed by scaled rows, Adam's square root correctly rounded. 3: float gelu by pieces of |x|, and
// double gelu and e^r on AVX2 rearranged (their last bits changed).
constexpr std::uint32_t kFormat = 3;
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::uintmax_t kLargestFile = std::uintmax_t(1) << 31; // a run of the largest network: < 200 MB

// FNV-1a over 64-bit words, finished by a mixing step: fast enough for 170 MB of pixels in a fraction of
// a second, and any changed bit changes the result.
class Fingerprint {
public:
    void add(const void *data, std::size_t bytes) {
        const auto *p = static_cast<const unsigned char *>(data);
        std::size_t i = 0;
        for (; i + 8 <= bytes; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, p + i, 8);
            mix(word);
        }
        std::uint64_t tail = 0;
        std::memcpy(&tail, p + i, bytes - i);
        mix(tail ^ (std::uint64_t(bytes - i) << 56));
    }
    std::uint64_t value() const {
        std::uint64_t h = m_hash;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    }

private:
    void mix(std::uint64_t word) { m_hash = (m_hash ^ word) * 0x100000001b3ULL; }
    std::uint64_t m_hash = 0xcbf29ce484222325ULL;
};

std::string hex(std::uint64_t v) {
    std::ostringstream s;
    s << std::hex << std::setw(16) << std::setfill('0') << v;
    return s.str();
}

class Writer {
public:
    template<class T>
    void put(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto *p = reinterpret_cast<const char *>(&v);
        bytes.insert(bytes.end(), p, p + sizeof v);
    }
    void text(const std::string &s) {
        put(std::uint32_t(s.size()));
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    template<class M>
    void matrix(const M &m) {
        put(std::int32_t(m.rows()));
        put(std::int32_t(m.cols()));
        const auto *p = reinterpret_cast<const char *>(m.data());
        bytes.insert(bytes.end(), p, p + std::size_t(m.size()) * sizeof(float));
    }
    template<class M>
    void matrices(const std::vector<M> &list) {
        put(std::uint32_t(list.size()));
        for (const M &m : list)
            matrix(m);
    }
    std::vector<char> bytes;
};

class Reader {
public:
    Reader(const char *data, std::size_t size)
        : m_data(data)
        , m_size(size) {}
    template<class T>
    T get() {
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v);
        return v;
    }
    std::string text() {
        const std::uint32_t n = get<std::uint32_t>();
        const char *p = take(n);
        return std::string(p, n);
    }
    template<class M>
    M matrix() {
        const auto rows = get<std::int32_t>(), cols = get<std::int32_t>();
        if (rows < 0 || cols < 0 || (M::ColsAtCompileTime == 1 && cols != 1))
            throw std::runtime_error("a matrix of a wrong shape");
        if (cols > 0 && std::size_t(rows) > remaining() / sizeof(float) / std::size_t(cols))
            throw std::runtime_error("a matrix larger than the file"); // before rows × cols can overflow
        const std::size_t bytes = std::size_t(rows) * std::size_t(cols) * sizeof(float);
        const char *p = take(bytes); // checks the length before anything is allocated
        M m(rows, cols);
        if (bytes > 0) std::memcpy(m.data(), p, bytes); // an empty matrix has no data pointer to copy to
        return m;
    }
    template<class M>
    std::vector<M> matrices() {
        const std::uint32_t n = get<std::uint32_t>();
        if (n > remaining() / 8) throw std::runtime_error("more matrices than the file holds");
        std::vector<M> list;
        for (std::uint32_t i = 0; i < n; ++i)
            list.push_back(matrix<M>());
        return list;
    }
    std::size_t remaining() const { return m_size - m_at; }

private:
    const char *take(std::size_t n) {
        if (n > remaining()) throw std::runtime_error("the file ends early");
        const char *p = m_data + m_at;
        m_at += n;
        return p;
    }
    const char *m_data;
    std::size_t m_size;
    std::size_t m_at = 0;
};

void putOptional(Writer &w, const std::optional<double> &v) {
    w.put(std::uint8_t(v.has_value()));
    w.put(v.value_or(0.0));
}
std::optional<double> getOptional(Reader &r) {
    const auto has = r.get<std::uint8_t>();
    const auto v = r.get<double>();
    // Only the form putOptional writes: a flag of 0 or 1, and +0.0 after a 0 (so a run reads one way only).
    if (has > 1 || (!has && std::bit_cast<std::uint64_t>(v) != 0))
        throw std::runtime_error("a corrupt record");
    return has ? std::optional<double>(v) : std::nullopt;
}

// "<fingerprint of the key>-<epochs>.run"
std::string fileStem(const std::string &key) {
    Fingerprint f;
    f.add(key.data(), key.size());
    return hex(f.value());
}

} // namespace

std::filesystem::path defaultRunCacheFolder() {
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "gelu-lab" / "runs";
    if (const char *home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "gelu-lab" / "runs";
    return {};
}

std::uint64_t splitFingerprint(const ImageSplit &split) {
    Fingerprint f;
    for (const FloatMatrix *m : {&split.trainX, &split.validationX, &split.testX}) {
        const std::int64_t shape[2] = {m->rows(), m->cols()};
        f.add(shape, sizeof shape);
        f.add(m->data(), std::size_t(m->size()) * sizeof(float));
    }
    for (const std::vector<int> *labels : {&split.trainLabels, &split.validationLabels, &split.testLabels}) {
        const std::uint64_t n = labels->size();
        f.add(&n, sizeof n);
        f.add(labels->data(), labels->size() * sizeof(int));
    }
    return f.value();
}

std::string runKeyPrefix() {
    return "gelu-lab " GELULAB_VERSION "; run format " + std::to_string(kFormat) + "; target " +
           simd::activeTarget();
}

std::string trainingKey(const TrainingSettings &t) {
    std::ostringstream s;
    s << std::setprecision(17);
    const auto list = [&](const auto &values, auto show) {
        for (std::size_t i = 0; i < values.size(); ++i)
            s << (i ? "," : "") << show(values[i]);
    };
    s << "features ";
    list(t.features, [](Feature f) { return idOf(f); });
    s << "; hidden ";
    list(t.hidden, [](int w) { return w; });
    s << "; activations ";
    list(t.activations, [](const std::string &a) { return a; });
    s << "; loss " << (t.loss ? idOf(*t.loss) : std::string_view("default")) << "; init " << idOf(t.init)
      << "; optimizer " << idOf(t.optimizer) << "; learning rate " << t.learningRate << "; schedule "
      << idOf(t.schedule);
    if (t.schedule != Schedule::Constant) s << " over " << t.epochs << " epochs";
    s << "; l1 " << t.l1 << "; l2 " << t.l2 << "; dropout " << t.dropout << "; batch " << t.batch << "; seed "
      << t.seed;
    return s.str();
}

std::vector<char> encodeRun(const std::string &key, const TrainerState &s) {
    Writer w;
    w.bytes.insert(w.bytes.end(), std::begin(kMagic), std::end(kMagic));
    w.put(kFormat);
    w.put(kByteOrder);
    w.text(key);
    w.put(std::int32_t(s.epoch));
    w.put(s.initialLoss);
    w.put(std::int32_t(s.divergedAt.value_or(-1)));
    w.text(s.message);
    w.put(std::uint32_t(s.history.size()));
    for (const EpochRecord &r : s.history) {
        w.put(std::int32_t(r.epoch));
        w.put(r.trainLoss);
        w.put(r.testLoss);
        putOptional(w, r.trainAccuracy);
        putOptional(w, r.testAccuracy);
    }
    w.matrices(s.weights);
    w.matrices(s.biases);
    w.put(std::int64_t(s.optimizer.steps));
    w.matrices(s.optimizer.velocityW);
    w.matrices(s.optimizer.secondW);
    w.matrices(s.optimizer.velocityB);
    w.matrices(s.optimizer.secondB);
    w.text(s.random);
    return std::move(w.bytes);
}

TrainerState decodeRun(const std::vector<char> &bytes, const std::string &key) {
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw std::runtime_error("not a kept run");
    Reader r(bytes.data() + sizeof kMagic, bytes.size() - sizeof kMagic);
    if (r.get<std::uint32_t>() != kFormat) throw std::runtime_error("another format");
    if (r.get<std::uint32_t>() != kByteOrder) throw std::runtime_error("another byte order");
    if (r.text() != key) throw std::runtime_error("another run's key");
    TrainerState s;
    s.epoch = r.get<std::int32_t>();
    s.initialLoss = r.get<double>();
    if (const auto d = r.get<std::int32_t>(); d >= 0)
        s.divergedAt = d;
    else if (d != -1)
        throw std::runtime_error("a corrupt epoch of divergence");
    s.message = r.text();
    const auto records = r.get<std::uint32_t>();
    if (records > r.remaining() / 40) throw std::runtime_error("more records than the file holds");
    for (std::uint32_t i = 0; i < records; ++i) {
        EpochRecord e;
        e.epoch = r.get<std::int32_t>();
        e.trainLoss = r.get<double>();
        e.testLoss = r.get<double>();
        e.trainAccuracy = getOptional(r);
        e.testAccuracy = getOptional(r);
        s.history.push_back(e);
    }
    s.weights = r.matrices<Mlp<float>::Matrix>();
    s.biases = r.matrices<Mlp<float>::Vector>();
    s.optimizer.steps = r.get<std::int64_t>();
    s.optimizer.velocityW = r.matrices<Mlp<float>::Matrix>();
    s.optimizer.secondW = r.matrices<Mlp<float>::Matrix>();
    s.optimizer.velocityB = r.matrices<Mlp<float>::Vector>();
    s.optimizer.secondB = r.matrices<Mlp<float>::Vector>();
    s.random = r.text();
    if (r.remaining() != 0) throw std::runtime_error("bytes after the run");
    return s;
}

RunCache::RunCache(std::filesystem::path folder)
    : m_folder(std::move(folder)) {}

std::filesystem::path RunCache::fileFor(const std::string &key, int epochs) const {
    return m_folder / (fileStem(key) + "-" + std::to_string(epochs) + ".run");
}

std::vector<int> RunCache::keptEpochs(const std::string &key) const {
    std::vector<int> kept;
    if (!enabled()) return kept;
    const std::string stem = fileStem(key) + "-";
    std::error_code error;
    for (const auto &entry : std::filesystem::directory_iterator(m_folder, error)) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= stem.size() + 4 || name.compare(0, stem.size(), stem) != 0 ||
            name.compare(name.size() - 4, 4, ".run") != 0)
            continue;
        const std::string digits = name.substr(stem.size(), name.size() - stem.size() - 4);
        if (digits.empty() || digits.size() > 6 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        kept.push_back(std::stoi(digits));
    }
    std::sort(kept.rbegin(), kept.rend());
    return kept;
}

std::optional<TrainerState> RunCache::load(const std::string &key, int epochs) const {
    std::error_code error;
    for (int e : keptEpochs(key)) {
        if (e > epochs) continue;
        const std::filesystem::path file = fileFor(key, e);
        const std::uintmax_t size = std::filesystem::file_size(file, error);
        if (error || size > kLargestFile) continue;
        std::ifstream in(file, std::ios::binary);
        std::vector<char> bytes(size);
        if (!in.read(bytes.data(), std::streamsize(size))) continue;
        try {
            TrainerState s = decodeRun(bytes, key);
            if (s.epoch == e) return s;
        } catch (const std::runtime_error &) {
            // unreadable: the run trains afresh and its save replaces the file
        }
    }
    return std::nullopt;
}

std::string RunCache::save(const std::string &key, const TrainerState &state) const {
    if (!enabled()) return {};
    std::error_code error;
    std::filesystem::create_directories(m_folder, error);
    if (error) return "cannot create " + m_folder.string() + ": " + error.message();
    const std::filesystem::path file = fileFor(key, state.epoch);
    std::random_device device;
    const std::filesystem::path temporary =
        file.string() + ".part-" + hex(std::uint64_t(device()) << 32 | device());
    const std::vector<char> bytes = encodeRun(key, state);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.close();
        if (!out) {
            std::filesystem::remove(temporary, error);
            return "cannot write " + file.string();
        }
    }
    std::filesystem::rename(temporary, file, error);
    if (error) {
        const std::string why = "cannot write " + file.string() + ": " + error.message();
        std::filesystem::remove(temporary, error);
        return why;
    }
    // The key's shorter runs: this one goes on from where they stopped.
    for (int e : keptEpochs(key))
        if (e < state.epoch) std::filesystem::remove(fileFor(key, e), error);
    return {};
}

} // namespace gelulab
