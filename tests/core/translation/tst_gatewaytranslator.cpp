// Istio resources -> engine config, checked field by field; then served for real.
#include "translation/gatewaytranslator.h"

#include "gateway/engine.h"
#include "model/model.h"
#include "workspace/workspace.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace gatehouse;
using namespace gatehouse::core;
namespace gw = gatehouse::gateway;

namespace {

QByteArray run(const QString &program, const QStringList &args) {
    QProcess p;
    p.start(program, args);
    p.closeWriteChannel();
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished(2000);
    }
    return p.readAllStandardOutput();
}

const char *kGateways = R"(apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: kyma-gateway
  namespace: kyma-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*.local.kyma.dev"]
    tls:
      mode: SIMPLE
      credentialName: kyma-gateway-certs
      minProtocolVersion: TLSV1_2
      cipherSuites:
      - ECDHE-RSA-CHACHA20-POLY1305
      - ECDHE-RSA-AES256-GCM-SHA384
      - ECDHE-RSA-AES256-SHA
      - ECDHE-RSA-AES128-GCM-SHA256
      - ECDHE-RSA-AES128-SHA
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.local.kyma.dev"]
    tls:
      httpsRedirect: true
  - port: {number: 443, name: pass, protocol: TLS}
    hosts: ["db.example.com"]
    tls:
      mode: PASSTHROUGH
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: app
  namespace: default
spec:
  hosts: ["app.local.kyma.dev"]
  gateways: ["kyma-system/kyma-gateway"]
  http:
  - match:
    - uri: {prefix: /api}
      headers:
        x-canary: {exact: "yes"}
    route:
    - destination: {host: canary.default.svc.cluster.local, port: {number: 8080}}
    timeout: 2s
  - route:
    - destination: {host: app.default.svc.cluster.local, port: {number: 8080}}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: db
  namespace: default
spec:
  hosts: ["db.example.com"]
  gateways: ["kyma-system/kyma-gateway"]
  tls:
  - match:
    - sniHosts: ["db.example.com"]
    route:
    - destination: {host: db.default.svc.cluster.local, port: {number: 5432}}
)";

} // namespace

class TestGatewayTranslator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parsers();
    void kymaGateway();
    void missingSecretIsAnError();
    void privilegedPortMustBeMapped();
    void tlsServerProxiesTcp();
    void weightedTlsRouteSplits();
    void httpRouteActions();
    void delegationMergesRoutes();
    void destinationRulesApply();
    void servesTheTranslation();

private:
    Model load(const QByteArray &extra = {});
    std::optional<Translation> translated(const QByteArray &yaml);
    QByteArray secretYaml() const;
    QTemporaryDir m_dir;
    std::string m_certPem, m_keyPem;
};

void TestGatewayTranslator::initTestCase() {
    QVERIFY(m_dir.isValid());
    QProcess p;
    p.start("openssl",
            {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", m_dir.filePath("k.pem"),
             "-out", m_dir.filePath("c.pem"), "-days", "2", "-subj", "/CN=*.local.kyma.dev",
             "-addext", "subjectAltName=DNS:*.local.kyma.dev"});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QFile c(m_dir.filePath("c.pem")), k(m_dir.filePath("k.pem"));
    QVERIFY(c.open(QIODevice::ReadOnly) && k.open(QIODevice::ReadOnly));
    m_certPem = c.readAll().toStdString();
    m_keyPem = k.readAll().toStdString();
}

void TestGatewayTranslator::weightedTlsRouteSplits() {
    // Passthrough connections are split by weight, as Envoy's tcp_proxy weighted_clusters;
    // a weight-0 destination gets none. Several destinations without weights: the first.
    const QByteArray split = R"(---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: db-split
  namespace: default
spec:
  hosts: ["db.example.com", "*.example.com"]
  gateways: ["kyma-system/kyma-gateway"]
  tls:
  - match:
    - sniHosts: ["db.example.com"]
    route:
    - destination: {host: db-a.default.svc.cluster.local, port: {number: 5432}}
      weight: 30
    - destination: {host: db-b.default.svc.cluster.local, port: {number: 5432}}
      weight: 70
    - destination: {host: db-c.default.svc.cluster.local, port: {number: 5432}}
      weight: 0
  - match:
    - sniHosts: ["*.example.com"]
    route:
    - destination: {host: db-d.default.svc.cluster.local, port: {number: 5432}}
    - destination: {host: db-e.default.svc.cluster.local, port: {number: 5432}}
)";
    const auto t = translated(split);
    QVERIFY(t);
    const gw::SniRoute *split1 = nullptr, *split2 = nullptr;
    for (const gw::Listener &l : t->config->listeners)
        for (const gw::Server &s : l.servers)
            for (const gw::SniRoute &r : s.passthroughRoutes) {
                if (r.sniHosts == std::vector<std::string>{"db.example.com"})
                    split1 = &r;
                if (r.sniHosts == std::vector<std::string>{"*.example.com"})
                    split2 = &r;
            }
    QVERIFY(split1 && split2);
    QVERIFY(split1->cluster.empty());
    QCOMPARE(split1->weightedClusters.size(), std::size_t(2));
    QCOMPARE(split1->weightedClusters[0].cluster,
             std::string("outbound|5432||db-a.default.svc.cluster.local"));
    QCOMPARE(split1->weightedClusters[0].weight, 30u);
    QCOMPARE(split1->weightedClusters[1].cluster,
             std::string("outbound|5432||db-b.default.svc.cluster.local"));
    QCOMPARE(split1->weightedClusters[1].weight, 70u);
    QCOMPARE(split2->cluster, std::string("outbound|5432||db-d.default.svc.cluster.local"));
    QVERIFY(split2->weightedClusters.empty());
    const bool warned = std::any_of(t->warnings.begin(), t->warnings.end(), [](const auto &w) {
        return w.find("several destinations and no weights") != std::string::npos &&
               w.find("'db-d.default.svc.cluster.local'") != std::string::npos;
    });
    QVERIFY(warned);
    QVERIFY(gw::Engine::validate(*t->config).has_value());
}

