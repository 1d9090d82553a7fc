#pragma once

#include "scalar.h"

#include <string>

namespace gatehouse::core {

enum class ResourceKind {
    Gateway,
    VirtualService,
    ServiceEntry,
    DestinationRule,
    Sidecar,
    ConfigMap,
    Secret,
    Namespace,
};

[[nodiscard]] const char *kindName(ResourceKind kind);

// What every resource has: where it came from and its identity.
struct ResourceMeta {
    ResourceKind kind = ResourceKind::Gateway;
    Scalar apiVersion;
    Scalar kindScalar;
    Scalar name;
    Scalar namespace_; // empty: the namespace the resource is applied to ("default")
    ScalarMap labels;
    ScalarMap annotations;
    int fileIndex = -1; // index into Workspace::files()
    int document = -1;  // document index in that file
    NodeLoc root;       // the document's root map

    [[nodiscard]] std::string effectiveNamespace() const {
        return namespace_.isSet() ? namespace_.value : std::string("default");
    }
    // "Gateway istio-system/kyma-gateway"
    [[nodiscard]] std::string displayName() const;
};

// Istio's exportTo: whether namespace `ns` sees the resource of `meta` (none: every
// namespace; "*": every one; ".": its own; else the namespaces named).
[[nodiscard]] bool isExportedTo(const ScalarList &exportTo, const ResourceMeta &meta,
                                const std::string &ns);

} // namespace gatehouse::core
