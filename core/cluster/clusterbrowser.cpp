#include "clusterbrowser.h"

#include "clustersession.h"
#include "resourceobject.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace gatehouse::core {
namespace {

const QString kOverrideSelector =
    QStringLiteral("installer=overrides,kyma-project.io/installation");

// Lists `resource` cluster-wide, or in `fallbackNs` when the user may not list cluster-wide.
Result<ResourceList> listWide(ClusterSession &session, const ApiResource &resource,
                              const QString &fallbackNs, const QString &selector, bool &narrowed) {
    Result<ResourceList> list = session.reader().list(resource, QString(), selector);
    if (!list && list.error().code == "cluster.forbidden" && resource.namespaced) {
        narrowed = true;
        return session.reader().list(resource, fallbackNs, selector);
    }
    return list;
}

} // namespace

QList<ClusterBrowser::Browsed> ClusterBrowser::browsedResources() {
    return {
        {QStringLiteral("gateways.networking.istio.io"), {}, {}},
        {QStringLiteral("virtualservices.networking.istio.io"), {}, {}},
        {QStringLiteral("serviceentries.networking.istio.io"), {}, {}},
        {QStringLiteral("destinationrules.networking.istio.io"), {}, {}},
        {QStringLiteral("sidecars.networking.istio.io"), {}, {}},
        {QStringLiteral("configmaps"), kOverrideSelector, {}},
        {QStringLiteral("secrets"), {}, QStringLiteral("kubernetes.io/tls")},
    };
}

Result<ClusterOverview> ClusterBrowser::overview(ClusterSession &session) {
    ClusterOverview out;
    Result<QString> version = session.client().serverVersion();
    if (!version)
        return std::unexpected(version.error());
    out.serverVersion = *version;
    if (Status loaded = session.discovery().load(); !loaded)
        return std::unexpected(loaded.error());

    const QString contextNs = session.context().ns;
    QSet<QString> namespaces;
    if (Result<ApiResource> nsResource = session.discovery().find(QStringLiteral("namespaces"))) {
        Result<ResourceList> list = session.reader().list(*nsResource, QString());
        if (list) {
            for (const QJsonObject &o : list->items)
                namespaces.insert(ResourceKey::of(o).name);
        } else if (list.error().code == "cluster.forbidden") {
            namespaces.insert(contextNs);
        } else {
            return std::unexpected(list.error());
        }
    }

    for (const Browsed &b : browsedResources()) {
        Result<ApiResource> resource = session.discovery().find(b.resource);
        if (!resource) {
            out.warnings.append(QString::fromStdString(resource.error().message));
            continue;
        }
        bool narrowed = false;
        Result<ResourceList> list =
            listWide(session, *resource, contextNs, b.labelSelector, narrowed);
        if (!list) {
            if (list.error().code == "cluster.forbidden") {
                out.warnings.append(QString::fromStdString(list.error().message));
                continue;
            }
            return std::unexpected(list.error());
        }
        for (const QJsonObject &o : list->items) {
            if (!b.type.isEmpty() && o.value(u"type").toString() != b.type)
                continue;
            out.objects.append(resourceobject::redactSecret(o));
            const QString ns = ResourceKey::of(o).ns;
            if (!ns.isEmpty())
                namespaces.insert(ns);
        }
    }
    out.namespaces = QStringList(namespaces.begin(), namespaces.end());
    std::sort(out.namespaces.begin(), out.namespaces.end());
    return out;
}

