#include "privatekey.h"

#include "certificate.h"
#include "certificateloader.h"
#include "detail/keyutil.h"
#include "detail/openssl.h"

#include <cstring>

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

namespace gatehouse::core {

namespace detail {

void EvpPkeyRelease::operator()(evp_pkey_st *key) const {
    EVP_PKEY_free(key);
}

PublicKeyInfo describeKey(const EVP_PKEY *key) {
    PublicKeyInfo info;
    if (!key)
        return info;
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        info.type = KeyType::Rsa;
        break;
    case EVP_PKEY_EC:
        info.type = KeyType::Ec;
        break;
    case EVP_PKEY_ED25519:
        info.type = KeyType::Ed25519;
        break;
    case EVP_PKEY_ED448:
        info.type = KeyType::Ed448;
        break;
    case EVP_PKEY_DSA:
        info.type = KeyType::Dsa;
        break;
    default:
        info.type = KeyType::Unknown;
        break;
    }
    info.bits = EVP_PKEY_get_bits(key);
    info.securityBits = EVP_PKEY_get_security_bits(key);
    if (info.type == KeyType::Ec) {
        char group[80] = {};
        size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                           &len) == 1) {
            const int nid = OBJ_txt2nid(group);
            const char *nist = nid != NID_undef ? EC_curve_nid2nist(nid) : nullptr;
            info.curve = nist ? nist : group;
        }
    }
    ERR_clear_error();
    return info;
}

} // namespace detail

using namespace detail;

PrivateKey::PrivateKey(evp_pkey_st *key)
    : m_key(key) {}

PrivateKey::~PrivateKey() = default;

PrivateKey::PrivateKey(const PrivateKey &other)
    : m_key(other.m_key.get()) {
    if (m_key)
        EVP_PKEY_up_ref(m_key.get());
}

PrivateKey &PrivateKey::operator=(const PrivateKey &other) {
    if (this != &other) {
        if (other.m_key)
            EVP_PKEY_up_ref(other.m_key.get());
        m_key.reset(other.m_key.get());
    }
    return *this;
}

PrivateKey PrivateKey::adopt(evp_pkey_st *key) {
    return PrivateKey(key);
}

Result<PrivateKey> PrivateKey::generate(KeyAlgorithm algorithm) {
    ERR_clear_error();
    EVP_PKEY *key = nullptr;
    switch (algorithm) {
    case KeyAlgorithm::Rsa2048:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
        break;
    case KeyAlgorithm::Rsa3072:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(3072));
        break;
    case KeyAlgorithm::Rsa4096:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(4096));
        break;
    case KeyAlgorithm::EcdsaP256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case KeyAlgorithm::EcdsaP384:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
        break;
    case KeyAlgorithm::Ed25519:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    if (!key)
        return opensslFail("key.generate",
                           "cannot generate a " + std::string(toString(algorithm)) + " key");
    return PrivateKey(key);
}

