// Integration tests against a real kube-apiserver + etcd (tests/kube/cluster.sh, started by
// the CTest fixture): every auth mode, discovery, dry run, apply/re-apply/change, conflicts,
// RBAC, CRD schema rejection, watch, pull, and the gatehousectl verbs.
#include "cluster/clusterapplier.h"
#include "cluster/clusterbrowser.h"
#include "cluster/clusterconnection.h"
#include "cluster/clusterreader.h"
#include "cluster/clustersession.h"
#include "cluster/execcredential.h"
#include "cluster/jsonyaml.h"
#include "cluster/resourcewatch.h"

#include "../../support/processrun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>

using namespace gatehouse;
using namespace gatehouse::core;
using gatehouse::test::Run;
using gatehouse::test::runProcess;

namespace {

struct Cluster {
    QString kubeconfig;
    QString server;
    QString ca;
    QString execPlugin;
    QString execTokenFile;
};

QJsonObject obj(const char *yaml) {
    Result<QJsonValue> v = jsonyaml::parseValue(QByteArray(yaml));
    return v ? v->toObject() : QJsonObject();
}

QString fill(const char *text, const QString &ns) {
    // "NS" as a word ("DNS" stays).
    return QString::fromUtf8(text).replace(QRegularExpression(QStringLiteral("\\bNS\\b")), ns);
}

ApplyResult find(const QList<ApplyResult> &results, const QString &kind, const QString &name) {
    for (const ApplyResult &r : results)
        if (r.key.kind == kind && r.key.name == name)
            return r;
    return {};
}

QString nameOf(const QJsonObject &object) {
    return object.value(u"metadata").toObject().value(u"name").toString();
}

// Everything a ResourceWatch reports; `sequence` has each report's kind in order (ADDED,
// MODIFIED, DELETED, BOOKMARK, RESUMED, RELISTED, FAILED).
struct WatchLog {
    QStringList sequence;
    QList<QPair<QString, QJsonObject>> events;
    QList<QPair<QString, QString>> bookmarks; // the bookmark's version, the stored one then
    QList<QPair<QList<QJsonObject>, QString>> relists;
    QStringList resumes; // the version each new stream started from
    QStringList failures;

    void attach(ResourceWatch &watch, QObject *context) {
        QObject::connect(&watch, &ResourceWatch::changed, context,
                         [this](const QString &type, const QJsonObject &o) {
                             sequence.append(type);
                             events.append({type, o});
                         });
        QObject::connect(&watch, &ResourceWatch::bookmarked, context,
                         [this, &watch](const QString &rv) {
                             sequence.append(QStringLiteral("BOOKMARK"));
                             bookmarks.append({rv, watch.resourceVersion()});
                         });
        QObject::connect(&watch, &ResourceWatch::relisted, context,
                         [this](const QList<QJsonObject> &objects, const QString &rv) {
                             sequence.append(QStringLiteral("RELISTED"));
                             relists.append({objects, rv});
                         });
        QObject::connect(&watch, &ResourceWatch::resumed, context, [this](const QString &rv) {
            sequence.append(QStringLiteral("RESUMED"));
            resumes.append(rv);
        });
        QObject::connect(&watch, &ResourceWatch::failed, context, [this](const QString &m) {
            sequence.append(QStringLiteral("FAILED"));
            failures.append(m);
        });
    }
    // A stream that started at or past `rv`.
    [[nodiscard]] bool resumedPast(qulonglong rv) const {
        for (const QString &r : resumes)
            if (r.toULongLong() >= rv)
                return true;
        return false;
    }
    // A bookmark at or past `rv` (numerically: this server's versions are etcd revisions).
    [[nodiscard]] bool bookmarkedPast(qulonglong rv) const {
        for (const auto &b : bookmarks)
            if (b.first.toULongLong() >= rv)
                return true;
        return false;
    }
};

} // namespace

class TestClusterLive : public QObject {
    Q_OBJECT

    Cluster m_cluster;
    QTemporaryDir m_tmp;
    int m_nsCounter = 0;

    Run kubectl(const QStringList &args, const QByteArray &input = {}) {
        return runProcess(QStringLiteral("kubectl"), QStringList{"--context", "gh-admin"} + args,
                          m_cluster.kubeconfig, input);
    }
    // How the relist tests end: after the relist, the one change the test just made comes
    // as one `type` event for `name`; the watch then stops, having listed again once and
    // never failed. Only as a test's last step: a failed check returns from here alone.
    void expectOneEventThenStop(ResourceWatch &watch, const WatchLog &log, const QString &type,
                                const QString &name) {
        QTRY_VERIFY_WITH_TIMEOUT(!log.events.isEmpty(), 30'000);
        QCOMPARE(log.events[0].first, type);
        QCOMPARE(nameOf(log.events[0].second), name);
        watch.stop();
        QCOMPARE(log.events.size(), 1);
        QCOMPARE(log.relists.size(), 1);
        QVERIFY2(log.failures.isEmpty(), qPrintable(log.failures.join(u'\n')));
    }
    Run gatehousectl(const QStringList &args) {
        return runProcess(QStringLiteral(GATEHOUSE_BINARY_DIR "/app/gatehousectl"), args,
                          m_cluster.kubeconfig);
    }
    std::unique_ptr<ClusterSession> open(const QString &context) {
        Result<std::unique_ptr<ClusterSession>> s =
            ClusterSession::open(m_cluster.kubeconfig, context);
        if (!s) {
            qWarning("open %s: %s", qPrintable(context), s.error().toString().c_str());
            return nullptr;
        }
        return std::move(*s);
    }
    // A fresh namespace per test, so tests do not see each other's objects.
    QString newNamespace() {
        const QString ns = QStringLiteral("gh-live-%1-%2")
                               .arg(QCoreApplication::applicationPid())
                               .arg(++m_nsCounter);
        const Run r = kubectl({"create", "namespace", ns});
        if (r.exitCode != 0)
            qWarning("kubectl create namespace: %s", r.err.constData());
        return ns;
    }
    // PodTemplates: a kind nothing else here uses, watched from etcd directly (cluster.sh).
    Run applyPodTemplate(const QString &ns, const QString &name) {
        return kubectl({"apply", "-f", "-"},
                       fill("apiVersion: v1\nkind: PodTemplate\nmetadata: {name: NAME, namespace: "
                            "NS}\ntemplate:\n  spec:\n    containers: [{name: c, image: "
                            "registry.invalid/c}]\n",
                            ns)
                           .replace(QStringLiteral("NAME"), name)
                           .toUtf8());
    }
    QString writeKubeconfig(const QString &name, const QString &text) {
        QFile f(m_tmp.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(text.toUtf8());
        return f.fileName();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        const QByteArray state = qgetenv("GATEHOUSE_KUBE_STATE");
        QVERIFY2(!state.isEmpty(), "GATEHOUSE_KUBE_STATE is not set (run through ctest: the "
                                   "cluster_kube_start fixture starts the cluster)");
        QFile env(QString::fromLocal8Bit(state) + QStringLiteral("/env"));
        QVERIFY2(env.open(QIODevice::ReadOnly), "the test cluster is not running (no env file)");
        for (const QByteArray &line : env.readAll().split('\n')) {
            const QString l = QString::fromUtf8(line);
            const QString key = l.section(u'=', 0, 0), value = l.section(u'=', 1);
            if (key == u"GATEHOUSE_KUBECONFIG")
                m_cluster.kubeconfig = value;
            else if (key == u"GATEHOUSE_KUBE_SERVER")
                m_cluster.server = value;
            else if (key == u"GATEHOUSE_KUBE_CA")
                m_cluster.ca = value;
            else if (key == u"GATEHOUSE_KUBE_EXEC_PLUGIN")
                m_cluster.execPlugin = value;
            else if (key == u"GATEHOUSE_KUBE_EXEC_TOKEN_FILE")
                m_cluster.execTokenFile = value;
        }
        QVERIFY(!m_cluster.kubeconfig.isEmpty());
        QVERIFY(!m_cluster.server.isEmpty());
    }

    void authModes_data() {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("user");
        QTest::newRow("client certificate (admin)") << "gh-admin"
                                                    << "gatehouse-admin";
        QTest::newRow("client certificate (viewer)") << "gh-viewer"
                                                     << "gatehouse-viewer";
        QTest::newRow("static token") << "gh-token"
                                      << "gatehouse-token-user";
        QTest::newRow("exec plugin") << "gh-exec"
                                     << "gatehouse-exec-user";
    }
    void authModes() {
        QFETCH(QString, context);
        QFETCH(QString, user);
        auto session = open(context);
        QVERIFY(session);
        Result<QString> version = session->client().serverVersion();
        QVERIFY2(version, version ? "" : version.error().toString().c_str());
        QVERIFY2(version->startsWith(u"v1.33."), qPrintable(*version));
        // Who the server thinks we are.
        KubeRequest review;
        review.method = "POST";
        review.path = QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews");
        review.contentType = "application/json";
        review.body = R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})";
        Result<KubeResponse> who = session->client().send(review);
        QVERIFY(who);
        QCOMPARE(who->status, 201);
        QCOMPARE(who->json()
                     .value(u"status")
                     .toObject()
                     .value(u"userInfo")
                     .toObject()
                     .value(u"username")
                     .toString(),
                 user);
        // And it may list ConfigMaps in team-a.
        Result<ApiResource> cm = session->discovery().find(QStringLiteral("cm"));
        QVERIFY(cm);
        Result<ResourceList> list = session->reader().list(*cm, QStringLiteral("team-a"));
        QVERIFY2(list, list ? "" : list.error().toString().c_str());
        QVERIFY(!list->resourceVersion.isEmpty());
    }

