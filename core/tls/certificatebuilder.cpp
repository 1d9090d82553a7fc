#include "certificatebuilder.h"

#include "detail/openssl.h"
#include "hostname.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

namespace gatehouse::core {

using namespace detail;

CertificateSpec CertificateSpec::ca(std::string commonName, std::chrono::seconds lifetime) {
    CertificateSpec spec;
    spec.subject = "CN=" + commonName;
    spec.isCa = true;
    spec.lifetime = lifetime;
    return spec;
}

CertificateSpec CertificateSpec::serverLeaf(std::vector<std::string> dnsNames,
                                            std::chrono::seconds lifetime) {
    CertificateSpec spec;
    if (!dnsNames.empty())
        spec.subject = "CN=" + dnsNames.front();
    spec.dnsNames = std::move(dnsNames);
    spec.lifetime = lifetime;
    return spec;
}

namespace {

// "CN=a,O=b\,c" -> X509_NAME.
Result<X509NamePtr> parseSubject(std::string_view text) {
    X509NamePtr name(X509_NAME_new());
    if (!name)
        return opensslFail("cert.subject", "out of memory");
    std::string key;
    std::string value;
    bool inValue = false;
    auto flush = [&]() -> Status {
        auto trim = [](std::string &s) {
            const auto b = s.find_first_not_of(" \t");
            const auto e = s.find_last_not_of(" \t");
            s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
        };
        trim(key);
        trim(value);
        if (key.empty() && value.empty() && !inValue)
            return {};
        if (key.empty() || !inValue)
            return fail("cert.subject", "malformed subject '" + std::string(text) +
                                            "': expected KEY=value pairs separated by ','");
        if (X509_NAME_add_entry_by_txt(name.get(), key.c_str(), MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char *>(value.c_str()), -1,
                                       -1, 0) != 1)
            return opensslFail("cert.subject", "unknown or invalid subject attribute '" + key +
                                                   "' in '" + std::string(text) + "'");
        key.clear();
        value.clear();
        inValue = false;
        return {};
    };
    // Accept "/CN=a/O=b" (openssl -subj form) as well.
    const bool slashForm = text.starts_with('/');
    const char sep = slashForm ? '/' : ',';
    if (slashForm)
        text.remove_prefix(1);
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            (inValue ? value : key) += text[++i];
        } else if (c == sep) {
            if (auto st = flush(); !st)
                return std::unexpected(st.error());
        } else if (c == '=' && !inValue) {
            inValue = true;
        } else {
            (inValue ? value : key) += c;
        }
    }
    if (auto st = flush(); !st)
        return std::unexpected(st.error());
    return name;
}

const EVP_MD *digestFor(const PrivateKey &key, SignatureDigest digest) {
    const KeyType type = key.publicKeyInfo().type;
    if (type == KeyType::Ed25519 || type == KeyType::Ed448)
        return nullptr; // pure EdDSA: no separate digest
    switch (digest) {
    case SignatureDigest::Sha256:
        return EVP_sha256();
    case SignatureDigest::Sha384:
        return EVP_sha384();
    case SignatureDigest::Sha512:
        return EVP_sha512();
    case SignatureDigest::Sha1:
        return EVP_sha1();
    }
    return EVP_sha256();
}

