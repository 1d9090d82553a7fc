#pragma once

#include "common/result.h"
#include "tls/certificate.h"
#include "tls/privatekey.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::core {

enum class SignatureDigest { Sha256, Sha384, Sha512, Sha1 }; // Sha1 only for testing checks

// What to put in a new certificate or CSR.
struct CertificateSpec {
    // Subject as "CN=name,O=Org,OU=Unit,C=DE,ST=..,L=.." (RFC 4514-like, ',' separated,
    // '\,' escapes a comma); may be empty for a leaf with SANs.
    std::string subject;
    std::vector<std::string> dnsNames; // "*.local.kyma.dev", "example.com"
    std::vector<std::string> ipAddresses;
    std::vector<std::string> uris;
    std::vector<std::string> emails;

    // Validity: notBefore defaults to "now - 5 minutes" when left at the epoch.
    std::chrono::system_clock::time_point notBefore{};
    std::chrono::seconds lifetime = std::chrono::hours(24 * 365);

    bool isCa = false;
    int pathLength = -1; // CA only; -1 leaves it unlimited
    // OpenSSL short names: "serverAuth", "clientAuth", ... Default: CA none, leaf serverAuth +
    // clientAuth.
    std::vector<std::string> extendedKeyUsage;
    bool useDefaultExtendedKeyUsage = true;
    SignatureDigest digest = SignatureDigest::Sha256;

    // Convenient starting points.
    [[nodiscard]] static CertificateSpec
    ca(std::string commonName, std::chrono::seconds lifetime = std::chrono::hours(24 * 365 * 10));
    [[nodiscard]] static CertificateSpec
    serverLeaf(std::vector<std::string> dnsNames,
               std::chrono::seconds lifetime = std::chrono::hours(24 * 365));
};

// Self-signed certificate for `key` (a CA when spec.isCa; a self-signed leaf otherwise,
// e.g. the demo "*.local.kyma.dev").
[[nodiscard]] Result<Certificate> createSelfSigned(const CertificateSpec &spec,
                                                   const PrivateKey &key);

// Certificate for `subjectKey`'s public half, signed by `issuer`/`issuerKey`.
// Errors: "cert.issuer_key_mismatch", "cert.issuer_not_ca", "cert.create".
[[nodiscard]] Result<Certificate> createSigned(const CertificateSpec &spec,
                                               const PrivateKey &subjectKey,
                                               const Certificate &issuer,
                                               const PrivateKey &issuerKey);

// PKCS#10 CSR (PEM) with the subject and SANs of `spec`, signed by `key`.
[[nodiscard]] Result<std::string> createCsrPem(const CertificateSpec &spec, const PrivateKey &key);

// Signs a PEM CSR: subject and SANs come from the CSR unless `spec` sets them; validity,
// CA flag and EKU come from `spec`. The CSR's own signature is checked first ("csr.signature").
[[nodiscard]] Result<Certificate> signCsr(std::string_view csrPem, const CertificateSpec &spec,
                                          const Certificate &issuer, const PrivateKey &issuerKey);

} // namespace gatehouse::core
