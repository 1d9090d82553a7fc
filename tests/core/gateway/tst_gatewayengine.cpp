// The engine against real peers: curl, openssl s_client/s_server, sslscan, wrk, nginx.
#include "gatewaytestsupport.h"

#include "gateway/engine.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cstdlib>
#include <thread>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace gatehouse;
using namespace gatehouse::gateway;
using namespace gatehouse::test;

namespace {

// The Kyma policy the seed workspace uses.
const QStringList kKymaCiphers = {"ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES256-GCM-SHA384",
                                  "ECDHE-RSA-AES256-SHA", "ECDHE-RSA-AES128-GCM-SHA256",
                                  "ECDHE-RSA-AES128-SHA"};

// Writes `request` on a plain connection to `port` and reads until the peer closes (10 s at
// most); `closed`, when given, tells whether it did.
QByteArray exchange(std::uint16_t port, const QByteArray &request, bool *closed = nullptr) {
    QTcpSocket sock;
    sock.connectToHost(QHostAddress::LocalHost, port);
    if (!sock.waitForConnected(5000))
        return {};
    sock.write(request);
    QElapsedTimer t;
    t.start();
    QByteArray got;
    while (sock.state() == QAbstractSocket::ConnectedState && t.elapsed() < 10000) {
        sock.waitForReadyRead(200);
        got += sock.readAll();
    }
    got += sock.readAll();
    if (closed)
        *closed = sock.state() != QAbstractSocket::ConnectedState;
    return got;
}

// A plain TCP backend on loopback: each connection gets its first bytes echoed back with
// a prefix, then is closed. Its own thread, so blocking client processes do not stall it.
class TcpEcho {
public:
    ~TcpEcho() { stop(); }
    bool start() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
            ::listen(m_fd, 16) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            return false;
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { loop(); });
        return true;
    }
    void stop() {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    std::uint16_t port() const { return m_port; }
    int accepted() const { return m_accepted.load(); }

private:
    void loop() {
        while (!m_stop) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0)
                continue;
            ++m_accepted;
            pollfd cp{c, POLLIN, 0};
            char buf[4096];
            if (::poll(&cp, 1, 10000) > 0) {
                const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n > 0) {
                    const std::string reply = "echo:" + std::string(buf, std::size_t(n));
                    (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
                }
            }
            ::close(c);
        }
    }
    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_accepted{0};
    std::thread m_thread;
};

// Data rows for a test that runs over HTTP/1.1 and HTTP/2: the column "h2".
void bothProtocols() {
    QTest::addColumn<bool>("h2");
    QTest::newRow("HTTP/1.1") << false;
    QTest::newRow("HTTP/2") << true;
}

} // namespace

class TestGatewayEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void httpsRedirect();
    void proxiesWithForwardingHeaders();
    void notFoundWithoutRoute();
    void upstreamErrors_data();
    void upstreamErrors();
    void refusedConnectRetriedElsewhere();
    void retriableStatusRetriedElsewhere_data() { bothProtocols(); }
    void retriableStatusRetriedElsewhere();
    void mirroredRequests_data() { bothProtocols(); }
    void mirroredRequests();
    void queryCaseAndSchemeMatches_data() { bothProtocols(); }
    void queryCaseAndSchemeMatches();
    void perTryTimeoutRetried_data() { bothProtocols(); }
    void perTryTimeoutRetried();
    void corsPolicy_data() { bothProtocols(); }
    void corsPolicy();
    void faultInjected_data() { bothProtocols(); }
    void faultInjected();
    void pooledUpstreamClosedWhileIdle();
    void leastRequestAvoidsBusyEndpoint();
    void maxRequestsPerConnectionCloses();
    void headerAndBodyLimits();
    void closingAnswerSurvivesUnreadBytes_data();
    void closingAnswerSurvivesUnreadBytes();
    void tlsVersions_data();
    void tlsVersions();
    void policyCiphers_data();
    void policyCiphers();
    void cipherOutsidePolicyRefused();
    void sniSelectsCertificate_data();
    void sniSelectsCertificate();
    void clientWithoutSniRefused();
    void sessionResumedWithTicket();
    void mutualTls();
    void passthroughReachesBackend();
    void originatesTlsUpstream();
    void tlsTerminatedTcpProxy();
    void weightedTcpRouteSplitsConnections();
    void tlsTcpWithoutRouteClosed();
    void http2();
    void weightedDestinationsSplit_data() { bothProtocols(); }
    void weightedDestinationsSplit();
    void weightedDestinationOperations_data() { bothProtocols(); }
    void weightedDestinationOperations();
    void mergedOperationsFollowEnvoysOrder();
    void methodAndAuthorityMatches_data() { bothProtocols(); }
    void methodAndAuthorityMatches();
    void redirectAnsweredLocally_data();
    void redirectAnsweredLocally();
    void rewriteReachesUpstream_data();
    void rewriteReachesUpstream();
    void directResponse_data() { bothProtocols(); }
    void directResponse();
    void headerOperations_data() { bothProtocols(); }
    void headerOperations();
    void headerVariables_data() { bothProtocols(); }
    void headerVariables();
    void sslscanMatchesPolicy();
    void adminEndpoints();
    void accessLogJson();
    void reloadUnderLoadLosesNothing();
    void invalidReloadKeepsOldConfig();
    void portInUseIsAnError();

private:
    std::shared_ptr<Config> makeConfig() const;
    QString https(const QString &host, std::uint16_t port, const QString &path = "/") const {
        return QStringLiteral("https://%1:%2%3").arg(host).arg(port).arg(path);
    }
    QStringList resolve(const QString &host, std::uint16_t port) const {
        return {"--resolve", QStringLiteral("%1:%2:127.0.0.1").arg(host).arg(port)};
    }
    // curl over plain HTTP/1.1 to the http listener, or HTTP/2 over TLS to the https one
    // with `host` as SNI and :authority (it must be under b.example.com's certificate).
    QStringList curlTo(bool h2, const QString &host, const QString &path) const {
        if (!h2)
            return {"-s",
                    "--max-time",
                    "10",
                    "-H",
                    "Host: " + host,
                    QStringLiteral("http://127.0.0.1:%1%2").arg(m_httpPort).arg(path)};
        return QStringList{"-s", "--http2", "--max-time", "10", "--cacert", m_pki->path("ca.crt")} +
               resolve(host, m_httpsPort) + QStringList{https(host, m_httpsPort, path)};
    }
    ProcessResult sClient(const QStringList &extra, std::uint16_t port) {
        QStringList args{"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(port)};
        args += extra;
        return run("openssl", args, 15000, "Q\n");
    }

    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;
    NginxUpstream m_upstream;
    NginxUpstream m_shortIdle;           // closes idle keep-alive connections after 100 ms
    NginxUpstream m_upstreamB;           // the second destination of weighted routes
    std::uint16_t m_headersPort = 0;     // a server of m_upstreamB's that echoes request headers
    std::uint16_t m_unavailablePort = 0; // a server of m_upstreamB's that answers 503
    std::uint16_t m_v6Port = 0;          // a server of m_upstreamB's on [::1]
    Child m_passBackend;
    TcpEcho m_echo;
    TcpEcho m_echoB;        // the weighted tcp route's second destination
    QTcpServer m_blackhole; // accepts (in the kernel) and never answers
    std::uint16_t m_httpPort = 0, m_httpsPort = 0, m_mtlsPort = 0, m_passPort = 0, m_closedPort = 0,
                  m_tlsTcpPort = 0;
    std::unique_ptr<Engine> m_engine;
};