Result<QList<QJsonObject>> ClusterBrowser::serveSet(ClusterSession &session,
                                                    const QStringList &namespaces) {
    auto wanted = [&namespaces](const QJsonObject &o) {
        return namespaces.isEmpty() || namespaces.contains(ResourceKey::of(o).ns);
    };
    if (Status loaded = session.discovery().load(); !loaded)
        return std::unexpected(loaded.error());
    const QString contextNs = session.context().ns;
    QList<QJsonObject> out;
    QList<QJsonObject> gateways;
    for (const QString &name : {QStringLiteral("gateways.networking.istio.io"),
                                QStringLiteral("virtualservices.networking.istio.io")}) {
        Result<ApiResource> resource = session.discovery().find(name);
        if (!resource)
            return std::unexpected(resource.error());
        bool narrowed = false;
        Result<ResourceList> list = listWide(session, *resource, contextNs, {}, narrowed);
        if (!list)
            return std::unexpected(list.error());
        for (const QJsonObject &o : list->items) {
            if (!wanted(o))
                continue;
            out.append(o);
            if (resource->kind == u"Gateway")
                gateways.append(o);
        }
    }

    // The Secrets the Gateways name, where Istio looks for them.
    Result<ApiResource> secrets = session.discovery().find(QStringLiteral("secrets"));
    if (!secrets)
        return std::unexpected(secrets.error());
    QSet<QString> seen;
    for (const QJsonObject &g : gateways) {
        const QString gatewayNs = ResourceKey::of(g).ns;
        const QJsonArray servers = g.value(u"spec").toObject().value(u"servers").toArray();
        for (const QJsonValue &s : servers) {
            const QString credential =
                s.toObject().value(u"tls").toObject().value(u"credentialName").toString();
            if (credential.isEmpty())
                continue;
            for (const QString &ns : {gatewayNs, QStringLiteral("istio-system")}) {
                for (const QString &name : {credential, credential + QStringLiteral("-cacert")}) {
                    const QString key = ns + u'/' + name;
                    if (seen.contains(key))
                        continue;
                    seen.insert(key);
                    Result<QJsonObject> secret = session.reader().get(*secrets, ns, name);
                    if (secret) {
                        QJsonObject object = *secret;
                        object.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
                        object.insert(QStringLiteral("kind"), QStringLiteral("Secret"));
                        out.append(object);
                    } else if (secret.error().code != "cluster.not-found" &&
                               secret.error().code != "cluster.forbidden") {
                        return std::unexpected(secret.error());
                    }
                }
            }
        }
    }

    if (Result<ApiResource> configMaps = session.discovery().find(QStringLiteral("configmaps"))) {
        bool narrowed = false;
        Result<ResourceList> list =
            listWide(session, *configMaps, contextNs, kOverrideSelector, narrowed);
        if (list)
            out += list->items;
        else if (list.error().code != "cluster.forbidden")
            return std::unexpected(list.error());
    }
    return out;
}

Result<QJsonObject> ClusterBrowser::get(ClusterSession &session, const QJsonObject &ref,
                                        bool showSecrets) {
    const ResourceKey key = ResourceKey::of(ref);
    Result<ApiResource> resource = session.discovery().forObject(key.apiVersion, key.kind);
    if (!resource)
        return std::unexpected(resource.error());
    Result<QJsonObject> object = session.reader().get(*resource, key.ns, key.name);
    if (!object)
        return std::unexpected(object.error());
    return showSecrets ? *object : resourceobject::redactSecret(*object);
}

Result<QStringList> ClusterBrowser::pull(ClusterSession &session, const QList<QJsonObject> &refs,
                                         const QString &dir) {
    QList<QJsonObject> objects;
    for (const QJsonObject &ref : refs) {
        Result<QJsonObject> object = get(session, ref, true);
        if (!object)
            return std::unexpected(object.error());
        objects.append(*object);
    }
    return ClusterReader::writePulled(objects, dir);
}

Status ClusterBrowser::remove(ClusterSession &session, const QJsonObject &ref, bool dryRun) {
    const ResourceKey key = ResourceKey::of(ref);
    Result<ApiResource> resource = session.discovery().forObject(key.apiVersion, key.kind);
    if (!resource)
        return std::unexpected(resource.error());
    return session.applier().remove(*resource, key.ns, key.name, dryRun);
}

} // namespace gatehouse::core