    void execCredentialCachedUntilExpiry() {
        const QString counter = m_tmp.filePath(QStringLiteral("exec-count"));
        auto config = [&](int ttl) {
            return writeKubeconfig(QStringLiteral("exec-%1.yaml").arg(ttl),
                                   QStringLiteral(R"(apiVersion: v1
kind: Config
current-context: x
clusters: [{name: c, cluster: {server: "%1", certificate-authority: "%2"}}]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: "%3"
      args: ["%4"]
      env: [{name: GATEHOUSE_EXEC_COUNT_FILE, value: "%5"}, {name: GATEHOUSE_EXEC_TTL, value: "%6"}]
contexts: [{name: x, context: {cluster: c, user: u}}]
)")
                                       .arg(m_cluster.server, m_cluster.ca, m_cluster.execPlugin,
                                            m_cluster.execTokenFile, counter)
                                       .arg(ttl));
        };
        auto runs = [&] {
            QFile f(counter);
            return f.open(QIODevice::ReadOnly) ? f.readAll().count('\n') : 0;
        };
        // Valid for an hour: one run serves two sessions and several requests.
        const QString longLived = config(3600);
        for (int i = 0; i < 2; ++i) {
            Result<std::unique_ptr<ClusterSession>> s = ClusterSession::open(longLived, {});
            QVERIFY(s);
            QVERIFY((*s)->client().serverVersion());
            QVERIFY((*s)->client().getJson(QStringLiteral("/api/v1/namespaces/team-a/configmaps")));
        }
        QCOMPARE(runs(), 1);
        // Expiring within the renewal margin: every request asks the plugin again.
        const QString shortLived = config(5);
        Result<std::unique_ptr<ClusterSession>> s = ClusterSession::open(shortLived, {});
        QVERIFY(s);
        QVERIFY((*s)->client().serverVersion());
        QVERIFY((*s)->client().serverVersion());
        QCOMPARE(runs(), 3);
    }

