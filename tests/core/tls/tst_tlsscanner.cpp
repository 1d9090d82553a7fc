#include "tlspeers.h"

#include "tls/certificateloader.h"
#include "tls/gatewaytlspolicy.h"
#include "tls/policydiff.h"
#include "tls/tlsjson.h"
#include "tls/tlsscanner.h"

#include <QFile>
#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace gatehouse;
using namespace gatehouse::core;
using namespace gatehouse::test;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(gatehouse::test::TlsSetup)

namespace {

const QStringList kymaFive{"ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES256-GCM-SHA384",
                           "ECDHE-RSA-AES256-SHA", "ECDHE-RSA-AES128-GCM-SHA256",
                           "ECDHE-RSA-AES128-SHA"};

QSet<QString> toSet(const std::vector<std::string> &list) {
    QSet<QString> s;
    for (const std::string &x : list)
        s.insert(QString::fromStdString(x));
    return s;
}

QStringList toList(const std::vector<std::string> &list) {
    QStringList l;
    for (const std::string &x : list)
        l << QString::fromStdString(x);
    return l;
}

} // namespace

class TestTlsScanner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scanMatchesPeer_data();
    void scanMatchesPeer();
    void nginxHttpChecks();
    void refusedPort();
    void plainTextPort();
    void silentPortTimesOut();
    void cancelStopsScan();
    void policyDeviations();
    void gatewayPolicyFromYaml();

private:
    QTemporaryDir m_dir;
    std::optional<PeerFiles> m_files;
};

void TestTlsScanner::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_files = makePeerFiles(m_dir.path());
    QVERIFY(m_files);
}

void TestTlsScanner::scanMatchesPeer_data() {
    QTest::addColumn<QString>("peerKind");
    QTest::addColumn<TlsSetup>("setup");
    const TlsSetup legacy{"legacy",
                          {"TLSv1.0", "TLSv1.1"},
                          {"ECDHE-RSA-AES128-SHA", "AES256-SHA", "CAMELLIA128-SHA"},
                          {},
                          true};
    const TlsSetup tls13{
        "tls13", {"TLSv1.3"}, {}, {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}, true};
    const TlsSetup kyma{"kyma", {"TLSv1.2"}, kymaFive, {}, true};
    const TlsSetup clientOrder{"client-order",
                               {"TLSv1.2", "TLSv1.3"},
                               {"AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"},
                               {"TLS_AES_128_GCM_SHA256"},
                               false};
    for (const QString kind : {"s_server", "nginx"}) {
        QTest::addRow("%s legacy 1.0/1.1 CBC", qPrintable(kind)) << kind << legacy;
        QTest::addRow("%s TLS 1.3 only", qPrintable(kind)) << kind << tls13;
        QTest::addRow("%s Kyma five TLS 1.2", qPrintable(kind)) << kind << kyma;
        QTest::addRow("%s client order", qPrintable(kind)) << kind << clientOrder;
    }
}

void TestTlsScanner::scanMatchesPeer() {
    QFETCH(QString, peerKind);
    QFETCH(TlsSetup, setup);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const quint16 port = freePort();
    QVERIFY(port);
    Peer peer;
    if (peerKind == u"nginx")
        QVERIFY2(startNginx(peer, setup, *m_files, dir.path(), port, freePort()),
                 qPrintable(peer.output()));
    else
        QVERIFY2(startSServer(peer, setup, *m_files, port), qPrintable(peer.output()));

    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.sni = "peer.example";
    options.checkHttp = false;
    options.trustAnchors = {m_files->ca};
    int lastDone = 0;
    int lastTotal = 0;
    auto report = scanTls(options, {}, [&](int done, int total) {
        lastDone = done;
        lastTotal = total;
    });
    QVERIFY2(report, report ? "" : report.error().toString().c_str());
    QVERIFY(lastTotal > 0);
    QCOMPARE(lastDone, lastTotal);
    QCOMPARE(report->failedProbes, 0);

    // Exactly the configured versions and ciphers.
    for (TlsVersion v : allTlsVersions) {
        const QString name = QString::fromLatin1(toString(v).data());
        const VersionScan &vs = report->scanOf(v);
        QCOMPARE(vs.accepted, setup.versions.contains(name));
        QSet<QString> expected;
        if (vs.accepted || setup.versions.contains(name)) {
            const QStringList &list = v == TlsVersion::Tls1_3 ? setup.tls13Suites : setup.ciphers;
            expected = QSet<QString>(list.begin(), list.end());
        }
        QCOMPARE(toSet(vs.ciphers), expected);
        if (vs.ciphers.size() >= 2) {
            QVERIFY(vs.serverOrder.has_value());
            QCOMPARE(*vs.serverOrder, setup.serverOrder);
            if (setup.serverOrder && v != TlsVersion::Tls1_3)
                QCOMPARE(toList(vs.ciphers), setup.ciphers);
            if (setup.serverOrder && v == TlsVersion::Tls1_3)
                QCOMPARE(toList(vs.ciphers), setup.tls13Suites);
        }
    }
    // The chain the peer presents, verified against our CA for the SNI name.
    QCOMPARE(report->certificates.size(), size_t(2));
    QVERIFY(report->certificates.front() == m_files->leaf);
    QVERIFY(report->verification);
    QVERIFY(report->verification->ok());
    QVERIFY(!report->groups.empty());

    // sslscan on the same server agrees.
    auto sslscan = runSslscan(port, "peer.example", 60s);
    QVERIFY(sslscan);
    QSet<QString> ours;
    for (TlsVersion v : allTlsVersions) {
        if (report->accepts(v))
            ours.insert(QString::fromLatin1(toString(v).data()));
    }
    QCOMPARE(ours, sslscan->versions);
    for (TlsVersion v : allTlsVersions) {
        const QString name = QString::fromLatin1(toString(v).data());
        QCOMPARE(toSet(report->scanOf(v).ciphers), sslscan->ciphers.value(name));
    }

    // The JSON has the keys the issue asks for.
    const QJsonObject json = scanReportToJson(*report);
    for (const char *key : {"protocols", "ciphers", "groups", "alpn", "certificates", "deviations"})
        QVERIFY2(json.contains(QLatin1String(key)), key);
    QCOMPARE(json["protocols"].toObject().size(), 4);
    QVERIFY(json["ciphers"].toObject().contains("TLSv1.0"));
}

