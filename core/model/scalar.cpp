#include "scalar.h"

#include <charconv>

namespace gatehouse::core {

std::optional<long long> Scalar::toInt() const {
    if (!present || value.empty())
        return std::nullopt;
    long long v = 0;
    const char *begin = value.data();
    if (*begin == '+')
        ++begin;
    const auto r = std::from_chars(begin, value.data() + value.size(), v);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size())
        return std::nullopt;
    return v;
}

std::optional<bool> Scalar::toBool() const {
    if (value == "true" || value == "True" || value == "TRUE")
        return true;
    if (value == "false" || value == "False" || value == "FALSE")
        return false;
    return std::nullopt;
}

const Scalar *ScalarMap::find(const std::string &key) const {
    for (const auto &[k, v] : entries) {
        if (k.value == key)
            return &v;
    }
    return nullptr;
}

} // namespace gatehouse::core
