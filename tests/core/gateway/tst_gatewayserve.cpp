// 'gatehousectl serve' end to end: a workspace served, reloaded on a file change, an
// invalid change refused, a port in use refused with exit 2, SIGTERM drains with exit 0.
#include "gatewaytestsupport.h"

#include <QTest>

#include <csignal>

using namespace gatehouse::test;

namespace {

const QString kCtl = QStringLiteral(GATEHOUSE_BINARY_DIR "/app/gatehousectl");

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

    QProcess serve;
    serve.start(kCtl, {"serve", "--workspace", dir.filePath("ws"), "--port-map",
                       QStringLiteral("80=%1").arg(port), "--admin", "off", "--upstream",
                       QStringLiteral("app=127.0.0.1:%1").arg(upstream.port())});
    QVERIFY(serve.waitForStarted(5000));
    auto cleanup = qScopeGuard([&] {
        if (serve.state() != QProcess::NotRunning) {
            serve.kill();
            serve.waitForFinished(3000);
        }
    });
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += serve.readAllStandardOutput()).contains("listening"), 10000);
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

QTEST_GUILESS_MAIN(TestGatewayServe)
#include "tst_gatewayserve.moc"
