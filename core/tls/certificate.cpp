#include "certificate.h"

#include "certificateloader.h"
#include "detail/keyutil.h"
#include "detail/openssl.h"
#include "hostname.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <arpa/inet.h>

namespace gatehouse::core {

namespace detail {
void X509Release::operator()(x509_st *cert) const {
    X509_free(cert);
}
} // namespace detail

using namespace detail;

namespace {

std::string asn1String(const ASN1_STRING *s) {
    if (!s)
        return {};
    return std::string(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)),
                       size_t(ASN1_STRING_length(s)));
}

std::string ipToString(const ASN1_OCTET_STRING *ip) {
    char out[INET6_ADDRSTRLEN] = {};
    const int len = ASN1_STRING_length(ip);
    const unsigned char *data = ASN1_STRING_get0_data(ip);
    if (len == 4 && inet_ntop(AF_INET, data, out, sizeof out))
        return out;
    if (len == 16 && inet_ntop(AF_INET6, data, out, sizeof out))
        return out;
    return hexColon(data, size_t(len));
}

void collectSans(X509 *x, CertificateInfo &info) {
    GeneralNamesPtr names(
        static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr)));
    if (!names)
        return;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names.get(), i);
        switch (gn->type) {
        case GEN_DNS:
            info.dnsNames.push_back(asn1String(gn->d.dNSName));
            break;
        case GEN_IPADD:
            info.ipAddresses.push_back(ipToString(gn->d.iPAddress));
            break;
        case GEN_URI:
            info.uris.push_back(asn1String(gn->d.uniformResourceIdentifier));
            break;
        case GEN_EMAIL:
            info.emails.push_back(asn1String(gn->d.rfc822Name));
            break;
        default:
            break;
        }
    }
}

std::string objectName(const ASN1_OBJECT *obj) {
    const int nid = OBJ_obj2nid(obj);
    if (nid != NID_undef) {
        if (const char *sn = OBJ_nid2sn(nid))
            return sn;
    }
    char buf[128] = {};
    OBJ_obj2txt(buf, sizeof buf, obj, 1);
    return buf;
}

void collectUsage(X509 *x, CertificateInfo &info) {
    const uint32_t ku = X509_get_key_usage(x);
    if (ku != UINT32_MAX) {
        static constexpr std::pair<uint32_t, const char *> bits[] = {
            {KU_DIGITAL_SIGNATURE, "digitalSignature"},
            {KU_NON_REPUDIATION, "nonRepudiation"},
            {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
            {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
            {KU_KEY_AGREEMENT, "keyAgreement"},
            {KU_KEY_CERT_SIGN, "keyCertSign"},
            {KU_CRL_SIGN, "cRLSign"},
            {KU_ENCIPHER_ONLY, "encipherOnly"},
            {KU_DECIPHER_ONLY, "decipherOnly"},
        };
        for (const auto &[bit, name] : bits) {
            if (ku & bit)
                info.keyUsage.emplace_back(name);
        }
    }
    using EkuPtr = OsslPtr<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>;
    EkuPtr eku(static_cast<EXTENDED_KEY_USAGE *>(
        X509_get_ext_d2i(x, NID_ext_key_usage, nullptr, nullptr)));
    if (eku) {
        for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i)
            info.extendedKeyUsage.push_back(objectName(sk_ASN1_OBJECT_value(eku.get(), i)));
    }
    int crit = 0;
    using BcPtr = OsslPtr<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>;
    BcPtr bc(static_cast<BASIC_CONSTRAINTS *>(
        X509_get_ext_d2i(x, NID_basic_constraints, &crit, nullptr)));
    if (bc) {
        info.basicConstraints.present = true;
        info.basicConstraints.critical = crit == 1;
        info.basicConstraints.ca = bc->ca != 0;
        if (bc->pathlen)
            info.basicConstraints.pathLength = int(ASN1_INTEGER_get(bc->pathlen));
    }
}

void collectUrls(X509 *x, CertificateInfo &info) {
    using CrlDpPtr = OsslPtr<CRL_DIST_POINTS, CRL_DIST_POINTS_free>;
    CrlDpPtr dps(static_cast<CRL_DIST_POINTS *>(
        X509_get_ext_d2i(x, NID_crl_distribution_points, nullptr, nullptr)));
    if (dps) {
        for (int i = 0; i < sk_DIST_POINT_num(dps.get()); ++i) {
            const DIST_POINT *dp = sk_DIST_POINT_value(dps.get(), i);
            if (!dp->distpoint || dp->distpoint->type != 0)
                continue;
            const GENERAL_NAMES *names = dp->distpoint->name.fullname;
            for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
                const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, j);
                if (gn->type == GEN_URI)
                    info.crlUrls.push_back(asn1String(gn->d.uniformResourceIdentifier));
            }
        }
    }
    using AiaPtr = OsslPtr<AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free>;
    AiaPtr aia(static_cast<AUTHORITY_INFO_ACCESS *>(
        X509_get_ext_d2i(x, NID_info_access, nullptr, nullptr)));
    if (aia) {
        for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
            const ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
            if (ad->location->type != GEN_URI)
                continue;
            const int method = OBJ_obj2nid(ad->method);
            const std::string url = asn1String(ad->location->d.uniformResourceIdentifier);
            if (method == NID_ad_OCSP)
                info.ocspUrls.push_back(url);
            else if (method == NID_ad_ca_issuers)
                info.caIssuerUrls.push_back(url);
        }
    }
}