std::shared_ptr<Config> TestGatewayEngine::makeConfig() const {
    auto c = std::make_shared<Config>();
    c->adminPort = 0;
    c->accessLog.format = AccessLog::Format::Json;
    c->accessLog.path = m_dir.filePath("access.log").toStdString();
    c->limits.maxRequestBodyBytes = 1024;
    c->limits.maxRequestHeadersBytes = 8 * 1024;

    c->clusters.push_back({"upstream", {{"127.0.0.1", m_upstream.port()}}});
    c->clusters.push_back({"refused", {{"127.0.0.1", m_closedPort}}});
    c->clusters.push_back({"blackhole", {{"127.0.0.1", m_blackhole.serverPort()}}});
    c->clusters.push_back({"empty", {}});
    c->clusters.push_back({"pass", {{"127.0.0.1", m_passPort}}});
    c->clusters.push_back({"shortidle", {{"127.0.0.1", m_shortIdle.port()}}});

    auto toUpstream = [](const std::string &name, const std::string &cluster) {
        Route r;
        r.name = name;
        r.path = {PathMatch::Kind::Prefix, "/"};
        r.cluster = cluster;
        return r;
    };
    RouteTable http{"http.80", {}};
    VirtualHost redirect{"a-redirect",
                         {"a.example.com", "b.example.com"},
                         true,
                         m_httpsPort,
                         {toUpstream("r", "upstream")}};
    VirtualHost plain{"plain", {"plain.example.com"}, false, 443, {toUpstream("p", "upstream")}};
    VirtualHost v6{"v6", {"v6.example.com"}, false, 443, {toUpstream("v6", "v6")}};
    VirtualHost bad{"bad", {"refused.example.com"}, false, 443, {toUpstream("b", "refused")}};
    Route slowRoute = toUpstream("s", "blackhole");
    slowRoute.timeout = std::chrono::milliseconds(600);
    VirtualHost slow{"slow", {"slow.example.com"}, false, 443, {slowRoute}};
    // Timeout 0: none (Envoy's meaning, Istio's default), not the 3 s of Limits.
    c->limits.upstreamTimeout = std::chrono::milliseconds(3000);
    Route untimedRoute = toUpstream("u", "blackhole");
    untimedRoute.timeout = std::chrono::milliseconds(0);
    VirtualHost untimed{"untimed", {"untimed.example.com"}, false, 443, {untimedRoute}};
    VirtualHost limited{
        "limited", {"limited.example.com"}, false, 443, {toUpstream("l", "blackhole")}};
    VirtualHost none{"none", {"none.example.com"}, false, 443, {toUpstream("n", "empty")}};
    VirtualHost shortIdle{
        "shortidle", {"shortidle.example.com"}, false, 443, {toUpstream("si", "shortidle")}};
    // VirtualService route features: 80/20 split (and a weight-0 destination that must
    // never be chosen), redirects, rewrites and a direct response, on both listeners.
    c->clusters.push_back({"upstream-b", {{"127.0.0.1", m_upstreamB.port()}}});
    Route weighted = toUpstream("w", "");
    weighted.weightedClusters = {{"upstream", 80}, {"upstream-b", 20}, {"refused", 0}};
    auto redirectRoute = [](PathMatch path, Redirect rd) {
        Route r;
        r.name = "redirect " + path.value;
        r.path = std::move(path);
        r.redirect = std::move(rd);
        return r;
    };
    auto rewriteRoute = [&](PathMatch path, std::optional<std::string> prefix,
                            std::optional<RegexRewrite> regex, std::string host) {
        Route r = toUpstream("rewrite " + path.value, "upstream");
        r.path = std::move(path);
        r.prefixRewrite = std::move(prefix);
        r.regexRewrite = std::move(regex);
        r.hostRewrite = std::move(host);
        return r;
    };
    auto redirectWithHeader = [](Route r) {
        r.responseHeaders.add = {{"x-redirected", "yes"}};
        return r;
    };
    Route direct;
    direct.name = "direct";
    direct.path = {PathMatch::Kind::Prefix, "/"};
    direct.directStatus = 418;
    direct.directBody = "short and stout\n";
    Route directEmpty = direct;
    // Envoy applies a route's response header operations to its local answers too.
    direct.responseHeaders.set = {{"content-type", "text/teapot"}};
    direct.responseHeaders.add = {{"x-route", "direct"}, {"x-proto", "%PROTOCOL%"}};
    direct.responseHeaders.remove = {"server"};
    directEmpty.path = {PathMatch::Kind::Exact, "/empty"};
    directEmpty.directStatus = 503;
    directEmpty.directBody = ""; // Istio's directResponse without a body: none, not 503's text
    c->clusters.push_back({"headers", {{"127.0.0.1", m_headersPort}}});
    c->clusters.push_back({"v6", {{"::1", m_v6Port}}});
    c->clusters.push_back(
        {"halfdown", {{"127.0.0.1", m_unavailablePort}, {"127.0.0.1", m_upstream.port()}}});
    Route headers = toUpstream("headers", "headers");
    headers.path = {PathMatch::Kind::Prefix, "/headers"};
    headers.requestHeaders.set = {{"x-set", "new"}};
    headers.requestHeaders.add = {{"x-add", "two"}};
    headers.requestHeaders.remove = {"x-gone"};
    headers.responseHeaders.set = {{"x-upstream-keep", "replaced"}};
    headers.responseHeaders.add = {{"x-route", "added"}};
    headers.responseHeaders.remove = {"x-upstream-drop"};
    // Envoy's %VARIABLE%s in header values (Istio passes them through).
    Route vars = toUpstream("vars", "headers");
    vars.path = {PathMatch::Kind::Prefix, "/vars"};
    vars.requestHeaders.set = {{"x-client", "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"},
                               {"x-proto", "<%PROTOCOL%>"},
                               {"x-pct", "100%%"},
                               {"x-empty", "%REQ(x-missing)%"},
                               {"x-host", "%REQ(:authority)%"},
                               {"x-kept2", "%REQ(x-nothing?x-kept):2%"}};
    vars.responseHeaders.add = {{"x-sni", "%REQUESTED_SERVER_NAME%"},
                                {"x-up", "%UPSTREAM_REMOTE_ADDRESS%"},
                                {"x-unknown", "%NOT_A_VARIABLE%"},
                                {"x-start", "%START_TIME%"},
                                {"x-start-fmt", "%START_TIME(%Y|%s.%3f|%f|%%)%"}};
    // Weighted destinations with operations of their own (Istio's destination headers):
    // applied before the route's; b's authority rewrite too.
    Route wsplit = toUpstream("wsplit", "");
    wsplit.path = {PathMatch::Kind::Prefix, "/wsplit"};
    wsplit.weightedClusters = {{"upstream", 1, {}, {}, {}},
                               {"upstream-b", 1, {}, {}, "b.internal"}};
    wsplit.weightedClusters[0].responseHeaders.add = {{"x-dest", "a"}};
    wsplit.weightedClusters[1].responseHeaders.add = {{"x-dest", "b"}};
    wsplit.weightedClusters[1].responseHeaders.set = {{"x-route", "from-b"}};
    wsplit.responseHeaders.set = {{"x-route", "w"}}; // the route's set comes last and wins
    // Istio's method and authority matches: header matches on :method and :authority.
    Route postOnly = direct;
    postOnly.name = "post only";
    postOnly.path = {PathMatch::Kind::Prefix, "/m"};
    postOnly.headers = {{":method", HeaderMatch::Kind::Exact, "POST", false}};
    postOnly.directStatus = 202;
    postOnly.directBody = "posted\n";
    Route byAuthority = postOnly;
    byAuthority.name = "by authority";
    byAuthority.path = {PathMatch::Kind::Prefix, "/auth"};
    byAuthority.headers = {{":authority", HeaderMatch::Kind::Prefix, "features.", false}};
    byAuthority.directStatus = 203;
    // Statuses: a 503 retried under retryOn 5xx, passed on under Istio's default policy and
    // under one that retries only 500.
    Route retry503 = toUpstream("retry 503", "halfdown");
    retry503.path = {PathMatch::Kind::Prefix, "/retry503"};
    retry503.retry.any5xx = retry503.retry.reset = true;
    Route pass503 = toUpstream("pass 503", "halfdown");
    pass503.path = {PathMatch::Kind::Prefix, "/pass503"};
    Route codes500 = pass503;
    codes500.name = "codes 500";
    codes500.path = {PathMatch::Kind::Prefix, "/codes500"};
    codes500.retry.statusCodes = {500};
    // Envoy's fault filter as Istio configures it: every request aborted, every request
    // held 400 ms, about half aborted, none aborted.
    Route faultAbort = toUpstream("fault abort", "upstream");
    faultAbort.path = {PathMatch::Kind::Prefix, "/fault/abort"};
    faultAbort.fault = FaultPolicy{{}, 0, 429, 1000000};
    Route faultDelay = toUpstream("fault delay", "upstream");
    faultDelay.path = {PathMatch::Kind::Prefix, "/fault/delay"};
    faultDelay.fault = FaultPolicy{std::chrono::milliseconds(400), 1000000, 0, 0};
    Route faultHalf = toUpstream("fault half", "upstream");
    faultHalf.path = {PathMatch::Kind::Prefix, "/fault/half"};
    faultHalf.fault = FaultPolicy{{}, 0, 500, 500000};
    Route faultNever = toUpstream("fault never", "upstream");
    faultNever.path = {PathMatch::Kind::Prefix, "/fault/never"};
    faultNever.fault = FaultPolicy{std::chrono::milliseconds(5000), 0, 500, 0};
    // Envoy's CORS filter as Istio configures it: an exact and a prefix origin, then one that
    // answers unmatched preflights itself and echoes what a preflight asks for.
    Route cors = toUpstream("cors", "headers");
    cors.path = {PathMatch::Kind::Prefix, "/cors"};
    cors.cors = CorsPolicy{{{"origin", HeaderMatch::Kind::Exact, "https://app.example.com", false},
                            {"origin", HeaderMatch::Kind::Prefix, "https://dev.", false}},
                           "GET,POST",
                           "x-custom",
                           "x-upstream-cors",
                           "600",
                           true,
                           true};
    Route corsIgnore = cors;
    corsIgnore.name = "cors ignore";
    corsIgnore.path = {PathMatch::Kind::Prefix, "/cors-ignore"};
    corsIgnore.cors =
        CorsPolicy{{{"origin", HeaderMatch::Kind::Exact, "https://app.example.com", false}},
                   "*",
                   "*",
                   "",
                   "",
                   false,
                   false};
    // A cluster of an endpoint that takes the connection and never answers, and one that
    // answers: perTryTimeout ends the silent try, retried under retryOn 5xx, else a 504.
    c->clusters.push_back(
        {"stalling", {{"127.0.0.1", m_blackhole.serverPort()}, {"127.0.0.1", m_upstream.port()}}});
    Route perTry = toUpstream("per try", "stalling");
    perTry.path = {PathMatch::Kind::Prefix, "/pertry"};
    perTry.timeout = std::chrono::milliseconds(5000);
    perTry.retry.any5xx = perTry.retry.reset = true;
    perTry.retry.perTryTimeout = std::chrono::milliseconds(300);
    Route perTryOnce = perTry;
    perTryOnce.name = "per try once";
    perTryOnce.path = {PathMatch::Kind::Prefix, "/once-per-try"};
    perTryOnce.retry = RetryPolicy{};
    perTryOnce.retry.perTryTimeout = std::chrono::milliseconds(300);
    // Istio's query parameter, withoutHeaders, ignoreUriCase and scheme matches, answered
    // locally with the name of the route that matched.
    auto answer = [](const std::string &body, PathMatch path) {
        Route r;
        r.name = body;
        r.path = std::move(path);
        r.directStatus = 200;
        r.directBody = body + "\n";
        return r;
    };
    Route queryV2 = answer("query v2", {PathMatch::Kind::Exact, "/q"});
    queryV2.queryParams = {{"version", HeaderMatch::Kind::Exact, "v 2", false}};
    Route queryFlag = answer("query flag", {PathMatch::Kind::Exact, "/q"});
    queryFlag.queryParams = {{"flag", HeaderMatch::Kind::Present, "", false},
                             {"id", HeaderMatch::Kind::Regex, "[0-9]+", false}};
    Route queryNone = answer("query none", {PathMatch::Kind::Exact, "/q"});
    Route anyCase = answer("any case", {PathMatch::Kind::Prefix, "/CaseLess/", true});
    Route notDebug = answer("not debug", {PathMatch::Kind::Prefix, "/wo"});
    notDebug.headers = {{"x-debug", HeaderMatch::Kind::Exact, "1", true, true}};
    Route debug = answer("debug", {PathMatch::Kind::Prefix, "/wo"});
    Route secure = answer("secure", {PathMatch::Kind::Prefix, "/scheme"});
    secure.headers = {{":scheme", HeaderMatch::Kind::Exact, "https", false}};
    Route insecure = answer("insecure", {PathMatch::Kind::Prefix, "/scheme"});
    // A route mirrored to the headers server, whose log shows the shadow copies.
    Route mirrored = toUpstream("mirrored", "upstream");
    mirrored.path = {PathMatch::Kind::Prefix, "/mirrored"};
    mirrored.mirrors = {{"headers", 1000000}};
    const std::vector<Route> features = {
        mirrored,
        queryV2,
        queryFlag,
        queryNone,
        anyCase,
        notDebug,
        debug,
        secure,
        insecure,
        perTry,
        perTryOnce,
        corsIgnore,
        cors,
        faultAbort,
        faultDelay,
        faultHalf,
        faultNever,
        retry503,
        pass503,
        codes500,
        postOnly,
        byAuthority,
        headers,
        wsplit,
        vars,
        redirectWithHeader(
            redirectRoute({PathMatch::Kind::Exact, "/old"}, {"", "", "/new", 0, false, 301})),
        redirectRoute({PathMatch::Kind::Prefix, "/moved"},
                      {"https", "other.example.com", "", 8443, false, 308}),
        redirectRoute({PathMatch::Kind::Prefix, "/derive"}, {"", "", "", 0, true, 302}),
        redirectRoute({PathMatch::Kind::Prefix, "/fixed"}, {"", "", "/only?q=2", 0, false, 307}),
        redirectRoute({PathMatch::Kind::Prefix, "/tohttps"}, {"https", "", "", 0, false, 303}),
        rewriteRoute({PathMatch::Kind::Prefix, "/api/"}, "/v2/", std::nullopt,
                     "internal.example.com"),
        rewriteRoute({PathMatch::Kind::Exact, "/exact"}, "/replaced", std::nullopt, ""),
        rewriteRoute({PathMatch::Kind::Prefix, "/regex/"}, std::nullopt,
                     RegexRewrite{"^/regex/([^/]+)/(.*)$", "/\\2/\\1"}, ""),
        directEmpty,
        direct};
    VirtualHost weightedHost{"weighted", {"weighted.example.com"}, false, 443, {weighted}};
    VirtualHost featuresHost{"features", {"features.example.com"}, false, 443, features};
    // One endpoint refuses, one answers: Istio's default retry policy (connect-failure,
    // two retries) moves a refused connect to the other; a route without retries does not.
    c->clusters.push_back(
        {"flaky", {{"127.0.0.1", m_closedPort}, {"127.0.0.1", m_upstream.port()}}});
    Route retried = toUpstream("retried", "flaky");
    Route noRetries = toUpstream("no retries", "flaky");
    noRetries.path = {PathMatch::Kind::Prefix, "/once"};
    noRetries.retry.retries = 0;
    VirtualHost flaky{"flaky", {"flaky.example.com"}, false, 443, {noRetries, retried}};
    http.virtualHosts = {redirect, plain,     bad,          slow,         untimed, limited,
                         none,     shortIdle, weightedHost, featuresHost, flaky,   v6};
    // Least request over a blackhole and nginx; nginx again, one request per connection.
    Cluster leastRequest{
        "least-request",
        {{"127.0.0.1", m_blackhole.serverPort()}, {"127.0.0.1", m_upstream.port()}}};
    leastRequest.lbPolicy = LbPolicy::LeastRequest;
    c->clusters.push_back(leastRequest);
    Cluster once{"once", {{"127.0.0.1", m_upstream.port()}}};
    once.maxRequestsPerConnection = 1;
    c->clusters.push_back(once);
    Route held = toUpstream("lr", "least-request");
    held.timeout = std::chrono::milliseconds(3000);
    held.retry.retries = 0;
    http.virtualHosts.push_back({"lr", {"lr.example.com"}, false, 443, {held}});
    http.virtualHosts.push_back(
        {"once", {"once.example.com"}, false, 443, {toUpstream("once", "once")}});
    c->routeTables.push_back(http);

    RouteTable httpsTable{"https.443", {}};
    httpsTable.virtualHosts.push_back({"ab",
                                       {"a.example.com", "b.example.com", "*"},
                                       false,
                                       443,
                                       {toUpstream("ab", "upstream")}});
    httpsTable.virtualHosts.push_back({"weighted", {"w.b.example.com"}, false, 443, {weighted}});
    httpsTable.virtualHosts.push_back({"features", {"f.b.example.com"}, false, 443, features});
    c->routeTables.push_back(httpsTable);

    TlsSettings kyma;
    kyma.mode = TlsMode::Simple;
    kyma.minVersion = TlsVersion::V1_2;
    for (const QString &cipher : kKymaCiphers)
        kyma.cipherSuites.push_back(cipher.toStdString());

    Listener l80{"http", "127.0.0.1", m_httpPort, 80, false, {}, "http.80"};
    c->listeners.push_back(l80);

    Listener l443{"https", "127.0.0.1", m_httpsPort, 443, true, {}, {}};
    Server a{"a", {"a.example.com"}, kyma, "https.443", {}};
    a.tls->certificateChainPem = m_pki->pem("a.example.com.crt");
    a.tls->privateKeyPem = m_pki->pem("a.example.com.key");
    Server b{"b", {"*.b.example.com", "b.example.com"}, kyma, "https.443", {}};
    b.tls->certificateChainPem = m_pki->pem("b.example.com.crt");
    b.tls->privateKeyPem = m_pki->pem("b.example.com.key");
    TlsSettings pt;
    pt.mode = TlsMode::Passthrough;
    Server pass{"pass", {"pass.example.com"}, pt, {}, {{{"pass.example.com"}, "pass"}}};
    l443.servers = {a, b, pass};
    c->listeners.push_back(l443);

    Listener mtls{"mtls", "127.0.0.1", m_mtlsPort, 9443, true, {}, {}};
    TlsSettings mutual = kyma;
    mutual.mode = TlsMode::Mutual;
    mutual.caCertificatesPem = m_pki->pem("ca.crt");
    mutual.subjectAltNames = {"spiffe://test/client"};
    Server m{"m", {"*"}, mutual, "https.443", {}};
    m.tls->certificateChainPem = m_pki->pem("a.example.com.crt");
    m.tls->privateKeyPem = m_pki->pem("a.example.com.key");
    mtls.servers = {m};
    c->listeners.push_back(mtls);

    // Gateway protocol TLS, SIMPLE: terminated, then TCP to the tcp route's cluster.
    c->clusters.push_back({"echo", {{"127.0.0.1", m_echo.port()}}});
    Listener tlsTcp{"tls-tcp", "127.0.0.1", m_tlsTcpPort, 9000, true, {}, {}};
    TlsSettings simple;
    simple.certificateChainPem = m_pki->pem("tcp.example.com.crt");
    simple.privateKeyPem = m_pki->pem("tcp.example.com.key");
    Server echo{"echo", {"tcp.example.com"}, simple, {}, {}};
    echo.tcpProxy = true;
    echo.tcpCluster = "echo";
    Server noRoute{"noroute", {"none.tcp.example.com"}, simple, {}, {}};
    noRoute.tcpProxy = true; // no tcp route: closed after the handshake
    // A weighted tcp route: each connection draws its destination, 3 to 1.
    c->clusters.push_back({"echo-b", {{"127.0.0.1", m_echoB.port()}}});
    Server split{"split", {"split.tcp.example.com"}, simple, {}, {}};
    split.tcpProxy = true;
    split.tcpWeightedClusters = {{"echo", 3}, {"echo-b", 1}};
    tlsTcp.servers = {echo, noRoute, split};
    c->listeners.push_back(tlsTcp);
    return c;
}

