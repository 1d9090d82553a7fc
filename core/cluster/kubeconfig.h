#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace gatehouse::core {

// users[].user.exec: a client-go credential plugin.
struct ExecConfig {
    QString apiVersion; // client.authentication.k8s.io/v1 or /v1beta1
    QString command;    // resolved against the kubeconfig's folder when it holds a '/'
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never, IfAvailable, Always
};

struct KubeCluster {
    QString name;
    QString server;
    QString certificateAuthority; // a path; already resolved
    QByteArray certificateAuthorityData;
    QString tlsServerName;
    QString proxyUrl;
    bool insecureSkipTlsVerify = false;
};

// Credentials. Never log or print the secret members.
struct KubeUser {
    QString name;
    QString clientCertificate; // path
    QByteArray clientCertificateData;
    QString clientKey; // path
    QByteArray clientKeyData;
    QString token;
    QString tokenFile; // path
    QString username;
    QString password;
    std::optional<ExecConfig> exec;

    // "client certificate", "token", "exec plugin <cmd>", ... for messages.
    [[nodiscard]] QString authDescription() const;
};

struct KubeContextEntry {
    QString name;
    QString cluster;
    QString user;
    QString ns; // the context's namespace, may be empty
};

// A context with its cluster and user looked up: what a client needs to connect.
struct ResolvedContext {
    QString contextName;
    KubeCluster cluster;
    KubeUser user;
    QString ns;           // "default" when the context names none
    QStringList warnings; // e.g. insecure-skip-tls-verify
};

// kubeconfig read as kubectl reads it: --kubeconfig alone, else the KUBECONFIG list merged
// (the first file to set a value wins; missing files are skipped), else ~/.kube/config.
// Relative file paths are resolved against the file that names them. Any thread.
class KubeConfig {
public:
    // `explicitPath` is --kubeconfig; empty uses KUBECONFIG / ~/.kube/config.
    [[nodiscard]] static Result<KubeConfig> load(const QString &explicitPath = {});
    // Merges the files in order (for KUBECONFIG-style lists).
    [[nodiscard]] static Result<KubeConfig> loadFiles(const QStringList &files);
    // One kubeconfig document; `baseDir` resolves relative paths.
    [[nodiscard]] static Result<KubeConfig> fromYaml(const QByteArray &yaml, const QString &baseDir,
                                                     const QString &fileName = {});

    [[nodiscard]] const QList<KubeContextEntry> &contexts() const { return m_contexts; }
    [[nodiscard]] const QList<KubeCluster> &clusters() const { return m_clusters; }
    [[nodiscard]] const QList<KubeUser> &users() const { return m_users; }
    [[nodiscard]] QString currentContext() const { return m_currentContext; }
    [[nodiscard]] QStringList sourceFiles() const { return m_files; }

    // The named context (empty: the current one) with its cluster and user.
    [[nodiscard]] Result<ResolvedContext> resolve(const QString &contextName = {}) const;

private:
    void mergeFrom(const KubeConfig &other);

    QList<KubeContextEntry> m_contexts;
    QList<KubeCluster> m_clusters;
    QList<KubeUser> m_users;
    QString m_currentContext;
    QStringList m_files;
};

} // namespace gatehouse::core
