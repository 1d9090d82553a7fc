#include "gatewaytlspolicy.h"

#include "model/model.h"
#include "yaml/yamlfile.h"

#include <algorithm>

namespace gatehouse::core {

namespace {

std::string describeServer(const Gateway &gateway, const GatewayServer &server) {
    std::string s = gateway.meta.name.value + "/";
    if (server.name.isSet())
        s += server.name.value;
    else if (server.port.name.isSet())
        s += server.port.name.value;
    else
        s += "servers[" + std::to_string(server.index) + "]";
    if (server.port.number.isSet())
        s += " (port " + server.port.number.value + ")";
    return s;
}

bool serverMatches(const Gateway &gateway, const GatewayServer &server, std::string_view name) {
    std::string_view own = name;
    if (const size_t slash = name.find('/'); slash != std::string_view::npos) {
        if (name.substr(0, slash) != gateway.meta.name.value)
            return false;
        own = name.substr(slash + 1);
    }
    if ((server.name.isSet() && server.name.value == own) ||
        (server.port.name.isSet() && server.port.name.value == own) ||
        (server.port.number.isSet() && server.port.number.value == own))
        return true;
    return std::ranges::any_of(server.hosts, [&](const Scalar &h) {
        std::string_view host = h.value;
        if (const size_t slash = host.find('/'); slash != std::string_view::npos)
            host = host.substr(slash + 1);
        return host == own;
    });
}

} // namespace

Result<TlsPolicy> tlsPolicyFromGatewayServer(const Gateway &gateway, const GatewayServer &server) {
    TlsPolicy policy;
    policy.serverName = describeServer(gateway, server);
    auto minVersion = parseIstioTlsVersion(server.tls.minProtocolVersion.value);
    if (!minVersion) {
        Error e = minVersion.error();
        e.location.line = server.tls.minProtocolVersion.line;
        e.location.column = server.tls.minProtocolVersion.column;
        return std::unexpected(std::move(e));
    }
    auto maxVersion = parseIstioTlsVersion(server.tls.maxProtocolVersion.value);
    if (!maxVersion) {
        Error e = maxVersion.error();
        e.location.line = server.tls.maxProtocolVersion.line;
        e.location.column = server.tls.maxProtocolVersion.column;
        return std::unexpected(std::move(e));
    }
    policy.minVersion = *minVersion;
    policy.maxVersion = *maxVersion;
    for (const Scalar &c : server.tls.cipherSuites) {
        if (c.isSet())
            policy.cipherSuites.push_back(c.value);
    }
    for (const Scalar &h : server.hosts) {
        if (h.isSet())
            policy.hosts.push_back(h.value);
    }
    return policy;
}

Result<TlsPolicy> loadGatewayPolicy(const std::filesystem::path &file,
                                    std::string_view serverName) {
    auto yaml = YamlFile::load(file.string());
    if (!yaml)
        return std::unexpected(yaml.error());
    Model model;
    model.addFile(*yaml, 0);
    if (!model.errors.empty())
        return std::unexpected(model.errors.front());
    std::vector<std::pair<const Gateway *, const GatewayServer *>> found;
    std::vector<std::string> tlsServers;
    for (const Gateway &gw : model.gateways) {
        for (const GatewayServer &server : gw.servers) {
            // A plain-HTTP server with only tls.httpsRedirect terminates no TLS.
            const std::string &protocol = server.port.protocol.value;
            const bool terminatesTls =
                server.tls.mode.isSet() || protocol == "HTTPS" || protocol == "TLS";
            if (!server.tls.loc.present || !terminatesTls)
                continue;
            tlsServers.push_back(describeServer(gw, server));
            if (serverName.empty() || serverMatches(gw, server, serverName))
                found.emplace_back(&gw, &server);
        }
    }
    auto list = [&] {
        std::string s;
        for (const std::string &t : tlsServers)
            s += (s.empty() ? "" : ", ") + t;
        return s.empty() ? std::string("none") : s;
    };
    if (found.empty())
        return fail("policy.no_server",
                    serverName.empty() ? file.string() + " has no Gateway server with TLS settings"
                                       : "no Gateway server with TLS settings matches '" +
                                             std::string(serverName) + "' in " + file.string(),
                    "servers with TLS: " + list());
    if (found.size() > 1)
        return fail("policy.ambiguous",
                    "several Gateway servers match; pick one with --server NAME",
                    "servers with TLS: " + list());
    return tlsPolicyFromGatewayServer(*found.front().first, *found.front().second);
}

} // namespace gatehouse::core
