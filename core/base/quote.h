#pragma once
// User text inside a message, made safe to print (docs/ARCHITECTURE.md, "Errors"): in single quotes, cut
// after a few dozen characters with "…" (a 100 MB field makes a one-line message, not a 100 MB one), control
// bytes and bytes that are not UTF-8 written as \n, \t or \xNN (no escape sequence reaches a terminal, and
// the message stays on one line).

#include <cstddef>
#include <string>
#include <string_view>

namespace gelulab {

// The length of the UTF-8 sequence that starts text[i] (a printable character), or 0 for a byte to escape.
inline std::size_t printableSequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c >= 0x20 && c < 0x7f) return 1;
    if (c < 0xc2 || c > 0xf4) return 0; // control, DEL, a continuation byte or an overlong lead
    const std::size_t length = c < 0xe0 ? 2 : (c < 0xf0 ? 3 : 4);
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k)
        if ((byte(i + k) & 0xc0) != 0x80) return 0;
    if (c == 0xc2 && byte(i + 1) < 0xa0) return 0; // C1 controls (U+0080 to U+009F)
    return length;
}

// At most maxCharacters characters of text, escaped as above, "…" where it was cut.
inline std::string shownText(std::string_view text, std::size_t maxCharacters = 80) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string quoted;
    std::size_t characters = 0, i = 0;
    for (; i < text.size() && characters < maxCharacters; ++characters) {
        if (const std::size_t n = printableSequence(text, i); n > 0) {
            quoted.append(text.substr(i, n));
            i += n;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i++]);
        if (c == '\n') {
            quoted += "\\n";
        } else if (c == '\t') {
            quoted += "\\t";
        } else {
            quoted += "\\x";
            quoted += kHex[c >> 4];
            quoted += kHex[c & 15];
        }
    }
    if (i < text.size()) quoted += "…";
    return quoted;
}

// The same in single quotes.
inline std::string quoteText(std::string_view text, std::size_t maxCharacters = 80) {
    std::string quoted(1, '\'');
    quoted += shownText(text, maxCharacters);
    quoted += '\'';
    return quoted;
}

} // namespace gelulab
