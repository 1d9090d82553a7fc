// 'gatehousectl serve' end to end: a workspace served, reloaded on a file change, an
// invalid change refused, a port in use refused with exit 2, SIGTERM drains with exit 0.
#include "gatewaytestsupport.h"

#include <QDeadlineTimer>
#include <QTest>

#include <csignal>

using namespace gatehouse::test;

namespace {

const QString kCtl = QStringLiteral(GATEHOUSE_BINARY_DIR "/app/gatehousectl");

// `gatehousectl serve ARGS` for one test: started, read until it says where it listens
// (`out`), killed if the test ends while it still runs.
struct ServeChild {
    QProcess process;
    QByteArray out;
    ~ServeChild() {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(3000);
        }
    }
    bool start(const QStringList &args) {
        process.start(kCtl, QStringList{"serve"} + args);
        if (!process.waitForStarted(5000))
            return false;
        QDeadlineTimer deadline(10000);
        while (!out.contains("listening") && !deadline.hasExpired()) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
        }
        return out.contains("listening");
    }
};

QByteArray gatewayYaml() {
    return "apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nmetadata:\n  name: gw\n"
           "  namespace: default\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n"
           "  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [\"*\"]\n";
}

QByteArray virtualServiceYaml(const QByteArray &host) {
    return "apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: app\n"
           "  namespace: default\nspec:\n  hosts: [\"" +
           host +
           "\"]\n  gateways: [\"gw\"]\n  http:\n"
           "  - route:\n    - destination: {host: app.default.svc.cluster.local, port: {number: "
           "80}}\n";
}

// Weights, a redirect, a rewrite and a direct response, as a workspace would have them.
QByteArray routeActionsYaml() {
    return R"(apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: actions
  namespace: default
spec:
  hosts: ["actions.example.com"]
  gateways: ["gw"]
  http:
  - match: [{uri: {prefix: /split}}]
    route:
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
      weight: 80
    - destination: {host: v2.default.svc.cluster.local, port: {number: 80}}
      weight: 20
  - match: [{uri: {exact: /old}}]
    redirect: {uri: /new, redirectCode: 302}
  - match: [{uri: {prefix: /api/}}]
    rewrite: {uri: /v2/, authority: internal.example.com}
    route:
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
  - match: [{uri: {prefix: /down}}]
    directResponse: {status: 503, body: {string: "down for maintenance"}}
  - name: team
    match: [{uri: {prefix: /team/}}]
    headers: {response: {set: {x-root: "yes"}}}
    delegate: {name: team-routes}
)";
}

// The delegate of the `team` route: no hosts, its routes merged under the root's match.
QByteArray delegateYaml() {
    return R"(apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: team-routes
  namespace: default
spec:
  http:
  - name: one
    match: [{uri: {prefix: /team/one}}]
    route:
    - destination: {host: v2.default.svc.cluster.local, port: {number: 80}}
  - name: elsewhere
    match: [{uri: {prefix: /elsewhere}}]
    route:
    - destination: {host: v2.default.svc.cluster.local, port: {number: 80}}
  - route:
    - destination: {host: v1.default.svc.cluster.local, port: {number: 80}}
)";
}

// Istio's egress TLS origination: plain HTTP in, TLS to the external host out, as a
// DestinationRule asks, with a canary subset on its own endpoint.
QByteArray egressYaml() {
    return R"(apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: egress, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [api.external.test]
---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: api, namespace: istio-system}
spec:
  hosts: [api.external.test]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: https, protocol: HTTPS}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: api, namespace: istio-system}
spec:
  hosts: [api.external.test]
  gateways: [egress]
  http:
  - match: [{uri: {prefix: /canary}}]
    route:
    - destination: {host: api.external.test, port: {number: 443}, subset: canary}
  - route:
    - destination: {host: api.external.test, port: {number: 443}}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: api, namespace: istio-system}
spec:
  host: api.external.test
  trafficPolicy:
    tls: {mode: SIMPLE, caCertificates: certs/ca.crt}
  subsets:
  - name: canary
    labels: {track: canary}
)";
}

QString status(std::uint16_t port, const QString &host) {
    const auto r =
        run("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-H",
                     "Host: " + host, QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    return QString::fromUtf8(r.out);
}

} // namespace

class TestGatewayServe : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void servesReloadsAndStops();
    void servesVirtualServiceRouteActions();
    void originatesTlsForEgress();
};