Result<GeneralNamesPtr> buildSans(const CertificateSpec &spec) {
    GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names)
        return opensslFail("cert.san", "out of memory");
    auto addString = [&](int type, const std::string &text) -> Status {
        GENERAL_NAME *gn = GENERAL_NAME_new();
        ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
        if (!gn || !ia5 || ASN1_STRING_set(ia5, text.data(), int(text.size())) != 1) {
            GENERAL_NAME_free(gn);
            ASN1_IA5STRING_free(ia5);
            return opensslFail("cert.san", "cannot encode subjectAltName '" + text + "'");
        }
        GENERAL_NAME_set0_value(gn, type, ia5);
        if (sk_GENERAL_NAME_push(names.get(), gn) <= 0) {
            GENERAL_NAME_free(gn);
            return opensslFail("cert.san", "out of memory");
        }
        return {};
    };
    for (const std::string &dns : spec.dnsNames) {
        if (dns.empty() || dns.find_first_of(" ,/\\") != std::string::npos)
            return fail("cert.san", "invalid DNS name '" + dns + "'");
        if (auto st = addString(GEN_DNS, dns); !st)
            return std::unexpected(st.error());
    }
    for (const std::string &ip : spec.ipAddresses) {
        ASN1_OCTET_STRING *bin = a2i_IPADDRESS(ip.c_str());
        if (!bin)
            return opensslFail("cert.san", "invalid IP address '" + ip + "'");
        GENERAL_NAME *gn = GENERAL_NAME_new();
        if (!gn) {
            ASN1_OCTET_STRING_free(bin);
            return opensslFail("cert.san", "out of memory");
        }
        GENERAL_NAME_set0_value(gn, GEN_IPADD, bin);
        if (sk_GENERAL_NAME_push(names.get(), gn) <= 0) {
            GENERAL_NAME_free(gn);
            return opensslFail("cert.san", "out of memory");
        }
    }
    for (const std::string &uri : spec.uris) {
        if (uri.find(':') == std::string::npos)
            return fail("cert.san", "invalid URI '" + uri + "' (needs a scheme)");
        if (auto st = addString(GEN_URI, uri); !st)
            return std::unexpected(st.error());
    }
    for (const std::string &email : spec.emails) {
        if (email.find('@') == std::string::npos)
            return fail("cert.san", "invalid e-mail address '" + email + "'");
        if (auto st = addString(GEN_EMAIL, email); !st)
            return std::unexpected(st.error());
    }
    return names;
}

// Adds one extension given in OpenSSL's config syntax.
Status addExtension(X509 *x, X509V3_CTX *ctx, int nid, const std::string &value) {
    X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(x, ext.get(), -1) != 1)
        return opensslFail("cert.extension",
                           std::string("cannot add extension ") + OBJ_nid2sn(nid) + "=" + value);
    return {};
}

std::string joinComma(const std::vector<std::string> &parts) {
    std::string s;
    for (const std::string &p : parts) {
        if (!s.empty())
            s += ',';
        s += p;
    }
    return s;
}