void TestGatewayTranslator::destinationRulesApply() {
    // Subsets and TLS origination from DestinationRules, as Istio builds the clusters of a
    // gateway: the subset's tls replaces the rule's, an exact host before a wildcard one,
    // rules hidden by exportTo unseen, subset endpoints by --upstream NAME/SUBSET or by
    // ServiceEntry endpoint labels.
    const QByteArray b64Cert = QByteArray::fromStdString(m_certPem).toBase64();
    const QByteArray b64Key = QByteArray::fromStdString(m_keyPem).toBase64();
    const QByteArray yaml = R"(---
apiVersion: v1
kind: Secret
metadata: {name: egress-creds, namespace: kyma-system}
type: kubernetes.io/tls
data:
  tls.crt: )" + b64Cert + R"(
  tls.key: )" + b64Key + R"(
  ca.crt: )" + b64Cert + R"(
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: shop, namespace: default}
spec:
  hosts: ["shop.local.kyma.dev"]
  gateways: ["kyma-system/kyma-gateway"]
  http:
  - match: [{uri: {prefix: /v2}}]
    route:
    - destination: {host: reviews, subset: v2}
      weight: 90
    - destination: {host: reviews, subset: v3}
      weight: 10
  - match: [{uri: {prefix: /pay}}]
    route:
    - destination: {host: pay.example.com, port: {number: 443}}
  - match: [{uri: {prefix: /mesh}}]
    route:
    - destination: {host: mesh.default.svc.cluster.local}
  - match: [{uri: {prefix: /catalog}}]
    route:
    - destination: {host: catalog.example.com, subset: v2}
  - route:
    - destination: {host: reviews, subset: v1}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  trafficPolicy:
    loadBalancer: {simple: ROUND_ROBIN}
    connectionPool:
      tcp: {connectTimeout: 250ms, maxConnections: 10}
      http: {maxRequestsPerConnection: 5}
    outlierDetection: {consecutive5xxErrors: 3}
    tls: {mode: SIMPLE, sni: reviews.internal, subjectAltNames: [reviews.internal]}
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
    trafficPolicy:
      loadBalancer: {simple: RANDOM}
      tls: {mode: MUTUAL, credentialName: egress-creds}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: everything-external, namespace: kyma-system}
spec:
  host: "*.example.com"
  trafficPolicy:
    tls: {mode: SIMPLE, insecureSkipVerify: true}
  subsets:
  - name: v2
    labels: {version: v2}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: hidden, namespace: team}
spec:
  host: pay.example.com
  exportTo: ["."]
  trafficPolicy:
    tls: {mode: SIMPLE, sni: hidden.example.com}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: mesh, namespace: default}
spec:
  host: mesh
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: catalog, namespace: default}
spec:
  hosts: [catalog.example.com]
  location: MESH_EXTERNAL
  resolution: STATIC
  ports: [{number: 80, name: http, protocol: HTTP}]
  endpoints:
  - address: 127.0.0.11
    labels: {version: v1}
  - address: 127.0.0.12
    labels: {version: v2}
  - address: 127.0.0.13
    labels: {version: v2, track: beta}
)";
    const Model model = load(secretYaml() + yaml);
    QVERIFY2(model.errors.empty(), model.errors.empty() ? "" : model.errors[0].toString().c_str());
    TranslationOptions opt;
    opt.portMap = {{80, 18080}, {443, 18443}};
    opt.upstreams["reviews"] = {{"127.0.0.1", 9000}};
    opt.upstreams["reviews/v2"] = {{"127.0.0.1", 9002}};
    auto t = translateModel(model, opt);
    QVERIFY2(t.has_value(), t ? "" : t.error().toString().c_str());
    auto find = [&](const std::string &name) -> const gw::Cluster * {
        for (const gw::Cluster &c : t->config->clusters)
            if (c.name == name)
                return &c;
        return nullptr;
    };
    auto warned = [&](const std::string &a, const std::string &b) {
        return std::any_of(t->warnings.begin(), t->warnings.end(), [&](const std::string &w) {
            return w.find(a) != std::string::npos && w.find(b) != std::string::npos;
        });
    };
    // v2: its own endpoint; MUTUAL from the subset, certificate, key and CA from the Secret.
    const gw::Cluster *v2 = find("outbound||v2|reviews");
    QVERIFY(v2 && v2->tls);
    QCOMPARE(v2->endpoints.size(), std::size_t(1));
    QCOMPARE(v2->endpoints[0].port, std::uint16_t(9002));
    QVERIFY(v2->tls->sni.empty());
    QVERIFY(v2->tls->subjectAltNames.empty());
    QCOMPARE(v2->tls->certificateChainPem, m_certPem);
    QCOMPARE(v2->tls->privateKeyPem, m_keyPem);
    QCOMPARE(v2->tls->caCertificatesPem, m_certPem);
    // Its loadBalancer replaces the rule's; the rule's connectionPool stays.
    QCOMPARE(v2->lbPolicy, gw::LbPolicy::Random);
    QCOMPARE(v2->connectTimeout, std::optional(std::chrono::milliseconds(250)));
    QCOMPARE(v2->maxRequestsPerConnection, 5u);
    // v1: the host's endpoint (with a warning) and the rule's own tls.
    const gw::Cluster *v1 = find("outbound||v1|reviews");
    QVERIFY(v1 && v1->tls);
    QCOMPARE(v1->endpoints[0].port, std::uint16_t(9000));
    QVERIFY(warned("subset 'v1'", "no endpoint of its own"));
    QCOMPARE(v1->tls->sni, std::string("reviews.internal"));
    QCOMPARE(v1->tls->subjectAltNames, std::vector<std::string>{"reviews.internal"});
    QVERIFY(v1->tls->verify && v1->tls->caCertificatesPem.empty());
    QVERIFY(v1->tls->certificateChainPem.empty());
    QCOMPARE(v1->lbPolicy, gw::LbPolicy::RoundRobin);
    QVERIFY(warned("DestinationRule default/reviews",
                   "connectionPool.tcp.maxConnections, outlierDetection not applied"));
    // v3 is no subset of the rule: no cluster in Istio, 503 here.
    const gw::Cluster *v3 = find("outbound||v3|reviews");
    QVERIFY(v3 && v3->endpoints.empty() && !v3->tls);
    QVERIFY(warned("subset 'v3'", "defines no such subset"));
    // The exact rule for pay.example.com is hidden from the gateway's namespace: the
    // wildcard rule applies.
    const gw::Cluster *pay = find("outbound|443||pay.example.com");
    QVERIFY(pay && pay->tls);
    QVERIFY(!pay->tls->verify);
    QCOMPARE(pay->lbPolicy, gw::LbPolicy::LeastRequest); // Istio's default
    QVERIFY(!pay->connectTimeout);
    QVERIFY(pay->tls->sni.empty());
    // ISTIO_MUTUAL cannot be served locally: plain, with a warning.
    const gw::Cluster *mesh = find("outbound|||mesh.default.svc.cluster.local");
    QVERIFY(mesh && !mesh->tls);
    QVERIFY(warned("ISTIO_MUTUAL", "without TLS"));
    // A subset's endpoints by label: both v2 entries, not v1.
    const gw::Cluster *catalog = find("outbound||v2|catalog.example.com");
    QVERIFY(catalog);
    QCOMPARE(catalog->endpoints.size(), std::size_t(2));
    QCOMPARE(catalog->endpoints[0].address, std::string("127.0.0.12"));
    QCOMPARE(catalog->endpoints[1].address, std::string("127.0.0.13"));
    // The engine builds every client context (the system trust store included).
    const auto valid = gw::Engine::validate(*t->config);
    QVERIFY2(valid.has_value(), valid ? "" : valid.error().toString().c_str());

    // A CA file that cannot be read is an error naming the rule, not a silent plain cluster.
    const Model broken = load(secretYaml() + yaml + R"(---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: files, namespace: default}
spec:
  host: app.default.svc.cluster.local
  trafficPolicy:
    tls: {mode: SIMPLE, caCertificates: /nonexistent/ca.pem}
)");
    const auto bad = translateModel(broken, opt);
    QVERIFY(!bad.has_value());
    QVERIFY2(bad.error().message.find("DestinationRule default/files") != std::string::npos,
             bad.error().message.c_str());
    QVERIFY(bad.error().message.find("/nonexistent/ca.pem") != std::string::npos);
}

