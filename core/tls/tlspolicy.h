#pragma once

#include "common/result.h"
#include "tls/tlsversion.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::core {

// The TLS settings of one Gateway server, as Istio gives them to Envoy:
//  - minProtocolVersion / maxProtocolVersion: TLSV1_0..TLSV1_3 or TLS_AUTO (unset). For a
//    server Envoy's defaults apply: minimum TLSv1.2, maximum TLSv1.3.
//  - cipherSuites: only for TLS 1.0-1.2 (no effect on TLS 1.3); empty means Envoy's default
//    server list (envoyDefaultCipherSuites()).
//  - hosts: the server's hosts, as written ("ns/host" prefixes allowed, "*" = any).
struct TlsPolicy {
    std::string serverName;               // for messages; may be empty
    std::optional<TlsVersion> minVersion; // nullopt = TLS_AUTO
    std::optional<TlsVersion> maxVersion; // nullopt = TLS_AUTO
    std::vector<std::string> cipherSuites;
    std::vector<std::string> hosts;

    [[nodiscard]] TlsVersion effectiveMinVersion() const;
    [[nodiscard]] TlsVersion effectiveMaxVersion() const;
    // cipherSuites, or Envoy's default list when empty; Envoy's "[A|B]" groups flattened.
    [[nodiscard]] std::vector<std::string> effectiveCipherSuites() const;
    [[nodiscard]] bool allowsVersion(TlsVersion version) const;
    // "TLSV1_2", or "TLS_AUTO (TLSv1.2)" when unset.
    [[nodiscard]] std::string minVersionText() const;
    [[nodiscard]] std::string maxVersionText() const;
};

// Istio's names: "TLSV1_0".."TLSV1_3" give a version, "TLS_AUTO" or "" give nullopt.
// Error "policy.version" for anything else.
[[nodiscard]] Result<std::optional<TlsVersion>> parseIstioTlsVersion(std::string_view text);

// Envoy's default server cipher list (non-FIPS), flattened, in its order.
[[nodiscard]] const std::vector<std::string> &envoyDefaultCipherSuites();

} // namespace gatehouse::core