Status setRandomSerial(X509 *x) {
    BignumPtr bn(BN_new());
    // 127 random bits with the top bit clear: positive and 16 bytes at most.
    if (!bn || BN_rand(bn.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
        return opensslFail("cert.serial", "cannot make a random serial number");
    if (BN_is_zero(bn.get()))
        BN_one(bn.get());
    ASN1_INTEGER *serial = X509_get_serialNumber(x);
    if (!BN_to_ASN1_INTEGER(bn.get(), serial))
        return opensslFail("cert.serial", "cannot encode the serial number");
    return {};
}

// Builds and signs a certificate. `issuer` null means self-signed.
Result<Certificate> build(const CertificateSpec &spec, EVP_PKEY *subjectPublic,
                          const X509_NAME *requestedSubject, const GENERAL_NAMES *requestedSans,
                          X509 *issuer, const PrivateKey &signingKey) {
    ERR_clear_error();
    X509Ptr x(X509_new());
    if (!x || X509_set_version(x.get(), X509_VERSION_3) != 1)
        return opensslFail("cert.create", "out of memory");
    if (auto st = setRandomSerial(x.get()); !st)
        return std::unexpected(st.error());

    X509NamePtr subject;
    if (!spec.subject.empty() || !requestedSubject) {
        auto parsed = parseSubject(spec.subject);
        if (!parsed)
            return std::unexpected(parsed.error());
        subject = std::move(*parsed);
    } else {
        subject.reset(X509_NAME_dup(requestedSubject));
    }
    if (!subject || X509_set_subject_name(x.get(), subject.get()) != 1)
        return opensslFail("cert.create", "cannot set the subject");
    if (X509_set_issuer_name(x.get(), issuer ? X509_get_subject_name(issuer) : subject.get()) != 1)
        return opensslFail("cert.create", "cannot set the issuer");

    using namespace std::chrono;
    auto notBefore = spec.notBefore;
    if (notBefore == system_clock::time_point{})
        notBefore = system_clock::now() - minutes(5);
    const auto notAfter = notBefore + spec.lifetime;
    if (spec.lifetime <= seconds(0))
        return fail("cert.validity", "the certificate lifetime must be positive");
    if (!ASN1_TIME_set(X509_getm_notBefore(x.get()), system_clock::to_time_t(notBefore)) ||
        !ASN1_TIME_set(X509_getm_notAfter(x.get()), system_clock::to_time_t(notAfter)))
        return opensslFail("cert.validity", "cannot set the validity period");
    if (X509_set_pubkey(x.get(), subjectPublic) != 1)
        return opensslFail("cert.create", "cannot set the public key");

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer : x.get(), x.get(), nullptr, nullptr, 0);

    std::string bc = "critical,CA:" + std::string(spec.isCa ? "TRUE" : "FALSE");
    if (spec.isCa && spec.pathLength >= 0)
        bc += ",pathlen:" + std::to_string(spec.pathLength);
    if (auto st = addExtension(x.get(), &ctx, NID_basic_constraints, bc); !st)
        return std::unexpected(st.error());

    std::string ku;
    if (spec.isCa) {
        ku = "critical,keyCertSign,cRLSign,digitalSignature";
    } else {
        ku = "critical,digitalSignature";
        const int baseId = EVP_PKEY_get_base_id(subjectPublic);
        if (baseId == EVP_PKEY_RSA)
            ku += ",keyEncipherment";
    }
    if (auto st = addExtension(x.get(), &ctx, NID_key_usage, ku); !st)
        return std::unexpected(st.error());

    std::vector<std::string> eku = spec.extendedKeyUsage;
    if (eku.empty() && spec.useDefaultExtendedKeyUsage && !spec.isCa)
        eku = {"serverAuth", "clientAuth"};
    if (!eku.empty()) {
        if (auto st = addExtension(x.get(), &ctx, NID_ext_key_usage, joinComma(eku)); !st)
            return std::unexpected(st.error());
    }
    if (auto st = addExtension(x.get(), &ctx, NID_subject_key_identifier, "hash"); !st)
        return std::unexpected(st.error());
    if (issuer) {
        if (auto st = addExtension(x.get(), &ctx, NID_authority_key_identifier, "keyid:always");
            !st)
            return std::unexpected(st.error());
    }

    auto sans = buildSans(spec);
    if (!sans)
        return std::unexpected(sans.error());
    const GENERAL_NAMES *sanList = sans->get();
    const bool specHasSans = sk_GENERAL_NAME_num(sanList) > 0;
    if (!specHasSans && requestedSans)
        sanList = requestedSans;
    if (sk_GENERAL_NAME_num(sanList) > 0) {
        if (X509_add1_ext_i2d(x.get(), NID_subject_alt_name, const_cast<GENERAL_NAMES *>(sanList),
                              0, X509V3_ADD_DEFAULT) != 1)
            return opensslFail("cert.san", "cannot add the subjectAltName extension");
    } else if (!spec.isCa && X509_NAME_entry_count(subject.get()) == 0) {
        return fail("cert.subject", "a leaf certificate needs a subject or at least one SAN");
    }

    if (X509_sign(x.get(), signingKey.native(), digestFor(signingKey, spec.digest)) <= 0)
        return opensslFail("cert.sign", "cannot sign the certificate");
    return Certificate::adopt(x.release());
}

} // namespace

Result<Certificate> createSelfSigned(const CertificateSpec &spec, const PrivateKey &key) {
    return build(spec, key.native(), nullptr, nullptr, nullptr, key);
}