void TestGatewayServe::servesReloadsAndStops() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir().mkpath(dir.filePath("ws"));
    QDir().mkpath(dir.filePath("nginx"));
    NginxUpstream upstream;
    QVERIFY(upstream.start(dir.filePath("nginx"), freePort(), "served"));
    QVERIFY(writeFile(dir.filePath("ws/gateway.yaml"), gatewayYaml()));
    QVERIFY(writeFile(dir.filePath("ws/vs.yaml"), virtualServiceYaml("a.example.com")));
    const std::uint16_t port = freePort();

    ServeChild child;
    QVERIFY(child.start({"--workspace", dir.filePath("ws"), "--port-map",
                         QStringLiteral("80=%1").arg(port), "--admin", "off", "--upstream",
                         QStringLiteral("app=127.0.0.1:%1").arg(upstream.port())}));
    QProcess &serve = child.process;
    const QByteArray &out = child.out;
    QVERIFY2(
        out.contains(QStringLiteral("http://127.0.0.1:%1 (gateway port 80)").arg(port).toUtf8()),
        out.constData());
    QCOMPARE(status(port, "a.example.com"), QStringLiteral("200"));

    // A file change reloads: the VirtualService now answers for b only.
    QVERIFY(writeFile(dir.filePath("ws/vs.yaml"), virtualServiceYaml("b.example.com")));
    QTRY_COMPARE_WITH_TIMEOUT(status(port, "b.example.com"), QStringLiteral("200"), 10000);
    QCOMPARE(status(port, "a.example.com"), QStringLiteral("404"));

    // Broken YAML is refused with its findings; b keeps being served.
    QVERIFY(writeFile(dir.filePath("ws/vs.yaml"), "kind: VirtualService\nspec: [unclosed\n"));
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += serve.readAllStandardError()).contains("reload refused"),
                             10000);
    QCOMPARE(status(port, "b.example.com"), QStringLiteral("200"));

    // The port is taken: a second instance fails clearly with exit 2.
    const auto second = run(kCtl, {"serve", "--workspace", dir.filePath("ws"), "--port-map",
                                   QStringLiteral("80=%1").arg(port), "--admin", "off"});
    QCOMPARE(second.exitCode, 2);

    ::kill(pid_t(serve.processId()), SIGTERM);
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
}

