#pragma once

#include "discovery.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

class QNetworkReply;
class QTimer;

namespace gatehouse::core {

class KubeClient;

// Watches one resource type in a namespace (empty: all) from a resourceVersion, with
// bookmarks; reconnects from the last version it saw when the stream ends, and lists
// again when the server says that version is gone (410). Thread: the client's; signals
// arrive there.
class ResourceWatch : public QObject {
    Q_OBJECT
public:
    ResourceWatch(KubeClient &client, ApiResource resource, QString ns, QObject *parent = nullptr);
    ~ResourceWatch() override;

    // Starts watching from `resourceVersion` (empty: lists first and starts from there).
    void start(const QString &resourceVersion = {});
    void stop();
    [[nodiscard]] QString resourceVersion() const { return m_resourceVersion; }

Q_SIGNALS:
    // type: ADDED, MODIFIED, DELETED.
    void changed(const QString &type, const QJsonObject &object);
    void bookmarked(const QString &resourceVersion);
    // The watch gave up (after repeated failures) or could not start; message for a person.
    void failed(const QString &message);

private:
    void connectStream();
    void readStream();
    void streamEnded();
    void scheduleReconnect();
    [[nodiscard]] bool relist();

    KubeClient &m_client;
    ApiResource m_resource;
    QString m_ns;
    QString m_resourceVersion;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    QTimer *m_retry = nullptr;
    int m_failures = 0;
    bool m_running = false;
    bool m_gone = false;
};

} // namespace gatehouse::core
