#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace gatehouse::core {

enum class SecretFlavor {
    KubernetesTls, // type kubernetes.io/tls, keys tls.crt / tls.key
    KymaOpaque,    // type Opaque, keys cert / key (Kyma's kyma-gateway-certs)
};

// The Kyma installation override carrying a certificate chain and its key
// (namespace kyma-installer, labels installer=overrides and
// kyma-project.io/installation="", data global.tlsCrt / global.tlsKey = base64 of PEM).
[[nodiscard]] YAML::Node tlsOverrideConfigMap(const std::string &name, const std::string &certPem,
                                              const std::string &keyPem);
// A Secret with a certificate chain and key, base64-encoded as Kubernetes stores them.
[[nodiscard]] YAML::Node tlsSecret(const std::string &ns, const std::string &name,
                                   const std::string &certPem, const std::string &keyPem,
                                   SecretFlavor flavor);

} // namespace gatehouse::core