void TestGatewayEngine::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_pki = std::make_unique<TestPki>(m_dir.path());
    QVERIFY(m_pki->createCa());
    QVERIFY(m_pki->createLeaf("a.example.com", "DNS:a.example.com"));
    QVERIFY(m_pki->createLeaf("b.example.com", "DNS:b.example.com,DNS:*.b.example.com"));
    QVERIFY(m_pki->createLeaf("pass.example.com", "DNS:pass.example.com"));
    QVERIFY(m_pki->createLeaf("tcp.example.com", "DNS:tcp.example.com,DNS:*.tcp.example.com"));
    QVERIFY(m_echo.start());
    QVERIFY(m_echoB.start());
    QVERIFY(m_pki->createLeaf("client", "URI:spiffe://test/client", true));
    QVERIFY(m_pki->createLeaf("stranger", "URI:spiffe://test/stranger", true));

    QDir().mkpath(m_dir.filePath("nginx"));
    QVERIFY(m_upstream.start(m_dir.filePath("nginx"), freePort(), "upstream-a"));
    QDir().mkpath(m_dir.filePath("nginx-short"));
    QVERIFY(m_shortIdle.start(m_dir.filePath("nginx-short"), freePort(), "upstream-short",
                              " keepalive_timeout 100ms;\n"));
    QDir().mkpath(m_dir.filePath("nginx-b"));
    m_headersPort = freePort();
    m_unavailablePort = freePort();
    m_v6Port = freePort();
    const QByteArray headersServer =
        " log_format shadow \"$host $request_method $request_uri $request_length\";\n"
        " server { listen 127.0.0.1:" +
        QByteArray::number(m_headersPort) +
        ";\n  location / { add_header x-upstream-drop dropped; add_header x-upstream-keep kept;\n"
        "   return 200 \"headers x-set=$http_x_set x-add=$http_x_add x-gone=$http_x_gone "
        "x-kept=$http_x_kept\\n\"; }\n"
        "  location /mirrored { access_log " +
        m_dir.filePath("mirror.log").toUtf8() +
        " shadow; return 200 \"mirror\\n\"; }\n"
        "  location /cors { add_header access-control-allow-origin upstream-says;\n"
        "   add_header x-upstream-cors seen;\n"
        "   return 200 \"cors method=$request_method origin=$http_origin\\n\"; }\n"
        "  location /vars { return 200 \"vars x-client=$http_x_client x-proto=$http_x_proto "
        "x-pct=$http_x_pct x-empty=[$http_x_empty] x-host=$http_x_host "
        "x-kept2=$http_x_kept2\\n\"; }\n }\n"
        " server { listen 127.0.0.1:" +
        QByteArray::number(m_unavailablePort) +
        ";\n  location / { return 503 \"down\\n\"; }\n }\n"
        " server { listen [::1]:" +
        QByteArray::number(m_v6Port) + ";\n  location / { return 200 \"over ipv6\\n\"; }\n }\n";
    QVERIFY(m_upstreamB.start(m_dir.filePath("nginx-b"), freePort(), "upstream-b", headersServer));
    QVERIFY(waitForPort(m_headersPort));
    QVERIFY(waitForPort(m_unavailablePort));
    QVERIFY(m_blackhole.listen(QHostAddress::LocalHost, 0));
    m_blackhole.pauseAccepting();
    m_closedPort = freePort();

    m_passPort = freePort();
    QVERIFY(
        m_passBackend.start("openssl", {"s_server", "-accept", QString::number(m_passPort), "-cert",
                                        m_pki->path("pass.example.com.crt"), "-key",
                                        m_pki->path("pass.example.com.key"), "-www", "-quiet"}));
    QVERIFY(waitForPort(m_passPort));

    m_httpPort = freePort();
    m_httpsPort = freePort();
    m_mtlsPort = freePort();
    m_tlsTcpPort = freePort();
    m_engine = Engine::create({2});
    auto started = m_engine->start(makeConfig());
    QVERIFY2(started.has_value(), started ? "" : started.error().toString().c_str());
    QCOMPARE(m_engine->listeningAddresses().size(), std::size_t(4));
}

void TestGatewayEngine::cleanupTestCase() {
    if (m_engine)
        m_engine->stop(std::chrono::milliseconds(2000));
    m_passBackend.stop();
    m_echo.stop();
    m_echoB.stop();
}

void TestGatewayEngine::httpsRedirect() {
    const auto r =
        run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "--max-time",
                     "10", "-H", "Host: a.example.com",
                     QStringLiteral("http://127.0.0.1:%1/some/path?x=1&y=2").arg(m_httpPort)});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out),
             QStringLiteral("301 https://a.example.com:%1/some/path?x=1&y=2").arg(m_httpsPort));
}

void TestGatewayEngine::proxiesWithForwardingHeaders() {
    const auto r = run("curl", {"-s", "--max-time", "10", "-H", "Host: plain.example.com", "-H",
                                "X-Forwarded-For: 203.0.113.7", "-H",
                                "Connection: keep-alive, X-Drop", "-H", "X-Drop: secret",
                                QStringLiteral("http://127.0.0.1:%1/echo?q=1").arg(m_httpPort)});
    QCOMPARE(r.exitCode, 0);
    const QString body = QString::fromUtf8(r.out);
    QVERIFY2(body.startsWith("upstream-a host=plain.example.com "), qPrintable(body));
    QVERIFY2(body.contains("xff=203.0.113.7, 127.0.0.1 "), qPrintable(body));
    QVERIFY2(body.contains("xfp=http "), qPrintable(body));
    QVERIFY2(body.contains(QRegularExpression(
                 "rid=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} ")),
             qPrintable(body));
    QVERIFY2(body.contains("uri=/echo?q=1"), qPrintable(body));

    const auto tls = run("curl", QStringList{"-s", "--max-time", "10", "--cacert",
                                             m_pki->path("ca.crt"), "--http1.1"} +
                                     resolve("a.example.com", m_httpsPort) +
                                     QStringList{https("a.example.com", m_httpsPort, "/tls")});
    QCOMPARE(tls.exitCode, 0);
    QVERIFY2(tls.out.contains("xfp=https "), tls.out.constData());
}

void TestGatewayEngine::notFoundWithoutRoute() {
    const auto r = run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10",
                                "-H", "Host: unknown.example.org",
                                QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)});
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("404"));
}

void TestGatewayEngine::upstreamErrors_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("status");
    QTest::newRow("connection refused") << "refused.example.com"
                                        << "502";
    QTest::newRow("no answer before the route timeout") << "slow.example.com"
                                                        << "504";
    QTest::newRow("no endpoints") << "none.example.com"
                                  << "503";
    QTest::newRow("no answer before the limit's timeout") << "limited.example.com"
                                                          << "504";
    // Timeout 0 is none: still waiting when curl gives up at 5 s, past the 3 s limit.
    QTest::newRow("no timeout") << "untimed.example.com"
                                << "000";
}

void TestGatewayEngine::upstreamErrors() {
    QFETCH(QString, host);
    QFETCH(QString, status);
    QElapsedTimer t;
    t.start();
    const auto r = run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time",
                                status == "000" ? "5" : "10", "-H", "Host: " + host,
                                QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)});
    QCOMPARE(QString::fromUtf8(r.out), status);
    if (status == "504")
        QVERIFY2(t.elapsed() >= (host.startsWith("limited") ? 2900 : 500),
                 "the timeout fired early");
    if (status == "000")
        QCOMPARE(r.exitCode, 28); // curl's own timeout
}

