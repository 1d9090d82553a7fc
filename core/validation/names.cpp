#include "names.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <charconv>

namespace gatehouse::core::names {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// Label as Istio checks domain labels: letters, digits, '-', not starting/ending
// with '-', at most 63 characters (upper case is accepted in hosts).
bool isDomainLabel(std::string_view s) {
    if (s.empty() || s.size() > 63)
        return false;
    if (s.front() == '-' || s.back() == '-')
        return false;
    return std::all_of(s.begin(), s.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

} // namespace

bool isDns1123Label(std::string_view s) {
    if (s.empty() || s.size() > 63)
        return false;
    auto ok = [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || std::isdigit(c);
    };
    if (!ok(s.front()) || !ok(s.back()))
        return false;
    return std::all_of(s.begin(), s.end(), [&](unsigned char c) { return ok(c) || c == '-'; });
}

bool isDns1123Subdomain(std::string_view s) {
    if (s.empty() || s.size() > 253)
        return false;
    size_t start = 0;
    while (true) {
        const size_t dot = s.find('.', start);
        if (!isDns1123Label(s.substr(start, dot == std::string_view::npos ? dot : dot - start)))
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

std::string fqdnError(std::string_view host) {
    if (host.empty())
        return "domain name is empty";
    if (host.size() > 255)
        return "domain name is longer than 255 characters";
    std::string_view h = host;
    if (h.back() == '.')
        h.remove_suffix(1);
    size_t start = 0;
    while (true) {
        const size_t dot = h.find('.', start);
        const std::string_view label =
            h.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (!isDomainLabel(label))
            return "'" + std::string(label) + "' is not a valid domain label";
        if (dot == std::string_view::npos)
            return {};
        start = dot + 1;
    }
}

std::string wildcardDomainError(std::string_view host) {
    if (host == "*")
        return {};
    if (host.empty())
        return "domain name is empty";
    if (host.size() > 255)
        return "domain name is longer than 255 characters";
    std::string_view rest = host;
    if (host.starts_with("*."))
        rest = host.substr(2);
    else if (host.find('*') != std::string_view::npos)
        return "wildcard '*' is allowed only as the whole left-most label (\"*.example.com\")";
    if (rest.find('*') != std::string_view::npos)
        return "wildcard '*' is allowed only as the whole left-most label (\"*.example.com\")";
    return fqdnError(rest);
}

bool isIpAddress(std::string_view s) {
    if (s.empty() || s.size() > 45)
        return false;
    const std::string str(s);
    unsigned char buf[16];
    return inet_pton(AF_INET, str.c_str(), buf) == 1 || inet_pton(AF_INET6, str.c_str(), buf) == 1;
}

bool isIpOrCidr(std::string_view s) {
    const size_t slash = s.find('/');
    if (slash == std::string_view::npos)
        return isIpAddress(s);
    const std::string_view addr = s.substr(0, slash);
    const std::string_view bits = s.substr(slash + 1);
    int n = -1;
    const auto r = std::from_chars(bits.data(), bits.data() + bits.size(), n);
    if (r.ec != std::errc() || r.ptr != bits.data() + bits.size())
        return false;
    const bool v6 = addr.find(':') != std::string_view::npos;
    return isIpAddress(addr) && n >= 0 && n <= (v6 ? 128 : 32);
}

bool isKnownProtocol(std::string_view protocol) {
    static constexpr std::string_view known[] = {"HTTP",  "HTTPS", "GRPC",       "GRPC-WEB",
                                                 "HTTP2", "TCP",   "TLS",        "MONGO",
                                                 "REDIS", "MYSQL", "HTTP_PROXY", "UDP"};
    const std::string u = upper(protocol);
    return std::find(std::begin(known), std::end(known), u) != std::end(known);
}

bool isHttpProtocol(std::string_view protocol) {
    const std::string u = upper(protocol);
    return u == "HTTP" || u == "HTTP2" || u == "GRPC" || u == "GRPC-WEB" || u == "HTTP_PROXY";
}

bool isTlsProtocol(std::string_view protocol) {
    const std::string u = upper(protocol);
    return u == "HTTPS" || u == "TLS";
}

bool hostsOverlap(std::string_view a, std::string_view b) {
    const std::string x = lower(a);
    const std::string y = lower(b);
    if (x == "*" || y == "*" || x == y)
        return true;
    // "*.example.com" overlaps "a.example.com" and "*.b.example.com".
    auto covers = [](const std::string &wild, const std::string &other) {
        if (!wild.starts_with("*."))
            return false;
        const std::string suffix = wild.substr(1); // ".example.com"
        return other.size() > suffix.size() && other.ends_with(suffix);
    };
    return covers(x, y) || covers(y, x);
}

} // namespace gatehouse::core::names
