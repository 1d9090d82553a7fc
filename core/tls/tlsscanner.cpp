#include "tlsscanner.h"

#include "detail/grouprobe.h"
#include "detail/openssl.h"
#include "detail/tlsprobe.h"
#include "hostname.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <ranges>
#include <thread>

#include <netdb.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace gatehouse::core {

using namespace detail;

namespace {

constexpr size_t chunkSize = 12; // ciphers per elimination chain run in parallel

std::string join(const std::vector<std::string> &parts, char sep = ':') {
    std::string s;
    for (const std::string &p : parts) {
        if (!s.empty())
            s += sep;
        s += p;
    }
    return s;
}

Result<Endpoint> resolve(const std::string &host, uint16_t port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_UNSPEC;
    addrinfo *list = nullptr;
    std::string h = host;
    if (h.size() > 2 && h.front() == '[' && h.back() == ']')
        h = h.substr(1, h.size() - 2);
    const int rc = ::getaddrinfo(h.c_str(), std::to_string(port).c_str(), &hints, &list);
    if (rc != 0 || !list)
        return fail("scan.unresolvable", "cannot resolve host '" + host + "'", gai_strerror(rc));
    Endpoint ep;
    std::memcpy(&ep.address, list->ai_addr, list->ai_addrlen);
    ep.length = socklen_t(list->ai_addrlen);
    char text[NI_MAXHOST] = {};
    if (::getnameinfo(list->ai_addr, list->ai_addrlen, text, sizeof text, nullptr, 0,
                      NI_NUMERICHOST) == 0)
        ep.addressText = text;
    ::freeaddrinfo(list);
    return ep;
}

// Runs `jobs` on up to `threads` workers; each job may make several probes in sequence.
void runParallel(std::vector<std::function<void()>> &jobs, int threads, const CancelToken &cancel) {
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (;;) {
            const size_t i = next.fetch_add(1);
            if (i >= jobs.size() || cancel.isCancelled())
                return;
            jobs[i]();
        }
    };
    const int n = std::max(1, std::min<int>(threads, int(jobs.size())));
    std::vector<std::jthread> pool;
    pool.reserve(size_t(n));
    for (int i = 1; i < n; ++i)
        pool.emplace_back(worker);
    worker();
}

// Shared state of one scan.
class Scan {
public:
    Scan(const ScanOptions &options, Endpoint endpoint, const CancelToken &cancel,
         const ScanProgress &progress)
        : m_options(options)
        , m_endpoint(std::move(endpoint))
        , m_cancel(cancel)
        , m_progress(progress) {
        m_timeouts.connect = options.connectTimeout;
        m_timeouts.handshake = options.handshakeTimeout;
        m_sni = options.sni;
        if (m_sni.empty() && !isIpLiteral(options.host))
            m_sni = options.host;
    }

    ProbeResult probe(ProbeRequest request, bool wantChain = false) {
        request.sni = m_sni;
        ProbeResult r = runProbe(m_endpoint, request, m_timeouts, m_cancel, wantChain);
        // A lost connection is not an answer: retry once before believing it.
        if (r.outcome == ProbeOutcome::Timeout || r.outcome == ProbeOutcome::ConnectTimeout ||
            r.outcome == ProbeOutcome::Closed || r.outcome == ProbeOutcome::ConnectRefused) {
            ++m_handshakes;
            r = runProbe(m_endpoint, request, m_timeouts, m_cancel, wantChain);
            if (r.outcome != ProbeOutcome::Established && r.outcome != ProbeOutcome::Rejected &&
                r.outcome != ProbeOutcome::Cancelled)
                ++m_failedProbes;
        }
        ++m_handshakes;
        return r;
    }

    void addTotal(int n) {
        m_total += n;
        report();
    }
    void stepDone() {
        ++m_done;
        report();
    }

