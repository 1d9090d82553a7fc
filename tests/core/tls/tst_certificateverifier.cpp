#include "tls/certificatebuilder.h"
#include "tls/certificateverifier.h"

#include <QTest>

using namespace gatehouse;
using namespace gatehouse::core;
using namespace std::chrono;

// Each failure a chain can have gives exactly its own verdict.
class TestCertificateVerifier : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void verdicts_data();
    void verdicts();
    void validChainPasses();
    void everyProblemIsReported();

private:
    struct Made {
        std::vector<Certificate> presented;
        VerifyOptions options;
    };
    Made make(const QString &kind);

    std::optional<PrivateKey> m_caKey;
    std::optional<Certificate> m_ca;
    std::optional<PrivateKey> m_otherCaKey;
    std::optional<Certificate> m_otherCa;
    std::optional<PrivateKey> m_key;
};

void TestCertificateVerifier::initTestCase() {
    m_caKey = *PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    m_ca = *createSelfSigned(CertificateSpec::ca("Verifier Root"), *m_caKey);
    m_otherCaKey = *PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    m_otherCa = *createSelfSigned(CertificateSpec::ca("Other Root"), *m_otherCaKey);
    m_key = *PrivateKey::generate(KeyAlgorithm::EcdsaP256);
}

TestCertificateVerifier::Made TestCertificateVerifier::make(const QString &kind) {
    Made m;
    m.options.trustAnchors = {*m_ca};
    m.options.host = "www.example.com";
    CertificateSpec spec = CertificateSpec::serverLeaf({"www.example.com"}, hours(24 * 30));
    const auto now = system_clock::now();
    std::optional<Certificate> leaf;
    if (kind == u"expired") {
        spec.notBefore = now - hours(24 * 60);
    } else if (kind == u"not-yet-valid") {
        spec.notBefore = now + hours(24 * 2);
    } else if (kind == u"wrong-host") {
        m.options.host = "shop.example.org";
    } else if (kind == u"wrong-key") {
        m.options.privateKey = *PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    } else if (kind == u"self-signed") {
        leaf = *createSelfSigned(spec, *m_key);
    } else if (kind == u"unknown-issuer") {
        leaf = *createSigned(spec, *m_key, *m_otherCa, *m_otherCaKey);
    } else if (kind == u"weak-key") {
        // An RSA 2048 key checked against a 3072-bit minimum.
        auto rsa = PrivateKey::generate(KeyAlgorithm::Rsa2048);
        leaf = *createSigned(spec, *rsa, *m_ca, *m_caKey);
        m.options.minRsaBits = 3072;
    } else if (kind == u"sha1-signature") {
        spec.digest = SignatureDigest::Sha1;
    } else if (kind == u"ca-flag-missing") {
        // An intermediate without CA:TRUE that issued the leaf. createSigned() refuses a
        // non-CA issuer, so the leaf is signed with the intermediate's key under a CA "twin"
        // of the same name; the non-CA intermediate is what the chain presents.
        CertificateSpec notCa = CertificateSpec::serverLeaf({"intermediate.example"});
        auto midKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
        auto mid = createSigned(notCa, *midKey, *m_ca, *m_caKey);
        CertificateSpec twinSpec;
        twinSpec.subject = "CN=intermediate.example";
        twinSpec.isCa = true;
        auto twin = createSelfSigned(twinSpec, *midKey);
        leaf = *createSigned(spec, *m_key, *twin, *midKey);
        m.presented = {*leaf, *mid};
        return m;
    } else if (kind == u"wrong-eku") {
        spec.extendedKeyUsage = {"clientAuth"};
    }
    if (!leaf)
        leaf = *createSigned(spec, *m_key, *m_ca, *m_caKey);
    m.presented = {*leaf};
    return m;
}

void TestCertificateVerifier::verdicts_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("problem");
    QTest::newRow("expired") << "expired" << int(VerifyProblem::Expired);
    QTest::newRow("not yet valid") << "not-yet-valid" << int(VerifyProblem::NotYetValid);
    QTest::newRow("wrong host") << "wrong-host" << int(VerifyProblem::HostnameNotCovered);
    QTest::newRow("wrong key") << "wrong-key" << int(VerifyProblem::KeyMismatch);
    QTest::newRow("self-signed") << "self-signed" << int(VerifyProblem::SelfSigned);
    QTest::newRow("unknown issuer") << "unknown-issuer" << int(VerifyProblem::UnknownIssuer);
    QTest::newRow("weak key") << "weak-key" << int(VerifyProblem::WeakKey);
    QTest::newRow("sha1") << "sha1-signature" << int(VerifyProblem::Sha1Signature);
    QTest::newRow("ca flag") << "ca-flag-missing" << int(VerifyProblem::CaFlagMissing);
    QTest::newRow("wrong eku") << "wrong-eku" << int(VerifyProblem::WrongEku);
}

void TestCertificateVerifier::verdicts() {
    QFETCH(QString, kind);
    QFETCH(int, problem);
    Made m = make(kind);
    auto result = verifyChain(m.presented, m.options);
    QVERIFY2(result, result ? "" : result.error().toString().c_str());
    QStringList got;
    for (const VerifyFinding &f : result->findings)
        got << QString::fromLatin1(toString(f.problem).data());
    // Exactly the one verdict (its own), nothing else.
    QCOMPARE(got, QStringList{QString::fromLatin1(toString(VerifyProblem(problem)).data())});
    QVERIFY(!result->findings.front().message.empty());
}

void TestCertificateVerifier::validChainPasses() {
    Made m = make("valid");
    auto result = verifyChain(m.presented, m.options);
    QVERIFY(result);
    QVERIFY(result->ok());
    QCOMPARE(result->chain.size(), size_t(2));
    QVERIFY(result->chain.back() == *m_ca);
    QVERIFY(!verifyChain({}, m.options));
}

void TestCertificateVerifier::everyProblemIsReported() {
    CertificateSpec spec = CertificateSpec::serverLeaf({"old.example"}, hours(24));
    spec.notBefore = system_clock::now() - hours(24 * 10);
    auto cert = createSelfSigned(spec, *m_key);
    VerifyOptions options;
    options.trustAnchors = {*m_ca};
    options.host = "new.example";
    auto result = verifyChain({*cert}, options);
    QVERIFY(result);
    QVERIFY(result->has(VerifyProblem::Expired));
    QVERIFY(result->has(VerifyProblem::SelfSigned));
    QVERIFY(result->has(VerifyProblem::HostnameNotCovered));
}

QTEST_GUILESS_MAIN(TestCertificateVerifier)
#include "tst_certificateverifier.moc"