namespace {

bool looksEncrypted(std::string_view pem) {
    return pem.find("ENCRYPTED PRIVATE KEY") != std::string_view::npos ||
           pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

// Decodes PEM or DER, any supported structure (PKCS#8 plain/encrypted, traditional).
EVP_PKEY *decodeKey(std::string_view data, std::string_view passphrase, bool pem) {
    EVP_PKEY *key = nullptr;
    OSSL_DECODER_CTX *dctx = OSSL_DECODER_CTX_new_for_pkey(
        &key, pem ? "PEM" : "DER", nullptr, nullptr, EVP_PKEY_KEYPAIR, nullptr, nullptr);
    if (!dctx)
        return nullptr;
    if (!passphrase.empty())
        OSSL_DECODER_CTX_set_passphrase(
            dctx, reinterpret_cast<const unsigned char *>(passphrase.data()), passphrase.size());
    const unsigned char *p = reinterpret_cast<const unsigned char *>(data.data());
    size_t len = data.size();
    if (OSSL_DECODER_from_data(dctx, &p, &len) != 1) {
        EVP_PKEY_free(key);
        key = nullptr;
    }
    OSSL_DECODER_CTX_free(dctx);
    return key;
}

} // namespace

Result<PrivateKey> PrivateKey::fromData(std::string_view data, std::string_view passphrase) {
    if (data.size() > (16u << 20))
        return fail("input.too_large", "the key data is larger than 16 MiB");
    ERR_clear_error();
    const bool pem = data.find("-----BEGIN") != std::string_view::npos;
    if (!pem) {
        // A base64-wrapped PEM/DER, as in a Secret's tls.key.
        if (auto decoded = base64Decode(data); decoded && !decoded->empty()) {
            if (decoded->find("-----BEGIN") != std::string::npos ||
                (static_cast<unsigned char>((*decoded)[0]) == 0x30))
                return fromData(*decoded, passphrase);
        }
    }
    const bool encrypted = pem ? looksEncrypted(data) : false;
    if (encrypted && passphrase.empty())
        return fail("key.passphrase_required", "the private key is encrypted: give a passphrase");
    // The decoder would otherwise prompt on the terminal for an encrypted DER key.
    const std::string_view pass = passphrase.empty() ? std::string_view("\0", 1) : passphrase;
    EVP_PKEY *key = decodeKey(data, pass, pem);
    if (!key) {
        const std::string detail = drainOpenSslErrors();
        if (encrypted)
            return fail("key.bad_passphrase", "cannot decrypt the private key: wrong passphrase",
                        detail);
        if (!pem && passphrase.empty() && detail.find("decrypt") != std::string::npos)
            return fail("key.passphrase_required",
                        "the private key is encrypted: give a passphrase", detail);
        return fail("key.parse", "not a private key in PEM or DER form", detail);
    }
    ERR_clear_error();
    return PrivateKey(key);
}

Result<PrivateKey> PrivateKey::load(const std::filesystem::path &path,
                                    std::string_view passphrase) {
    auto data = readFileBounded(path);
    if (!data)
        return std::unexpected(data.error());
    auto key = fromData(*data, passphrase);
    if (!key) {
        Error e = key.error();
        e.message = path.string() + ": " + e.message;
        return std::unexpected(std::move(e));
    }
    return key;
}

Result<std::string> PrivateKey::toPem(std::string_view passphrase) const {
    ERR_clear_error();
    BioPtr bio = newMemoryBio();
    if (!bio)
        return opensslFail("key.write", "out of memory");
    int ok = 0;
    if (passphrase.empty()) {
        ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr,
                                           nullptr);
    } else {
        ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), EVP_aes_256_cbc(),
                                           passphrase.data(), int(passphrase.size()), nullptr,
                                           nullptr);
    }
    if (ok != 1)
        return opensslFail("key.write", "cannot write the private key as PEM");
    return bioContents(bio.get());
}

Result<std::string> PrivateKey::toDer() const {
    ERR_clear_error();
    BioPtr bio = newMemoryBio();
    if (!bio ||
        i2d_PKCS8PrivateKey_bio(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return opensslFail("key.write", "cannot write the private key as DER");
    return bioContents(bio.get());
}

Status PrivateKey::save(const std::filesystem::path &path, std::string_view passphrase) const {
    auto pem = toPem(passphrase);
    if (!pem)
        return std::unexpected(pem.error());
    Status st = writeFileAtomic(path, *pem, 0600);
    // Do not leave key bytes lying around in freed memory longer than needed.
    OPENSSL_cleanse(pem->data(), pem->size());
    return st;
}

PublicKeyInfo PrivateKey::publicKeyInfo() const {
    return describeKey(m_key.get());
}

std::string PrivateKey::publicKeyDer() const {
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(m_key.get(), &der);
    if (len <= 0) {
        ERR_clear_error();
        return {};
    }
    std::string out(reinterpret_cast<const char *>(der), size_t(len));
    OPENSSL_free(der);
    return out;
}

bool PrivateKey::matches(const Certificate &certificate) const {
    const EVP_PKEY *pub = X509_get0_pubkey(certificate.native());
    const bool same = pub && EVP_PKEY_eq(pub, m_key.get()) == 1;
    ERR_clear_error();
    return same;
}

} // namespace gatehouse::core
