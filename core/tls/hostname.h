#pragma once

#include <string>
#include <string_view>

namespace gatehouse::core {

// RFC 6125 presented-identifier matching, as browsers and Envoy apply it:
//  - comparison is case-insensitive and ignores one trailing dot;
//  - a wildcard is allowed only as the whole left-most label ("*.example.com"), matches
//    exactly one non-empty label, and needs at least two labels after it ("*.com" never
//    matches); partial-label wildcards ("w*.example.com") never match;
//  - an IP literal host matches only an IP identifier (see hostCoveredByIp()).
// `host` may itself be a Gateway wildcard host ("*.example.com"): then only the identical
// wildcard pattern covers it.
[[nodiscard]] bool hostMatchesPattern(std::string_view pattern, std::string_view host);

// True when `host` is an IPv4 or IPv6 literal.
[[nodiscard]] bool isIpLiteral(std::string_view host);
// Canonical text of an IP literal ("::0001" -> "::1"), empty when not one.
[[nodiscard]] std::string canonicalIp(std::string_view host);

} // namespace gatehouse::core
