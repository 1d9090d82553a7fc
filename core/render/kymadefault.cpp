#include "kymadefault.h"

#include "tlsresources.h"

#include "tls/certificate.h"
#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"
#include "tls/privatekey.h"
#include "validation/names.h"
#include "workspace/atomicfile.h"
#include "yaml/yamlfile.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <filesystem>

namespace gatehouse::core {

namespace {

YAML::Node kymaGateway(const std::string &domain) {
    const std::string host = "*." + domain;
    YAML::Node g;
    g["apiVersion"] = "networking.istio.io/v1beta1";
    g["kind"] = "Gateway";
    g["metadata"]["name"] = "kyma-gateway";
    g["metadata"]["namespace"] = kKymaGatewayNamespace;
    g["spec"]["selector"]["istio"] = "ingressgateway";

    YAML::Node https;
    https["port"]["number"] = 443;
    https["port"]["name"] = "https";
    https["port"]["protocol"] = "HTTPS";
    https["hosts"].push_back(host);
    https["tls"]["mode"] = "SIMPLE";
    https["tls"]["credentialName"] = kKymaCertSecretName;
    https["tls"]["minProtocolVersion"] = "TLSV1_2";
    for (const std::string &c : kymaCipherSuites())
        https["tls"]["cipherSuites"].push_back(c);

    YAML::Node http;
    http["port"]["number"] = 80;
    http["port"]["name"] = "http";
    http["port"]["protocol"] = "HTTP";
    http["hosts"].push_back(host);
    http["tls"]["httpsRedirect"] = true;

    g["spec"]["servers"].push_back(https);
    g["spec"]["servers"].push_back(http);
    return g;
}

} // namespace

const std::vector<std::string> &kymaCipherSuites() {
    static const std::vector<std::string> suites{
        "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-SHA",
        "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA"};
    return suites;
}

Result<std::vector<RenderedFile>> renderKymaDefault(const KymaDefaultOptions &options) {
    if (const std::string why = names::fqdnError(options.domain); !why.empty())
        return fail("render.domain", "domain '" + options.domain + "' is not valid: " + why);
    if (options.certFile.empty() != options.keyFile.empty())
        return fail("render.cert", "give both --cert and --key, or neither for a self-signed "
                                   "demo certificate");

    std::string certPem;
    std::string keyPem;
    if (!options.certFile.empty()) {
        auto chain = loadCertificatesFile(options.certFile);
        if (!chain)
            return fail(chain.error().code,
                        "'" + options.certFile +
                            "' holds no readable certificate: " + chain.error().message,
                        chain.error().detail, SourceLocation{options.certFile});
        auto key = PrivateKey::load(options.keyFile);
        if (!key)
            return fail(key.error().code,
                        "'" + options.keyFile +
                            "' holds no readable private key: " + key.error().message,
                        {}, SourceLocation{options.keyFile});
        if (!key->matches(chain->front()))
            return fail("render.key-mismatch", "the key in '" + options.keyFile +
                                                   "' does not belong to the certificate in '" +
                                                   options.certFile + "'");
        for (const Certificate &c : *chain) {
            auto pem = c.toPem();
            if (!pem)
                return std::unexpected(pem.error());
            certPem += *pem;
        }
        auto kp = key->toPem();
        if (!kp)
            return std::unexpected(kp.error());
        keyPem = std::move(*kp);
    } else {
        // RSA: the five ECDHE-RSA suites need an RSA certificate.
        auto key = PrivateKey::generate(KeyAlgorithm::Rsa2048);
        if (!key)
            return std::unexpected(key.error());
        CertificateSpec spec = CertificateSpec::serverLeaf({"*." + options.domain, options.domain},
                                                           std::chrono::hours(24 * 365));
        spec.subject = "CN=*." + options.domain + ",O=Gatehouse demo";
        auto cert = createSelfSigned(spec, *key);
        if (!cert)
            return std::unexpected(cert.error());
        auto cp = cert->toPem();
        auto kp = key->toPem();
        if (!cp)
            return std::unexpected(cp.error());
        if (!kp)
            return std::unexpected(kp.error());
        certPem = std::move(*cp);
        keyPem = std::move(*kp);
    }

    std::vector<RenderedFile> out;
    out.push_back({"kyma-gateway.yaml", YamlFile::emit(kymaGateway(options.domain)), false});
    out.push_back({"tls-overrides.yaml",
                   YamlFile::emit(tlsOverrideConfigMap(kKymaOverrideName, certPem, keyPem)), true});
    out.push_back({"kyma-gateway-certs.yaml",
                   YamlFile::emit(tlsSecret("istio-system", kKymaCertSecretName, certPem, keyPem,
                                            SecretFlavor::KymaOpaque)),
                   true});
    return out;
}

std::string joinDocuments(const std::vector<RenderedFile> &files) {
    std::string s;
    for (const RenderedFile &f : files) {
        s += "---\n";
        s += f.text;
    }
    return s;
}

std::string defaultDemoWorkspaceFolder() {
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return (base + QStringLiteral("/gatehouse/demo")).toStdString();
}

Result<std::string> materialiseDemoWorkspace(const std::string &folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        return fail("io.write", "cannot create folder '" + folder + "'", ec.message(),
                    SourceLocation{folder});
    auto rendered = renderKymaDefault({});
    if (!rendered)
        return std::unexpected(rendered.error());
    std::vector<RenderedFile> files = std::move(*rendered);
    const QDir embedded(QStringLiteral(":/gatehouse/demo"));
    for (const QString &name : embedded.entryList(QDir::Files, QDir::Name)) {
        QFile f(embedded.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            return fail("io.read", "cannot read embedded demo file " + name.toStdString());
        files.push_back({name.toStdString(), f.readAll().toStdString(), false});
    }
    for (const RenderedFile &f : files) {
        const std::string path = (std::filesystem::path(folder) / f.name).string();
        if (std::filesystem::exists(path, ec))
            continue;
        if (auto s = writeFileAtomically(
                path, f.text, f.holdsPrivateKey ? FileSecrecy::Private : FileSecrecy::Public);
            !s)
            return std::unexpected(s.error());
    }
    return folder;
}

} // namespace gatehouse::core
