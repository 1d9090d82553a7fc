#include "gateway/worker.h"

#include <boost/asio/post.hpp>

#include <chrono>
#include <cstring>
#include <csignal>
#include <pthread.h>
#include <random>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse::gateway::detail {

namespace {

std::uint64_t steadyMs() {
    return std::uint64_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count());
}

constexpr std::size_t kMaxPooledBuffers = 1024;
constexpr std::size_t kMaxPooledWaiters = 4096;
constexpr int kHarvestBatch = 128;

} // namespace

Worker::Worker(int index, EngineShared &shared)
    : m_index(index)
    , m_shared(shared) {
    std::random_device rd;
    m_rng[0] = (std::uint64_t(rd()) << 32) ^ rd() ^ std::uint64_t(index);
    m_rng[1] = (std::uint64_t(rd()) << 32) ^ rd() ^ 0x9e3779b97f4a7c15ULL;
    m_nowMs = steadyMs();
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll >= 0) {
        boost::system::error_code ec;
        m_epollWait.assign(m_epoll, ec); // owns and closes it
        if (ec) {
            ::close(m_epoll);
            m_epoll = -1;
        }
    }
}

Worker::~Worker() {
    join();
    m_stopped = true; // frames the io_context still destroys must not pool into dead members
    for (void *block : m_waiterBlocks)
        ::operator delete(block);
    m_waiterBlocks.clear();
}

bool Worker::watch(FdWatch &fw) {
    if (fw.registered)
        return true;
    if (m_epoll < 0 || fw.fd < 0)
        return false;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = &fw;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fw.fd, &ev) != 0)
        return false;
    fw.epoll = m_epoll;
    fw.registered = true;
    return true;
}

void Worker::armReadiness() {
    if (m_epoll < 0)
        return;
    m_epollWait.async_wait(asio::posix::stream_descriptor::wait_read,
                           [this](boost::system::error_code ec) {
                               if (ec || m_stopped)
                                   return;
                               // The harvest resumes coroutines: one that throws must
                               // not leave the other waits without a harvest.
                               try {
                                   harvest();
                               } catch (...) {
                                   armReadiness();
                                   throw;
                               }
                               armReadiness();
                           });
}

void Worker::harvest() {
    // The whole batch is read before any waiting coroutine runs: one may close a socket, and
    // free the FdWatch, that a later event of the batch names.
    epoll_event events[kHarvestBatch];
    ReadWaiter *ready[kHarvestBatch];
    for (;;) {
        const int n = ::epoll_wait(m_epoll, events, kHarvestBatch, 0);
        int k = 0;
        for (int i = 0; i < n; ++i) {
            auto *fw = static_cast<FdWatch *>(events[i].data.ptr);
            fw->readable = true;
            if (ReadWaiter *op = std::exchange(fw->waiter, nullptr))
                ready[k++] = op;
        }
        for (int i = 0; i < k; ++i) {
            try {
                ready[i]->resume();
            } catch (...) {
                // The rest still complete, through the queue, before the error leaves run().
                for (int j = i + 1; j < k; ++j)
                    ready[j]->post(m_io, {});
                throw;
            }
        }
        if (n < kHarvestBatch)
            break;
    }
}

void *Worker::allocWaiter() {
    if (m_waiterBlocks.empty())
        return ::operator new(kWaiterBlock);
    void *block = m_waiterBlocks.back();
    m_waiterBlocks.pop_back();
    return block;
}

void Worker::freeWaiter(void *block) {
    if (m_stopped || m_waiterBlocks.size() >= kMaxPooledWaiters) {
        ::operator delete(block);
        return;
    }
    m_waiterBlocks.push_back(block);
}

void Worker::start(std::shared_ptr<const Snapshot> snapshot,
                   std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>> acceptors) {
    m_snapshot = std::move(snapshot);
    openAcceptors(std::move(acceptors));
    tick();
    armReadiness();
    m_thread = std::thread([this] {
        // OpenSSL writes with write(2): a peer that closed must give EPIPE, not kill us.
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
        for (;;) {
            try {
                m_io.run();
                break;
            } catch (const std::exception &) {
                // A handler threw: the connection it belonged to is gone, the worker lives on.
            }
        }
    });
}

