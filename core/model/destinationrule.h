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

struct TrafficPolicySpec {
    NodeLoc loc;
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
};

} // namespace gatehouse::core
