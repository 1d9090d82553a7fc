#pragma once

#include "clustersession.h"
#include "kubeconfig.h"

#include "common/result.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QThread>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace gatehouse::core {

class ResourceWatch;

// One ClusterSession on a thread of its own, for the desktop app. The session's calls wait
// for the API server (bounded by their timeouts), so they run there and their results come
// back, queued, to the thread that owns this object: the GUI thread never blocks on the
// network or on a credential plugin. Jobs run one at a time in the order they were queued
// (a job that waits never lets the next one start inside it).
// Thread: the owner's, except post(), which any thread may call.
class ClusterConnection final : public QObject {
    Q_OBJECT
public:
    explicit ClusterConnection(QObject *parent = nullptr);
    // Drops queued jobs and waits for the running one (bounded by its request timeouts).
    ~ClusterConnection() override;
    ClusterConnection(const ClusterConnection &) = delete;
    ClusterConnection &operator=(const ClusterConnection &) = delete;

    // Replaces the open session with one for `context` of `kubeconfig` (either empty: the
    // defaults, as kubectl picks them). `done` gets the resolved context or the error.
    void open(const QString &kubeconfig, const QString &context,
              std::function<void(const Result<ResolvedContext> &)> done);
    // Closes the session (after the jobs already queued).
    void close();

    // The last context opened successfully (valid until close() or the next open()).
    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] const ResolvedContext &context() const { return m_context; }
    [[nodiscard]] QString kubeconfig() const { return m_kubeconfig; }

    // Runs `job` on the session's thread and `done` with its result on the owner's thread.
    // Without an open session `done` gets a "cluster.closed" Error and `job` does not run.
    template <typename T>
    void run(std::function<Result<T>(ClusterSession &)> job,
             std::function<void(const Result<T> &)> done) {
        enqueue([this, job = std::move(job), done = std::move(done)](ClusterSession *session) {
            Result<T> result = session ? job(*session) : closedError();
            post([done, result = std::move(result)] { done(result); });
        });
    }

    // Watches `resources` (names as Discovery::find takes them) in all namespaces, or in the
    // context's namespace when the user may not watch cluster-wide, on the session's thread
    // (ResourceWatch: bookmarks, reconnects, relists after 410); `changed` runs on the
    // owner's thread for every event, and with type "RELISTED" and no object when a watch
    // had to list again (what changed meanwhile came with no event: read it again).
    // Replaces the previous watches; open() and close() end them. A kind the server does not
    // serve is skipped.
    using WatchCallback = std::function<void(const QString &type, const QJsonObject &object)>;
    void watchResources(const QStringList &resources, WatchCallback changed);

    // Runs `fn` on the owner's thread soon (never inside this call). Any thread.
    void post(std::function<void()> fn) const;

Q_SIGNALS:
    // A job started or the queue ran empty; for a busy indicator.
    void busyChanged(bool busy);

private:
    using Job = std::function<void(ClusterSession *)>;
    [[nodiscard]] static std::unexpected<Error> closedError();
    void enqueue(Job job);
    void drain(); // on the worker thread
    void setBusy(bool busy);
    // Worker thread: starts one watch (and falls back to the context's namespace on failure).
    void startWatch(const ApiResource &resource, const QString &ns, const WatchCallback &changed);

    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread
    std::mutex m_mutex;
    std::deque<Job> m_queue;                               // guarded by m_mutex
    bool m_draining = false;                               // worker thread only
    std::unique_ptr<ClusterSession> m_session;             // worker thread only
    std::vector<std::unique_ptr<ResourceWatch>> m_watches; // worker thread only; before m_session
    int m_pending = 0;                                     // owner thread only
    bool m_open = false;
    ResolvedContext m_context;
    QString m_kubeconfig;
};

} // namespace gatehouse::core