std::string digestOf(X509 *x, const EVP_MD *md) {
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_digest(x, md, buf, &len) != 1) {
        ERR_clear_error();
        return {};
    }
    return hexColon(buf, len);
}

std::string commonNameOf(const X509_NAME *name) {
    const int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (idx < 0)
        return {};
    const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, idx);
    unsigned char *utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
    if (len < 0) {
        ERR_clear_error();
        return {};
    }
    std::string cn(reinterpret_cast<const char *>(utf8), size_t(len));
    OPENSSL_free(utf8);
    return cn;
}

} // namespace

Certificate::Certificate(x509_st *cert)
    : m_cert(cert) {}

Certificate::~Certificate() = default;

Certificate::Certificate(const Certificate &other)
    : m_cert(other.m_cert.get()) {
    if (m_cert)
        X509_up_ref(m_cert.get());
}

Certificate &Certificate::operator=(const Certificate &other) {
    if (this != &other) {
        if (other.m_cert)
            X509_up_ref(other.m_cert.get());
        m_cert.reset(other.m_cert.get());
    }
    return *this;
}

Certificate Certificate::adopt(x509_st *cert) {
    return Certificate(cert);
}

Result<Certificate> Certificate::fromData(std::string_view data) {
    auto all = loadCertificates(data);
    if (!all)
        return std::unexpected(all.error());
    return std::move(all->front());
}

Result<Certificate> Certificate::fromDer(std::string_view der) {
    ERR_clear_error();
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.data());
    X509 *x = d2i_X509(nullptr, &p, long(der.size()));
    if (!x)
        return opensslFail("cert.parse", "not a DER certificate");
    if (p != reinterpret_cast<const unsigned char *>(der.data()) + der.size()) {
        X509_free(x);
        return fail("cert.parse", "trailing bytes after the DER certificate");
    }
    return Certificate(x);
}

Result<std::string> Certificate::toPem() const {
    ERR_clear_error();
    BioPtr bio = newMemoryBio();
    if (!bio || PEM_write_bio_X509(bio.get(), m_cert.get()) != 1)
        return opensslFail("cert.write", "cannot write the certificate as PEM");
    return bioContents(bio.get());
}

Result<std::string> Certificate::toDer() const {
    ERR_clear_error();
    unsigned char *der = nullptr;
    const int len = i2d_X509(m_cert.get(), &der);
    if (len <= 0)
        return opensslFail("cert.write", "cannot write the certificate as DER");
    std::string out(reinterpret_cast<const char *>(der), size_t(len));
    OPENSSL_free(der);
    return out;
}