Model TestGatewayTranslator::load(const QByteArray &extra) {
    QTemporaryDir dir;
    QFile f(dir.filePath("gw.yaml"));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(kGateways);
    f.write(extra);
    f.close();
    auto ws = Workspace::openFolder(dir.path().toStdString());
    if (!ws)
        return {};
    return ws->buildModel();
}

// `yaml` after the gateways and their Secret, translated with 80→18080 and 443→18443;
// nullopt (and the test failed) when the model or the translation has an error.
std::optional<Translation> TestGatewayTranslator::translated(const QByteArray &yaml) {
    const Model model = load(secretYaml() + yaml);
    if (!model.errors.empty()) {
        QTest::qFail(model.errors[0].toString().c_str(), __FILE__, __LINE__);
        return std::nullopt;
    }
    TranslationOptions opt;
    opt.portMap = {{80, 18080}, {443, 18443}};
    auto t = translateModel(model, opt);
    if (!t) {
        QTest::qFail(t.error().toString().c_str(), __FILE__, __LINE__);
        return std::nullopt;
    }
    return std::move(*t);
}

void TestGatewayTranslator::parsers() {
    auto pm = parsePortMap("80=18080, 443=18443");
    QVERIFY(pm.has_value());
    QCOMPARE(pm->at(80), 18080);
    QCOMPARE(pm->at(443), 18443);
    QVERIFY(!parsePortMap("80:18080").has_value());
    auto up = parseUpstream("app=127.0.0.1:9000");
    QVERIFY(up.has_value());
    QCOMPARE(QString::fromStdString(up->first), QStringLiteral("app"));
    QCOMPARE(up->second.port, std::uint16_t(9000));
    QVERIFY(!parseUpstream("app=127.0.0.1").has_value());
    QVERIFY(parseRoute("a.example.com=http://127.0.0.1:9000").has_value());
    QVERIFY(!parseRoute("a.example.com=https://127.0.0.1:9000").has_value());
}

QByteArray TestGatewayTranslator::secretYaml() const {
    return "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: kyma-gateway-certs\n"
           "  namespace: istio-system\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n" +
           QByteArray::fromStdString(m_certPem).replace("\n", "\n    ").prepend("    ") +
           "\n  tls.key: |\n" +
           QByteArray::fromStdString(m_keyPem).replace("\n", "\n    ").prepend("    ") + "\n";
}

void TestGatewayTranslator::kymaGateway() {
    const Model model = load(secretYaml());
    QVERIFY2(model.errors.empty(), model.errors.empty() ? "" : model.errors[0].toString().c_str());
    TranslationOptions opt;
    opt.portMap = {{80, 18080}, {443, 18443}};
    opt.upstreams["app"] = {{"127.0.0.1", 9001}};
    auto t = translateModel(model, opt);
    QVERIFY2(t.has_value(), t ? "" : t.error().toString().c_str());
    const gw::Config &c = *t->config;
    QCOMPARE(c.listeners.size(), std::size_t(2));
    const gw::Listener &https = c.listeners[0];
    QVERIFY(https.tls);
    QCOMPARE(https.port, std::uint16_t(18443));
    QCOMPARE(https.gatewayPort, std::uint16_t(443));
    QCOMPARE(https.servers.size(), std::size_t(2));
    const gw::TlsSettings &tls = *https.servers[0].tls;
    QCOMPARE(tls.minVersion, gw::TlsVersion::V1_2);
    QCOMPARE(tls.maxVersion, gw::TlsVersion::Auto);
    QCOMPARE(tls.cipherSuites.size(), std::size_t(5));
    QCOMPARE(QString::fromStdString(tls.certificateChainPem), QString::fromStdString(m_certPem));
    QCOMPARE(https.servers[0].hosts, std::vector<std::string>{"*.local.kyma.dev"});
    // PASSTHROUGH: the VirtualService tls route, by SNI.
    const gw::Server &pass = https.servers[1];
    QCOMPARE(pass.tls->mode, gw::TlsMode::Passthrough);
    QCOMPARE(pass.passthroughRoutes.size(), std::size_t(1));
    QCOMPARE(pass.passthroughRoutes[0].sniHosts, std::vector<std::string>{"db.example.com"});
    QCOMPARE(QString::fromStdString(pass.passthroughRoutes[0].cluster),
             QStringLiteral("outbound|5432||db.default.svc.cluster.local"));

    const gw::Listener &http = c.listeners[1];
    QVERIFY(!http.tls);
    QCOMPARE(http.port, std::uint16_t(18080));
    const gw::RouteTable *table = nullptr;
    for (const auto &rt : c.routeTables)
        if (rt.name == http.routeTable)
            table = &rt;
    QVERIFY(table);
    bool redirectFound = false;
    for (const auto &vh : table->virtualHosts) {
        if (vh.requireTls) {
            redirectFound = true;
            QCOMPARE(vh.httpsPort, std::uint16_t(18443));
        }
    }
    QVERIFY(redirectFound);

    const gw::RouteTable *tlsTable = nullptr;
    for (const auto &rt : c.routeTables)
        if (rt.name == https.servers[0].routeTable)
            tlsTable = &rt;
    QVERIFY(tlsTable);
    QCOMPARE(tlsTable->virtualHosts.size(), std::size_t(1));
    const auto &routes = tlsTable->virtualHosts[0].routes;
    QCOMPARE(routes.size(), std::size_t(2));
    QCOMPARE(routes[0].path.kind, gw::PathMatch::Kind::Prefix);
    QCOMPARE(QString::fromStdString(routes[0].path.value), QStringLiteral("/api"));
    QCOMPARE(routes[0].headers.size(), std::size_t(1));
    QCOMPARE(routes[0].timeout, std::chrono::milliseconds(2000));
    // The canary has no local endpoint: a warning, and its cluster answers 503.
    bool warned = false;
    for (const auto &w : t->warnings)
        warned = warned || w.find("canary.default.svc.cluster.local") != std::string::npos;
    QVERIFY(warned);
    QVERIFY(gw::Engine::validate(c).has_value());
}

