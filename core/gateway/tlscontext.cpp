#include "gateway/snapshot.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cstring>

namespace gatehouse::gateway::detail {

namespace {

// Envoy's default server cipher list (non-FIPS). OpenSSL has no equivalence groups, so
// each "[A|B]" becomes A then B with ChaCha20 prioritised when the client prefers it.
constexpr const char *kEnvoyDefaultServerCiphers[] = {
    "[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]",
    "[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
};

// BoringSSL's TLS 1.3 order (AES-128 first), which Envoy cannot change.
constexpr const char *kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

struct BioDeleter {
    void operator()(BIO *b) const { BIO_free(b); }
};
struct X509Deleter {
    void operator()(X509 *x) const { X509_free(x); }
};
struct PkeyDeleter {
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};

int protoVersion(TlsVersion v, bool isMax) {
    switch (v) {
    case TlsVersion::V1_0:
        return TLS1_VERSION;
    case TlsVersion::V1_1:
        return TLS1_1_VERSION;
    case TlsVersion::V1_2:
        return TLS1_2_VERSION;
    case TlsVersion::V1_3:
        return TLS1_3_VERSION;
    case TlsVersion::Auto:
        break;
    }
    return isMax ? TLS1_3_VERSION : TLS1_2_VERSION; // Istio's gateway defaults
}

// What the verify callback needs beyond the CA check.
struct VerifyPolicy {
    std::vector<std::string> subjectAltNames;
    std::vector<std::string> spki;   // base64 as configured
    std::vector<std::string> hashes; // lower-case hex without ':'
};

int policyIndex() {
    static const int index = SSL_CTX_get_ex_new_index(
        0, nullptr, nullptr, nullptr, [](void *, void *ptr, CRYPTO_EX_DATA *, int, long, void *) {
            delete static_cast<VerifyPolicy *>(ptr);
        });
    return index;
}

std::string sha256(const unsigned char *data, std::size_t len) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    if (EVP_Digest(data, len, md, &mdLen, EVP_sha256(), nullptr) != 1)
        return {};
    return std::string(reinterpret_cast<char *>(md), mdLen);
}

std::string toHex(std::string_view bin) {
    static const char *digits = "0123456789abcdef";
    std::string out;
    out.reserve(bin.size() * 2);
    for (unsigned char c : bin) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string toBase64(std::string_view bin) {
    std::string out(4 * ((bin.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                  reinterpret_cast<const unsigned char *>(bin.data()),
                                  static_cast<int>(bin.size()));
    out.resize(n > 0 ? std::size_t(n) : 0);
    return out;
}

// Envoy's dnsNameMatch: a DNS SAN equals the name (any case), or is "*.rest" and the name
// is one non-empty label followed by ".rest".
bool dnsNameMatches(std::string_view name, std::string_view san) {
    if (iequals(name, san))
        return true;
    if (san.size() < 3 || !san.starts_with("*."))
        return false;
    const std::size_t dot = name.find('.');
    return dot != std::string_view::npos && dot > 0 && iequals(name.substr(dot), san.substr(1));
}

// Whether a SAN of `cert` is one of `wanted`, as Envoy's match_subject_alt_names with exact
// matchers compares them: DNS names with dnsNameMatches, URI, e-mail and IP SANs exactly.
bool sanMatches(X509 *cert, const std::vector<std::string> &wanted) {
    GENERAL_NAMES *names = static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (!names)
        return false;
    bool found = false;
    for (int i = 0; i < sk_GENERAL_NAME_num(names) && !found; ++i) {
        const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
        std::string value;
        if (gn->type == GEN_DNS || gn->type == GEN_URI || gn->type == GEN_EMAIL) {
            const ASN1_IA5STRING *s = gn->d.ia5;
            value.assign(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)),
                         std::size_t(ASN1_STRING_length(s)));
        } else if (gn->type == GEN_IPADD) {
            char buf[INET6_ADDRSTRLEN] = {};
            const int len = ASN1_STRING_length(gn->d.ip);
            const unsigned char *ip = ASN1_STRING_get0_data(gn->d.ip);
            if (len == 4)
                inet_ntop(AF_INET, ip, buf, sizeof buf);
            else if (len == 16)
                inet_ntop(AF_INET6, ip, buf, sizeof buf);
            value = buf;
        } else {
            continue;
        }
        found = std::any_of(wanted.begin(), wanted.end(), [&](const std::string &w) {
            return gn->type == GEN_DNS ? dnsNameMatches(w, value) : w == value;
        });
    }
    GENERAL_NAMES_free(names);
    return found;
}

// After the chain verified, the leaf must also satisfy the SAN list and the pins
// (a match in either pin list is enough, as in Envoy).
int verifyCallback(int preverifyOk, X509_STORE_CTX *store) {
    if (!preverifyOk || X509_STORE_CTX_get_error_depth(store) != 0)
        return preverifyOk;
    SSL *ssl =
        static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (!ssl)
        return 0;
    const auto *policy =
        static_cast<const VerifyPolicy *>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), policyIndex()));
    if (!policy)
        return 1;
    X509 *cert = X509_STORE_CTX_get_current_cert(store);
    if (!policy->subjectAltNames.empty() && !sanMatches(cert, policy->subjectAltNames)) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_HOSTNAME_MISMATCH);
        return 0;
    }
    if (policy->spki.empty() && policy->hashes.empty())
        return 1;
    if (!policy->hashes.empty()) {
        unsigned char *der = nullptr;
        const int len = i2d_X509(cert, &der);
        if (len > 0) {
            const std::string hex = toHex(sha256(der, std::size_t(len)));
            OPENSSL_free(der);
            if (std::find(policy->hashes.begin(), policy->hashes.end(), hex) !=
                policy->hashes.end())
                return 1;
        }
    }
    if (!policy->spki.empty()) {
        unsigned char *der = nullptr;
        const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
        if (len > 0) {
            const std::string b64 = toBase64(sha256(der, std::size_t(len)));
            OPENSSL_free(der);
            if (std::find(policy->spki.begin(), policy->spki.end(), b64) != policy->spki.end())
                return 1;
        }
    }
    X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
    return 0;
}

