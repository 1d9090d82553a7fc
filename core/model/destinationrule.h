#pragma once

#include "resource.h"

#include <vector>

namespace gatehouse::core {

// ClientTLSSettings (TLS origination towards the destination).
struct ClientTlsSpec {
    NodeLoc loc;
    Scalar mode; // DISABLE SIMPLE MUTUAL ISTIO_MUTUAL
    Scalar clientCertificate;
    Scalar privateKey;
    Scalar caCertificates;
    Scalar credentialName;
    ScalarList subjectAltNames;
    Scalar sni;
    Scalar insecureSkipVerify;
};

// LoadBalancerSettings.
struct LoadBalancerSpec {
    NodeLoc loc;
    Scalar simple; // UNSPECIFIED LEAST_REQUEST ROUND_ROBIN RANDOM PASSTHROUGH (LEAST_CONN)
    NodeLoc consistentHash;
    NodeLoc localityLbSetting;
    NodeLoc warmup;
};

// ConnectionPoolSettings: tcp and http together (the field names do not overlap).
struct ConnectionPoolSpec {
    NodeLoc loc;
    Scalar connectTimeout;           // tcp
    Scalar maxConnections;           // tcp
    NodeLoc tcpKeepalive;            // tcp
    Scalar idleTimeout;              // http
    Scalar maxRequestsPerConnection; // http
    Scalar http1MaxPendingRequests;  // http
    Scalar http2MaxRequests;         // http
    Scalar maxRetries;               // http
    Scalar h2UpgradePolicy;          // http
};

struct TrafficPolicySpec {
    NodeLoc loc;
    LoadBalancerSpec loadBalancer;
    ConnectionPoolSpec connectionPool;
    NodeLoc outlierDetection;
    NodeLoc portLevelSettings;
    ClientTlsSpec tls;
};

struct SubsetSpec {
    NodeLoc loc;
    Scalar name;
    ScalarMap labels;
    TrafficPolicySpec trafficPolicy;
};

struct DestinationRule {
    ResourceMeta meta;
    Scalar host;
    TrafficPolicySpec trafficPolicy;
    std::vector<SubsetSpec> subsets;
    ScalarList exportTo;

    // Whether namespace `ns` sees this rule by its exportTo (see isExportedTo).
    [[nodiscard]] bool exportedTo(const std::string &ns) const {
        return isExportedTo(exportTo, meta, ns);
    }
    // The subset named `name`, or nullptr.
    [[nodiscard]] const SubsetSpec *findSubset(const std::string &name) const {
        for (const SubsetSpec &s : subsets)
            if (s.name.value == name)
                return &s;
        return nullptr;
    }
};

} // namespace gatehouse::core
