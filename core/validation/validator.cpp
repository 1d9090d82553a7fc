#include "validator.h"

#include "sink.h"

#include <algorithm>

namespace gatehouse::core {

std::vector<Finding> validateModel(const Workspace &workspace, const Model &model,
                                   const ValidationOptions &options) {
    std::vector<Finding> out;
    detail::FindingSink sink(workspace, out);
    for (const Error &e : model.errors)
        sink.error(e);
    const detail::RuleContext ctx{workspace, model, sink, options.now, options.expiryWarning};
    detail::checkGateways(ctx);
    detail::checkServiceEntries(ctx);
    detail::checkOtherResources(ctx);
    detail::checkCrossResource(ctx);
    detail::checkCertificates(ctx);
    detail::checkUnknownFields(ctx);
    // Stable order: by file, then position, then code.
    std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
        return std::tie(a.file, a.line, a.column, a.code) <
               std::tie(b.file, b.line, b.column, b.code);
    });
    return out;
}

const std::vector<std::string_view> &ruleCodes() {
    static const std::vector<std::string_view> codes{
        "analysis.credential-missing",
        "analysis.delegate-not-found",
        "analysis.subset-not-found",
        "analysis.gateway-conflict",
        "analysis.gateway-not-found",
        "analysis.host-not-in-gateway",
        "destinationrule.host",
        "destinationrule.subset-duplicate",
        "destinationrule.subset-name",
        "destinationrule.tls-client-cert",
        "destinationrule.tls-client-key",
        "destinationrule.tls-istio-mutual",
        "destinationrule.tls-mode",
        "exportto.duplicate",
        "exportto.none-mixed",
        "exportto.public-mixed",
        "exportto.value",
        "gateway.name",
        "gateway.server.bind",
        "gateway.server.host",
        "gateway.server.hosts",
        "gateway.server.port",
        "gateway.server.port-name",
        "gateway.server.port-name-duplicate",
        "gateway.server.port-number",
        "gateway.server.protocol",
        "gateway.server.redirect-non-http",
        "gateway.server.target-port",
        "gateway.server.tls-missing",
        "gateway.server.tls-on-http",
        "gateway.server.tls-on-plain",
        "gateway.servers",
        "gateway.tls.ca-missing",
        "gateway.tls.cert-missing",
        "gateway.tls.cert-sources",
        "gateway.tls.cipher-duplicate",
        "gateway.tls.cipher-invalid",
        "gateway.tls.cipher-tls13",
        "gateway.tls.crl",
        "gateway.tls.istio-mutual-extra",
        "gateway.tls.key-missing",
        "gateway.tls.legacy-no-ciphers",
        "gateway.tls.mode",
        "gateway.tls.passthrough-certs",
        "gateway.tls.version",
        "gateway.tls.version-order",
        "model.apiversion-missing",
        "model.kind-missing",
        "model.type",
        "model.unknown-kind",
        "schema.unknown-field",
        "security.cert.expired",
        "security.cert.expiring",
        "security.cert.host-not-covered",
        "security.cert.key-mismatch",
        "security.cert.not-yet-valid",
        "security.cert.unreadable",
        "security.configmap.private-key",
        "security.key.unreadable",
        "security.tls.old-version",
        "security.tls.skip-verify",
        "security.tls.weak-cipher",
        "serviceentry.address",
        "serviceentry.cidr-resolution",
        "serviceentry.dns-round-robin",
        "serviceentry.dns-wildcard",
        "serviceentry.endpoint-address",
        "serviceentry.endpoint-port",
        "serviceentry.endpoints-none",
        "serviceentry.endpoints-static",
        "serviceentry.host",
        "serviceentry.hosts",
        "serviceentry.location",
        "serviceentry.multi-host-tcp",
        "serviceentry.port-duplicate",
        "serviceentry.port-name",
        "serviceentry.port-name-duplicate",
        "serviceentry.port-number",
        "serviceentry.protocol",
        "serviceentry.resolution",
        "serviceentry.selector-and-endpoints",
        "sidecar.egress-host",
        "sidecar.egress-hosts",
        "sidecar.outbound-mode",
        "virtualservice.cors",
        "virtualservice.destination",
        "virtualservice.direct-response",
        "virtualservice.fault",
        "virtualservice.header-value",
        "virtualservice.host",
        "virtualservice.hosts",
        "virtualservice.http-route",
        "virtualservice.mirror",
        "virtualservice.redirect-code",
        "virtualservice.retries",
        "virtualservice.rewrite",
        "virtualservice.string-match",
        "virtualservice.tls-match",
        "virtualservice.weights",
        "yaml.syntax",
    };
    return codes;
}

std::vector<Finding> validateWorkspace(const Workspace &workspace,
                                       const ValidationOptions &options) {
    const Model model = workspace.buildModel();
    return validateModel(workspace, model, options);
}

} // namespace gatehouse::core
