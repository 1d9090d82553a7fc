#pragma once

#include "common/result.h"
#include "tls/certificate.h"
#include "tls/privatekey.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::core {

// Each way a presented chain can fail, named exactly.
enum class VerifyProblem {
    Expired,
    NotYetValid,
    SelfSigned,         // a self-signed certificate that is not a trust anchor
    UnknownIssuer,      // the chain does not lead to a trust anchor
    HostnameNotCovered, // the leaf's SANs do not cover the requested host
    WeakKey,            // RSA/DSA below minRsaBits, EC below minEcBits
    Sha1Signature,      // SHA-1 (or MD5) signature on a certificate other than a trust anchor
    CaFlagMissing,      // an issuing certificate lacks basicConstraints CA:TRUE / keyCertSign
    WrongEku,           // the leaf's extendedKeyUsage excludes the required purpose
    KeyMismatch,        // the given private key does not belong to the leaf
    BadSignature,       // a signature in the chain does not verify
    Other,              // anything else OpenSSL rejects (message says what)
};

// Stable machine name: "expired", "not-yet-valid", "self-signed", "unknown-issuer",
// "hostname-not-covered", "weak-key", "sha1-signature", "ca-flag-missing", "wrong-eku",
// "key-mismatch", "bad-signature", "other".
[[nodiscard]] std::string_view toString(VerifyProblem problem);

struct VerifyFinding {
    VerifyProblem problem = VerifyProblem::Other;
    int depth = 0;       // 0 = leaf
    std::string subject; // of the certificate concerned
    std::string message; // for a person
};

enum class CertificatePurpose { ServerAuth, ClientAuth, Any };

struct VerifyOptions {
    // Trust anchors (a CA bundle). When empty, or when useSystemTrust is set, the system
    // trust store (OpenSSL's default paths) is used as well.
    std::vector<Certificate> trustAnchors;
    bool useSystemTrust = false;
    std::string host; // checked against the leaf's SANs when not empty
    std::optional<std::chrono::system_clock::time_point> at; // default: now
    CertificatePurpose purpose = CertificatePurpose::ServerAuth;
    std::optional<PrivateKey> privateKey; // checked against the leaf when given
    int minRsaBits = 2048;
    int minEcBits = 256;
};

struct VerifyResult {
    std::vector<VerifyFinding> findings;
    std::vector<Certificate> chain; // as built, leaf first (presented certs when no chain)
    [[nodiscard]] bool ok() const { return findings.empty(); }
    [[nodiscard]] bool has(VerifyProblem problem) const;
};

// Builds the chain from `presented` (leaf first, then any intermediates in any order) to a
// trust anchor and reports every problem found, not just the first. Fails (Error) only when
// verification could not run at all ("verify.empty", "verify.setup"). Thread-safe.
[[nodiscard]] Result<VerifyResult> verifyChain(const std::vector<Certificate> &presented,
                                               const VerifyOptions &options);

} // namespace gatehouse::core
