#include "gateway/engine.h"

#include "gateway/adminserver.h"
#include "gateway/snapshot.h"
#include "gateway/worker.h"

#include <boost/asio/socket_base.hpp>

#include <fcntl.h>
#include <map>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace gatehouse::gateway {

namespace detail {

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
using AcceptorList = std::vector<std::pair<std::string, std::unique_ptr<tcp::acceptor>>>;

class EngineImpl {
public:
    explicit EngineImpl(Engine::Options o)
        : workerCount(o.workers > 0 ? o.workers
                                    : std::max(1, int(std::thread::hardware_concurrency()))) {}

    // Binds one SO_REUSEPORT socket per worker for every listener not yet bound.
    Result<std::vector<AcceptorList>> bindNew(const Snapshot &snap,
                                              std::map<std::string, tcp::endpoint> &newBound) {
        std::vector<AcceptorList> perWorker(workers.size());
        for (const CompiledListener &l : snap.listeners) {
            if (bound.count(l.key))
                continue;
            tcp::endpoint ep = l.endpoint;
            boost::system::error_code ec;
            if (ep.port() != 0) {
                // A plain bind first: SO_REUSEPORT would silently share a port that
                // another process of ours already serves.
                tcp::acceptor probe(workers[0]->io());
                probe.open(ep.protocol(), ec);
                if (!ec)
                    probe.set_option(tcp::acceptor::reuse_address(true), ec);
                if (!ec)
                    probe.bind(ep, ec);
                if (ec)
                    return fail("gateway.listener.bind",
                                "cannot listen on " + l.key + " for listener '" + l.listener->name +
                                    "'" +
                                    (ec == asio::error::address_in_use ? ": port in use" : ""),
                                ec.message());
            }
            for (std::size_t i = 0; i < workers.size(); ++i) {
                auto acc = std::make_unique<tcp::acceptor>(workers[i]->io());
                acc->open(ep.protocol(), ec);
                if (!ec)
                    acc->set_option(tcp::acceptor::reuse_address(true), ec);
                if (!ec)
                    acc->set_option(ReusePort(true), ec);
                if (!ec)
                    acc->bind(ep, ec);
                if (!ec)
                    acc->listen(4096, ec);
                if (ec)
                    return fail("gateway.listener.bind",
                                "cannot listen on " + l.key + " for listener '" + l.listener->name +
                                    "'",
                                ec.message());
                if (i == 0)
                    ep = acc->local_endpoint(ec); // port 0: the others share the chosen one
                perWorker[i].emplace_back(l.key, std::move(acc));
            }
            newBound[l.key] = ep;
        }
        return perWorker;
    }