void TestGatewayServe::servesVirtualServiceRouteActions() {
    // The workspace's YAML through the model, validation, translation and the engine.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir().mkpath(dir.filePath("ws"));
    QDir().mkpath(dir.filePath("nginx-v1"));
    QDir().mkpath(dir.filePath("nginx-v2"));
    NginxUpstream v1, v2;
    QVERIFY(v1.start(dir.filePath("nginx-v1"), freePort(), "served-v1"));
    QVERIFY(v2.start(dir.filePath("nginx-v2"), freePort(), "served-v2"));
    QVERIFY(writeFile(dir.filePath("ws/gateway.yaml"), gatewayYaml()));
    QVERIFY(writeFile(dir.filePath("ws/vs.yaml"), routeActionsYaml()));
    QVERIFY(writeFile(dir.filePath("ws/delegate.yaml"), delegateYaml()));
    const std::uint16_t port = freePort();

    ServeChild child;
    QVERIFY(child.start({"--workspace", dir.filePath("ws"), "--port-map",
                         QStringLiteral("80=%1").arg(port), "--admin", "off", "--upstream",
                         QStringLiteral("v1=127.0.0.1:%1").arg(v1.port()), "--upstream",
                         QStringLiteral("v2=127.0.0.1:%1").arg(v2.port())}));
    QProcess &serve = child.process;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    const QStringList host{"-s", "--max-time", "10", "-H", "Host: actions.example.com"};

    // 80/20 over 200 requests: 160 +- 28 (five standard deviations).
    QStringList split = host;
    for (int i = 0; i < 200; ++i)
        split += base + "/split";
    const QString bodies = QString::fromUtf8(run("curl", split, 60000).out);
    const int a = int(bodies.count("served-v1 ")), b = int(bodies.count("served-v2 "));
    QCOMPARE(a + b, 200);
    QVERIFY2(a >= 132 && a <= 188, qPrintable(QStringLiteral("v1=%1 v2=%2").arg(a).arg(b)));

    const auto redirect =
        run("curl", host + QStringList{"-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                                       base + "/old?x=1"});
    QCOMPARE(QString::fromUtf8(redirect.out),
             QStringLiteral("302 http://actions.example.com/new?x=1"));

    const QString rewritten =
        QString::fromUtf8(run("curl", host + QStringList{base + "/api/items?id=3"}).out);
    QVERIFY2(rewritten.startsWith("served-v1 host=internal.example.com "), qPrintable(rewritten));
    QVERIFY2(rewritten.contains("uri=/v2/items?id=3\n"), qPrintable(rewritten));

    const auto down = run("curl", host + QStringList{"-w", " %{http_code}", base + "/down"});
    QCOMPARE(QString::fromUtf8(down.out), QStringLiteral("down for maintenance 503"));

    // Delegation: the delegate's routes under the root's /team/ match, with the root's
    // response header operations; its route outside that match is left out.
    const QString one =
        QString::fromUtf8(run("curl", host + QStringList{"-i", base + "/team/one/x"}).out);
    QVERIFY2(one.contains("\r\nx-root: yes\r\n") && one.contains("served-v2 "), qPrintable(one));
    const QString rest =
        QString::fromUtf8(run("curl", host + QStringList{"-i", base + "/team/two"}).out);
    QVERIFY2(rest.contains("\r\nx-root: yes\r\n") && rest.contains("served-v1 "), qPrintable(rest));
    const auto elsewhere = run(
        "curl", host + QStringList{"-o", "/dev/null", "-w", "%{http_code}", base + "/elsewhere"});
    QCOMPARE(QString::fromUtf8(elsewhere.out), QStringLiteral("404"));

    ::kill(pid_t(serve.processId()), SIGTERM);
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 0);
}

void TestGatewayServe::originatesTlsForEgress() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir().mkpath(dir.filePath("ws/certs")));
    TestPki pki(dir.path());
    QVERIFY(pki.createCa());
    QVERIFY(pki.createLeaf("api", "DNS:api.external.test"));
    QVERIFY(writeFile(dir.filePath("ws/certs/ca.crt"), readFile(pki.path("ca.crt"))));
    QVERIFY(writeFile(dir.filePath("ws/egress.yaml"), egressYaml()));
    // nginx over TLS as the external service: a primary and a canary endpoint.
    const std::uint16_t primary = freePort(), canary = freePort();
    auto server = [&](std::uint16_t port, const QByteArray &tag) {
        return " server { listen 127.0.0.1:" + QByteArray::number(port) +
               " ssl;\n  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_certificate " +
               pki.path("api.crt").toUtf8() + ";\n  ssl_certificate_key " +
               pki.path("api.key").toUtf8() + ";\n  location / { return 200 \"" + tag +
               " sni=$ssl_server_name proto=$ssl_protocol host=$host uri=$request_uri\\n\"; }\n "
               "}\n";
    };
    NginxUpstream external;
    QVERIFY(external.start(dir.filePath("nginx"), freePort(), "plain",
                           server(primary, "primary") + server(canary, "canary")));
    QVERIFY(waitForPort(primary));
    QVERIFY(waitForPort(canary));

    const std::uint16_t port = freePort(), admin = freePort();
    ServeChild child;
    QVERIFY2(
        child.start({"--workspace", dir.filePath("ws"), "--port-map",
                     QStringLiteral("80=%1").arg(port), "--admin",
                     QStringLiteral("127.0.0.1:%1").arg(admin), "--upstream",
                     QStringLiteral("api.external.test=127.0.0.1:%1").arg(primary), "--upstream",
                     QStringLiteral("api.external.test/canary=127.0.0.1:%1").arg(canary)}),
        child.out.constData());
    const QStringList host{"-s", "--max-time", "10", "-H", "Host: api.external.test"};
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    const QString plain = QString::fromUtf8(run("curl", host + QStringList{base + "/get"}).out);
    QVERIFY2(plain.startsWith("primary sni=api.external.test proto=TLSv1.3 "
                              "host=api.external.test uri=/get"),
             qPrintable(plain));
    const QString toCanary =
        QString::fromUtf8(run("curl", host + QStringList{base + "/canary/x"}).out);
    QVERIFY2(toCanary.startsWith("canary sni=api.external.test "), qPrintable(toCanary));
    const QString metrics =
        QString::fromUtf8(run("curl", {"-s", "--max-time", "5",
                                       QStringLiteral("http://127.0.0.1:%1/metrics").arg(admin)})
                              .out);
    QVERIFY2(metrics.contains("\ngatehouse_upstream_tls_handshakes_total 2\n"),
             qPrintable(metrics));
    QVERIFY(metrics.contains("reason=\"certificate_rejected\"} 0"));

    ::kill(pid_t(child.process.processId()), SIGTERM);
    QVERIFY(child.process.waitForFinished(10000));
    QCOMPARE(child.process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestGatewayServe)
#include "tst_gatewayserve.moc"