int alpnSelect(SSL *, const unsigned char **out, unsigned char *outLen, const unsigned char *in,
               unsigned int inLen, void *arg) {
    const auto *server = static_cast<const std::string *>(arg);
    unsigned char *selected = nullptr;
    if (SSL_select_next_proto(
            &selected, outLen, reinterpret_cast<const unsigned char *>(server->data()),
            static_cast<unsigned int>(server->size()), in, inLen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

int alpnIndex() {
    static const int index = SSL_CTX_get_ex_new_index(
        0, nullptr, nullptr, nullptr, [](void *, void *ptr, CRYPTO_EX_DATA *, int, long, void *) {
            delete static_cast<std::string *>(ptr);
        });
    return index;
}

// "[A|B]" -> A, B; plain names unchanged.
void expandCipher(std::string_view entry, std::vector<std::string> &out, bool &hasGroupWithChacha) {
    if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']') {
        entry = entry.substr(1, entry.size() - 2);
        bool group = false;
        while (!entry.empty()) {
            const auto bar = entry.find('|');
            const std::string_view name = entry.substr(0, bar);
            if (name.find("CHACHA20") != std::string_view::npos)
                group = true;
            out.emplace_back(name);
            entry = bar == std::string_view::npos ? std::string_view() : entry.substr(bar + 1);
        }
        hasGroupWithChacha = hasGroupWithChacha || group;
        return;
    }
    out.emplace_back(entry);
}

Result<void> loadCertificate(SSL_CTX *ctx, const std::string &chainPem, const std::string &keyPem) {
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(chainPem.data(), int(chainPem.size())));
    std::unique_ptr<X509, X509Deleter> leaf(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!leaf)
        return fail("gateway.tls.certificate", "the certificate chain is not a PEM certificate",
                    drainSslErrors());
    if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1)
        return fail("gateway.tls.certificate", "the certificate cannot be used", drainSslErrors());
    while (X509 *extra = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        if (SSL_CTX_add0_chain_cert(ctx, extra) != 1) {
            X509_free(extra);
            return fail("gateway.tls.certificate", "a chain certificate cannot be used",
                        drainSslErrors());
        }
    }
    ERR_clear_error(); // the loop ends on "no start line"

    std::unique_ptr<BIO, BioDeleter> keyBio(BIO_new_mem_buf(keyPem.data(), int(keyPem.size())));
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return fail("gateway.tls.key", "the private key is not an unencrypted PEM key",
                    drainSslErrors());
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1)
        return fail("gateway.tls.key", "the private key does not match the certificate",
                    drainSslErrors());
    return {};
}

