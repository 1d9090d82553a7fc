#include "tlspeers.h"

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"
#include "tls/certificateverifier.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gatehouse;
using namespace gatehouse::core;
using namespace gatehouse::test;
using namespace std::chrono_literals;

// Certificates made by openssl are read correctly; certificates made by Gatehouse are
// accepted by openssl verify and curl; verdicts agree with openssl verify.
class TestCertificatePeers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsOpensslCertificate();
    void readsOpensslKeys_data();
    void readsOpensslKeys();
    void readsOpensslPkcs12_data();
    void readsOpensslPkcs12();
    void opensslVerifiesOurChains_data();
    void opensslVerifiesOurChains();
    void opensslReadsOurPkcs12();
    void curlAcceptsOurCertificates();
    void verdictsAgreeWithOpenssl_data();
    void verdictsAgreeWithOpenssl();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    std::optional<Run> openssl(const QStringList &args) {
        return runProgram(QStringLiteral("openssl"), args, 60s, m_dir.path());
    }
    bool writePem(const QString &name, const std::string &pem) {
        QFile f(path(name));
        return f.open(QIODevice::WriteOnly) && f.write(pem.data(), qint64(pem.size())) > 0;
    }
    QTemporaryDir m_dir;
};

void TestCertificatePeers::initTestCase() {
    QVERIFY(m_dir.isValid());
}

