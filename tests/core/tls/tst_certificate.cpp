#include "tls/certificate.h"
#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"
#include "tls/hostname.h"
#include "tls/privatekey.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gatehouse;
using namespace gatehouse::core;
using namespace std::chrono;

class TestCertificate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void generateKeys_data();
    void generateKeys();
    void encryptedKeyRoundTrip();
    void keySavedPrivately();
    void selfSignedCa();
    void leafSignedByCa();
    void wildcardSelfSigned();
    void loadForms();
    void pkcs12RoundTrip();
    void csrSigned();
    void hostMatching_data();
    void hostMatching();
    void validityAt();
};

void TestCertificate::generateKeys_data() {
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("bits");
    QTest::addColumn<QString>("description");
    QTest::newRow("rsa2048") << int(KeyAlgorithm::Rsa2048) << int(KeyType::Rsa) << 2048
                             << "RSA 2048";
    QTest::newRow("rsa3072") << int(KeyAlgorithm::Rsa3072) << int(KeyType::Rsa) << 3072
                             << "RSA 3072";
    QTest::newRow("p256") << int(KeyAlgorithm::EcdsaP256) << int(KeyType::Ec) << 256 << "EC P-256";
    QTest::newRow("p384") << int(KeyAlgorithm::EcdsaP384) << int(KeyType::Ec) << 384 << "EC P-384";
    QTest::newRow("ed25519") << int(KeyAlgorithm::Ed25519) << int(KeyType::Ed25519) << 256
                             << "Ed25519";
}

void TestCertificate::generateKeys() {
    QFETCH(int, algorithm);
    QFETCH(int, type);
    QFETCH(int, bits);
    QFETCH(QString, description);
    auto key = PrivateKey::generate(KeyAlgorithm(algorithm));
    QVERIFY2(key, key ? "" : key.error().toString().c_str());
    const PublicKeyInfo info = key->publicKeyInfo();
    QCOMPARE(int(info.type), type);
    QCOMPARE(info.bits, bits);
    QCOMPARE(QString::fromStdString(info.description()), description);

    auto pem = key->toPem();
    QVERIFY(pem);
    QVERIFY(pem->starts_with("-----BEGIN PRIVATE KEY-----"));
    auto back = PrivateKey::fromData(*pem);
    QVERIFY(back);
    QCOMPARE(back->publicKeyDer(), key->publicKeyDer());
    auto der = key->toDer();
    QVERIFY(der);
    auto fromDer = PrivateKey::fromData(*der);
    QVERIFY2(fromDer, fromDer ? "" : fromDer.error().toString().c_str());
    QCOMPARE(fromDer->publicKeyDer(), key->publicKeyDer());
}

void TestCertificate::encryptedKeyRoundTrip() {
    auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    QVERIFY(key);
    auto pem = key->toPem("s3cret");
    QVERIFY(pem);
    QVERIFY(pem->find("ENCRYPTED PRIVATE KEY") != std::string::npos);

    auto noPass = PrivateKey::fromData(*pem);
    QVERIFY(!noPass);
    QCOMPARE(QString::fromStdString(noPass.error().code), u"key.passphrase_required");
    auto wrong = PrivateKey::fromData(*pem, "wrong");
    QVERIFY(!wrong);
    QCOMPARE(QString::fromStdString(wrong.error().code), u"key.bad_passphrase");
    auto right = PrivateKey::fromData(*pem, "s3cret");
    QVERIFY(right);
    QCOMPARE(right->publicKeyDer(), key->publicKeyDer());
    // Base64 of the PEM, as in a Secret's data.
    auto wrapped = PrivateKey::fromData(base64Encode(*pem), "s3cret");
    QVERIFY(wrapped);
}

