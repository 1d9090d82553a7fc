// The Qt adapter: start, serve, reload, refuse a bad reload, poll stats, stop; with curl.
#include "controller/gatewaycontroller.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace gatehouse;
using namespace gatehouse::core;

namespace {

std::shared_ptr<gateway::Config> config(std::uint16_t port, int status) {
    auto c = std::make_shared<gateway::Config>();
    c->adminPort = 0;
    gateway::Route r;
    r.name = "direct";
    r.path = {gateway::PathMatch::Kind::Prefix, "/"};
    r.directStatus = status;
    c->routeTables.push_back({"t", {{"any", {"*"}, false, 443, {r}}}});
    c->listeners.push_back({"http", "127.0.0.1", port, 80, false, {}, "t"});
    return c;
}

QString curlStatus(std::uint16_t port) {
    QProcess p;
    p.start("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10",
                     QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished(2000);
        return "timeout";
    }
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestGatewayController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lifecycle();
    void portInUseFailsToStart();
};

void TestGatewayController::lifecycle() {
    GatewayController controller;
    controller.setPollInterval(50);
    QSignalSpy started(&controller, &GatewayController::started);
    QSignalSpy reloaded(&controller, &GatewayController::reloaded);
    QSignalSpy reloadFailed(&controller, &GatewayController::reloadFailed);
    QSignalSpy stats(&controller, &GatewayController::statsUpdated);
    QSignalSpy stopped(&controller, &GatewayController::stopped);

    controller.start(config(0, 204), 2);
    QCOMPARE(controller.state(), GatewayController::State::Starting);
    QVERIFY(started.wait(10000));
    QCOMPARE(controller.state(), GatewayController::State::Running);
    const auto addresses = controller.listeningAddresses();
    QCOMPARE(addresses.size(), std::size_t(1));
    const std::uint16_t port = addresses[0].port;
    QVERIFY(port != 0);
    QVERIFY(controller.adminAddress().has_value());
    QCOMPARE(curlStatus(port), QStringLiteral("204"));

    // The same listener, a new answer: the socket is kept, the route changes.
    controller.reload(config(0, 200));
    QVERIFY(reloaded.wait(10000));
    QCOMPARE(reloaded.first().first().toULongLong(), quint64(2));
    QCOMPARE(controller.listeningAddresses().at(0).port, port);
    QCOMPARE(curlStatus(port), QStringLiteral("200"));

    auto bad = config(0, 200);
    bad->routeTables[0].virtualHosts[0].routes[0].path = {gateway::PathMatch::Kind::Regex, "(["};
    controller.reload(bad);
    QVERIFY(reloadFailed.wait(10000));
    QCOMPARE(QString::fromStdString(reloadFailed.first().first().value<Error>().code),
             QStringLiteral("gateway.route.regex"));
    QCOMPARE(curlStatus(port), QStringLiteral("200"));

    QTRY_VERIFY_WITH_TIMEOUT(controller.stats().requests >= 3, 5000);
    QVERIFY(stats.count() > 0);
    QCOMPARE(controller.stats().responsesByClass[1], std::uint64_t(3));

    controller.stop();
    QVERIFY(stopped.wait(10000));
    QCOMPARE(controller.state(), GatewayController::State::Stopped);
    QCOMPARE(curlStatus(port), QStringLiteral("000"));
}

void TestGatewayController::portInUseFailsToStart() {
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    GatewayController controller;
    QSignalSpy failed(&controller, &GatewayController::startFailed);
    controller.start(config(taken.serverPort(), 200), 1);
    QVERIFY(failed.wait(10000));
    QCOMPARE(QString::fromStdString(failed.first().first().value<Error>().code),
             QStringLiteral("gateway.listener.bind"));
    QCOMPARE(controller.state(), GatewayController::State::Stopped);
}

QTEST_GUILESS_MAIN(TestGatewayController)
#include "tst_gatewaycontroller.moc"