void TestCertificatePeers::readsOpensslCertificate() {
    auto made =
        openssl({"req",
                 "-x509",
                 "-newkey",
                 "rsa:3072",
                 "-nodes",
                 "-keyout",
                 "peer.key",
                 "-out",
                 "peer.pem",
                 "-days",
                 "30",
                 "-sha384",
                 "-subj",
                 "/C=DE/O=Peer Org/CN=peer.example",
                 "-addext",
                 "subjectAltName=DNS:peer.example,DNS:*.peer.example,IP:10.1.2.3,IP:::1,"
                 "URI:spiffe://cluster.local/ns/a/sa/b,email:ops@peer.example",
                 "-addext",
                 "crlDistributionPoints=URI:http://crl.peer.example/ca.crl",
                 "-addext",
                 "authorityInfoAccess=OCSP;URI:http://ocsp.peer.example,caIssuers;URI:http://"
                 "ca.peer.example/ca.crt",
                 "-addext",
                 "extendedKeyUsage=serverAuth"});
    QVERIFY(made && made->exitCode == 0);
    auto certs = loadCertificatesFile(path("peer.pem").toStdString());
    QVERIFY2(certs, certs ? "" : certs.error().toString().c_str());
    QCOMPARE(certs->size(), size_t(1));
    const CertificateInfo info = certs->front().info();

    auto serial = openssl({"x509", "-in", "peer.pem", "-noout", "-serial"});
    auto sha256 = openssl({"x509", "-in", "peer.pem", "-noout", "-fingerprint", "-sha256"});
    auto sha1 = openssl({"x509", "-in", "peer.pem", "-noout", "-fingerprint", "-sha1"});
    auto dates = openssl({"x509", "-in", "peer.pem", "-noout", "-dates", "-dateopt", "iso_8601"});
    QVERIFY(serial && sha256 && sha1 && dates);
    QCOMPARE(QString("serial=" + QString::fromStdString(info.serial)), serial->out.trimmed());
    QCOMPARE(QString("sha256 Fingerprint=" + QString::fromStdString(info.sha256Fingerprint)),
             sha256->out.trimmed());
    QCOMPARE(QString("sha1 Fingerprint=" + QString::fromStdString(info.sha1Fingerprint)),
             sha1->out.trimmed());
    QCOMPARE(info.subject, std::string("C=DE, O=Peer Org, CN=peer.example"));
    QCOMPARE(info.issuer, info.subject);
    QCOMPARE(info.commonName, std::string("peer.example"));
    QCOMPARE(info.dnsNames, (std::vector<std::string>{"peer.example", "*.peer.example"}));
    QCOMPARE(info.ipAddresses, (std::vector<std::string>{"10.1.2.3", "::1"}));
    QCOMPARE(info.uris, std::vector<std::string>{"spiffe://cluster.local/ns/a/sa/b"});
    QCOMPARE(info.emails, std::vector<std::string>{"ops@peer.example"});
    QCOMPARE(info.publicKey.description(), std::string("RSA 3072"));
    QCOMPARE(info.signatureAlgorithm, std::string("sha384WithRSAEncryption"));
    QCOMPARE(info.signatureDigest, std::string("SHA384"));
    QCOMPARE(info.extendedKeyUsage, std::vector<std::string>{"serverAuth"});
    QCOMPARE(info.crlUrls, std::vector<std::string>{"http://crl.peer.example/ca.crl"});
    QCOMPARE(info.ocspUrls, std::vector<std::string>{"http://ocsp.peer.example"});
    QCOMPARE(info.caIssuerUrls, std::vector<std::string>{"http://ca.peer.example/ca.crt"});
    QVERIFY(info.basicConstraints.present && info.basicConstraints.ca); // req -x509 default
    QVERIFY(!info.subjectKeyId.empty());
    QVERIFY(info.selfSigned);
    // notAfter as openssl prints it ("notAfter=2026-12-26 06:00:00Z").
    const QString notAfter = dates->out.section("notAfter=", 1).trimmed();
    const QDateTime expected = QDateTime::fromString(notAfter, "yyyy-MM-dd HH:mm:ss'Z'");
    QVERIFY(expected.isValid());
    QCOMPARE(std::chrono::system_clock::to_time_t(info.notAfter),
             time_t(expected.toUTC().toSecsSinceEpoch() + expected.offsetFromUtc()));
    QVERIFY(certs->front().coversHost("api.peer.example"));
    QVERIFY(certs->front().coversHost("10.1.2.3"));

    // The same certificate as DER, and as base64-wrapped PEM (a Secret's tls.crt).
    auto der = openssl({"x509", "-in", "peer.pem", "-outform", "DER", "-out", "peer.der"});
    QVERIFY(der && der->exitCode == 0);
    auto fromDer = loadCertificatesFile(path("peer.der").toStdString());
    QVERIFY(fromDer);
    QVERIFY(fromDer->front() == certs->front());
    QFile pem(path("peer.pem"));
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const QByteArray wrapped = pem.readAll().toBase64();
    auto fromB64 = loadCertificates(std::string(wrapped.constData(), size_t(wrapped.size())));
    QVERIFY(fromB64);
    QVERIFY(fromB64->front() == certs->front());

    auto key = PrivateKey::load(path("peer.key").toStdString());
    QVERIFY(key);
    QVERIFY(key->matches(certs->front()));
}