Result<Certificate> createSigned(const CertificateSpec &spec, const PrivateKey &subjectKey,
                                 const Certificate &issuer, const PrivateKey &issuerKey) {
    if (!issuerKey.matches(issuer))
        return fail("cert.issuer_key_mismatch",
                    "the issuer key does not belong to the issuer certificate");
    if (!issuer.isCa())
        return fail("cert.issuer_not_ca", "the issuer certificate is not a CA (basicConstraints "
                                          "CA:TRUE with keyCertSign is required)");
    return build(spec, subjectKey.native(), nullptr, nullptr, issuer.native(), issuerKey);
}

Result<std::string> createCsrPem(const CertificateSpec &spec, const PrivateKey &key) {
    ERR_clear_error();
    X509ReqPtr req(X509_REQ_new());
    if (!req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1)
        return opensslFail("csr.create", "out of memory");
    auto subject = parseSubject(spec.subject);
    if (!subject)
        return std::unexpected(subject.error());
    if (X509_REQ_set_subject_name(req.get(), subject->get()) != 1 ||
        X509_REQ_set_pubkey(req.get(), key.native()) != 1)
        return opensslFail("csr.create", "cannot set the CSR subject or key");
    auto sans = buildSans(spec);
    if (!sans)
        return std::unexpected(sans.error());
    if (sk_GENERAL_NAME_num(sans->get()) > 0) {
        ExtStackPtr exts(sk_X509_EXTENSION_new_null());
        X509_EXTENSION *ext = X509V3_EXT_i2d(NID_subject_alt_name, 0, sans->get());
        if (!exts || !ext || sk_X509_EXTENSION_push(exts.get(), ext) <= 0) {
            X509_EXTENSION_free(ext);
            return opensslFail("csr.create", "cannot encode the requested SANs");
        }
        if (X509_REQ_add_extensions(req.get(), exts.get()) != 1)
            return opensslFail("csr.create", "cannot add the requested SANs");
    } else if (X509_NAME_entry_count(subject->get()) == 0) {
        return fail("csr.subject", "a CSR needs a subject or at least one SAN");
    }
    if (X509_REQ_sign(req.get(), key.native(), digestFor(key, spec.digest)) <= 0)
        return opensslFail("csr.sign", "cannot sign the CSR");
    BioPtr bio = newMemoryBio();
    if (!bio || PEM_write_bio_X509_REQ(bio.get(), req.get()) != 1)
        return opensslFail("csr.write", "cannot write the CSR as PEM");
    return bioContents(bio.get());
}

Result<Certificate> signCsr(std::string_view csrPem, const CertificateSpec &spec,
                            const Certificate &issuer, const PrivateKey &issuerKey) {
    if (csrPem.size() > (1u << 20))
        return fail("input.too_large", "the CSR is larger than 1 MiB");
    if (!issuerKey.matches(issuer))
        return fail("cert.issuer_key_mismatch",
                    "the issuer key does not belong to the issuer certificate");
    if (!issuer.isCa())
        return fail("cert.issuer_not_ca", "the issuer certificate is not a CA");
    ERR_clear_error();
    BioPtr bio = memoryBio(csrPem);
    X509ReqPtr req(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!req)
        return opensslFail("csr.parse", "not a PEM certificate signing request");
    EVP_PKEY *pub = X509_REQ_get0_pubkey(req.get());
    if (!pub || X509_REQ_verify(req.get(), pub) != 1)
        return opensslFail("csr.signature", "the CSR's signature does not verify");
    GeneralNamesPtr requestedSans;
    ExtStackPtr exts(X509_REQ_get_extensions(req.get()));
    if (exts) {
        requestedSans.reset(static_cast<GENERAL_NAMES *>(
            X509V3_get_d2i(exts.get(), NID_subject_alt_name, nullptr, nullptr)));
    }
    ERR_clear_error();
    return build(spec, pub, X509_REQ_get_subject_name(req.get()), requestedSans.get(),
                 issuer.native(), issuerKey);
}

} // namespace gatehouse::core