void Worker::apply(std::shared_ptr<const Snapshot> snapshot,
                   std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>> acceptors) {
    // Acceptors are moved into a shared holder so the posted function stays copyable.
    auto holder = std::make_shared<decltype(acceptors)>(std::move(acceptors));
    asio::post(m_io, [this, snapshot = std::move(snapshot), holder]() mutable {
        m_snapshot = std::move(snapshot);
        // Pooled connections of clusters the new config lacks close, and so do the TLS ones
        // (made with the old config's contexts).
        std::erase_if(m_idle, [&](const auto &entry) {
            return entry.first.tls != nullptr || !m_snapshot->hasCluster(entry.first.cluster);
        });
        // Sockets of listeners that are gone close; accepted connections stay.
        std::erase_if(m_acceptors, [&](const std::shared_ptr<AcceptorSlot> &slot) {
            if (m_snapshot->listenerByKey(slot->key) >= 0)
                return false;
            boost::system::error_code ec;
            slot->acceptor->close(ec);
            return true;
        });
        openAcceptors(std::move(*holder));
    });
}

void Worker::openAcceptors(
    std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>> acceptors) {
    for (auto &[key, acc] : acceptors) {
        auto slot = std::make_shared<AcceptorSlot>(AcceptorSlot{key, std::move(acc)});
        m_acceptors.push_back(slot);
        acceptLoop(slot);
    }
}

void Worker::acceptLoop(std::shared_ptr<AcceptorSlot> slot) {
    slot->acceptor->async_accept([this, slot](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !slot->acceptor->is_open() || m_stopped)
            return;
        if (!ec) {
            m_nowMs = steadyMs();
            const int li = m_snapshot->listenerByKey(slot->key);
            const auto max = std::int64_t(m_snapshot->config->limits.maxConnections);
            bool accept = li >= 0 && !m_draining;
            if (accept && m_shared.connections.fetch_add(1, std::memory_order_relaxed) >= max) {
                m_shared.connections.fetch_sub(1, std::memory_order_relaxed);
                accept = false;
            }
            if (!accept) {
                m_stats.connectionsRejected.add();
                boost::system::error_code ignored;
                socket.close(ignored);
            } else {
                m_stats.connectionsAccepted.add();
                serveConnection(*this, std::move(socket), m_snapshot, li);
            }
        } else if (ec == asio::error::no_descriptors) {
            // Out of file descriptors: back off a little instead of spinning.
            auto timer = std::make_shared<asio::steady_timer>(m_io, std::chrono::milliseconds(50));
            timer->async_wait([this, slot, timer](boost::system::error_code) { acceptLoop(slot); });
            return;
        }
        acceptLoop(slot);
    });
}

void Worker::tick() {
    m_nowMs = steadyMs();
    // Expired nodes may unlink themselves (and others) in onTimeout: walk carefully.
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        TimedNode &n = *it++;
        if (n.deadlineMs != 0 && n.deadlineMs <= m_nowMs) {
            n.deadlineMs = 0;
            n.expired = true;
            n.onTimeout();
        } else {
            n.onTick();
        }
    }
    // Idle upstream connections the peer closed are noticed on reuse; cap their age here.
    flushAccessLog();
    if (m_stopped)
        return;
    m_ticker.expires_after(std::chrono::milliseconds(100));
    m_ticker.async_wait([this](boost::system::error_code ec) {
        if (!ec)
            tick();
    });
}

void Worker::drain() {
    asio::post(m_io, [this] {
        m_draining = true;
        for (auto &slot : m_acceptors) {
            boost::system::error_code ec;
            slot->acceptor->close(ec);
        }
        m_acceptors.clear();
        for (auto it = m_nodes.begin(); it != m_nodes.end();) {
            TimedNode &n = *it++;
            n.onDrain();
        }
    });
}

