#pragma once

#include "gateway/snapshot.h"
#include "gateway/stats.h"

#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>

#include <openssl/ssl.h>

#include <sys/epoll.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace gatehouse::gateway::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// State every worker shares with the engine; only atomics and immutable data.
struct EngineShared {
    std::atomic<std::int64_t> connections{0};
    std::atomic<bool> draining{false};
    std::atomic<int> accessLogFd{-1};
    std::atomic<AccessLog::Format> accessLogFormat{AccessLog::Format::Off};
};

// Something with a deadline, checked by the worker's coarse ticker (100 ms): the cheap
// alternative to one timer per wait. onTimeout() cancels the owner's sockets.
class TimedNode : public boost::intrusive::list_base_hook<
                      boost::intrusive::link_mode<boost::intrusive::auto_unlink>> {
public:
    virtual ~TimedNode() = default;
    std::uint64_t deadlineMs = 0; // 0: none
    bool expired = false;         // set before onTimeout(); waits fail from then on
    virtual void onTimeout() = 0;
    virtual void onDrain() {}
    virtual void onTick() {} // every tick, after the deadline check
};

// A parked wait for read readiness (see FdWatch). Either call ends it (it frees itself).
class ReadWaiter {
public:
    // Completes through the io_context's queue: for the initiating call and cancellations,
    // where the waiting coroutine must not run inside its caller.
    virtual void post(asio::io_context &io, boost::system::error_code ec) = 0;
    // Resumes the waiting coroutine here and now (the readiness harvest, once the batch is
    // read): no queue round trip and no allocation for the commonest completion.
    virtual void resume() = 0;

protected:
    ~ReadWaiter() = default;
};

// Read readiness of one socket, tracked in the worker's own edge-triggered epoll set. Asio
// 1.74 re-arms a descriptor with epoll_ctl on every async_wait; here the socket is added
// once and an edge is remembered until a read drains the socket, so waiting for the next
// request or response costs no system call. Every read on a watched socket must call
// drained() when it returns EAGAIN or fewer bytes than asked for.
//
// A watch leaves the set before its socket closes (forget(), at the latest when the watch is
// destroyed, which must come first): closing alone does not take the socket out of an epoll
// set while another process holds a copy of the descriptor (a child spawned in between,
// before its exec), and the set would then report events for a freed watch.
struct FdWatch {
    FdWatch() = default;
    FdWatch(const FdWatch &) = delete;
    FdWatch &operator=(const FdWatch &) = delete;
    ~FdWatch() { forget(); }

    int fd = -1;
    int epoll = -1; // the set it is in, while registered
    bool registered = false;
    bool readable = true; // an edge (or nothing known yet) since the socket was last drained
    // The connection closes after what is being sent now: sends go with MSG_MORE, so that a
    // closing response, its close_notify and the FIN leave as one segment (Downstream's close
    // pushes them out first when the peer sent more than was read).
    bool lastWrites = false;
    ReadWaiter *waiter = nullptr;
    void drained() { readable = false; }
    void forget() {
        if (registered)
            ::epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
        registered = false;
    }
};

// A pooled keep-alive connection to one upstream endpoint.
struct UpstreamConnection {
    explicit UpstreamConnection(asio::io_context &io)
        : socket(io) {}
    UpstreamConnection(const UpstreamConnection &) = delete;
    UpstreamConnection &operator=(const UpstreamConnection &) = delete;
    ~UpstreamConnection() {
        if (ssl) {
            SSL_shutdown(ssl); // one close_notify, not waited for
            SSL_free(ssl);
        }
    }
    tcp::socket socket;
    FdWatch watch;
    SSL *ssl = nullptr;       // TLS towards the cluster (its BIO reads and writes through `watch`)
    std::uint32_t served = 0; // requests answered on it (maxRequestsPerConnection)
};