void TestGatewayEngine::refusedConnectRetriedElsewhere() {
    // 20 requests, each on its own connection to the engine (curl --no-keepalive): with
    // retries every one reaches the endpoint that answers; without, the round robin sends
    // some to the refused one (all 20 spared: one chance in a million).
    const auto before = m_engine->stats().upstreamRetries;
    auto statuses = [&](const QString &path) {
        QStringList args{"-s", "--no-keepalive", "--max-time", "10",
                         "-w", "%{http_code}\n", "-H",         "Host: flaky.example.com"};
        for (int i = 0; i < 20; ++i)
            args += QStringList{"-o", "/dev/null",
                                QStringLiteral("http://127.0.0.1:%1%2").arg(m_httpPort).arg(path)};
        return QString::fromUtf8(run("curl", args, 60000).out);
    };
    QCOMPARE(statuses("/"), QStringLiteral("200\n").repeated(20));
    QVERIFY(m_engine->stats().upstreamRetries > before);
    const QString once = statuses("/once");
    QCOMPARE(int(once.count("200\n")) + int(once.count("502\n")), 20);
    QVERIFY2(once.contains("502\n"), qPrintable(once));
}

void TestGatewayEngine::retriableStatusRetriedElsewhere() {
    // A cluster of an endpoint that answers 503 and one that answers 200, 20 requests on one
    // connection (one worker, whose round robin alternates): under retryOn 5xx every 503 is
    // retried on the other endpoint, a POST with its body too; under Istio's default policy,
    // or one that retries only 500, every other request gets the 503.
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    auto statuses = [&](const QString &path, const QStringList &extra = {}) {
        QStringList args = curlTo(h2, host, path);
        const QString url = args.takeLast();
        args += extra + QStringList{"-w", "%{http_code}\n"};
        for (int i = 0; i < 20; ++i)
            args += QStringList{"-o", "/dev/null", url};
        return QString::fromUtf8(run("curl", args, 60000).out);
    };
    const auto before = m_engine->stats().upstreamRetries;
    QCOMPARE(statuses("/retry503"), QStringLiteral("200\n").repeated(20));
    QVERIFY(m_engine->stats().upstreamRetries >= before + 10);
    QCOMPARE(statuses("/retry503", {"--data-binary", "a body to send again"}),
             QStringLiteral("200\n").repeated(20));
    for (const QString path : {"/pass503", "/codes500"}) {
        const QString out = statuses(path);
        QCOMPARE(int(out.count("200\n")) + int(out.count("503\n")), 20);
        QVERIFY2(int(out.count("503\n")) >= 9, qPrintable(path + ": " + out));
    }
}

void TestGatewayEngine::mirroredRequests() {
    // The client gets the primary's answer; the mirror gets a copy, host "-shadow"ed (before
    // the port HTTP/2's authority carries), body included.
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    const QString path = QStringLiteral("/mirrored/%1").arg(h2 ? "h2" : "h1");
    const auto before = m_engine->stats().mirrorRequests;
    QStringList args = curlTo(h2, host, path);
    const QString url = args.takeLast();
    args += {"-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "twelve bytes", url};
    QCOMPARE(QString::fromUtf8(run("curl", args).out), QStringLiteral("200"));
    const QString log = m_dir.filePath("mirror.log");
    QElapsedTimer t;
    t.start();
    QByteArray seen;
    while (t.elapsed() < 5000 && !seen.contains(path.toUtf8())) {
        QThread::msleep(50);
        seen = readFile(log);
    }
    const QByteArray line = host.toUtf8() + "-shadow POST " + path.toUtf8() + " ";
    QVERIFY2(seen.contains(line), seen.constData());
    QCOMPARE(m_engine->stats().mirrorRequests, before + 1);
}

void TestGatewayEngine::queryCaseAndSchemeMatches() {
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    auto body = [&](const QString &path, const QStringList &extra = {}) {
        QStringList args = curlTo(h2, host, path);
        const QString url = args.takeLast();
        return QString::fromUtf8(run("curl", args + extra + QStringList{url}).out).trimmed();
    };
    // Query parameters: the first value, percent-decoded; presence; a regex; else none.
    QCOMPARE(body("/q?version=v%202"), QStringLiteral("query v2"));
    QCOMPARE(body("/q?a=1&version=v%202&version=v3"), QStringLiteral("query v2"));
    QCOMPARE(body("/q?version=v3&version=v%202"), QStringLiteral("query none"));
    QCOMPARE(body("/q?id=42&flag"), QStringLiteral("query flag"));
    QCOMPARE(body("/q?id=4x&flag"), QStringLiteral("query none"));
    QCOMPARE(body("/q?flagged=1&id=7"), QStringLiteral("query none"));
    QCOMPARE(body("/q"), QStringLiteral("query none"));
    // ignoreUriCase: the prefix in any case.
    QCOMPARE(body("/caseless/x"), QStringLiteral("any case"));
    QCOMPARE(body("/CASELESS/x"), QStringLiteral("any case"));
    // withoutHeaders: a missing header, or another value, passes; x-debug: 1 does not.
    QCOMPARE(body("/wo"), QStringLiteral("not debug"));
    QCOMPARE(body("/wo", {"-H", "x-debug: 0"}), QStringLiteral("not debug"));
    QCOMPARE(body("/wo", {"-H", "x-debug: 1"}), QStringLiteral("debug"));
    // :scheme: https over TLS (HTTP/2 here), http on the plain listener.
    QCOMPARE(body("/scheme"), h2 ? QStringLiteral("secure") : QStringLiteral("insecure"));
}

void TestGatewayEngine::perTryTimeoutRetried() {
    // Six requests on one connection (one worker, whose round robin alternates): every other
    // try meets the endpoint that never answers. Its 300 ms perTryTimeout ends it well within
    // the route's 5 s: retried under retryOn 5xx, a 504 under Istio's default policy.
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    auto statuses = [&](const QString &path) {
        QStringList args = curlTo(h2, host, path);
        const QString url = args.takeLast();
        args += QStringList{"-w", "%{http_code}\n"};
        for (int i = 0; i < 6; ++i)
            args += QStringList{"-o", "/dev/null", url};
        return QString::fromUtf8(run("curl", args, 60000).out);
    };
    QElapsedTimer t;
    t.start();
    const auto before = m_engine->stats().upstreamRetries;
    QCOMPARE(statuses("/pertry"), QStringLiteral("200\n").repeated(6));
    QVERIFY(m_engine->stats().upstreamRetries >= before + 2);
    QVERIFY2(t.elapsed() < 4500, qPrintable(QString::number(t.elapsed())));
    t.restart();
    const QString once = statuses("/once-per-try");
    QCOMPARE(int(once.count("200\n")) + int(once.count("504\n")), 6);
    QVERIFY2(once.count("504\n") >= 2, qPrintable(once));
    QVERIFY2(t.elapsed() < 4500, qPrintable(QString::number(t.elapsed())));
}

void TestGatewayEngine::corsPolicy() {
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    auto get = [&](const QString &path, const QStringList &extra) {
        QStringList args = curlTo(h2, host, path);
        const QString url = args.takeLast();
        args += extra + QStringList{"-D", "-", url};
        const auto r = run("curl", args);
        return QString::fromUtf8(r.out);
    };
    auto field = [](const QString &out, const QString &name) {
        const QRegularExpression re("\r\n" + QRegularExpression::escape(name) + ": ([^\r]*)\r\n",
                                    QRegularExpression::CaseInsensitiveOption);
        QStringList values;
        for (auto it = re.globalMatch(out); it.hasNext();)
            values << it.next().captured(1);
        return values;
    };
    const QString ok = h2 ? "HTTP/2 200" : "HTTP/1.1 200";

    // An allowed origin: the upstream's allow-origin replaced, credentials and exposed fields.
    QString out = get("/cors", {"-H", "Origin: https://app.example.com"});
    QVERIFY2(out.startsWith(ok), qPrintable(out));
    QVERIFY2(out.endsWith("cors method=GET origin=https://app.example.com\n"), qPrintable(out));
    QCOMPARE(field(out, "access-control-allow-origin"), QStringList{"https://app.example.com"});
    QCOMPARE(field(out, "access-control-allow-credentials"), QStringList{"true"});
    QCOMPARE(field(out, "access-control-expose-headers"), QStringList{"x-upstream-cors"});
    QCOMPARE(field(out, "x-upstream-cors"), QStringList{"seen"});
    // Another origin, or none: the response as the upstream gave it.
    for (const QStringList &extra :
         {QStringList{"-H", "Origin: https://evil.example.com"}, QStringList{}}) {
        out = get("/cors", extra);
        QCOMPARE(field(out, "access-control-allow-origin"), QStringList{"upstream-says"});
        QVERIFY2(field(out, "access-control-allow-credentials").isEmpty(), qPrintable(out));
    }

    // A preflight from an allowed origin (the prefix one) is answered here, with no body.
    const QStringList preflight{"-X", "OPTIONS",
                                "-H", "Access-Control-Request-Method: PUT",
                                "-H", "Access-Control-Request-Headers: x-a, x-b"};
    out = get("/cors", preflight + QStringList{"-H", "Origin: https://dev.example.com"});
    QVERIFY2(out.startsWith(ok), qPrintable(out));
    QVERIFY2(out.endsWith("\r\n\r\n"), qPrintable(out));
    QCOMPARE(field(out, "access-control-allow-origin"), QStringList{"https://dev.example.com"});
    QCOMPARE(field(out, "access-control-allow-methods"), QStringList{"GET,POST"});
    QCOMPARE(field(out, "access-control-allow-headers"), QStringList{"x-custom"});
    QCOMPARE(field(out, "access-control-max-age"), QStringList{"600"});
    QCOMPARE(field(out, "access-control-allow-credentials"), QStringList{"true"});
    QCOMPARE(field(out, "access-control-expose-headers"), QStringList{"x-upstream-cors"});
    QVERIFY2(field(out, "x-upstream-cors").isEmpty(), qPrintable(out));
    // From another origin it goes upstream (Istio's default, unmatchedPreflights FORWARD)...
    out = get("/cors", preflight + QStringList{"-H", "Origin: https://evil.example.com"});
    QVERIFY2(out.endsWith("cors method=OPTIONS origin=https://evil.example.com\n"),
             qPrintable(out));
    QVERIFY2(field(out, "access-control-allow-methods").isEmpty(), qPrintable(out));
    // ... or under IGNORE is answered here without an allowed origin; "*" echoes the request.
    out = get("/cors-ignore", preflight + QStringList{"-H", "Origin: https://evil.example.com"});
    QVERIFY2(out.startsWith(ok) && out.endsWith("\r\n\r\n"), qPrintable(out));
    QVERIFY2(field(out, "access-control-allow-origin").isEmpty(), qPrintable(out));
    QCOMPARE(field(out, "access-control-allow-methods"), QStringList{"PUT"});
    QCOMPARE(field(out, "access-control-allow-headers"), QStringList{"x-a, x-b"});
    // An OPTIONS without Access-Control-Request-Method is no preflight: it goes upstream.
    out = get("/cors", {"-X", "OPTIONS", "-H", "Origin: https://app.example.com"});
    QVERIFY2(out.endsWith("cors method=OPTIONS origin=https://app.example.com\n"), qPrintable(out));
    QCOMPARE(field(out, "access-control-allow-origin"), QStringList{"https://app.example.com"});
}

void TestGatewayEngine::faultInjected() {
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    // Abort: Envoy's local reply, the route's status and "fault filter abort".
    const auto abortsBefore = m_engine->stats().faultAborts;
    QStringList abort = curlTo(h2, host, "/fault/abort");
    abort += {"-D", "-"};
    const auto aborted = run("curl", abort);
    QCOMPARE(aborted.exitCode, 0);
    const QString out = QString::fromUtf8(aborted.out);
    QVERIFY2(out.startsWith(h2 ? "HTTP/2 429" : "HTTP/1.1 429"), qPrintable(out));
    QVERIFY2(out.contains("content-type: text/plain\r\n", Qt::CaseInsensitive), qPrintable(out));
    QVERIFY2(out.endsWith("\r\n\r\nfault filter abort"), qPrintable(out));
    QCOMPARE(m_engine->stats().faultAborts, abortsBefore + 1);

    // Delay: the request still reaches the upstream, 400 ms later.
    const auto delaysBefore = m_engine->stats().faultDelays;
    QStringList delay = curlTo(h2, host, "/fault/delay");
    const QString url = delay.takeLast();
    delay += {"-o", "/dev/null", "-w", "%{http_code} %{time_total}", url};
    const auto delayed = run("curl", delay);
    const QStringList got = QString::fromUtf8(delayed.out).split(' ');
    QCOMPARE(got.value(0), QStringLiteral("200"));
    QVERIFY2(got.value(1).toDouble() >= 0.4, qPrintable(QString::fromUtf8(delayed.out)));
    QCOMPARE(m_engine->stats().faultDelays, delaysBefore + 1);

    // Shares: about half of 40 requests aborted; none at 0 % (its 5 s delay never drawn).
    auto statuses = [&](const QString &path, int n) {
        QStringList args = curlTo(h2, host, path);
        const QString u = args.takeLast();
        args += QStringList{"-w", "%{http_code}\n"};
        for (int i = 0; i < n; ++i)
            args += QStringList{"-o", "/dev/null", u};
        return QString::fromUtf8(run("curl", args, 60000).out);
    };
    const QString half = statuses("/fault/half", 40);
    QCOMPARE(int(half.count("200\n")) + int(half.count("500\n")), 40);
    QVERIFY2(half.count("500\n") >= 5 && half.count("200\n") >= 5, qPrintable(half));
    QElapsedTimer never;
    never.start();
    QCOMPARE(statuses("/fault/never", 10), QStringLiteral("200\n").repeated(10));
    QVERIFY(never.elapsed() < 5000);
}

void TestGatewayEngine::pooledUpstreamClosedWhileIdle() {
    // One downstream connection (so one worker and its pool), requests 330 ms apart: each
    // finds the pooled upstream connection closed by nginx in between, and must still pass.
    const QString url = QStringLiteral("http://127.0.0.1:%1/idle").arg(m_httpPort);
    QStringList args{"-s",         "-w", "%{http_code}\n",
                     "--max-time", "20", "--rate",
                     "3/s",        "-H", "Host: shortidle.example.com"};
    for (int i = 0; i < 4; ++i)
        args += QStringList{"-o", "/dev/null", url};
    const auto r = run("curl", args);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("200\n200\n200\n200\n"));
}