    Status openAccessLog(const Config &c) {
        if (c.accessLog.format == AccessLog::Format::Off) {
            shared.accessLogFormat = AccessLog::Format::Off;
            return {};
        }
        int fd = 1;
        if (c.accessLog.path != "-") {
            fd = ::open(c.accessLog.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
            if (fd < 0)
                return fail("gateway.accesslog.open",
                            "cannot open the access log '" + c.accessLog.path + "'",
                            std::strerror(errno));
            logFds.push_back(fd);
        }
        // Workers read these without a lock; an old descriptor stays open until stop().
        shared.accessLogFd = fd;
        shared.accessLogFormat = c.accessLog.format;
        return {};
    }

    AdminServer::Reply admin(const std::string &method, const std::string &path) {
        if (method != "GET" && method != "HEAD")
            return {405, "text/plain", "method not allowed\n"};
        if (path == "/ready") {
            if (shared.draining.load())
                return {503, "text/plain", "DRAINING\n"};
            return {200, "text/plain", "LIVE\n"};
        }
        if (path == "/metrics") {
            return {200, "text/plain; version=0.0.4", stats().toPrometheus()};
        }
        if (path == "/config_dump") {
            std::shared_ptr<const Snapshot> s;
            {
                std::lock_guard lock(stateMutex);
                s = snap;
            }
            return {200, "application/json", s ? configToJson(*s->config) + "\n" : "{}\n"};
        }
        return {404, "text/plain", "not found (try /metrics, /config_dump, /ready)\n"};
    }

    StatsSnapshot stats() const {
        StatsSnapshot s;
        std::lock_guard lock(stateMutex);
        for (const auto &w : workers)
            w->stats().addTo(s);
        s.configGeneration = snap ? snap->generation : 0;
        return s;
    }

    int workerCount;
    std::mutex controlMutex;       // start / reload / stop, one at a time
    mutable std::mutex stateMutex; // the fields below, held briefly
    EngineShared shared;
    std::vector<std::unique_ptr<Worker>> workers;
    std::shared_ptr<const Snapshot> snap;
    std::map<std::string, tcp::endpoint> bound;
    std::uint64_t generation = 0;
    AdminServer adminServer;
    std::optional<BoundAddress> adminBound;
    bool running = false;
    std::vector<int> logFds;
};

} // namespace detail

Engine::Engine(Options options)
    : m_impl(std::make_unique<detail::EngineImpl>(options)) {}

std::unique_ptr<Engine> Engine::create(Options options) {
    return std::unique_ptr<Engine>(new Engine(options));
}

Engine::~Engine() {
    stop();
}

Status Engine::validate(const Config &config) {
    auto copy = std::make_shared<const Config>(config);
    auto snap = detail::compileSnapshot(copy, 0);
    if (!snap)
        return std::unexpected(snap.error());
    return {};
}

Status Engine::start(std::shared_ptr<const Config> config) {
    auto &d = *m_impl;
    std::lock_guard control(d.controlMutex);
    if (d.running)
        return fail("gateway.engine.running", "the engine is already running");
    auto snap = detail::compileSnapshot(config, d.generation + 1);
    if (!snap)
        return std::unexpected(snap.error());

    std::vector<std::unique_ptr<detail::Worker>> workers;
    for (int i = 0; i < d.workerCount; ++i)
        workers.push_back(std::make_unique<detail::Worker>(i, d.shared));
    {
        std::lock_guard lock(d.stateMutex);
        d.workers = std::move(workers);
        d.bound.clear();
    }
    std::map<std::string, detail::tcp::endpoint> newBound;
    auto acceptors = d.bindNew(**snap, newBound);
    Status logOk = acceptors ? d.openAccessLog(*config) : Status{};
    if (!acceptors || !logOk) {
        std::lock_guard lock(d.stateMutex);
        d.workers.clear();
        return std::unexpected(!acceptors ? acceptors.error() : logOk.error());
    }
    d.shared.draining = false;
    d.shared.connections = 0;
    if (config->adminPort) {
        auto adminOk = d.adminServer.start(
            config->adminAddress, *config->adminPort,
            [&d](const std::string &m, const std::string &p) { return d.admin(m, p); });
        if (!adminOk) {
            std::lock_guard lock(d.stateMutex);
            d.workers.clear();
            return adminOk;
        }
        d.adminBound = BoundAddress{"admin", config->adminAddress, d.adminServer.port(),
                                    *config->adminPort, false};
    }
    {
        std::lock_guard lock(d.stateMutex);
        d.snap = *snap;
        d.bound = std::move(newBound);
        d.generation = (*snap)->generation;
    }
    for (std::size_t i = 0; i < d.workers.size(); ++i)
        d.workers[i]->start(*snap, std::move((*acceptors)[i]));
    d.running = true;
    return {};
}

Status Engine::reload(std::shared_ptr<const Config> config) {
    auto &d = *m_impl;
    std::lock_guard control(d.controlMutex);
    if (!d.running)
        return fail("gateway.engine.stopped", "the engine is not running");
    auto snap = detail::compileSnapshot(config, d.generation + 1);
    if (!snap)
        return std::unexpected(snap.error());
    std::map<std::string, detail::tcp::endpoint> newBound;
    auto acceptors = d.bindNew(**snap, newBound);
    if (!acceptors)
        return std::unexpected(acceptors.error());
    if (auto logOk = d.openAccessLog(*config); !logOk)
        return logOk;
    {
        std::lock_guard lock(d.stateMutex);
        for (auto it = d.bound.begin(); it != d.bound.end();) {
            if ((*snap)->listenerByKey(it->first) < 0)
                it = d.bound.erase(it);
            else
                ++it;
        }
        d.bound.merge(newBound);
        d.snap = *snap;
        d.generation = (*snap)->generation;
    }
    for (std::size_t i = 0; i < d.workers.size(); ++i)
        d.workers[i]->apply(*snap, std::move((*acceptors)[i]));
    return {};
}

void Engine::stop(std::optional<std::chrono::milliseconds> drain) {
    auto &d = *m_impl;
    std::lock_guard control(d.controlMutex);
    if (!d.running)
        return;
    const auto timeout = drain ? *drain : d.snap->config->limits.drainTimeout;
    d.shared.draining = true;
    for (auto &w : d.workers)
        w->drain();
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (d.shared.connections.load() > 0 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (auto &w : d.workers)
        w->shutdown();
    for (auto &w : d.workers)
        w->join();
    d.adminServer.stop();
    {
        std::lock_guard lock(d.stateMutex);
        d.workers.clear();
        d.bound.clear();
        d.adminBound.reset();
    }
    d.shared.accessLogFd = -1;
    for (int fd : d.logFds)
        ::close(fd);
    d.logFds.clear();
    d.running = false;
}

bool Engine::isRunning() const {
    std::lock_guard lock(m_impl->controlMutex);
    return m_impl->running;
}

int Engine::workerCount() const {
    return m_impl->workerCount;
}

std::shared_ptr<const Config> Engine::config() const {
    std::lock_guard lock(m_impl->stateMutex);
    return m_impl->snap ? m_impl->snap->config : nullptr;
}

std::vector<BoundAddress> Engine::listeningAddresses() const {
    std::lock_guard lock(m_impl->stateMutex);
    std::vector<BoundAddress> out;
    if (!m_impl->snap)
        return out;
    for (const auto &l : m_impl->snap->listeners) {
        auto it = m_impl->bound.find(l.key);
        if (it == m_impl->bound.end())
            continue;
        out.push_back({l.listener->name, it->second.address().to_string(), it->second.port(),
                       l.listener->gatewayPort, l.listener->tls});
    }
    return out;
}

std::optional<BoundAddress> Engine::adminAddress() const {
    std::lock_guard lock(m_impl->stateMutex);
    return m_impl->adminBound;
}

StatsSnapshot Engine::stats() const {
    return m_impl->stats();
}

} // namespace gatehouse::gateway
