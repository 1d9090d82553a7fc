#include "tlsresources.h"

#include "model/configmap.h"
#include "model/secret.h"

namespace gatehouse::core {

YAML::Node tlsOverrideConfigMap(const std::string &name, const std::string &certPem,
                                const std::string &keyPem) {
    YAML::Node cm;
    cm["apiVersion"] = "v1";
    cm["kind"] = "ConfigMap";
    cm["metadata"]["name"] = name;
    cm["metadata"]["namespace"] = ConfigMap::OverrideNamespace;
    cm["metadata"]["labels"]["installer"] = "overrides";
    cm["metadata"]["labels"]["kyma-project.io/installation"] = "";
    cm["data"][ConfigMap::TlsCertKey] = encodeBase64(certPem);
    cm["data"][ConfigMap::TlsKeyKey] = encodeBase64(keyPem);
    return cm;
}

YAML::Node tlsSecret(const std::string &ns, const std::string &name, const std::string &certPem,
                     const std::string &keyPem, SecretFlavor flavor) {
    const bool tls = flavor == SecretFlavor::KubernetesTls;
    YAML::Node s;
    s["apiVersion"] = "v1";
    s["kind"] = "Secret";
    s["metadata"]["name"] = name;
    s["metadata"]["namespace"] = ns;
    s["type"] = tls ? "kubernetes.io/tls" : "Opaque";
    s["data"][tls ? "tls.crt" : "cert"] = encodeBase64(certPem);
    s["data"][tls ? "tls.key" : "key"] = encodeBase64(keyPem);
    return s;
}

} // namespace gatehouse::core
