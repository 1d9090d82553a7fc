#include "names.h"
#include "sink.h"
#include "validator.h"

#include <algorithm>
#include <map>
#include <set>

namespace gatehouse::core {

namespace {

constexpr std::string_view kIstioCiphers[] = {
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-AES128-SHA",
    "ECDHE-ECDSA-AES256-SHA",
    "ECDHE-RSA-AES256-SHA",
    "AES128-GCM-SHA256",
    "AES256-GCM-SHA384",
    "AES128-SHA",
    "AES256-SHA",
    "DES-CBC3-SHA",
};

constexpr std::string_view kTls13Ciphers[] = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                              "TLS_CHACHA20_POLY1305_SHA256",
                                              "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"};

constexpr std::string_view kTlsModes[] = {"PASSTHROUGH",      "SIMPLE",       "MUTUAL",
                                          "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"};
constexpr std::string_view kTlsVersions[] = {"TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2",
                                             "TLSV1_3"};

template <size_t N> bool contains(const std::string_view (&list)[N], std::string_view v) {
    return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

int versionRank(const std::string &v) {
    if (v == "TLSV1_0")
        return 10;
    if (v == "TLSV1_1")
        return 11;
    if (v == "TLSV1_2")
        return 12;
    if (v == "TLSV1_3")
        return 13;
    return 0; // TLS_AUTO / unset
}

void checkServerTls(const detail::RuleContext &ctx, const Gateway &g, const GatewayServer &srv) {
    using enum Severity;
    const ServerTlsSpec &t = srv.tls;
    const ResourceMeta &m = g.meta;
    auto &sink = ctx.sink;
    if (!t.loc.present)
        return;

    if (t.mode.isSet() && !contains(kTlsModes, t.mode.value))
        sink.at(m, t.mode, Error, "gateway.tls.mode",
                "unknown TLS mode '" + t.mode.value +
                    "'; use PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH, ISTIO_MUTUAL or "
                    "OPTIONAL_MUTUAL");
    for (const Scalar *v : {&t.minProtocolVersion, &t.maxProtocolVersion}) {
        if (v->isSet() && !contains(kTlsVersions, v->value))
            sink.at(m, *v, Error, "gateway.tls.version",
                    "unknown TLS version '" + v->value +
                        "'; use TLS_AUTO, TLSV1_0, TLSV1_1, TLSV1_2 or TLSV1_3");
    }
    const int minRank = versionRank(t.minProtocolVersion.value);
    const int maxRank = versionRank(t.maxProtocolVersion.value);
    if (minRank && maxRank && minRank > maxRank)
        sink.at(m, t.maxProtocolVersion, Error, "gateway.tls.version-order",
                "maxProtocolVersion " + t.maxProtocolVersion.value +
                    " is below minProtocolVersion " + t.minProtocolVersion.value +
                    ": no TLS version can be negotiated");

    // Istio: legacy versions need explicit ciphers (the defaults have none for them).
    if ((minRank == 10 || minRank == 11) && t.cipherSuites.empty())
        sink.at(m, t.minProtocolVersion, Warning, "gateway.tls.legacy-no-ciphers",
                "TLS versions below TLSV1_2 need cipherSuites set: the default list has no "
                "cipher they can use");
    if (minRank == 10 || minRank == 11)
        sink.at(m, t.minProtocolVersion, Warning, "security.tls.old-version",
                "minProtocolVersion " + t.minProtocolVersion.value +
                    " allows TLS 1.0/1.1, which are deprecated (RFC 8996); use TLSV1_2 or "
                    "higher");

    std::set<std::string> seen;
    for (const Scalar &cs : t.cipherSuites) {
        if (isTls13CipherSuite(cs.value)) {
            sink.at(m, cs, Warning, "gateway.tls.cipher-tls13",
                    "'" + cs.value +
                        "' is a TLS 1.3 suite: cipherSuites applies to TLS 1.2 and below only, "
                        "so it is ignored (TLS 1.3 suites are not configurable)");
            continue;
        }
        if (!isIstioCipherSuite(cs.value)) {
            sink.at(m, cs, Warning, "gateway.tls.cipher-invalid",
                    "'" + cs.value + "' is not a cipher suite Istio accepts; it is ignored");
            continue;
        }
        if (!seen.insert(cs.value).second) {
            sink.at(m, cs, Warning, "gateway.tls.cipher-duplicate",
                    "cipher suite '" + cs.value +
                        "' is listed more than once; the duplicate "
                        "is ignored");
            continue;
        }
        if (const std::string why = weakCipherReason(cs.value);
            !why.empty() && contains(kIstioCiphers, cs.value))
            sink.at(m, cs, Warning, "security.tls.weak-cipher",
                    "cipher suite '" + cs.value + "' is weak: " + why);
    }

    const std::string &mode = t.mode.value;
    const bool hasCred = t.credentialName.isSet() || !t.credentialNames.empty();
    if (mode == "ISTIO_MUTUAL") {
        const std::pair<const Scalar *, const char *> extra[] = {
            {&t.serverCertificate, "server certificate"},
            {&t.privateKey, "private key"},
            {&t.caCertificates, "CA bundle"},
            {&t.credentialName, "credentialName"}};
        for (const auto &[s, what] : extra) {
            if (s->isSet())
                sink.at(m, *s, Error, "gateway.tls.istio-mutual-extra",
                        std::string("ISTIO_MUTUAL TLS cannot have an associated ") + what +
                            ": Istio supplies the workload certificates itself");
        }
        return;
    }
    if (mode == "PASSTHROUGH" || mode == "AUTO_PASSTHROUGH") {
        if (t.caCrl.isSet() || t.serverCertificate.isSet() || t.privateKey.isSet() ||
            t.caCertificates.isSet() || hasCred)
            sink.at(m, t.mode, Warning, "gateway.tls.passthrough-certs",
                    mode + " mode does not use certificates; they will be ignored");
    }
    int sources = 0;
    sources += (t.serverCertificate.isSet() && t.privateKey.isSet()) ? 1 : 0;
    sources += t.credentialName.isSet() ? 1 : 0;
    sources += t.credentialNames.empty() ? 0 : 1;
    if (sources > 1)
        sink.at(m, t.loc, Error, "gateway.tls.cert-sources",
                "only one of credentialName, credentialNames and serverCertificate/privateKey "
                "may be set");
    const bool terminating = mode == "SIMPLE" || mode == "MUTUAL" || mode == "OPTIONAL_MUTUAL";
    if (terminating && !hasCred) {
        const std::string prefix = mode == "SIMPLE" ? "SIMPLE TLS" : "MUTUAL TLS";
        if (mode != "SIMPLE" && !t.caCertificates.isSet())
            sink.at(m, t.loc, Error, "gateway.tls.ca-missing",
                    prefix + " requires a client CA bundle (caCertificates) or a credentialName "
                             "whose Secret holds ca.crt");
        if (!t.serverCertificate.isSet())
            sink.at(m, t.loc, Error, "gateway.tls.cert-missing",
                    prefix + " requires a server certificate: set credentialName (a Secret) or "
                             "serverCertificate and privateKey");
        if (!t.privateKey.isSet())
            sink.at(m, t.loc, Error, "gateway.tls.key-missing",
                    prefix + " requires a private key: set credentialName (a Secret) or "
                             "serverCertificate and privateKey");
    }
    if (t.caCrl.isSet()) {
        if (t.credentialName.isSet())
            sink.at(m, t.caCrl, Error, "gateway.tls.crl",
                    "caCrl is not supported with credentialName; put the CRL in the credential");
        if (mode == "SIMPLE")
            sink.at(m, t.caCrl, Error, "gateway.tls.crl",
                    "caCrl is not supported with SIMPLE TLS (no client certificates)");
    }
}

void checkServerHosts(const detail::RuleContext &ctx, const Gateway &g, const GatewayServer &srv) {
    using enum Severity;
    const ResourceMeta &m = g.meta;
    if (srv.hosts.empty()) {
        ctx.sink.at(m, srv.hostsLoc.present ? srv.hostsLoc : srv.loc, Error, "gateway.server.hosts",
                    "server config must contain at least one host");
        return;
    }
    for (const Scalar &h : srv.hosts) {
        const std::string &host = h.value;
        const size_t slash = host.find('/');
        std::string dns = host;
        if (slash != std::string::npos) {
            const std::string ns = host.substr(0, slash);
            dns = host.substr(slash + 1);
            if (ns.empty() || dns.empty()) {
                ctx.sink.at(m, h, Error, "gateway.server.host",
                            "host '" + host +
                                "': namespace and dnsName in a host entry cannot be empty");
                continue;
            }
            if (ns != "*" && ns != "." && !names::isDns1123Label(ns))
                ctx.sink.at(m, h, Error, "gateway.server.host",
                            "host '" + host + "': invalid namespace value '" + ns +
                                "' (use *, . or a namespace name)");
        }
        if (dns != "*" && dns.find('.') == std::string::npos) {
            ctx.sink.at(m, h, Error, "gateway.server.host",
                        "host '" + host + "': short names (non FQDN) are not allowed");
            continue;
        }
        if (const std::string why = names::wildcardDomainError(dns);
            !why.empty() && !names::isIpAddress(dns))
            ctx.sink.at(m, h, Error, "gateway.server.host", "host '" + host + "': " + why);
    }
}

void checkGateway(const detail::RuleContext &ctx, const Gateway &g) {
    using enum Severity;
    const ResourceMeta &m = g.meta;
    auto &sink = ctx.sink;
    if (!names::isDns1123Label(m.name.value))
        sink.at(m, m.name, Error, "gateway.name",
                "invalid gateway name '" + m.name.value +
                    "': it must be a DNS-1123 label (lower case letters, digits and '-', "
                    "no dots, at most 63 characters)");
    if (g.servers.empty())
        sink.at(m, g.serversLoc.present ? g.serversLoc : m.root, Error, "gateway.servers",
                "gateway must have at least one server");

    std::map<std::string, int> portNames;
    for (const GatewayServer &srv : g.servers) {
        checkServerHosts(ctx, g, srv);
        const PortSpec &p = srv.port;
        bool portOk = true;
        if (!p.loc.present) {
            sink.at(m, srv.loc, Error, "gateway.server.port", "port is required");
            portOk = false;
        } else {
            if (!names::isKnownProtocol(p.protocol.value)) {
                sink.at(m,
                        p.protocol.present
                            ? NodeLoc{true, p.protocol.line, p.protocol.column, p.protocol.path}
                            : p.loc,
                        Error, "gateway.server.protocol",
                        "invalid protocol '" + p.protocol.value +
                            "'; supported protocols are HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, TLS, "
                            "TCP, MONGO, REDIS, MYSQL");
                portOk = false;
            }
            const auto n = p.number.toInt();
            if (!n || *n < 1 || *n > 65535) {
                sink.at(m,
                        p.number.present
                            ? NodeLoc{true, p.number.line, p.number.column, p.number.path}
                            : p.loc,
                        Error, "gateway.server.port-number",
                        "port number " + (p.number.value.empty() ? "(none)" : p.number.value) +
                            " must be in the range 1..65535");
                portOk = false;
            }
            if (p.targetPort.isSet() && p.targetPort.toInt().value_or(0) > 0)
                sink.at(m, p.targetPort, Error, "gateway.server.target-port",
                        "targetPort has no impact on Gateways; remove it");
            if (!p.name.isSet())
                sink.at(m, p.loc, Error, "gateway.server.port-name", "port name must be set");
            else if (++portNames[p.name.value] == 2)
                sink.at(m, p.name, Error, "gateway.server.port-name-duplicate",
                        "port names in servers must be unique: duplicate name '" + p.name.value +
                            "'");
        }
        if (srv.bind.isSet() && !srv.bind.value.starts_with("unix://") &&
            !names::isIpAddress(srv.bind.value))
            sink.at(m, srv.bind, Error, "gateway.server.bind",
                    "bind '" + srv.bind.value + "' is not an IP address or unix:// path");

        checkServerTls(ctx, g, srv);

        if (portOk) {
            const bool tlsProto = names::isTlsProtocol(p.protocol.value);
            const bool httpProto = names::isHttpProtocol(p.protocol.value);
            const ServerTlsSpec &t = srv.tls;
            if (tlsProto && !t.loc.present)
                sink.at(m, p.protocol, Error, "gateway.server.tls-missing",
                        "server with protocol " + p.protocol.value +
                            " must have TLS settings (tls: mode, and a credentialName)");
            else if (!tlsProto && t.loc.present) {
                if (httpProto) {
                    const bool onlyRedirect = !t.mode.isSet() || t.mode.value == "PASSTHROUGH";
                    if (!onlyRedirect || t.caCertificates.isSet() || t.privateKey.isSet() ||
                        t.serverCertificate.isSet())
                        sink.at(m, t.loc, Error, "gateway.server.tls-on-http",
                                "server cannot have TLS settings for plain text HTTP ports "
                                "(only tls.httpsRedirect is allowed there)");
                } else {
                    sink.at(m, t.loc, Error, "gateway.server.tls-on-plain",
                            "server cannot have TLS settings for non HTTPS/TLS ports");
                }
            }
            if (!httpProto && t.httpsRedirect.toBool().value_or(false))
                sink.at(m, t.httpsRedirect, Warning, "gateway.server.redirect-non-http",
                        "tls.httpsRedirect should only be used with HTTP servers");
        }
    }
}

} // namespace

bool isIstioCipherSuite(std::string_view name) {
    if (name.empty() || name == "ALL")
        return true;
    // Istio lets expressions with operators through (e.g. "-AES128-SHA", "[A|B]").
    if (!std::isalnum(static_cast<unsigned char>(name.front())))
        return true;
    return contains(kIstioCiphers, name);
}

bool isTls13CipherSuite(std::string_view name) {
    return contains(kTls13Ciphers, name);
}

std::string weakCipherReason(std::string_view name) {
    if (name == "DES-CBC3-SHA")
        return "3DES has a 64-bit block (Sweet32), CBC mode with a SHA-1 MAC and no forward "
               "secrecy";
    const bool forwardSecret = name.starts_with("ECDHE-");
    const bool cbc = name.ends_with("-SHA");
    if (cbc && !forwardSecret)
        return "CBC mode with a SHA-1 MAC (padding-oracle attacks such as Lucky13) and RSA key "
               "exchange without forward secrecy";
    if (cbc)
        return "CBC mode with a SHA-1 MAC (padding-oracle attacks such as Lucky13); prefer the "
               "GCM or CHACHA20-POLY1305 suites";
    if (!forwardSecret && name != "ALL")
        return "RSA key exchange has no forward secrecy; prefer an ECDHE suite";
    return {};
}

namespace detail {

void checkGateways(const RuleContext &ctx) {
    for (const Gateway &g : ctx.model.gateways)
        checkGateway(ctx, g);
}

} // namespace detail
} // namespace gatehouse::core
