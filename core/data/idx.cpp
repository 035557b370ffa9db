#include "idx.h"

#include "quote.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace gelulab {

namespace {

constexpr std::size_t kMaxDimensions = 4;

[[noreturn]] void refuse(const std::string &why) {
    throw std::invalid_argument(why);
}

std::uint8_t byteAt(std::string_view bytes, std::size_t i) {
    return static_cast<std::uint8_t>(bytes[i]);
}

std::string hexBytes(std::string_view bytes, std::size_t count) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < std::min(count, bytes.size()); ++i) {
        if (i > 0) text += ' ';
        text += kHex[byteAt(bytes, i) >> 4];
        text += kHex[byteAt(bytes, i) & 15];
    }
    return text;
}

const char *typeName(std::uint8_t type) {
    switch (type) {
    case 0x09:
        return "signed bytes";
    case 0x0b:
        return "16-bit integers";
    case 0x0c:
        return "32-bit integers";
    case 0x0d:
        return "floats";
    case 0x0e:
        return "doubles";
    default:
        return nullptr;
    }
}

std::uint32_t bigEndian32(std::string_view bytes, std::size_t at) {
    return std::uint32_t(byteAt(bytes, at)) << 24 | std::uint32_t(byteAt(bytes, at + 1)) << 16 |
           std::uint32_t(byteAt(bytes, at + 2)) << 8 | std::uint32_t(byteAt(bytes, at + 3));
}

// The length of the whole file (header and values) its first bytes announce, or nothing while they do not
// hold the whole header yet. Throws for a header that is wrong in what is there.
std::optional<std::uint64_t> announcedLength(std::string_view bytes) {
    if (bytes.size() < 4) return std::nullopt;
    if (byteAt(bytes, 0) != 0 || byteAt(bytes, 1) != 0)
        refuse("not an IDX file: it starts with the bytes " + hexBytes(bytes, 4) + ", not 00 00 08 0n");
    const std::uint8_t type = byteAt(bytes, 2);
    if (type != 0x08) {
        if (const char *name = typeName(type))
            refuse(std::string("it holds ") + name + " (IDX type " + hexBytes(bytes.substr(2), 1) +
                   "); GELU Lab reads unsigned bytes (type 08): images and labels");
        refuse("not an IDX file: its type byte " + hexBytes(bytes.substr(2), 1) + " is none of the format's");
    }
    const std::size_t dimensions = byteAt(bytes, 3);
    if (dimensions == 0 || dimensions > kMaxDimensions)
        refuse("it has " + std::to_string(dimensions) + " dimensions; 1 to " +
               std::to_string(kMaxDimensions) + " are read");
    const std::size_t header = 4 + 4 * dimensions;
    if (bytes.size() < header) return std::nullopt;
    std::uint64_t values = 1;
    for (std::size_t d = 0; d < dimensions; ++d) {
        const std::uint32_t size = bigEndian32(bytes, 4 + 4 * d);
        if (size == 0) refuse("dimension " + std::to_string(d + 1) + " is 0: the file holds no values");
        if (values > kMaxIdxBytes / size)
            refuse("its header describes more than " + std::to_string(kMaxIdxBytes >> 20) +
                   " MiB of values, more than GELU Lab reads");
        values *= size;
    }
    return header + values;
}

IdxArray decodePlain(std::string_view bytes) {
    const std::optional<std::uint64_t> length = announcedLength(bytes);
    if (!length)
        refuse("it ends inside its header, after " + std::to_string(bytes.size()) + " bytes (truncated)");
    if (bytes.size() < *length)
        refuse("it ends after " + std::to_string(bytes.size()) + " of the " + std::to_string(*length) +
               " bytes its header describes (truncated)");
    if (bytes.size() > *length)
        refuse(std::to_string(bytes.size() - *length) + " bytes follow the " + std::to_string(*length) +
               " its header describes");
    IdxArray array;
    const std::size_t dimensions = byteAt(bytes, 3);
    for (std::size_t d = 0; d < dimensions; ++d)
        array.dimensions.push_back(bigEndian32(bytes, 4 + 4 * d));
    const std::string_view values = bytes.substr(4 + 4 * dimensions);
    array.values.assign(reinterpret_cast<const std::uint8_t *>(values.data()),
                        reinterpret_cast<const std::uint8_t *>(values.data()) + values.size());
    return array;
}