void TestCertificatePeers::readsOpensslKeys_data() {
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("passphrase");
    QTest::addColumn<QString>("description");
    QTest::newRow("ec sec1") << QStringList{"ecparam", "-genkey", "-name", "secp384r1",
                                            "-noout",  "-out",    "ec.pem"}
                             << "ec.pem"
                             << ""
                             << "EC P-384";
    QTest::newRow("ed25519") << QStringList{"genpkey", "-algorithm", "ed25519", "-out", "ed.pem"}
                             << "ed.pem"
                             << ""
                             << "Ed25519";
    QTest::newRow("rsa encrypted pkcs8")
        << QStringList{"genpkey",    "-algorithm",           "RSA",
                       "-pkeyopt",   "rsa_keygen_bits:2048", "-aes256",
                       "-pass",      "pass:open sesame",     "-out",
                       "rsa-enc.pem"}
        << "rsa-enc.pem"
        << "open sesame"
        << "RSA 2048";
    QTest::newRow("ec pkcs8")
        << QStringList{"genpkey", "-algorithm",  "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                       "-out",    "ec-plain.pem"}
        << "ec-plain.pem"
        << ""
        << "EC P-256";
    QTest::newRow("rsa der")
        << QStringList{"genpkey",  "-algorithm", "RSA",  "-pkeyopt", "rsa_keygen_bits:2048",
                       "-outform", "DER",        "-out", "rsa.der"}
        << "rsa.der"
        << ""
        << "RSA 2048";
}

void TestCertificatePeers::readsOpensslKeys() {
    QFETCH(QStringList, command);
    QFETCH(QString, file);
    QFETCH(QString, passphrase);
    QFETCH(QString, description);
    auto made = openssl(command);
    QVERIFY(made && made->exitCode == 0);
    auto key = PrivateKey::load(path(file).toStdString(), passphrase.toStdString());
    QVERIFY2(key, key ? "" : key.error().toString().c_str());
    QCOMPARE(QString::fromStdString(key->publicKeyInfo().description()), description);
    if (!passphrase.isEmpty()) {
        auto without = PrivateKey::load(path(file).toStdString());
        QVERIFY(!without);
        QCOMPARE(without.error().code, std::string("key.passphrase_required"));
        auto wrong = PrivateKey::load(path(file).toStdString(), "wrong");
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, std::string("key.bad_passphrase"));
    }
    // The public half openssl derives is ours too.
    auto pub =
        openssl({"pkey", "-in", file, "-inform", file.endsWith(".der") ? "DER" : "PEM", "-passin",
                 "pass:" + passphrase, "-pubout", "-outform", "DER", "-out", file + ".pub"});
    QVERIFY(pub && pub->exitCode == 0);
    QFile f(path(file + ".pub"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray der = f.readAll();
    QCOMPARE(key->publicKeyDer(), std::string(der.constData(), size_t(der.size())));
}

void TestCertificatePeers::readsOpensslPkcs12_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("openssl 3 default (AES-256, PBKDF2)") << QStringList{};
    QTest::newRow("legacy (RC2/3DES)") << QStringList{"-legacy"};
}

void TestCertificatePeers::readsOpensslPkcs12() {
    QFETCH(QStringList, extra);
    auto ca =
        openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                 "-keyout", "p12ca.key", "-out", "p12ca.pem", "-days", "5", "-subj", "/CN=P12 CA"});
    auto leaf = openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "p12.key", "-out",
                         "p12.csr", "-subj", "/CN=p12.example"});
    auto signedLeaf = openssl({"x509", "-req", "-in", "p12.csr", "-CA", "p12ca.pem", "-CAkey",
                               "p12ca.key", "-CAcreateserial", "-days", "5", "-out", "p12.pem"});
    QVERIFY(ca && leaf && signedLeaf && signedLeaf->exitCode == 0);
    auto exported =
        openssl(QStringList{"pkcs12", "-export", "-in", "p12.pem", "-inkey", "p12.key", "-certfile",
                            "p12ca.pem", "-passout", "pass:pw 12", "-out", "bundle.p12"} +
                extra);
    QVERIFY2(exported && exported->exitCode == 0, exported ? qPrintable(exported->err) : "");
    auto bundle = loadPkcs12File(path("bundle.p12").toStdString(), "pw 12");
    QVERIFY2(bundle, bundle ? "" : bundle.error().toString().c_str());
    QVERIFY(bundle->key);
    QCOMPARE(bundle->certificates.size(), size_t(2));
    QCOMPARE(bundle->certificates[0].info().commonName, std::string("p12.example"));
    QCOMPARE(bundle->certificates[1].info().commonName, std::string("P12 CA"));
    QVERIFY(bundle->key->matches(bundle->certificates[0]));
    auto bad = loadPkcs12File(path("bundle.p12").toStdString(), "nope");
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, std::string("pkcs12.bad_password"));
}

