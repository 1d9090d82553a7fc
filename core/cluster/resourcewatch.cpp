#include "resourcewatch.h"

#include "clusterreader.h"
#include "kubeclient.h"

#include "common/logging.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

#include <optional>
#include <utility>

namespace gatehouse::core {
namespace {
constexpr int kMaxFailures = 8;
constexpr qsizetype kMaxLineBytes = 16 * 1024 * 1024;
} // namespace

ResourceWatch::ResourceWatch(KubeClient &client, ApiResource resource, QString ns, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_resource(std::move(resource))
    , m_ns(std::move(ns))
    , m_retry(new QTimer(this)) {
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &ResourceWatch::connectStream);
}

ResourceWatch::~ResourceWatch() {
    stop();
}

void ResourceWatch::start(const QString &resourceVersion) {
    stop();
    m_running = true;
    m_failures = 0;
    m_gone = false;
    m_opened = false;
    m_resourceVersion = resourceVersion;
    if (m_resourceVersion.isEmpty() && !relist(ListFailure::Give))
        return;
    connectStream();
}

void ResourceWatch::stop() {
    m_running = false;
    m_retry->stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

std::optional<QList<QJsonObject>> ResourceWatch::relist(ListFailure onFailure) {
    Discovery discovery(m_client);
    ClusterReader reader(m_client, discovery);
    Result<ResourceList> list = reader.list(m_resource, m_ns);
    if (!list) {
        const std::string &code = list.error().code;
        const bool lasting = code == "cluster.unauthorized" || code == "cluster.forbidden" ||
                             code == "cluster.not-found";
        if (onFailure == ListFailure::Retry && !lasting && ++m_failures < kMaxFailures) {
            qCDebug(lcCluster) << "listing" << m_resource.resource
                               << "again failed; retrying:" << list.error().toString().c_str();
            scheduleReconnect();
            return std::nullopt;
        }
        m_running = false;
        Q_EMIT failed(QString::fromStdString(list.error().toString()));
        return std::nullopt;
    }
    m_resourceVersion = list->resourceVersion;
    return std::move(list->items);
}

void ResourceWatch::connectStream() {
    if (!m_running)
        return;
    if (m_gone) {
        std::optional<QList<QJsonObject>> objects = relist(ListFailure::Retry);
        if (!objects)
            return;
        m_gone = false;
        m_failures = 0;
        qCDebug(lcCluster) << "listed" << m_resource.resource << "again after 410; watching from"
                           << m_resourceVersion;
        Q_EMIT relisted(*objects, m_resourceVersion);
        if (!m_running || m_reply || m_retry->isActive())
            return; // a receiver stopped or restarted the watch
    }
    KubeRequest request;
    request.path = m_resource.collectionPath(m_ns);
    request.query.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    request.query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    request.query.addQueryItem(QStringLiteral("resourceVersion"), m_resourceVersion);
    // The server closes the stream after this; we reconnect from the last version seen.
    request.query.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(m_serverTimeout));
    Result<QNetworkReply *> reply = m_client.openStream(request);
    if (!reply) {
        ++m_failures;
        if (m_failures >= kMaxFailures) {
            m_running = false;
            Q_EMIT failed(QString::fromStdString(reply.error().toString()));
            return;
        }
        scheduleReconnect();
        return;
    }
    m_reply = *reply;
    m_buffer.clear();
    m_streamEvents = false;
    m_streamError.clear();
    m_streamClock.start();
    connect(m_reply, &QNetworkReply::readyRead, this, &ResourceWatch::readStream);
    connect(m_reply, &QNetworkReply::finished, this, &ResourceWatch::streamEnded);
    if (std::exchange(m_opened, true))
        Q_EMIT resumed(m_resourceVersion);
}

void ResourceWatch::readStream() {
    QNetworkReply *const reply = m_reply;
    if (!reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // the body is a Status; streamEnded() reports it
    m_buffer += m_reply->readAll();
    if (m_buffer.size() > kMaxLineBytes) {
        m_buffer.clear();
        m_reply->abort();
        return;
    }
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        const QString type = event.value(u"type").toString();
        const QJsonObject object = event.value(u"object").toObject();
        if (type == u"ERROR") {
            // The server ends the stream after it; 410: the version is gone, list again.
            qCDebug(lcCluster) << "watch of" << m_resource.resource
                               << "error:" << object.value(u"code").toInt()
                               << object.value(u"message").toString();
            if (object.value(u"code").toInt() == 410)
                m_gone = true;
            else
                m_streamError = object.value(u"message").toString();
            continue;
        }
        const QString rv =
            object.value(u"metadata").toObject().value(u"resourceVersion").toString();
        if (!rv.isEmpty())
            m_resourceVersion = rv;
        m_failures = 0;
        m_streamEvents = true;
        if (type == u"BOOKMARK")
            Q_EMIT bookmarked(rv);
        else if (!type.isEmpty())
            Q_EMIT changed(type, object);
        if (m_reply != reply)
            return; // a receiver stopped or restarted the watch
    }
}

void ResourceWatch::streamEnded() {
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray rest = status == 200 ? QByteArray() : reply->readAll();
    reply->deleteLater();
    if (!m_running)
        return;
    if (status == 410) {
        m_gone = true;
    } else if (status == 200 && !m_gone &&
               (!m_streamError.isEmpty() || (!m_streamEvents && m_streamClock.elapsed() < 1000))) {
        // An ERROR event other than 410, or a stream ended at once with nothing in it: not
        // the server's normal end of a watch, so back off instead of reconnecting at once.
        if (++m_failures >= kMaxFailures) {
            m_running = false;
            Q_EMIT failed(
                m_streamError.isEmpty()
                    ? QStringLiteral("the API server at %1 keeps ending the watch of %2")
                          .arg(m_client.server(), m_resource.resource)
                    : QStringLiteral("watching %1: %2").arg(m_resource.resource, m_streamError));
            return;
        }
    } else if (status != 200) {
        ++m_failures;
        if (status == 401 || status == 403 || status == 404 || m_failures >= kMaxFailures) {
            m_running = false;
            const QString message =
                status == 0 ? QStringLiteral("the watch of %1 lost the API server at %2")
                                  .arg(m_resource.resource, m_client.server())
                            : QString::fromStdString(
                                  m_client
                                      .errorFor(KubeResponse{status, rest},
                                                QStringLiteral("watching ") + m_resource.resource)
                                      .toString());
            Q_EMIT failed(message);
            return;
        }
    }
    if (m_gone)
        qCDebug(lcCluster) << "watch of" << m_resource.resource << "ended; listing again";
    else
        qCDebug(lcCluster) << "watch of" << m_resource.resource << "ended; reconnecting from"
                           << m_resourceVersion;
    scheduleReconnect();
}

void ResourceWatch::scheduleReconnect() {
    // 0 s after a normal end, then 1, 2, 4 ... 30 s after failures.
    const int delay = m_failures == 0 ? 0 : std::min(30'000, 500 << std::min(m_failures, 6));
    m_retry->start(delay);
}

} // namespace gatehouse::core
