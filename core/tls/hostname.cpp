#include "hostname.h"

#include <algorithm>
#include <cctype>

#include <arpa/inet.h>

namespace gatehouse::core {

namespace {

std::string normalise(std::string_view name) {
    if (!name.empty() && name.back() == '.')
        name.remove_suffix(1);
    std::string s(name);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

size_t countLabels(std::string_view name) {
    return size_t(std::count(name.begin(), name.end(), '.')) + 1;
}

} // namespace

std::string canonicalIp(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const std::string text(host);
    unsigned char buf[16];
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, text.c_str(), buf) == 1 && inet_ntop(AF_INET, buf, out, sizeof out))
        return out;
    if (inet_pton(AF_INET6, text.c_str(), buf) == 1 && inet_ntop(AF_INET6, buf, out, sizeof out))
        return out;
    return {};
}

bool isIpLiteral(std::string_view host) {
    return !canonicalIp(host).empty();
}

bool hostMatchesPattern(std::string_view patternText, std::string_view hostText) {
    const std::string pattern = normalise(patternText);
    const std::string host = normalise(hostText);
    if (pattern.empty() || host.empty())
        return false;
    if (isIpLiteral(host))
        return false; // IPs only match iPAddress identifiers
    // Empty labels are never valid.
    if (host.find("..") != std::string::npos || pattern.find("..") != std::string::npos ||
        host.front() == '.' || pattern.front() == '.')
        return false;

    const bool patternWild = pattern.starts_with("*.");
    const bool hostWild = host.starts_with("*.");
    if (pattern.find('*', patternWild ? 1 : 0) != std::string::npos)
        return false; // wildcards elsewhere or partial-label wildcards: not honoured
    if (hostWild)     // a Gateway wildcard host is covered only by the same wildcard
        return patternWild && host == pattern && countLabels(pattern) >= 3;
    if (host.find('*') != std::string::npos)
        return false;
    if (!patternWild)
        return pattern == host;
    if (countLabels(pattern) < 3)
        return false;                                                    // "*.com" and the like
    const std::string_view suffix = std::string_view(pattern).substr(1); // ".example.com"
    if (!host.ends_with(suffix))
        return false;
    const std::string_view first =
        std::string_view(host).substr(0, host.size() - suffix.size()); // the one label
    return !first.empty() && first.find('.') == std::string_view::npos;
}

} // namespace gatehouse::core
