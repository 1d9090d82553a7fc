#pragma once

#include "discovery.h"

#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gatehouse::core {

class KubeClient;

// A collection as listed: the items and the resourceVersion to watch from.
struct ResourceList {
    QList<QJsonObject> items;
    QString resourceVersion;
};

// Reading live resources: list (paginated with limit/continue), get, and pull (the objects
// without server-owned fields, written as YAML files). Thread: the client's.
class ClusterReader {
public:
    ClusterReader(KubeClient &client, Discovery &discovery);

    // Every object of a type in `ns` (empty: all namespaces, or cluster-scoped), optionally
    // filtered by a label selector, fetched `pageSize` at a time.
    [[nodiscard]] Result<ResourceList> list(const ApiResource &resource, const QString &ns,
                                            const QString &labelSelector = {}, int pageSize = 500);
    [[nodiscard]] Result<QJsonObject> get(const ApiResource &resource, const QString &ns,
                                          const QString &name);

    // Writes each object, without server-owned fields, to `dir` as
    // "<namespace>/<kind>-<name>.yaml" (cluster-scoped: "<kind>-<name>.yaml"), atomically;
    // Secrets are written 0600. Returns the files written.
    [[nodiscard]] static Result<QStringList> writePulled(const QList<QJsonObject> &objects,
                                                         const QString &dir);

private:
    KubeClient &m_client;
    Discovery &m_discovery;
};

} // namespace gatehouse::core