void TestTlsScanner::nginxHttpChecks() {
    QTemporaryDir dir;
    const quint16 port = freePort();
    const quint16 httpPort = freePort();
    Peer peer;
    const TlsSetup setup{
        "kyma", {"TLSv1.2", "TLSv1.3"}, kymaFive, {"TLS_AES_128_GCM_SHA256"}, true};
    QVERIFY2(startNginx(peer, setup, *m_files, dir.path(), port, httpPort),
             qPrintable(peer.output()));
    QVERIFY(waitForPort(httpPort, 5s));
    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.sni = "peer.example";
    options.httpPort = httpPort;
    auto report = scanTls(options);
    QVERIFY2(report, report ? "" : report.error().toString().c_str());
    QVERIFY(report->http.checked);
    QCOMPARE(report->http.status, 200);
    QCOMPARE(report->http.hstsMaxAge.value_or(-1), 31536000LL);
    QVERIFY(report->http.hstsIncludeSubDomains);
    QVERIFY(report->http.httpListening);
    QCOMPARE(report->http.httpStatus, 301);
    QVERIFY(report->http.redirectsToHttps);
    QCOMPARE(QString::fromStdString(report->http.httpLocation),
             QStringLiteral("https://peer.example:%1/").arg(port));
    // nginx 1.22 on OpenSSL 3 offers tickets and a session cache.
    QVERIFY(report->resumption.sessionTicket);
    QCOMPARE(report->alpn, std::vector<std::string>{"http/1.1"});
    QVERIFY(!report->ocspStapled);
}

void TestTlsScanner::refusedPort() {
    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = freePort(); // nothing listens there any more
    auto report = scanTls(options);
    QVERIFY(!report);
    QCOMPARE(report.error().code, std::string("scan.refused"));
}

void TestTlsScanner::plainTextPort() {
    QTemporaryDir dir;
    const quint16 port = freePort();
    const quint16 httpPort = freePort();
    Peer peer;
    const TlsSetup setup{"kyma", {"TLSv1.2"}, kymaFive, {}, true};
    QVERIFY(startNginx(peer, setup, *m_files, dir.path(), port, httpPort));
    QVERIFY(waitForPort(httpPort, 5s));
    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = httpPort; // plain HTTP
    options.handshakeTimeout = 2s;
    const auto started = std::chrono::steady_clock::now();
    auto report = scanTls(options);
    QVERIFY(!report);
    QCOMPARE(report.error().code, std::string("scan.not_tls"));
    QVERIFY(std::chrono::steady_clock::now() - started < 5s);
}

void TestTlsScanner::silentPortTimesOut() {
    // A listener that never accepts: the kernel completes TCP, nobody speaks TLS.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = silent.serverPort();
    options.handshakeTimeout = 300ms;
    const auto started = std::chrono::steady_clock::now();
    auto report = scanTls(options);
    QVERIFY(!report);
    QCOMPARE(report.error().code, std::string("scan.timeout"));
    QVERIFY(std::chrono::steady_clock::now() - started < 3s);
}

void TestTlsScanner::cancelStopsScan() {
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = silent.serverPort();
    options.handshakeTimeout = 60s; // only the cancel can end this soon
    CancelToken cancel;
    std::jthread canceller([cancel] {
        std::this_thread::sleep_for(200ms);
        cancel.cancel();
    });
    const auto started = std::chrono::steady_clock::now();
    auto report = scanTls(options, cancel);
    QVERIFY(!report);
    QCOMPARE(report.error().code, std::string("scan.cancelled"));
    QVERIFY(std::chrono::steady_clock::now() - started < 3s);
}

