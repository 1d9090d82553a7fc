#pragma once

#include "gateway.h"

#include <vector>

namespace gatehouse::core {

struct WorkloadEntrySpec {
    NodeLoc loc;
    Scalar address;
    ScalarMap ports;
    ScalarMap labels;
    Scalar network;
    Scalar locality;
    Scalar weight;
    Scalar serviceAccount;
};

struct ServiceEntry {
    ResourceMeta meta;
    ScalarList hosts;
    NodeLoc hostsLoc;
    ScalarList addresses;
    std::vector<PortSpec> ports;
    NodeLoc portsLoc;
    Scalar location;   // MESH_EXTERNAL MESH_INTERNAL
    Scalar resolution; // NONE STATIC DNS DNS_ROUND_ROBIN
    std::vector<WorkloadEntrySpec> endpoints;
    NodeLoc endpointsLoc;
    NodeLoc workloadSelector;
    ScalarList exportTo;
    ScalarList subjectAltNames;
};

} // namespace gatehouse::core
