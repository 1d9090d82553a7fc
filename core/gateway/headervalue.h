#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Envoy's substitution syntax in header values. Istio passes a VirtualService's header
// values to Envoy's headers_to_add as written, so "%%" is one '%' and "%NAME%",
// "%NAME(ARG)%" or "%NAME(ARG):N%" stand for a value of the request.
namespace gatehouse::gateway {

enum class HeaderVariableKind {
    Request,                  // REQ(name) or REQ(name?alternative)
    RemoteAddress,            // DOWNSTREAM_REMOTE_ADDRESS, ip:port ([ip]:port for IPv6)
    RemoteAddressWithoutPort, // DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT
    RemotePort,               // DOWNSTREAM_REMOTE_PORT
    LocalAddress,             // DOWNSTREAM_LOCAL_ADDRESS
    LocalAddressWithoutPort,  // DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT
    LocalPort,                // DOWNSTREAM_LOCAL_PORT
    RequestedServerName,      // REQUESTED_SERVER_NAME (SNI)
    Protocol,                 // PROTOCOL: HTTP/1.0, HTTP/1.1 or HTTP/2
    Hostname,                 // HOSTNAME
    StartTime,                // START_TIME, 2026-11-26T15:30:00.123Z
    TlsVersion,               // DOWNSTREAM_TLS_VERSION, e.g. TLSv1.3
    TlsCipher,                // DOWNSTREAM_TLS_CIPHER, OpenSSL's name
    UpstreamAddress,          // UPSTREAM_REMOTE_ADDRESS / UPSTREAM_HOST (responses)
};

struct HeaderVariable {
    HeaderVariableKind kind = HeaderVariableKind::Request;
    std::string_view arg;                           // REQ's field name(s)
    std::size_t maxLength = std::string_view::npos; // ":N": the first N bytes
};

// The text between two '%' (without them); nullopt when the engine does not know it (Envoy
// refuses such a configuration; translation warns and the text is sent as written).
[[nodiscard]] std::optional<HeaderVariable> parseHeaderVariable(std::string_view text);

// Walks `value`: literal(text) for plain text (with "%%" already one '%'), variable(var)
// for each known variable. Unknown variables and a lone '%' go to literal as written.
template <class Literal, class Variable>
void scanHeaderValue(std::string_view value, Literal &&literal, Variable &&variable) {
    std::size_t i = 0;
    while (i < value.size()) {
        const std::size_t pct = value.find('%', i);
        if (pct == std::string_view::npos) {
            literal(value.substr(i));
            return;
        }
        if (pct > i)
            literal(value.substr(i, pct - i));
        if (pct + 1 < value.size() && value[pct + 1] == '%') {
            literal(value.substr(pct, 1));
            i = pct + 2;
            continue;
        }
        // Envoy's operator shape: NAME, an optional (argument) that may hold '%' but not ')',
        // an optional :length, then '%'. Anything else ends at the next '%'.
        std::size_t end = value.find('%', pct + 1);
        std::size_t n = pct + 1;
        while (n < value.size() && ((value[n] >= 'A' && value[n] <= 'Z') ||
                                    (value[n] >= '0' && value[n] <= '9') || value[n] == '_'))
            ++n;
        if (n > pct + 1 && n < value.size() && value[n] == '(') {
            if (const std::size_t close = value.find(')', n); close != std::string_view::npos) {
                std::size_t after = close + 1;
                if (after < value.size() && value[after] == ':') {
                    ++after;
                    while (after < value.size() && value[after] >= '0' && value[after] <= '9')
                        ++after;
                }
                if (after < value.size() && value[after] == '%')
                    end = after;
            }
        }
        if (end == std::string_view::npos) {
            literal(value.substr(pct));
            return;
        }
        if (const auto var = parseHeaderVariable(value.substr(pct + 1, end - pct - 1)))
            variable(*var);
        else
            literal(value.substr(pct, end - pct + 1));
        i = end + 1;
    }
}

// The "%...%" parts of `value` the engine cannot fill, as written (for warnings).
[[nodiscard]] std::vector<std::string> unknownHeaderVariables(std::string_view value);

} // namespace gatehouse::gateway
