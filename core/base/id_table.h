#pragma once
// One table per enumeration maps its values to the stable lower-case ids that the command line
// and tests use (docs/ARCHITECTURE.md, "ids"). Each enumeration's header specialises EnumIds with its rows;
// idOf, fromId and enumValues read them, so no conversion is written by hand.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace gelulab {

template<typename Enum>
struct IdRow {
    Enum value;
    std::string_view id;
};
// IdRow{Enum::A, "a"} without the template argument (aggregate deduction needs this guide before clang 17).
template<typename Enum>
IdRow(Enum, const char *) -> IdRow<Enum>;

// Specialised next to each enumeration: static constexpr std::array rows{IdRow{Enum::A, "a"}, …}.
template<typename Enum>
struct EnumIds;

template<typename Enum>
constexpr std::string_view idOf(Enum value) {
    for (const IdRow<Enum> &row : EnumIds<Enum>::rows)
        if (row.value == value) return row.id;
    return {};
}

template<typename Enum>
constexpr std::optional<Enum> fromId(std::string_view id) {
    for (const IdRow<Enum> &row : EnumIds<Enum>::rows)
        if (row.id == id) return row.value;
    return std::nullopt;
}

// Every value, in the table's order.
template<typename Enum>
constexpr auto enumValues() {
    constexpr auto &rows = EnumIds<Enum>::rows;
    std::array<Enum, rows.size()> values{};
    for (std::size_t i = 0; i < rows.size(); ++i)
        values[i] = rows[i].value;
    return values;
}

} // namespace gelulab
