#pragma once

// Internal to core/tls: RAII owners for OpenSSL handles and the error-queue drain.
// Never include this from a public header; nothing outside core/tls sees OpenSSL.

#include "common/result.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace gatehouse::core::detail {

template <auto Fn> struct OsslDeleter {
    template <typename T> void operator()(T *p) const { Fn(p); }
};

template <typename T, auto Fn> using OsslPtr = std::unique_ptr<T, OsslDeleter<Fn>>;

using BioPtr = OsslPtr<BIO, BIO_free_all>;
using X509Ptr = OsslPtr<X509, X509_free>;
using X509ReqPtr = OsslPtr<X509_REQ, X509_REQ_free>;
using X509NamePtr = OsslPtr<X509_NAME, X509_NAME_free>;
using X509StorePtr = OsslPtr<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = OsslPtr<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509ExtensionPtr = OsslPtr<X509_EXTENSION, X509_EXTENSION_free>;
using EvpPkeyPtr = OsslPtr<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = OsslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using BignumPtr = OsslPtr<BIGNUM, BN_free>;
using Asn1IntegerPtr = OsslPtr<ASN1_INTEGER, ASN1_INTEGER_free>;
using Pkcs12Ptr = OsslPtr<PKCS12, PKCS12_free>;
using GeneralNamesPtr = OsslPtr<GENERAL_NAMES, GENERAL_NAMES_free>;
using SslCtxPtr = OsslPtr<SSL_CTX, SSL_CTX_free>;
using SslPtr = OsslPtr<SSL, SSL_free>;

inline void freeOpenSslString(char *p) {
    OPENSSL_free(p);
}
using OsslStringPtr = OsslPtr<char, freeOpenSslString>;

inline void freeX509Stack(STACK_OF(X509) * s) {
    sk_X509_pop_free(s, X509_free);
}
using X509StackPtr = OsslPtr<STACK_OF(X509), freeX509Stack>;

inline void freeExtensionStack(STACK_OF(X509_EXTENSION) * s) {
    sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
}
using ExtStackPtr = OsslPtr<STACK_OF(X509_EXTENSION), freeExtensionStack>;

// Drains the whole OpenSSL error queue of this thread into one text (oldest first).
[[nodiscard]] std::string drainOpenSslErrors();

// An Error whose detail is the drained OpenSSL error queue.
[[nodiscard]] Error opensslError(std::string code, std::string message);
[[nodiscard]] inline std::unexpected<Error> opensslFail(std::string code, std::string message) {
    return std::unexpected<Error>(opensslError(std::move(code), std::move(message)));
}

// A read-only memory BIO over `data` (no copy; `data` must outlive the BIO).
[[nodiscard]] BioPtr memoryBio(std::string_view data);
[[nodiscard]] BioPtr newMemoryBio();
// Everything written into a memory BIO so far.
[[nodiscard]] std::string bioContents(BIO *bio);

[[nodiscard]] std::chrono::system_clock::time_point fromAsn1Time(const ASN1_TIME *t);
[[nodiscard]] std::string hexColon(const unsigned char *data, size_t len);
[[nodiscard]] std::string nameToString(const X509_NAME *name);

// Writes `bytes` to `path` atomically: a temporary file in the same folder created with
// `mode`, written, fsync'ed and renamed over `path`; the folder is fsync'ed too.
[[nodiscard]] Status writeFileAtomic(const std::filesystem::path &path, std::string_view bytes,
                                     unsigned mode);

// Reads a whole file of at most `maxBytes`.
[[nodiscard]] Result<std::string> readFileBounded(const std::filesystem::path &path,
                                                  size_t maxBytes = 16u << 20);

} // namespace gatehouse::core::detail