    // Ciphers the server accepts among `offer` at exactly `version`, by elimination: offer
    // the list, note the server's pick, remove it and offer again until it refuses.
    std::vector<std::string> eliminate(TlsVersion version, std::vector<std::string> offer) {
        std::vector<std::string> picked;
        while (!offer.empty() && !m_cancel.isCancelled()) {
            const std::string cipher = choose(version, offer);
            const auto it = std::ranges::find(offer, cipher);
            if (cipher.empty() || it == offer.end())
                break; // refused, or something we did not offer: stop, do not loop
            picked.push_back(cipher);
            offer.erase(it);
        }
        return picked;
    }

    // The cipher the server picks from `offer` at exactly `version`; empty when it refuses.
    std::string choose(TlsVersion version, const std::vector<std::string> &offer) {
        if (version == TlsVersion::Tls1_3) {
            // Read off the HelloRetryRequest: no key exchange, no signature.
            const SuiteAnswer a = probeSuiteTls13(m_endpoint, m_sni, offer, m_timeouts, m_cancel);
            ++m_handshakes;
            if (a.answer == GroupAnswer::Accepted)
                return a.cipher;
            if (a.answer == GroupAnswer::Refused || a.answer == GroupAnswer::NotTls13)
                return {};
        }
        ProbeRequest req;
        req.minVersion = req.maxVersion = version;
        if (version == TlsVersion::Tls1_3)
            req.cipherSuites = join(offer);
        else
            req.cipherList = join(offer);
        const ProbeResult r = probe(req);
        if (r.outcome != ProbeOutcome::Established || r.version != version)
            return {};
        return r.cipher;
    }

    const ScanOptions &m_options;
    Endpoint m_endpoint;
    const CancelToken &m_cancel;
    const ScanProgress &m_progress;
    ProbeTimeouts m_timeouts;
    std::string m_sni;
    std::atomic<int> m_handshakes{0};
    std::atomic<int> m_failedProbes{0};

private:
    void report() {
        if (m_progress)
            m_progress(m_done.load(), m_total.load());
    }
    std::atomic<int> m_done{0};
    std::atomic<int> m_total{0};
};

Error preflightError(const ProbeResult &r, const ScanOptions &options) {
    const std::string where = options.host + ":" + std::to_string(options.port);
    switch (r.outcome) {
    case ProbeOutcome::ConnectRefused:
        return Error("scan.refused", where + " refused the connection (nothing listens there)",
                     r.error);
    case ProbeOutcome::ConnectTimeout:
        return Error("scan.timeout", where + " did not answer the TCP connection in time", r.error);
    case ProbeOutcome::Unreachable:
        return Error("scan.unreachable", where + " is unreachable", r.error);
    case ProbeOutcome::Timeout:
        return Error("scan.timeout",
                     where + " accepted the connection but did not complete a "
                             "TLS handshake in time",
                     r.error);
    case ProbeOutcome::NotTls:
        return Error("scan.not_tls", where + " answered, but not with TLS (a plain-text port?)",
                     r.error);
    case ProbeOutcome::Closed:
        return Error("scan.closed", where + " closed the connection during the TLS handshake",
                     r.error);
    case ProbeOutcome::Cancelled:
        return Error("scan.cancelled", "the scan was cancelled");
    default:
        return Error("scan.error", "cannot scan " + where, r.error);
    }
}

std::string headerValue(const std::string &head, std::string_view name) {
    size_t pos = 0;
    while ((pos = head.find("\r\n", pos)) != std::string::npos) {
        pos += 2;
        const size_t colon = head.find(':', pos);
        const size_t eol = head.find("\r\n", pos);
        if (colon == std::string::npos || eol == std::string::npos || colon > eol)
            continue;
        std::string key = head.substr(pos, colon - pos);
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (key == name) {
            std::string value = head.substr(colon + 1, eol - colon - 1);
            const auto b = value.find_first_not_of(" \t");
            const auto e = value.find_last_not_of(" \t");
            return b == std::string::npos ? std::string() : value.substr(b, e - b + 1);
        }
    }
    return {};
}

int statusOf(const std::string &head) {
    // "HTTP/1.1 301 Moved Permanently"
    if (!head.starts_with("HTTP/"))
        return 0;
    const size_t sp = head.find(' ');
    if (sp == std::string::npos || sp + 4 > head.size())
        return 0;
    const std::string code = head.substr(sp + 1, 3);
    if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    return std::stoi(code);
}

