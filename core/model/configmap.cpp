#include "configmap.h"

namespace gatehouse::core {

bool ConfigMap::hasOverrideLabels() const {
    const Scalar *installer = meta.labels.find("installer");
    const Scalar *installation = meta.labels.find("kyma-project.io/installation");
    return installer && installer->value == "overrides" && installation;
}

bool ConfigMap::isTlsOverride() const {
    return hasOverrideLabels() && (data.find(TlsCertKey) || data.find(TlsKeyKey));
}

} // namespace gatehouse::core
