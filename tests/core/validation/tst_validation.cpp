#include "model/secret.h"
#include "tls/certificate.h"
#include "tls/certificatebuilder.h"
#include "tls/privatekey.h"
#include "validation/validator.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>

using namespace gatehouse::core;
using namespace std::chrono_literals;

namespace {

QString casesDir() {
    return QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/core/validation/cases");
}

QByteArray b64(const std::string &pem) {
    return QByteArray::fromStdString(pem).toBase64();
}

// A VirtualService whose one HTTP route has `field: value` besides its destination.
QByteArray httpRouteWith(const QByteArray &field, const QByteArray &value) {
    return "apiVersion: networking.istio.io/v1beta1\n"
           "kind: VirtualService\n"
           "metadata: {name: web, namespace: default}\n"
           "spec:\n"
           "  hosts: [web.example.com]\n"
           "  http:\n"
           "  - " +
           field + ": " + value +
           "\n"
           "    route: [{destination: {host: web.default.svc.cluster.local}}]\n";
}

bool hasCode(const std::vector<Finding> &fs, const std::string &code) {
    return std::any_of(fs.begin(), fs.end(), [&](const Finding &f) { return f.code == code; });
}

} // namespace

class TestValidation : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QMap<QByteArray, QByteArray> m_material; // placeholder → base64 PEM

    std::vector<Finding> validateText(const QByteArray &text, const QString &name) {
        QByteArray t = text;
        for (auto it = m_material.cbegin(); it != m_material.cend(); ++it)
            t.replace("${" + it.key() + "}", it.value());
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(t);
        f.close();
        auto ws = Workspace::openPaths({path.toStdString()});
        if (!ws)
            return {Finding{ws.error().code, Severity::Error, ws.error().message}};
        return validateWorkspace(*ws);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const auto now = std::chrono::system_clock::now();
        auto key = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
        auto other = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
        QVERIFY(key && other);
        auto make = [&](std::vector<std::string> dns, std::chrono::system_clock::time_point from,
                        std::chrono::seconds life) {
            CertificateSpec spec = CertificateSpec::serverLeaf(std::move(dns), life);
            spec.notBefore = from;
            auto c = createSelfSigned(spec, *key);
            return c ? b64(c->toPem().value_or("")) : QByteArray();
        };
        m_material["CERT_OK"] = make({"*.example.com"}, now - 1h, 24h * 365);
        m_material["CERT_EXPIRED"] = make({"*.example.com"}, now - 24h * 10, 24h);
        m_material["CERT_FUTURE"] = make({"*.example.com"}, now + 24h * 10, 24h * 365);
        m_material["CERT_EXPIRING"] = make({"*.example.com"}, now - 24h, 24h * 5);
        m_material["CERT_OTHERHOST"] = make({"*.other.org"}, now - 1h, 24h * 365);
        m_material["KEY_OK"] = b64(key->toPem().value_or(""));
        m_material["KEY_OTHER"] = b64(other->toPem().value_or(""));
        for (auto it = m_material.cbegin(); it != m_material.cend(); ++it)
            QVERIFY2(!it.value().isEmpty(), it.key().constData());
    }

    // Each rule code has a passing and a failing fixture, and each fixture names a code.
    void everyRuleHasFixtures() {
        const QStringList files = QDir(casesDir()).entryList({QStringLiteral("*.yaml")});
        QVERIFY(files.size() >= 2 * int(ruleCodes().size()));
        for (std::string_view code : ruleCodes()) {
            const QString c = QString::fromUtf8(code.data(), qsizetype(code.size()));
            QVERIFY2(files.contains(c + QStringLiteral(".pass.yaml")), qPrintable(c));
            QVERIFY2(files.contains(c + QStringLiteral(".fail.yaml")), qPrintable(c));
        }
        for (const QString &f : files) {
            const std::string code = f.section(u'.', 0, -3).toStdString();
            QVERIFY2(std::find(ruleCodes().begin(), ruleCodes().end(), code) != ruleCodes().end(),
                     qPrintable(f));
        }
    }

    // Istio's validateHTTPRetry, each rule on its own: negative attempts, a policy with
    // attempts 0, an item of retryOn that is neither a condition nor a status (as written:
    // " 503" with its space is refused, as Istio refuses it).
    void retriesFollowIstio_data() {
        QTest::addColumn<QByteArray>("retries");
        QTest::addColumn<bool>("expectFinding");
        QTest::newRow("negative attempts") << QByteArray("{attempts: -1}") << true;
        QTest::newRow("retryOn with attempts 0")
            << QByteArray("{attempts: 0, retryOn: 5xx}") << true;
        QTest::newRow("perTryTimeout without attempts")
            << QByteArray("{perTryTimeout: 1s}") << true;
        QTest::newRow("unknown condition")
            << QByteArray("{attempts: 2, retryOn: \"5xx,server-error\"}") << true;
        QTest::newRow("status with a space")
            << QByteArray("{attempts: 2, retryOn: \"5xx, 503\"}") << true;
        QTest::newRow("not a status") << QByteArray("{attempts: 2, retryOn: \"599\"}") << true;
        QTest::newRow("conditions and statuses")
            << QByteArray("{attempts: 2, retryOn: \"reset,retriable-4xx,409,unavailable\"}")
            << false;
        QTest::newRow("off") << QByteArray("{attempts: 0}") << false;
    }
    void retriesFollowIstio() {
        QFETCH(QByteArray, retries);
        QFETCH(bool, expectFinding);
        const auto findings =
            validateText(httpRouteWith("retries", retries), QStringLiteral("retries.yaml"));
        QCOMPARE(hasCode(findings, "virtualservice.retries"), expectFinding);
    }

    // Istio's validateHTTPFaultInjection, each rule on its own.
    void faultFollowsIstio_data() {
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<bool>("expectFinding");
        QTest::newRow("neither delay nor abort") << QByteArray("{}") << true;
        QTest::newRow("percentage over 100")
            << QByteArray("{abort: {httpStatus: 503, percentage: {value: 100.5}}}") << true;
        QTest::newRow("percentage too small")
            << QByteArray("{abort: {httpStatus: 503, percentage: {value: 0.00001}}}") << true;
        QTest::newRow("status below 200")
            << QByteArray("{abort: {httpStatus: 199, percentage: {value: 1}}}") << true;
        QTest::newRow("status 600 (Istio's bound)")
            << QByteArray("{abort: {httpStatus: 600, percentage: {value: 1}}}") << false;
        QTest::newRow("unknown gRPC status")
            << QByteArray("{abort: {grpcStatus: GONE, percentage: {value: 1}}}") << true;
        QTest::newRow("HTTP/2 error")
            << QByteArray("{abort: {http2Error: REFUSED_STREAM, percentage: {value: 1}}}") << true;
        QTest::newRow("abort without a status")
            << QByteArray("{abort: {percentage: {value: 1}}}") << true;
        QTest::newRow("delay under 1ms")
            << QByteArray("{delay: {fixedDelay: 500us, percentage: {value: 1}}}") << true;
        QTest::newRow("delay not whole ms")
            << QByteArray("{delay: {fixedDelay: 1.0005s, percentage: {value: 1}}}") << true;
        QTest::newRow("delay not a duration")
            << QByteArray("{delay: {fixedDelay: soon, percentage: {value: 1}}}") << true;
        QTest::newRow("exponential delay") << QByteArray("{delay: {exponentialDelay: 1s}}") << true;
        QTest::newRow("delay and abort")
            << QByteArray("{delay: {fixedDelay: 1m30s, percent: 5}, abort: {httpStatus: 418, "
                          "percentage: {value: 0.0001}}}")
            << false;
    }
    void faultFollowsIstio() {
        QFETCH(QByteArray, fault);
        QFETCH(bool, expectFinding);
        const auto findings =
            validateText(httpRouteWith("fault", fault), QStringLiteral("fault.yaml"));
        QCOMPARE(hasCode(findings, "virtualservice.fault"), expectFinding);
    }

    // Istio's validateCORSPolicy, each rule on its own.
    void corsFollowsIstio_data() {
        QTest::addColumn<QByteArray>("cors");
        QTest::addColumn<bool>("expectFinding");
        QTest::newRow("empty origin") << QByteArray("{allowOrigins: [{exact: \"\"}]}") << true;
        QTest::newRow("origin without a match") << QByteArray("{allowOrigins: [{}]}") << true;
        QTest::newRow("bad origin regex") << QByteArray("{allowOrigins: [{regex: \"(\"}]}") << true;
        QTest::newRow("unknown method") << QByteArray("{allowMethods: [GET, FETCH]}") << true;
        QTest::newRow("bad header name") << QByteArray("{allowHeaders: [\"x y\"]}") << true;
        QTest::newRow("bad expose name") << QByteArray("{exposeHeaders: [\"x:y\"]}") << true;
        QTest::newRow("maxAge under a second") << QByteArray("{maxAge: 1500ms}") << true;
        QTest::newRow("maxAge not a duration") << QByteArray("{maxAge: a-day}") << true;
        QTest::newRow("unknown preflight handling")
            << QByteArray("{unmatchedPreflights: REJECT}") << true;
        QTest::newRow("all of it")
            << QByteArray("{allowOrigins: [{prefix: \"https://\"}, {regex: \".*\\\\.dev\"}], "
                          "allowOrigin: [\"https://old.example.com\"], allowMethods: [\"*\"], "
                          "allowHeaders: [\"*\"], exposeHeaders: [x-trace_id], maxAge: 10m, "
                          "allowCredentials: false, unmatchedPreflights: FORWARD}")
            << false;
    }
    void corsFollowsIstio() {
        QFETCH(QByteArray, cors);
        QFETCH(bool, expectFinding);
        const auto findings =
            validateText(httpRouteWith("corsPolicy", cors), QStringLiteral("cors.yaml"));
        QCOMPARE(hasCode(findings, "virtualservice.cors"), expectFinding);
    }

    // Istio's delegate rules: a VirtualService without hosts is a delegate, which names no
    // gateways, has no tls or tcp routes, and whose routes do not delegate again.
    void delegatesFollowIstio_data() {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<bool>("expectFinding");
        const QByteArray route = "  http:\n  - route: [{destination: {host: web}}]\n";
        QTest::newRow("delegate") << route << QByteArray("virtualservice.hosts") << false;
        QTest::newRow("delegate naming a gateway")
            << "  gateways: [kyma-system/kyma-gateway]\n" + route
            << QByteArray("virtualservice.hosts") << true;
        QTest::newRow("delegate with a tcp route")
            << route + "  tcp:\n  - route: [{destination: {host: db}}]\n"
            << QByteArray("virtualservice.hosts") << true;
        QTest::newRow("delegate delegating again")
            << QByteArray("  http:\n  - delegate: {name: other}\n")
            << QByteArray("virtualservice.http-route") << true;
        QTest::newRow("root delegating")
            << QByteArray("  hosts: [web.example.com]\n  http:\n  - delegate: {name: other}\n")
            << QByteArray("virtualservice.http-route") << false;
    }

    void delegatesFollowIstio() {
        QFETCH(QByteArray, spec);
        QFETCH(QByteArray, code);
        QFETCH(bool, expectFinding);
        const QByteArray text = "apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\n"
                                "metadata: {name: web, namespace: default}\nspec:\n" +
                                spec;
        const auto findings = validateText(text, QStringLiteral("delegate.yaml"));
        QString all;
        for (const Finding &x : findings)
            all += QString::fromStdString(x.toText()) + u'\n';
        QVERIFY2(hasCode(findings, code.toStdString()) == expectFinding, qPrintable(all));
    }

    void fixtures_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("expectFinding");
        for (const QString &f : QDir(casesDir()).entryList({QStringLiteral("*.yaml")})) {
            const QString code = f.section(u'.', 0, -3);
            const bool fail = f.endsWith(u".fail.yaml");
            QTest::newRow(qPrintable(f)) << f << code << fail;
        }
    }

    void fixtures() {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(bool, expectFinding);
        QFile f(casesDir() + QLatin1Char('/') + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto findings = validateText(f.readAll(), file);
        QString all;
        for (const Finding &x : findings)
            all += QString::fromStdString(x.toText()) + u'\n';
        if (expectFinding) {
            QVERIFY2(hasCode(findings, code.toStdString()), qPrintable(all));
            for (const Finding &x : findings) {
                if (x.code != code.toStdString())
                    continue;
                // Every finding points at a place in the file.
                QVERIFY2(x.line > 0 && x.column > 0, qPrintable(all));
                QVERIFY(x.file.ends_with(file.toStdString()));
                QVERIFY(!x.message.empty());
            }
        } else {
            QVERIFY2(!hasCode(findings, code.toStdString()), qPrintable(all));
            for (const Finding &x : findings)
                QVERIFY2(!x.code.starts_with("model.") && !x.code.starts_with("yaml."),
                         qPrintable(all));
        }
    }

    // A typo in a field name is found with Istio's schema, with a suggestion.
    void unknownFieldNamesTheTypo() {
        const QByteArray text = "apiVersion: networking.istio.io/v1\n"
                                "kind: VirtualService\n"
                                "metadata: {name: web, namespace: apps}\n"
                                "spec:\n"
                                "  hosts: [web.example.com]\n"
                                "  http:\n"
                                "  - route:\n"
                                "    - destination: {host: web, prot: {number: 80}}\n"
                                "  tcp: []\n"
                                "status: {anything: goes}\n";
        const auto findings = validateText(text, QStringLiteral("vs.yaml"));
        const auto it = std::find_if(findings.begin(), findings.end(), [](const Finding &f) {
            return f.code == "schema.unknown-field";
        });
        QVERIFY(it != findings.end());
        QCOMPARE(it->line, 8);
        QCOMPARE(it->column, 32);
        QCOMPARE(it->path, std::string("spec.http[0].route[0].destination.prot"));
        QVERIFY(it->message.find("did you mean 'port'") != std::string::npos);
        QCOMPARE(std::count_if(findings.begin(), findings.end(),
                               [](const Finding &f) { return f.code == "schema.unknown-field"; }),
                 long(1));
    }

    // The finding points at the exact field: file, line, column and YAML path.
    void locationsAreExact() {
        const QByteArray text = "apiVersion: networking.istio.io/v1\n"
                                "kind: Gateway\n"
                                "metadata:\n"
                                "  name: web\n"
                                "  namespace: apps\n"
                                "spec:\n"
                                "  servers:\n"
                                "  - port:\n"
                                "      number: 99999\n"
                                "      name: http\n"
                                "      protocol: HTTP\n"
                                "    hosts: [\"web.example.com\"]\n";
        const auto findings = validateText(text, QStringLiteral("loc.yaml"));
        const auto it = std::find_if(findings.begin(), findings.end(), [](const Finding &f) {
            return f.code == "gateway.server.port-number";
        });
        QVERIFY(it != findings.end());
        QCOMPARE(it->line, 9);
        QCOMPARE(it->column, 15);
        QCOMPARE(it->path, std::string("spec.servers[0].port.number"));
        QCOMPARE(it->kind, std::string("Gateway"));
        QCOMPARE(it->namespace_, std::string("apps"));
        QCOMPARE(it->name, std::string("web"));
        QCOMPARE(QString::fromStdString(it->toText()),
                 m_dir.filePath(QStringLiteral("loc.yaml")) +
                     QStringLiteral(":9:15: error gateway.server.port-number: port number "
                                    "99999 must be in the range 1..65535"));
    }

    // A second document's locations count the lines of the first.
    void multiDocumentLines() {
        const QByteArray text = "# first\n"
                                "apiVersion: v1\n"
                                "kind: Namespace\n"
                                "metadata: {name: apps}\n"
                                "---\n"
                                "apiVersion: networking.istio.io/v1\n"
                                "kind: ServiceEntry\n"
                                "metadata: {name: x, namespace: apps}\n"
                                "spec:\n"
                                "  hosts: [\"*\"]\n"
                                "  resolution: NONE\n";
        const auto findings = validateText(text, QStringLiteral("multi.yaml"));
        const auto it = std::find_if(findings.begin(), findings.end(), [](const Finding &f) {
            return f.code == "serviceentry.host";
        });
        QVERIFY(it != findings.end());
        QCOMPARE(it->line, 10);
        QCOMPARE(it->column, 11);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