void TestCertificate::keySavedPrivately() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto key = PrivateKey::generate(KeyAlgorithm::Ed25519);
    QVERIFY(key);
    const std::filesystem::path path = dir.filePath("tls.key").toStdString();
    QVERIFY(key->save(path));
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    auto loaded = PrivateKey::load(path);
    QVERIFY(loaded);
    QCOMPARE(loaded->publicKeyDer(), key->publicKeyDer());
    // Only the key file is left in the folder (the temporary was renamed).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestCertificate::selfSignedCa() {
    auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP384);
    QVERIFY(key);
    CertificateSpec spec = CertificateSpec::ca("Gatehouse Test CA");
    spec.subject += ",O=Gatehouse,C=DE";
    auto ca = createSelfSigned(spec, *key);
    QVERIFY2(ca, ca ? "" : ca.error().toString().c_str());
    const CertificateInfo info = ca->info();
    QCOMPARE(info.subject, std::string("CN=Gatehouse Test CA, O=Gatehouse, C=DE"));
    QCOMPARE(info.issuer, info.subject);
    QCOMPARE(info.commonName, std::string("Gatehouse Test CA"));
    QCOMPARE(info.version, 3);
    QVERIFY(info.basicConstraints.present);
    QVERIFY(info.basicConstraints.critical);
    QVERIFY(info.basicConstraints.ca);
    QVERIFY(std::ranges::find(info.keyUsage, "keyCertSign") != info.keyUsage.end());
    QVERIFY(info.extendedKeyUsage.empty());
    QVERIFY(!info.subjectKeyId.empty());
    QVERIFY(info.selfIssued);
    QVERIFY(info.selfSigned);
    QCOMPARE(info.publicKey.description(), std::string("EC P-384"));
    QCOMPARE(info.signatureAlgorithm, std::string("ecdsa-with-SHA256"));
    QCOMPARE(info.signatureDigest, std::string("SHA256"));
    QCOMPARE(info.sha256Fingerprint.size(), size_t(32 * 3 - 1));
    QCOMPARE(info.sha1Fingerprint.size(), size_t(20 * 3 - 1));
    QVERIFY(key->matches(*ca));
    QVERIFY(ca->isCa());
    QVERIFY(ca->isIssuedBy(*ca));
    const auto lifetime = info.notAfter - info.notBefore;
    QCOMPARE(duration_cast<hours>(lifetime).count(), 24 * 365 * 10);
}

