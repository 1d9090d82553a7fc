#include "tlsversion.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace gatehouse::core {

std::string_view toString(TlsVersion version) {
    switch (version) {
    case TlsVersion::Tls1_0:
        return "TLSv1.0";
    case TlsVersion::Tls1_1:
        return "TLSv1.1";
    case TlsVersion::Tls1_2:
        return "TLSv1.2";
    case TlsVersion::Tls1_3:
        return "TLSv1.3";
    }
    return "TLS?";
}

std::string_view istioName(TlsVersion version) {
    switch (version) {
    case TlsVersion::Tls1_0:
        return "TLSV1_0";
    case TlsVersion::Tls1_1:
        return "TLSV1_1";
    case TlsVersion::Tls1_2:
        return "TLSV1_2";
    case TlsVersion::Tls1_3:
        return "TLSV1_3";
    }
    return "TLS?";
}

std::optional<TlsVersion> parseTlsVersion(std::string_view text) {
    std::string t;
    for (const char c : text) {
        if (c == '_' || c == '.' || c == 'v' || c == 'V')
            continue;
        t += char(std::tolower(static_cast<unsigned char>(c)));
    }
    if (t.starts_with("tls"))
        t.erase(0, 3);
    if (t == "10" || t == "1")
        return TlsVersion::Tls1_0;
    if (t == "11")
        return TlsVersion::Tls1_1;
    if (t == "12")
        return TlsVersion::Tls1_2;
    if (t == "13")
        return TlsVersion::Tls1_3;
    return std::nullopt;
}

} // namespace gatehouse::core
