#pragma once
// IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte, the number of dimensions,
// each dimension's size as a 32-bit big-endian integer, then the values in row-major order. GELU Lab reads
// arrays of unsigned bytes (type 0x08: images and labels), plain or gzip-compressed (read through zlib, which
// Debian's dataset packages use). Everything is checked before it is trusted (docs/ARCHITECTURE.md,
// "Errors"): the magic bytes, the type, one to four dimensions none of them 0, a size of at most
// kMaxIdxBytes, and a length that matches the header exactly — decompression stops as soon as the data
// outgrows its header, so a small file that inflates to gigabytes costs nothing. A bad file is a
// std::invalid_argument that says what is wrong, never a crash.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gelulab {

// More than Fashion-MNIST's largest file (47 MB) needs, less than a desktop's memory.
inline constexpr std::uint64_t kMaxIdxBytes = std::uint64_t(1) << 30;

struct IdxArray {
    std::vector<std::uint32_t> dimensions; // outermost first: images × rows × columns, or labels
    std::vector<std::uint8_t> values;      // row-major, as many as the dimensions' product
};

// An IDX array from a file's bytes, gzip-compressed (they start 1f 8b) or plain. Throws
// std::invalid_argument saying what is wrong (the byte counts, the dimension, the zlib error).
IdxArray decodeIdx(std::string_view bytes);

// The same from a file; the message starts with the file's name (quoted). A file larger than the largest
// array can be (compressed or not) is refused before it is read. A gzip file of several members (cat a.gz
// b.gz) is refused for the bytes after the first: IDX files are one stream.
IdxArray readIdxFile(const std::string &path);

// The bytes of an IDX file of unsigned bytes with these dimensions and values, plain (tests and fixtures).
std::string encodeIdx(const std::vector<std::uint32_t> &dimensions, const std::vector<std::uint8_t> &values);

} // namespace gelulab
