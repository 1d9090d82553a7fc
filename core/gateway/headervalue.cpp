#include "gateway/headervalue.h"

#include <charconv>

namespace gatehouse::gateway {

std::optional<HeaderVariable> parseHeaderVariable(std::string_view text) {
    using K = HeaderVariableKind;
    HeaderVariable v;
    std::string_view name = text;
    bool hasArg = false;
    if (const std::size_t open = text.find('('); open != std::string_view::npos) {
        const std::size_t close = text.rfind(')');
        if (close == std::string_view::npos || close < open)
            return std::nullopt;
        name = text.substr(0, open);
        v.arg = text.substr(open + 1, close - open - 1);
        hasArg = true;
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            std::size_t n = 0;
            const auto [end, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), n);
            if (rest[0] != ':' || ec != std::errc() || end != rest.data() + rest.size())
                return std::nullopt;
            v.maxLength = n;
        }
    }
    struct Name {
        std::string_view text;
        K kind;
    };
    static constexpr Name names[] = {
        {"DOWNSTREAM_REMOTE_ADDRESS", K::RemoteAddress},
        {"DOWNSTREAM_DIRECT_REMOTE_ADDRESS", K::RemoteAddress},
        {"DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", K::RemoteAddressWithoutPort},
        {"DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT", K::RemoteAddressWithoutPort},
        {"DOWNSTREAM_REMOTE_PORT", K::RemotePort},
        {"DOWNSTREAM_DIRECT_REMOTE_PORT", K::RemotePort},
        {"DOWNSTREAM_LOCAL_ADDRESS", K::LocalAddress},
        {"DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", K::LocalAddressWithoutPort},
        {"DOWNSTREAM_LOCAL_PORT", K::LocalPort},
        {"REQUESTED_SERVER_NAME", K::RequestedServerName},
        {"PROTOCOL", K::Protocol},
        {"HOSTNAME", K::Hostname},
        {"START_TIME", K::StartTime},
        {"DOWNSTREAM_TLS_VERSION", K::TlsVersion},
        {"DOWNSTREAM_TLS_CIPHER", K::TlsCipher},
        {"UPSTREAM_REMOTE_ADDRESS", K::UpstreamAddress},
        {"UPSTREAM_HOST", K::UpstreamAddress},
    };
    if (name == "REQ") {
        if (!hasArg || v.arg.empty())
            return std::nullopt;
        v.kind = K::Request;
        return v;
    }
    if (hasArg && name != "START_TIME") // START_TIME(format) is the one other with an argument
        return std::nullopt;
    for (const Name &n : names) {
        if (n.text == name) {
            v.kind = n.kind;
            return v;
        }
    }
    return std::nullopt;
}

std::vector<std::string> unknownHeaderVariables(std::string_view value) {
    std::vector<std::string> out;
    scanHeaderValue(
        value,
        [&](std::string_view text) {
            if (text.size() > 1 && text.front() == '%')
                out.emplace_back(text);
        },
        [](const HeaderVariable &) {});
    return out;
}

} // namespace gatehouse::gateway