// Adds the PEM certificates to the context's trust store; with `names`, their subjects too.
// Returns how many there were.
int addCaCertificates(SSL_CTX *ctx, const std::string &pem, STACK_OF(X509_NAME) * names) {
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    int count = 0;
    while (X509 *ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store, ca);
        if (names) {
            if (X509_NAME *n = X509_NAME_dup(X509_get_subject_name(ca)))
                sk_X509_NAME_push(names, n);
        }
        X509_free(ca);
        ++count;
    }
    ERR_clear_error(); // the loop ends on "no start line"
    return count;
}

Result<void> loadClientCa(SSL_CTX *ctx, const TlsSettings &tls) {
    STACK_OF(X509_NAME) *names = sk_X509_NAME_new_null();
    const int count = addCaCertificates(ctx, tls.caCertificatesPem, names);
    if (count == 0) {
        sk_X509_NAME_pop_free(names, X509_NAME_free);
        return fail("gateway.tls.ca", "MUTUAL TLS needs a CA certificate (PEM) to verify clients");
    }
    SSL_CTX_set_client_CA_list(ctx, names);
    return {};
}

} // namespace

std::string drainSslErrors() {
    std::string text;
    char buf[256];
    while (unsigned long e = ERR_get_error()) {
        ERR_error_string_n(e, buf, sizeof buf);
        if (!text.empty())
            text += "; ";
        text += buf;
    }
    return text;
}

