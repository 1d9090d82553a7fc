#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse::core {

// Which object: enough to name it to a person and find it on the server.
struct ResourceKey {
    QString apiVersion;
    QString kind;
    QString ns;
    QString name;

    // "Gateway team-a/web" (cluster-scoped: "Namespace team-a").
    [[nodiscard]] QString display() const;
    [[nodiscard]] static ResourceKey of(const QJsonObject &object);
};

// Helpers over Kubernetes objects as JSON. Any thread.
namespace resourceobject {

// The object without what the server owns: metadata.managedFields, resourceVersion, uid,
// creationTimestamp, generation, selfLink, deletion fields, and status. What pull writes
// and what diffs compare.
[[nodiscard]] QJsonObject withoutServerFields(QJsonObject object);

// metadata.managedFields without the timestamps, to tell whether an apply would change
// ownership even when the content stays the same.
[[nodiscard]] QJsonObject ownership(const QJsonObject &object);

// The order apply goes in: Namespaces, then CRDs, then Secrets/ConfigMaps/ServiceAccounts,
// then everything that may reference them. Lower first.
[[nodiscard]] int applyPhase(const QString &kind);

// A Secret with its data and stringData values replaced (for display unless asked).
[[nodiscard]] QJsonObject redactSecret(QJsonObject object);

} // namespace resourceobject
} // namespace gatehouse::core