void TestCertificate::leafSignedByCa() {
    auto caKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    QVERIFY(caKey);
    auto ca = createSelfSigned(CertificateSpec::ca("Test CA"), *caKey);
    QVERIFY(ca);
    auto leafKey = PrivateKey::generate(KeyAlgorithm::Rsa2048);
    QVERIFY(leafKey);
    CertificateSpec spec = CertificateSpec::serverLeaf({"api.example.com", "*.apps.example.com"});
    spec.ipAddresses = {"127.0.0.1", "::1"};
    spec.uris = {"spiffe://cluster.local/ns/istio-system/sa/gw"};
    spec.emails = {"ops@example.com"};
    auto leaf = createSigned(spec, *leafKey, *ca, *caKey);
    QVERIFY2(leaf, leaf ? "" : leaf.error().toString().c_str());
    const CertificateInfo info = leaf->info();
    QCOMPARE(info.subject, std::string("CN=api.example.com"));
    QCOMPARE(info.issuer, std::string("CN=Test CA"));
    QCOMPARE(info.dnsNames, (std::vector<std::string>{"api.example.com", "*.apps.example.com"}));
    QCOMPARE(info.ipAddresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
    QCOMPARE(info.uris.size(), size_t(1));
    QCOMPARE(info.emails, std::vector<std::string>{"ops@example.com"});
    QCOMPARE(info.extendedKeyUsage, (std::vector<std::string>{"serverAuth", "clientAuth"}));
    QVERIFY(std::ranges::find(info.keyUsage, "keyEncipherment") != info.keyUsage.end());
    QVERIFY(info.basicConstraints.present && !info.basicConstraints.ca);
    QCOMPARE(info.authorityKeyId, ca->info().subjectKeyId);
    QVERIFY(!info.selfIssued);
    QVERIFY(leaf->isIssuedBy(*ca));
    QVERIFY(!ca->isIssuedBy(*leaf));
    QVERIFY(leafKey->matches(*leaf));
    QVERIFY(!caKey->matches(*leaf));

    QVERIFY(leaf->coversHost("api.example.com"));
    QVERIFY(leaf->coversHost("API.Example.COM."));
    QVERIFY(leaf->coversHost("web.apps.example.com"));
    QVERIFY(!leaf->coversHost("a.b.apps.example.com"));
    QVERIFY(!leaf->coversHost("apps.example.com"));
    QVERIFY(leaf->coversHost("*.apps.example.com"));
    QVERIFY(!leaf->coversHost("*.example.com"));
    QVERIFY(leaf->coversHost("127.0.0.1"));
    QVERIFY(leaf->coversHost("0:0:0:0:0:0:0:1"));
    QVERIFY(!leaf->coversHost("127.0.0.2"));

    // The issuer must be a CA and its key must match.
    QVERIFY(!createSigned(spec, *leafKey, *leaf, *leafKey));
    QCOMPARE(createSigned(spec, *leafKey, *ca, *leafKey).error().code,
             std::string("cert.issuer_key_mismatch"));
}

void TestCertificate::wildcardSelfSigned() {
    auto key = PrivateKey::generate(KeyAlgorithm::Ed25519);
    QVERIFY(key);
    auto cert = createSelfSigned(CertificateSpec::serverLeaf({"*.local.kyma.dev"}), *key);
    QVERIFY2(cert, cert ? "" : cert.error().toString().c_str());
    const CertificateInfo info = cert->info();
    QCOMPARE(info.signatureAlgorithm, std::string("ED25519"));
    QVERIFY(info.signatureDigest.empty());
    QVERIFY(info.selfSigned);
    QVERIFY(cert->coversHost("httpbin.local.kyma.dev"));
    QVERIFY(!cert->coversHost("local.kyma.dev"));
}

void TestCertificate::loadForms() {
    auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    QVERIFY(key);
    auto ca = createSelfSigned(CertificateSpec::ca("Root"), *key);
    auto leaf = createSigned(CertificateSpec::serverLeaf({"a.example"}), *key, *ca, *key);
    QVERIFY(ca && leaf);
    auto pem = certificatesToPem({*leaf, *ca});
    QVERIFY(pem);
    // A key block among the certificates is skipped.
    const std::string mixed = *pem + *key->toPem();

    auto fromPem = loadCertificates(mixed);
    QVERIFY(fromPem);
    QCOMPARE(fromPem->size(), size_t(2));
    QVERIFY((*fromPem)[0] == *leaf);
    QVERIFY((*fromPem)[1] == *ca);

    auto fromDer = loadCertificates(*leaf->toDer());
    QVERIFY(fromDer);
    QCOMPARE(fromDer->size(), size_t(1));
    QVERIFY(fromDer->front() == *leaf);

    // base64 with line breaks, as `global.tlsCrt` in the Kyma override ConfigMap.
    std::string wrapped = base64Encode(*pem);
    for (size_t i = 76; i < wrapped.size(); i += 77)
        wrapped.insert(i, "\n");
    auto fromB64 = loadCertificates(wrapped);
    QVERIFY2(fromB64, fromB64 ? "" : fromB64.error().toString().c_str());
    QCOMPARE(fromB64->size(), size_t(2));

    auto none = loadCertificates(*key->toPem());
    QVERIFY(!none);
    QCOMPARE(none.error().code, std::string("cert.empty"));
    QVERIFY(!loadCertificates("garbage that is not a certificate!"));
    auto broken =
        loadCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    QVERIFY(!broken);
    QVERIFY(!broken.error().detail.empty()); // the OpenSSL queue was drained into the error

    QCOMPARE(*base64Decode(base64Encode("ab")), std::string("ab"));
    QCOMPARE(*base64Decode(base64Encode("abc")), std::string("abc"));
    QCOMPARE(*base64Decode(base64Encode("abcd")), std::string("abcd"));
    QVERIFY(!base64Decode("ab$d"));
}

void TestCertificate::pkcs12RoundTrip() {
    auto caKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    auto ca = createSelfSigned(CertificateSpec::ca("Root"), *caKey);
    auto key = PrivateKey::generate(KeyAlgorithm::Rsa2048);
    auto leaf = createSigned(CertificateSpec::serverLeaf({"p12.example"}), *key, *ca, *caKey);
    QVERIFY(leaf);
    auto p12 = exportPkcs12(*key, {*leaf, *ca}, "pw", "gatehouse");
    QVERIFY2(p12, p12 ? "" : p12.error().toString().c_str());
    auto bad = loadPkcs12(*p12, "nope");
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, std::string("pkcs12.bad_password"));
    auto bundle = loadPkcs12(*p12, "pw");
    QVERIFY2(bundle, bundle ? "" : bundle.error().toString().c_str());
    QVERIFY(bundle->key);
    QCOMPARE(bundle->key->publicKeyDer(), key->publicKeyDer());
    QCOMPARE(bundle->certificates.size(), size_t(2));
    QVERIFY(bundle->certificates[0] == *leaf);
    QVERIFY(bundle->certificates[1] == *ca);
    QVERIFY(!exportPkcs12(*caKey, {*leaf}, "pw"));
}

