#include "certificateloader.h"

#include "detail/openssl.h"

#include <array>
#include <cctype>
#include <mutex>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/provider.h>

namespace gatehouse::core {

using namespace detail;

namespace {

constexpr size_t maxInput = 16u << 20;

bool isCertificateBlock(std::string_view name) {
    return name == PEM_STRING_X509 || name == PEM_STRING_X509_OLD ||
           name == PEM_STRING_X509_TRUSTED;
}

Result<std::vector<Certificate>> loadPem(std::string_view data) {
    BioPtr bio = memoryBio(data);
    if (!bio)
        return opensslFail("cert.parse", "out of memory");
    std::vector<Certificate> out;
    int blocks = 0;
    for (;;) {
        char *name = nullptr;
        char *header = nullptr;
        unsigned char *der = nullptr;
        long len = 0;
        if (PEM_read_bio(bio.get(), &name, &header, &der, &len) != 1) {
            const unsigned long err = ERR_peek_last_error();
            if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
                ERR_clear_error(); // normal end of input
                break;
            }
            return opensslFail("cert.parse", "malformed PEM block after certificate " +
                                                 std::to_string(out.size()));
        }
        OsslStringPtr nameOwner(name);
        OsslStringPtr headerOwner(header);
        ++blocks;
        const std::string_view blockName(name);
        if (isCertificateBlock(blockName)) {
            const unsigned char *p = der;
            X509 *x = blockName == PEM_STRING_X509_TRUSTED ? d2i_X509_AUX(nullptr, &p, len)
                                                           : d2i_X509(nullptr, &p, len);
            OPENSSL_free(der);
            if (!x)
                return opensslFail("cert.parse", "PEM block " + std::to_string(blocks) +
                                                     " is not a valid certificate");
            out.push_back(Certificate::adopt(x));
        } else {
            OPENSSL_cleanse(der, size_t(len)); // may be a key
            OPENSSL_free(der);
        }
    }
    if (out.empty())
        return fail("cert.empty", "no CERTIFICATE block found in the PEM data");
    return out;
}

bool isBase64Text(std::string_view text) {
    size_t significant = 0;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '+' || c == '/' || c == '=') {
            ++significant;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        return false;
    }
    return significant >= 4;
}

Result<std::vector<Certificate>> loadAny(std::string_view data, int depth) {
    if (data.size() > maxInput)
        return fail("input.too_large", "the certificate data is larger than 16 MiB");
    ERR_clear_error();
    if (data.find("-----BEGIN") != std::string_view::npos)
        return loadPem(data);
    if (depth == 0 && isBase64Text(data)) {
        if (auto decoded = base64Decode(data))
            return loadAny(*decoded, depth + 1);
    }
    if (data.empty())
        return fail("cert.empty", "no certificate data");
    auto der = Certificate::fromDer(data);
    if (!der)
        return fail("cert.parse", "not a certificate in PEM, DER or base64 form",
                    der.error().detail);
    return std::vector<Certificate>{std::move(*der)};
}

void loadLegacyProviderOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        // PKCS#12 files from older tools use RC2/3DES, which OpenSSL 3 keeps in the legacy
        // provider. Loading it explicitly requires loading "default" too.
        OSSL_PROVIDER_load(nullptr, "legacy");
        OSSL_PROVIDER_load(nullptr, "default");
        ERR_clear_error();
    });
}

Result<Pkcs12Bundle> parsePkcs12(std::string_view der, std::string_view password, bool retry) {
    ERR_clear_error();
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.data());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, long(der.size())));
    if (!p12)
        return opensslFail("pkcs12.parse", "not a PKCS#12 file");
    const std::string pass(password);
    if (PKCS12_verify_mac(p12.get(), pass.c_str(), int(pass.size())) != 1 &&
        !(pass.empty() && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1)) {
        return opensslFail("pkcs12.bad_password", "wrong PKCS#12 password (MAC check failed)");
    }
    EVP_PKEY *key = nullptr;
    X509 *cert = nullptr;
    STACK_OF(X509) *ca = nullptr;
    if (PKCS12_parse(p12.get(), pass.c_str(), &key, &cert, &ca) != 1) {
        if (!retry) {
            ERR_clear_error();
            loadLegacyProviderOnce();
            return parsePkcs12(der, password, true);
        }
        return opensslFail("pkcs12.parse", "cannot decrypt the PKCS#12 contents");
    }
    X509StackPtr caOwner(ca);
    Pkcs12Bundle bundle;
    if (key)
        bundle.key = PrivateKey::adopt(key);
    if (cert)
        bundle.certificates.push_back(Certificate::adopt(cert));
    while (caOwner && sk_X509_num(caOwner.get()) > 0)
        bundle.certificates.push_back(Certificate::adopt(sk_X509_shift(caOwner.get())));
    ERR_clear_error();
    return bundle;
}

} // namespace

