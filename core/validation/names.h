#pragma once

#include <string>
#include <string_view>

// Name and address checks with Kubernetes' and Istio's meaning.
namespace gatehouse::core::names {

// RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
[[nodiscard]] bool isDns1123Label(std::string_view s);
// RFC 1123 subdomain: dot-separated labels, at most 253 characters.
[[nodiscard]] bool isDns1123Subdomain(std::string_view s);
// Istio's wildcard domain: "*" or an FQDN whose left-most label may be "*"
// (and only that label; no partial wildcards like "*foo.com"). Empty when valid,
// otherwise the reason.
[[nodiscard]] std::string wildcardDomainError(std::string_view host);
// An FQDN without wildcards; empty when valid, otherwise the reason.
[[nodiscard]] std::string fqdnError(std::string_view host);
[[nodiscard]] bool isIpAddress(std::string_view s);
// "10.0.0.0/8", "2001:db8::/32" or a plain address.
[[nodiscard]] bool isIpOrCidr(std::string_view s);

// Istio's port protocol names (case-insensitive): true when known.
[[nodiscard]] bool isKnownProtocol(std::string_view protocol);
[[nodiscard]] bool isHttpProtocol(std::string_view protocol); // HTTP HTTP2 GRPC GRPC-WEB HTTP_PROXY
[[nodiscard]] bool isTlsProtocol(std::string_view protocol);  // HTTPS TLS

// RFC 6125 style: does `pattern` (which may start with "*.") cover `host`? A
// wildcard host is covered by the same wildcard.
[[nodiscard]] bool hostsOverlap(std::string_view a, std::string_view b);

} // namespace gatehouse::core::names
