#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace gatehouse::core {

enum class TlsVersion { Tls1_0, Tls1_1, Tls1_2, Tls1_3 };

inline constexpr std::array<TlsVersion, 4> allTlsVersions{TlsVersion::Tls1_0, TlsVersion::Tls1_1,
                                                          TlsVersion::Tls1_2, TlsVersion::Tls1_3};

// "TLSv1.0" ... "TLSv1.3" (the JSON keys and OpenSSL's spelling).
[[nodiscard]] std::string_view toString(TlsVersion version);
// Istio's names: "TLSV1_0" ... "TLSV1_3".
[[nodiscard]] std::string_view istioName(TlsVersion version);
// Accepts "TLSv1.2", "TLSV1_2", "1.2", "tls1.2" (case-insensitive); nullopt otherwise.
[[nodiscard]] std::optional<TlsVersion> parseTlsVersion(std::string_view text);
[[nodiscard]] constexpr int index(TlsVersion version) {
    return int(version);
}

} // namespace gatehouse::core
