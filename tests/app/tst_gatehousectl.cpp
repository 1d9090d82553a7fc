#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run gatehousectl(const QStringList &args, const QByteArray &stdinData = {}) {
    QProcess p;
    p.start(QStringLiteral(GATEHOUSE_BINARY_DIR "/app/gatehousectl"), args);
    if (!p.waitForStarted(10000))
        return {};
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return path;
}

} // namespace

class TestGatehousectl : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The rendered default setup is exactly the seed's, and validates with no errors.
    void renderKymaDefaultValidates() {
        QTemporaryDir dir;
        const Run r = gatehousectl({QStringLiteral("render"), QStringLiteral("kyma-default"),
                                    QStringLiteral("--domain"), QStringLiteral("example.org"),
                                    QStringLiteral("--out"), dir.path()});
        QCOMPARE(r.exitCode, 0);
        struct stat st {};
        QCOMPARE(::stat(qPrintable(dir.filePath(QStringLiteral("tls-overrides.yaml"))), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QCOMPARE(::stat(qPrintable(dir.filePath(QStringLiteral("kyma-gateway-certs.yaml"))), &st),
                 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);

        QFile g(dir.filePath(QStringLiteral("kyma-gateway.yaml")));
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QByteArray gw = g.readAll();
        QVERIFY(gw.contains("\"*.example.org\""));
        QVERIFY(gw.contains("minProtocolVersion: TLSV1_2"));
        QVERIFY(gw.contains("httpsRedirect: true"));
        QVERIFY(gw.contains("number: 80") && gw.contains("number: 443"));
        const QByteArray order = "- ECDHE-RSA-CHACHA20-POLY1305\n"
                                 "          - ECDHE-RSA-AES256-GCM-SHA384\n"
                                 "          - ECDHE-RSA-AES256-SHA\n"
                                 "          - ECDHE-RSA-AES128-GCM-SHA256\n"
                                 "          - ECDHE-RSA-AES128-SHA\n";
        QVERIFY2(gw.contains(order), gw.constData());

        const Run v = gatehousectl({QStringLiteral("validate"), QStringLiteral("--output"),
                                    QStringLiteral("json"), dir.path()});
        QCOMPARE(v.exitCode, 0);
        const QJsonArray findings = QJsonDocument::fromJson(v.out).array();
        for (const QJsonValue &f : findings)
            QVERIFY2(f[QStringLiteral("severity")].toString() != u"error",
                     qPrintable(f[QStringLiteral("message")].toString()));
    }

    // A bring-your-own certificate made by openssl goes into the override and the Secret.
    void renderWithOwnCertificate() {
        QTemporaryDir dir;
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), dir.filePath(QStringLiteral("k.pem")),
                       QStringLiteral("-out"), dir.filePath(QStringLiteral("c.pem")),
                       QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=byo"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=DNS:*.byo.example")});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        const Run r =
            gatehousectl({QStringLiteral("render"), QStringLiteral("kyma-default"),
                          QStringLiteral("--domain"), QStringLiteral("byo.example"),
                          QStringLiteral("--cert"), dir.filePath(QStringLiteral("c.pem")),
                          QStringLiteral("--key"), dir.filePath(QStringLiteral("k.pem"))});
        QCOMPARE(r.exitCode, 0);
        QFile c(dir.filePath(QStringLiteral("c.pem")));
        QVERIFY(c.open(QIODevice::ReadOnly));
        QVERIFY(r.out.contains(c.readAll().toBase64()));
        // Validated from standard input.
        const Run v = gatehousectl({QStringLiteral("validate"), QStringLiteral("-")}, r.out);
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.err.contains("0 error(s)"));
    }

    void exitCodesAndFormat() {
        QTemporaryDir dir;
        const QString bad = writeFile(dir, QStringLiteral("bad.yaml"),
                                      "apiVersion: networking.istio.io/v1\n"
                                      "kind: Gateway\n"
                                      "metadata: {name: g}\n"
                                      "spec:\n"
                                      "  servers:\n"
                                      "  - port: {number: 0, name: http, protocol: HTTP}\n"
                                      "    hosts: [a.example.com]\n");
        Run r = gatehousectl({QStringLiteral("validate"), bad});
        QCOMPARE(r.exitCode, 1);
        const QRegularExpression line(QStringLiteral(
            "^.+bad\\.yaml:6:20: error gateway\\.server\\.port-number: port number 0 must be in "
            "the range 1\\.\\.65535$"));
        QVERIFY2(line.match(QString::fromUtf8(r.out.split('\n').first())).hasMatch(),
                 r.out.constData());

        r = gatehousectl(
            {QStringLiteral("validate"), QStringLiteral("-o"), QStringLiteral("json"), bad});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject f = QJsonDocument::fromJson(r.out).array().first().toObject();
        QCOMPARE(f[QStringLiteral("code")].toString(),
                 QStringLiteral("gateway.server.port-number"));
        QCOMPARE(f[QStringLiteral("severity")].toString(), QStringLiteral("error"));
        QCOMPARE(f[QStringLiteral("line")].toInt(), 6);
        QCOMPARE(f[QStringLiteral("column")].toInt(), 20);
        QCOMPARE(f[QStringLiteral("path")].toString(),
                 QStringLiteral("spec.servers[0].port.number"));
        QCOMPARE(f[QStringLiteral("resource")][QStringLiteral("kind")].toString(),
                 QStringLiteral("Gateway"));
        QCOMPARE(f[QStringLiteral("resource")][QStringLiteral("name")].toString(),
                 QStringLiteral("g"));
        QVERIFY(f[QStringLiteral("file")].toString().endsWith(u"bad.yaml"));
    }

    // Bad input: a clear error naming file:line:col, exit 2, never a crash or hang.
    void badInput_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expect");
        QTest::newRow("malformed") << QByteArray("kind: Gateway\nmetadata: {name: [x\n")
                                   << QStringLiteral("bad.yaml:3:1: error yaml.syntax");
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10)
                                << QStringLiteral("bad.yaml:3:1: not a text file");
        QTest::newRow("unknown kind")
            << QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n")
            << QStringLiteral("bad.yaml:2:7: error model.unknown-kind");
        QTest::newRow("wrong type")
            << QByteArray("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: "
                          "g}\nspec:\n  servers: {port: 80}\n")
            << QStringLiteral("bad.yaml:5:12: error model.type: field 'spec.servers' must be a "
                              "list, found a map");
        QTest::newRow("deep nesting")
            << QByteArray(20000, '[') << QStringLiteral("error yaml.syntax");
    }
    void badInput() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expect);
        QTemporaryDir dir;
        const QString p = writeFile(dir, QStringLiteral("bad.yaml"), bytes);
        const Run r = gatehousectl({QStringLiteral("validate"), p});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2((r.out + r.err).contains(expect.toUtf8()), (r.out + r.err).constData());
    }

    void hugeFile() {
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral("huge.yaml"));
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(50LL * 1024 * 1024));
        f.close();
        const Run r = gatehousectl({QStringLiteral("validate"), p});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("huge.yaml:1:1: file is 50 MiB; the limit is 16 MiB"),
                 r.err.constData());
    }

    void usageErrors() {
        QCOMPARE(gatehousectl({QStringLiteral("validate")}).exitCode, 2);
        QCOMPARE(gatehousectl({QStringLiteral("validate"), QStringLiteral("/no/such/file.yaml")})
                     .exitCode,
                 2);
        QCOMPARE(gatehousectl({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(gatehousectl({QStringLiteral("render"), QStringLiteral("kyma-default"),
                               QStringLiteral("--domain"), QStringLiteral("bad_domain")})
                     .exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(TestGatehousectl)
#include "tst_gatehousectl.moc"
