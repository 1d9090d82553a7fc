#pragma once

#include "gateway/config.h"
#include "gateway/stats.h"

#include "common/result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {

namespace detail {
class EngineImpl;
}

// Where a listener ended up.
struct BoundAddress {
    std::string listener;
    std::string address;
    std::uint16_t port = 0;        // the local port actually bound
    std::uint16_t gatewayPort = 0; // the Gateway's number
    bool tls = false;
};

// The data plane: N worker threads, each with its own event loop and its own
// SO_REUSEPORT socket per listener; a connection never leaves the worker that accepted it.
//
// Thread safety: every public method may be called from any thread except an engine
// worker; control calls are serialised internally. None blocks on traffic except stop().
class Engine {
public:
    struct Options {
        int workers = 0; // 0: one per core
    };

    [[nodiscard]] static std::unique_ptr<Engine> create(Options options);
    ~Engine(); // stop() with the config's drain timeout if still running

    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    // Compiles the config (TLS contexts, routes, clusters) without binding anything.
    [[nodiscard]] static Status validate(const Config &config);

    // Compiles the config, binds every listener (port in use is an error) and starts the
    // workers. On error nothing keeps running.
    [[nodiscard]] Status start(std::shared_ptr<const Config> config);

    // Compiles and binds the new config, then swaps it in on every worker. Established
    // connections finish on the config they started with; listeners present in both keep
    // their sockets. On error the old config keeps serving untouched.
    [[nodiscard]] Status reload(std::shared_ptr<const Config> config);

    // Stops accepting, lets in-flight requests finish (at most `drain`), closes the rest
    // and joins the workers. Idempotent.
    void stop(std::optional<std::chrono::milliseconds> drain = std::nullopt);

    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] int workerCount() const;
    [[nodiscard]] std::shared_ptr<const Config> config() const;
    [[nodiscard]] std::vector<BoundAddress> listeningAddresses() const;
    [[nodiscard]] std::optional<BoundAddress> adminAddress() const;
    // Per-worker counters summed now.
    [[nodiscard]] StatsSnapshot stats() const;

private:
    explicit Engine(Options options);
    std::unique_ptr<detail::EngineImpl> m_impl;
};

} // namespace gatehouse::gateway
