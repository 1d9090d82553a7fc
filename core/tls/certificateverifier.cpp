#include "certificateverifier.h"

#include "detail/openssl.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <openssl/err.h>

namespace gatehouse::core {

using namespace detail;

std::string_view toString(VerifyProblem problem) {
    switch (problem) {
    case VerifyProblem::Expired:
        return "expired";
    case VerifyProblem::NotYetValid:
        return "not-yet-valid";
    case VerifyProblem::SelfSigned:
        return "self-signed";
    case VerifyProblem::UnknownIssuer:
        return "unknown-issuer";
    case VerifyProblem::HostnameNotCovered:
        return "hostname-not-covered";
    case VerifyProblem::WeakKey:
        return "weak-key";
    case VerifyProblem::Sha1Signature:
        return "sha1-signature";
    case VerifyProblem::CaFlagMissing:
        return "ca-flag-missing";
    case VerifyProblem::WrongEku:
        return "wrong-eku";
    case VerifyProblem::KeyMismatch:
        return "key-mismatch";
    case VerifyProblem::BadSignature:
        return "bad-signature";
    case VerifyProblem::Other:
        break;
    }
    return "other";
}

bool VerifyResult::has(VerifyProblem problem) const {
    return std::ranges::any_of(findings,
                               [problem](const VerifyFinding &f) { return f.problem == problem; });
}

namespace {

struct CallbackState {
    std::vector<VerifyFinding> findings;
};

VerifyProblem classify(int error) {
    switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return VerifyProblem::Expired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return VerifyProblem::NotYetValid;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return VerifyProblem::SelfSigned;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return VerifyProblem::UnknownIssuer;
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
        return VerifyProblem::CaFlagMissing;
    case X509_V_ERR_INVALID_PURPOSE:
        return VerifyProblem::WrongEku;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
        return VerifyProblem::BadSignature;
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
        return VerifyProblem::WeakKey;
    case X509_V_ERR_CA_MD_TOO_WEAK:
        return VerifyProblem::Sha1Signature;
    default:
        return VerifyProblem::Other;
    }
}

std::string describe(VerifyProblem problem, const std::string &subject, int error) {
    const std::string who = subject.empty() ? std::string("certificate") : "'" + subject + "'";
    switch (problem) {
    case VerifyProblem::Expired:
        return who + " has expired";
    case VerifyProblem::NotYetValid:
        return who + " is not yet valid";
    case VerifyProblem::SelfSigned:
        return who + " is self-signed and not trusted";
    case VerifyProblem::UnknownIssuer:
        return "the issuer of " + who + " is unknown (not presented and not trusted)";
    case VerifyProblem::CaFlagMissing:
        return who + " issues certificates but is not a CA (basicConstraints CA:TRUE missing)";
    case VerifyProblem::WrongEku:
        return who + " is not valid for this purpose (extendedKeyUsage)";
    case VerifyProblem::BadSignature:
        return "the signature on " + who + " does not verify";
    default:
        return who + ": " + X509_verify_cert_error_string(error);
    }
}

void addFinding(std::vector<VerifyFinding> &findings, VerifyProblem problem, int depth,
                const std::string &subject, std::string message) {
    const bool duplicate = std::ranges::any_of(
        findings, [&](const VerifyFinding &g) { return g.problem == problem && g.depth == depth; });
    if (!duplicate)
        findings.push_back({problem, depth, subject, std::move(message)});
}

int exDataIndex() {
    static const int index = X509_STORE_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

} // namespace

Result<VerifyResult> verifyChain(const std::vector<Certificate> &presented,
                                 const VerifyOptions &options) {
    if (presented.empty())
        return fail("verify.empty", "no certificate to verify");
    ERR_clear_error();
    X509StorePtr store(X509_STORE_new());
    if (!store)
        return opensslFail("verify.setup", "out of memory");
    for (const Certificate &anchor : options.trustAnchors) {
        if (X509_STORE_add_cert(store.get(), anchor.native()) != 1) {
            // Adding the same certificate twice is not a problem.
            ERR_clear_error();
        }
    }
    if (options.trustAnchors.empty() || options.useSystemTrust) {
        // The hashed certificate folder is looked up lazily (only the issuers needed are
        // read); parsing the whole bundle file instead costs ~100 ms per verification. The
        // bundle file is used when SSL_CERT_FILE alone is set or there is no such folder.
        const char *dirEnv = std::getenv(X509_get_default_cert_dir_env());
        const char *fileEnv = std::getenv(X509_get_default_cert_file_env());
        const std::string dir = dirEnv ? dirEnv : X509_get_default_cert_dir();
        const std::string file = fileEnv ? fileEnv : X509_get_default_cert_file();
        std::error_code ec;
        const bool haveDir = (dirEnv || !fileEnv) && std::filesystem::is_directory(dir, ec);
        if (haveDir ? X509_STORE_load_path(store.get(), dir.c_str()) != 1
                    : X509_STORE_load_file(store.get(), file.c_str()) != 1)
            return opensslFail("verify.setup", "cannot load the system trust store");
    }
    X509StackPtr untrusted(sk_X509_new_null());
    if (!untrusted)
        return opensslFail("verify.setup", "out of memory");
    for (size_t i = 1; i < presented.size(); ++i) {
        if (sk_X509_push(untrusted.get(), presented[i].native()) <= 0)
            return opensslFail("verify.setup", "out of memory");
        X509_up_ref(presented[i].native());
    }
    X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), presented.front().native(),
                                    untrusted.get()) != 1)
        return opensslFail("verify.setup", "cannot set up chain verification");

    const auto at = options.at.value_or(std::chrono::system_clock::now());
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(at));
    // Key size and digest strength are checked below with our own thresholds.
    X509_VERIFY_PARAM_set_auth_level(param, 0);

    CallbackState state;
    const int index = exDataIndex();
    X509_STORE_CTX_set_ex_data(ctx.get(), index, &state);
    X509_STORE_CTX_set_verify_cb(ctx.get(), [](int ok, X509_STORE_CTX *c) -> int {
        if (ok)
            return 1;
        auto *s = static_cast<CallbackState *>(X509_STORE_CTX_get_ex_data(c, exDataIndex()));
        const int error = X509_STORE_CTX_get_error(c);
        const int depth = X509_STORE_CTX_get_error_depth(c);
        X509 *cert = X509_STORE_CTX_get_current_cert(c);
        const std::string subject =
            cert ? nameToString(X509_get_subject_name(cert)) : std::string();
        const VerifyProblem problem = classify(error);
        addFinding(s->findings, problem, depth, subject, describe(problem, subject, error));
        return 1; // keep going: report every problem, not only the first
    });

    X509_verify_cert(ctx.get());
    ERR_clear_error();

    VerifyResult result;
    result.findings = std::move(state.findings);
    X509StackPtr built(X509_STORE_CTX_get1_chain(ctx.get()));
    if (built && sk_X509_num(built.get()) > 0) {
        for (int i = 0; i < sk_X509_num(built.get()); ++i) {
            X509 *x = sk_X509_value(built.get(), i);
            X509_up_ref(x);
            result.chain.push_back(Certificate::adopt(x));
        }
    } else {
        result.chain = presented;
    }

    // Our own checks over the chain as built.
    for (size_t depth = 0; depth < result.chain.size(); ++depth) {
        const Certificate &cert = result.chain[depth];
        const CertificateInfo info = cert.info();
        const bool isAnchor =
            std::ranges::any_of(options.trustAnchors,
                                [&](const Certificate &a) { return a == cert; }) ||
            (depth + 1 == result.chain.size() && info.selfSigned && depth > 0);
        const PublicKeyInfo &key = info.publicKey;
        const bool weak = ((key.type == KeyType::Rsa || key.type == KeyType::Dsa) &&
                           key.bits < options.minRsaBits) ||
                          (key.type == KeyType::Ec && key.bits < options.minEcBits);
        if (weak)
            addFinding(result.findings, VerifyProblem::WeakKey, int(depth), info.subject,
                       "'" + info.subject + "' has a weak " + key.description() + " key");
        const bool sha1 = info.signatureDigest == "SHA1" || info.signatureDigest == "MD5" ||
                          info.signatureDigest == "MD4";
        if (sha1 && !isAnchor)
            addFinding(result.findings, VerifyProblem::Sha1Signature, int(depth), info.subject,
                       "'" + info.subject + "' is signed with " + info.signatureDigest);
        if (depth > 0 && !cert.isCa())
            addFinding(result.findings, VerifyProblem::CaFlagMissing, int(depth), info.subject,
                       "'" + info.subject +
                           "' issues certificates but is not a CA (basicConstraints CA:TRUE "
                           "missing)");
        if (depth == 0 && options.purpose != CertificatePurpose::Any &&
            !info.extendedKeyUsage.empty()) {
            const char *needed =
                options.purpose == CertificatePurpose::ServerAuth ? "serverAuth" : "clientAuth";
            const bool allowed =
                std::ranges::any_of(info.extendedKeyUsage, [&](const std::string &e) {
                    return e == needed || e == "anyExtendedKeyUsage";
                });
            if (!allowed)
                addFinding(result.findings, VerifyProblem::WrongEku, 0, info.subject,
                           "'" + info.subject + "' is not valid for " + needed +
                               " (extendedKeyUsage)");
        }
    }
    const Certificate &leaf = presented.front();
    if (!options.host.empty() && !leaf.coversHost(options.host))
        addFinding(result.findings, VerifyProblem::HostnameNotCovered, 0, leaf.subject(),
                   "the certificate does not cover host " + options.host);
    if (options.privateKey && !options.privateKey->matches(leaf))
        addFinding(result.findings, VerifyProblem::KeyMismatch, 0, leaf.subject(),
                   "the private key does not belong to the certificate");
    ERR_clear_error();
    return result;
}

} // namespace gatehouse::core
