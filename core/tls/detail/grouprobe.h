#pragma once

// Internal to core/tls: which key-exchange group a TLS 1.3 server accepts, asked with a
// hand-built ClientHello whose key_share is empty. A server that supports the one offered
// group answers with a HelloRetryRequest naming it, so neither side does any key exchange
// (large ffdhe groups would otherwise cost seconds).

#include "tls/canceltoken.h"
#include "tlsprobe.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::core::detail {

enum class GroupAnswer {
    Accepted, // the server named this group (TLS 1.3)
    Refused,  // the server refused (alert) or named another group
    NotTls13, // the server answered with TLS 1.2 or lower: ask another way
    NoAnswer, // connection failed, timed out or the reply could not be parsed
};

// IANA code point of a group name ("X25519" -> 0x001d), nullopt when unknown.
[[nodiscard]] std::optional<uint16_t> groupCodePoint(const std::string &name);

[[nodiscard]] GroupAnswer probeGroupTls13(const Endpoint &endpoint, const std::string &sni,
                                          uint16_t group, const ProbeTimeouts &timeouts,
                                          const CancelToken &cancel);

// The TLS 1.3 cipher suite a server picks among `suites` (OpenSSL names, in our order),
// read from its HelloRetryRequest (empty key_share, every common group offered), so neither
// side does any key exchange or signature. `cipher` is set when `answer` is Accepted.
struct SuiteAnswer {
    GroupAnswer answer = GroupAnswer::NoAnswer;
    std::string cipher;
};
[[nodiscard]] SuiteAnswer probeSuiteTls13(const Endpoint &endpoint, const std::string &sni,
                                          const std::vector<std::string> &suites,
                                          const ProbeTimeouts &timeouts, const CancelToken &cancel);

} // namespace gatehouse::core::detail