void TestGatewayEngine::leastRequestAvoidsBusyEndpoint() {
    // Two endpoints, one of which never answers. Once a request is held there, least request
    // (two drawn of two: always the one with fewer in flight) sends every other one to nginx;
    // round robin would send every second one into the hole (504 after 3 s).
    const QStringList args{"-s",
                           "-o",
                           "/dev/null",
                           "-w",
                           "%{http_code}",
                           "--max-time",
                           "10",
                           "-H",
                           "Host: lr.example.com",
                           QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)};
    QProcess held;
    for (int i = 0; i < 20; ++i) { // the first request goes to either endpoint
        held.start("curl", args);
        QVERIFY(held.waitForStarted(5000));
        if (!held.waitForFinished(400))
            break;
        QCOMPARE(QString::fromUtf8(held.readAllStandardOutput()), QStringLiteral("200"));
    }
    QCOMPARE(held.state(), QProcess::Running);
    for (int i = 0; i < 12; ++i)
        QCOMPARE(QString::fromUtf8(run("curl", args).out), QStringLiteral("200"));
    QVERIFY(held.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(held.readAllStandardOutput()), QStringLiteral("504"));
}

void TestGatewayEngine::maxRequestsPerConnectionCloses() {
    // maxRequestsPerConnection 1: three requests on one downstream connection, three upstream
    // connections, none pooled.
    const auto before = m_engine->stats();
    QStringList args{"-s", "-w", "%{http_code}\n",        "--max-time",
                     "10", "-H", "Host: once.example.com"};
    for (int i = 0; i < 3; ++i)
        args +=
            QStringList{"-o", "/dev/null", QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)};
    QCOMPARE(QString::fromUtf8(run("curl", args).out), QStringLiteral("200\n200\n200\n"));
    const auto after = m_engine->stats();
    QCOMPARE(after.upstreamConnects, before.upstreamConnects + 3);
    QCOMPARE(after.upstreamReused, before.upstreamReused);
}

void TestGatewayEngine::headerAndBodyLimits() {
    const QString big(10 * 1024, 'x');
    const auto headers = run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time",
                                      "10", "-H", "Host: plain.example.com", "-H", "X-Big: " + big,
                                      QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)});
    QCOMPARE(QString::fromUtf8(headers.out), QStringLiteral("431"));

    const QString bodyFile = m_dir.filePath("body.bin");
    QVERIFY(writeFile(bodyFile, QByteArray(4096, 'b')));
    const auto body =
        run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-H",
                     "Host: plain.example.com", "--data-binary", "@" + bodyFile,
                     QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)});
    QCOMPARE(QString::fromUtf8(body.out), QStringLiteral("413"));

    // Under the limit the body goes through.
    QVERIFY(writeFile(bodyFile, QByteArray(512, 'b')));
    const auto small =
        run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-H",
                     "Host: plain.example.com", "--data-binary", "@" + bodyFile,
                     QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)});
    QCOMPARE(QString::fromUtf8(small.out), QStringLiteral("200"));
}

void TestGatewayEngine::closingAnswerSurvivesUnreadBytes_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("bodyPart");
    QTest::newRow("local reply") << "/anything"
                                 << "418"
                                 << "short and stout\n";
    QTest::newRow("upstream answer") << "/api/users"
                                     << "200"
                                     << "uri=/v2/users";
}

void TestGatewayEngine::closingAnswerSurvivesUnreadBytes() {
    // The answer to a `Connection: close` request leaves with its FIN (MSG_MORE). Bytes the
    // client sent after the request stay unread and turn the close into a reset, which must
    // not take the held-back answer with it.
    QFETCH(QString, path);
    QFETCH(QString, status);
    QFETCH(QString, bodyPart);
    bool closed = false;
    const QByteArray got =
        exchange(m_httpPort,
                 "GET " + path.toUtf8() +
                     " HTTP/1.1\r\nHost: features.example.com\r\nConnection: close\r\n\r\n" +
                     QByteArray(512 * 1024, 'x'),
                 &closed);
    QVERIFY2(closed, "the engine kept the connection");
    QVERIFY2(got.startsWith("HTTP/1.1 " + status.toUtf8()), got.left(300).constData());
    QVERIFY2(got.contains("connection: close\r\n"), got.left(600).constData());
    QVERIFY2(got.contains(bodyPart.toUtf8()), got.constData());
}

void TestGatewayEngine::tlsVersions_data() {
    QTest::addColumn<QString>("flag");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("TLS 1.0 refused") << "-tls1" << false;
    QTest::newRow("TLS 1.1 refused") << "-tls1_1" << false;
    QTest::newRow("TLS 1.2 accepted") << "-tls1_2" << true;
    QTest::newRow("TLS 1.3 accepted") << "-tls1_3" << true;
}

void TestGatewayEngine::tlsVersions() {
    QFETCH(QString, flag);
    QFETCH(bool, accepted);
    QStringList args{"-servername", "a.example.com", flag};
    if (flag == "-tls1" || flag == "-tls1_1")
        args += {"-cipher", "DEFAULT:@SECLEVEL=0"}; // let the client try at all
    const auto r = sClient(args, m_httpsPort);
    const bool handshook =
        r.exitCode == 0 && r.out.contains("Cipher is ") && !r.out.contains("Cipher is (NONE)");
    QVERIFY2(handshook == accepted, r.out.left(600).constData());
}

void TestGatewayEngine::policyCiphers_data() {
    QTest::addColumn<QString>("cipher");
    for (const QString &c : kKymaCiphers)
        QTest::newRow(qPrintable(c)) << c;
}

void TestGatewayEngine::policyCiphers() {
    QFETCH(QString, cipher);
    const auto r =
        sClient({"-servername", "a.example.com", "-tls1_2", "-cipher", cipher}, m_httpsPort);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(("Cipher is " + cipher).toUtf8()), r.out.left(600).constData());
}

void TestGatewayEngine::cipherOutsidePolicyRefused() {
    for (const QString &cipher :
         {QStringLiteral("ECDHE-RSA-AES256-SHA384"), QStringLiteral("AES128-GCM-SHA256")}) {
        const auto r =
            sClient({"-servername", "a.example.com", "-tls1_2", "-cipher", cipher}, m_httpsPort);
        QVERIFY2(r.exitCode != 0 || r.out.contains("Cipher is (NONE)"), qPrintable(cipher));
    }
}

void TestGatewayEngine::sniSelectsCertificate_data() {
    QTest::addColumn<QString>("sni");
    QTest::addColumn<QString>("subject");
    QTest::newRow("exact a") << "a.example.com"
                             << "CN = a.example.com";
    QTest::newRow("exact b") << "b.example.com"
                             << "CN = b.example.com";
    QTest::newRow("wildcard under b") << "x.y.b.example.com"
                                      << "CN = b.example.com";
}

void TestGatewayEngine::sniSelectsCertificate() {
    QFETCH(QString, sni);
    QFETCH(QString, subject);
    const auto r = sClient({"-servername", sni}, m_httpsPort);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(("subject=" + subject).toUtf8()), r.out.left(800).constData());
}

void TestGatewayEngine::sessionResumedWithTicket() {
    // Envoy resumes sessions with stateless tickets unless told not to; so do we, and the
    // resumption is counted. openssl s_client keeps the ticket and offers it again.
    const QString session = m_dir.filePath("session.pem");
    const QByteArray request = "GET / HTTP/1.1\r\nHost: a.example.com\r\nConnection: close\r\n\r\n";
    const QStringList common{
        "s_client",    "-connect",      QStringLiteral("127.0.0.1:%1").arg(m_httpsPort),
        "-servername", "a.example.com", "-ign_eof"};
    const auto first = run("openssl", common + QStringList{"-sess_out", session}, 15000, request);
    QVERIFY2(first.out.contains("New, TLSv1.3"), first.out.left(800).constData());
    QVERIFY2(first.out.contains("HTTP/1.1 200"), first.out.right(400).constData());
    const auto before = m_engine->stats().handshakesResumed;
    const auto second = run("openssl", common + QStringList{"-sess_in", session}, 15000, request);
    QVERIFY2(second.out.contains("Reused, TLSv1.3"), second.out.left(800).constData());
    QVERIFY2(second.out.contains("HTTP/1.1 200"), second.out.right(400).constData());
    QCOMPARE(m_engine->stats().handshakesResumed, before + 1);
}

void TestGatewayEngine::clientWithoutSniRefused() {
    // Istio's Envoy matches filter chains by server_names; with no "*" server on the port a
    // client without SNI matches none and the connection closes before any certificate.
    const auto r = sClient({"-noservername"}, m_httpsPort);
    QVERIFY(!r.out.contains("subject="));
    // With a "*" server (the mTLS port) a client without SNI is served.
    const auto star = sClient(
        {"-noservername", "-cert", m_pki->path("client.crt"), "-key", m_pki->path("client.key")},
        m_mtlsPort);
    QVERIFY2(star.out.contains("subject=CN = a.example.com"), star.out.left(600).constData());
    // The chain goes out as configured (here the leaf alone), as Envoy sends it: OpenSSL
    // must not add the issuer it finds among the server's client CAs.
    const auto chain = sClient({"-noservername", "-showcerts", "-cert", m_pki->path("client.crt"),
                                "-key", m_pki->path("client.key")},
                               m_mtlsPort);
    QCOMPARE(chain.out.count("-----BEGIN CERTIFICATE-----"), qsizetype(1));
}

void TestGatewayEngine::mutualTls() {
    const QStringList base =
        QStringList{"-s", "-o",       "/dev/null",          "-w", "%{http_code}", "--max-time",
                    "10", "--cacert", m_pki->path("ca.crt")} +
        resolve("a.example.com", m_mtlsPort);
    const QString url = https("a.example.com", m_mtlsPort);
    const auto with = run("curl", base + QStringList{"--cert", m_pki->path("client.crt"), "--key",
                                                     m_pki->path("client.key"), url});
    QCOMPARE(QString::fromUtf8(with.out), QStringLiteral("200"));
    const auto without = run("curl", base + QStringList{url});
    QVERIFY(without.exitCode != 0);
    QCOMPARE(QString::fromUtf8(without.out), QStringLiteral("000"));
    // Signed by the CA, but its SAN is not in subjectAltNames.
    const auto stranger =
        run("curl", base + QStringList{"--cert", m_pki->path("stranger.crt"), "--key",
                                       m_pki->path("stranger.key"), url});
    QVERIFY(stranger.exitCode != 0);
}

