#pragma once

#include "resource.h"

#include <vector>

namespace gatehouse::core {

// networking.istio.io Port (Gateway servers and ServiceEntry ports share it).
struct PortSpec {
    NodeLoc loc;
    Scalar number;
    Scalar protocol;
    Scalar name;
    Scalar targetPort;
};

// networking.istio.io ServerTLSSettings.
struct ServerTlsSpec {
    NodeLoc loc; // present=false: the server has no tls block
    Scalar httpsRedirect;
    Scalar mode; // PASSTHROUGH SIMPLE MUTUAL AUTO_PASSTHROUGH ISTIO_MUTUAL OPTIONAL_MUTUAL
    Scalar serverCertificate;
    Scalar privateKey;
    Scalar caCertificates;
    Scalar caCrl;
    Scalar credentialName;
    ScalarList credentialNames;
    ScalarList subjectAltNames;
    ScalarList verifyCertificateSpki;
    ScalarList verifyCertificateHash;
    Scalar minProtocolVersion; // TLS_AUTO TLSV1_0 TLSV1_1 TLSV1_2 TLSV1_3
    Scalar maxProtocolVersion;
    ScalarList cipherSuites;
    NodeLoc cipherSuitesLoc;
};

struct GatewayServer {
    NodeLoc loc;
    int index = 0; // position in spec.servers
    PortSpec port;
    Scalar bind;
    ScalarList hosts;
    NodeLoc hostsLoc;
    ServerTlsSpec tls;
    Scalar defaultEndpoint;
    Scalar name;
};

struct Gateway {
    ResourceMeta meta;
    ScalarMap selector;
    NodeLoc serversLoc;
    std::vector<GatewayServer> servers;
};

} // namespace gatehouse::core
