#include "discovery.h"

#include "kubeclient.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <mutex>

namespace gatehouse::core {

struct Discovery::Snapshot {
    QList<ApiResource> resources;
    QStringList groupVersions;
    qint64 fetchedAtMs = 0;
};

namespace {

constexpr qint64 kCacheTtlMs = 10 * 60 * 1000;
constexpr const char *kAggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

std::mutex g_mutex;
QHash<QString, std::shared_ptr<const Discovery::Snapshot>> &cache() {
    static QHash<QString, std::shared_ptr<const Discovery::Snapshot>> c;
    return c;
}

QString cacheKey(const KubeClient &client) {
    return client.context().contextName + u'\x1f' + client.server() + u'\x1f' +
           client.context().user.name;
}

bool isSubresource(const QString &resource) {
    return resource.contains(u'/');
}

} // namespace

QString ApiResource::collectionPath(const QString &ns) const {
    QString path = group.isEmpty() ? QStringLiteral("/api/") + version
                                   : QStringLiteral("/apis/") + group + u'/' + version;
    if (namespaced && !ns.isEmpty())
        path += QStringLiteral("/namespaces/") + ns;
    return path + u'/' + resource;
}

QString ApiResource::objectPath(const QString &ns, const QString &name) const {
    return collectionPath(ns) + u'/' + name;
}

Discovery::Discovery(KubeClient &client)
    : m_client(client) {}

void Discovery::clearCache() {
    std::lock_guard lock(g_mutex);
    cache().clear();
}

const QList<ApiResource> &Discovery::resources() const {
    static const QList<ApiResource> none;
    return m_snapshot ? m_snapshot->resources : none;
}

QStringList Discovery::groupVersions() const {
    return m_snapshot ? m_snapshot->groupVersions : QStringList{};
}

Status Discovery::load() {
    if (m_snapshot)
        return {};
    const QString key = cacheKey(m_client);
    {
        std::lock_guard lock(g_mutex);
        auto it = cache().constFind(key);
        if (it != cache().constEnd() &&
            QDateTime::currentMSecsSinceEpoch() - (*it)->fetchedAtMs < kCacheTtlMs) {
            m_snapshot = *it;
            return {};
        }
    }
    Result<std::shared_ptr<const Snapshot>> fresh = fetch();
    if (!fresh)
        return std::unexpected(fresh.error());
    m_snapshot = *fresh;
    std::lock_guard lock(g_mutex);
    cache().insert(key, m_snapshot);
    return {};
}

Status Discovery::refresh() {
    {
        std::lock_guard lock(g_mutex);
        cache().remove(cacheKey(m_client));
    }
    m_snapshot.reset();
    return load();
}

Result<std::shared_ptr<const Discovery::Snapshot>> Discovery::fetch() {
    auto snapshot = std::make_shared<Snapshot>();
    // Both roots at once: one round trip on HTTP/2.
    std::optional<Result<KubeResponse>> core, groups;
    KubeRequest coreRequest{.path = QStringLiteral("/api"), .accept = kAggregatedAccept};
    KubeRequest groupsRequest{.path = QStringLiteral("/apis"), .accept = kAggregatedAccept};
    m_client.sendAsync(coreRequest, [&](Result<KubeResponse> r) { core = std::move(r); });
    m_client.sendAsync(groupsRequest, [&](Result<KubeResponse> r) { groups = std::move(r); });
    // Wait for both; each request is bounded by its own timer.
    while (!core || !groups)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    for (auto *r : {&*core, &*groups}) {
        if (!*r)
            return std::unexpected(r->error());
        if (!(*r)->isSuccess())
            return std::unexpected(m_client.errorFor(**r, QStringLiteral("discovery")));
    }

    auto addAggregated = [&](const QJsonObject &list) {
        for (const QJsonValue &g : list.value(u"items").toArray()) {
            const QJsonObject group = g.toObject();
            const QString groupName = group.value(u"metadata").toObject().value(u"name").toString();
            bool first = true;
            for (const QJsonValue &v : group.value(u"versions").toArray()) {
                const QJsonObject version = v.toObject();
                const QString versionName = version.value(u"version").toString();
                snapshot->groupVersions.append(
                    groupName.isEmpty() ? versionName : groupName + u'/' + versionName);
                for (const QJsonValue &r : version.value(u"resources").toArray()) {
                    const QJsonObject res = r.toObject();
                    ApiResource a;
                    a.group = groupName;
                    a.version = versionName;
                    a.resource = res.value(u"resource").toString();
                    a.kind = res.value(u"responseKind").toObject().value(u"kind").toString();
                    a.singular = res.value(u"singularResource").toString();
                    a.namespaced = res.value(u"scope").toString() == u"Namespaced";
                    for (const QJsonValue &s : res.value(u"shortNames").toArray())
                        a.shortNames.append(s.toString());
                    for (const QJsonValue &s : res.value(u"verbs").toArray())
                        a.verbs.append(s.toString());
                    a.preferred = first;
                    if (!a.kind.isEmpty() && !isSubresource(a.resource))
                        snapshot->resources.append(a);
                }
                first = false;
            }
        }
    };
    auto addLegacyGroupVersion = [&](const QString &groupName, const QString &versionName,
                                     bool preferred) -> Status {
        const QString gv = groupName.isEmpty() ? versionName : groupName + u'/' + versionName;
        Result<QJsonObject> list =
            m_client.getJson(groupName.isEmpty() ? QStringLiteral("/api/") + versionName
                                                 : QStringLiteral("/apis/") + gv);
        if (!list)
            return std::unexpected(list.error());
        snapshot->groupVersions.append(gv);
        for (const QJsonValue &r : list->value(u"resources").toArray()) {
            const QJsonObject res = r.toObject();
            ApiResource a;
            a.group = groupName;
            a.version = versionName;
            a.resource = res.value(u"name").toString();
            a.kind = res.value(u"kind").toString();
            a.singular = res.value(u"singularName").toString();
            a.namespaced = res.value(u"namespaced").toBool();
            for (const QJsonValue &s : res.value(u"shortNames").toArray())
                a.shortNames.append(s.toString());
            for (const QJsonValue &s : res.value(u"verbs").toArray())
                a.verbs.append(s.toString());
            a.preferred = preferred;
            if (!isSubresource(a.resource))
                snapshot->resources.append(a);
        }
        return {};
    };

    const QJsonObject coreJson = (*core)->json();
    if (coreJson.value(u"kind").toString() == u"APIGroupDiscoveryList") {
        addAggregated(coreJson);
    } else {
        for (const QJsonValue &v : coreJson.value(u"versions").toArray())
            if (Status s = addLegacyGroupVersion({}, v.toString(), true); !s)
                return std::unexpected(s.error());
    }
    const QJsonObject groupsJson = (*groups)->json();
    if (groupsJson.value(u"kind").toString() == u"APIGroupDiscoveryList") {
        addAggregated(groupsJson);
    } else {
        for (const QJsonValue &g : groupsJson.value(u"groups").toArray()) {
            const QJsonObject group = g.toObject();
            const QString preferred =
                group.value(u"preferredVersion").toObject().value(u"version").toString();
            for (const QJsonValue &v : group.value(u"versions").toArray()) {
                const QString version = v.toObject().value(u"version").toString();
                if (Status s = addLegacyGroupVersion(group.value(u"name").toString(), version,
                                                     version == preferred);
                    !s)
                    return std::unexpected(s.error());
            }
        }
    }
    snapshot->fetchedAtMs = QDateTime::currentMSecsSinceEpoch();
    qCDebug(lcCluster) << "discovery of" << m_client.context().contextName << "found"
                       << snapshot->resources.size() << "resources in"
                       << snapshot->groupVersions.size() << "group versions";
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Result<ApiResource> Discovery::forObject(const QString &apiVersion, const QString &kind) {
    if (Status s = load(); !s)
        return std::unexpected(s.error());
    const QString group = apiVersion.contains(u'/') ? apiVersion.section(u'/', 0, 0) : QString();
    const QString version = apiVersion.contains(u'/') ? apiVersion.section(u'/', 1) : apiVersion;
    for (int attempt = 0; attempt < 2; ++attempt) {
        QStringList servedVersions;
        for (const ApiResource &r : m_snapshot->resources) {
            if (r.group != group || r.kind != kind)
                continue;
            if (r.version == version)
                return r;
            servedVersions.append(r.version);
        }
        if (!servedVersions.isEmpty())
            return fail("cluster.version-not-served",
                        kind.toStdString() + " is not served at " + apiVersion.toStdString() +
                            "; the cluster serves " +
                            servedVersions.join(QStringLiteral(", ")).toStdString());
        if (attempt == 0 && QDateTime::currentMSecsSinceEpoch() - m_snapshot->fetchedAtMs > 2000) {
            // The CRD may have been installed since discovery ran.
            if (Status s = refresh(); !s)
                return std::unexpected(s.error());
            continue;
        }
        break;
    }
    return fail("cluster.kind-not-served", "the cluster does not serve " + kind.toStdString() +
                                               " (" + apiVersion.toStdString() +
                                               "); is its CustomResourceDefinition installed?");
}

Result<ApiResource> Discovery::find(const QString &name) {
    if (Status s = load(); !s)
        return std::unexpected(s.error());
    QString wanted = name.toLower();
    QString group;
    bool groupGiven = false;
    if (const qsizetype dot = wanted.indexOf(u'.'); dot > 0) {
        group = wanted.mid(dot + 1);
        wanted = wanted.left(dot);
        groupGiven = true;
    }
    auto matches = [&](const ApiResource &r) {
        if (groupGiven && r.group != group)
            return false;
        return r.resource == wanted || r.singular == wanted || r.kind.toLower() == wanted ||
               r.shortNames.contains(wanted);
    };
    // The core group first, then the others in discovery order, preferred versions only.
    const ApiResource *best = nullptr;
    for (const ApiResource &r : m_snapshot->resources) {
        if (!r.preferred || !matches(r))
            continue;
        if (!best || (r.group.isEmpty() && !best->group.isEmpty()))
            best = &r;
    }
    if (best)
        return *best;
    return fail("cluster.kind-not-served", "the cluster does not serve a resource type named \"" +
                                               name.toStdString() +
                                               "\" (is its CustomResourceDefinition installed?)");
}

} // namespace gatehouse::core