// What a pooled connection can be reused for, as Envoy pools per cluster and per transport
// socket options: its endpoint, its cluster and, for TLS, the context it was made with and
// the server name and expected peer name of its handshake. Lookups use views (no copy per
// request); the pool owns copies (StoredPoolKey).
struct PoolKey {
    tcp::endpoint endpoint;
    std::string_view cluster;
    const SSL_CTX *tls = nullptr;
    std::string_view names; // sni + '\n' + peer name
};
struct StoredPoolKey {
    explicit StoredPoolKey(const PoolKey &k)
        : endpoint(k.endpoint)
        , cluster(k.cluster)
        , tls(k.tls)
        , names(k.names) {}
    tcp::endpoint endpoint;
    std::string cluster;
    const SSL_CTX *tls = nullptr;
    std::string names;
};
struct PoolKeyLess {
    using is_transparent = void;
    template <typename A, typename B> bool operator()(const A &a, const B &b) const {
        if (a.endpoint != b.endpoint)
            return a.endpoint < b.endpoint;
        if (a.tls != b.tls)
            return std::less<const SSL_CTX *>()(a.tls, b.tls);
        const int byCluster = std::string_view(a.cluster).compare(b.cluster);
        if (byCluster != 0)
            return byCluster < 0;
        return std::string_view(a.names) < std::string_view(b.names);
    }
};

// Reusable per-request state (buffers keep their capacity), pooled per worker.
struct RequestBuffers {
    std::string in; // downstream bytes (headers must fit)
    std::size_t inBegin = 0;
    std::size_t inEnd = 0;
    std::string out;                 // to downstream
    std::string upOut;               // to upstream
    std::string upIn;                // from upstream
    std::string scratch;             // host, path, method copies for logging
    std::vector<HeaderRef> fields;   // request fields (views into `in`)
    std::vector<unsigned> fieldIds;  // beast field enum values
    std::vector<HeaderRef> upFields; // response fields (views into `upIn`)
    std::vector<unsigned> upFieldIds;
    // A route's header values with %VARIABLE%s filled in (only routes that have any); the
    // response ones are made while the request's fields are still readable.
    FormattedFields requestFormatted;
    FormattedFields responseFormatted;
};

class Worker {
public:
    Worker(int index, EngineShared &shared);
    ~Worker();

    // Control thread: hands over the snapshot and this worker's sockets for new listeners.
    void start(std::shared_ptr<const Snapshot> snapshot,
               std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>> acceptors);
    void apply(std::shared_ptr<const Snapshot> snapshot,
               std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>> acceptors);
    void drain();    // stop accepting; idle connections close, busy ones after their response
    void shutdown(); // close everything now, then the thread ends
    void join();

    const WorkerStats &stats() const { return m_stats; }

    // Worker thread only, from here on.
    asio::io_context &io() { return m_io; }
    WorkerStats &counters() { return m_stats; }
    EngineShared &shared() { return m_shared; }
    std::uint64_t nowMs() const { return m_nowMs; }
    bool draining() const { return m_draining; }
    void track(TimedNode &node) { m_nodes.push_back(node); }

    std::unique_ptr<RequestBuffers> takeBuffers();
    void giveBuffers(std::unique_ptr<RequestBuffers> b);

    // A pooled connection that still looks healthy, or null.
    std::unique_ptr<UpstreamConnection> takeIdle(const PoolKey &key);
    void giveIdle(const PoolKey &key, std::unique_ptr<UpstreamConnection> c, std::size_t maxIdle);
    // Round robin over a cluster's endpoints.
    std::size_t pick(std::size_t n) { return n ? (m_rr++ % n) : 0; }
    // A fast pseudo-random number (xorshift128+, this worker's own state): request ids and
    // weighted route choices, nothing secret.
    std::uint64_t random() {
        std::uint64_t s1 = m_rng[0];
        const std::uint64_t s0 = m_rng[1];
        m_rng[0] = s0;
        s1 ^= s1 << 23;
        m_rng[1] = s1 ^ s0 ^ (s1 >> 18) ^ (s0 >> 5);
        return m_rng[1] + s0;
    }

