#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gatehouse::gateway {

enum class HandshakeFailure {
    NoMatchingServer, // no server for the SNI (or no SNI and no catch-all server)
    NotTls,           // first bytes were not a TLS ClientHello
    ProtocolVersion,
    NoSharedCipher,
    ClientCertificate, // missing or rejected client certificate
    Timeout,
    Other,
    Count
};

[[nodiscard]] const char *handshakeFailureName(HandshakeFailure reason);

// Upper bounds (ms) of the upstream latency histogram; the last bucket is +Inf.
inline constexpr std::array<double, 13> kLatencyBucketsMs{1,   2,   5,    10,   25,   50,   100,
                                                          250, 500, 1000, 2500, 5000, 10000};

// A sum over all workers at one moment. Plain values, safe to copy to any thread.
struct StatsSnapshot {
    std::array<std::uint64_t, 5> responsesByClass{}; // 1xx..5xx
    std::uint64_t requests = 0;
    std::uint64_t bytesReceived = 0; // downstream, application bytes
    std::uint64_t bytesSent = 0;
    std::uint64_t connectionsAccepted = 0;
    std::uint64_t connectionsActive = 0;
    std::uint64_t connectionsRejected = 0;              // over maxConnections
    std::array<std::uint64_t, 4> handshakesByVersion{}; // TLS 1.0, 1.1, 1.2, 1.3
    std::uint64_t handshakesResumed = 0;                // of those, sessions resumed
    std::vector<std::pair<std::string, std::uint64_t>> handshakesByCipher;
    std::array<std::uint64_t, static_cast<int>(HandshakeFailure::Count)> handshakeFailures{};
    std::uint64_t upstreamConnects = 0;
    std::uint64_t upstreamConnectFailures = 0;
    std::uint64_t upstreamRetries = 0;
    std::uint64_t upstreamReused = 0;
    std::uint64_t upstreamTlsHandshakes = 0;     // TLS towards a cluster (UpstreamTls)
    std::uint64_t upstreamTlsVerifyFailures = 0; // the server's certificate was refused
    std::uint64_t upstreamTlsOtherFailures = 0;  // any other failed upstream handshake
    std::uint64_t faultDelays = 0;               // requests held by a route's fault delay
    std::uint64_t faultAborts = 0;               // requests answered by a route's fault abort
    std::uint64_t mirrorRequests = 0;            // copies sent to a route's mirror clusters
    std::array<std::uint64_t, kLatencyBucketsMs.size() + 1> upstreamLatency{}; // not cumulative
    double upstreamLatencySumMs = 0;
    std::uint64_t passthroughConnections = 0;
    std::uint64_t tlsTcpConnections = 0; // terminated TLS proxied as TCP
    std::uint64_t configGeneration = 0;

    // Prometheus text exposition format.
    [[nodiscard]] std::string toPrometheus() const;
};

namespace detail {

// A counter with one writer (its worker) and any number of readers: a plain load/store
// on x86, no locked instruction on the hot path.
class Counter {
public:
    void add(std::uint64_t n = 1) {
        m_v.store(m_v.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    void sub(std::uint64_t n = 1) {
        m_v.store(m_v.load(std::memory_order_relaxed) - n, std::memory_order_relaxed);
    }
    [[nodiscard]] std::uint64_t get() const { return m_v.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> m_v{0};
};

struct alignas(64) WorkerStats {
    std::array<Counter, 5> responsesByClass;
    Counter requests;
    Counter bytesReceived;
    Counter bytesSent;
    Counter connectionsAccepted;
    Counter connectionsActive;
    Counter connectionsRejected;
    std::array<Counter, 4> handshakesByVersion;
    // Cipher slots: id written once (0 = free) by the worker, then counted.
    static constexpr int kCipherSlots = 32;
    std::array<std::atomic<std::uint32_t>, kCipherSlots> cipherIds{};
    std::array<Counter, kCipherSlots> cipherCounts;
    std::array<Counter, static_cast<int>(HandshakeFailure::Count)> handshakeFailures;
    Counter upstreamConnects;
    Counter upstreamConnectFailures;
    Counter upstreamRetries;
    Counter upstreamReused;
    Counter upstreamTlsHandshakes;
    Counter upstreamTlsVerifyFailures;
    Counter upstreamTlsOtherFailures;
    Counter faultDelays;
    Counter faultAborts;
    Counter mirrorRequests;
    std::array<Counter, kLatencyBucketsMs.size() + 1> upstreamLatency;
    Counter upstreamLatencySumUs;
    Counter passthroughConnections;
    Counter tlsTcpConnections;
    Counter handshakesResumed;

    void countCipher(std::uint32_t id);
    void countLatency(double ms);
    void addTo(StatsSnapshot &s) const;
};

} // namespace detail
} // namespace gatehouse::gateway