void TestTlsScanner::policyDeviations() {
    Peer peer;
    const quint16 port = freePort();
    const TlsSetup setup{"mixed",
                         {"TLSv1.1", "TLSv1.2"},
                         {"ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-GCM-SHA384"},
                         {},
                         true};
    QVERIFY(startSServer(peer, setup, *m_files, port));
    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.sni = "peer.example";
    options.checkHttp = false;
    auto report = scanTls(options);
    QVERIFY2(report, report ? "" : report.error().toString().c_str());

    TlsPolicy policy;
    policy.minVersion = TlsVersion::Tls1_2;
    policy.maxVersion = TlsVersion::Tls1_2;
    policy.cipherSuites = {"ECDHE-RSA-AES256-GCM-SHA384"};
    policy.hosts = {"istio-system/peer.example", "a.peer.example", "*.example.com", "*"};
    QStringList messages;
    for (const PolicyDeviation &d : PolicyDiff::compare(*report, policy))
        messages << QString::fromStdString(d.message);
    messages.sort();
    QStringList expected{"TLSv1.1 accepted but minProtocolVersion is TLSV1_2",
                         "ECDHE-RSA-AES128-SHA accepted but not in cipherSuites",
                         "certificate does not cover host *.example.com"};
    expected.sort();
    QCOMPARE(messages, expected);

    // TLS_AUTO means Envoy's server defaults: TLS 1.2..1.3 and its default cipher list.
    TlsPolicy automatic;
    QStringList autoMessages;
    for (const PolicyDeviation &d : PolicyDiff::compare(*report, automatic))
        autoMessages << QString::fromStdString(d.message);
    QVERIFY(autoMessages.contains("TLSv1.1 accepted but minProtocolVersion is TLS_AUTO (TLSv1.2)"));
    QVERIFY(autoMessages.contains(
        "TLSv1.3 not accepted but the policy allows TLS_AUTO (TLSv1.2) to TLS_AUTO (TLSv1.3)"));
    QVERIFY(autoMessages.contains(
        "ECDHE-RSA-AES128-SHA accepted but not in Envoy's default cipherSuites"));
    QVERIFY(!autoMessages.join('\n').contains("ECDHE-RSA-AES256-GCM-SHA384"));
}

void TestTlsScanner::gatewayPolicyFromYaml() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath("gateway.yaml");
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"(apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: kyma-gateway
  namespace: kyma-system
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 443
        name: https
        protocol: HTTPS
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
      hosts:
        - "*.peer.example"
        - "*.kyma.example"
    - port:
        number: 80
        name: http
        protocol: HTTP
      tls:
        httpsRedirect: true
      hosts:
        - "*.peer.example"
)");
    f.close();

    auto policy = loadGatewayPolicy(file.toStdString(), "https");
    QVERIFY2(policy, policy ? "" : policy.error().toString().c_str());
    QCOMPARE(policy->minVersion, std::optional<TlsVersion>(TlsVersion::Tls1_2));
    QVERIFY(!policy->maxVersion);
    QCOMPARE(policy->cipherSuites.size(), size_t(5));
    QCOMPARE(policy->hosts, (std::vector<std::string>{"*.peer.example", "*.kyma.example"}));
    QVERIFY(loadGatewayPolicy(file.toStdString(), "443"));
    QVERIFY(loadGatewayPolicy(file.toStdString(), "kyma-gateway/https"));
    QCOMPARE(loadGatewayPolicy(file.toStdString(), "nope").error().code,
             std::string("policy.no_server"));
    // The port-80 server only redirects: the one TLS server is found without a name.
    auto only = loadGatewayPolicy(file.toStdString(), "");
    QVERIFY(only);
    QCOMPARE(only->hosts, policy->hosts);

    Peer peer;
    const quint16 port = freePort();
    const TlsSetup setup{
        "mixed", {"TLSv1.1", "TLSv1.2"}, {"ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256"}, {}, true};
    QVERIFY(startSServer(peer, setup, *m_files, port));
    ScanOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.sni = "peer.example";
    options.checkHttp = false;
    auto report = scanTls(options);
    QVERIFY2(report, report ? "" : report.error().toString().c_str());
    QStringList messages;
    for (const PolicyDeviation &d : PolicyDiff::compare(*report, *policy))
        messages << QString::fromStdString(d.message);
    messages.sort();
    QStringList expected{"AES128-GCM-SHA256 accepted but not in cipherSuites",
                         "TLSv1.1 accepted but minProtocolVersion is TLSV1_2",
                         "TLSv1.3 not accepted but the policy allows TLSV1_2 to TLS_AUTO (TLSv1.3)",
                         "certificate does not cover host *.kyma.example"};
    expected.sort();
    QCOMPARE(messages, expected);
}

QTEST_GUILESS_MAIN(TestTlsScanner)
#include "tst_tlsscanner.moc"
