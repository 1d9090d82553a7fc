#pragma once

#include "gateway/config.h"

#include "common/result.h"

#include <boost/asio/ip/tcp.hpp>

#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The compiled, immutable form of a Config that workers read without locks.
namespace gatehouse::gateway::detail {

struct SslCtxDeleter {
    void operator()(SSL_CTX *ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;

// Builds a server SSL_CTX with Istio's meaning of every field. `alpn` in wire format.
[[nodiscard]] Result<SslCtxPtr> buildServerContext(const TlsSettings &tls, std::string_view alpn);
// Host without ":port" (keeps "[v6]").
[[nodiscard]] std::string_view stripPort(std::string_view host);

// Builds a client SSL_CTX for TLS towards a cluster (UpstreamTls).
[[nodiscard]] Result<SslCtxPtr> buildClientContext(const UpstreamTls &tls);
// Makes the handshake of `ssl` (a client's) check that the server's certificate is for
// `name`, a host name (DNS SANs, RFC 6125 wildcards, never the subject's CN) or an IP
// address: Envoy's auto_san_validation. False when the name cannot be set.
[[nodiscard]] bool expectPeerName(SSL *ssl, std::string_view name);
// "h2" when ALPN negotiated HTTP/2.
[[nodiscard]] bool negotiatedH2(SSL *ssl);

// Looks for the server_name in a buffered TLS ClientHello record.
enum class HelloParse { NeedMore, NotTls, Ok };
struct HelloInfo {
    std::string_view sni; // empty: no SNI extension
};
[[nodiscard]] HelloParse parseClientHello(std::string_view data, HelloInfo &out);

// Host-name matching the way Envoy matches server_names / domains.
class NameMatcher {
public:
    void add(std::string_view name, int value);          // exact, "*.suffix", "prefix.*" or "*"
    [[nodiscard]] int find(std::string_view host) const; // -1: none

private:
    std::unordered_map<std::string, int> m_exact;
    std::vector<std::pair<std::string, int>> m_suffix; // ".example.com", longest first
    std::vector<std::pair<std::string, int>> m_prefix; // "foo.", longest first
    int m_any = -1;
    friend struct SnapshotBuilder;
    void sortWildcards();
};

struct CompiledHeaderMatch {
    std::string name;
    HeaderMatch::Kind kind;
    std::string value;
    std::optional<std::regex> regex;
    bool invert = false;
    bool treatMissingAsEmpty = false;
};

// Whether `value` passes the match (`invert` left to the caller).
[[nodiscard]] bool matchesValue(const CompiledHeaderMatch &m, std::string_view value);

// A weighted cluster: chosen when the request's draw is below upTo (cumulative weights).
struct WeightedChoice {
    std::uint64_t upTo = 0;
    int cluster = -1; // -1: unknown, answers 503
};

// Envoy's weighted_clusters, compiled: a draw picks a cluster with probability
// weight / total. Empty when there is nothing to draw (one cluster or none).
struct WeightedClusters {
    std::vector<WeightedChoice> choices;
    std::uint64_t total = 0;

    [[nodiscard]] bool empty() const { return choices.empty(); }
    // The index of the choice for a uniform draw `random`.
    [[nodiscard]] std::size_t pickIndex(std::uint64_t random) const {
        const std::uint64_t v = random % total;
        for (std::size_t i = 0; i < choices.size(); ++i) {
            if (v < choices[i].upTo)
                return i;
        }
        return choices.size() - 1;
    }
    // The cluster for a uniform draw `random`.
    [[nodiscard]] int pick(std::uint64_t random) const {
        return choices[pickIndex(random)].cluster;
    }
};

// What a forwarded request applies besides the cluster: header operations and the
// authority rewrite, of its route or, when the drawn weighted destination has its own,
// both merged as Envoy applies them (the destination's first, then the route's).
struct Forwarding {
    HeaderOperations requestHeaders;
    HeaderOperations responseHeaders;
    std::string hostRewrite;
    bool requestOps = false;  // requestHeaders not empty
    bool responseOps = false; // responseHeaders not empty
};

struct CompiledRoute {
    const Route *route = nullptr;
    PathMatch::Kind pathKind = PathMatch::Kind::Any;
    std::optional<std::regex> pathRegex;
    std::vector<CompiledHeaderMatch> headers;
    int cluster = -1; // index into Snapshot::clusters, -1: unknown (or see weighted)
    // Two or more clusters with non-zero weights: one is drawn per request.
    WeightedClusters weighted;
    // false: a local answer, route->redirect or route->directStatus.
    bool forwards = false;
    bool rewritesPath = false;              // route->prefixRewrite or rewriteRegex
    std::optional<std::regex> rewriteRegex; // route->regexRewrite's pattern
    Forwarding own; // the route's operations; local answers use its response ones
    // Per weighted choice (or the one left of several), when a destination has operations
    // of its own; empty otherwise.
    std::vector<Forwarding> choices;
    bool headerValueFormats = false; // a value of any of them has a '%' (headervalue.h)
    std::optional<std::chrono::milliseconds> timeout;   // Route::timeout
    std::vector<CompiledHeaderMatch> corsOrigins;       // route->cors->allowOrigins
    std::vector<CompiledHeaderMatch> queryParams;       // route->queryParams
    std::vector<std::pair<int, std::uint32_t>> mirrors; // cluster index (-1: none), share
    std::string pathLower; // route->path.value in lower case, when it ignores case
};

// Appends the upstream request's path: `path` (with its query) after the route's rewrite.
void appendRewrittenPath(std::string &out, const CompiledRoute &r, std::string_view path);
inline void appendUpstreamPath(std::string &out, const CompiledRoute &r, std::string_view path) {
    if (r.rewritesPath)
        appendRewrittenPath(out, r, path);
    else
        out.append(path);
}

// ASCII case-insensitive equality, as HTTP field names and tokens compare (no locale).
[[nodiscard]] inline bool iequals(std::string_view a, std::string_view b) {
    auto lower = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u | 0x20) : u;
    };
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// A route's set and add fields for one request after Envoy's %VARIABLE% substitution
// (headervalue.h). A value that came out empty is left out, as Envoy leaves it out
// (keep_empty_value false); `keep` names the set fields among them, whose original Envoy
// then leaves alone.
struct FormattedFields {
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<std::string> keep;
};

// true when `ops` removes or sets the field `name` (any case): the original is dropped.
// `formatted`: the route's values for this request when they have variables.
[[nodiscard]] bool dropsField(const HeaderOperations &ops, std::string_view name,
                              const FormattedFields *formatted = nullptr);
// emit(name, value) for each set and add field of `ops`, or of `formatted` when given.
template <class Emit>
void forEachField(const HeaderOperations &ops, const FormattedFields *formatted, Emit &&emit) {
    if (formatted) {
        for (const auto &[name, value] : formatted->fields)
            emit(std::string_view(name), std::string_view(value));
        return;
    }
    for (const auto *list : {&ops.set, &ops.add}) {
        for (const auto &[name, value] : *list)
            emit(std::string_view(name), std::string_view(value));
    }
}
// Appends the set and add fields of `ops` (or `formatted`) as "name: value\r\n" lines.
void appendFields(std::string &out, const HeaderOperations &ops,
                  const FormattedFields *formatted = nullptr);

// Appends the Location of a redirect route, as Envoy builds it: `tls` is how the request
// came (its scheme), `host` its Host / :authority, `path` its path with the query,
// `localPort` the port it came to (read only for derivePort).
void appendRedirectLocation(std::string &out, const Redirect &rd, bool tls, std::string_view host,
                            std::string_view path, std::uint16_t localPort);

struct CompiledVirtualHost {
    const VirtualHost *vhost = nullptr;
    std::vector<CompiledRoute> routes;
};

struct CompiledRouteTable {
    NameMatcher domains;
    std::vector<CompiledVirtualHost> vhosts;
};

// A header the router may look at: name lower case.
struct HeaderRef {
    std::string_view name;
    std::string_view value;
};

struct RouteMatch {
    const CompiledVirtualHost *vhost = nullptr;
    const CompiledRoute *route = nullptr;
};

struct ClusterInfo {
    const Cluster *cluster = nullptr;
    std::vector<boost::asio::ip::tcp::endpoint> endpoints;
    SSL_CTX *tls = nullptr; // TLS towards the endpoints (owned by Snapshot::contexts), or plain
    // Requests in flight per endpoint over all workers (LeastRequest clusters of two or more
    // endpoints only: with one there is nothing to choose).
    std::unique_ptr<std::atomic<std::uint32_t>[]> inFlight;
    std::uint64_t connectMs = 0; // the cluster's connect timeout, or Limits'
};

// A filter chain of a TLS listener, chosen by SNI before any TLS byte is answered.
struct Chain {
    int server = -1;           // index into Listener::servers
    int cluster = -1;          // passthrough destination (ctx null), or -1 to terminate TLS
    WeightedClusters weighted; // passthrough or TCP proxy: drawn per connection instead
    SSL_CTX *ctx = nullptr;    // terminating chains
    int routeTable = -1;
    bool tcpProxy = false; // terminate TLS, then proxy TCP to tcpCluster (-1: close)
    int tcpCluster = -1;
};

struct CompiledListener {
    const Listener *listener = nullptr;
    std::string key; // "address:port" as configured, identifies sockets across reloads
    boost::asio::ip::tcp::endpoint endpoint;
    std::vector<Chain> chains;
    NameMatcher sni;     // name -> chain index
    int routeTable = -1; // plain listeners
};

struct Snapshot {
    std::shared_ptr<const Config> config;
    std::uint64_t generation = 0;
    std::vector<CompiledListener> listeners;
    std::vector<CompiledRouteTable> routeTables;
    std::vector<ClusterInfo> clusters;
    std::vector<SslCtxPtr> contexts;

    [[nodiscard]] int listenerByKey(std::string_view key) const;
    [[nodiscard]] bool hasCluster(std::string_view name) const;
    // Routes a request; host may carry a port, which is ignored.
    // `host` is the request's Host / :authority as sent; header matches on ":authority",
    // ":method" and ":scheme" see it, `method` and `scheme` (Istio's authority, method and
    // scheme matches). `path` is the request target, query included.
    [[nodiscard]] RouteMatch route(int table, std::string_view host, std::string_view path,
                                   std::string_view method, std::string_view scheme,
                                   const HeaderRef *headers, std::size_t headerCount) const;
};

[[nodiscard]] Result<std::shared_ptr<const Snapshot>>
compileSnapshot(std::shared_ptr<const Config> config, std::uint64_t generation);

// "addr:port" of a listener as configured.
[[nodiscard]] std::string listenerKey(const Listener &l);

// Drains the OpenSSL error queue into text.
[[nodiscard]] std::string drainSslErrors();

} // namespace gatehouse::gateway::detail
