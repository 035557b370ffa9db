// libFuzzer target: the Playground's CSV loader (core/data parseDatasetCsv) on arbitrary bytes, as
// `train --data` and the Playground's "Load CSV…" meet them. A file is refused with std::invalid_argument or
// loaded whole; a loaded one must hold finite points within the documented range, split into train and test.
#include "dataset.h"
#include "fuzz_common.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace {
gelulab::fuzz::Counts counts{"csv", "data sets loaded"};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    ++counts.inputs;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    // The first parse: a header line x1,x2,label or x1,x2,target.
    const std::string_view first = text.substr(0, text.find('\n'));
    counts.parsed += first.starts_with("x1,x2,label") || first.starts_with("x1,x2,target");
    try {
        const gelulab::Dataset d = gelulab::parseDatasetCsv(text, 0.5, 1);
        ++counts.deep;
        if (d.train.empty() || d.train.size() + d.test.size() < 2) std::abort();
        for (const auto *part : {&d.train, &d.test})
            for (const gelulab::DataPoint &p : *part)
                if (!std::isfinite(p.x1) || !std::isfinite(p.x2) || !std::isfinite(p.target) ||
                    std::abs(p.x1) > gelulab::kMaxCoordinate || std::abs(p.x2) > gelulab::kMaxCoordinate)
                    std::abort();
    } catch (const std::invalid_argument &) {
    }
    return 0;
}