void parseHsts(HttpScan &http) {
    std::string v = http.strictTransportSecurity;
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    const size_t at = v.find("max-age");
    if (at != std::string::npos) {
        size_t i = v.find('=', at);
        if (i != std::string::npos) {
            ++i;
            while (i < v.size() && (v[i] == ' ' || v[i] == '"'))
                ++i;
            size_t j = i;
            while (j < v.size() && std::isdigit(static_cast<unsigned char>(v[j])))
                ++j;
            if (j > i && j - i < 18)
                http.hstsMaxAge = std::stoll(v.substr(i, j - i));
        }
    }
    http.hstsIncludeSubDomains = v.find("includesubdomains") != std::string::npos;
}

const std::vector<std::string> &candidateGroups() {
    static const std::vector<std::string> groups{"X25519",    "X448",      "P-256",     "P-384",
                                                 "P-521",     "ffdhe2048", "ffdhe3072", "ffdhe4096",
                                                 "ffdhe6144", "ffdhe8192"};
    return groups;
}

} // namespace

std::vector<std::string> offerableCiphers(TlsVersion version) {
    std::vector<std::string> out;
    ERR_clear_error();
    SSL_CTX *ctx = sharedClientContext();
    SslPtr ssl(ctx ? SSL_new(ctx) : nullptr);
    if (!ssl) {
        ERR_clear_error();
        return out;
    }
    const int v = version == TlsVersion::Tls1_0   ? TLS1_VERSION
                  : version == TlsVersion::Tls1_1 ? TLS1_1_VERSION
                  : version == TlsVersion::Tls1_2 ? TLS1_2_VERSION
                                                  : TLS1_3_VERSION;
    SSL_set_min_proto_version(ssl.get(), v);
    SSL_set_max_proto_version(ssl.get(), v);
    SSL_set_cipher_list(ssl.get(), allLegacyCiphers().c_str());
    SSL_set_ciphersuites(ssl.get(), allTls13Suites().c_str());
    STACK_OF(SSL_CIPHER) *list = SSL_get1_supported_ciphers(ssl.get());
    for (int i = 0; list && i < sk_SSL_CIPHER_num(list); ++i) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(list, i);
        const bool tls13 = std::string_view(SSL_CIPHER_get_version(c)) == "TLSv1.3";
        if (tls13 == (version == TlsVersion::Tls1_3))
            out.emplace_back(SSL_CIPHER_get_name(c));
    }
    sk_SSL_CIPHER_free(list);
    ERR_clear_error();
    return out;
}

