#pragma once

#include "resource.h"

namespace gatehouse::core {

// A ConfigMap. Kyma's TLS installation override is one with the labels
// `installer: overrides` and `kyma-project.io/installation: ""` in namespace
// kyma-installer, carrying `global.tlsCrt` / `global.tlsKey` (base64 of PEM).
struct ConfigMap {
    ResourceMeta meta;
    ScalarMap data;

    static constexpr const char *TlsCertKey = "global.tlsCrt";
    static constexpr const char *TlsKeyKey = "global.tlsKey";
    static constexpr const char *OverrideNamespace = "kyma-installer";

    // Has the override labels (whatever its namespace).
    [[nodiscard]] bool hasOverrideLabels() const;
    // Has the labels and at least one of global.tlsCrt / global.tlsKey.
    [[nodiscard]] bool isTlsOverride() const;
};

} // namespace gatehouse::core
