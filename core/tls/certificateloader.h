#pragma once

#include "common/result.h"
#include "tls/certificate.h"
#include "tls/privatekey.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::core {

// Reads certificates from bytes in any of these forms:
//  - PEM with any number of CERTIFICATE blocks (other blocks such as keys are skipped),
//  - DER (one certificate),
//  - base64 of either of the above, as in a Kyma override ConfigMap `global.tlsCrt`
//    or a Secret's `tls.crt` (whitespace and line breaks allowed).
// Errors: "cert.empty" (no certificate found), "cert.parse", "input.too_large".
[[nodiscard]] Result<std::vector<Certificate>> loadCertificates(std::string_view data);
[[nodiscard]] Result<std::vector<Certificate>>
loadCertificatesFile(const std::filesystem::path &path);

// The contents of a PKCS#12 file, leaf first in `certificates` (the one matching `key`).
struct Pkcs12Bundle {
    std::optional<PrivateKey> key;
    std::vector<Certificate> certificates;
};

// Errors: "pkcs12.bad_password", "pkcs12.parse".
[[nodiscard]] Result<Pkcs12Bundle> loadPkcs12(std::string_view der, std::string_view password);
[[nodiscard]] Result<Pkcs12Bundle> loadPkcs12File(const std::filesystem::path &path,
                                                  std::string_view password);
// PKCS#12 (AES-256-CBC, PBKDF2, SHA-256 MAC) of `key` with `chain` (leaf first).
[[nodiscard]] Result<std::string> exportPkcs12(const PrivateKey &key,
                                               const std::vector<Certificate> &chain,
                                               std::string_view password,
                                               std::string_view friendlyName = {});

// Writes exportPkcs12() atomically with mode 0600 (it holds the private key).
[[nodiscard]] Status savePkcs12File(const std::filesystem::path &path, const PrivateKey &key,
                                    const std::vector<Certificate> &chain,
                                    std::string_view password, std::string_view friendlyName = {});

// The certificates as concatenated PEM blocks.
[[nodiscard]] Result<std::string> certificatesToPem(const std::vector<Certificate> &certificates);

// Standard base64 (RFC 4648, no line breaks) as Kubernetes stores Secret/ConfigMap data.
[[nodiscard]] std::string base64Encode(std::string_view bytes);
// Decodes base64, ignoring whitespace; nullopt when the text is not base64.
[[nodiscard]] std::optional<std::string> base64Decode(std::string_view text);

} // namespace gatehouse::core
