#pragma once

#include "common/result.h"
#include "tls/certificateinfo.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct x509_st;

namespace gatehouse::core {

namespace detail {
struct X509Release {
    void operator()(x509_st *cert) const;
};
} // namespace detail

enum class Validity { Valid, NotYetValid, Expired };

// One X.509 certificate. Immutable: copies share the reference-counted OpenSSL handle,
// so a Certificate may be read from any thread.
class Certificate {
public:
    Certificate(const Certificate &other);
    Certificate &operator=(const Certificate &other);
    Certificate(Certificate &&) noexcept = default;
    Certificate &operator=(Certificate &&) noexcept = default;
    ~Certificate();

    // The first certificate in `data` (see loadCertificates() for the accepted forms).
    [[nodiscard]] static Result<Certificate> fromData(std::string_view data);
    [[nodiscard]] static Result<Certificate> fromDer(std::string_view der);

    [[nodiscard]] Result<std::string> toPem() const;
    [[nodiscard]] Result<std::string> toDer() const;

    [[nodiscard]] CertificateInfo info() const;
    [[nodiscard]] std::string subject() const;
    [[nodiscard]] std::string issuer() const;
    [[nodiscard]] std::chrono::system_clock::time_point notBefore() const;
    [[nodiscard]] std::chrono::system_clock::time_point notAfter() const;
    [[nodiscard]] std::string sha256Fingerprint() const;

    // Whether this certificate's subjectAltNames cover `host` by the RFC 6125 rules (see
    // hostname.h). `host` may be a DNS name, an IP literal or a Gateway wildcard host
    // ("*.example.com", covered only by the same wildcard SAN). The subject CN is not used.
    [[nodiscard]] bool coversHost(std::string_view host) const;

    [[nodiscard]] Validity validityAt(std::chrono::system_clock::time_point at) const;
    [[nodiscard]] bool isExpiredAt(std::chrono::system_clock::time_point at) const {
        return validityAt(at) == Validity::Expired;
    }
    [[nodiscard]] bool isValidAt(std::chrono::system_clock::time_point at) const {
        return validityAt(at) == Validity::Valid;
    }
    // True when the certificate is within `margin` of its notAfter (or past it) at `at`.
    [[nodiscard]] bool expiresWithin(std::chrono::system_clock::time_point at,
                                     std::chrono::seconds margin) const;

    [[nodiscard]] bool isSelfIssued() const;
    [[nodiscard]] bool isCa() const;
    // True when `issuer`'s key verifies this certificate's signature and names match.
    [[nodiscard]] bool isIssuedBy(const Certificate &issuer) const;

    [[nodiscard]] bool operator==(const Certificate &other) const;

    // For core/tls internals; the handle stays owned by this object.
    [[nodiscard]] x509_st *native() const { return m_cert.get(); }
    // Takes ownership of `cert` (must not be null).
    [[nodiscard]] static Certificate adopt(x509_st *cert);

private:
    explicit Certificate(x509_st *cert);
    std::unique_ptr<x509_st, detail::X509Release> m_cert;
};

[[nodiscard]] std::string_view toString(Validity validity); // "valid", "not yet valid", "expired"

} // namespace gatehouse::core
