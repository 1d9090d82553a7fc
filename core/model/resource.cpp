#include "resource.h"

namespace gatehouse::core {

const char *kindName(ResourceKind kind) {
    switch (kind) {
    case ResourceKind::Gateway:
        return "Gateway";
    case ResourceKind::VirtualService:
        return "VirtualService";
    case ResourceKind::ServiceEntry:
        return "ServiceEntry";
    case ResourceKind::DestinationRule:
        return "DestinationRule";
    case ResourceKind::Sidecar:
        return "Sidecar";
    case ResourceKind::ConfigMap:
        return "ConfigMap";
    case ResourceKind::Secret:
        return "Secret";
    case ResourceKind::Namespace:
        return "Namespace";
    }
    return "?";
}

std::string ResourceMeta::displayName() const {
    std::string s = kindName(kind);
    s += ' ';
    if (kind != ResourceKind::Namespace)
        s += effectiveNamespace() + '/';
    s += name.value;
    return s;
}

bool isExportedTo(const ScalarList &exportTo, const ResourceMeta &meta, const std::string &ns) {
    if (exportTo.empty())
        return true;
    const std::string own = meta.effectiveNamespace();
    for (const Scalar &e : exportTo)
        if (e.value == "*" || e.value == ns || (e.value == "." && ns == own))
            return true;
    return false;
}

} // namespace gatehouse::core