// Inflates a gzip stream, never beyond the length its header announces (a small file that would inflate to
// gigabytes is refused as soon as it outgrows its header).
std::string inflateGzip(std::string_view bytes) {
    if (bytes.size() > UINT_MAX) refuse("the compressed file is too large");
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib could not start");
    struct End {
        z_stream *s;
        ~End() { inflateEnd(s); }
    } end{&stream};
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data()));
    stream.avail_in = uInt(bytes.size());
    std::string out;
    std::optional<std::uint64_t> length;
    while (true) {
        const std::size_t before = out.size();
        const std::size_t chunk = std::clamp<std::size_t>(before, std::size_t(1) << 16, std::size_t(1) << 24);
        out.resize(before + chunk);
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + before);
        stream.avail_out = uInt(chunk);
        const int result = inflate(&stream, Z_NO_FLUSH);
        out.resize(before + chunk - stream.avail_out);
        if (!length) length = announcedLength(out);
        if (length && out.size() > *length)
            refuse("its compressed data inflates beyond the " + std::to_string(*length) +
                   " bytes its header describes");
        if (result == Z_STREAM_END) break;
        if (result == Z_OK) continue;
        if (result == Z_BUF_ERROR && stream.avail_in == 0)
            refuse("its compressed data ends early, after " + std::to_string(out.size()) + " inflated bytes" +
                   (length ? " of " + std::to_string(*length) : std::string()) + " (truncated)");
        refuse(std::string("its compressed data is corrupt (zlib: ") + (stream.msg ? stream.msg : "error") +
               ")");
    }
    if (stream.avail_in > 0)
        refuse(std::to_string(stream.avail_in) + " bytes follow the end of the compressed data");
    return out;
}

} // namespace

IdxArray decodeIdx(std::string_view bytes) {
    if (bytes.size() >= 2 && byteAt(bytes, 0) == 0x1f && byteAt(bytes, 1) == 0x8b)
        return decodePlain(inflateGzip(bytes));
    return decodePlain(bytes);
}

IdxArray readIdxFile(const std::string &path) {
    const std::string name = quoteText(path);
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status))
        throw std::runtime_error("cannot read " + name + ": " +
                                 (error ? error.message() : std::string("no such file")));
    if (std::filesystem::is_directory(status))
        throw std::runtime_error("cannot read " + name + ": it is a directory");
    // A compressed file is never much larger than what it holds: refuse before reading what cannot fit.
    constexpr std::uint64_t kMaxFile = kMaxIdxBytes + (kMaxIdxBytes >> 6) + 4096;
    if (const std::uintmax_t size = std::filesystem::file_size(path, error); !error && size > kMaxFile)
        throw std::invalid_argument(name + ": too large for an IDX file GELU Lab reads");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("cannot read " + name + ": " + std::strerror(errno));
    std::string bytes;
    char buffer[1 << 16];
    while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
        bytes.append(buffer, std::size_t(file.gcount()));
        if (bytes.size() > kMaxFile)
            throw std::invalid_argument(name + ": too large for an IDX file GELU Lab reads");
    }
    if (file.bad()) throw std::runtime_error("cannot read " + name + ": " + std::strerror(errno));
    try {
        return decodeIdx(bytes);
    } catch (const std::invalid_argument &e) {
        throw std::invalid_argument(name + ": " + e.what());
    }
}

std::string encodeIdx(const std::vector<std::uint32_t> &dimensions, const std::vector<std::uint8_t> &values) {
    std::string bytes{'\0', '\0', '\x08', char(dimensions.size())};
    for (std::uint32_t d : dimensions)
        for (int shift : {24, 16, 8, 0})
            bytes += char((d >> shift) & 0xff);
    bytes.append(reinterpret_cast<const char *>(values.data()), values.size());
    return bytes;
}

} // namespace gelulab
