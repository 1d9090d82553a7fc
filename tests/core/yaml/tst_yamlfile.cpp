#include "model/model.h"
#include "workspace/atomicfile.h"
#include "workspace/workspace.h"
#include "yaml/yamlfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gatehouse::core;

namespace {

QString manifest(const char *name) {
    return QStringLiteral(GATEHOUSE_TEST_DATA "/manifests/") + QString::fromLatin1(name);
}

std::string readAll(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

YamlPath path(const char *p) {
    YamlPath out;
    [[maybe_unused]] const bool ok = YamlPath::parse(p, out);
    return out;
}

} // namespace

class TestYamlFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pathsRoundTrip_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("simple") << QStringLiteral("spec.servers[0].tls.mode");
        QTest::newRow("quoted") << QStringLiteral("data[\"global.tlsCrt\"]");
        QTest::newRow("index") << QStringLiteral("items[12]");
    }
    void pathsRoundTrip() {
        QFETCH(QString, text);
        YamlPath p;
        QVERIFY(YamlPath::parse(text.toStdString(), p));
        QCOMPARE(QString::fromStdString(p.toString()), text);
    }

    // Loading and saving real manifests changes nothing: comments, order, unknown fields.
    void roundTripIsByteExact_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("kyma-gateway") << manifest("kyma-gateway.yaml");
        QTest::newRow("egress") << manifest("egress.yaml");
    }
    void roundTripIsByteExact() {
        QFETCH(QString, file);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("copy.yaml"));
        QVERIFY(QFile::copy(file, copy));
        auto ws = Workspace::openPaths({copy.toStdString()});
        QVERIFY(ws);
        QVERIFY(!ws->files()[0].hasErrors());
        QVERIFY(ws->save(0));
        QCOMPARE(readAll(copy), readAll(file));
    }

    // A scalar edit replaces only that token: comments and layout stay.
    void scalarEditInPlace() {
        auto f = YamlFile::fromText(readAll(manifest("kyma-gateway.yaml")), "g.yaml");
        QVERIFY(f);
        const std::string before = f->text();
        QVERIFY(f->setScalar(0, path("spec.servers[0].tls.minProtocolVersion"), "TLSV1_3"));
        std::string expected = before;
        const size_t at = expected.find("TLSV1_2");
        expected.replace(at, 7, "TLSV1_3");
        QCOMPARE(f->text(), expected);
        // Quoted scalars stay quoted where they must be.
        QVERIFY(f->setScalar(0, path("spec.servers[0].hosts[0]"), "*.new.example.com"));
        QVERIFY(f->text().find("- \"*.new.example.com\"") != std::string::npos);
        QVERIFY(f->text().find("# use istio default ingress gateway") != std::string::npos);
        // A number-like string keeps its string type.
        QVERIFY(f->setScalar(0, path("metadata.labels[\"helm.sh/chart\"]"), "443",
                             ScalarStyle::String));
        QCOMPARE(f->find(0, path("metadata.labels[\"helm.sh/chart\"]")).Scalar(),
                 std::string("443"));
        QVERIFY(f->text().find("helm.sh/chart: \"443\"") != std::string::npos);
    }

    // An edit that adds structure re-emits the document: unknown fields and key order stay.
    void structuralEditKeepsUnknownFields() {
        auto f = YamlFile::fromText(readAll(manifest("egress.yaml")), "e.yaml");
        QVERIFY(f);
        QCOMPARE(f->documents().size(), size_t(4));
        QVERIFY(f->setScalar(2, path("spec.trafficPolicy.tls.mode"), "SIMPLE"));
        const YAML::Node root = f->node(2);
        QCOMPARE(root["spec"]["trafficPolicy"]["loadBalancer"]["simple"].Scalar(),
                 std::string("ROUND_ROBIN"));
        QCOMPARE(root["spec"]["trafficPolicy"]["tls"]["mode"].Scalar(), std::string("SIMPLE"));
        std::vector<std::string> keys;
        for (auto it = root["spec"].begin(); it != root["spec"].end(); ++it)
            keys.push_back(it->first.Scalar());
        QCOMPARE(keys, (std::vector<std::string>{"host", "subsets", "trafficPolicy"}));
        // The other documents are untouched, byte for byte, comments included.
        QVERIFY(f->text().find("# Egress through an Istio egress gateway") == 0);
        QVERIFY(f->text().find("    - \"istio-system/*\"\n") != std::string::npos);
        // Removal.
        QVERIFY(f->remove(0, path("spec.ports[0]")));
        QCOMPARE(f->find(0, path("spec.ports")).size(), size_t(1));
        QCOMPARE(f->find(0, path("spec.ports[0].name")).Scalar(), std::string("https"));
    }

    // Adding and removing list items and keys edits just those lines: every comment
    // and the layout of the rest of the document survive.
    void listEditsInPlaceKeepComments() {
        const std::string text = "# top comment\n"
                                 "apiVersion: networking.istio.io/v1\n"
                                 "kind: Gateway\n"
                                 "metadata:\n"
                                 "  name: g  # trailing\n"
                                 "spec:\n"
                                 "  servers:\n"
                                 "  # the https server\n"
                                 "  - port:\n"
                                 "      number: 443\n"
                                 "      name: https\n"
                                 "      protocol: HTTPS\n"
                                 "    hosts:\n"
                                 "    - \"*.example.com\"  # wildcard\n"
                                 "  - port: {number: 80, name: http, protocol: HTTP}\n"
                                 "    hosts: [\"*\"]\n"
                                 "  selector:\n"
                                 "    istio: ingressgateway # keep\n"
                                 "---\n"
                                 "hosts:\n"
                                 "- a\n"
                                 "- b # second\n"
                                 "ports: [1, 2]\n";
        auto f = YamlFile::fromText(text, "g.yaml");
        QVERIFY(f);
        YAML::Node server(YAML::NodeType::Map);
        server["port"]["number"] = 8443;
        server["port"]["name"] = "https-alt";
        server["port"]["protocol"] = "HTTPS";
        server["hosts"].push_back("alt.example.com");
        QVERIFY(f->setNode(0, path("spec.servers[2]"), server));
        for (const char *kept : {"# top comment", "name: g  # trailing", "# the https server",
                                 "# wildcard", "# keep", "- b # second"})
            QVERIFY2(f->text().find(kept) != std::string::npos, kept);
        QCOMPARE(f->find(0, path("spec.servers")).size(), size_t(3));
        QCOMPARE(f->find(0, path("spec.servers[2].port.name")).Scalar(), std::string("https-alt"));
        QCOMPARE(f->find(0, path("spec.servers[2].hosts[0]")).Scalar(),
                 std::string("alt.example.com"));
        QCOMPARE(f->find(0, path("spec.selector.istio")).Scalar(), std::string("ingressgateway"));
        // The new item is written where the list is, in the list's indentation.
        QVERIFY(f->text().find("  - port:\n      number: 8443\n") != std::string::npos);
        QVERIFY(f->text().find("  - port: {number: 80, name: http, protocol: HTTP}\n") !=
                std::string::npos);

        // Remove the first server: its lines go, the comment above the list stays.
        QVERIFY(f->remove(0, path("spec.servers[0]")));
        QCOMPARE(f->find(0, path("spec.servers")).size(), size_t(2));
        QCOMPARE(f->find(0, path("spec.servers[0].port.name")).Scalar(), std::string("http"));
        QVERIFY(f->text().find("# wildcard") == std::string::npos);
        QVERIFY(f->text().find("# the https server") != std::string::npos);
        QVERIFY(f->text().find("# keep") != std::string::npos);
        // Remove a key with its nested lines.
        QVERIFY(f->remove(0, path("spec.selector")));
        QVERIFY(!f->find(0, path("spec.selector")).IsDefined());
        QVERIFY(f->text().find("istio: ingressgateway") == std::string::npos);
        QVERIFY(f->text().find("# top comment") == 0);
        // An indentless list in the second document, and a flow list (re-emitted).
        QVERIFY(f->setNode(1, path("hosts[2]"), YAML::Node("c")));
        QVERIFY(f->text().find("- b # second\n- c\n") != std::string::npos);
        QVERIFY(f->remove(1, path("hosts[0]")));
        QVERIFY(f->text().find("hosts:\n- b # second\n- c\n") != std::string::npos);
        QVERIFY(f->setNode(1, path("ports[2]"), YAML::Node(3)));
        QCOMPARE(f->find(1, path("ports")).size(), size_t(3));
        // Removing the last item of a list is a structural edit that still works.
        QVERIFY(f->remove(0, path("spec.servers[1]")));
        QVERIFY(f->remove(0, path("spec.servers[0]")));
        QCOMPARE(f->find(0, path("spec.servers")).size(), size_t(0));
        QVERIFY(!f->hasErrors());
    }

    // One broken document does not hide the others; the error names line and column.
    void syntaxErrorPerDocument() {
        const std::string text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n"
                                 "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n";
        auto f = YamlFile::fromText(text, "two.yaml");
        QVERIFY(f);
        QCOMPARE(f->documents().size(), size_t(2));
        QVERIFY(!f->documents()[0].error);
        QVERIFY(f->documents()[1].error);
        const gatehouse::Error &e = *f->documents()[1].error;
        QCOMPARE(e.code, std::string("yaml.syntax"));
        QCOMPARE(e.location.file, std::string("two.yaml"));
        QVERIFY(e.location.line >= 7);
        QVERIFY(e.location.column > 0);
        // An edit never leaves a broken file behind.
        QVERIFY(!f->setScalar(1, path("metadata.name"), "y"));
    }

    void badInput_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::newRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01\x00\x00",
                                              8)
                                << QStringLiteral("input.binary");
    }
    void badInput() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral("bad.yaml"));
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        f.close();
        auto y = YamlFile::load(p.toStdString());
        QVERIFY(!y);
        QCOMPARE(QString::fromStdString(y.error().code), code);
        QCOMPARE(y.error().location.file, p.toStdString());
        QVERIFY(y.error().location.line > 0);
    }

    // A 50 MB file is refused at once, without reading it.
    void hugeFileRefused() {
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral("huge.yaml"));
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(50LL * 1024 * 1024));
        f.close();
        QElapsedTimer t;
        t.start();
        auto y = YamlFile::load(p.toStdString());
        QVERIFY(!y);
        QCOMPARE(y.error().code, std::string("input.too-large"));
    }

    // Saves are atomic; files with private material are written 0600.
    void atomicSavePermissions() {
        QTemporaryDir dir;
        const QString pub = dir.filePath(QStringLiteral("gw.yaml"));
        QVERIFY(QFile::copy(manifest("kyma-gateway.yaml"), pub));
        auto ws = Workspace::openPaths({pub.toStdString()});
        QVERIFY(ws);
        QVERIFY(ws->save(0));
        struct stat st {};
        QCOMPARE(::stat(pub.toLocal8Bit().constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0644);

        const QString secret = dir.filePath(QStringLiteral("secret.yaml"));
        auto file = YamlFile::fromText("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
                                       "type: kubernetes.io/tls\n"
                                       "data: {tls.crt: Y2VydA==, tls.key: a2V5}\n",
                                       secret.toStdString());
        QVERIFY(file);
        Workspace w2;
        w2.addFile(*file);
        QVERIFY(w2.save(0));
        QCOMPARE(::stat(secret.toLocal8Bit().constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        // No temporary files are left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2);
    }

    // The model reads every kind and keeps positions.
    void modelReadsKinds() {
        auto ws = Workspace::openPaths(
            {manifest("kyma-gateway.yaml").toStdString(), manifest("egress.yaml").toStdString()});
        QVERIFY(ws);
        const Model m = ws->buildModel();
        QVERIFY(m.errors.empty());
        QCOMPARE(m.gateways.size(), size_t(2));
        QCOMPARE(m.serviceEntries.size(), size_t(1));
        QCOMPARE(m.destinationRules.size(), size_t(1));
        QCOMPARE(m.sidecars.size(), size_t(1));
        const Gateway &g = m.gateways[0];
        QCOMPARE(g.meta.name.value, std::string("kyma-gateway"));
        QCOMPARE(g.servers.size(), size_t(2));
        QCOMPARE(g.servers[0].tls.cipherSuites.size(), size_t(5));
        QCOMPARE(g.servers[0].tls.cipherSuites[2].value, std::string("ECDHE-RSA-AES256-SHA"));
        QCOMPARE(g.servers[0].tls.minProtocolVersion.line, 25);
        QCOMPARE(g.servers[1].tls.httpsRedirect.toBool(), std::optional<bool>(true));
        QCOMPARE(m.sidecars[0].outboundTrafficPolicyMode.value, std::string("REGISTRY_ONLY"));
    }
};

QTEST_GUILESS_MAIN(TestYamlFile)
#include "tst_yamlfile.moc"