Result<ScanReport> scanTls(const ScanOptions &options, const CancelToken &cancel,
                           const ScanProgress &progress) {
    const auto started = std::chrono::steady_clock::now();
    if (options.host.empty() || options.host.size() > 253)
        return fail("scan.input", "give a host name or IP address to scan");
    if (options.port == 0)
        return fail("scan.input", "give a port between 1 and 65535");
    auto endpoint = resolve(options.host, options.port);
    if (!endpoint)
        return std::unexpected(endpoint.error());

    Scan scan(options, *endpoint, cancel, progress);
    ScanReport report;
    report.host = options.host;
    report.port = options.port;
    report.sni = scan.m_sni;
    report.address = endpoint->addressText;
    for (TlsVersion v : allTlsVersions)
        report.versions[size_t(index(v))].version = v;

    // 1. Preflight: is it TLS at all? Also the chain, OCSP stapling and HSTS.
    scan.addTotal(1);
    ProbeRequest first;
    first.requestOcsp = true;
    first.captureSession = true;
    if (options.checkHttp) {
        first.httpRequest =
            "GET / HTTP/1.1\r\nHost: " + (scan.m_sni.empty() ? report.address : scan.m_sni) +
            "\r\nUser-Agent: gatehouse-scan\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    }
    ProbeResult pre = scan.probe(first, true);
    scan.stepDone();
    if (pre.outcome != ProbeOutcome::Established && pre.outcome != ProbeOutcome::Rejected)
        return std::unexpected(preflightError(pre, options));
    if (pre.outcome == ProbeOutcome::Established) {
        report.certificates = pre.chain;
        report.ocspStapled = pre.ocspStapled;
        if (options.checkHttp) {
            report.http.checked = true;
            report.http.status = statusOf(pre.httpHead);
            report.http.strictTransportSecurity =
                headerValue(pre.httpHead, "strict-transport-security");
            parseHsts(report.http);
        }
    } else {
        report.notes.push_back("a handshake offering every version and cipher was refused: " +
                               pre.error);
    }

    // 2. In parallel: per version, elimination over chunks of the offerable ciphers; each
    //    group alone; each ALPN protocol alone; resumption; plain HTTP.
    std::mutex mutex;
    std::vector<std::function<void()>> jobs;
    if (!report.certificates.empty()) {
        // Verify alongside the probes; jobs that take longest go first.
        jobs.emplace_back([&] {
            VerifyOptions vo;
            vo.trustAnchors = options.trustAnchors;
            vo.host = report.sni.empty() ? options.host : report.sni;
            if (auto verified = verifyChain(report.certificates, vo))
                report.verification = std::move(*verified);
            scan.stepDone();
        });
    }
    report.resumption.checked = true;
    if (pre.session) {
        jobs.emplace_back([&] {
            ProbeRequest req;
            req.resume = pre.session;
            const ProbeResult r = scan.probe(req);
            report.resumption.sessionTicket =
                r.outcome == ProbeOutcome::Established && r.reused &&
                (r.version == TlsVersion::Tls1_3 || SSL_SESSION_has_ticket(pre.session.get()) == 1);
            scan.stepDone();
        });
    }
    jobs.emplace_back([&] {
        // TLS 1.2 resumption by session ID (tickets off).
        ProbeRequest req;
        req.maxVersion = TlsVersion::Tls1_2;
        req.noTickets = true;
        req.captureSession = true;
        const ProbeResult full = scan.probe(req);
        if (full.outcome == ProbeOutcome::Established && full.session) {
            ProbeRequest again = req;
            again.captureSession = false;
            again.resume = full.session;
            const ProbeResult r = scan.probe(again);
            report.resumption.sessionId = r.outcome == ProbeOutcome::Established && r.reused;
        }
        scan.stepDone();
    });
    std::vector<std::string> groups;
    std::optional<TlsVersion> groupsVersion;
    for (const std::string &g : std::ranges::reverse_view(candidateGroups())) {
        jobs.emplace_back([&, g] {
            // TLS 1.3: an empty key_share makes a supporting server name the group in a
            // HelloRetryRequest, without either side doing the (costly) key exchange.
            const GroupAnswer answer = probeGroupTls13(scan.m_endpoint, scan.m_sni,
                                                       *groupCodePoint(g), scan.m_timeouts, cancel);
            ++scan.m_handshakes;
            bool ok = answer == GroupAnswer::Accepted;
            std::optional<TlsVersion> version;
            if (ok) {
                version = TlsVersion::Tls1_3;
            } else if (answer == GroupAnswer::NotTls13 || answer == GroupAnswer::NoAnswer) {
                // TLS 1.2 and lower (or an unusual reply): a real handshake with only this
                // group, counted when the server's ECDHE really used it.
                ProbeRequest req;
                req.maxVersion =
                    answer == GroupAnswer::NotTls13 ? TlsVersion::Tls1_2 : TlsVersion::Tls1_3;
                req.groups = g;
                const ProbeResult r = scan.probe(req);
                ok = r.outcome == ProbeOutcome::Established && r.group == g;
                version = r.version;
            }
            if (ok) {
                std::lock_guard lock(mutex);
                groups.push_back(g);
                if (!groupsVersion || (version && *version > *groupsVersion))
                    groupsVersion = version;
            }
            scan.stepDone();
        });
    }
    std::array<std::vector<std::string>, 4> accepted;
    std::array<std::map<std::string, std::pair<int, int>>, 4> pickRank; // chunk, rank in it
    std::array<std::vector<std::string>, 4> candidates;
    for (TlsVersion v : allTlsVersions) {
        candidates[size_t(index(v))] = offerableCiphers(v);
        const auto &all = candidates[size_t(index(v))];
        for (size_t i = 0; i < all.size(); i += chunkSize) {
            std::vector<std::string> chunk(all.begin() + long(i),
                                           all.begin() + long(std::min(all.size(), i + chunkSize)));
            const int chunkId = int(i / chunkSize);
            jobs.emplace_back([&, v, chunk, chunkId] {
                auto got = scan.eliminate(v, chunk);
                std::lock_guard lock(mutex);
                auto &acc = accepted[size_t(index(v))];
                acc.insert(acc.end(), got.begin(), got.end());
                // The picks of one chunk come in the server's order when it imposes one.
                for (size_t rank = 0; rank < got.size(); ++rank)
                    pickRank[size_t(index(v))][got[rank]] = {chunkId, int(rank)};
                scan.stepDone();
            });
        }
    }
    std::vector<std::string> alpn;
    for (const std::string proto : {"h2", "http/1.1"}) {
        jobs.emplace_back([&, proto] {
            ProbeRequest req;
            req.alpn = {proto};
            const ProbeResult r = scan.probe(req);
            if (r.outcome == ProbeOutcome::Established && r.alpn == proto) {
                std::lock_guard lock(mutex);
                alpn.push_back(proto);
            }
            scan.stepDone();
        });
    }
    if (options.checkHttp) {
        report.http.httpPort = options.httpPort;
        jobs.emplace_back([&] {
            Endpoint plain = *endpoint;
            auto *sa = reinterpret_cast<sockaddr *>(&plain.address);
            if (sa->sa_family == AF_INET)
                reinterpret_cast<sockaddr_in *>(sa)->sin_port = htons(options.httpPort);
            else
                reinterpret_cast<sockaddr_in6 *>(sa)->sin6_port = htons(options.httpPort);
            const std::string hostHeader = scan.m_sni.empty() ? report.address : scan.m_sni;
            ProbeTimeouts t = scan.m_timeouts;
            const ProbeResult r =
                plainHttp(plain,
                          "GET / HTTP/1.1\r\nHost: " + hostHeader +
                              "\r\nUser-Agent: gatehouse-scan\r\nConnection: close\r\n\r\n",
                          t, cancel);
            ++scan.m_handshakes;
            HttpScan &h = report.http;
            if (r.outcome == ProbeOutcome::Established) {
                h.httpListening = true;
                h.httpStatus = statusOf(r.httpHead);
                h.httpLocation = headerValue(r.httpHead, "location");
                h.redirectsToHttps = h.httpStatus >= 300 && h.httpStatus < 400 &&
                                     h.httpLocation.starts_with("https://");
                if (h.httpStatus == 0)
                    h.httpError = "the port answered, but not with HTTP";
            } else {
                h.httpListening = r.outcome != ProbeOutcome::ConnectRefused &&
                                  r.outcome != ProbeOutcome::ConnectTimeout &&
                                  r.outcome != ProbeOutcome::Unreachable;
                h.httpError = r.error;
            }
            scan.stepDone();
        });
    }
    scan.addTotal(int(jobs.size()));
    runParallel(jobs, options.maxConnections, cancel);
    if (cancel.isCancelled())
        return fail("scan.cancelled", "the scan was cancelled");

    // 3. Server order, per version with two or more ciphers, in one parallel round: the full
    //    list offered forwards and backwards (the same pick both times means the server
    //    imposes its order) and, for up to `pairwiseLimit` ciphers, every pair offered alone,
    //    whose winners rank the list. Larger sets fall back to one more elimination chain.
    constexpr size_t pairwiseLimit = 16;
    struct OrderProbe {
        TlsVersion version;
        std::vector<std::string> offer;
        std::string picked;
    };
    std::vector<OrderProbe> orderProbes;
    std::vector<std::function<void()>> orderJobs;
    std::array<std::vector<std::string>, 4> ours;
    auto pick = [&](TlsVersion v, const std::vector<std::string> &offer) {
        return scan.choose(v, offer);
    };
    for (TlsVersion v : allTlsVersions) {
        VersionScan &vs = report.versions[size_t(index(v))];
        const auto &acc = accepted[size_t(index(v))];
        vs.accepted = !acc.empty();
        // Our (OpenSSL's) preference order, for when the server does not impose one.
        auto &mine = ours[size_t(index(v))];
        for (const std::string &c : candidates[size_t(index(v))]) {
            if (std::ranges::find(acc, c) != acc.end())
                mine.push_back(c);
        }
        vs.ciphers = mine;
        if (mine.size() < 2)
            continue;
        orderProbes.push_back({v, mine, {}});
        orderProbes.push_back({v, {mine.rbegin(), mine.rend()}, {}});
        if (mine.size() <= pairwiseLimit) {
            // Pairs from the same chunk were already ranked by its elimination.
            const auto &rank = pickRank[size_t(index(v))];
            for (size_t i = 0; i < mine.size(); ++i) {
                for (size_t j = i + 1; j < mine.size(); ++j) {
                    if (rank.at(mine[i]).first != rank.at(mine[j]).first)
                        orderProbes.push_back({v, {mine[i], mine[j]}, {}});
                }
            }
        }
    }
    for (OrderProbe &p : orderProbes) {
        orderJobs.emplace_back([&, probe = &p] {
            probe->picked = pick(probe->version, probe->offer);
            scan.stepDone();
        });
    }
    scan.addTotal(int(orderJobs.size()));
    runParallel(orderJobs, options.maxConnections, cancel);
    if (cancel.isCancelled())
        return fail("scan.cancelled", "the scan was cancelled");
    for (TlsVersion v : allTlsVersions) {
        const auto &mine = ours[size_t(index(v))];
        if (mine.size() < 2)
            continue;
        VersionScan &target = report.versions[size_t(index(v))];
        std::vector<const OrderProbe *> mineProbes;
        for (const OrderProbe &p : orderProbes) {
            if (p.version == v)
                mineProbes.push_back(&p);
        }
        const std::string &forward = mineProbes[0]->picked;
        const std::string &backward = mineProbes[1]->picked;
        if (forward.empty() || backward.empty())
            continue; // lost probes: order unknown
        if (forward != backward) {
            target.serverOrder = false;
            continue;
        }
        target.serverOrder = true;
        if (mine.size() <= pairwiseLimit) {
            std::map<std::string, int> wins;
            for (size_t k = 2; k < mineProbes.size(); ++k)
                ++wins[mineProbes[k]->picked];
            const auto &rank = pickRank[size_t(index(v))];
            for (size_t i = 0; i < mine.size(); ++i) {
                for (size_t j = i + 1; j < mine.size(); ++j) {
                    const auto a = rank.at(mine[i]);
                    const auto b = rank.at(mine[j]);
                    if (a.first == b.first)
                        ++wins[a.second < b.second ? mine[i] : mine[j]];
                }
            }
            std::vector<std::string> order = mine;
            std::ranges::stable_sort(order, [&](const std::string &x, const std::string &y) {
                return wins[x] > wins[y];
            });
            target.ciphers = order;
        } else {
            std::vector<std::string> order = scan.eliminate(v, mine);
            // Anything the elimination did not reach keeps our order at the end.
            for (const std::string &c : mine) {
                if (std::ranges::find(order, c) == order.end())
                    order.push_back(c);
            }
            target.ciphers = order;
        }
    }

    // Groups in a stable order (the candidate order), ALPN likewise.
    for (const std::string &g : candidateGroups()) {
        if (std::ranges::find(groups, g) != groups.end())
            report.groups.push_back(g);
    }
    report.groupsVersion = groupsVersion;
    for (const std::string proto : {"h2", "http/1.1"}) {
        if (std::ranges::find(alpn, proto) != alpn.end())
            report.alpn.push_back(proto);
    }

    report.handshakes = scan.m_handshakes.load();
    report.failedProbes = scan.m_failedProbes.load();
    if (report.failedProbes > 0)
        report.notes.push_back(std::to_string(report.failedProbes) +
                               " probe(s) got no answer after a retry; results may be incomplete");
    report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    return report;
}

} // namespace gatehouse::core
