#pragma once

#include "clusterapplier.h"
#include "clusterreader.h"
#include "discovery.h"
#include "kubeclient.h"
#include "kubeconfig.h"

#include "common/result.h"
#include "validation/finding.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace gatehouse::core {

// One open kubeconfig context: the client, its discovery, reader and applier. The CLI verbs
// and the desktop's Cluster menu both go through this. Thread: the one that opened it.
class ClusterSession {
public:
    // `kubeconfigPath` empty: KUBECONFIG / ~/.kube/config; `context` empty: the current one.
    [[nodiscard]] static Result<std::unique_ptr<ClusterSession>>
    open(const QString &kubeconfigPath, const QString &context,
         KubeClient::Options options = KubeClient::Options{});
    [[nodiscard]] static Result<std::unique_ptr<ClusterSession>>
    open(const ResolvedContext &context, KubeClient::Options options = KubeClient::Options{});

    [[nodiscard]] const ResolvedContext &context() const { return m_client->context(); }
    // Warnings a person should see (insecure-skip-tls-verify, ...).
    [[nodiscard]] QStringList warnings() const { return m_client->context().warnings; }
    [[nodiscard]] KubeClient &client() { return *m_client; }
    [[nodiscard]] Discovery &discovery() { return m_discovery; }
    [[nodiscard]] ClusterReader &reader() { return m_reader; }
    [[nodiscard]] ClusterApplier &applier() { return m_applier; }

    // Kubernetes objects from YAML/JSON files; folders are searched recursively for
    // *.yaml, *.yml and *.json in name order.
    [[nodiscard]] static Result<QList<ApplyItem>> loadItems(const QStringList &paths);

    // The workspace validation (Istio checks, analysis, TLS rules) over the same files: what
    // apply runs first; its errors block an apply unless the caller overrides them.
    [[nodiscard]] static Result<std::vector<Finding>> validateFiles(const QStringList &paths);

private:
    explicit ClusterSession(std::unique_ptr<KubeClient> client);

    std::unique_ptr<KubeClient> m_client;
    Discovery m_discovery;
    ClusterReader m_reader;
    ClusterApplier m_applier;
};

} // namespace gatehouse::core