Result<SslCtxPtr> buildServerContext(const TlsSettings &tls, std::string_view alpn) {
    ERR_clear_error();
    SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx)
        return fail("gateway.tls.context", "cannot create a TLS context", drainSslErrors());
    SSL_CTX *c = ctx.get();

    const int minV = protoVersion(tls.minVersion, false);
    const int maxV = protoVersion(tls.maxVersion, true);
    if (minV > maxV)
        return fail("gateway.tls.version", "minProtocolVersion is above maxProtocolVersion");
    if (SSL_CTX_set_min_proto_version(c, minV) != 1 || SSL_CTX_set_max_proto_version(c, maxV) != 1)
        return fail("gateway.tls.version", "the TLS versions cannot be set", drainSslErrors());

    std::vector<std::string> names;
    bool chachaGroup = false;
    if (tls.cipherSuites.empty()) {
        for (const char *e : kEnvoyDefaultServerCiphers)
            expandCipher(e, names, chachaGroup);
    } else {
        for (const std::string &e : tls.cipherSuites)
            expandCipher(e, names, chachaGroup);
    }
    std::string list;
    for (const std::string &n : names) {
        if (n.empty() || n.find_first_of(":!+@ ,") != std::string::npos)
            return fail("gateway.tls.cipher", "'" + n + "' is not a cipher suite name");
        if (!list.empty())
            list += ':';
        list += n;
    }
    // OpenSSL 3 refuses TLS 1.0/1.1 above security level 0; the configured minimum wins.
    if (minV < TLS1_2_VERSION)
        list += ":@SECLEVEL=0";
    if (SSL_CTX_set_cipher_list(c, list.c_str()) != 1)
        return fail("gateway.tls.cipher", "none of the cipher suites is known", drainSslErrors());
    // Every configured name must have been understood (OpenSSL skips unknown ones).
    STACK_OF(SSL_CIPHER) *active = SSL_CTX_get_ciphers(c);
    for (const std::string &n : names) {
        bool known = false;
        for (int i = 0; i < sk_SSL_CIPHER_num(active) && !known; ++i)
            known = n == SSL_CIPHER_get_name(sk_SSL_CIPHER_value(active, i));
        if (!known)
            return fail("gateway.tls.cipher", "unknown or unusable cipher suite '" + n + "'");
    }
    if (SSL_CTX_set_ciphersuites(c, kTls13Suites) != 1)
        return fail("gateway.tls.cipher", "cannot set the TLS 1.3 suites", drainSslErrors());
    if (SSL_CTX_set1_groups_list(c, "X25519:P-256") != 1)
        return fail("gateway.tls.curves", "cannot set the ECDH curves", drainSslErrors());

    SSL_CTX_set_options(c, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF |
                               (chachaGroup ? SSL_OP_PRIORITIZE_CHACHA : 0));
    // Record buffers stay while a connection is busy (RELEASE_BUFFERS would free and
    // allocate both per record); the worker frees them once a connection idles. No
    // stateful session cache (and its lock). The certificate chain goes out exactly as
    // configured, as Envoy sends it: no chain built from the CA store on every handshake
    // (OpenSSL's auto-chain would also pull in a MUTUAL server's client CAs).
    SSL_CTX_set_mode(c, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_NO_AUTO_CHAIN);
    SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
    // One read(2) per record instead of header then body; our loops always read until
    // WANT_READ, so data OpenSSL holds ahead is never left waiting for an edge.
    SSL_CTX_set_read_ahead(c, 1);
    if (tls.sessionTickets) {
        SSL_CTX_set_num_tickets(c, 1);
    } else {
        SSL_CTX_set_num_tickets(c, 0);            // TLS 1.3: no NewSessionTicket
        SSL_CTX_set_options(c, SSL_OP_NO_TICKET); // TLS 1.2: no ticket extension
    }

    if (auto r = loadCertificate(c, tls.certificateChainPem, tls.privateKeyPem); !r)
        return std::unexpected(r.error());

    if (tls.mode == TlsMode::Mutual || tls.mode == TlsMode::OptionalMutual) {
        if (auto r = loadClientCa(c, tls); !r)
            return std::unexpected(r.error());
        auto *policy = new VerifyPolicy;
        policy->subjectAltNames = tls.subjectAltNames;
        policy->spki = tls.verifyCertificateSpki;
        for (std::string h : tls.verifyCertificateHash) {
            std::erase(h, ':');
            std::transform(h.begin(), h.end(), h.begin(),
                           [](unsigned char ch) { return char(std::tolower(ch)); });
            policy->hashes.push_back(std::move(h));
        }
        SSL_CTX_set_ex_data(c, policyIndex(), policy);
        int mode = SSL_VERIFY_PEER;
        if (tls.mode == TlsMode::Mutual)
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        SSL_CTX_set_verify(c, mode, verifyCallback);
        SSL_CTX_set_verify_depth(c, 10);
        static const unsigned char sidCtx[] = "gatehouse";
        SSL_CTX_set_session_id_context(c, sidCtx, sizeof sidCtx - 1);
    }

    if (!alpn.empty()) {
        auto *protos = new std::string(alpn);
        SSL_CTX_set_ex_data(c, alpnIndex(), protos);
        SSL_CTX_set_alpn_select_cb(c, alpnSelect, protos);
    }
    return ctx;
}

