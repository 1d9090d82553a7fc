#pragma once

#include "discovery.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <algorithm>
#include <optional>

class QNetworkReply;
class QTimer;

namespace gatehouse::core {

class KubeClient;

// Watches one resource type in a namespace (empty: all) from a resourceVersion, with
// bookmarks; reconnects from the last version it saw when the stream ends, and lists
// again when the server says that version is gone (410), reporting what the list found
// (changes in between are not seen as events). Thread: the client's; signals arrive there.
class ResourceWatch : public QObject {
    Q_OBJECT
public:
    ResourceWatch(KubeClient &client, ApiResource resource, QString ns, QObject *parent = nullptr);
    ~ResourceWatch() override;

    // Starts watching from `resourceVersion` (empty: lists first and starts from there).
    void start(const QString &resourceVersion = {});
    void stop();
    [[nodiscard]] QString resourceVersion() const { return m_resourceVersion; }
    // How long the server keeps one stream open (default 300 s); the watch then reconnects
    // from the last version it saw. Applies from the next stream on.
    void setServerTimeout(int seconds) { m_serverTimeout = std::max(1, seconds); }
    [[nodiscard]] int serverTimeout() const { return m_serverTimeout; }

Q_SIGNALS:
    // type: ADDED, MODIFIED, DELETED.
    void changed(const QString &type, const QJsonObject &object);
    // The stored version moved on without a change to report (a BOOKMARK event).
    void bookmarked(const QString &resourceVersion);
    // The version to watch from was gone (410): the watch listed again and goes on from
    // `resourceVersion`. `objects` are all the objects now; whatever changed since the last
    // event (deletions too) came with no event of its own.
    void relisted(const QList<QJsonObject> &objects, const QString &resourceVersion);
    // The last stream ended (the server's timeout, a lost connection, a 410) and a new one
    // is open, from `resourceVersion`.
    void resumed(const QString &resourceVersion);
    // The watch gave up (after repeated failures) or could not start; message for a person.
    void failed(const QString &message);

private:
    void connectStream();
    void readStream();
    void streamEnded();
    void scheduleReconnect();
    enum class ListFailure { Give, Retry };
    // Lists and takes the list's version, returning the objects; on failure emits failed()
    // (Give) or, for errors that may pass, schedules another try until the failures run out
    // (Retry).
    [[nodiscard]] std::optional<QList<QJsonObject>> relist(ListFailure onFailure);

    KubeClient &m_client;
    ApiResource m_resource;
    QString m_ns;
    QString m_resourceVersion;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    QTimer *m_retry = nullptr;
    int m_failures = 0;
    int m_serverTimeout = 300;
    bool m_running = false;
    bool m_gone = false;
    bool m_opened = false; // a stream was opened since start()
    // The open stream: whether it brought an event, an ERROR other than 410, its age.
    bool m_streamEvents = false;
    QString m_streamError;
    QElapsedTimer m_streamClock;
};

} // namespace gatehouse::core