void TestGatewayTranslator::missingSecretIsAnError() {
    auto t = translateModel(load(), {});
    QVERIFY(!t.has_value());
    QCOMPARE(QString::fromStdString(t.error().code), QStringLiteral("translation.tls.secret"));
}

void TestGatewayTranslator::privilegedPortMustBeMapped() {
    TranslationOptions opt;
    opt.portMap = {{80, 8080}};
    auto t = translateModel(load(), opt);
    QVERIFY(!t.has_value());
    QCOMPARE(QString::fromStdString(t.error().code), QStringLiteral("translation.port"));
}

void TestGatewayTranslator::tlsServerProxiesTcp() {
    // protocol TLS with SIMPLE: Istio terminates TLS and proxies TCP by the tcp routes,
    // first route whose port and gateways match, its destinations split by weight.
    const QByteArray tcp = R"(---
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: tcp-gateway
  namespace: default
spec:
  servers:
  - port: {number: 9443, name: tls-echo, protocol: TLS}
    hosts: ["*"]
    tls: {mode: SIMPLE, credentialName: kyma-gateway-certs}
  - port: {number: 9444, name: tls-none, protocol: TLS}
    hosts: ["*"]
    tls: {mode: SIMPLE, credentialName: kyma-gateway-certs}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: echo
  namespace: default
spec:
  hosts: ["*"]
  gateways: ["tcp-gateway"]
  tcp:
  - match:
    - port: 9999
    route:
    - destination: {host: wrong.default.svc.cluster.local, port: {number: 1}}
  - match:
    - port: 9443
      gateways: ["kyma-system/kyma-gateway"]
    route:
    - destination: {host: wrong.default.svc.cluster.local, port: {number: 2}}
  - match:
    - port: 9443
      gateways: ["default/tcp-gateway"]
    route:
    - destination: {host: echo-a.default.svc.cluster.local, port: {number: 9000}}
      weight: 20
    - destination: {host: echo-b.default.svc.cluster.local, port: {number: 9000}}
      weight: 80
)";
    const Model model = load(secretYaml() + tcp);
    QVERIFY2(model.errors.empty(), model.errors.empty() ? "" : model.errors[0].toString().c_str());
    QCOMPARE(model.virtualServices.size(), std::size_t(3));
    TranslationOptions opt;
    opt.portMap = {{80, 18080}, {443, 18443}, {9443, 0}, {9444, 0}};
    auto t = translateModel(model, opt);
    QVERIFY2(t.has_value(), t ? "" : t.error().toString().c_str());
    const gw::Config &c = *t->config;
    const gw::Server *echo = nullptr, *none = nullptr;
    for (const gw::Listener &l : c.listeners) {
        if (l.gatewayPort == 9443 && l.servers.size() == 1)
            echo = &l.servers[0];
        if (l.gatewayPort == 9444 && l.servers.size() == 1)
            none = &l.servers[0];
        // HTTPS servers keep routing HTTP.
        for (const gw::Server &s : l.servers)
            if (l.gatewayPort == 443 && s.tls->mode == gw::TlsMode::Simple)
                QVERIFY(!s.tcpProxy && !s.routeTable.empty());
    }
    QVERIFY(echo && none);
    QCOMPARE(echo->tls->mode, gw::TlsMode::Simple);
    QVERIFY(echo->tcpProxy);
    QVERIFY(echo->routeTable.empty());
    QVERIFY(echo->tcpCluster.empty());
    QCOMPARE(echo->tcpWeightedClusters.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(echo->tcpWeightedClusters[0].cluster),
             QStringLiteral("outbound|9000||echo-a.default.svc.cluster.local"));
    QCOMPARE(echo->tcpWeightedClusters[0].weight, 20u);
    QCOMPARE(QString::fromStdString(echo->tcpWeightedClusters[1].cluster),
             QStringLiteral("outbound|9000||echo-b.default.svc.cluster.local"));
    QCOMPARE(echo->tcpWeightedClusters[1].weight, 80u);
    QVERIFY(none->tcpProxy);
    QVERIFY(none->tcpCluster.empty() && none->tcpWeightedClusters.empty());
    int noRoute = 0;
    for (const auto &w : t->warnings) {
        if (w.find("tcp-gateway") != std::string::npos &&
            w.find("no VirtualService tcp route") != std::string::npos)
            ++noRoute;
    }
    QCOMPARE(noRoute, 1); // only the 9444 server
    QVERIFY(gw::Engine::validate(c).has_value());
}

void TestGatewayTranslator::delegationMergesRoutes() {
    // Istio's mergeVirtualServicesIfNeeded: a delegating route gives way to the delegate's
    // routes under its match; each keeps what it sets and takes the rest from the root.
    const QByteArray vs = R"(---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: root, namespace: default}
spec:
  hosts: ["root.local.kyma.dev"]
  gateways: ["kyma-system/kyma-gateway"]
  http:
  - name: team
    match: [{uri: {prefix: /team/}, headers: {x-tenant: {exact: a}}}]
    timeout: 3s
    headers: {response: {set: {x-root: "yes"}}}
    delegate: {name: team-routes, namespace: team-a}
  - name: hidden
    match: [{uri: {prefix: /hidden/}}]
    delegate: {name: private-routes, namespace: team-b}
  - name: after
    match: [{uri: {prefix: /}}]
    directResponse: {status: 404}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: team-routes, namespace: team-a}
