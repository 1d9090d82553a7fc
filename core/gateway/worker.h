#pragma once

#include "gateway/snapshot.h"
#include "gateway/stats.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
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
};

// A pooled keep-alive connection to one upstream endpoint.
struct UpstreamConnection {
    explicit UpstreamConnection(asio::io_context &io)
        : socket(io) {}
    tcp::socket socket;
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
    std::unique_ptr<UpstreamConnection> takeIdle(const tcp::endpoint &ep);
    void giveIdle(const tcp::endpoint &ep, std::unique_ptr<UpstreamConnection> c,
                  std::size_t maxIdle);
    // Round robin over a cluster's endpoints.
    std::size_t pick(std::size_t n) { return n ? (m_rr++ % n) : 0; }

    // A fresh RFC 4122 v4 UUID text (36 chars) into out.
    void requestId(char *out);
    void accessLog(std::string_view line);

private:
    void
    openAcceptors(std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>> acceptors);
    void tick();
    void flushAccessLog();

    struct AcceptorSlot {
        std::string key;
        std::unique_ptr<tcp::acceptor> acceptor;
    };
    void acceptLoop(std::shared_ptr<AcceptorSlot> slot);

    int m_index;
    EngineShared &m_shared;
    asio::io_context m_io{1};
    asio::steady_timer m_ticker{m_io};
    std::thread m_thread;
    std::shared_ptr<const Snapshot> m_snapshot;
    std::vector<std::shared_ptr<AcceptorSlot>> m_acceptors;
    WorkerStats m_stats;
    boost::intrusive::list<TimedNode, boost::intrusive::constant_time_size<false>> m_nodes;
    std::vector<std::unique_ptr<RequestBuffers>> m_freeBuffers;
    std::map<tcp::endpoint, std::vector<std::unique_ptr<UpstreamConnection>>> m_idle;
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
