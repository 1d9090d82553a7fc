#include "tls/policydiff.h"
#include "tls/tlspolicy.h"

#include <QTest>

using namespace gatehouse;
using namespace gatehouse::core;

// Istio's ServerTLSSettings semantics as Envoy applies them to a server.
class TestTlsPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void istioVersionNames_data();
    void istioVersionNames();
    void autoMeansEnvoyServerDefaults();
    void cipherSuitesFlattenEnvoyGroups();
    void diffOfHandMadeReport();
};

void TestTlsPolicy::istioVersionNames_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("version"); // -1 = TLS_AUTO, -2 = error
    QTest::newRow("auto") << "TLS_AUTO" << -1;
    QTest::newRow("unset") << "" << -1;
    QTest::newRow("1.0") << "TLSV1_0" << int(TlsVersion::Tls1_0);
    QTest::newRow("1.1") << "TLSV1_1" << int(TlsVersion::Tls1_1);
    QTest::newRow("1.2") << "TLSV1_2" << int(TlsVersion::Tls1_2);
    QTest::newRow("1.3") << "TLSV1_3" << int(TlsVersion::Tls1_3);
    QTest::newRow("openssl spelling") << "TLSv1.2" << -2;
    QTest::newRow("garbage") << "TLSV2_0" << -2;
}

void TestTlsPolicy::istioVersionNames() {
    QFETCH(QString, text);
    QFETCH(int, version);
    auto parsed = parseIstioTlsVersion(text.toStdString());
    if (version == -2) {
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, std::string("policy.version"));
        return;
    }
    QVERIFY(parsed);
    QCOMPARE(parsed->has_value(), version >= 0);
    if (version >= 0) {
        QCOMPARE(int(**parsed), version);
        QCOMPARE(istioName(**parsed), std::string_view(text.toStdString()));
    }
}

void TestTlsPolicy::autoMeansEnvoyServerDefaults() {
    TlsPolicy p;
    QCOMPARE(int(p.effectiveMinVersion()), int(TlsVersion::Tls1_2));
    QCOMPARE(int(p.effectiveMaxVersion()), int(TlsVersion::Tls1_3));
    QVERIFY(!p.allowsVersion(TlsVersion::Tls1_1));
    QVERIFY(p.allowsVersion(TlsVersion::Tls1_3));
    QCOMPARE(p.minVersionText(), std::string("TLS_AUTO (TLSv1.2)"));
    QCOMPARE(p.effectiveCipherSuites(), envoyDefaultCipherSuites());
    QCOMPARE(envoyDefaultCipherSuites().size(), size_t(6));
    p.minVersion = TlsVersion::Tls1_0;
    p.maxVersion = TlsVersion::Tls1_1;
    QVERIFY(p.allowsVersion(TlsVersion::Tls1_0));
    QVERIFY(!p.allowsVersion(TlsVersion::Tls1_2));
    QCOMPARE(p.maxVersionText(), std::string("TLSV1_1"));
}

void TestTlsPolicy::cipherSuitesFlattenEnvoyGroups() {
    TlsPolicy p;
    p.cipherSuites = {"[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]",
                      "AES128-SHA"};
    QCOMPARE(p.effectiveCipherSuites(),
             (std::vector<std::string>{"ECDHE-ECDSA-AES128-GCM-SHA256",
                                       "ECDHE-ECDSA-CHACHA20-POLY1305", "AES128-SHA"}));
}

void TestTlsPolicy::diffOfHandMadeReport() {
    ScanReport r;
    for (TlsVersion v : allTlsVersions)
        r.versions[size_t(index(v))].version = v;
    r.versions[size_t(index(TlsVersion::Tls1_2))] = {TlsVersion::Tls1_2, true, {"AES128-SHA"}, {}};
    r.versions[size_t(index(TlsVersion::Tls1_3))] = {
        TlsVersion::Tls1_3, true, {"TLS_AES_128_CCM_8_SHA256"}, {}};
    TlsPolicy p;
    p.maxVersion = TlsVersion::Tls1_2;
    p.cipherSuites = {"AES128-SHA"};
    p.hosts = {"*"};
    const auto d = PolicyDiff::compare(r, p);
    // cipherSuites do not govern TLS 1.3; "*" needs no certificate check.
    QCOMPARE(d.size(), size_t(1));
    QCOMPARE(int(d.front().kind), int(DeviationKind::VersionAboveMaximum));
    QCOMPARE(d.front().message, std::string("TLSv1.3 accepted but maxProtocolVersion is TLSV1_2"));
    p.hosts = {"ns/app.example"};
    const auto noCert = PolicyDiff::compare(r, p);
    QCOMPARE(int(noCert.back().kind), int(DeviationKind::NoCertificate));
}

QTEST_GUILESS_MAIN(TestTlsPolicy)
#include "tst_tlspolicy.moc"