spec:
  http:
  - name: one
    match: [{uri: {prefix: /team/one}}]
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
  - name: outside
    match: [{uri: {prefix: /other}}]
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
  - name: status
    match: [{uri: {exact: /team/status}, headers: {x-debug: {exact: "1"}}}]
    timeout: 1s
    headers: {response: {set: {x-leaf: "yes"}}}
    directResponse: {status: 200, body: {string: ok}}
  - route: [{destination: {host: v2.default.svc.cluster.local, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: private-routes, namespace: team-b}
spec:
  exportTo: ["."]
  http:
  - route: [{destination: {host: v2.default.svc.cluster.local, port: {number: 80}}}]
)";
    const auto t = translated(vs);
    QVERIFY(t);
    const gw::VirtualHost *vh = nullptr;
    for (const auto &rt : t->config->routeTables)
        for (const auto &v : rt.virtualHosts)
            if (!v.requireTls && v.domains == std::vector<std::string>{"root.local.kyma.dev"})
                vh = &v;
    QVERIFY(vh);
    std::vector<std::string> names;
    for (const gw::Route &r : vh->routes)
        names.push_back(r.name);
    // In place of the delegating route, in the delegate's order; the route outside the
    // root's match and the delegate the root's namespace cannot see are left out.
    QCOMPARE(names, (std::vector<std::string>{"team-one", "team-status", "team", "after"}));
    using Fields = std::vector<std::pair<std::string, std::string>>;
    const gw::Route &one = vh->routes[0];
    QCOMPARE(one.path.kind, gw::PathMatch::Kind::Prefix);
    QCOMPARE(one.path.value, std::string("/team/one"));
    QCOMPARE(one.headers.size(), std::size_t(1)); // the root's x-tenant
    QCOMPARE(one.headers[0].name, std::string("x-tenant"));
    QCOMPARE(one.headers[0].value, std::string("a"));
    QCOMPARE(one.timeout, std::optional<std::chrono::milliseconds>(3000));
    QCOMPARE(one.responseHeaders.set, (Fields{{"x-root", "yes"}}));
    QCOMPARE(one.cluster, std::string("outbound|80||v1.default.svc.cluster.local"));
    const gw::Route &status = vh->routes[1];
    QCOMPARE(status.path.kind, gw::PathMatch::Kind::Exact);
    QCOMPARE(status.path.value, std::string("/team/status"));
    QCOMPARE(status.headers.size(), std::size_t(2)); // its own x-debug, then the root's
    QCOMPARE(status.headers[0].name, std::string("x-debug"));
    QCOMPARE(status.headers[1].name, std::string("x-tenant"));
    QCOMPARE(status.timeout, std::optional<std::chrono::milliseconds>(1000));
    QCOMPARE(status.responseHeaders.set, (Fields{{"x-leaf", "yes"}}));
    QCOMPARE(status.directStatus, 200);
    // A delegate route without a match takes the root's.
    const gw::Route &rest = vh->routes[2];
    QCOMPARE(rest.path.value, std::string("/team/"));
    QCOMPARE(rest.headers.size(), std::size_t(1));
    QCOMPARE(rest.cluster, std::string("outbound|80||v2.default.svc.cluster.local"));

    int outside = 0, hidden = 0;
    for (const std::string &w : t->warnings) {
        outside += w.find("route 'team': delegate team-a/team-routes: its route 2 matches "
                          "outside this route's match") != std::string::npos;
        hidden +=
            w.find("route 'hidden': delegate team-b/private-routes is not a "
                   "VirtualService without hosts that this namespace sees") != std::string::npos;
    }
    QVERIFY(outside >= 1);
    QVERIFY(hidden >= 1);
    QVERIFY(gw::Engine::validate(*t->config).has_value());
}

