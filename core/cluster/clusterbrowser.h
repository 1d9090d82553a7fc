#pragma once

#include "discovery.h"

#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse::core {

class ClusterSession;

// What the desktop's cluster navigator shows: the server's version, its namespaces and the
// live objects Gatehouse works with (Istio networking kinds, the TLS override ConfigMaps,
// TLS Secrets with their values hidden).
struct ClusterOverview {
    QString serverVersion;
    QStringList namespaces; // sorted; the context's namespace when listing them is denied
    QList<QJsonObject> objects;
    QStringList warnings; // kinds not served, lists the user may not read
};

// Reading a context for browsing and for serving it locally. Thread: the session's.
class ClusterBrowser {
public:
    // Lists every browsed kind in all namespaces (only the context's namespace when the
    // user may not list cluster-wide). A kind the server does not serve is a warning.
    [[nodiscard]] static Result<ClusterOverview> overview(ClusterSession &session);

    // What "Serve Locally" replays: the Gateways and VirtualServices of `namespaces` (empty:
    // all), the TLS Secrets the Gateways name in credentialName (with "-cacert"), looked up
    // in the Gateway's namespace and istio-system, and the TLS override ConfigMaps. Secrets
    // keep their values.
    [[nodiscard]] static Result<QList<QJsonObject>> serveSet(ClusterSession &session,
                                                             const QStringList &namespaces = {});

    // The live object again (Secrets keep their values only when `showSecrets`).
    [[nodiscard]] static Result<QJsonObject> get(ClusterSession &session, const QJsonObject &ref,
                                                 bool showSecrets);

    // Fetches each object `refs` name again (Secrets with their values) and writes it
    // without server-owned fields under `dir` (ClusterReader::writePulled). The files.
    [[nodiscard]] static Result<QStringList>
    pull(ClusterSession &session, const QList<QJsonObject> &refs, const QString &dir);

    // Deletes the object `ref` names (apiVersion, kind, metadata.namespace/name).
    [[nodiscard]] static Status remove(ClusterSession &session, const QJsonObject &ref,
                                       bool dryRun = false);

    // The resources the navigator lists, with how they are selected.
    struct Browsed {
        QString resource;      // "gateways.networking.istio.io"
        QString labelSelector; // empty: all
        QString type;          // Secrets: only this type
    };
    [[nodiscard]] static QList<Browsed> browsedResources();
};

} // namespace gatehouse::core
