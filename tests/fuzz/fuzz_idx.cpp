// libFuzzer target: the IDX reader (core/data decodeIdx, as Fashion-MNIST's files are read), plain or gzip, on
// arbitrary bytes. Refused with std::invalid_argument, or decoded to exactly as many values as its dimensions
// say (1 to 4 of them, none 0); an array that decodes is then taken as images or labels with itself the way
// the loader does, which either works or is refused the same way.
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
        try {
            const gelulab::ImageSet set = gelulab::imageSet(a, a, gelulab::FashionMnist::kClasses, "fuzz");
            if (std::size_t(set.count()) * std::size_t(set.pixelsPerImage()) != set.pixels.size()) std::abort();
        } catch (const std::invalid_argument &) {
        }
    } catch (const std::invalid_argument &) {
    }
    return 0;
}