void TestGatewayTranslator::httpRouteActions() {
    // Weights, redirects, rewrites, direct responses and header operations as Istio hands
    // them to Envoy.
    const QByteArray vs = R"(---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: actions
  namespace: default
spec:
  hosts: ["actions.local.kyma.dev"]
  gateways: ["kyma-system/kyma-gateway"]
  http:
  - name: split
    match: [{uri: {prefix: /split}}]
    route:
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
      weight: 75
    - destination: {host: v2.default.svc.cluster.local, port: {number: 80}}
      weight: 25
      headers:
        request:
          set: {host: v2.internal, x-version: v2}
        response:
          add: {x-served-by: v2}
    - destination: {host: v3.default.svc.cluster.local, port: {number: 80}}
      weight: 0
  - name: methods
    match: [{uri: {prefix: /form}, method: {exact: POST}, authority: {prefix: "app."}}]
    directResponse: {status: 204}
  - name: extras
    match: [{uri: {prefix: /extras}}]
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
    retries: {attempts: 3, retryOn: "5xx,409,retriable-4xx,retriable-headers,unavailable", perTryTimeout: 2s}
    fault: {abort: {httpStatus: 500, percentage: {value: 1}}}
    mirror: {host: v2.default.svc.cluster.local, port: {number: 80}}
    mirrorPercentage: {value: 25}
    mirrors:
    - destination: {host: v3.default.svc.cluster.local, port: {number: 80}}
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
      percentage: {value: 0}
    corsPolicy:
      allowOrigins: [{exact: "https://example.com"}, {regex: "https://.*[.]dev"}]
      allowMethods: [GET, POST]
      exposeHeaders: [x-a, x-b]
      maxAge: 1h30m
      allowCredentials: true
  - name: faulty
    match: [{uri: {prefix: /faulty}}]
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
    corsPolicy: {allowOrigin: ["https://old.example.com"], unmatchedPreflights: IGNORE}
    fault:
      delay: {fixedDelay: 1m0.25s, percent: 30}
      abort: {grpcStatus: UNAVAILABLE, percentage: {value: 50}}
  - name: matches
    match:
    - uri: {prefix: /Match}
      ignoreUriCase: true
      scheme: {exact: https}
      queryParams: {version: {exact: v2}, debug: {regex: "*"}, id: {}}
      withoutHeaders: {x-canary: {exact: "yes"}, X-Trace: {}}
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
  - name: no-retries
    match: [{uri: {prefix: /once}}]
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
    retries: {attempts: 0}
  - name: single
    match: [{uri: {prefix: /single}}]
    route:
    - destination: {host: v2.default.svc.cluster.local, port: {number: 80}}
      weight: 10
  - name: one-weighted
    match: [{uri: {prefix: /one}}]
    route:
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
      weight: 100
    - destination: {host: v3.default.svc.cluster.local, port: {number: 80}}
  - name: unweighted
    match: [{uri: {prefix: /unweighted}}]
    route:
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
    - destination: {host: v2.default.svc.cluster.local, port: {number: 80}}
  - name: moved
    match: [{uri: {exact: /old}}]
    redirect: {uri: /new, authority: new.example.com, port: 443, redirectCode: 308}
  - name: derived
    match: [{uri: {prefix: /derive}}]
    redirect: {scheme: https, derivePort: FROM_REQUEST_PORT}
  - name: plain-redirect
    match: [{uri: {prefix: /plain}}]
    redirect: {uri: /elsewhere}
    headers:
      response:
        add: {x-redirected: "yes"}
  - name: multiple-choices
    match: [{uri: {prefix: /choices}}]
    redirect: {uri: /x, redirectCode: 300}
  - name: rewritten
    match: [{uri: {prefix: /api/}}]
    rewrite: {uri: /v2/, authority: internal.example.com}
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
  - name: regex
    match: [{uri: {regex: "/r/.*"}}]
    rewrite:
      uriRegexRewrite: {match: "^/r/(.*)$", rewrite: "/\\1"}
    route: [{destination: {host: v1.default.svc.cluster.local, port: {number: 80}}}]
  - name: headers
    match: [{uri: {prefix: /headers}}]
    headers:
      request:
        set: {X-Set: route, Host: set.example.com}
        add: {x-add: two}
        remove: [X-Gone]
      response:
        set: {x-upstream-keep: replaced}
        add: {x-route: added}
        remove: [x-upstream-drop]
    route:
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
      headers:
        request:
          set: {x-set: destination}
  - name: maintenance
    match: [{uri: {prefix: /down}}]
    directResponse: {status: 503, body: {string: "down for maintenance"}}
    headers:
      response:
        set: {Retry-After: "120"}
        add: {x-node: "%HOSTNAME%", x-bogus: "%BOGUS%"}
        remove: [server]
  - name: bytes
    match: [{uri: {prefix: /bytes}}]
    directResponse: {status: 200, body: {bytes: aGVsbG8=}}
  - name: nobody
    match: [{uri: {prefix: /nobody}}]
    directResponse: {status: 503}
  - name: delegated
    match: [{uri: {prefix: /team-a}}]
    delegate: {name: team-a, namespace: team-a}
  - name: port-80-only
    match: [{uri: {prefix: /p80}, port: 80}]
    directResponse: {status: 200}
  - name: mesh-only
    match: [{uri: {prefix: /mesh}, gateways: [mesh]}]
    directResponse: {status: 200}
  - name: this-gateway
    match:
    - {uri: {prefix: /this}, gateways: [kyma-system/kyma-gateway], port: 443}
    - {uri: {prefix: /that}, port: 8443}
    directResponse: {status: 200}
)";
    const auto t = translated(vs);
    QVERIFY(t);
    const gw::Config &c = *t->config;
    const gw::VirtualHost *vh = nullptr;
    for (const auto &rt : c.routeTables)
        for (const auto &v : rt.virtualHosts)
            if (!v.requireTls && v.domains == std::vector<std::string>{"actions.local.kyma.dev"})
                vh = &v;
    QVERIFY(vh);
    auto route = [&](const std::string &name) -> const gw::Route * {
        for (const gw::Route &r : vh->routes)
            if (r.name == name)
                return &r;
        return nullptr;
    };
    auto clusterOf = [](const char *host) {
        return "outbound|80||" + std::string(host) + ".default.svc.cluster.local";
    };

    // Several destinations: relative weights, weight 0 left out.
    const gw::Route *split = route("split");
    QVERIFY(split);
    QVERIFY(split->cluster.empty());
    QCOMPARE(split->weightedClusters.size(), std::size_t(2));
    QCOMPARE(split->weightedClusters[0].cluster, clusterOf("v1"));
    QCOMPARE(split->weightedClusters[0].weight, 75u);
    QCOMPARE(split->weightedClusters[1].cluster, clusterOf("v2"));
    QCOMPARE(split->weightedClusters[1].weight, 25u);
    // A weighted destination keeps its own operations and authority (the engine applies
    // them before the route's); the other has none.
    QCOMPARE(split->weightedClusters[1].hostRewrite, std::string("v2.internal"));
    QCOMPARE(split->weightedClusters[1].requestHeaders.set.size(), std::size_t(1));
    QCOMPARE(split->weightedClusters[1].requestHeaders.set[0].first, std::string("x-version"));
    QCOMPARE(split->weightedClusters[1].responseHeaders.add.size(), std::size_t(1));
    QVERIFY(split->weightedClusters[0].requestHeaders.empty() &&
            split->weightedClusters[0].hostRewrite.empty());
    // One destination gets everything whatever its weight; so does the only weighted one.
    QCOMPARE(route("single")->cluster, clusterOf("v2"));
    QVERIFY(route("single")->weightedClusters.empty());
    QCOMPARE(route("one-weighted")->cluster, clusterOf("v1"));
    QVERIFY(route("one-weighted")->weightedClusters.empty());
    // Method and authority matches: header matches on the pseudo headers, as Envoy's.
    const gw::Route *methods = route("methods");
    QVERIFY(methods);
    QCOMPARE(methods->headers.size(), std::size_t(2));
    QCOMPARE(methods->headers[0].name, std::string(":authority"));
    QVERIFY(methods->headers[0].kind == gw::HeaderMatch::Kind::Prefix);
    QCOMPARE(methods->headers[0].value, std::string("app."));
    QCOMPARE(methods->headers[1].name, std::string(":method"));
    QVERIFY(methods->headers[1].kind == gw::HeaderMatch::Kind::Exact);
    QCOMPARE(methods->headers[1].value, std::string("POST"));
    // Several destinations without weights: Istio refuses it; here it answers 503.
    QVERIFY(route("unweighted")->cluster.empty());
    QVERIFY(route("unweighted")->weightedClusters.empty());
    QCOMPARE(route("unweighted")->directStatus, 503);

    const gw::Route *moved = route("moved");
    QVERIFY(moved && moved->redirect);
    QCOMPARE(moved->redirect->path, std::string("/new"));
    QCOMPARE(moved->redirect->authority, std::string("new.example.com"));
    QCOMPARE(moved->redirect->port, std::uint16_t(18443)); // a Gateway port: its local port
    QCOMPARE(moved->redirect->status, 308);
    QVERIFY(moved->cluster.empty());
    const gw::Route *derived = route("derived");
    QVERIFY(derived && derived->redirect);
    QVERIFY(derived->redirect->derivePort);
    QCOMPARE(derived->redirect->scheme, std::string("https"));
    QCOMPARE(derived->redirect->port, std::uint16_t(0));
    QCOMPARE(route("plain-redirect")->redirect->status, 301); // Istio's default
    QVERIFY(!route("multiple-choices"));                      // Envoy cannot send 300

    const gw::Route *rewritten = route("rewritten");
    QVERIFY(rewritten);
    QCOMPARE(rewritten->prefixRewrite, std::optional<std::string>("/v2/"));
    QCOMPARE(rewritten->hostRewrite, std::string("internal.example.com"));
    QCOMPARE(rewritten->cluster, clusterOf("v1"));
    const gw::Route *regex = route("regex");
    QVERIFY(regex && regex->regexRewrite && !regex->prefixRewrite);
    QCOMPARE(regex->regexRewrite->pattern, std::string("^/r/(.*)$"));
    QCOMPARE(regex->regexRewrite->substitution, std::string("/\\1"));

    // Headers: route's, then its only destination's; Host set becomes the authority.
    using Fields = std::vector<std::pair<std::string, std::string>>;
    const gw::Route *headers = route("headers");
    QVERIFY(headers);
    QCOMPARE(headers->requestHeaders.set, (Fields{{"x-set", "destination"}}));
    QCOMPARE(headers->requestHeaders.add, (Fields{{"x-add", "two"}}));
    QCOMPARE(headers->requestHeaders.remove, std::vector<std::string>{"x-gone"});
    QCOMPARE(headers->hostRewrite, std::string("set.example.com"));
    QCOMPARE(headers->responseHeaders.set, (Fields{{"x-upstream-keep", "replaced"}}));
    QCOMPARE(headers->responseHeaders.add, (Fields{{"x-route", "added"}}));
    QCOMPARE(headers->responseHeaders.remove, std::vector<std::string>{"x-upstream-drop"});
    QVERIFY(route("rewritten")->requestHeaders.empty());

    QCOMPARE(route("maintenance")->directStatus, 503);
    QCOMPARE(route("maintenance")->directBody, std::optional<std::string>("down for maintenance"));
    QCOMPARE(route("bytes")->directStatus, 200);
    QCOMPARE(route("bytes")->directBody, std::optional<std::string>("hello"));
    QCOMPARE(route("nobody")->directBody, std::optional<std::string>(""));
    // Local answers keep their route's response header operations (Envoy applies them).
    QCOMPARE(route("maintenance")->responseHeaders.set, (Fields{{"retry-after", "120"}}));
    QCOMPARE(route("maintenance")->responseHeaders.remove, std::vector<std::string>{"server"});
    QCOMPARE(route("plain-redirect")->responseHeaders.add, (Fields{{"x-redirected", "yes"}}));

    int codeWarnings = 0, weightWarnings = 0, variableWarnings = 0, unappliedWarnings = 0,
        retryWarnings = 0, faultWarnings = 0, delegateWarnings = 0;
    for (const auto &w : t->warnings) {
        // What the local gateway does not retry on is named: perTryTimeout and conditions
        // other than Envoy's status, reset and connect ones (gRPC ones never arise).
        if (w.find("retries:") != std::string::npos) {
            ++retryWarnings;
            QVERIFY2(w.find("route 'extras': retries: retryOn retriable-headers "
                            "not applied locally") != std::string::npos,
                     w.c_str());
            continue;
        }
        // A delegate that is not in the workspace: the route is left out, with a word.
        if (w.find("': delegate team-a/team-a is not a VirtualService without hosts") !=
            std::string::npos) {
            ++delegateWarnings;
            QVERIFY2(w.find("route 'delegated'") != std::string::npos, w.c_str());
            continue;
        }
        // A fault's gRPC abort is Envoy's trailers-only reply, not served here.
        if (w.find("': fault ") != std::string::npos) {
            ++faultWarnings;
            QVERIFY2(w.find("route 'faulty': fault abort grpcStatus not applied locally") !=
                         std::string::npos,
                     w.c_str());
            continue;
        }
        // Fields the local gateway does not apply are named, once per route.
        if (w.find("not applied locally") != std::string::npos) {
            ++unappliedWarnings;
            QVERIFY2(false, w.c_str());
            continue;
        }
        QVERIFY2(w.find("not served locally") == std::string::npos &&
                     w.find("not applied locally") == std::string::npos &&
                     w.find("not applied to local") == std::string::npos &&
                     w.find("several destinations and no weights (Istio refuses it); conn") ==
                         std::string::npos,
                 w.c_str());
        codeWarnings += w.find("redirectCode 300") != std::string::npos;
        weightWarnings += w.find("'unweighted'") != std::string::npos;
        // Envoy would refuse %BOGUS%; the engine sends it as written and says so.
        if (w.find("is not a variable") != std::string::npos) {
            ++variableWarnings;
            QVERIFY2(w.find("'maintenance'") != std::string::npos &&
                         w.find("%BOGUS%") != std::string::npos,
                     w.c_str());
        }
    }
    QCOMPARE(codeWarnings, 1);
    QCOMPARE(weightWarnings, 1);
    QCOMPARE(variableWarnings, 1);
    QCOMPARE(unappliedWarnings, 0);
    QCOMPARE(retryWarnings, 1);
    QCOMPARE(faultWarnings, 1);
    QVERIFY(delegateWarnings >= 1); // once per route table the VirtualService is in
    QVERIFY(!route("delegated"));
    // Istio's TranslateFault: percentage.value is out of a million x 10,000, the deprecated
    // integer percent out of a hundred; an abort Envoy would answer with gRPC is left out.
    QVERIFY(route("extras")->fault.has_value());
    QCOMPARE(route("extras")->fault->abortStatus, 500);
    QCOMPARE(route("extras")->fault->abortPerMillion, 10000u);
    QCOMPARE(route("extras")->fault->delayPerMillion, 0u);
    // Istio's TranslateCORSPolicy: string matchers, comma-joined lists, whole seconds,
    // unmatched preflights forwarded; the deprecated allowOrigin as exact matches.
    QVERIFY(route("extras")->cors.has_value());
    const gw::CorsPolicy &cors = *route("extras")->cors;
    QCOMPARE(cors.allowOrigins.size(), std::size_t(2));
    QCOMPARE(cors.allowOrigins[1].kind, gw::HeaderMatch::Kind::Regex);
    QCOMPARE(cors.allowOrigins[1].value, std::string("https://.*[.]dev"));
    QCOMPARE(cors.allowMethods, std::string("GET,POST"));
    QCOMPARE(cors.exposeHeaders, std::string("x-a,x-b"));
    QCOMPARE(cors.allowHeaders, std::string());
    QCOMPARE(cors.maxAge, std::string("5400"));
    QVERIFY(cors.allowCredentials && cors.forwardNotMatchingPreflights);
    QVERIFY(route("faulty")->cors.has_value());
    QCOMPARE(route("faulty")->cors->allowOrigins.size(), std::size_t(1));
    QCOMPARE(route("faulty")->cors->allowOrigins[0].kind, gw::HeaderMatch::Kind::Exact);
    QVERIFY(!route("faulty")->cors->forwardNotMatchingPreflights);
    QVERIFY(!route("single")->cors.has_value());
    // Istio's mirror policies: mirrorPercentage for `mirror`, each of `mirrors` its own
    // percentage (unset: all), a 0 % one left out.
    const auto &mirrors = route("extras")->mirrors;
    QCOMPARE(mirrors.size(), std::size_t(2));
    QCOMPARE(mirrors[0].cluster, clusterOf("v2"));
    QCOMPARE(mirrors[0].perMillion, 250000u);
    QCOMPARE(mirrors[1].cluster, clusterOf("v3"));
    QCOMPARE(mirrors[1].perMillion, 1000000u);
    QVERIFY(route("single")->mirrors.empty());
    // Istio's TranslateRoutes: a match for another port or other gateways is left out, and
    // a route with no match left.
    QVERIFY(!route("port-80-only"));
    QVERIFY(!route("mesh-only"));
    int thisGateway = 0;
    for (const gw::Route &r : vh->routes)
        if (r.name == "this-gateway")
            thisGateway += r.path.value == "/this" ? 1 : 100;
    QCOMPARE(thisGateway, 1);
    // Istio's TranslateRouteMatch: ignoreUriCase, :scheme, withoutHeaders inverted (missing
    // as empty unless a presence test), query parameters with "*" and no kind as presence.
    const gw::Route &matches = *route("matches");
    QVERIFY(matches.path.ignoreCase);
    QCOMPARE(matches.queryParams.size(), std::size_t(3));
    for (const gw::HeaderMatch &qp : matches.queryParams) {
        if (qp.name == "version")
            QVERIFY(qp.kind == gw::HeaderMatch::Kind::Exact && qp.value == "v2");
        else
            QVERIFY2(qp.kind == gw::HeaderMatch::Kind::Present, qp.name.c_str());
    }
    int inverted = 0, scheme = 0;
    for (const gw::HeaderMatch &h : matches.headers) {
        if (h.name == ":scheme")
            scheme += h.kind == gw::HeaderMatch::Kind::Exact && h.value == "https";
        if (h.name == "x-canary")
            inverted += h.invert && h.treatMissingAsEmpty;
        if (h.name == "x-trace")
            inverted +=
                h.invert && !h.treatMissingAsEmpty && h.kind == gw::HeaderMatch::Kind::Present;
    }
    QCOMPARE(inverted, 2);
    QCOMPARE(scheme, 1);
    QVERIFY(route("faulty")->fault.has_value());
    QCOMPARE(route("faulty")->fault->delay, std::chrono::milliseconds(60250));
    QCOMPARE(route("faulty")->fault->delayPerMillion, 300000u);
    QCOMPARE(route("faulty")->fault->abortStatus, 0);
    QVERIFY(!route("single")->fault.has_value());
    // Istio's setTimeout: no VirtualService timeout is none (Envoy's 0), not Envoy's 15 s.
    QCOMPARE(route("single")->timeout, std::optional(std::chrono::milliseconds(0)));
    // Istio's retry policy: its default (2 retries, refused connects, no status), the route's
    // attempts on the conditions retryOn names (5xx includes resets and refused connects;
    // integers are retriable status codes), none for attempts 0.
    const gw::RetryPolicy &byDefault = route("single")->retry;
    QCOMPARE(byDefault.retries, 2);
    QVERIFY(byDefault.connectFailure && !byDefault.reset && !byDefault.retriesStatus(503));
    const gw::RetryPolicy &extras = route("extras")->retry;
    QCOMPARE(extras.retries, 3);
    QCOMPARE(extras.perTryTimeout, std::chrono::milliseconds(2000));
    QVERIFY(extras.connectFailure && extras.reset && extras.any5xx && extras.conflict);
    QCOMPARE(extras.statusCodes, std::vector<int>{409});
    QVERIFY(extras.retriesStatus(500) && extras.retriesStatus(409) && !extras.retriesStatus(404));
    const gw::RetryPolicy &none = route("no-retries")->retry;
    QCOMPARE(none.retries, 0);
    QVERIFY(!none.connectFailure);
    QVERIFY(gw::Engine::validate(c).has_value());
}