void TestCertificate::csrSigned() {
    auto caKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    auto ca = createSelfSigned(CertificateSpec::ca("Root"), *caKey);
    auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    CertificateSpec req;
    req.subject = "CN=svc.example,O=Team\\, Inc";
    req.dnsNames = {"svc.example", "svc2.example"};
    auto csr = createCsrPem(req, *key);
    QVERIFY2(csr, csr ? "" : csr.error().toString().c_str());
    QVERIFY(csr->starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    auto cert = signCsr(*csr, CertificateSpec{}, *ca, *caKey);
    QVERIFY2(cert, cert ? "" : cert.error().toString().c_str());
    const CertificateInfo info = cert->info();
    QCOMPARE(info.subject, std::string("CN=svc.example, O=Team\\, Inc"));
    QCOMPARE(info.dnsNames, (std::vector<std::string>{"svc.example", "svc2.example"}));
    QVERIFY(key->matches(*cert));
    QVERIFY(cert->isIssuedBy(*ca));
    QVERIFY(!signCsr("not a csr", CertificateSpec{}, *ca, *caKey));
}

void TestCertificate::hostMatching_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << "www.example.com"
                           << "www.example.com" << true;
    QTest::newRow("case") << "WWW.example.com"
                          << "www.EXAMPLE.com" << true;
    QTest::newRow("trailing dot") << "www.example.com."
                                  << "www.example.com" << true;
    QTest::newRow("other") << "www.example.com"
                           << "example.com" << false;
    QTest::newRow("wildcard one label") << "*.example.com"
                                        << "a.example.com" << true;
    QTest::newRow("wildcard two labels") << "*.example.com"
                                         << "a.b.example.com" << false;
    QTest::newRow("wildcard apex") << "*.example.com"
                                   << "example.com" << false;
    QTest::newRow("wildcard tld") << "*.com"
                                  << "example.com" << false;
    QTest::newRow("partial label") << "w*.example.com"
                                   << "www.example.com" << false;
    QTest::newRow("inner wildcard") << "a.*.example.com"
                                    << "a.b.example.com" << false;
    QTest::newRow("gateway wildcard same") << "*.example.com"
                                           << "*.example.com" << true;
    QTest::newRow("gateway wildcard narrower") << "*.example.com"
                                               << "*.a.example.com" << false;
    QTest::newRow("gateway wildcard vs exact") << "www.example.com"
                                               << "*.example.com" << false;
    QTest::newRow("ip never dns") << "127.0.0.1"
                                  << "127.0.0.1" << false;
    QTest::newRow("empty label") << "*.example.com"
                                 << ".example.com" << false;
}

void TestCertificate::hostMatching() {
    QFETCH(QString, pattern);
    QFETCH(QString, host);
    QFETCH(bool, matches);
    QCOMPARE(hostMatchesPattern(pattern.toStdString(), host.toStdString()), matches);
}

void TestCertificate::validityAt() {
    auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    CertificateSpec spec = CertificateSpec::serverLeaf({"t.example"}, hours(24));
    spec.notBefore = system_clock::now() + hours(24 * 10);
    auto cert = createSelfSigned(spec, *key);
    QVERIFY(cert);
    QVERIFY(cert->validityAt(system_clock::now()) == Validity::NotYetValid);
    QVERIFY(cert->validityAt(system_clock::now() + hours(24 * 10 + 12)) == Validity::Valid);
    QVERIFY(cert->isExpiredAt(system_clock::now() + hours(24 * 12)));
    QVERIFY(cert->expiresWithin(system_clock::now(), hours(24 * 11)));
    QVERIFY(!cert->expiresWithin(system_clock::now(), hours(24 * 10)));
}

QTEST_GUILESS_MAIN(TestCertificate)
#include "tst_certificate.moc"
