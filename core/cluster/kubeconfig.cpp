#include "kubeconfig.h"

#include "jsonyaml.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse::core {
namespace {

constexpr qint64 kMaxKubeconfigBytes = 16 * 1024 * 1024;

QString resolvePath(const QString &path, const QString &baseDir) {
    if (path.isEmpty() || baseDir.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    if (path.startsWith(u"~/"))
        return QDir::homePath() + path.mid(1);
    return QDir::cleanPath(QDir(baseDir).filePath(path));
}

QByteArray decodeData(const QJsonValue &value) {
    return QByteArray::fromBase64(value.toString().toLatin1());
}

template <typename T> bool hasNamed(const QList<T> &list, const QString &name) {
    for (const T &item : list)
        if (item.name == name)
            return true;
    return false;
}

} // namespace

QString KubeUser::authDescription() const {
    if (exec)
        return QStringLiteral("exec plugin %1").arg(exec->command);
    if (!clientCertificate.isEmpty() || !clientCertificateData.isEmpty())
        return QStringLiteral("client certificate");
    if (!token.isEmpty() || !tokenFile.isEmpty())
        return QStringLiteral("bearer token");
    if (!username.isEmpty())
        return QStringLiteral("basic auth");
    return QStringLiteral("no credentials");
}

Result<KubeConfig> KubeConfig::fromYaml(const QByteArray &yaml, const QString &baseDir,
                                        const QString &fileName) {
    Result<QJsonValue> parsed = jsonyaml::parseValue(yaml, fileName);
    if (!parsed)
        return std::unexpected(parsed.error());
    KubeConfig config;
    if (!fileName.isEmpty())
        config.m_files.append(fileName);
    if (parsed->isNull())
        return config;
    if (!parsed->isObject())
        return fail("kubeconfig.invalid", "the kubeconfig is not a YAML mapping", {},
                    SourceLocation{fileName.toStdString()});
    const QJsonObject root = parsed->toObject();
    config.m_currentContext = root.value(u"current-context").toString();

    for (const QJsonValue &v : root.value(u"clusters").toArray()) {
        const QJsonObject entry = v.toObject();
        const QJsonObject c = entry.value(u"cluster").toObject();
        KubeCluster cluster;
        cluster.name = entry.value(u"name").toString();
        cluster.server = c.value(u"server").toString();
        cluster.certificateAuthority =
            resolvePath(c.value(u"certificate-authority").toString(), baseDir);
        cluster.certificateAuthorityData = decodeData(c.value(u"certificate-authority-data"));
        cluster.tlsServerName = c.value(u"tls-server-name").toString();
        cluster.proxyUrl = c.value(u"proxy-url").toString();
        cluster.insecureSkipTlsVerify = c.value(u"insecure-skip-tls-verify").toBool();
        if (!cluster.name.isEmpty() && !hasNamed(config.m_clusters, cluster.name))
            config.m_clusters.append(cluster);
    }
    for (const QJsonValue &v : root.value(u"users").toArray()) {
        const QJsonObject entry = v.toObject();
        const QJsonObject u = entry.value(u"user").toObject();
        KubeUser user;
        user.name = entry.value(u"name").toString();
        user.clientCertificate = resolvePath(u.value(u"client-certificate").toString(), baseDir);
        user.clientCertificateData = decodeData(u.value(u"client-certificate-data"));
        user.clientKey = resolvePath(u.value(u"client-key").toString(), baseDir);
        user.clientKeyData = decodeData(u.value(u"client-key-data"));
        user.token = u.value(u"token").toString();
        user.tokenFile = resolvePath(u.value(u"tokenFile").toString(), baseDir);
        user.username = u.value(u"username").toString();
        user.password = u.value(u"password").toString();
        if (u.value(u"exec").isObject()) {
            const QJsonObject e = u.value(u"exec").toObject();
            ExecConfig exec;
            exec.apiVersion = e.value(u"apiVersion").toString();
            exec.command = e.value(u"command").toString();
            if (exec.command.contains(u'/'))
                exec.command = resolvePath(exec.command, baseDir);
            for (const QJsonValue &a : e.value(u"args").toArray())
                exec.args.append(a.toString());
            for (const QJsonValue &ev : e.value(u"env").toArray())
                exec.env.append({ev.toObject().value(u"name").toString(),
                                 ev.toObject().value(u"value").toString()});
            exec.installHint = e.value(u"installHint").toString();
            exec.provideClusterInfo = e.value(u"provideClusterInfo").toBool();
            exec.interactiveMode = e.value(u"interactiveMode").toString();
            user.exec = exec;
        }
        if (!user.name.isEmpty() && !hasNamed(config.m_users, user.name))
            config.m_users.append(user);
    }
    for (const QJsonValue &v : root.value(u"contexts").toArray()) {
        const QJsonObject entry = v.toObject();
        const QJsonObject c = entry.value(u"context").toObject();
        KubeContextEntry context{entry.value(u"name").toString(), c.value(u"cluster").toString(),
                                 c.value(u"user").toString(), c.value(u"namespace").toString()};
        if (!context.name.isEmpty() && !hasNamed(config.m_contexts, context.name))
            config.m_contexts.append(context);
    }
    return config;
}

void KubeConfig::mergeFrom(const KubeConfig &other) {
    // The first file to set a value wins, as in kubectl.
    if (m_currentContext.isEmpty())
        m_currentContext = other.m_currentContext;
    for (const KubeCluster &c : other.m_clusters)
        if (!hasNamed(m_clusters, c.name))
            m_clusters.append(c);
    for (const KubeUser &u : other.m_users)
        if (!hasNamed(m_users, u.name))
            m_users.append(u);
    for (const KubeContextEntry &c : other.m_contexts)
        if (!hasNamed(m_contexts, c.name))
            m_contexts.append(c);
    m_files += other.m_files;
}

Result<KubeConfig> KubeConfig::loadFiles(const QStringList &files) {
    KubeConfig merged;
    for (const QString &name : files) {
        if (name.isEmpty())
            continue;
        QFile file(name);
        if (!file.exists())
            continue; // kubectl skips missing entries of KUBECONFIG
        if (!file.open(QIODevice::ReadOnly))
            return fail("kubeconfig.read", "cannot read kubeconfig " + name.toStdString() + ": " +
                                               file.errorString().toStdString());
        if (file.size() > kMaxKubeconfigBytes)
            return fail("kubeconfig.size",
                        "kubeconfig " + name.toStdString() + " is larger than 16 MiB");
        const QString absolute = QFileInfo(name).absoluteFilePath();
        Result<KubeConfig> one =
            fromYaml(file.readAll(), QFileInfo(absolute).absolutePath(), absolute);
        if (!one)
            return std::unexpected(one.error());
        merged.mergeFrom(*one);
    }
    return merged;
}

Result<KubeConfig> KubeConfig::load(const QString &explicitPath) {
    if (!explicitPath.isEmpty()) {
        if (!QFileInfo::exists(explicitPath))
            return fail("kubeconfig.missing",
                        "kubeconfig " + explicitPath.toStdString() + " does not exist");
        return loadFiles({explicitPath});
    }
    const QByteArray env = qgetenv("KUBECONFIG");
    if (!env.isEmpty())
        return loadFiles(QString::fromLocal8Bit(env).split(u':', Qt::SkipEmptyParts));
    const QString home = QDir::homePath() + QStringLiteral("/.kube/config");
    if (!QFileInfo::exists(home))
        return fail("kubeconfig.missing",
                    "no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config");
    return loadFiles({home});
}

Result<ResolvedContext> KubeConfig::resolve(const QString &contextName) const {
    const QString name = contextName.isEmpty() ? m_currentContext : contextName;
    if (name.isEmpty())
        return fail("kubeconfig.no-context",
                    "the kubeconfig has no current context; pass --context NAME");
    const KubeContextEntry *context = nullptr;
    for (const KubeContextEntry &c : m_contexts)
        if (c.name == name)
            context = &c;
    if (!context)
        return fail("kubeconfig.context",
                    "context \"" + name.toStdString() + "\" is not in the kubeconfig");
    ResolvedContext resolved;
    resolved.contextName = name;
    resolved.ns = context->ns.isEmpty() ? QStringLiteral("default") : context->ns;
    bool haveCluster = false;
    for (const KubeCluster &c : m_clusters)
        if (c.name == context->cluster) {
            resolved.cluster = c;
            haveCluster = true;
        }
    if (!haveCluster)
        return fail("kubeconfig.cluster", "context \"" + name.toStdString() +
                                              "\" names cluster \"" +
                                              context->cluster.toStdString() +
                                              "\", which the kubeconfig does not define");
    if (resolved.cluster.server.isEmpty())
        return fail("kubeconfig.server",
                    "cluster \"" + context->cluster.toStdString() + "\" has no server address");
    for (const KubeUser &u : m_users)
        if (u.name == context->user)
            resolved.user = u;
    if (!context->user.isEmpty() && resolved.user.name.isEmpty())
        return fail("kubeconfig.user", "context \"" + name.toStdString() + "\" names user \"" +
                                           context->user.toStdString() +
                                           "\", which the kubeconfig does not define");
    if (resolved.cluster.insecureSkipTlsVerify)
        resolved.warnings.append(
            QStringLiteral("cluster \"%1\" sets insecure-skip-tls-verify: the server's "
                           "certificate is not checked")
                .arg(resolved.cluster.name));
    return resolved;
}

} // namespace gatehouse::core