void Worker::shutdown() {
    asio::post(m_io, [this] {
        m_stopped = true;
        m_draining = true;
        for (auto &slot : m_acceptors) {
            boost::system::error_code ec;
            slot->acceptor->close(ec);
        }
        m_acceptors.clear();
        for (auto it = m_nodes.begin(); it != m_nodes.end();) {
            TimedNode &n = *it++;
            n.expired = true;
            n.onTimeout();
        }
        m_idle.clear();
        m_ticker.cancel();
        boost::system::error_code ec;
        m_epollWait.cancel(ec);
        flushAccessLog();
    });
}

void Worker::join() {
    if (m_thread.joinable())
        m_thread.join();
}

std::unique_ptr<RequestBuffers> Worker::takeBuffers() {
    if (m_freeBuffers.empty())
        return std::make_unique<RequestBuffers>();
    auto b = std::move(m_freeBuffers.back());
    m_freeBuffers.pop_back();
    return b;
}

void Worker::giveBuffers(std::unique_ptr<RequestBuffers> b) {
    if (!b || m_stopped || m_freeBuffers.size() >= kMaxPooledBuffers)
        return;
    b->inBegin = b->inEnd = 0;
    b->out.clear();
    b->upOut.clear();
    b->scratch.clear();
    m_freeBuffers.push_back(std::move(b));
}

std::unique_ptr<UpstreamConnection> Worker::takeIdle(const PoolKey &key) {
    auto it = m_idle.find(key);
    if (it == m_idle.end())
        return nullptr;
    auto &list = it->second;
    while (!list.empty()) {
        auto c = std::move(list.back());
        list.pop_back();
        // A pooled connection must have nothing to read: EOF or stray bytes mean the
        // upstream closed it (or broke the protocol) while it idled. No edge since its
        // response was read to the end means nothing came; only after one is a probe
        // (a system call) needed. A close that races with the reuse is retried by the caller.
        // TLS: a record OpenSSL read ahead (a close_notify) counts as bytes.
        if (c->ssl && SSL_has_pending(c->ssl))
            continue;
        if (!c->watch.readable)
            return c;
        char probe;
        const ssize_t n = ::recv(c->socket.native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            c->watch.drained();
            return c;
        }
    }
    return nullptr;
}

void Worker::giveIdle(const PoolKey &key, std::unique_ptr<UpstreamConnection> c,
                      std::size_t maxIdle) {
    if (m_stopped)
        return;
    auto it = m_idle.find(key);
    if (it == m_idle.end())
        it = m_idle.emplace(StoredPoolKey(key), decltype(it->second)()).first;
    auto &list = it->second;
    if (list.size() < maxIdle)
        list.push_back(std::move(c));
}

void Worker::requestId(char *out) {
    unsigned char b[16];
    const std::uint64_t a = random(), c = random();
    std::memcpy(b, &a, 8);
    std::memcpy(b + 8, &c, 8);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    static const char *hex = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
}

void Worker::accessLog(std::string_view line) {
    m_logBuffer.append(line);
    if (m_logBuffer.size() > 3000)
        flushAccessLog();
}

void Worker::flushAccessLog() {
    const int fd = m_shared.accessLogFd.load(std::memory_order_relaxed);
    if (m_logBuffer.empty() || fd < 0) {
        m_logBuffer.clear();
        return;
    }
    // Whole lines, each write at most PIPE_BUF-ish, so workers' lines do not interleave.
    std::string_view rest = m_logBuffer;
    while (!rest.empty()) {
        std::size_t len = rest.size();
        if (len > 4000) {
            const auto nl = rest.rfind('\n', 4000);
            len = nl == std::string_view::npos ? 4000 : nl + 1;
        }
        const ssize_t n = ::write(fd, rest.data(), len);
        if (n <= 0)
            break;
        rest.remove_prefix(std::size_t(n));
    }
    m_logBuffer.clear();
}

} // namespace gatehouse::gateway::detail
