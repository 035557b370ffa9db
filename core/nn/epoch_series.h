#pragma once
// A run's per-epoch records in bounded memory. Every epoch is kept until there are more than older + recent
// records; from then on the latest `recent` epochs stay whole and the older ones are kept at a stride: the
// epochs that are multiples of 1, 2, 4, … — the stride doubles whenever the older part would hold more than
// `older` records, and thinning leaves at most older / 2, so a record costs O(1) moves on average. A
// million epochs then cost what ten thousand do, and a plot of the whole run keeps its shape (the points it
// draws are a function of the epoch numbers alone). Unbounded by default: everything is kept.
// See docs/ARCHITECTURE.md, "Long runs in bounded memory".

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace gelulab {

// The records of `records` (in increasing epoch order) after `epoch`, copied.
template<class T>
std::vector<T> recordsAfter(const std::vector<T> &records, std::int64_t epoch) {
    const auto first = std::upper_bound(records.begin(), records.end(), epoch,
                                        [](std::int64_t e, const T &r) { return e < std::int64_t(r.epoch); });
    return {first, records.end()};
}

// T has an integer member `epoch`; records arrive in increasing epoch order.
template<class T>
class EpochSeries {
public:
    static constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max() / 4;
    static constexpr std::int64_t kMaxStride = std::int64_t(1) << 40; // beyond any real run's epochs

    EpochSeries() = default;
    EpochSeries(std::size_t older, std::size_t recent)
        : m_older(std::max<std::size_t>(older, 2))
        , m_recent(recent) {}

    // Keeps at most older + recent records from now on (older at least 2).
    void setBound(std::size_t older, std::size_t recent) {
        m_older = std::max<std::size_t>(older, 2);
        m_recent = recent;
        thin();
    }

    void append(T record) {
        m_records.push_back(std::move(record));
        if (m_records.size() > m_older + m_recent) thin();
    }
    // Replaces the records (in increasing epoch order), thinned to the bound. A series thinned at stride s
    // starts at epoch s (every multiple of s is kept), so the stride is taken up again from the first record
    // (the largest power of two dividing its epoch): a saved run, reopened, goes on thinning as it would
    // have.
    void assign(std::vector<T> records) {
        m_records = std::move(records);
        m_stride = 1;
        if (!m_records.empty() && m_records.front().epoch > 0) {
            const auto first = std::int64_t(m_records.front().epoch);
            m_stride = std::min(first & -first, kMaxStride);
        }
        thin();
    }
    void clear() {
        m_records.clear();
        m_stride = 1;
    }

    const std::vector<T> &records() const { return m_records; }
    // Hands the records over, leaving this empty (stride 1, same bound).
    std::vector<T> take() {
        std::vector<T> out = std::move(m_records);
        clear();
        return out;
    }
    bool empty() const { return m_records.empty(); }
    std::size_t size() const { return m_records.size(); }
    const T &back() const { return m_records.back(); }
    // The older records' stride: 1 while every epoch is kept.
    std::int64_t stride() const { return m_stride; }

private:
    void thin() {
        if (m_records.size() <= m_older + m_recent) return;
        const auto older = m_records.end() - std::ptrdiff_t(m_recent);
        auto kept = keep(m_stride, older);
        // Thinned to at most older / 2, so that the next thinning is that many records away.
        while (std::size_t(kept - m_records.begin()) > m_older / 2) {
            if (m_stride >= kMaxStride) { // every kept epoch a multiple of 2⁴⁰: not real epochs
                kept = m_records.begin();
                break;
            }
            m_stride *= 2;
            kept = keep(m_stride, kept);
        }
        m_records.erase(kept, older);
    }
    // Moves the records before `end` whose epoch is a multiple of `stride` to the front, in order, in place;
    // returns the end of those kept (what follows up to `end` is left to be erased).
    typename std::vector<T>::iterator keep(std::int64_t stride, typename std::vector<T>::iterator end) {
        return std::remove_if(m_records.begin(), end,
                              [stride](const T &r) { return std::int64_t(r.epoch) % stride != 0; });
    }

    std::vector<T> m_records;
    std::size_t m_older = kUnbounded;
    std::size_t m_recent = 0;
    std::int64_t m_stride = 1;
};

} // namespace gelulab