void TestGatewayEngine::originatesTlsUpstream() {
    // DestinationRule tls towards nginx over TLS, on an engine of its own: SNI and the peer
    // name from the request's authority (Envoy's auto_sni and auto_san_validation) or fixed,
    // a CA to trust or none to check, MUTUAL with a client certificate, pooled connections.
    QVERIFY(m_pki->createLeaf("up.example.com", "DNS:up.example.com,DNS:*.wild.example.com"));
    TestPki other(m_dir.filePath("other-ca"));
    QVERIFY(QDir().mkpath(m_dir.filePath("other-ca")));
    QVERIFY(other.createCa());
    const std::uint16_t simplePort = freePort(), mutualPort = freePort();
    const QByteArray certs = "  ssl_certificate " + m_pki->path("up.example.com.crt").toUtf8() +
                             ";\n  ssl_certificate_key " +
                             m_pki->path("up.example.com.key").toUtf8() + ";\n";
    const QByteArray echo =
        "  location / { return 200 \"tls sni=$ssl_server_name "
        "client=$ssl_client_s_dn verify=$ssl_client_verify host=$host\\n\"; }\n";
    const QByteArray servers =
        " server { listen 127.0.0.1:" + QByteArray::number(simplePort) + " ssl;\n" + certs + echo +
        " }\n server { listen 127.0.0.1:" + QByteArray::number(mutualPort) + " ssl;\n" + certs +
        "  ssl_verify_client on; ssl_client_certificate " + m_pki->path("ca.crt").toUtf8() + ";\n" +
        echo + " }\n";
    NginxUpstream tlsUpstream;
    QDir().mkpath(m_dir.filePath("nginx-tls"));
    QVERIFY(tlsUpstream.start(m_dir.filePath("nginx-tls"), freePort(), "plain", servers));
    QVERIFY(waitForPort(simplePort));
    QVERIFY(waitForPort(mutualPort));

    auto c = std::make_shared<Config>();
    c->adminPort = std::nullopt;
    const std::string ca = m_pki->pem("ca.crt");
    auto cluster = [&](const std::string &name, std::uint16_t port, UpstreamTls tls) {
        c->clusters.push_back({name, {{"127.0.0.1", port}}, std::move(tls)});
    };
    UpstreamTls automatic;
    automatic.caCertificatesPem = ca;
    cluster("auto", simplePort, automatic);
    UpstreamTls fixed = automatic;
    fixed.sni = "up.example.com";
    fixed.subjectAltNames = {"up.example.com"};
    cluster("fixed", simplePort, fixed);
    UpstreamTls wrongSan = fixed;
    wrongSan.subjectAltNames = {"elsewhere.example.com"};
    cluster("wrong-san", simplePort, wrongSan);
    UpstreamTls wrongCa = fixed;
    wrongCa.caCertificatesPem = other.pem("ca.crt");
    cluster("wrong-ca", simplePort, wrongCa);
    UpstreamTls skip = wrongCa;
    skip.verify = false;
    cluster("skip", simplePort, skip);
    UpstreamTls mutual = fixed;
    mutual.certificateChainPem = m_pki->pem("client.crt");
    mutual.privateKeyPem = m_pki->pem("client.key");
    cluster("mutual", mutualPort, mutual);
    cluster("no-client-cert", mutualPort, fixed);

    RouteTable table{"http.80", {}};
    auto vhost = [&](const std::string &domain, const std::string &clusterName) {
        Route r;
        r.name = clusterName;
        r.path = {PathMatch::Kind::Prefix, "/"};
        r.cluster = clusterName;
        r.retry.retries = 0; // one handshake per refused request
        table.virtualHosts.push_back({domain, {domain}, false, 443, {r}});
    };
    vhost("up.example.com", "auto");
    vhost("a.wild.example.com", "auto");
    vhost("mismatch.example.com", "auto");
    vhost("fixed.example.com", "fixed");
    vhost("wrongsan.example.com", "wrong-san");
    vhost("wrongca.example.com", "wrong-ca");
    vhost("skip.example.com", "skip");
    vhost("mtls.example.com", "mutual");
    vhost("nocert.example.com", "no-client-cert");
    c->routeTables.push_back(table);
    const std::uint16_t port = freePort();
    Listener http;
    http.name = "http.80";
    http.port = port;
    http.gatewayPort = 80;
    http.routeTable = "http.80";
    c->listeners.push_back(http);
    // HTTP/2 downstream over TLS, the same routes: the stream's :authority is the SNI.
    vhost("h2.wild.example.com", "auto");
    c->routeTables.back() = table;
    TlsSettings down;
    down.certificateChainPem = m_pki->pem("up.example.com.crt");
    down.privateKeyPem = m_pki->pem("up.example.com.key");
    const std::uint16_t tlsPort = freePort();
    Listener secure{"https", "127.0.0.1", tlsPort, 443, true, {}, {}};
    secure.servers = {Server{"s", {"*"}, down, "http.80", {}}};
    c->listeners.push_back(secure);
    auto engine = Engine::create({1});
    auto started = engine->start(c);
    QVERIFY2(started.has_value(), started ? "" : started.error().toString().c_str());

    auto get = [&](const QString &host, const QStringList &more = {}) {
        QStringList args{"-s",
                         "--max-time",
                         "10",
                         "-w",
                         "\n%{http_code}",
                         "-H",
                         "Host: " + host,
                         QStringLiteral("http://127.0.0.1:%1/").arg(port)};
        return QString::fromUtf8(run("curl", args + more).out);
    };
    // Two requests on one downstream connection: one handshake, the second pooled.
    const auto before = engine->stats();
    const QString twice = get("up.example.com", {QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    QVERIFY2(twice.count("tls sni=up.example.com client= verify=NONE host=up.example.com\n\n200") ==
                 2,
             qPrintable(twice));
    auto after = engine->stats();
    QCOMPARE(after.upstreamTlsHandshakes, before.upstreamTlsHandshakes + 1);
    QCOMPARE(after.upstreamReused, before.upstreamReused + 1);
    // Another authority is another SNI, so another connection; the wildcard SAN covers it.
    QVERIFY2(get("a.wild.example.com").startsWith("tls sni=a.wild.example.com "),
             qPrintable(get("a.wild.example.com")));
    QCOMPARE(engine->stats().upstreamTlsHandshakes, before.upstreamTlsHandshakes + 2);
    // The certificate is not for the authority: refused before any byte of the request.
    QCOMPARE(get("mismatch.example.com").right(3), QStringLiteral("502"));
    QCOMPARE(engine->stats().upstreamTlsVerifyFailures, before.upstreamTlsVerifyFailures + 1);
    // A fixed SNI and subjectAltNames, whatever the authority.
    QVERIFY(get("fixed.example.com")
                .startsWith("tls sni=up.example.com client= verify=NONE host=fixed.example.com"));
    QCOMPARE(get("wrongsan.example.com").right(3), QStringLiteral("502"));
    QCOMPARE(get("wrongca.example.com").right(3), QStringLiteral("502"));
    QCOMPARE(engine->stats().upstreamTlsVerifyFailures, before.upstreamTlsVerifyFailures + 3);
    // insecureSkipVerify: the same unknown CA passes.
    QVERIFY(get("skip.example.com").endsWith("\n200"));
    // MUTUAL: nginx sees the client certificate; without one it answers 400.
    QVERIFY2(get("mtls.example.com").contains("client=CN=client verify=SUCCESS"),
             qPrintable(get("mtls.example.com")));
    QCOMPARE(get("nocert.example.com").right(3), QStringLiteral("400"));
    const auto h2 = run("curl", QStringList{"-s", "--http2", "--max-time", "10", "--cacert",
                                            m_pki->path("ca.crt"), "-w", "%{http_version}"} +
                                    resolve("h2.wild.example.com", tlsPort) +
                                    QStringList{https("h2.wild.example.com", tlsPort)});
    QVERIFY2(h2.out.startsWith("tls sni=h2.wild.example.com ") && h2.out.endsWith("\n2"),
             h2.out.constData());
    // The dump shows the settings, not the key.
    const std::string dump = configToJson(*c);
    QVERIFY(dump.find("\"privateKey\":\"[redacted]\"") != std::string::npos);
    QVERIFY(dump.find("PRIVATE KEY") == std::string::npos);
    engine->stop(std::chrono::milliseconds(1000));
}

void TestGatewayEngine::passthroughReachesBackend() {
    // The certificate the client sees is the backend's: the engine did not terminate TLS.
    const auto r = run("curl", QStringList{"-s", "--max-time", "10", "--cacert",
                                           m_pki->path("ca.crt"), "-w", "\n%{http_code}"} +
                                   resolve("pass.example.com", m_httpsPort) +
                                   QStringList{https("pass.example.com", m_httpsPort)});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("s_server"), r.out.left(400).constData());
    QVERIFY(r.out.endsWith("200"));
    const auto cert = sClient({"-servername", "pass.example.com"}, m_httpsPort);
    QVERIFY2(cert.out.contains("subject=CN = pass.example.com"), cert.out.left(600).constData());
}

void TestGatewayEngine::tlsTerminatedTcpProxy() {
    // A real TLS client: the engine's certificate, then plain TCP to the echo backend.
    const auto before = m_engine->stats().tlsTcpConnections;
    const int accepted = m_echo.accepted();
    const auto r = run("openssl",
                       {"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(m_tlsTcpPort),
                        "-servername", "tcp.example.com", "-CAfile", m_pki->path("ca.crt"),
                        "-verify_return_error", "-quiet"},
                       15000, "hello over tls\n");
    QVERIFY2(!r.timedOut, r.err.constData());
    QVERIFY2(r.out.contains("echo:hello over tls"), (r.out + r.err).left(800).constData());
    QCOMPARE(m_echo.accepted(), accepted + 1);
    QCOMPARE(m_engine->stats().tlsTcpConnections, before + 1);
    // No ALPN offered for HTTP: this is not an HTTP server.
    const auto h2 = run("openssl",
                        {"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(m_tlsTcpPort),
                         "-servername", "tcp.example.com", "-alpn", "h2,http/1.1"},
                        15000, "Q\n");
    QVERIFY2(h2.out.contains("No ALPN negotiated"), h2.out.left(2000).constData());
    QVERIFY2(h2.out.contains("subject=CN = tcp.example.com"), h2.out.left(2000).constData());
}

void TestGatewayEngine::weightedTcpRouteSplitsConnections() {
    // Envoy's tcp_proxy weighted_clusters: each connection goes to one destination, drawn by
    // weight (3:1 here), and all of its bytes with it.
    const int a0 = m_echo.accepted(), b0 = m_echoB.accepted();
    const int connections = 48;
    for (int i = 0; i < connections; ++i) {
        const auto r =
            run("openssl",
                {"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(m_tlsTcpPort),
                 "-servername", "split.tcp.example.com", "-quiet"},
                15000, "split\n");
        QVERIFY2(r.out.contains("echo:split"), (r.out + r.err).left(800).constData());
    }
    const int a = m_echo.accepted() - a0, b = m_echoB.accepted() - b0;
    QCOMPARE(a + b, connections);
    // Expected 36 and 12 (sd 3): both get some, the heavier clearly more.
    QVERIFY2(b >= 1 && a > b, qPrintable(QStringLiteral("a=%1 b=%2").arg(a).arg(b)));
}

void TestGatewayEngine::tlsTcpWithoutRouteClosed() {
    const int accepted = m_echo.accepted();
    const auto r = run("openssl",
                       {"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(m_tlsTcpPort),
                        "-servername", "none.tcp.example.com", "-quiet"},
                       15000, "anyone there\n");
    QVERIFY2(!r.timedOut, r.err.constData());
    QVERIFY2(!r.out.contains("echo:"), r.out.constData());
    QCOMPARE(m_echo.accepted(), accepted);
}

void TestGatewayEngine::http2() {
    const auto r =
        run("curl", QStringList{"-s", "--http2", "--max-time", "10", "--cacert",
                                m_pki->path("ca.crt"), "-w", "\n%{http_version} %{http_code}"} +
                        resolve("b.example.com", m_httpsPort) +
                        QStringList{https("b.example.com", m_httpsPort, "/h2?x=1"),
                                    https("b.example.com", m_httpsPort, "/h2again")});
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains("uri=/h2?x=1"), qPrintable(out));
    QVERIFY2(out.contains("uri=/h2again"), qPrintable(out));
    QVERIFY2(out.contains("xfp=https"), qPrintable(out));
    QCOMPARE(out.count("2 200"), 2);
}

