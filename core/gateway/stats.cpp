#include "gateway/stats.h"

#include <openssl/ssl.h>

#include <cstdio>

namespace gatehouse::gateway {

const char *handshakeFailureName(HandshakeFailure reason) {
    switch (reason) {
    case HandshakeFailure::NoMatchingServer:
        return "no_matching_server";
    case HandshakeFailure::NotTls:
        return "not_tls";
    case HandshakeFailure::ProtocolVersion:
        return "protocol_version";
    case HandshakeFailure::NoSharedCipher:
        return "no_shared_cipher";
    case HandshakeFailure::ClientCertificate:
        return "client_certificate";
    case HandshakeFailure::Timeout:
        return "timeout";
    case HandshakeFailure::Other:
    case HandshakeFailure::Count:
        break;
    }
    return "other";
}

namespace detail {

void WorkerStats::countCipher(std::uint32_t id) {
    for (int i = 0; i < kCipherSlots; ++i) {
        const std::uint32_t cur = cipherIds[std::size_t(i)].load(std::memory_order_relaxed);
        if (cur == id) {
            cipherCounts[std::size_t(i)].add();
            return;
        }
        if (cur == 0) {
            cipherIds[std::size_t(i)].store(id, std::memory_order_release);
            cipherCounts[std::size_t(i)].add();
            return;
        }
    }
}

void WorkerStats::countLatency(double ms) {
    std::size_t i = 0;
    while (i < kLatencyBucketsMs.size() && ms > kLatencyBucketsMs[i])
        ++i;
    upstreamLatency[i].add();
    upstreamLatencySumUs.add(std::uint64_t(ms * 1000.0));
}

void WorkerStats::addTo(StatsSnapshot &s) const {
    for (std::size_t i = 0; i < 5; ++i)
        s.responsesByClass[i] += responsesByClass[i].get();
    s.requests += requests.get();
    s.bytesReceived += bytesReceived.get();
    s.bytesSent += bytesSent.get();
    s.connectionsAccepted += connectionsAccepted.get();
    s.connectionsActive += connectionsActive.get();
    s.connectionsRejected += connectionsRejected.get();
    for (std::size_t i = 0; i < 4; ++i)
        s.handshakesByVersion[i] += handshakesByVersion[i].get();
    for (int i = 0; i < kCipherSlots; ++i) {
        const std::uint32_t id = cipherIds[std::size_t(i)].load(std::memory_order_acquire);
        if (id == 0)
            break;
        const SSL_CIPHER *c = nullptr;
        const unsigned char bytes[2] = {static_cast<unsigned char>((id >> 8) & 0xff),
                                        static_cast<unsigned char>(id & 0xff)};
        // SSL_CIPHER_find needs an SSL; use the standard name table via a throwaway ctx.
        static SSL_CTX *lookup = SSL_CTX_new(TLS_method());
        static SSL *lookupSsl = lookup ? SSL_new(lookup) : nullptr;
        if (lookupSsl)
            c = SSL_CIPHER_find(lookupSsl, bytes);
        const std::string name = c ? SSL_CIPHER_get_name(c) : std::to_string(id);
        bool merged = false;
        for (auto &[n, v] : s.handshakesByCipher) {
            if (n == name) {
                v += cipherCounts[std::size_t(i)].get();
                merged = true;
            }
        }
        if (!merged)
            s.handshakesByCipher.emplace_back(name, cipherCounts[std::size_t(i)].get());
    }
    for (std::size_t i = 0; i < handshakeFailures.size(); ++i)
        s.handshakeFailures[i] += handshakeFailures[i].get();
    s.upstreamConnects += upstreamConnects.get();
    s.upstreamConnectFailures += upstreamConnectFailures.get();
    s.upstreamRetries += upstreamRetries.get();
    s.upstreamReused += upstreamReused.get();
    s.upstreamTlsHandshakes += upstreamTlsHandshakes.get();
    s.upstreamTlsVerifyFailures += upstreamTlsVerifyFailures.get();
    s.upstreamTlsOtherFailures += upstreamTlsOtherFailures.get();
    s.faultDelays += faultDelays.get();
    s.faultAborts += faultAborts.get();
    s.mirrorRequests += mirrorRequests.get();
    for (std::size_t i = 0; i < upstreamLatency.size(); ++i)
        s.upstreamLatency[i] += upstreamLatency[i].get();
    s.upstreamLatencySumMs += double(upstreamLatencySumUs.get()) / 1000.0;
    s.passthroughConnections += passthroughConnections.get();
    s.tlsTcpConnections += tlsTcpConnections.get();
    s.handshakesResumed += handshakesResumed.get();
}

} // namespace detail

std::string StatsSnapshot::toPrometheus() const {
    std::string o;
    auto line = [&](const std::string &text) {
        o += text;
        o += '\n';
    };
    auto counter = [&](const char *name, const char *help, std::uint64_t v) {
        line(std::string("# HELP ") + name + ' ' + help);
        line(std::string("# TYPE ") + name + " counter");
        line(std::string(name) + ' ' + std::to_string(v));
    };
    line("# HELP gatehouse_responses_total Responses sent, by status class.");
    line("# TYPE gatehouse_responses_total counter");
    for (int i = 0; i < 5; ++i)
        line("gatehouse_responses_total{class=\"" + std::to_string(i + 1) + "xx\"} " +
             std::to_string(responsesByClass[std::size_t(i)]));
    counter("gatehouse_requests_total", "Requests received.", requests);
    counter("gatehouse_downstream_bytes_received_total", "Bytes received from clients.",
            bytesReceived);
    counter("gatehouse_downstream_bytes_sent_total", "Bytes sent to clients.", bytesSent);
    counter("gatehouse_connections_accepted_total", "Connections accepted.", connectionsAccepted);
    counter("gatehouse_connections_rejected_total", "Connections refused over the limit.",
            connectionsRejected);
    line("# HELP gatehouse_connections_active Open downstream connections.");
    line("# TYPE gatehouse_connections_active gauge");
    line("gatehouse_connections_active " + std::to_string(connectionsActive));
    line("# HELP gatehouse_tls_handshakes_total Completed TLS handshakes.");
    line("# TYPE gatehouse_tls_handshakes_total counter");
    static const char *versions[] = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    for (std::size_t i = 0; i < 4; ++i)
        line(std::string("gatehouse_tls_handshakes_total{version=\"") + versions[i] + "\"} " +
             std::to_string(handshakesByVersion[i]));
    counter("gatehouse_tls_handshakes_resumed_total",
            "Completed TLS handshakes that resumed a session (ticket), included above.",
            handshakesResumed);
    line("# HELP gatehouse_tls_handshakes_by_cipher_total Completed TLS handshakes by cipher.");
    line("# TYPE gatehouse_tls_handshakes_by_cipher_total counter");
    for (const auto &[name, v] : handshakesByCipher)
        line("gatehouse_tls_handshakes_by_cipher_total{cipher=\"" + name + "\"} " +
             std::to_string(v));
    line("# HELP gatehouse_tls_handshake_failures_total Failed TLS handshakes by reason.");
    line("# TYPE gatehouse_tls_handshake_failures_total counter");
    for (int i = 0; i < int(HandshakeFailure::Count); ++i)
        line(std::string("gatehouse_tls_handshake_failures_total{reason=\"") +
             handshakeFailureName(HandshakeFailure(i)) + "\"} " +
             std::to_string(handshakeFailures[std::size_t(i)]));
    counter("gatehouse_upstream_connects_total", "Upstream connections opened.", upstreamConnects);
    counter("gatehouse_upstream_connect_failures_total", "Upstream connections that failed.",
            upstreamConnectFailures);
    counter("gatehouse_upstream_retries_total",
            "Upstream connects tried again after a failed one (retry policy).", upstreamRetries);
    counter("gatehouse_upstream_reused_total", "Requests sent on a pooled connection.",
            upstreamReused);
    counter("gatehouse_upstream_tls_handshakes_total",
            "Completed TLS handshakes towards clusters (DestinationRule tls).",
            upstreamTlsHandshakes);
    line("# HELP gatehouse_upstream_tls_failures_total Failed TLS handshakes towards clusters, "
         "by reason.");
    line("# TYPE gatehouse_upstream_tls_failures_total counter");
    line("gatehouse_upstream_tls_failures_total{reason=\"certificate_rejected\"} " +
         std::to_string(upstreamTlsVerifyFailures));
    line("gatehouse_upstream_tls_failures_total{reason=\"other\"} " +
         std::to_string(upstreamTlsOtherFailures));
    counter("gatehouse_fault_delays_total",
            "Requests held by a route's fault delay (Envoy's fault.delays_injected).", faultDelays);
    counter("gatehouse_fault_aborts_total",
            "Requests answered by a route's fault abort (Envoy's fault.aborts_injected).",
            faultAborts);
    counter("gatehouse_mirror_requests_total",
            "Request copies sent to a route's mirror clusters (Envoy's shadows).", mirrorRequests);
    counter("gatehouse_passthrough_connections_total", "TLS passthrough connections.",
            passthroughConnections);
    counter("gatehouse_tls_tcp_connections_total",
            "Terminated TLS connections proxied as TCP (Gateway protocol TLS).", tlsTcpConnections);
    line("# HELP gatehouse_upstream_latency_ms Upstream response time in milliseconds.");
    line("# TYPE gatehouse_upstream_latency_ms histogram");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < upstreamLatency.size(); ++i) {
        cumulative += upstreamLatency[i];
        char le[32];
        if (i < kLatencyBucketsMs.size())
            std::snprintf(le, sizeof le, "%g", kLatencyBucketsMs[i]);
        else
            std::snprintf(le, sizeof le, "+Inf");
        line(std::string("gatehouse_upstream_latency_ms_bucket{le=\"") + le + "\"} " +
             std::to_string(cumulative));
    }
    char sum[64];
    std::snprintf(sum, sizeof sum, "%.3f", upstreamLatencySumMs);
    line(std::string("gatehouse_upstream_latency_ms_sum ") + sum);
    line("gatehouse_upstream_latency_ms_count " + std::to_string(cumulative));
    line("# HELP gatehouse_config_generation The configuration generation being served.");
    line("# TYPE gatehouse_config_generation gauge");
    line("gatehouse_config_generation " + std::to_string(configGeneration));
    return o;
}

} // namespace gatehouse::gateway
