// Unit tests: kubeconfig reading and merging as kubectl does it.
#include "cluster/kubeconfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;
using namespace gatehouse::core;

class TestKubeConfig : public QObject {
    Q_OBJECT

private:
    static QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &text) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(text);
        return f.fileName();
    }

private Q_SLOTS:
    void mergesFirstWins() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString first = write(dir, "a.yaml", R"(apiVersion: v1
kind: Config
current-context: one
clusters:
- name: c1
  cluster: {server: "https://first:6443", certificate-authority: pki/ca.crt}
users:
- name: u1
  user: {client-certificate: u1.crt, client-key: /abs/u1.key}
contexts:
- name: one
  context: {cluster: c1, user: u1, namespace: team-a}
)");
        const QString second = write(dir, "b.yaml", R"(apiVersion: v1
kind: Config
current-context: two
clusters:
- name: c1
  cluster: {server: "https://second:6443"}
- name: c2
  cluster: {server: "https://c2:6443", insecure-skip-tls-verify: true, tls-server-name: api.example, proxy-url: "socks5://127.0.0.1:1080"}
users:
- name: u2
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/plugin
      args: [get-token, --x]
      env: [{name: A, value: b}]
      installHint: install the plugin
      provideClusterInfo: true
contexts:
- name: two
  context: {cluster: c2, user: u2}
)");
        Result<KubeConfig> config =
            KubeConfig::loadFiles({first, dir.filePath("missing.yaml"), second});
        QVERIFY2(config, config ? "" : config.error().toString().c_str());
        QCOMPARE(config->currentContext(), QStringLiteral("one"));
        QCOMPARE(config->contexts().size(), 2);
        QCOMPARE(config->clusters().size(), 2);

        Result<ResolvedContext> one = config->resolve();
        QVERIFY(one);
        QCOMPARE(one->cluster.server, QStringLiteral("https://first:6443"));
        QCOMPARE(one->cluster.certificateAuthority, dir.filePath("pki/ca.crt"));
        QCOMPARE(one->user.clientCertificate, dir.filePath("u1.crt"));
        QCOMPARE(one->user.clientKey, QStringLiteral("/abs/u1.key"));
        QCOMPARE(one->ns, QStringLiteral("team-a"));
        QVERIFY(one->warnings.isEmpty());

        Result<ResolvedContext> two = config->resolve(QStringLiteral("two"));
        QVERIFY(two);
        QCOMPARE(two->ns, QStringLiteral("default"));
        QVERIFY(two->cluster.insecureSkipTlsVerify);
        QCOMPARE(two->cluster.tlsServerName, QStringLiteral("api.example"));
        QCOMPARE(two->cluster.proxyUrl, QStringLiteral("socks5://127.0.0.1:1080"));
        QCOMPARE(two->warnings.size(), 1);
        QVERIFY(two->warnings.first().contains(u"insecure-skip-tls-verify"));
        QVERIFY(two->user.exec.has_value());
        QCOMPARE(two->user.exec->command, dir.filePath("bin/plugin"));
        QCOMPARE(two->user.exec->args, QStringList({"get-token", "--x"}));
        QCOMPARE(two->user.exec->env.size(), 1);
        QCOMPARE(two->user.exec->installHint, QStringLiteral("install the plugin"));
        QVERIFY(two->user.exec->provideClusterInfo);
    }

    void kubeconfigEnvironment() {
        QTemporaryDir dir;
        const QString a = write(dir, "a",
                                "current-context: x\ncontexts:\n- name: x\n  context: "
                                "{cluster: c}\nclusters:\n- name: c\n  cluster: "
                                "{server: 'https://a'}\n");
        const QString b = write(dir, "b", "current-context: y\n");
        qputenv("KUBECONFIG", (b + u':' + a).toLocal8Bit());
        Result<KubeConfig> config = KubeConfig::load();
        qunsetenv("KUBECONFIG");
        QVERIFY(config);
        QCOMPARE(config->currentContext(), QStringLiteral("y")); // b comes first
        QCOMPARE(config->sourceFiles().size(), 2);
        // --kubeconfig alone, without merging.
        Result<KubeConfig> only = KubeConfig::load(a);
        QVERIFY(only);
        QCOMPARE(only->currentContext(), QStringLiteral("x"));
        QCOMPARE(only->resolve()->cluster.server, QStringLiteral("https://a"));
    }

    void errors_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("code");
        QTest::newRow("no current")
            << QByteArray("clusters: []\n") << QString() << QStringLiteral("kubeconfig.no-context");
        QTest::newRow("unknown context") << QByteArray("current-context: a\n") << QString()
                                         << QStringLiteral("kubeconfig.context");
        QTest::newRow("unknown cluster")
            << QByteArray("contexts:\n- name: a\n  context: {cluster: nope}\n") << "a"
            << QStringLiteral("kubeconfig.cluster");
        QTest::newRow("unknown user")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://x'}\ncontexts:\n- "
                          "name: a\n  context: {cluster: c, user: ghost}\n")
            << "a" << QStringLiteral("kubeconfig.user");
        QTest::newRow("bad yaml") << QByteArray("clusters: [\n") << "a"
                                  << QStringLiteral("yaml.parse");
    }
    void errors() {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, context);
        QFETCH(QString, code);
        Result<KubeConfig> config = KubeConfig::fromYaml(yaml, QStringLiteral("/tmp"));
        if (!config) {
            QCOMPARE(QString::fromStdString(config.error().code), code);
            return;
        }
        Result<ResolvedContext> resolved = config->resolve(context);
        QVERIFY(!resolved);
        QCOMPARE(QString::fromStdString(resolved.error().code), code);
    }
};

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "tst_kubeconfig.moc"
