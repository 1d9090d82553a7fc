#include "controller/gatewaycontroller.h"

#include "common/logging.h"

namespace gatehouse::core {

GatewayController::GatewayController(QObject *parent)
    : QObject(parent) {
    qRegisterMetaType<gatehouse::Error>();
    m_pool.setMaxThreadCount(1);
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &GatewayController::poll);
}

GatewayController::~GatewayController() {
    m_poll.stop();
    m_pool.waitForDone();
    if (m_engine)
        m_engine->stop();
}

void GatewayController::setState(State s) {
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void GatewayController::start(std::shared_ptr<const gateway::Config> config, int workers) {
    if (m_state != State::Stopped)
        return;
    setState(State::Starting);
    m_pool.start([this, config, workers] {
        std::shared_ptr<gateway::Engine> engine = gateway::Engine::create({workers});
        Status result = engine->start(config);
        QMetaObject::invokeMethod(
            this,
            [this, engine, result] {
                if (!result) {
                    qCWarning(lcController, "gateway start failed: %s",
                              result.error().toString().c_str());
                    setState(State::Stopped);
                    Q_EMIT startFailed(result.error());
                    return;
                }
                m_engine = engine;
                for (const auto &a : m_engine->listeningAddresses())
                    qCInfo(lcController, "listening %s %s:%u (gateway port %u)", a.listener.c_str(),
                           a.address.c_str(), a.port, a.gatewayPort);
                setState(State::Running);
                poll();
                m_poll.start();
                Q_EMIT started();
            },
            Qt::QueuedConnection);
    });
}

void GatewayController::reload(std::shared_ptr<const gateway::Config> config) {
    if (m_state != State::Running || !m_engine)
        return;
    std::shared_ptr<gateway::Engine> engine = m_engine;
    m_pool.start([this, engine, config] {
        Status result = engine->reload(config);
        const quint64 generation = engine->stats().configGeneration;
        QMetaObject::invokeMethod(
            this,
            [this, result, generation] {
                if (!result) {
                    qCWarning(lcController, "gateway reload refused: %s",
                              result.error().toString().c_str());
                    Q_EMIT reloadFailed(result.error());
                    return;
                }
                poll();
                Q_EMIT reloaded(generation);
            },
            Qt::QueuedConnection);
    });
}

void GatewayController::stop() {
    if (m_state != State::Running || !m_engine)
        return;
    setState(State::Stopping);
    m_poll.stop();
    std::shared_ptr<gateway::Engine> engine = m_engine;
    m_pool.start([this, engine] {
        engine->stop();
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_engine.reset();
                setState(State::Stopped);
                Q_EMIT stopped();
            },
            Qt::QueuedConnection);
    });
}

std::vector<gateway::BoundAddress> GatewayController::listeningAddresses() const {
    return m_engine ? m_engine->listeningAddresses() : std::vector<gateway::BoundAddress>{};
}

std::optional<gateway::BoundAddress> GatewayController::adminAddress() const {
    return m_engine ? m_engine->adminAddress() : std::nullopt;
}

std::shared_ptr<const gateway::Config> GatewayController::config() const {
    return m_engine ? m_engine->config() : nullptr;
}

void GatewayController::setPollInterval(int milliseconds) {
    m_poll.setInterval(milliseconds);
}

void GatewayController::poll() {
    if (!m_engine)
        return;
    m_stats = m_engine->stats();
    Q_EMIT statsUpdated();
}

} // namespace gatehouse::core