    void execPluginMissingShowsInstallHint() {
        const QString path = writeKubeconfig(QStringLiteral("missing-plugin.yaml"),
                                             QStringLiteral(R"(current-context: x
clusters: [{name: c, cluster: {server: "%1", certificate-authority: "%2"}}]
users:
- name: u
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: gatehouse-no-such-plugin, interactiveMode: Never,
           installHint: "Install it with: apt install gatehouse-auth"}
contexts: [{name: x, context: {cluster: c, user: u}}]
)")
                                                 .arg(m_cluster.server, m_cluster.ca));
        Result<std::unique_ptr<ClusterSession>> s = ClusterSession::open(path, {});
        QVERIFY(s);
        Result<QString> version = (*s)->client().serverVersion();
        QVERIFY(!version);
        QCOMPARE(version.error().code, std::string("cluster.exec.missing"));
        QVERIFY(version.error().message.find("apt install gatehouse-auth") != std::string::npos);
    }

    void connectionErrors_data() {
        QTest::addColumn<QString>("clusterYaml");
        QTest::addColumn<QString>("userYaml");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("wrong token")
            << "server: \"SERVER\", certificate-authority: \"CA\""
            << "token: not-a-valid-token"
            << "cluster.unauthorized" << QStringList{"401", "\"u\"", "bearer token"};
        QTest::newRow("untrusted server certificate")
            << "server: \"SERVER\""
            << "token: whatever"
            << "cluster.tls.untrusted"
            << QStringList{"kube-apiserver", "gatehouse-test-ca", "not trusted"};
        QTest::newRow("unreachable") << "server: \"https://127.0.0.1:CLOSED\""
                                     << "token: x"
                                     << "cluster.unreachable" << QStringList{"cannot reach"};
    }
    void connectionErrors() {
        QFETCH(QString, clusterYaml);
        QFETCH(QString, userYaml);
        QFETCH(QString, code);
        QFETCH(QStringList, mentions);
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const QString closedPort = QString::number(closed.serverPort());
        closed.close();
        clusterYaml.replace(QStringLiteral("SERVER"), m_cluster.server)
            .replace(QStringLiteral("CA"), m_cluster.ca)
            .replace(QStringLiteral("CLOSED"), closedPort);
        const QString path = writeKubeconfig(
            QStringLiteral("err.yaml"),
            QStringLiteral("current-context: x\nclusters: [{name: c, cluster: {%1}}]\nusers: "
                           "[{name: u, user: {%2}}]\n"
                           "contexts: [{name: x, context: {cluster: c, user: u}}]\n")
                .arg(clusterYaml, userYaml));
        Result<std::unique_ptr<ClusterSession>> s = ClusterSession::open(path, {});
        QVERIFY(s);
        Result<QString> version = (*s)->client().serverVersion();
        QVERIFY(!version);
        QCOMPARE(QString::fromStdString(version.error().code), code);
        for (const QString &m : mentions)
            QVERIFY2(QString::fromStdString(version.error().message).contains(m),
                     version.error().message.c_str());
    }

    void insecureSkipVerifyWorksWithWarning() {
        const QString path = writeKubeconfig(
            QStringLiteral("insecure.yaml"),
            QStringLiteral("current-context: x\nclusters: [{name: c, cluster: {server: \"%1\", "
                           "insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {}}]\n"
                           "contexts: [{name: x, context: {cluster: c, user: u}}]\n")
                .arg(m_cluster.server));
        Result<std::unique_ptr<ClusterSession>> s = ClusterSession::open(path, {});
        QVERIFY(s);
        QCOMPARE((*s)->warnings().size(), 1);
        // Anonymous may read /version.
        QVERIFY((*s)->client().serverVersion());
    }

    void tlsServerName() {
        // Connect by address, verify the certificate as "localhost" (one of its DNS names).
        const QString path = writeKubeconfig(
            QStringLiteral("sni.yaml"),
            QStringLiteral("current-context: x\nclusters: [{name: c, cluster: {server: \"%1\", "
                           "certificate-authority: \"%2\", tls-server-name: localhost}}]\n"
                           "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: "
                           "c, user: u}}]\n")
                .arg(m_cluster.server, m_cluster.ca));
        Result<std::unique_ptr<ClusterSession>> s = ClusterSession::open(path, {});
        QVERIFY(s);
        Result<QString> v = (*s)->client().serverVersion();
        QVERIFY2(v, v ? "" : v.error().toString().c_str());
    }

    // proxy-url: requests go through a real HTTP proxy (tinyproxy, CONNECT), as with kubectl.
    void proxyUrlThroughTinyproxy() {
        const QString tinyproxy = QStandardPaths::findExecutable(QStringLiteral("tinyproxy"));
        QVERIFY2(!tinyproxy.isEmpty(), "tinyproxy is missing (scripts/setup-deps.sh --test)");
        Result<KubeConfig> config = KubeConfig::load(m_cluster.kubeconfig);
        QVERIFY(config);
        Result<ResolvedContext> tokenUser = config->resolve(QStringLiteral("gh-token"));
        QVERIFY(tokenUser);
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString log = m_tmp.filePath(QStringLiteral("tinyproxy.log"));
        const QString conf =
            writeKubeconfig(QStringLiteral("tinyproxy.conf"),
                            QStringLiteral("Port %1\nListen 127.0.0.1\nTimeout 60\nMaxClients 20\n"
                                           "Allow 127.0.0.1\nLogLevel Connect\nLogFile \"%2\"\n")
                                .arg(port)
                                .arg(log));
        QProcess proxy;
        proxy.start(tinyproxy, {QStringLiteral("-d"), QStringLiteral("-c"), conf});
        QVERIFY(proxy.waitForStarted(5000));
        const auto stop = qScopeGuard([&] {
            proxy.terminate();
            if (!proxy.waitForFinished(5000))
                proxy.kill();
        });
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(log) && QFile(log).size() > 0, 10000);
        const auto kubeconfigVia = [&](const QString &name, quint16 proxyPort) {
            return writeKubeconfig(
                name, QStringLiteral("current-context: x\nclusters: [{name: c, cluster: {server: "
                                     "\"%1\", certificate-authority: \"%2\", proxy-url: "
                                     "\"http://127.0.0.1:%3\"}}]\nusers: [{name: u, user: "
                                     "{token: \"%4\"}}]\ncontexts: [{name: x, context: "
                                     "{cluster: c, user: u}}]\n")
                          .arg(m_cluster.server, m_cluster.ca)
                          .arg(proxyPort)
                          .arg(tokenUser->user.token));
        };
        Result<std::unique_ptr<ClusterSession>> s =
            ClusterSession::open(kubeconfigVia(QStringLiteral("proxied.yaml"), port), {});
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        KubeRequest version;
        version.path = QStringLiteral("/version");
        Result<KubeResponse> r = (*s)->client().send(version);
        QVERIFY2(r, r ? "" : r.error().toString().c_str());
        QCOMPARE(r->status, 200);
        QVERIFY(r->json().contains(QStringLiteral("gitVersion")));
        // The proxy really carried it: its log names the API server it connected to.
        const QString hostPort = QUrl(m_cluster.server).authority();
        QFile proxyLog(log);
        QVERIFY(proxyLog.open(QIODevice::ReadOnly));
        const QByteArray logText = proxyLog.readAll();
        QVERIFY2(logText.contains("CONNECT " + hostPort.toUtf8()), logText.constData());
        // A proxy that is not there is a transport error, not a direct connection.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        Result<std::unique_ptr<ClusterSession>> dead =
            ClusterSession::open(kubeconfigVia(QStringLiteral("deadproxy.yaml"), deadPort), {});
        QVERIFY(dead);
        version.timeoutMs = 5000;
        QVERIFY(!(*dead)->client().send(version));
    }

    void tokenFileAuth() {
        // The static token of gh-token, read from a file named relative to the kubeconfig.
        Result<KubeConfig> config = KubeConfig::load(m_cluster.kubeconfig);
        QVERIFY(config);
        Result<ResolvedContext> tokenUser = config->resolve(QStringLiteral("gh-token"));
        QVERIFY(tokenUser);
        QVERIFY(!tokenUser->user.token.isEmpty());
        QDir().mkpath(m_tmp.filePath(QStringLiteral("tokens")));
        QFile token(m_tmp.filePath(QStringLiteral("tokens/static")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write(tokenUser->user.token.toUtf8() + "\n"); // a trailing newline is not part of it
        token.close();
        const QString path = writeKubeconfig(
            QStringLiteral("tokenfile.yaml"),
            QStringLiteral("current-context: x\nclusters: [{name: c, cluster: {server: \"%1\", "
                           "certificate-authority: \"%2\"}}]\nusers: [{name: u, user: {tokenFile: "
                           "tokens/static}}]\ncontexts: [{name: x, context: {cluster: c, user: "
                           "u}}]\n")
                .arg(m_cluster.server, m_cluster.ca));
        Result<std::unique_ptr<ClusterSession>> s = ClusterSession::open(path, {});
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        KubeRequest review;
        review.method = "POST";
        review.path = QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews");
        review.contentType = "application/json";
        review.body = R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})";
        Result<KubeResponse> who = (*s)->client().send(review);
        QVERIFY(who);
        QCOMPARE(who->status, 201);
        const QJsonObject body = who->json();
        QCOMPARE(body["status"]["userInfo"]["username"].toString(),
                 QStringLiteral("gatehouse-token-user"));
        // A token file that is gone is an error that names it, not a hang or an anonymous call.
        QVERIFY(QFile::remove(token.fileName()));
        Result<std::unique_ptr<ClusterSession>> gone = ClusterSession::open(path, {});
        Result<QString> v = gone ? (*gone)->client().serverVersion() : Result<QString>();
        QVERIFY(!gone || !v);
        const std::string message = gone ? v.error().toString() : gone.error().toString();
        QVERIFY2(message.find("static") != std::string::npos, message.c_str());
    }

    void browserOverviewServeSetAndDelete() {
        const QString ns = newNamespace();
        const QByteArray yaml = fill(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: browsed, namespace: NS}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [browsed.example.com]
    tls: {mode: SIMPLE, credentialName: browsed-cert}
)",
                                     ns)
                                    .toUtf8();
        QCOMPARE(kubectl({"apply", "--server-side", "-f", "-"}, yaml).exitCode, 0);
        QCOMPARE(kubectl({"create", "secret", "generic", "browsed-cert", "-n", ns,
                          "--type=kubernetes.io/tls", "--from-literal=tls.crt=CERT",
                          "--from-literal=tls.key=KEY"})
                     .exitCode,
                 0);
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        Result<ClusterOverview> overview = ClusterBrowser::overview(*session);
        QVERIFY2(overview, overview ? "" : overview.error().toString().c_str());
        QVERIFY(overview->serverVersion.startsWith(u"v1.33."));
        QVERIFY(overview->namespaces.contains(ns));
        bool gateway = false;
        bool secretHidden = false;
        for (const QJsonObject &o : overview->objects) {
            const ResourceKey key = ResourceKey::of(o);
            if (key.ns != ns)
                continue;
            gateway |= key.kind == u"Gateway" && key.name == u"browsed";
            if (key.kind == u"Secret")
                secretHidden = !o["data"]["tls.key"].toString().contains(u"S0VZ"); // "KEY"
        }
        QVERIFY(gateway);
        QVERIFY(secretHidden);

        // Serving locally takes the Gateway and the Secret it names, with its values.
        Result<QList<QJsonObject>> serve = ClusterBrowser::serveSet(*session);
        QVERIFY2(serve, serve ? "" : serve.error().toString().c_str());
        bool secretKept = false;
        for (const QJsonObject &o : *serve) {
            const ResourceKey key = ResourceKey::of(o);
            if (key.ns == ns && key.kind == u"Secret" && key.name == u"browsed-cert")
                secretKept = o["data"]["tls.key"].toString() == u"S0VZ";
        }
        QVERIFY(secretKept);

        // Delete: a dry run leaves it, the delete removes it, a second one says not found.
        const QJsonObject ref{{"apiVersion", "networking.istio.io/v1"},
                              {"kind", "Gateway"},
                              {"metadata", QJsonObject{{"name", "browsed"}, {"namespace", ns}}}};
        QVERIFY(ClusterBrowser::remove(*session, ref, true));
        QCOMPARE(kubectl({"get", "gateway.networking.istio.io", "browsed", "-n", ns}).exitCode, 0);
        Status removed = ClusterBrowser::remove(*session, ref);
        QVERIFY2(removed, removed ? "" : removed.error().toString().c_str());
        QCOMPARE(kubectl({"get", "gateway.networking.istio.io", "browsed", "-n", ns}).exitCode, 1);
        Status again = ClusterBrowser::remove(*session, ref);
        QVERIFY(!again);
        QCOMPARE(again.error().code, std::string("cluster.not-found"));
    }

    void connectionRunsOffTheCallingThread() {
        core::ClusterConnection connection;
        bool opened = false;
        connection.open(m_cluster.kubeconfig, QStringLiteral("gh-viewer"),
                        [&](const Result<ResolvedContext> &c) { opened = c.has_value(); });
        QVERIFY(!opened); // never inside the call
        QTRY_VERIFY_WITH_TIMEOUT(opened, 30'000);
        QVERIFY(connection.isOpen());
        QCOMPARE(connection.context().ns, QStringLiteral("team-a"));
        // The viewer may not list cluster-wide: the overview narrows to its namespace.
        std::optional<Result<ClusterOverview>> overview;
        QThread *ranOn = nullptr;
        connection.run<ClusterOverview>(
            [&](ClusterSession &s) {
                ranOn = QThread::currentThread();
                return ClusterBrowser::overview(s);
            },
            [&](const Result<ClusterOverview> &o) { overview = o; });
        QTRY_VERIFY_WITH_TIMEOUT(overview.has_value(), 30'000);
        QVERIFY(ranOn && ranOn != QThread::currentThread());
        QVERIFY2(*overview, overview->has_value() ? "" : (*overview).error().toString().c_str());
        QCOMPARE((*overview)->namespaces, QStringList{QStringLiteral("team-a")});
        connection.close();
        std::optional<Result<QString>> closed;
        connection.run<QString>([](ClusterSession &s) { return s.client().serverVersion(); },
                                [&](const Result<QString> &v) { closed = v; });
        QTRY_VERIFY_WITH_TIMEOUT(closed.has_value(), 30'000);
        QVERIFY(!*closed);
        QCOMPARE(closed->error().code, std::string("cluster.closed"));
        // Watching, as the token user (the viewer may get and list, not watch).
        bool reopened = false;
        connection.open(m_cluster.kubeconfig, QStringLiteral("gh-token"),
                        [&](const Result<ResolvedContext> &c) { reopened = c.has_value(); });
        QTRY_VERIFY_WITH_TIMEOUT(reopened, 30'000);
        QStringList events;
        const QString name = QStringLiteral("watched-%1").arg(QCoreApplication::applicationPid());
        connection.watchResources({QStringLiteral("configmaps")},
                                  [&](const QString &type, const QJsonObject &o) {
                                      if (ResourceKey::of(o).name == name)
                                          events.append(type);
                                  });
        QTest::qWait(1000); // the watch lists and connects on the session's thread
        QCOMPARE(kubectl({"create", "configmap", name, "-n", "team-a"}).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("ADDED")), 30'000);
        QCOMPARE(kubectl({"delete", "configmap", name, "-n", "team-a"}).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("DELETED")), 30'000);
    }

    void deleteFromFile() {
        const QString ns = newNamespace();
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("cm.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(fill("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: byfile, namespace: NS}\n"
                     "data: {a: '1'}\n",
                     ns)
                    .toUtf8());
        f.close();
        Run r = gatehousectl({"apply", f.fileName()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(kubectl({"get", "cm", "byfile", "-n", ns}).exitCode, 0);
        r = gatehousectl({"delete", "-f", f.fileName(), "--yes"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(kubectl({"get", "cm", "byfile", "-n", ns}).exitCode, 1);
        // Again: the object is gone, which is a failure for that object.
        r = gatehousectl({"delete", "-f", f.fileName(), "--yes"});
        QVERIFY2(r.exitCode != 0, r.out.constData());
    }

    void discovery() {
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        Discovery &d = session->discovery();
        QVERIFY(d.load());
        const QStringList gvs = d.groupVersions();
        for (const char *gv : {"v1", "networking.istio.io/v1", "networking.istio.io/v1beta1",
                               "networking.istio.io/v1alpha3"})
            QVERIFY2(gvs.contains(QString::fromLatin1(gv)), gv);
        Result<ApiResource> gw = d.find(QStringLiteral("gw"));
        QVERIFY(gw);
        QCOMPARE(gw->group, QStringLiteral("networking.istio.io"));
        QCOMPARE(gw->version, QStringLiteral("v1")); // the version the server prefers
        QCOMPARE(gw->resource, QStringLiteral("gateways"));
        QVERIFY(gw->namespaced);
        Result<ApiResource> vs = d.find(QStringLiteral("VirtualService"));
        QVERIFY(vs);
        QCOMPARE(vs->resource, QStringLiteral("virtualservices"));
        Result<ApiResource> ns = d.find(QStringLiteral("namespaces"));
        QVERIFY(ns);
        QVERIFY(!ns->namespaced);
        QVERIFY(
            d.forObject(QStringLiteral("networking.istio.io/v1alpha3"), QStringLiteral("Gateway")));
        Result<ApiResource> apiRule =
            d.forObject(QStringLiteral("gateway.kyma-project.io/v2"), QStringLiteral("APIRule"));
        QVERIFY(!apiRule);
        QCOMPARE(apiRule.error().code, std::string("cluster.kind-not-served"));
        QVERIFY(apiRule.error().message.find("CustomResourceDefinition") != std::string::npos);
        // Cached per context: a second session of the same context reuses it.
        auto again = open(QStringLiteral("gh-admin"));
        QVERIFY(again->discovery().load());
        QCOMPARE(again->discovery().resources().size(), d.resources().size());
    }

    void applyLifecycle() {
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        const QString ns = QStringLiteral("gh-apply-%1").arg(QCoreApplication::applicationPid());
        const QString yaml = fill(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: NS}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["web.example.com"]
    tls: {mode: SIMPLE, credentialName: web-cert}
---
apiVersion: v1
kind: Namespace
metadata: {name: NS}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: NS}
data: {mode: strict}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: NS}
spec:
  hosts: ["web.example.com"]
  gateways: [web]
  http:
  - route:
    - destination: {host: web.NS.svc.cluster.local, port: {number: 8080}}
)",
                                  ns);
        Result<QList<YamlObject>> parsed =
            jsonyaml::parseObjects(yaml.toUtf8(), QStringLiteral("live.yaml"));
        QVERIFY(parsed);
        QList<ApplyItem> items;
        for (const YamlObject &o : *parsed)
            items.append({o.object, o.location});

        ApplyOptions options;
        // The dry run: all would be created, with diffs, and nothing exists afterwards.
        QList<ApplyResult> plan = session->applier().plan(items, options);
        QCOMPARE(plan.size(), 4);
        for (const ApplyResult &r : plan) {
            QVERIFY2(
                r.outcome == ApplyOutcome::Created,
                qPrintable(r.key.display() + u' ' + QString::fromStdString(r.error.toString())));
            QVERIFY(r.diff.contains(u"+metadata:"));
        }
        QVERIFY(find(plan, "Gateway", "web")
                    .diff.contains(
                        QRegularExpression(QStringLiteral("(?m)^\\+\\s+- web\\.example\\.com$"))));
        QCOMPARE(kubectl({"get", "namespace", ns}).exitCode, 1);

        QStringList progress;
        options.progress = [&](const ApplyResult &r) {
            progress.append(r.key.kind);
        };
        QList<ApplyResult> applied = session->applier().apply(plan, options);
        for (const ApplyResult &r : applied)
            QVERIFY2(
                r.outcome == ApplyOutcome::Created,
                qPrintable(r.key.display() + u' ' + QString::fromStdString(r.error.toString())));
        // Namespace first, then the ConfigMap, then the Istio objects.
        QCOMPARE(progress.size(), 4);
        QCOMPARE(progress.first(), QStringLiteral("Namespace"));
        QCOMPARE(progress.at(1), QStringLiteral("ConfigMap"));

        // What kubectl sees is what Gatehouse applied, owned by the gatehouse field manager.
        const Run got =
            kubectl({"get", "gateway", "web", "-n", ns, "-o", "yaml", "--show-managed-fields"});
        QCOMPARE(got.exitCode, 0);
        Result<QJsonValue> live = jsonyaml::parseValue(got.out);
        QVERIFY(live);
        const QJsonObject gw = live->toObject();
        const QJsonObject server = gw["spec"]["servers"][0].toObject();
        QCOMPARE(server["hosts"][0].toString(), QStringLiteral("web.example.com"));
        QCOMPARE(server["port"]["number"].toInt(), 443);
        QCOMPARE(server["tls"]["credentialName"].toString(), QStringLiteral("web-cert"));
        QCOMPARE(gw["metadata"]["managedFields"][0]["manager"].toString(),
                 QStringLiteral("gatehouse"));
        QCOMPARE(gw["metadata"]["managedFields"][0]["operation"].toString(),
                 QStringLiteral("Apply"));
        const QString rvBefore = gw["metadata"]["resourceVersion"].toString();

        // Re-apply: unchanged, and the object is not touched.
        options.progress = nullptr;
        plan = session->applier().plan(items, options);
        for (const ApplyResult &r : plan) {
            QCOMPARE(int(r.outcome), int(ApplyOutcome::Unchanged));
            QVERIFY(r.diff.isEmpty());
        }
        applied = session->applier().apply(plan, options);
        for (const ApplyResult &r : applied)
            QCOMPARE(int(r.outcome), int(ApplyOutcome::Unchanged));
        QCOMPARE(kubectl({"get", "gateway", "web", "-n", ns, "-o",
                          "jsonpath={.metadata.resourceVersion}"})
                     .out,
                 rvBefore.toUtf8());

        // A change: configured, the diff shows it, the rest stays unchanged.
        QJsonObject changed = items[0].object;
        QJsonObject spec = changed["spec"].toObject();
        QJsonArray servers = spec["servers"].toArray();
        QJsonObject s0 = servers[0].toObject();
        s0["hosts"] = QJsonArray{"web.example.com", "api.example.com"};
        servers[0] = s0;
        spec["servers"] = servers;
        changed["spec"] = spec;
        items[0].object = changed;
        plan = session->applier().plan(items, options);
        const ApplyResult gwPlan = find(plan, "Gateway", "web");
        QCOMPARE(int(gwPlan.outcome), int(ApplyOutcome::Configured));
        QVERIFY2(gwPlan.diff.contains(
                     QRegularExpression(QStringLiteral("(?m)^\\+\\s+- api\\.example\\.com$"))),
                 qPrintable(gwPlan.diff));
        // Still a dry run: the live object does not have it yet.
        QVERIFY(!kubectl({"get", "gateway", "web", "-n", ns, "-o", "yaml"})
                     .out.contains("api.example.com"));
        applied = session->applier().apply(plan, options);
        QCOMPARE(int(find(applied, "Gateway", "web").outcome), int(ApplyOutcome::Configured));
        QCOMPARE(int(find(applied, "ConfigMap", "settings").outcome), int(ApplyOutcome::Unchanged));
        QCOMPARE(int(find(applied, "VirtualService", "web").outcome), int(ApplyOutcome::Unchanged));
        QVERIFY(kubectl({"get", "gateway", "web", "-n", ns, "-o", "yaml"})
                    .out.contains("api.example.com"));

        // Pull, then apply what was pulled: unchanged.
        Result<ApiResource> gwType = session->discovery().find(QStringLiteral("gateways"));
        Result<ApiResource> vsType = session->discovery().find(QStringLiteral("virtualservices"));
        Result<ApiResource> cmType = session->discovery().find(QStringLiteral("configmaps"));
        QVERIFY(gwType && vsType && cmType);
        QList<QJsonObject> pulled;
        for (const ApiResource &t : {*gwType, *vsType, *cmType}) {
            Result<ResourceList> list = session->reader().list(t, ns, {}, 1); // one per page
            QVERIFY(list);
            pulled += list->items;
        }
        // Gateway, VirtualService, ConfigMap (no controller-manager adds kube-root-ca.crt).
        QCOMPARE(pulled.size(), 3);
        QTemporaryDir out;
        Result<QStringList> files = ClusterReader::writePulled(pulled, out.path());
        QVERIFY(files);
        QCOMPARE(files->size(), 3);
        QFile gwFile(out.filePath(ns + QStringLiteral("/gateway-web.yaml")));
        QVERIFY(gwFile.open(QIODevice::ReadOnly));
        const QByteArray gwText = gwFile.readAll();
        for (const char *serverField : {"managedFields", "resourceVersion", "uid",
                                        "creationTimestamp", "generation", "status:"})
            QVERIFY2(!gwText.contains(serverField), serverField);
        Result<QList<ApplyItem>> back = ClusterSession::loadItems({out.path()});
        QVERIFY(back);
        QCOMPARE(back->size(), 3);
        plan = session->applier().plan(*back, options);
        applied = session->applier().apply(plan, options);
        for (const ApplyResult &r : applied)
            QVERIFY2(r.outcome == ApplyOutcome::Unchanged,
                     qPrintable(r.key.display() + u' ' + outcomeName(r.outcome) + u'\n' + r.diff));
    }

    void conflictReportedThenForced() {
        const QString ns = newNamespace();
        const QString cm =
            fill("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared, namespace: NS}\n"
                 "data: {owner: other, level: \"1\"}\n",
                 ns);
        const Run other =
            kubectl({"apply", "--server-side", "--field-manager=other", "-f", "-"}, cm.toUtf8());
        QVERIFY2(other.exitCode == 0, other.err.constData());
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        const QList<ApplyItem> items{
            {obj(qPrintable(fill("{apiVersion: v1, kind: ConfigMap, metadata: {name: shared, "
                                 "namespace: NS}, data: {owner: gatehouse}}",
                                 ns)))}};
        ApplyOptions options;
        QList<ApplyResult> plan = session->applier().plan(items, options);
        QCOMPARE(int(plan[0].outcome), int(ApplyOutcome::Failed));
        QCOMPARE(plan[0].error.code, std::string("cluster.conflict"));
        QCOMPARE(plan[0].conflicts.size(), 1);
        QCOMPARE(plan[0].conflicts[0].manager, QStringLiteral("other"));
        QCOMPARE(plan[0].conflicts[0].field, QStringLiteral(".data.owner"));
        // Not applied: nothing changed on the server.
        QList<ApplyResult> applied = session->applier().apply(plan, options);
        QCOMPARE(int(applied[0].outcome), int(ApplyOutcome::Failed));
        QCOMPARE(kubectl({"get", "cm", "shared", "-n", ns, "-o", "jsonpath={.data.owner}"}).out,
                 QByteArray("other"));
        // Forced: configured, and the field is ours now.
        options.forceConflicts = true;
        plan = session->applier().plan(items, options);
        QCOMPARE(int(plan[0].outcome), int(ApplyOutcome::Configured));
        QVERIFY(plan[0].diff.contains(u"-  owner: other"));
        QVERIFY(plan[0].diff.contains(u"+  owner: gatehouse"));
        applied = session->applier().apply(plan, options);
        QCOMPARE(int(applied[0].outcome), int(ApplyOutcome::Configured));
        QCOMPARE(kubectl({"get", "cm", "shared", "-n", ns, "-o", "jsonpath={.data.owner}"}).out,
                 QByteArray("gatehouse"));
    }

    void rbacDenial() {
        auto session = open(QStringLiteral("gh-viewer"));
        QVERIFY(session);
        QCOMPARE(session->context().ns, QStringLiteral("team-a"));
        const QList<ApplyItem> items{
            {obj("{apiVersion: v1, kind: ConfigMap, metadata: {name: denied}, data: {a: b}}")}};
        QList<ApplyResult> plan = session->applier().plan(items, ApplyOptions{});
        QCOMPARE(int(plan[0].outcome), int(ApplyOutcome::Failed));
        QCOMPARE(plan[0].key.ns, QStringLiteral("team-a")); // the context's namespace
        QCOMPARE(plan[0].error.code, std::string("cluster.forbidden"));
        const QString message = QString::fromStdString(plan[0].error.message);
        for (const char *part : {"gatehouse-viewer", "patch", "configmaps", "team-a", "gh-viewer"})
            QVERIFY2(message.contains(QLatin1String(part)), qPrintable(message));
        // Reading outside its namespace is denied too.
        Result<ApiResource> cm = session->discovery().find(QStringLiteral("configmaps"));
        QVERIFY(cm);
        Result<ResourceList> list = session->reader().list(*cm, QStringLiteral("team-b"));
        QVERIFY(!list);
        QCOMPARE(list.error().code, std::string("cluster.forbidden"));
        QVERIFY(list.error().message.find("team-b") != std::string::npos);
    }

    void schemaRejectionShowsFieldPath() {
        const QString ns = newNamespace();
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        const QList<ApplyItem> items{{obj(qPrintable(fill(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: broken, namespace: NS}
spec:
  servers:
  - port: {number: -1, name: http, protocol: HTTP}
    hosts: ["*"]
)",
                                                          ns))),
                                      SourceLocation{"broken.yaml", 1, 0}}};
        QList<ApplyResult> plan = session->applier().plan(items, ApplyOptions{});
        QCOMPARE(int(plan[0].outcome), int(ApplyOutcome::Failed));
        QCOMPARE(plan[0].error.code, std::string("cluster.invalid"));
        QVERIFY(!plan[0].causes.isEmpty());
        bool sawField = false;
        for (const StatusCause &c : plan[0].causes)
            sawField |= c.field.contains(u"spec.servers[0].port.number");
        QVERIFY2(sawField, plan[0].error.toString().c_str());
        QVERIFY(plan[0].error.message.find("spec.servers[0].port.number") != std::string::npos);
        QCOMPARE(plan[0].source.file, std::string("broken.yaml"));
    }

    void watchSeesKubectlChange() {
        const QString ns = newNamespace();
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        Result<ApiResource> cm = session->discovery().find(QStringLiteral("configmaps"));
        QVERIFY(cm);
        ResourceWatch watch(session->client(), *cm, ns);
        QList<QPair<QString, QJsonObject>> events;
        QStringList failures;
        connect(&watch, &ResourceWatch::changed, this,
                [&](const QString &type, const QJsonObject &o) {
                    events.append({type, o});
                });
        connect(&watch, &ResourceWatch::failed, this,
                [&](const QString &m) { failures.append(m); });
        watch.start();
        QVERIFY(!watch.resourceVersion().isEmpty());
        QCOMPARE(
            kubectl({"create", "configmap", "watched", "-n", ns, "--from-literal=a=1"}).exitCode,
            0);
        QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty(), 30'000);
        QCOMPARE(events[0].first, QStringLiteral("ADDED"));
        QCOMPARE(std::as_const(events[0].second)["metadata"]["name"].toString(),
                 QStringLiteral("watched"));
        QCOMPARE(kubectl({"patch", "configmap", "watched", "-n", ns, "--type=merge", "-p",
                          R"({"data":{"a":"2"}})"})
                     .exitCode,
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(events.size() >= 2, 30'000);
        QCOMPARE(events[1].first, QStringLiteral("MODIFIED"));
        QCOMPARE(std::as_const(events[1].second)["data"]["a"].toString(), QStringLiteral("2"));
        QVERIFY(failures.isEmpty());
        // Reconnect from the last version seen: nothing is missed or repeated.
        watch.stop();
        const QString rv = watch.resourceVersion();
        QCOMPARE(kubectl({"delete", "configmap", "watched", "-n", ns}).exitCode, 0);
        watch.start(rv);
        QTRY_VERIFY_WITH_TIMEOUT(events.size() >= 3, 30'000);
        QCOMPARE(events[2].first, QStringLiteral("DELETED"));
        watch.stop();
        QCOMPARE(events.size(), 3);
    }

    // allowWatchBookmarks: before a stream's deadline the server sends a BOOKMARK with its
    // current version (when newer than the stream's). It moves the stored version on, past a
    // change elsewhere, without a change to report; the server then ends the stream, the
    // watch reconnects from the bookmark's version, and a later kubectl change arrives.
    void watchBookmarkMovesVersionThenReconnects() {
        const QString ns = newNamespace();
        const QString elsewhere = newNamespace();
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        Result<ApiResource> cm = session->discovery().find(QStringLiteral("configmaps"));
        QVERIFY(cm);
        ResourceWatch watch(session->client(), *cm, ns);
        watch.setServerTimeout(4);
        WatchLog log;
        log.attach(watch, this);
        watch.start();
        const QString listed = watch.resourceVersion();
        QVERIFY(!listed.isEmpty());
        // A ConfigMap in another namespace: the server's version moves past the one we listed
        // at, with no event for the watched namespace.
        const Run other =
            kubectl({"create", "configmap", "elsewhere", "-n", elsewhere, "--from-literal=a=1",
                     "-o", "jsonpath={.metadata.resourceVersion}"});
        QVERIFY2(other.exitCode == 0, other.err.constData());
        const qulonglong otherRv = other.out.toULongLong();
        QVERIFY(otherRv > listed.toULongLong());
        QTRY_VERIFY_WITH_TIMEOUT(log.bookmarkedPast(otherRv), 30'000);
        for (const auto &[bookmark, stored] : std::as_const(log.bookmarks))
            QCOMPARE(stored, bookmark); // the stored version is the bookmark's, at once
        QVERIFY2(log.events.isEmpty(), qPrintable(log.sequence.join(u' ')));
        // The server ends the stream at its timeout; the next one starts from the bookmark.
        // (With no event in the namespace, a version that new can only come from a bookmark.)
        QTRY_VERIFY_WITH_TIMEOUT(log.resumedPast(otherRv), 30'000);
        QCOMPARE(kubectl({"create", "configmap", "later", "-n", ns, "--from-literal=a=1"}).exitCode,
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(!log.events.isEmpty(), 30'000);
        QCOMPARE(log.events[0].first, QStringLiteral("ADDED"));
        QCOMPARE(nameOf(log.events[0].second), QStringLiteral("later"));
        QCOMPARE(watch.resourceVersion(),
                 std::as_const(log.events[0].second)["metadata"]["resourceVersion"].toString());
        watch.stop();
        QCOMPARE(log.events.size(), 1);
        QVERIFY(log.relists.isEmpty());
        QVERIFY2(log.failures.isEmpty(), qPrintable(log.failures.join(u'\n')));
    }

    // The server ends the stream, and by the time the watch reconnects etcd has compacted its
    // version away (cluster.sh: PodTemplates have no watch cache, so no bookmarks keep the
    // version fresh, and etcd is compacted every second): 410. The watch lists again, reports
    // the objects, and goes on watching from the list's version.
    void watchRelistsWhenReconnectFindsVersionCompacted() {
        const QString ns = newNamespace();
        auto create = [&](const QString &name) {
            return applyPodTemplate(ns, name);
        };
        Run r = create(QStringLiteral("before"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        Result<ApiResource> templates = session->discovery().find(QStringLiteral("podtemplates"));
        QVERIFY(templates);
        ResourceWatch watch(session->client(), *templates, ns);
        watch.setServerTimeout(2);
        WatchLog log;
        log.attach(watch, this);
        // Once listed again, one long stream: the change below must come as an event.
        connect(&watch, &ResourceWatch::relisted, this, [&watch] { watch.setServerTimeout(300); });
        watch.start();
        const QString listed = watch.resourceVersion();
        QVERIFY(!listed.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!log.relists.isEmpty(), 60'000);
        QVERIFY2(log.failures.isEmpty(), qPrintable(log.failures.join(u'\n')));
        // Only reconnects (from the listed version) before the relist: no events, no bookmarks.
        QVERIFY2(log.sequence.startsWith(QStringLiteral("RESUMED")),
                 qPrintable(log.sequence.join(u' ')));
        for (const QString &kind :
             log.sequence.mid(0, log.sequence.indexOf(QStringLiteral("RELISTED"))))
            QCOMPARE(kind, QStringLiteral("RESUMED"));
        QCOMPARE(log.resumes[0], listed);
        const auto &[objects, relistedRv] = log.relists[0];
        QCOMPARE(objects.size(), 1);
        QCOMPARE(nameOf(objects[0]), QStringLiteral("before"));
        QVERIFY(relistedRv.toULongLong() > listed.toULongLong());
        QCOMPARE(watch.resourceVersion(), relistedRv);
        r = create(QStringLiteral("after"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        expectOneEventThenStop(watch, log, QStringLiteral("ADDED"), QStringLiteral("after"));
    }

    // Resuming after being away (stop, and start again from the version seen last) once etcd
    // has compacted that version: 410. What changed meanwhile, a deletion too, is in the
    // objects the watch reports after listing again, not in events.
    void watchResumedAfterCompactionRelists() {
        const QString ns = newNamespace();
        auto create = [&](const QString &name) {
            return applyPodTemplate(ns, name);
        };
        Run r = create(QStringLiteral("gone"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        Result<ApiResource> templates = session->discovery().find(QStringLiteral("podtemplates"));
        QVERIFY(templates);
        ResourceWatch watch(session->client(), *templates, ns);
        WatchLog log;
        log.attach(watch, this);
        watch.start();
        const QString rv = watch.resourceVersion();
        watch.stop();
        QCOMPARE(kubectl({"delete", "podtemplate", "gone", "-n", ns}).exitCode, 0);
        r = create(QStringLiteral("new"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Wait until etcd no longer has the revision after `rv` (where a watch from `rv` starts).
        KubeRequest exact;
        exact.path = templates->collectionPath(ns);
        exact.query.addQueryItem(QStringLiteral("resourceVersion"),
                                 QString::number(rv.toULongLong() + 1));
        exact.query.addQueryItem(QStringLiteral("resourceVersionMatch"), QStringLiteral("Exact"));
        auto statusAt = [&] {
            Result<KubeResponse> response = session->client().send(exact);
            return response ? response->status : 0;
        };
        QTRY_COMPARE_WITH_TIMEOUT(statusAt(), 410, 30'000);
        watch.start(rv);
        QTRY_VERIFY_WITH_TIMEOUT(!log.relists.isEmpty(), 30'000);
        QVERIFY(log.events.isEmpty()); // no DELETED for "gone", no ADDED for "new"
        QCOMPARE(log.relists[0].first.size(), 1);
        QCOMPARE(nameOf(log.relists[0].first[0]), QStringLiteral("new"));
        QCOMPARE(watch.resourceVersion(), log.relists[0].second);
        QCOMPARE(kubectl({"delete", "podtemplate", "new", "-n", ns}).exitCode, 0);
        expectOneEventThenStop(watch, log, QStringLiteral("DELETED"), QStringLiteral("new"));
    }

    // A version older than the watch cache holds (it starts when the API server does):
    // the server answers with an ERROR event, 410 "too old resource version". The watch
    // lists again and goes on.
    void watchRelistsWhenVersionIsTooOldForTheCache() {
        const QString ns = newNamespace();
        QCOMPARE(
            kubectl({"create", "configmap", "before", "-n", ns, "--from-literal=a=1"}).exitCode, 0);
        auto session = open(QStringLiteral("gh-admin"));
        QVERIFY(session);
        Result<ApiResource> cm = session->discovery().find(QStringLiteral("configmaps"));
        QVERIFY(cm);
        ResourceWatch watch(session->client(), *cm, ns);
        WatchLog log;
        log.attach(watch, this);
        watch.start(QStringLiteral("1"));
        QTRY_VERIFY_WITH_TIMEOUT(!log.relists.isEmpty(), 30'000);
        QVERIFY(log.events.isEmpty());
        QCOMPARE(log.relists[0].first.size(), 1);
        QCOMPARE(nameOf(log.relists[0].first[0]), QStringLiteral("before"));
        QVERIFY(log.relists[0].second.toULongLong() > 1);
        QCOMPARE(watch.resourceVersion(), log.relists[0].second);
        QCOMPARE(kubectl({"delete", "configmap", "before", "-n", ns}).exitCode, 0);
        expectOneEventThenStop(watch, log, QStringLiteral("DELETED"), QStringLiteral("before"));
    }

    void cliVerbs() {
        const QString ns = newNamespace();
        QTemporaryDir dir;
        QFile f(dir.filePath("app.yaml"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(fill("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli, namespace: NS}\ndata: "
                     "{a: \"1\"}\n"
                     "---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: "
                     "{name: ext, namespace: NS}\n"
                     "spec: {hosts: [api.example.org], location: MESH_EXTERNAL, resolution: DNS,\n"
                     "       ports: [{number: 443, name: https, protocol: TLS}]}\n",
                     ns)
                    .toUtf8());
        f.close();

        Run r = gatehousectl({"contexts"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QString::fromUtf8(r.out).contains(
            QRegularExpression(QStringLiteral("\\*\\s+gh-admin"))));
        QVERIFY(r.out.contains("gh-exec"));

        r = gatehousectl({"diff", f.fileName()});
        QCOMPARE(r.exitCode, 1); // differs
        QVERIFY(r.out.contains("+  a: \"1\""));
        r = gatehousectl({"apply", "--dry-run", f.fileName()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("ConfigMap " + ns.toUtf8() + "/cli created (dry run)"));
        QCOMPARE(kubectl({"get", "cm", "cli", "-n", ns}).exitCode, 1);
        r = gatehousectl({"apply", dir.path()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("ServiceEntry " + ns.toUtf8() + "/ext created"));
        r = gatehousectl({"diff", f.fileName()});
        QCOMPARE(r.exitCode, 0);
        r = gatehousectl({"apply", f.fileName()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("ConfigMap " + ns.toUtf8() + "/cli unchanged"));

        r = gatehousectl({"get", "se", "-n", ns});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("ext"));
        r = gatehousectl({"get", "serviceentries", "ext", "-n", ns, "-o", "yaml"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("api.example.org"));

        QTemporaryDir pulled;
        r = gatehousectl({"pull", "configmaps,serviceentries", "-n", ns, "--out", pulled.path()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = gatehousectl({"apply", pulled.path()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains(" created") && !r.out.contains(" configured"));

        // RBAC denial, and bad input, and an unknown context.
        r = gatehousectl({"apply", "--context", "gh-viewer", "-n", "team-a", f.fileName()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("is forbidden: User \"gatehouse-viewer\""), r.err.constData());
        r = gatehousectl({"get", "cm", "--context", "nope"});
        QCOMPARE(r.exitCode, 2);

        // Validation runs first: its errors block the apply unless overridden.
        QFile bad(dir.filePath("notls.yaml"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(fill("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: notls, "
                       "namespace: NS}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n"
                       "  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: "
                       "[a.example.com]\n",
                       ns)
                      .toUtf8());
        bad.close();
        r = gatehousectl({"apply", bad.fileName()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("gateway.server.tls-missing") && r.err.contains("nothing applied"),
                 r.err.constData());
        QCOMPARE(kubectl({"get", "gateway", "notls", "-n", ns}).exitCode, 1);
        r = gatehousectl({"apply", "--skip-validation", bad.fileName()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("Gateway " + ns.toUtf8() + "/notls created"));

        r = gatehousectl({"delete", "cm", "cli", "-n", ns}); // no terminal, no --yes
        QCOMPARE(r.exitCode, 2);
        r = gatehousectl({"delete", "cm", "cli", "-n", ns, "--yes"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(kubectl({"get", "cm", "cli", "-n", ns}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestClusterLive)
#include "tst_cluster_live.moc"