void TestGatewayEngine::weightedDestinationsSplit() {
    // 200 requests over an 80/20 split (and a weight-0 destination that refuses
    // connections): binomial(200, 0.8) has mean 160 and standard deviation 5.7, so 160 ± 28
    // (five deviations) fails by chance about once in two million runs.
    QFETCH(bool, h2);
    const QString host = h2 ? "w.b.example.com" : "weighted.example.com";
    QStringList args = curlTo(h2, host, "/split");
    const QString url = args.takeLast();
    args += {"-w", "[%{http_code}]\n"};
    for (int i = 0; i < 200; ++i)
        args += url;
    const auto r = run("curl", args, 60000);
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    const int a = int(out.count("upstream-a host=")), b = int(out.count("upstream-b host="));
    QCOMPARE(int(out.count("[200]")), 200); // the weight-0 destination was never chosen
    QCOMPARE(a + b, 200);
    QVERIFY2(a >= 132 && a <= 188, qPrintable(QStringLiteral("a=%1 b=%2").arg(a).arg(b)));
}

void TestGatewayEngine::weightedDestinationOperations() {
    // Each response carries the operations of the destination that served it, then the
    // route's: a and b alternate by draw, b's requests have its authority.
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    QStringList args = curlTo(h2, host, "/wsplit");
    const QString url = args.takeLast();
    args += {"-D", "-", "-w", "[end]\n"};
    for (int i = 0; i < 24; ++i)
        args += url;
    const auto r = run("curl", args, 60000);
    QCOMPARE(r.exitCode, 0);
    const QStringList answers = QString::fromUtf8(r.out).split("[end]\n", Qt::SkipEmptyParts);
    QCOMPARE(answers.size(), 24);
    int a = 0, b = 0;
    for (const QString &answer : answers) {
        const QString text = answer.toLower();
        QCOMPARE(int(text.count("\r\nx-route: ")), 1);
        QVERIFY2(text.contains("\r\nx-route: w\r\n"), qPrintable(answer));
        if (text.contains("\r\nx-dest: a\r\n")) {
            ++a;
            QVERIFY2(text.contains("upstream-a host=" + host.toLower() + " "), qPrintable(answer));
        } else {
            ++b;
            QVERIFY2(text.contains("\r\nx-dest: b\r\n"), qPrintable(answer));
            QVERIFY2(text.contains("upstream-b host=b.internal "), qPrintable(answer));
        }
    }
    // Even odds: all 24 on one side happens once in eight million runs.
    QVERIFY2(a > 0 && b > 0, qPrintable(QStringLiteral("a=%1 b=%2").arg(a).arg(b)));
}

void TestGatewayEngine::mergedOperationsFollowEnvoysOrder() {
    // The destination's operations first, then the route's: what the route removes or sets
    // again does not survive from the destination; adds of both stay.
    HeaderOperations dest, route;
    dest.set = {{"x-a", "dest"}, {"x-b", "dest"}};
    dest.add = {{"x-c", "dest"}};
    dest.remove = {"x-d"};
    route.set = {{"x-b", "route"}};
    route.add = {{"x-c", "route"}};
    route.remove = {"x-a"};
    const HeaderOperations m = mergeHeaderOperations(dest, route);
    using Fields = std::vector<std::pair<std::string, std::string>>;
    QCOMPARE(m.set, (Fields{{"x-b", "route"}}));
    QCOMPARE(m.add, (Fields{{"x-c", "dest"}, {"x-c", "route"}}));
    QCOMPARE(m.remove, (std::vector<std::string>{"x-d", "x-a"}));
}

void TestGatewayEngine::methodAndAuthorityMatches() {
    // POST /m matches the method route, GET /m falls through to the catch-all (418);
    // /auth matches only when :authority / Host starts with "features.".
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    auto status = [&](const QString &path, const QString &method) {
        QStringList args = curlTo(h2, host, path);
        args += {"-X", method, "-o", "/dev/null", "-w", "%{http_code}"};
        return QString::fromUtf8(run("curl", args).out);
    };
    QCOMPARE(status("/m", "POST"), QStringLiteral("202"));
    QCOMPARE(status("/m", "GET"), QStringLiteral("418"));
    QCOMPARE(status("/auth", "GET"), h2 ? QStringLiteral("418") : QStringLiteral("203"));
}

void TestGatewayEngine::redirectAnsweredLocally_data() {
    QTest::addColumn<bool>("h2");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("hostPort"); // appended to the Host header (HTTP/1.1)
    QTest::addColumn<QString>("expected"); // "code location", %1 = the port the request came to
    QTest::newRow("uri replaces the path, query kept")
        << false << "/old?x=1&y=2"
        << ""
        << "301 http://features.example.com/new?x=1&y=2";
    QTest::newRow("authority, scheme and port, path kept")
        << false << "/moved/a/b?c=d"
        << ":9999"
        << "308 https://other.example.com:8443/moved/a/b?c=d";
    QTest::newRow("derivePort: the port the request came to")
        << false << "/derive/x"
        << ":1234"
        << "302 http://features.example.com:%1/derive/x";
    QTest::newRow("a query in uri replaces the request's")
        << false << "/fixed/z?q=1"
        << ""
        << "307 http://features.example.com/only?q=2";
    QTest::newRow("scheme change drops the old default port")
        << false << "/tohttps/p"
        << ":80"
        << "303 https://features.example.com/tohttps/p";
    QTest::newRow("scheme change keeps another port")
        << false << "/tohttps/p"
        << ":8080"
        << "303 https://features.example.com:8080/tohttps/p";
    QTest::newRow("HTTP/2: host and port of :authority kept")
        << true << "/old?x=1"
        << ""
        << "301 https://f.b.example.com:%1/new?x=1";
    QTest::newRow("HTTP/2: derivePort") << true << "/derive"
                                        << ""
                                        << "302 https://f.b.example.com:%1/derive";
}

void TestGatewayEngine::redirectAnsweredLocally() {
    QFETCH(bool, h2);
    QFETCH(QString, path);
    QFETCH(QString, hostPort);
    QFETCH(QString, expected);
    QStringList args = curlTo(h2, h2 ? "f.b.example.com" : "features.example.com", path);
    if (!h2)
        args[4] += hostPort;
    args += {"-o", "/dev/null", "-D", "-"};
    const auto r = run("curl", args);
    QCOMPARE(r.exitCode, 0);
    const QString head = QString::fromUtf8(r.out);
    static const QRegularExpression status(R"(^HTTP/[\d.]+ (\d{3}))");
    static const QRegularExpression location(R"(\r\nlocation: ([^\r]*)\r\n)",
                                             QRegularExpression::CaseInsensitiveOption);
    const auto s = status.match(head), l = location.match(head);
    QVERIFY2(s.hasMatch() && l.hasMatch(), qPrintable(head));
    if (expected.contains("%1"))
        expected = expected.arg(h2 ? m_httpsPort : m_httpPort);
    QCOMPARE(s.captured(1) + ' ' + l.captured(1), expected);
    // Only the /old route adds x-redirected (its response header operations).
    QCOMPARE(head.contains("\r\nx-redirected: yes\r\n", Qt::CaseInsensitive),
             path.startsWith("/old"));
    QVERIFY2(head.contains(QRegularExpression("\r\ncontent-length: 0\r\n",
                                              QRegularExpression::CaseInsensitiveOption)),
             qPrintable(head));
}

void TestGatewayEngine::rewriteReachesUpstream_data() {
    QTest::addColumn<bool>("h2");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // what nginx saw: "host=... " and "uri=..."
    for (bool h2 : {false, true}) {
        const char *proto = h2 ? "HTTP/2: " : "HTTP/1.1: ";
        QTest::newRow(qPrintable(QString(proto) + "prefix and authority"))
            << h2 << "/api/users?id=7"
            << "host=internal.example.com xff=";
        QTest::newRow(qPrintable(QString(proto) + "prefix swapped, rest kept"))
            << h2 << "/api/users?id=7"
            << "uri=/v2/users?id=7\n";
        QTest::newRow(qPrintable(QString(proto) + "exact match: the whole path"))
            << h2 << "/exact?q=1"
            << "uri=/replaced?q=1\n";
        QTest::newRow(qPrintable(QString(proto) + "regex with groups, query kept"))
            << h2 << "/regex/first/second/third?z=1"
            << "uri=/second/third/first?z=1\n";
    }
}

void TestGatewayEngine::rewriteReachesUpstream() {
    QFETCH(bool, h2);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const auto r = run("curl", curlTo(h2, h2 ? "f.b.example.com" : "features.example.com", path));
    QCOMPARE(r.exitCode, 0);
    const QString body = QString::fromUtf8(r.out);
    QVERIFY2(body.startsWith("upstream-a "), qPrintable(body));
    QVERIFY2(body.contains(expected), qPrintable(body));
}

void TestGatewayEngine::directResponse() {
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    QStringList args = curlTo(h2, host, "/anything");
    args += {"-D", "-"};
    const auto r = run("curl", args);
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(h2 ? "HTTP/2 418" : "HTTP/1.1 418"), qPrintable(out));
    // The route's operations: content-type set, x-route added, server removed.
    QVERIFY2(out.contains("content-type: text/teapot\r\n", Qt::CaseInsensitive), qPrintable(out));
    QCOMPARE(int(out.count("content-type", Qt::CaseInsensitive)), 1);
    QVERIFY2(out.contains("\r\nx-route: direct\r\n", Qt::CaseInsensitive), qPrintable(out));
    QVERIFY2(out.contains(h2 ? "\r\nx-proto: HTTP/2\r\n" : "\r\nx-proto: HTTP/1.1\r\n",
                          Qt::CaseInsensitive),
             qPrintable(out));
    QVERIFY2(!out.contains("\r\nserver:", Qt::CaseInsensitive), qPrintable(out));
    QVERIFY2(out.contains("content-length: 16\r\n", Qt::CaseInsensitive), qPrintable(out));
    QVERIFY2(out.endsWith("\r\n\r\nshort and stout\n"), qPrintable(out));

    // HEAD: the same head, no body.
    QString heads;
    if (h2) {
        QStringList head = curlTo(h2, host, "/anything");
        head += {"-I", head.last()};
        heads = QString::fromUtf8(run("curl", head).out);
    } else {
        // Pipelined on one connection: the GET's answer must follow the HEAD's head at once.
        heads = QString::fromUtf8(
            exchange(m_httpPort, "HEAD /anything HTTP/1.1\r\nHost: " + host.toUtf8() +
                                     "\r\n\r\nHEAD /anything HTTP/1.1\r\nHost: " + host.toUtf8() +
                                     "\r\nConnection: close\r\n\r\n"));
        QVERIFY2(heads.endsWith("\r\n\r\n") && heads.indexOf("\r\n\r\nHTTP/1.1 418") > 0,
                 qPrintable(heads));
    }
    QCOMPARE(int(heads.count(h2 ? "HTTP/2 418" : "HTTP/1.1 418")), 2);
    QCOMPARE(int(heads.count("content-length: 16\r\n", Qt::CaseInsensitive)), 2);
    QVERIFY2(!heads.contains("stout"), qPrintable(heads));

    QStringList empty = curlTo(h2, host, "/empty");
    empty += {"-o", "/dev/null", "-w", "%{http_code} %{size_download}"};
    QCOMPARE(QString::fromUtf8(run("curl", empty).out), QStringLiteral("503 0"));
}

