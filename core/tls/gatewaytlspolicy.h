#pragma once

#include "common/result.h"
#include "tls/tlspolicy.h"

#include <filesystem>
#include <string_view>

namespace gatehouse::core {

struct Gateway;
struct GatewayServer;

// The TlsPolicy one Gateway server asks of Envoy: min/maxProtocolVersion (TLS_AUTO or unset =
// Envoy's server defaults), cipherSuites (TLS <= 1.2 only) and the server's hosts.
// Errors: "policy.version" for a protocol version Istio does not know.
[[nodiscard]] Result<TlsPolicy> tlsPolicyFromGatewayServer(const Gateway &gateway,
                                                           const GatewayServer &server);

// Reads the Gateway(s) in `file` and picks the server `serverName` names: its name, its port
// name or number, one of its hosts, or "GATEWAY/SERVER". With an empty name the file must hold
// exactly one server with TLS settings. Errors: file/YAML errors, "policy.no_server",
// "policy.ambiguous", "policy.version".
[[nodiscard]] Result<TlsPolicy> loadGatewayPolicy(const std::filesystem::path &file,
                                                  std::string_view serverName);

} // namespace gatehouse::core
