#pragma once

#include "common/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace gatehouse::core {

class KubeClient;

// One served resource at one version.
struct ApiResource {
    QString group; // "" for the core group
    QString version;
    QString kind;
    QString resource; // plural, as in the URL
    QString singular;
    QStringList shortNames;
    QStringList verbs;
    bool namespaced = false;
    bool preferred = false; // the group's preferred version

    [[nodiscard]] QString apiVersion() const {
        return group.isEmpty() ? version : group + u'/' + version;
    }
    // The URL path of the collection (ns ignored for cluster-scoped resources).
    [[nodiscard]] QString collectionPath(const QString &ns) const;
    [[nodiscard]] QString objectPath(const QString &ns, const QString &name) const;
};

// What the server serves, fetched once and shared by every client of the same context and
// server in the process (aggregated discovery, apidiscovery.k8s.io/v2, with a fallback to
// the per-group endpoints). Kinds are used at the version the server prefers unless an
// apiVersion names another. Thread: the client's.
class Discovery {
public:
    explicit Discovery(KubeClient &client);

    // Fetches (or takes from the per-context cache) the served resources.
    [[nodiscard]] Status load();
    // Drops the cache for this context and fetches again (after a CRD was installed).
    [[nodiscard]] Status refresh();

    [[nodiscard]] const QList<ApiResource> &resources() const;
    // Served group/versions, preferred first within a group: "networking.istio.io/v1", ...
    [[nodiscard]] QStringList groupVersions() const;

    // The resource for an object's apiVersion and kind; "kind not served" (CRD missing)
    // and "version not served" are Errors that say so.
    [[nodiscard]] Result<ApiResource> forObject(const QString &apiVersion, const QString &kind);
    // What a person typed: "gateways", "gw", "Gateway", "gateways.networking.istio.io",
    // at the preferred version.
    [[nodiscard]] Result<ApiResource> find(const QString &name);

    // Forgets every cached discovery (tests).
    static void clearCache();

    struct Snapshot; // the cached result, shared between clients of one context

private:
    [[nodiscard]] Result<std::shared_ptr<const Snapshot>> fetch();

    KubeClient &m_client;
    std::shared_ptr<const Snapshot> m_snapshot;
};

} // namespace gatehouse::core
