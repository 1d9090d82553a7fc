#pragma once

// Internal to core/tls: one bounded TLS connection attempt (a "probe").

#include "tls/canceltoken.h"
#include "tls/certificate.h"
#include "tls/tlsversion.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <sys/socket.h>

struct ssl_session_st;
struct ssl_ctx_st;

namespace gatehouse::core::detail {

struct SessionRelease {
    void operator()(ssl_session_st *s) const;
};
using SessionPtr = std::shared_ptr<ssl_session_st>;

struct Endpoint {
    sockaddr_storage address{};
    socklen_t length = 0;
    std::string addressText;
};

struct ProbeRequest {
    TlsVersion minVersion = TlsVersion::Tls1_0;
    TlsVersion maxVersion = TlsVersion::Tls1_3;
    std::string cipherList;   // TLS <= 1.2; empty: everything this OpenSSL offers
    std::string cipherSuites; // TLS 1.3; empty: all five
    std::string groups;       // empty: every group OpenSSL supports
    std::vector<std::string> alpn;
    std::string sni;
    bool requestOcsp = false;
    bool noTickets = false;
    SessionPtr resume;
    bool captureSession = false;
    std::string httpRequest; // sent after the handshake; the reply headers are read
};

enum class ProbeOutcome {
    Established,    // handshake completed
    Rejected,       // the server refused the handshake (alert, or no common parameters)
    NotTls,         // the port answered with something that is not TLS
    Closed,         // connection closed/reset during the handshake
    ConnectRefused, // TCP refused
    ConnectTimeout, // TCP connect timed out
    Unreachable,    // no route / network down
    Timeout,        // handshake did not finish in time
    Cancelled,
    LocalError, // our own setup failed (e.g. no cipher of the list is usable)
};

struct ProbeResult {
    ProbeOutcome outcome = ProbeOutcome::LocalError;
    std::string error;
    std::optional<TlsVersion> version;
    std::string cipher;
    std::string group;
    std::string alpn;
    bool ocspStapled = false;
    bool reused = false;
    std::vector<Certificate> chain;
    SessionPtr session;
    std::string httpHead; // status line + headers, when an HTTP request was sent
};

struct ProbeTimeouts {
    std::chrono::milliseconds connect{3000};
    std::chrono::milliseconds handshake{5000};
};

[[nodiscard]] ProbeResult runProbe(const Endpoint &endpoint, const ProbeRequest &request,
                                   const ProbeTimeouts &timeouts, const CancelToken &cancel,
                                   bool wantChain = false);

// A TCP connection with a bounded connect; -1 and `outcome` set on failure.
[[nodiscard]] int connectBounded(const Endpoint &endpoint, std::chrono::milliseconds timeout,
                                 const CancelToken &cancel, ProbeOutcome &outcome,
                                 std::string &error);

// Sends `request` on a plain TCP socket and reads the reply's head (bounded).
[[nodiscard]] ProbeResult plainHttp(const Endpoint &endpoint, const std::string &request,
                                    const ProbeTimeouts &timeouts, const CancelToken &cancel);

// The process-wide client context the probes share (security level 0, no verification,
// client session cache without internal store). Never freed; null only when out of memory.
[[nodiscard]] ssl_ctx_st *sharedClientContext();

[[nodiscard]] std::string allTls13Suites();
[[nodiscard]] std::string allLegacyCiphers(); // "ALL:COMPLEMENTOFALL:@SECLEVEL=0"

} // namespace gatehouse::core::detail
