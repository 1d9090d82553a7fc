#pragma once

#include "tls/certificate.h"
#include "tls/certificateverifier.h"
#include "tls/tlsversion.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::core {

// What one TLS version of an endpoint accepts.
struct VersionScan {
    TlsVersion version = TlsVersion::Tls1_2;
    bool accepted = false;
    // OpenSSL cipher names. In server order when serverOrder is true; otherwise in the
    // order of OpenSSL's own preference list.
    std::vector<std::string> ciphers;
    // True when the server imposes its own order, false when it follows the client, unset
    // when it could not be told (fewer than two ciphers).
    std::optional<bool> serverOrder;
};

struct HttpScan {
    bool checked = false;
    int status = 0;                      // status of "GET /" over TLS, 0 when none
    std::string strictTransportSecurity; // the HSTS header value, empty when absent
    std::optional<long long> hstsMaxAge;
    bool hstsIncludeSubDomains = false;
    // Plain HTTP on `httpPort` (80 by default).
    uint16_t httpPort = 0;
    bool httpListening = false;
    int httpStatus = 0;
    std::string httpLocation;
    bool redirectsToHttps = false;
    std::string httpError; // why the plain-HTTP check gave no answer
};

struct ResumptionScan {
    bool checked = false;
    bool sessionTicket = false; // resumed with a ticket (TLS 1.3 PSK or TLS 1.2 ticket)
    bool sessionId = false;     // TLS 1.2 resumption by session ID (tickets off)
};

// Everything a scan found about one endpoint. Plain values; safe to copy between threads.
struct ScanReport {
    std::string host;
    uint16_t port = 0;
    std::string sni;
    std::string address; // the IP address scanned

    std::array<VersionScan, 4> versions; // indexed by index(TlsVersion)
    std::vector<std::string> groups;     // "X25519", "P-256", ... accepted
    std::optional<TlsVersion> groupsVersion;
    std::vector<std::string> alpn;         // accepted among "h2", "http/1.1"
    std::vector<Certificate> certificates; // as presented, leaf first
    std::optional<VerifyResult> verification;
    bool ocspStapled = false;
    ResumptionScan resumption;
    HttpScan http;

    int handshakes = 0;   // connections made
    int failedProbes = 0; // probes lost to timeouts/resets (results may be incomplete)
    std::vector<std::string> notes;
    std::chrono::milliseconds duration{0};

    [[nodiscard]] bool accepts(TlsVersion v) const { return versions[size_t(index(v))].accepted; }
    [[nodiscard]] const VersionScan &scanOf(TlsVersion v) const {
        return versions[size_t(index(v))];
    }
};

} // namespace gatehouse::core