    // Adds fw.fd to the worker's epoll set (once); false: use Asio's waits for it.
    bool watch(FdWatch &fw);
    // Completes `handler(error_code)` once `fw` is readable (at once when an edge is already
    // known), or with operation_aborted after cancelRead(fw) or a shutdown.
    template <typename Token> auto asyncReadable(FdWatch &fw, Token &&token) {
        return asio::async_initiate<Token, void(boost::system::error_code)>(
            [this, &fw](auto handler) {
                using Handler = std::decay_t<decltype(handler)>;
                struct Op final : ReadWaiter {
                    Op(Worker &w, Handler &&h)
                        : worker(w)
                        , handler(std::move(h)) {}
                    void post(asio::io_context &io, boost::system::error_code ec) override {
                        asio::post(io, [h = release(), ec]() mutable { h(ec); });
                    }
                    void resume() override { release()(boost::system::error_code()); }
                    // Takes the handler out and gives this block back to the worker.
                    Handler release() {
                        Handler h(std::move(handler));
                        Worker &w = worker;
                        this->~Op();
                        w.freeWaiter(this);
                        return h;
                    }
                    Worker &worker;
                    Handler handler;
                };
                static_assert(sizeof(Op) <= kWaiterBlock &&
                              alignof(Op) <= alignof(std::max_align_t));
                auto *op = new (allocWaiter()) Op(*this, std::move(handler));
                if (m_stopped || fw.waiter || !watch(fw)) {
                    op->post(m_io, asio::error::operation_aborted);
                    return;
                }
                if (fw.readable) {
                    op->post(m_io, {});
                    return;
                }
                fw.waiter = op;
            },
            token);
    }
    // Wakes a parked readiness wait with operation_aborted.
    void cancelRead(FdWatch &fw) {
        if (ReadWaiter *op = std::exchange(fw.waiter, nullptr))
            op->post(m_io, asio::error::operation_aborted);
    }

    // A fresh RFC 4122 v4 UUID text (36 chars) into out.
    void requestId(char *out);
    void accessLog(std::string_view line);

private:
    void
    openAcceptors(std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>> acceptors);
    void tick();
    void flushAccessLog();
    void armReadiness();
    void harvest();

    struct AcceptorSlot {
        std::string key;
        std::unique_ptr<tcp::acceptor> acceptor;
    };
    void acceptLoop(std::shared_ptr<AcceptorSlot> slot);

    // Blocks for parked readiness waits, reused (a keep-alive request parks two).
    static constexpr std::size_t kWaiterBlock = 128;
    void *allocWaiter();
    void freeWaiter(void *block);

    int m_index;
    EngineShared &m_shared;
    std::vector<void *> m_waiterBlocks; // before m_io: outlives the handlers it destroys
    asio::io_context m_io{1};
    asio::steady_timer m_ticker{m_io};
    int m_epoll = -1;                                 // the FdWatch set
    asio::posix::stream_descriptor m_epollWait{m_io}; // readable when an FdWatch has an edge
    std::thread m_thread;
    std::shared_ptr<const Snapshot> m_snapshot;
    std::vector<std::shared_ptr<AcceptorSlot>> m_acceptors;
    WorkerStats m_stats;
    boost::intrusive::list<TimedNode, boost::intrusive::constant_time_size<false>> m_nodes;
    std::vector<std::unique_ptr<RequestBuffers>> m_freeBuffers;
    std::map<StoredPoolKey, std::vector<std::unique_ptr<UpstreamConnection>>, PoolKeyLess> m_idle;
    std::uint64_t m_nowMs = 0;
    std::size_t m_rr = 0;
    std::uint64_t m_rng[2] = {};
    std::string m_logBuffer;
    bool m_draining = false;
    bool m_stopped = false;
};

// Entry point of a freshly accepted connection (proxy.cpp).
void serveConnection(Worker &worker, tcp::socket socket, std::shared_ptr<const Snapshot> snapshot,
                     int listener);

} // namespace gatehouse::gateway::detail