void TestCertificatePeers::opensslVerifiesOurChains_data() {
    QTest::addColumn<int>("caAlgorithm");
    QTest::addColumn<int>("leafAlgorithm");
    QTest::newRow("ec ca, rsa leaf") << int(KeyAlgorithm::EcdsaP256) << int(KeyAlgorithm::Rsa2048);
    QTest::newRow("rsa ca, ec leaf") << int(KeyAlgorithm::Rsa3072) << int(KeyAlgorithm::EcdsaP384);
    QTest::newRow("ed25519") << int(KeyAlgorithm::Ed25519) << int(KeyAlgorithm::Ed25519);
}

void TestCertificatePeers::opensslVerifiesOurChains() {
    QFETCH(int, caAlgorithm);
    QFETCH(int, leafAlgorithm);
    auto caKey = PrivateKey::generate(KeyAlgorithm(caAlgorithm));
    auto ca = createSelfSigned(CertificateSpec::ca("Ours Root"), *caKey);
    auto key = PrivateKey::generate(KeyAlgorithm(leafAlgorithm));
    CertificateSpec spec = CertificateSpec::serverLeaf({"ours.example", "*.local.kyma.dev"});
    spec.ipAddresses = {"127.0.0.1"};
    auto leaf = createSigned(spec, *key, *ca, *caKey);
    QVERIFY(ca && leaf);
    QVERIFY(writePem("ours-ca.pem", *ca->toPem()));
    QVERIFY(writePem("ours-leaf.pem", *leaf->toPem()));
    auto run = openssl({"verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname",
                        "app.local.kyma.dev", "-CAfile", "ours-ca.pem", "ours-leaf.pem"});
    QVERIFY(run);
    QVERIFY2(run->exitCode == 0, qPrintable(run->out + run->err));
    QVERIFY(run->out.contains("ours-leaf.pem: OK"));
    // A CSR made by us is read and signed by openssl.
    CertificateSpec req;
    req.subject = "CN=csr.example,O=Gatehouse";
    req.dnsNames = {"csr.example"};
    auto csr = createCsrPem(req, *key);
    QVERIFY(csr);
    QVERIFY(writePem("ours.csr", *csr));
    auto check = openssl({"req", "-in", "ours.csr", "-noout", "-verify", "-text"});
    QVERIFY(check && check->exitCode == 0);
    QVERIFY(check->out.contains("DNS:csr.example"));
}

