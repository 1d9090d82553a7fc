#include "scalar.h"

#include <charconv>
#include <string_view>

namespace gatehouse::core {

namespace {

// The whole of `s` as a number of type T (a leading '+' allowed), or nullopt.
template <typename T> std::optional<T> wholeNumber(const Scalar &s) {
    if (!s.present || s.value.empty())
        return std::nullopt;
    T v{};
    const char *begin = s.value.data();
    if (*begin == '+')
        ++begin;
    const auto r = std::from_chars(begin, s.value.data() + s.value.size(), v);
    if (r.ec != std::errc() || r.ptr != s.value.data() + s.value.size())
        return std::nullopt;
    return v;
}

} // namespace

std::optional<long long> Scalar::toInt() const {
    return wholeNumber<long long>(*this);
}

std::optional<bool> Scalar::toBool() const {
    if (value == "true" || value == "True" || value == "TRUE")
        return true;
    if (value == "false" || value == "False" || value == "FALSE")
        return false;
    return std::nullopt;
}

std::optional<double> Scalar::toDouble() const {
    return wholeNumber<double>(*this);
}

std::optional<std::chrono::nanoseconds> Scalar::toDuration() const {
    if (!present || value.empty())
        return std::nullopt;
    std::string_view rest = value;
    if (rest.front() == '+')
        rest.remove_prefix(1);
    if (rest == "0")
        return std::chrono::nanoseconds(0);
    double total = 0;
    while (!rest.empty()) {
        double v = 0;
        const auto r =
            std::from_chars(rest.data(), rest.data() + rest.size(), v, std::chars_format::fixed);
        if (r.ec != std::errc() || v < 0)
            return std::nullopt;
        rest.remove_prefix(std::size_t(r.ptr - rest.data()));
        std::size_t unitLen = 0;
        while (unitLen < rest.size() && !(rest[unitLen] >= '0' && rest[unitLen] <= '9') &&
               rest[unitLen] != '.')
            ++unitLen;
        const std::string_view unit = rest.substr(0, unitLen);
        rest.remove_prefix(unitLen);
        double ns = 0;
        if (unit == "ns")
            ns = 1;
        else if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs")
            ns = 1e3;
        else if (unit == "ms")
            ns = 1e6;
        else if (unit == "s")
            ns = 1e9;
        else if (unit == "m")
            ns = 60e9;
        else if (unit == "h")
            ns = 3600e9;
        else
            return std::nullopt;
        total += v * ns;
    }
    return std::chrono::nanoseconds(static_cast<long long>(total + 0.5));
}

const Scalar *ScalarMap::find(const std::string &key) const {
    for (const auto &[k, v] : entries) {
        if (k.value == key)
            return &v;
    }
    return nullptr;
}

} // namespace gatehouse::core