Result<std::vector<Certificate>> loadCertificates(std::string_view data) {
    return loadAny(data, 0);
}

Result<std::vector<Certificate>> loadCertificatesFile(const std::filesystem::path &path) {
    auto data = readFileBounded(path);
    if (!data)
        return std::unexpected(data.error());
    auto certs = loadCertificates(*data);
    if (!certs) {
        Error e = certs.error();
        e.message = path.string() + ": " + e.message;
        return std::unexpected(std::move(e));
    }
    return certs;
}

Result<Pkcs12Bundle> loadPkcs12(std::string_view der, std::string_view password) {
    if (der.size() > maxInput)
        return fail("input.too_large", "the PKCS#12 data is larger than 16 MiB");
    std::string decoded;
    if (isBase64Text(der)) {
        if (auto d = base64Decode(der)) {
            decoded = std::move(*d);
            der = decoded;
        }
    }
    return parsePkcs12(der, password, false);
}

Result<Pkcs12Bundle> loadPkcs12File(const std::filesystem::path &path, std::string_view password) {
    auto data = readFileBounded(path);
    if (!data)
        return std::unexpected(data.error());
    return loadPkcs12(*data, password);
}

Result<std::string> exportPkcs12(const PrivateKey &key, const std::vector<Certificate> &chain,
                                 std::string_view password, std::string_view friendlyName) {
    if (chain.empty())
        return fail("pkcs12.write", "a PKCS#12 file needs at least the leaf certificate");
    if (!key.matches(chain.front()))
        return fail("pkcs12.key_mismatch", "the private key does not match the leaf certificate");
    ERR_clear_error();
    X509StackPtr ca(sk_X509_new_null());
    if (!ca)
        return opensslFail("pkcs12.write", "out of memory");
    for (size_t i = 1; i < chain.size(); ++i) {
        if (sk_X509_push(ca.get(), chain[i].native()) <= 0)
            return opensslFail("pkcs12.write", "out of memory");
        X509_up_ref(chain[i].native());
    }
    const std::string pass(password);
    const std::string name(friendlyName);
    // nid 0 / iter 0 / mac_iter 0 select OpenSSL 3's defaults: AES-256-CBC with PBKDF2
    // and a SHA-256 MAC.
    Pkcs12Ptr p12(PKCS12_create(pass.c_str(), name.empty() ? nullptr : name.c_str(), key.native(),
                                chain.front().native(), ca.get(), 0, 0, 0, 0, 0));
    if (!p12)
        return opensslFail("pkcs12.write", "cannot create the PKCS#12 file");
    unsigned char *der = nullptr;
    const int len = i2d_PKCS12(p12.get(), &der);
    if (len <= 0)
        return opensslFail("pkcs12.write", "cannot encode the PKCS#12 file");
    std::string out(reinterpret_cast<const char *>(der), size_t(len));
    OPENSSL_free(der);
    return out;
}

Status savePkcs12File(const std::filesystem::path &path, const PrivateKey &key,
                      const std::vector<Certificate> &chain, std::string_view password,
                      std::string_view friendlyName) {
    auto p12 = exportPkcs12(key, chain, password, friendlyName);
    if (!p12)
        return std::unexpected(p12.error());
    return writeFileAtomic(path, *p12, 0600);
}

Result<std::string> certificatesToPem(const std::vector<Certificate> &certificates) {
    std::string out;
    for (const Certificate &c : certificates) {
        auto pem = c.toPem();
        if (!pem)
            return std::unexpected(pem.error());
        out += *pem;
    }
    return out;
}

std::string base64Encode(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 |
                           uint32_t(uint8_t(bytes[i + 1])) << 8 | uint32_t(uint8_t(bytes[i + 2]));
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest) {
        uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
        if (rest == 2)
            v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    uint32_t acc = 0;
    int bits = 0;
    int padding = 0;
    size_t chars = 0;
    for (const char c : text) {
        int v = -1;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+')
            v = 62;
        else if (c == '/')
            v = 63;
        else if (c == '=') {
            ++padding;
            ++chars;
            continue;
        } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        else
            return std::nullopt;
        if (padding)
            return std::nullopt; // data after padding
        ++chars;
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xff);
        }
    }
    if (chars % 4 != 0 || padding > 2)
        return std::nullopt;
    return out;
}

} // namespace gatehouse::core