void TestCertificatePeers::opensslReadsOurPkcs12() {
    auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    auto cert = createSelfSigned(CertificateSpec::serverLeaf({"p12.ours.example"}), *key);
    QVERIFY(savePkcs12File(path("ours.p12").toStdString(), *key, {*cert}, "secret"));
    struct stat st {};
    QCOMPARE(::stat(path("ours.p12").toLocal8Bit().constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    auto run = openssl({"pkcs12", "-in", "ours.p12", "-passin", "pass:secret", "-nodes", "-info",
                        "-out", "ours-from-p12.pem"});
    QVERIFY2(run && run->exitCode == 0, run ? qPrintable(run->err) : "");
    auto back = loadCertificatesFile(path("ours-from-p12.pem").toStdString());
    QVERIFY(back);
    QVERIFY(back->front() == *cert);
}

void TestCertificatePeers::curlAcceptsOurCertificates() {
    // A chain from our CA, and the demo self-signed wildcard, each served by s_server.
    auto files = makePeerFiles(m_dir.path());
    QVERIFY(files);
    auto selfKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    auto selfCert = createSelfSigned(CertificateSpec::serverLeaf({"*.local.kyma.dev"}), *selfKey);
    QVERIFY(selfCert && writePem("self.pem", *selfCert->toPem()));
    QVERIFY(selfKey->save(path("self.key").toStdString()));

    struct Case {
        QString cert, key, caFile, host;
    };
    const Case cases[] = {
        {files->certFile, files->keyFile, files->caFile, "peer.example"},
        {path("self.pem"), path("self.key"), path("self.pem"), "console.local.kyma.dev"},
    };
    for (const Case &c : cases) {
        const quint16 port = freePort();
        Peer server;
        QVERIFY(server.start("openssl",
                             {"s_server", "-accept", QStringLiteral("127.0.0.1:%1").arg(port),
                              "-cert", c.cert, "-key", c.key, "-www", "-quiet"},
                             port));
        const QString url = QStringLiteral("https://%1:%2/").arg(c.host).arg(port);
        const QString resolve = QStringLiteral("%1:%2:127.0.0.1").arg(c.host).arg(port);
        auto ok = runProgram("curl",
                             {"-sS", "-o", "/dev/null", "--max-time", "20", "--cacert", c.caFile,
                              "--resolve", resolve, url},
                             30s);
        QVERIFY(ok);
        QVERIFY2(ok->exitCode == 0, qPrintable(ok->err));
        // And curl refuses it for a host the certificate does not cover.
        const QString otherResolve = QStringLiteral("other.example:%1:127.0.0.1").arg(port);
        auto refused = runProgram("curl",
                                  {"-sS", "-o", "/dev/null", "--max-time", "20", "--cacert",
                                   c.caFile, "--resolve", otherResolve,
                                   QStringLiteral("https://other.example:%1/").arg(port)},
                                  30s);
        QVERIFY(refused);
        QCOMPARE(refused->exitCode, 60); // peer certificate cannot be authenticated
    }
}

void TestCertificatePeers::verdictsAgreeWithOpenssl_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("problem");
    QTest::addColumn<QString>("opensslSays");
    QTest::newRow("expired") << "expired" << int(VerifyProblem::Expired)
                             << "certificate has expired";
    QTest::newRow("not yet valid")
        << "not-yet-valid" << int(VerifyProblem::NotYetValid) << "certificate is not yet valid";
    QTest::newRow("self-signed") << "self-signed" << int(VerifyProblem::SelfSigned)
                                 << "self-signed certificate";
    QTest::newRow("unknown issuer") << "unknown-issuer" << int(VerifyProblem::UnknownIssuer)
                                    << "unable to get local issuer certificate";
}

void TestCertificatePeers::verdictsAgreeWithOpenssl() {
    QFETCH(QString, kind);
    QFETCH(int, problem);
    QFETCH(QString, opensslSays);
    using namespace std::chrono;
    auto caKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    auto ca = createSelfSigned(CertificateSpec::ca("Verdict Root"), *caKey);
    auto otherKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    auto other = createSelfSigned(CertificateSpec::ca("Stranger Root"), *otherKey);
    auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    CertificateSpec spec = CertificateSpec::serverLeaf({"v.example"}, hours(24 * 30));
    if (kind == u"expired")
        spec.notBefore = system_clock::now() - hours(24 * 90);
    if (kind == u"not-yet-valid")
        spec.notBefore = system_clock::now() + hours(24 * 3);
    Result<Certificate> leaf = kind == u"self-signed" ? createSelfSigned(spec, *key)
                               : kind == u"unknown-issuer"
                                   ? createSigned(spec, *key, *other, *otherKey)
                                   : createSigned(spec, *key, *ca, *caKey);
    QVERIFY(leaf);
    QVERIFY(writePem("verdict-ca.pem", *ca->toPem()));
    QVERIFY(writePem("verdict-leaf.pem", *leaf->toPem()));
    auto run = openssl({"verify", "-CAfile", "verdict-ca.pem", "verdict-leaf.pem"});
    QVERIFY(run);
    QVERIFY(run->exitCode != 0);
    QVERIFY2((run->out + run->err).contains(opensslSays), qPrintable(run->out + run->err));

    VerifyOptions options;
    options.trustAnchors = {*ca};
    auto ours = verifyChain({*leaf}, options);
    QVERIFY(ours);
    QCOMPARE(ours->findings.size(), size_t(1));
    QCOMPARE(int(ours->findings.front().problem), problem);
}

QTEST_GUILESS_MAIN(TestCertificatePeers)
#include "tst_certificatepeers.moc"