Result<SslCtxPtr> buildClientContext(const UpstreamTls &tls) {
    ERR_clear_error();
    SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx)
        return fail("gateway.upstream-tls.context", "cannot create a TLS context",
                    drainSslErrors());
    SSL_CTX *c = ctx.get();
    // Istio's defaultUpstreamCommonTLSContext: TLS 1.2 to 1.3; the cipher suites and groups
    // are OpenSSL's client defaults (Envoy's client defaults differ only in BoringSSL names).
    if (SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION) != 1)
        return fail("gateway.upstream-tls.version", "the TLS versions cannot be set",
                    drainSslErrors());
    SSL_CTX_set_options(c, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                               SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(c, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE);
    SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_read_ahead(c, 1);

    if (!tls.certificateChainPem.empty() || !tls.privateKeyPem.empty()) {
        if (auto r = loadCertificate(c, tls.certificateChainPem, tls.privateKeyPem); !r)
            return std::unexpected(r.error());
    }
    if (!tls.verify) {
        SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
        return ctx;
    }
    if (tls.caCertificatesPem.empty()) {
        if (SSL_CTX_set_default_verify_paths(c) != 1)
            return fail("gateway.upstream-tls.ca", "the system's trust store cannot be loaded",
                        drainSslErrors());
    } else if (addCaCertificates(c, tls.caCertificatesPem, nullptr) == 0) {
        return fail("gateway.upstream-tls.ca", "caCertificates holds no PEM certificate");
    }
    if (!tls.subjectAltNames.empty()) {
        auto *policy = new VerifyPolicy;
        policy->subjectAltNames = tls.subjectAltNames;
        SSL_CTX_set_ex_data(c, policyIndex(), policy);
    }
    SSL_CTX_set_verify(c, SSL_VERIFY_PEER, verifyCallback);
    SSL_CTX_set_verify_depth(c, 10);
    return ctx;
}

bool expectPeerName(SSL *ssl, std::string_view name) {
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    const std::string text(name);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, text.c_str()) == 1)
        return true;
    ERR_clear_error();
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS |
                                               X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
    return X509_VERIFY_PARAM_set1_host(param, text.data(), text.size()) == 1;
}

bool negotiatedH2(SSL *ssl) {
    const unsigned char *p = nullptr;
    unsigned int len = 0;
    SSL_get0_alpn_selected(ssl, &p, &len);
    return len == 2 && p[0] == 'h' && p[1] == '2';
}

HelloParse parseClientHello(std::string_view d, HelloInfo &out) {
    out = {};
    if (d.empty())
        return HelloParse::NeedMore;
    if (static_cast<unsigned char>(d[0]) != 0x16)
        return HelloParse::NotTls;
    if (d.size() < 5)
        return HelloParse::NeedMore;
    auto u8 = [&](std::size_t i) {
        return std::size_t(static_cast<unsigned char>(d[i]));
    };
    if (u8(1) != 3)
        return HelloParse::NotTls;
    const std::size_t recLen = (u8(3) << 8) | u8(4);
    if (recLen < 4 || recLen > 16384 + 2048)
        return HelloParse::NotTls;
    if (d.size() < 5 + recLen)
        return HelloParse::NeedMore;
    // Only the first record is examined: a ClientHello whose SNI lies beyond it is
    // treated as having none.
    std::string_view r = d.substr(5, recLen);
    auto b = [&](std::size_t i) {
        return std::size_t(static_cast<unsigned char>(r[i]));
    };
    if (b(0) != 1)
        return HelloParse::NotTls;
    std::size_t p = 4 + 2 + 32; // header, version, random
    if (p + 1 > r.size())
        return HelloParse::Ok;
    p += 1 + b(p); // session id
    if (p + 2 > r.size())
        return HelloParse::Ok;
    p += 2 + ((b(p) << 8) | b(p + 1)); // cipher suites
    if (p + 1 > r.size())
        return HelloParse::Ok;
    p += 1 + b(p); // compression
    if (p + 2 > r.size())
        return HelloParse::Ok;
    const std::size_t extEnd = std::min(r.size(), p + 2 + ((b(p) << 8) | b(p + 1)));
    p += 2;
    while (p + 4 <= extEnd) {
        const std::size_t type = (b(p) << 8) | b(p + 1);
        const std::size_t len = (b(p + 2) << 8) | b(p + 3);
        p += 4;
        if (p + len > extEnd)
            break;
        if (type == 0 && len >= 5) { // server_name
            std::size_t q = p + 2;
            while (q + 3 <= p + len) {
                const std::size_t nameType = b(q);
                const std::size_t nameLen = (b(q + 1) << 8) | b(q + 2);
                q += 3;
                if (q + nameLen > p + len)
                    break;
                if (nameType == 0) {
                    out.sni = r.substr(q, nameLen);
                    return HelloParse::Ok;
                }
                q += nameLen;
            }
        }
        p += len;
    }
    return HelloParse::Ok;
}

} // namespace gatehouse::gateway::detail
