#include "clusterconnection.h"

#include "resourcewatch.h"

#include <QMetaObject>

namespace gatehouse::core {

ClusterConnection::ClusterConnection(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject) {
    m_thread.setObjectName(QStringLiteral("gatehouse-cluster"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

ClusterConnection::~ClusterConnection() {
    {
        std::lock_guard lock(m_mutex);
        m_queue.clear();
        // Last in the queue, after the running job: the session's network objects belong
        // to the worker thread, so they end there, and then the thread ends.
        m_queue.push_back([this](ClusterSession *) {
            m_watches.clear();
            m_session.reset();
            m_thread.quit();
        });
    }
    QMetaObject::invokeMethod(
        m_worker, [this] { drain(); }, Qt::QueuedConnection);
    m_thread.wait();
    delete m_worker;
}

std::unexpected<Error> ClusterConnection::closedError() {
    return fail("cluster.closed", "no cluster context is open");
}

void ClusterConnection::post(std::function<void()> fn) const {
    QMetaObject::invokeMethod(const_cast<ClusterConnection *>(this), std::move(fn),
                              Qt::QueuedConnection);
}

void ClusterConnection::setBusy(bool busy) {
    m_pending += busy ? 1 : -1;
    if (busy && m_pending == 1)
        Q_EMIT busyChanged(true);
    else if (!busy && m_pending == 0)
        Q_EMIT busyChanged(false);
}

void ClusterConnection::enqueue(Job job) {
    setBusy(true);
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back([this, job = std::move(job)](ClusterSession *session) {
            job(session);
            post([this] { setBusy(false); });
        });
    }
    QMetaObject::invokeMethod(
        m_worker, [this] { drain(); }, Qt::QueuedConnection);
}

void ClusterConnection::drain() {
    // A job waits in a local event loop, which delivers our next drain() call: that call
    // must not start another job inside the running one.
    if (m_draining)
        return;
    m_draining = true;
    for (;;) {
        Job job;
        {
            std::lock_guard lock(m_mutex);
            if (m_queue.empty())
                break;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        job(m_session.get());
    }
    m_draining = false;
}

void ClusterConnection::open(const QString &kubeconfig, const QString &context,
                             std::function<void(const Result<ResolvedContext> &)> done) {
    enqueue([this, kubeconfig, context, done = std::move(done)](ClusterSession *) {
        m_watches.clear();
        m_session.reset();
        Result<std::unique_ptr<ClusterSession>> session = ClusterSession::open(kubeconfig, context);
        Result<ResolvedContext> resolved =
            session ? Result<ResolvedContext>((*session)->context())
                    : Result<ResolvedContext>(std::unexpected(session.error()));
        if (session)
            m_session = std::move(*session);
        post([this, kubeconfig, resolved = std::move(resolved), done] {
            m_open = resolved.has_value();
            m_context = resolved ? *resolved : ResolvedContext{};
            m_kubeconfig = resolved ? kubeconfig : QString();
            done(resolved);
        });
    });
}

void ClusterConnection::close() {
    m_open = false;
    m_context = {};
    m_kubeconfig.clear();
    enqueue([this](ClusterSession *) {
        m_watches.clear();
        m_session.reset();
    });
}

void ClusterConnection::watchResources(const QStringList &resources, WatchCallback changed) {
    enqueue([this, resources, changed = std::move(changed)](ClusterSession *session) {
        m_watches.clear();
        if (!session)
            return;
        for (const QString &name : resources) {
            Result<ApiResource> resource = session->discovery().find(name);
            if (resource)
                startWatch(*resource, QString(), changed);
        }
    });
}

void ClusterConnection::startWatch(const ApiResource &resource, const QString &ns,
                                   const WatchCallback &changed) {
    if (!m_session)
        return;
    auto watch = std::make_unique<ResourceWatch>(m_session->client(), resource, ns);
    ResourceWatch *raw = watch.get();
    connect(raw, &ResourceWatch::changed, raw,
            [this, changed](const QString &type, const QJsonObject &object) {
                post([changed, type, object] { changed(type, object); });
            });
    connect(raw, &ResourceWatch::relisted, raw, [this, changed] {
        post([changed] { changed(QStringLiteral("RELISTED"), QJsonObject()); });
    });
    if (ns.isEmpty() && resource.namespaced) {
        // Not allowed cluster-wide: the context's namespace, as the overview does. Queued (and
        // dropped when the watch is gone), so nothing is replaced inside its own signal.
        connect(
            raw, &ResourceWatch::failed, raw,
            [this, resource, changed] {
                if (m_session)
                    startWatch(resource, m_session->context().ns, changed);
            },
            Qt::QueuedConnection);
    }
    m_watches.push_back(std::move(watch));
    raw->start();
}

} // namespace gatehouse::core
