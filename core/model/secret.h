#pragma once

#include "resource.h"

#include <optional>
#include <string>

namespace gatehouse::core {

// A Kubernetes Secret. TLS material is found as `tls.crt`/`tls.key`
// (type kubernetes.io/tls) or `cert`/`key` (Opaque, as Kyma's kyma-gateway-certs),
// and `ca.crt` / `cacert` for client validation (Istio's credentialName rules).
struct Secret {
    ResourceMeta meta;
    Scalar type;
    ScalarMap data;       // base64 values
    ScalarMap stringData; // plain values

    // The decoded value of a key from data (base64) or stringData; nullopt when absent
    // or not valid base64.
    [[nodiscard]] std::optional<std::string> value(const std::string &key) const;
    // The certificate chain / private key / CA PEM, by Istio's key names.
    [[nodiscard]] std::optional<std::string> certificatePem() const;
    [[nodiscard]] std::optional<std::string> privateKeyPem() const;
    [[nodiscard]] std::optional<std::string> caPem() const;
    // The Scalar holding the certificate / key (for finding locations), or nullptr.
    [[nodiscard]] const Scalar *certificateScalar() const;
    [[nodiscard]] const Scalar *privateKeyScalar() const;
};

// Strict base64 decoding (padding optional, white space ignored); nullopt when invalid.
[[nodiscard]] std::optional<std::string> decodeBase64(std::string_view text);
[[nodiscard]] std::string encodeBase64(std::string_view bytes);

} // namespace gatehouse::core
