#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The engine's own configuration: what core/translation produces from Istio resources,
// the way Istio produces Envoy listeners, filter chains, routes and clusters. It is
// plain data, immutable once handed to the engine (shared_ptr<const Config>).
namespace gatehouse::gateway {

// TLS_AUTO keeps the default Istio gives a gateway server: minimum TLS 1.2, maximum TLS 1.3.
enum class TlsVersion { Auto, V1_0, V1_1, V1_2, V1_3 };

// Istio ServerTLSSettings.TLSmode.
enum class TlsMode { Simple, Mutual, OptionalMutual, Passthrough };

struct TlsSettings {
    TlsMode mode = TlsMode::Simple;
    TlsVersion minVersion = TlsVersion::Auto;
    TlsVersion maxVersion = TlsVersion::Auto;
    // TLS <= 1.2 cipher suites, OpenSSL/BoringSSL names, in preference order. Empty means
    // Envoy's default server list. BoringSSL equivalence groups "[A|B]" are accepted.
    std::vector<std::string> cipherSuites;
    std::string certificateChainPem;
    std::string privateKeyPem;                      // never logged, redacted in config dumps
    std::string caCertificatesPem;                  // client CA for Mutual/OptionalMutual
    std::vector<std::string> subjectAltNames;       // any must match a client SAN (exact)
    std::vector<std::string> verifyCertificateSpki; // base64 SHA-256 of the SubjectPublicKeyInfo
    std::vector<std::string> verifyCertificateHash; // hex SHA-256 of the DER cert, ':' allowed
    // Stateless session resumption (tickets), on as in Envoy unless its
    // `disable_stateless_session_resumption` is set; Istio's Gateway does not set it.
    bool sessionTickets = true;
};

// Envoy's request/response headers_to_add and headers_to_remove, as Istio fills them from
// HTTPRoute headers: `remove` first, then `set` (replaces every field of that name) and
// `add` (one more field). Names lower case; values with Envoy's %VARIABLE%s
// (headervalue.h).
struct HeaderOperations {
    std::vector<std::pair<std::string, std::string>> set;
    std::vector<std::pair<std::string, std::string>> add;
    std::vector<std::string> remove;
    [[nodiscard]] bool empty() const { return set.empty() && add.empty() && remove.empty(); }
};

// Applies `then` after `first`, as Envoy applies a weighted destination's operations
// (`first`) and then its route's: one set of operations with the same effect.
[[nodiscard]] HeaderOperations mergeHeaderOperations(const HeaderOperations &first,
                                                     const HeaderOperations &then);

// One destination of a weighted route (Envoy's weighted_clusters): it gets
// weight / (sum of the route's weights) of the requests (of the connections, for TCP).
struct WeightedCluster {
    std::string cluster;
    std::uint32_t weight = 0;
    // HTTP only: the destination's own header operations and authority rewrite (Istio's
    // destination headers), applied before the route's; the route's rewrite wins.
    HeaderOperations requestHeaders;
    HeaderOperations responseHeaders;
    std::string hostRewrite;
};

// A passthrough route: TLS connections whose SNI matches go, undecrypted, to the cluster.
struct SniRoute {
    std::vector<std::string> sniHosts; // exact, "*.suffix" or "*"
    std::string cluster;
    // Two or more: each connection goes to one of them by weight (cluster is then unused).
    std::vector<WeightedCluster> weightedClusters;
};

// One Gateway server on a listener.
struct Server {
    std::string name;               // for logs and dumps, e.g. "istio-system/kyma-gateway/https"
    std::vector<std::string> hosts; // SNI names this server answers ("*" = any, also no SNI)
    std::optional<TlsSettings> tls; // absent: plain HTTP
    std::string routeTable;         // HTTP routes once TLS is terminated
    std::vector<SniRoute> passthroughRoutes; // TlsMode::Passthrough only
    // Gateway protocol TLS with a terminating mode: after the handshake the plain bytes go,
    // as TCP, to tcpCluster (VirtualService tcp route); empty: the connection is closed.
    bool tcpProxy = false;
    std::string tcpCluster;
    std::vector<WeightedCluster> tcpWeightedClusters; // as SniRoute::weightedClusters
};

struct Listener {
    std::string name;
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;        // where the engine listens (0 = OS chooses)
    std::uint16_t gatewayPort = 0; // the Gateway's own number, for logs (443 for 8443)
    bool tls = false;              // true: every server on it has TLS settings
    std::vector<Server> servers;
    std::string routeTable; // plain HTTP listeners
};

struct PathMatch {
    enum class Kind { Any, Exact, Prefix, Regex };
    Kind kind = Kind::Any;
    std::string value;
    bool ignoreCase = false; // Istio's ignoreUriCase (Envoy's case_sensitive: false): not regex
};

struct HeaderMatch {
    enum class Kind { Exact, Prefix, Regex, Present };
    std::string name; // lower case
    Kind kind = Kind::Exact;
    std::string value;
    bool invert = false;
    // With invert: a missing field is matched as an empty value (Envoy's
    // treat_missing_header_as_empty, which Istio sets on withoutHeaders that are not
    // presence tests).
    bool treatMissingAsEmpty = false;
};

// A redirect answered locally (Envoy's RedirectAction, as Istio fills it from HTTPRedirect).
// Parts left empty keep the request's: scheme, host (and port), path and query.
struct Redirect {
    std::string scheme;      // e.g. "https"; empty: the request's
    std::string authority;   // host[:port]; empty: the request's host
    std::string path;        // empty: the request's path; a '?' in it replaces the query
    std::uint16_t port = 0;  // 0: no port_redirect
    bool derivePort = false; // Istio derivePort FROM_REQUEST_PORT: the port the request came to
    int status = 301;        // 301, 302, 303, 307 or 308
};

// Envoy's regex_rewrite: every match in the path (query excluded) becomes `substitution`,
// where \1..\9 name the groups (RE2 syntax, as Istio's uriRegexRewrite).
struct RegexRewrite {
    std::string pattern;
    std::string substitution;
};

// A route's retry policy: Envoy's RetryPolicy as Istio fills it. The default is Istio's
// for a route without `retries`: 2 retries of a refused connect (its default conditions
// name no status code). Each retry goes to the cluster's next endpoint (Envoy's
// previous_hosts) after Envoy's jittered back-off (a random wait below 25 ms, then 50 ms,
// ...); one budget covers every reason. Responses and resets are retried only while the
// whole request is still in the engine's buffer (Envoy buffers it for the same reason),
// and only before anything of a response went to the client.
struct RetryPolicy {
    int retries = 2;              // Envoy num_retries: tries after the first
    bool connectFailure = true;   // connect-failure (5xx, gateway-error and reset include it)
    bool reset = false;           // no response: reset or closed before one (5xx, gateway-error)
    bool any5xx = false;          // 5xx
    bool gatewayError = false;    // gateway-error: 502, 503, 504
    bool conflict = false;        // retriable-4xx: 409
    std::vector<int> statusCodes; // retriable-status-codes: the codes retryOn lists
    // Envoy's per_try_timeout: each try's own limit, from when its request went out; 0: only
    // the route's timeout. A try it ends is retried as a reset is (reset, 5xx, gateway-error).
    std::chrono::milliseconds perTryTimeout{0};
    bool retriesStatus(int status) const {
        if ((any5xx && status >= 500 && status <= 599) ||
            (gatewayError && status >= 502 && status <= 504) || (conflict && status == 409))
            return true;
        for (int code : statusCodes)
            if (code == status)
                return true;
        return false;
    }
};

// Envoy's HTTP fault filter on one route, as Istio configures it from a VirtualService's
// `fault`: a delay before the request goes on, then an abort answered locally with
// `abortStatus` and the body "fault filter abort". Each is drawn per request, out of a
// million (Istio gives Envoy percentage.value x 10,000 of a million, or the deprecated
// integer `percent` of a hundred; unset is 0: never).
struct FaultPolicy {
    std::chrono::milliseconds delay{0};
    std::uint32_t delayPerMillion = 0;
    int abortStatus = 0; // 0: no abort
    std::uint32_t abortPerMillion = 0;
};

// A copy of each request sent to another cluster, its response dropped (Envoy's
// request_mirror_policies): the copy's host gets "-shadow" before any port, as in Envoy.
struct Mirror {
    std::string cluster;
    std::uint32_t perMillion = 1000000; // share of requests mirrored
};

// Envoy's CORS filter on one route, as Istio's TranslateCORSPolicy sets it from a
// VirtualService's corsPolicy. A request with an Origin header is a CORS request; an OPTIONS
// one with Access-Control-Request-Method too is a preflight, answered here (200, no body)
// when the origin is allowed, or when it is not and unmatched preflights are not forwarded.
// A response to an allowed origin gets Access-Control-Allow-Origin (the origin),
// -Allow-Credentials and -Expose-Headers in place of the upstream's.
struct CorsPolicy {
    std::vector<HeaderMatch> allowOrigins; // Exact, Prefix or Regex on the Origin's value
    std::string allowMethods;              // comma-joined, as Istio joins them; "*": echo
    std::string allowHeaders;              // "*": echo Access-Control-Request-Headers
    std::string exposeHeaders;
    std::string maxAge; // whole seconds, as written to Access-Control-Max-Age; empty: none
    bool allowCredentials = false;
    bool forwardNotMatchingPreflights = true; // Istio: all but unmatchedPreflights IGNORE
};

struct Route {
    std::string name;
    PathMatch path;
    // Header matches, pseudo headers :authority, :method and :scheme included (Istio gives
    // its authority, method and scheme matches to Envoy so).
    std::vector<HeaderMatch> headers;
    // Query parameter matches (name: the parameter's; Exact, Prefix, Regex or Present), on
    // the first value of the parameter, percent-decoded (Envoy's QueryParameterMatcher).
    std::vector<HeaderMatch> queryParams;
    std::string cluster; // empty (and no weightedClusters): the route answers directStatus
    // Two or more: each request goes to one of them by weight (cluster is then unused).
    std::vector<WeightedCluster> weightedClusters;
    int directStatus = 0;                  // e.g. 404 or 503 when no destination applies
    std::optional<std::string> directBody; // with directStatus: sent as text/plain
    std::optional<Redirect> redirect;      // answered locally instead of any cluster
    // Unset: Limits::upstreamTimeout. 0: none, Envoy's meaning of 0 and what Istio gives a
    // route whose VirtualService sets no timeout.
    std::optional<std::chrono::milliseconds> timeout;
    RetryPolicy retry;
    std::optional<FaultPolicy> fault;
    std::optional<CorsPolicy> cors; // forwarding routes only, as in Envoy
    std::vector<Mirror> mirrors;    // forwarding routes only
    // Upstream request rewrites. prefixRewrite replaces the matched part of the path: the
    // prefix of a prefix match, the whole path of an exact or regex match (Envoy's meaning).
    std::optional<std::string> prefixRewrite;
    std::optional<RegexRewrite> regexRewrite; // instead of prefixRewrite
    std::string hostRewrite;                  // non-empty: the upstream Host / :authority
    HeaderOperations requestHeaders;          // on the upstream request
    HeaderOperations responseHeaders;         // on the upstream's response
};

struct VirtualHost {
    std::string name;
    std::vector<std::string> domains; // "*", exact, "*.suffix", "prefix.*"; port ignored
    bool requireTls = false;          // Gateway httpsRedirect: answer 301 to https
    std::uint16_t httpsPort = 443;    // the local port the redirect points to
    std::vector<Route> routes;
};

struct RouteTable {
    std::string name;
    std::vector<VirtualHost> virtualHosts;
};

struct Endpoint {
    std::string address; // numeric IP or a name resolved when the config is loaded
    std::uint16_t port = 0;
};

// TLS towards a cluster's endpoints: Istio's ClientTLSSettings (DestinationRule
// trafficPolicy.tls, SIMPLE or MUTUAL) as Istio hands them to Envoy's UpstreamTlsContext:
// TLS 1.2 to 1.3, no ALPN (the engine speaks HTTP/1.1 upstream), the system's trust store
// when no CA is named (VERIFY_CERTIFICATE_AT_CLIENT). HTTP routes only; tunnels stay plain.
struct UpstreamTls {
    // The server name sent. Empty: the upstream request's authority without its port, unless
    // an IP address (Envoy's auto_sni, which Istio turns on when the rule names no sni).
    std::string sni;
    // false: insecureSkipVerify, neither the chain nor a name is checked.
    bool verify = true;
    std::string caCertificatesPem; // empty: the system's default trust store
    // Any must equal a DNS (wildcards as RFC 6125), URI, e-mail or IP SAN of the server's
    // certificate. Empty: the upstream request's authority must (Envoy's auto_san_validation).
    std::vector<std::string> subjectAltNames;
    std::string certificateChainPem; // MUTUAL: the client certificate (and its chain)
    std::string privateKeyPem;       // never logged, redacted in config dumps
};

// How a request picks one of a cluster's endpoints (Envoy's lb_policy). Istio gives every
// cluster LEAST_REQUEST unless a DestinationRule's loadBalancer says otherwise.
enum class LbPolicy {
    RoundRobin,   // in turn (per worker)
    LeastRequest, // of two drawn at random, the one with fewer requests in flight
    Random,
};

struct Cluster {
    std::string name;
    std::vector<Endpoint> endpoints; // empty: requests answer 503
    std::optional<UpstreamTls> tls;  // absent: plain TCP
    LbPolicy lbPolicy = LbPolicy::RoundRobin;
    // DestinationRule connectionPool: tcp.connectTimeout (unset: Limits::connectTimeout) and
    // http.maxRequestsPerConnection (0: no limit; 1: no keep-alive upstream).
    std::optional<std::chrono::milliseconds> connectTimeout;
    std::uint32_t maxRequestsPerConnection = 0;
};

struct Limits {
    std::size_t maxConnections = 100000;
    std::size_t maxRequestHeadersBytes = 60 * 1024; // Envoy's default
    std::size_t maxRequestBodyBytes = 16 * 1024 * 1024;
    std::size_t maxBufferedResponseBytes = 16 * 1024 * 1024; // HTTP/2 streams buffer responses
    std::chrono::milliseconds headerTimeout{10000};
    std::chrono::milliseconds idleTimeout{300000};
    std::chrono::milliseconds upstreamTimeout{15000}; // Envoy's route default
    std::chrono::milliseconds connectTimeout{10000};  // Istio's cluster default
    std::chrono::milliseconds drainTimeout{5000};
    std::uint32_t http2MaxConcurrentStreams = 100;
    std::size_t maxIdleUpstreamPerEndpoint = 256; // per worker
};

struct AccessLog {
    enum class Format { Off, Text, Json };
    Format format = Format::Off;
    std::string path = "-"; // "-" = stdout
};

struct Config {
    std::vector<Listener> listeners;
    std::vector<RouteTable> routeTables;
    std::vector<Cluster> clusters;
    Limits limits;
    AccessLog accessLog;
    std::string adminAddress = "127.0.0.1";
    std::optional<std::uint16_t> adminPort = 15000; // nullopt: no admin listener; 0: OS chooses
};

// The config as JSON, private keys replaced by "[redacted]".
[[nodiscard]] std::string configToJson(const Config &config);

} // namespace gatehouse::gateway
