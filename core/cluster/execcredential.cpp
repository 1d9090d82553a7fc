#include "execcredential.h"

#include "common/logging.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>

#include <atomic>
#include <mutex>

namespace gatehouse::core {
namespace {

struct CacheEntry {
    ExecCredential credential;
};

std::mutex g_mutex;
QHash<QString, CacheEntry> g_cache;
std::atomic<int> g_runs{0};

QString cacheKey(const ExecConfig &exec, const KubeCluster &cluster) {
    QString key = exec.apiVersion + u'\x1f' + exec.command + u'\x1f' + exec.args.join(u'\x1e');
    for (const auto &[name, value] : exec.env)
        key += u'\x1f' + name + u'=' + value;
    if (exec.provideClusterInfo)
        key += u'\x1f' + cluster.server;
    return key;
}

bool fresh(const ExecCredential &c) {
    // A credential about to expire is renewed early, as client-go does.
    return !c.expiration.isValid() || QDateTime::currentDateTimeUtc().addSecs(10) < c.expiration;
}

std::string hintOf(const ExecConfig &exec) {
    if (exec.installHint.isEmpty())
        return {};
    return "\n" + exec.installHint.trimmed().toStdString();
}

Result<ExecCredential> runPlugin(const ExecConfig &exec, const KubeCluster &cluster,
                                 int timeoutMs) {
    const QString api = exec.apiVersion;
    if (api != u"client.authentication.k8s.io/v1" && api != u"client.authentication.k8s.io/v1beta1")
        return fail("cluster.exec.api",
                    "exec plugin " + exec.command.toStdString() +
                        " uses unsupported apiVersion \"" + api.toStdString() +
                        "\" (supported: client.authentication.k8s.io/v1, v1beta1)");
    if (api.endsWith(u"/v1") && exec.interactiveMode.isEmpty())
        return fail("cluster.exec.config", "exec plugin " + exec.command.toStdString() +
                                               ": interactiveMode must be set for "
                                               "client.authentication.k8s.io/v1");
    if (exec.interactiveMode == u"Always")
        return fail("cluster.exec.interactive",
                    "exec plugin " + exec.command.toStdString() +
                        " needs an interactive terminal (interactiveMode: Always); run it "
                        "once in a terminal or use a non-interactive credential");

    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (exec.provideClusterInfo) {
        QJsonObject info{{QStringLiteral("server"), cluster.server}};
        if (!cluster.tlsServerName.isEmpty())
            info.insert(QStringLiteral("tls-server-name"), cluster.tlsServerName);
        if (cluster.insecureSkipTlsVerify)
            info.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!cluster.certificateAuthorityData.isEmpty())
            info.insert(QStringLiteral("certificate-authority-data"),
                        QString::fromLatin1(cluster.certificateAuthorityData.toBase64()));
        if (!cluster.proxyUrl.isEmpty())
            info.insert(QStringLiteral("proxy-url"), cluster.proxyUrl);
        spec.insert(QStringLiteral("cluster"), info);
    }
    const QJsonObject execInfo{{QStringLiteral("apiVersion"), api},
                               {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                               {QStringLiteral("spec"), spec}};

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : exec.env)
        env.insert(name, value);
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"),
               QString::fromUtf8(QJsonDocument(execInfo).toJson(QJsonDocument::Compact)));

    QProcess process;
    process.setProcessEnvironment(env);
    process.setProgram(exec.command);
    process.setArguments(exec.args);
    process.setStandardInputFile(QProcess::nullDevice());
    ++g_runs;
    process.start();
    if (!process.waitForStarted(timeoutMs)) {
        const bool missing = process.error() == QProcess::FailedToStart;
        return fail(missing ? "cluster.exec.missing" : "cluster.exec.start",
                    "exec plugin \"" + exec.command.toStdString() + "\" " +
                        (missing ? "was not found or cannot be run" : "did not start") +
                        hintOf(exec));
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return fail("cluster.exec.timeout", "exec plugin \"" + exec.command.toStdString() +
                                                "\" did not finish within " +
                                                std::to_string(timeoutMs / 1000) + " s");
    }
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError().left(500);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return fail("cluster.exec.failed",
                    "exec plugin \"" + exec.command.toStdString() + "\" failed with exit code " +
                        std::to_string(process.exitCode()),
                    err.trimmed().toStdString());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &parseError);
    if (!doc.isObject())
        return fail("cluster.exec.output", "exec plugin \"" + exec.command.toStdString() +
                                               "\" did not print an ExecCredential as JSON");
    const QJsonObject root = doc.object();
    if (root.value(u"kind").toString() != u"ExecCredential" ||
        root.value(u"apiVersion").toString() != api)
        return fail("cluster.exec.output",
                    "exec plugin \"" + exec.command.toStdString() +
                        "\" printed kind/apiVersion \"" +
                        root.value(u"kind").toString().toStdString() + "\"/\"" +
                        root.value(u"apiVersion").toString().toStdString() + "\", expected " +
                        "ExecCredential/" + api.toStdString());
    const QJsonObject status = root.value(u"status").toObject();
    ExecCredential credential;
    credential.token = status.value(u"token").toString();
    credential.clientCertificateData = status.value(u"clientCertificateData").toString().toUtf8();
    credential.clientKeyData = status.value(u"clientKeyData").toString().toUtf8();
    const QString expiry = status.value(u"expirationTimestamp").toString();
    if (!expiry.isEmpty()) {
        credential.expiration = QDateTime::fromString(expiry, Qt::ISODate);
        if (!credential.expiration.isValid())
            return fail("cluster.exec.output", "exec plugin \"" + exec.command.toStdString() +
                                                   "\" printed an unreadable "
                                                   "expirationTimestamp");
    }
    if (credential.token.isEmpty() &&
        (credential.clientCertificateData.isEmpty() || credential.clientKeyData.isEmpty()))
        return fail("cluster.exec.output",
                    "exec plugin \"" + exec.command.toStdString() +
                        "\" returned neither a token nor a client certificate and key");
    qCDebug(lcCluster) << "exec plugin" << QFileInfo(exec.command).fileName()
                       << "returned a credential valid until"
                       << (credential.expiration.isValid()
                               ? credential.expiration.toString(Qt::ISODate)
                               : QStringLiteral("the server rejects it"));
    return credential;
}

} // namespace

Result<ExecCredential> ExecCredentialProvider::get(const ExecConfig &exec,
                                                   const KubeCluster &cluster, int timeoutMs) {
    const QString key = cacheKey(exec, cluster);
    {
        std::lock_guard lock(g_mutex);
        auto it = g_cache.constFind(key);
        if (it != g_cache.constEnd() && fresh(it->credential))
            return it->credential;
    }
    Result<ExecCredential> credential = runPlugin(exec, cluster, timeoutMs);
    if (credential) {
        std::lock_guard lock(g_mutex);
        g_cache.insert(key, CacheEntry{*credential});
    }
    return credential;
}

void ExecCredentialProvider::invalidate(const ExecConfig &exec, const KubeCluster &cluster) {
    std::lock_guard lock(g_mutex);
    g_cache.remove(cacheKey(exec, cluster));
}

int ExecCredentialProvider::runCount() {
    return g_runs.load();
}

} // namespace gatehouse::core
