#include "tlspolicy.h"

namespace gatehouse::core {

namespace {
// Envoy's DownstreamTlsContext defaults (ServerContextConfigImpl): TLS 1.2..1.3 and
//   [ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]
//   [ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]
//   ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-RSA-AES256-GCM-SHA384
constexpr TlsVersion envoyDefaultMin = TlsVersion::Tls1_2;
constexpr TlsVersion envoyDefaultMax = TlsVersion::Tls1_3;
} // namespace

const std::vector<std::string> &envoyDefaultCipherSuites() {
    static const std::vector<std::string> list{
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-AES128-GCM-SHA256",   "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
    };
    return list;
}

TlsVersion TlsPolicy::effectiveMinVersion() const {
    return minVersion.value_or(envoyDefaultMin);
}

TlsVersion TlsPolicy::effectiveMaxVersion() const {
    return maxVersion.value_or(envoyDefaultMax);
}

std::vector<std::string> TlsPolicy::effectiveCipherSuites() const {
    if (cipherSuites.empty())
        return envoyDefaultCipherSuites();
    std::vector<std::string> out;
    for (const std::string &entry : cipherSuites) {
        // Envoy accepts BoringSSL's equal-preference groups "[A|B]".
        std::string s = entry;
        if (s.size() >= 2 && s.front() == '[' && s.back() == ']')
            s = s.substr(1, s.size() - 2);
        size_t start = 0;
        for (;;) {
            const size_t bar = s.find('|', start);
            std::string name =
                s.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
            if (!name.empty())
                out.push_back(name);
            if (bar == std::string::npos)
                break;
            start = bar + 1;
        }
    }
    return out;
}

bool TlsPolicy::allowsVersion(TlsVersion version) const {
    return index(version) >= index(effectiveMinVersion()) &&
           index(version) <= index(effectiveMaxVersion());
}

std::string TlsPolicy::minVersionText() const {
    if (minVersion)
        return std::string(istioName(*minVersion));
    return "TLS_AUTO (" + std::string(toString(envoyDefaultMin)) + ")";
}

std::string TlsPolicy::maxVersionText() const {
    if (maxVersion)
        return std::string(istioName(*maxVersion));
    return "TLS_AUTO (" + std::string(toString(envoyDefaultMax)) + ")";
}

Result<std::optional<TlsVersion>> parseIstioTlsVersion(std::string_view text) {
    if (text.empty() || text == "TLS_AUTO")
        return std::optional<TlsVersion>{};
    for (TlsVersion v : allTlsVersions) {
        if (text == istioName(v))
            return std::optional<TlsVersion>{v};
    }
    return fail("policy.version", "unknown TLS protocol version '" + std::string(text) +
                                      "' (expected TLS_AUTO, TLSV1_0, TLSV1_1, TLSV1_2 or "
                                      "TLSV1_3)");
}

} // namespace gatehouse::core