void TestGatewayTranslator::servesTheTranslation() {
    // The Kyma TLS override ConfigMap supplies the certificate for kyma-gateway-certs.
    const QByteArray override =
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: overrides\n  namespace: "
        "kyma-installer\n"
        "  labels:\n    installer: overrides\n    kyma-project.io/installation: \"\"\ndata:\n"
        "  global.tlsCrt: " +
        QByteArray::fromStdString(m_certPem).toBase64() +
        "\n"
        "  global.tlsKey: " +
        QByteArray::fromStdString(m_keyPem).toBase64() + "\n";
    const Model model = load(override);
    TranslationOptions opt;
    opt.portMap = {{80, 0}, {443, 0}};
    opt.adminPort.reset();
    auto t = translateModel(model, opt);
    QVERIFY2(t.has_value(), t ? "" : t.error().toString().c_str());
    auto engine = gw::Engine::create({1});
    auto ok = engine->start(t->config);
    QVERIFY2(ok.has_value(), ok ? "" : ok.error().toString().c_str());
    std::uint16_t httpsPort = 0;
    for (const auto &a : engine->listeningAddresses())
        if (a.tls)
            httpsPort = a.port;
    QVERIFY(httpsPort);
    const QByteArray out =
        run("openssl",
            {"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(httpsPort), "-servername",
             "app.local.kyma.dev", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA"});
    QVERIFY2(out.contains("Cipher is ECDHE-RSA-AES128-SHA"), out.left(500).constData());
    QVERIFY(out.contains("CN = *.local.kyma.dev"));
    engine->stop(std::chrono::milliseconds(500));
}

QTEST_GUILESS_MAIN(TestGatewayTranslator)
#include "tst_gatewaytranslator.moc"