void TestGatewayEngine::headerOperations() {
    // Request: set replaces the client's field, add adds one, remove drops one, others pass.
    // Response: the upstream's x-upstream-drop removed, x-upstream-keep replaced, x-route added.
    QFETCH(bool, h2);
    QStringList args = curlTo(h2, h2 ? "f.b.example.com" : "features.example.com", "/headers");
    args += {"-D", "-", "-H", "X-Set: old", "-H", "X-Gone: secret", "-H", "X-Kept: yes"};
    const auto r = run("curl", args);
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains("\r\n\r\nheaders x-set=new x-add=two x-gone= x-kept=yes\n"),
             qPrintable(out));
    QVERIFY2(!out.contains("x-upstream-drop", Qt::CaseInsensitive), qPrintable(out));
    QVERIFY2(out.contains("\r\nx-upstream-keep: replaced\r\n", Qt::CaseInsensitive),
             qPrintable(out));
    QCOMPARE(int(out.count("x-upstream-keep", Qt::CaseInsensitive)), 1);
    QVERIFY2(out.contains("\r\nx-route: added\r\n", Qt::CaseInsensitive), qPrintable(out));
}

void TestGatewayEngine::headerVariables() {
    // Request values from the connection and the request; "%%" is one '%'; a set whose value
    // comes out empty is skipped, so the client's field stays (Envoy's keep_empty_value
    // false); an unknown variable is sent as written.
    QFETCH(bool, h2);
    const QString host = h2 ? "f.b.example.com" : "features.example.com";
    QStringList args = curlTo(h2, host, "/vars");
    args += {"-D", "-", "-H", "X-Kept: yes", "-H", "X-Empty: client"};
    const auto r = run("curl", args);
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    const QString authority = h2 ? QStringLiteral("%1:%2").arg(host).arg(m_httpsPort) : host;
    const QString expected =
        QStringLiteral("\r\n\r\nvars x-client=127.0.0.1 x-proto=<%1> x-pct=100% "
                       "x-empty=[client] x-host=%2 x-kept2=ye\n")
            .arg(h2 ? "HTTP/2" : "HTTP/1.1", authority);
    QVERIFY2(out.contains(expected),
             qPrintable(QString(out + "\nexpected: " + expected).remove(u'\r')));
    QVERIFY2(out.contains(QStringLiteral("\r\nx-up: 127.0.0.1:%1\r\n").arg(m_headersPort),
                          Qt::CaseInsensitive),
             qPrintable(out));
    QVERIFY2(out.contains("\r\nx-unknown: %NOT_A_VARIABLE%\r\n", Qt::CaseInsensitive),
             qPrintable(out));
    static const QRegularExpression start(
        R"re(\r\nx-start: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\r\n)re",
        QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(start.match(out).hasMatch(), qPrintable(out));
    // START_TIME(format): strftime's %Y, Envoy's %s, %3f and %f, a literal %.
    static const QRegularExpression startFmt(
        R"re(\r\nx-start-fmt: (\d{4})\|(\d+)\.\d{3}\|\d{9}\|%\r\n)re",
        QRegularExpression::CaseInsensitiveOption);
    const auto fmt = startFmt.match(out);
    QVERIFY2(fmt.hasMatch(), qPrintable(out));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(fmt.captured(1).toInt(), now.date().year());
    QVERIFY(std::abs(fmt.captured(2).toLongLong() - now.toSecsSinceEpoch()) < 30);
    // SNI only over TLS; without it the field is left out.
    QCOMPARE(out.contains("\r\nx-sni: f.b.example.com\r\n", Qt::CaseInsensitive), h2);
    QCOMPARE(out.contains("x-sni", Qt::CaseInsensitive), h2);
}

void TestGatewayEngine::sslscanMatchesPolicy() {
    const auto r =
        run("sslscan",
            {"--no-colour", "--no-check-certificate", "--no-heartbleed", "--no-renegotiation",
             "--no-compression", "--no-groups", "--sni-name=a.example.com",
             QStringLiteral("127.0.0.1:%1").arg(m_httpsPort)},
            120000);
    QCOMPARE(r.exitCode, 0);
    QSet<QString> tls12, tls13, older;
    static const QRegularExpression line(
        R"(^(Preferred|Accepted)\s+(TLSv1\.[0-3]|SSLv[23])\s+\d+ bits\s+(\S+))");
    for (const QByteArray &l : r.out.split('\n')) {
        const auto m = line.match(QString::fromUtf8(l).trimmed());
        if (!m.hasMatch())
            continue;
        const QString proto = m.captured(2), cipher = m.captured(3);
        if (proto == "TLSv1.2")
            tls12.insert(cipher);
        else if (proto == "TLSv1.3")
            tls13.insert(cipher);
        else
            older.insert(proto + ' ' + cipher);
    }
    QVERIFY2(older.isEmpty(), qPrintable(QStringList(older.values()).join(", ")));
    QCOMPARE(tls12, QSet<QString>(kKymaCiphers.begin(), kKymaCiphers.end()));
    QCOMPARE(tls13, (QSet<QString>{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                   "TLS_CHACHA20_POLY1305_SHA256"}));
}

void TestGatewayEngine::adminEndpoints() {
    const auto admin = m_engine->adminAddress();
    QVERIFY(admin.has_value());
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(admin->port);
    const auto ready = run("curl", {"-s", "--max-time", "10", base + "/ready"});
    QCOMPARE(ready.out, QByteArray("LIVE\n"));
    const auto metrics = run("curl", {"-s", "--max-time", "10", base + "/metrics"});
    QVERIFY(metrics.out.contains("# TYPE gatehouse_requests_total counter"));
    QVERIFY(metrics.out.contains("gatehouse_responses_total{class=\"2xx\"}"));
    QVERIFY(metrics.out.contains("gatehouse_tls_handshakes_total{version=\"TLSv1.3\"}"));
    QVERIFY(metrics.out.contains("gatehouse_upstream_latency_ms_bucket{le=\"+Inf\"}"));
    QVERIFY(metrics.out.contains(
        "gatehouse_tls_handshake_failures_total{reason=\"protocol_version\"}"));
    QVERIFY(metrics.out.contains("# TYPE gatehouse_tls_handshakes_resumed_total counter"));
    const StatsSnapshot s = m_engine->stats();
    QVERIFY(s.requests > 0);
    QVERIFY(s.responsesByClass[1] > 0);
    const auto dump = run("curl", {"-s", "--max-time", "10", base + "/config_dump"});
    QVERIFY(dump.out.contains("\"privateKey\":\"[redacted]\""));
    QVERIFY(!dump.out.contains("PRIVATE KEY"));
    QVERIFY(dump.out.contains("ECDHE-RSA-AES128-SHA"));
}

void TestGatewayEngine::accessLogJson() {
    const auto r =
        run("curl", {"-s", "-o", "/dev/null", "--max-time", "10", "-H", "Host: plain.example.com",
                     QStringLiteral("http://127.0.0.1:%1/logged-path").arg(m_httpPort)});
    QCOMPARE(r.exitCode, 0);
    QByteArray log;
    for (int i = 0; i < 40 && !log.contains("/logged-path"); ++i) {
        QTest::qWait(50); // the workers flush every 100 ms
        log = readFile(m_dir.filePath("access.log"));
    }
    QVERIFY(log.contains("\"path\":\"/logged-path\""));
    QVERIFY(log.contains("\"status\":200"));
    QVERIFY(log.contains("\"authority\":\"plain.example.com\""));
    QVERIFY(log.contains("\"request_id\":\""));
    QVERIFY(log.contains("\"tls_version\":\"TLSv1.3\"")); // from the earlier TLS requests
    // Envoy's START_TIME form, milliseconds included.
    static const QRegularExpression time(R"re("time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")re");
    QVERIFY2(time.match(QString::fromUtf8(log)).hasMatch(), log.left(400).constData());
    // An IPv6 upstream is written as Envoy writes UPSTREAM_HOST: the address in brackets.
    const auto v6 = run("curl", {"-s", "--max-time", "10", "-H", "Host: v6.example.com",
                                 QStringLiteral("http://127.0.0.1:%1/v6-path").arg(m_httpPort)});
    QCOMPARE(v6.out, QByteArray("over ipv6\n"));
    const QByteArray upstream = "\"upstream\":\"[::1]:" + QByteArray::number(m_v6Port) + "\"";
    for (int i = 0; i < 40 && !log.contains(upstream); ++i) {
        QTest::qWait(50);
        log = readFile(m_dir.filePath("access.log"));
    }
    QVERIFY2(log.contains(upstream), log.right(400).constData());
}

void TestGatewayEngine::reloadUnderLoadLosesNothing() {
    QProcess wrk;
    wrk.start("wrk", {"-t1", "-c16", "-d4s", "-H", "Host: plain.example.com",
                      QStringLiteral("http://127.0.0.1:%1/load").arg(m_httpPort)});
    QVERIFY(wrk.waitForStarted(5000));
    QTest::qWait(500);
    // Reload repeatedly: a new listener appears, a route changes, then both go back.
    for (int i = 0; i < 6; ++i) {
        auto c = makeConfig();
        if (i % 2 == 0) {
            Listener extra{"extra", "127.0.0.1", 0, 8081, false, {}, "http.80"};
            c->listeners.push_back(extra);
        }
        auto ok = m_engine->reload(c);
        QVERIFY2(ok.has_value(), ok ? "" : ok.error().toString().c_str());
        QTest::qWait(400);
    }
    QVERIFY(wrk.waitForFinished(20000));
    const QString out = QString::fromUtf8(wrk.readAllStandardOutput());
    QVERIFY2(!out.contains("Socket errors"), qPrintable(out));
    QVERIFY2(!out.contains("Non-2xx"), qPrintable(out));
    static const QRegularExpression total(R"((\d+) requests in)");
    const auto m = total.match(out);
    QVERIFY2(m.hasMatch() && m.captured(1).toLongLong() > 100, qPrintable(out));
    QVERIFY(m_engine->stats().configGeneration >= 7);
}

void TestGatewayEngine::invalidReloadKeepsOldConfig() {
    auto bad = makeConfig();
    bad->listeners[1].servers[0].tls->privateKeyPem = "-----BEGIN PRIVATE KEY-----\nnope\n";
    const auto before = m_engine->stats().configGeneration;
    auto r = m_engine->reload(bad);
    QVERIFY(!r.has_value());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("gateway.tls.key"));
    QCOMPARE(m_engine->stats().configGeneration, before);
    const auto still = run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time",
                                    "10", "-H", "Host: plain.example.com",
                                    QStringLiteral("http://127.0.0.1:%1/").arg(m_httpPort)});
    QCOMPARE(QString::fromUtf8(still.out), QStringLiteral("200"));

    auto badRegex = makeConfig();
    badRegex->routeTables[0].virtualHosts[1].routes[0].path = {PathMatch::Kind::Regex, "(["};
    QVERIFY(!m_engine->reload(badRegex).has_value());
}

void TestGatewayEngine::portInUseIsAnError() {
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    auto c = std::make_shared<Config>();
    c->adminPort.reset();
    c->routeTables.push_back({"t", {}});
    c->listeners.push_back({"l", "127.0.0.1", taken.serverPort(), 80, false, {}, "t"});
    auto other = Engine::create({1});
    auto r = other->start(c);
    QVERIFY(!r.has_value());
    QVERIFY2(r.error().message.find("port in use") != std::string::npos, r.error().message.c_str());
    QVERIFY(!other->isRunning());
}

QTEST_GUILESS_MAIN(TestGatewayEngine)
#include "tst_gatewayengine.moc"
