#pragma once

#include "common/result.h"
#include "tls/publickeyinfo.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct evp_pkey_st;

namespace gatehouse::core {

class Certificate;

namespace detail {
struct EvpPkeyRelease {
    void operator()(evp_pkey_st *key) const;
};
} // namespace detail

// A private key (RSA, EC, Ed25519, ...). Immutable once made: copies share the
// OpenSSL handle (reference counted), so a PrivateKey may be read from any thread.
// Never logged; passphrases are never stored.
class PrivateKey {
public:
    PrivateKey(const PrivateKey &other);
    PrivateKey &operator=(const PrivateKey &other);
    PrivateKey(PrivateKey &&) noexcept = default;
    PrivateKey &operator=(PrivateKey &&) noexcept = default;
    ~PrivateKey();

    [[nodiscard]] static Result<PrivateKey> generate(KeyAlgorithm algorithm);

    // PEM (PKCS#8, traditional RSA/EC, encrypted or not), DER (PKCS#8 or traditional) or
    // base64-wrapped PEM as stored in a Secret's `tls.key`. Errors: "key.passphrase_required",
    // "key.bad_passphrase", "key.parse".
    [[nodiscard]] static Result<PrivateKey> fromData(std::string_view data,
                                                     std::string_view passphrase = {});
    [[nodiscard]] static Result<PrivateKey> load(const std::filesystem::path &path,
                                                 std::string_view passphrase = {});

    // PKCS#8 PEM; encrypted with AES-256-CBC when a passphrase is given.
    [[nodiscard]] Result<std::string> toPem(std::string_view passphrase = {}) const;
    // Unencrypted PKCS#8 DER.
    [[nodiscard]] Result<std::string> toDer() const;
    // Writes PEM atomically with mode 0600.
    [[nodiscard]] Status save(const std::filesystem::path &path,
                              std::string_view passphrase = {}) const;

    [[nodiscard]] PublicKeyInfo publicKeyInfo() const;
    // SubjectPublicKeyInfo, DER.
    [[nodiscard]] std::string publicKeyDer() const;
    // True when `certificate` carries this key's public half.
    [[nodiscard]] bool matches(const Certificate &certificate) const;

    // For core/tls internals and the engine adapter; the handle stays owned by this object.
    [[nodiscard]] evp_pkey_st *native() const { return m_key.get(); }
    // Takes ownership of `key` (must not be null).
    [[nodiscard]] static PrivateKey adopt(evp_pkey_st *key);

private:
    explicit PrivateKey(evp_pkey_st *key);
    std::unique_ptr<evp_pkey_st, detail::EvpPkeyRelease> m_key;
};

} // namespace gatehouse::core
