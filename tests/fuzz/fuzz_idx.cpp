// libFuzzer target: the IDX reader (core/data decodeIdx, as Fashion-MNIST's files are read), plain or gzip,
// on arbitrary bytes. Refused with std::invalid_argument, or decoded to exactly as many values as its
// dimensions say (1 to 4 of them, none 0), which encode and decode back to themselves; an array that decodes
// is then taken as images with labels made of its own bytes, the way the Fashion-MNIST loader takes them: a
// three-dimensional array with labels of the ten classes loads whole, anything else is refused the same way.
#include "fashion_mnist.h"
#include "fuzz_common.h"
#include "idx.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace {
gelulab::fuzz::Counts counts{"idx", "arrays decoded"};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    ++counts.inputs;
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    // Past the first parse: a header whose magic and type are right (gzip'd or not).
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    if (gzip || (size >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 8)) ++counts.parsed;
    try {
        const gelulab::IdxArray a = gelulab::decodeIdx(bytes);
        ++counts.deep;
        if (a.dimensions.empty() || a.dimensions.size() > 4) std::abort();
        std::uint64_t product = 1;
        for (std::uint32_t d : a.dimensions) {
            if (d == 0) std::abort();
            product *= d;
        }
        if (product != a.values.size() || product > gelulab::kMaxIdxBytes) std::abort();
        if (gelulab::decodeIdx(gelulab::encodeIdx(a.dimensions, a.values)).values != a.values) std::abort();
        // As images, with labels made of the input's own bytes (some of them beyond the ten classes).
        gelulab::IdxArray labels;
        labels.dimensions = {a.dimensions[0]};
        for (std::uint32_t i = 0; i < a.dimensions[0]; ++i)
            labels.values.push_back(std::uint8_t(a.values[i % a.values.size()] % 11));
        try {
            const gelulab::ImageSet set =
                gelulab::imageSet(a, labels, gelulab::FashionMnist::kClasses, "fuzz");
            if (a.dimensions.size() != 3 || std::size_t(set.count()) != a.dimensions[0] ||
                std::size_t(set.count()) * std::size_t(set.pixelsPerImage()) != set.pixels.size())
                std::abort();
            for (int label : set.labels)
                if (label < 0 || label >= gelulab::FashionMnist::kClasses) std::abort();
        } catch (const std::invalid_argument &) {
        }
    } catch (const std::invalid_argument &) {
    }
    return 0;
}
