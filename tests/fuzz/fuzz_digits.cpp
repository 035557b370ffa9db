// libFuzzer target: the digits loader (core/data parseDigitsCsv, as the Paper view and `paper --digits` read
// a file) on arbitrary bytes. Refused with std::invalid_argument or loaded whole: 64 pixels in [0, 1] and a
// label 0 … 9 per image; a split of what loaded either works or is refused the same way.
#include "digits.h"
#include "fuzz_common.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace {
gelulab::fuzz::Counts counts{"digits", "files loaded"};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    ++counts.inputs;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        const gelulab::Digits d = gelulab::parseDigitsCsv(text);
        ++counts.parsed;
        ++counts.deep;
        if (d.x.rows() != gelulab::Digits::kPixels || std::size_t(d.x.cols()) != d.labels.size())
            std::abort();
        for (int label : d.labels)
            if (label < 0 || label >= gelulab::Digits::kClasses) std::abort();
        if (!(d.x.array() >= 0.0f).all() || !(d.x.array() <= 1.0f).all()) std::abort();
        try {
            const gelulab::DigitsSplit s =
                gelulab::splitDigits(d, int(d.labels.size() / 5), int(d.labels.size() / 5), 1);
            if (s.trainLabels.size() + s.validationLabels.size() + s.testLabels.size() != d.labels.size())
                std::abort();
        } catch (const std::invalid_argument &) {
        }
    } catch (const std::invalid_argument &) {
    }
    return 0;
}