CertificateInfo Certificate::info() const {
    X509 *x = m_cert.get();
    CertificateInfo info;
    info.subject = nameToString(X509_get_subject_name(x));
    info.issuer = nameToString(X509_get_issuer_name(x));
    info.commonName = commonNameOf(X509_get_subject_name(x));
    info.version = int(X509_get_version(x)) + 1;
    if (BignumPtr bn{ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr)}) {
        if (OsslStringPtr hex{BN_bn2hex(bn.get())})
            info.serial = hex.get();
    }
    info.notBefore = fromAsn1Time(X509_get0_notBefore(x));
    info.notAfter = fromAsn1Time(X509_get0_notAfter(x));
    collectSans(x, info);
    info.publicKey = describeKey(X509_get0_pubkey(x));

    const int sigNid = X509_get_signature_nid(x);
    if (const char *ln = OBJ_nid2ln(sigNid))
        info.signatureAlgorithm = ln;
    int mdNid = NID_undef;
    int secBits = 0;
    if (X509_get_signature_info(x, &mdNid, nullptr, &secBits, nullptr) == 1) {
        if (mdNid != NID_undef) {
            if (const char *sn = OBJ_nid2sn(mdNid))
                info.signatureDigest = sn;
        }
        info.signatureSecurityBits = secBits;
    }
    collectUsage(x, info);
    if (const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(x))
        info.subjectKeyId = hexColon(ASN1_STRING_get0_data(ski), size_t(ASN1_STRING_length(ski)));
    if (const ASN1_OCTET_STRING *aki = X509_get0_authority_key_id(x))
        info.authorityKeyId = hexColon(ASN1_STRING_get0_data(aki), size_t(ASN1_STRING_length(aki)));
    info.sha256Fingerprint = digestOf(x, EVP_sha256());
    info.sha1Fingerprint = digestOf(x, EVP_sha1());
    collectUrls(x, info);
    info.selfIssued = isSelfIssued();
    info.selfSigned = X509_self_signed(x, 1) == 1;
    ERR_clear_error();
    return info;
}

std::string Certificate::subject() const {
    return nameToString(X509_get_subject_name(m_cert.get()));
}

std::string Certificate::issuer() const {
    return nameToString(X509_get_issuer_name(m_cert.get()));
}

std::chrono::system_clock::time_point Certificate::notBefore() const {
    return fromAsn1Time(X509_get0_notBefore(m_cert.get()));
}

std::chrono::system_clock::time_point Certificate::notAfter() const {
    return fromAsn1Time(X509_get0_notAfter(m_cert.get()));
}

std::string Certificate::sha256Fingerprint() const {
    return digestOf(m_cert.get(), EVP_sha256());
}

bool Certificate::coversHost(std::string_view host) const {
    CertificateInfo sans;
    collectSans(m_cert.get(), sans);
    const std::string ip = canonicalIp(host);
    if (!ip.empty()) {
        for (const std::string &a : sans.ipAddresses) {
            if (canonicalIp(a) == ip)
                return true;
        }
        return false;
    }
    for (const std::string &pattern : sans.dnsNames) {
        if (hostMatchesPattern(pattern, host))
            return true;
    }
    return false;
}

Validity Certificate::validityAt(std::chrono::system_clock::time_point at) const {
    if (at < notBefore())
        return Validity::NotYetValid;
    if (at > notAfter())
        return Validity::Expired;
    return Validity::Valid;
}

bool Certificate::expiresWithin(std::chrono::system_clock::time_point at,
                                std::chrono::seconds margin) const {
    return notAfter() <= at + margin;
}

bool Certificate::isSelfIssued() const {
    return X509_NAME_cmp(X509_get_subject_name(m_cert.get()), X509_get_issuer_name(m_cert.get())) ==
           0;
}

bool Certificate::isCa() const {
    return X509_check_ca(m_cert.get()) > 0;
}

bool Certificate::isIssuedBy(const Certificate &issuerCert) const {
    const bool ok = X509_check_issued(issuerCert.native(), m_cert.get()) == X509_V_OK &&
                    X509_verify(m_cert.get(), X509_get0_pubkey(issuerCert.native())) == 1;
    ERR_clear_error();
    return ok;
}

bool Certificate::operator==(const Certificate &other) const {
    if (!m_cert || !other.m_cert)
        return m_cert.get() == other.m_cert.get();
    return X509_cmp(m_cert.get(), other.m_cert.get()) == 0;
}

std::string_view toString(Validity validity) {
    switch (validity) {
    case Validity::Valid:
        return "valid";
    case Validity::NotYetValid:
        return "not yet valid";
    case Validity::Expired:
        return "expired";
    }
    return "unknown";
}

} // namespace gatehouse::core
