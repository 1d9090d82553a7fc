#pragma once

#include "common/result.h"

#include <string>
#include <vector>

namespace gatehouse::core {

// The seed's default Kyma ingress setup.
struct KymaDefaultOptions {
    // Wildcard DNS domain; local.kyma.dev resolves every name to 127.0.0.1.
    std::string domain = "local.kyma.dev";
    // Bring-your-own certificate chain and key (PEM/DER/base64 files). Both or neither;
    // neither generates a self-signed RSA-2048 wildcard certificate for the domain.
    std::string certFile;
    std::string keyFile;
};

struct RenderedFile {
    std::string name; // "kyma-gateway.yaml"
    std::string text;
    bool holdsPrivateKey = false;
};

inline constexpr const char *kKymaGatewayNamespace = "kyma-system";
inline constexpr const char *kKymaCertSecretName = "kyma-gateway-certs";
inline constexpr const char *kKymaOverrideName = "kyma-tls-overrides";

// The five cipher suites of kyma-gateway, in the seed's order.
[[nodiscard]] const std::vector<std::string> &kymaCipherSuites();

// Renders kyma-gateway (80 and 443, 80→443 redirect, TLSV1_2 minimum, the five
// cipher suites, hosts *.domain), the TLS override ConfigMap and the
// kyma-gateway-certs Secret. Errors: bad domain, unreadable or mismatched cert/key.
[[nodiscard]] Result<std::vector<RenderedFile>>
renderKymaDefault(const KymaDefaultOptions &options);

// The rendered files as one multi-document YAML stream.
[[nodiscard]] std::string joinDocuments(const std::vector<RenderedFile> &files);

// Writes the embedded demo workspace (the Kyma default setup for local.kyma.dev with a
// fresh self-signed certificate, plus a sample VirtualService and ServiceEntry) into
// `folder`, creating it. Existing files are left alone. Returns the folder.
[[nodiscard]] Result<std::string> materialiseDemoWorkspace(const std::string &folder);

// Where the demo workspace lives for this user ($XDG_DATA_HOME/gatehouse/demo, usually
// ~/.local/share/gatehouse/demo); the CLI and the desktop app share it.
[[nodiscard]] std::string defaultDemoWorkspaceFolder();

} // namespace gatehouse::core
