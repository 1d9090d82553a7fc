#pragma once

#include "common/result.h"
#include "tls/canceltoken.h"
#include "tls/certificate.h"
#include "tls/scanreport.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gatehouse::core {

struct ScanOptions {
    std::string host; // name or IP literal
    uint16_t port = 443;
    std::string sni;         // empty: the host when it is a name, no SNI for an IP
    int maxConnections = 16; // probes in flight at once
    std::chrono::milliseconds connectTimeout{3000};
    std::chrono::milliseconds handshakeTimeout{5000};
    bool checkHttp = true; // GET / over TLS for HSTS, plain HTTP for the redirect
    uint16_t httpPort = 80;
    std::vector<Certificate> trustAnchors; // for verifying the presented chain; empty: system
};

// (done, total): called from worker threads; total may grow as the scan learns more.
using ScanProgress = std::function<void(int done, int total)>;

// Scans what `options.host:port` really negotiates, using OpenSSL directly with the security
// level lowered to 0 for its own probes only (so TLS 1.0/1.1 and legacy ciphers can be seen).
// Blocking; run it on a worker thread. Every wait is bounded by the timeouts and the scan
// stops soon after `cancel` is cancelled.
// Errors: "scan.input", "scan.unresolvable", "scan.refused", "scan.unreachable",
// "scan.timeout", "scan.not_tls", "scan.closed", "scan.cancelled".
[[nodiscard]] Result<ScanReport> scanTls(const ScanOptions &options, const CancelToken &cancel = {},
                                         const ScanProgress &progress = {});

// The cipher names this OpenSSL can offer for `version` (client side, security level 0).
[[nodiscard]] std::vector<std::string> offerableCiphers(TlsVersion version);

} // namespace gatehouse::core
