// libFuzzer target: the session loader (io/session_json) on arbitrary bytes, as File → Open meets them. Built
// by scripts/fuzz.sh (clang, -fsanitize=fuzzer,address,undefined); README.md, "Sessions", has the figures. At
// exit it says how many inputs got past the JSON parser and the version check into the reader and validation.
#include "fuzz_common.h"
#include "session_json.h"

#include <cstdint>
#include <cstdlib>

namespace {
gelulab::fuzz::Counts counts{"session", "valid sessions"};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const gelulab::session::ReadResult result = gelulab::session::decode(bytes);
    ++counts.inputs;
    // Problems of the parser and of the version have no path or the path "version"; the rest were read.
    const bool parsed = result.ok() || (!result.problem.path.empty() && result.problem.path != "version");
    counts.parsed += parsed;
    counts.deep += result.ok();
    if (result.ok()) {
        // What was read must write and read back to the same session.
        const QByteArray again = gelulab::session::encode(*result.session);
        const gelulab::session::ReadResult back = gelulab::session::decode(again);
        if (!back.ok() || gelulab::session::encode(*back.session) != again) std::abort();
    }
    return 0;
}
