#include "clusterreader.h"

#include "jsonyaml.h"
#include "kubeclient.h"
#include "resourceobject.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSaveFile>

namespace gatehouse::core {

ClusterReader::ClusterReader(KubeClient &client, Discovery &discovery)
    : m_client(client)
    , m_discovery(discovery) {}

Result<ResourceList> ClusterReader::list(const ApiResource &resource, const QString &ns,
                                         const QString &labelSelector, int pageSize) {
    ResourceList out;
    QString continueToken;
    // Bounded: a server that keeps answering with a continue token stops us at 10000 pages.
    for (int page = 0; page < 10000; ++page) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("limit"), QString::number(pageSize));
        if (!continueToken.isEmpty())
            query.addQueryItem(QStringLiteral("continue"), continueToken);
        if (!labelSelector.isEmpty())
            query.addQueryItem(QStringLiteral("labelSelector"), labelSelector);
        Result<QJsonObject> body = m_client.getJson(resource.collectionPath(ns), query);
        if (!body)
            return std::unexpected(body.error());
        // Items of a list carry no apiVersion/kind; give them theirs.
        for (const QJsonValue &v : body->value(u"items").toArray()) {
            QJsonObject item = v.toObject();
            item.insert(QStringLiteral("apiVersion"), resource.apiVersion());
            item.insert(QStringLiteral("kind"), resource.kind);
            out.items.append(item);
        }
        const QJsonObject metadata = body->value(u"metadata").toObject();
        out.resourceVersion = metadata.value(u"resourceVersion").toString();
        continueToken = metadata.value(u"continue").toString();
        if (continueToken.isEmpty())
            return out;
    }
    return fail("cluster.list",
                "listing " + resource.resource.toStdString() + " did not end after 10000 pages");
}

Result<QJsonObject> ClusterReader::get(const ApiResource &resource, const QString &ns,
                                       const QString &name) {
    return m_client.getJson(resource.objectPath(ns, name));
}

Result<QStringList> ClusterReader::writePulled(const QList<QJsonObject> &objects,
                                               const QString &dir) {
    QStringList written;
    for (const QJsonObject &live : objects) {
        const QJsonObject object = resourceobject::withoutServerFields(live);
        const ResourceKey key = ResourceKey::of(object);
        if (key.name.isEmpty() || key.name.contains(u'/') || key.ns.contains(u'/') ||
            key.name.startsWith(u'.'))
            return fail("cluster.pull", "refusing to write an object with an unusable name \"" +
                                            key.name.toStdString() + "\"");
        const QString folder = key.ns.isEmpty() ? dir : dir + u'/' + key.ns;
        if (!QDir().mkpath(folder))
            return fail("cluster.pull", "cannot create folder " + folder.toStdString());
        const QString path =
            folder + u'/' + key.kind.toLower() + u'-' + key.name + QStringLiteral(".yaml");
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return fail("cluster.pull", "cannot write " + path.toStdString() + ": " +
                                            file.errorString().toStdString());
        if (key.kind == u"Secret")
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(jsonyaml::toYaml(object));
        if (!file.commit())
            return fail("cluster.pull", "cannot write " + path.toStdString() + ": " +
                                            file.errorString().toStdString());
        written.append(path);
    }
    return written;
}

} // namespace gatehouse::core
