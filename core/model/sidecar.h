#pragma once

#include "resource.h"

#include <vector>

namespace gatehouse::core {

struct SidecarEgressSpec {
    NodeLoc loc;
    ScalarList hosts;
    Scalar bind;
    Scalar portNumber;
};

struct Sidecar {
    ResourceMeta meta;
    NodeLoc workloadSelector;
    std::vector<SidecarEgressSpec> egress;
    Scalar outboundTrafficPolicyMode; // REGISTRY_ONLY ALLOW_ANY
};

} // namespace gatehouse::core
