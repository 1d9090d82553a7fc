#pragma once

#include "gateway/config.h"
#include "gateway/engine.h"
#include "gateway/stats.h"

#include "common/error.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <memory>
#include <vector>

namespace gatehouse::core {

// Starts, reloads, stops and observes the gateway engine for Qt code (GUI and CLI).
// The engine runs on its own worker threads; start/reload/stop run on a private thread
// so the caller's thread never blocks, and their outcome arrives as signals in the
// controller's thread. Statistics are polled (per-worker counters summed) on a timer.
//
// Thread: every method must be called from the thread the controller lives in.
class GatewayController : public QObject {
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit GatewayController(QObject *parent = nullptr);
    ~GatewayController() override; // stops the engine (bounded by its drain timeout)

    // Compiles and binds `config`, then serves it with `workers` threads (0: one per core).
    // Emits started() or startFailed(). Ignored unless Stopped.
    void start(std::shared_ptr<const gateway::Config> config, int workers = 0);
    // Swaps in a new config; established connections finish on the old one. Emits
    // reloaded() or reloadFailed() (the old config keeps serving). Only while Running.
    void reload(std::shared_ptr<const gateway::Config> config);
    // Drains and stops; emits stopped().
    void stop();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] std::vector<gateway::BoundAddress> listeningAddresses() const;
    [[nodiscard]] std::optional<gateway::BoundAddress> adminAddress() const;
    [[nodiscard]] std::shared_ptr<const gateway::Config> config() const;
    // The statistics of the last poll.
    [[nodiscard]] const gateway::StatsSnapshot &stats() const { return m_stats; }
    void setPollInterval(int milliseconds);

Q_SIGNALS:
    void stateChanged(gatehouse::core::GatewayController::State state);
    void started();
    void startFailed(const gatehouse::Error &error);
    void reloaded(quint64 generation);
    void reloadFailed(const gatehouse::Error &error);
    void stopped();
    void statsUpdated();

private:
    void setState(State s);
    void poll();

    std::shared_ptr<gateway::Engine> m_engine;
    QThreadPool m_pool; // one thread: control operations run in order
    QTimer m_poll;
    State m_state = State::Stopped;
    gateway::StatsSnapshot m_stats;
};

} // namespace gatehouse::core

Q_DECLARE_METATYPE(gatehouse::Error)
