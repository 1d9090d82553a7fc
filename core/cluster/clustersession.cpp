#include "clustersession.h"

#include "jsonyaml.h"

#include "validation/validator.h"
#include "workspace/workspace.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace gatehouse::core {

ClusterSession::ClusterSession(std::unique_ptr<KubeClient> client)
    : m_client(std::move(client))
    , m_discovery(*m_client)
    , m_reader(*m_client, m_discovery)
    , m_applier(*m_client, m_discovery) {}

Result<std::unique_ptr<ClusterSession>> ClusterSession::open(const ResolvedContext &context,
                                                             KubeClient::Options options) {
    Result<std::unique_ptr<KubeClient>> client = KubeClient::create(context, options);
    if (!client)
        return std::unexpected(client.error());
    return std::unique_ptr<ClusterSession>(new ClusterSession(std::move(*client)));
}

Result<std::unique_ptr<ClusterSession>> ClusterSession::open(const QString &kubeconfigPath,
                                                             const QString &context,
                                                             KubeClient::Options options) {
    Result<KubeConfig> config = KubeConfig::load(kubeconfigPath);
    if (!config)
        return std::unexpected(config.error());
    Result<ResolvedContext> resolved = config->resolve(context);
    if (!resolved)
        return std::unexpected(resolved.error());
    return open(*resolved, options);
}

Result<QList<ApplyItem>> ClusterSession::loadItems(const QStringList &paths) {
    QStringList files;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            QStringList found;
            QDirIterator it(
                path, {QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")},
                QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                found.append(it.next());
            std::sort(found.begin(), found.end());
            files += found;
        } else if (info.exists()) {
            files.append(path);
        } else {
            return fail("cluster.input", path.toStdString() + " does not exist");
        }
    }
    QList<ApplyItem> items;
    for (const QString &name : files) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly))
            return fail("cluster.input", "cannot read " + name.toStdString() + ": " +
                                             file.errorString().toStdString());
        Result<QList<YamlObject>> objects = jsonyaml::parseObjects(file.readAll(), name);
        if (!objects)
            return std::unexpected(objects.error());
        for (const YamlObject &o : *objects)
            items.append({o.object, o.location});
    }
    return items;
}

Result<std::vector<Finding>> ClusterSession::validateFiles(const QStringList &paths) {
    std::vector<std::string> files;
    for (const QString &p : paths)
        files.push_back(p.toStdString());
    Result<Workspace> workspace = Workspace::openPaths(files);
    if (!workspace)
        return std::unexpected(workspace.error());
    return validateWorkspace(*workspace);
}

} // namespace gatehouse::core
