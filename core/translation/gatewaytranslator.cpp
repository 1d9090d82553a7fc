#include "translation/gatewaytranslator.h"

#include "gateway/headervalue.h"
#include "model/model.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace gatehouse::core {

namespace gw = gatehouse::gateway;

namespace {

// HTTP field names as Envoy keeps them: ASCII lower case.
std::string lowerName(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

std::optional<int> toInt(std::string_view s) {
    int v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

Result<gw::Endpoint> parseHostPort(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return fail("translation.endpoint", "'" + std::string(text) + "' is not HOST:PORT");
    std::string host(text.substr(0, colon));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const auto port = toInt(text.substr(colon + 1));
    if (!port || *port <= 0 || *port > 65535)
        return fail("translation.endpoint", "'" + std::string(text) + "' has no valid port");
    return gw::Endpoint{host, std::uint16_t(*port)};
}

// "ns/host", "*/host", "./host" -> "host" (the namespace part selects VirtualServices).
std::string hostOf(const std::string &gatewayHost) {
    const auto slash = gatewayHost.find('/');
    return slash == std::string::npos ? gatewayHost : gatewayHost.substr(slash + 1);
}

// Istio's host matching between a Gateway server host and a VirtualService host.
bool hostsIntersect(const std::string &a, const std::string &b) {
    if (a == "*" || b == "*" || a == b)
        return true;
    auto wildcardCovers = [](const std::string &w, const std::string &h) {
        return w.size() > 1 && w[0] == '*' && h.size() >= w.size() - 1 &&
               h.compare(h.size() - (w.size() - 1), w.size() - 1, w, 1) == 0;
    };
    return wildcardCovers(a, b) || wildcardCovers(b, a);
}

gw::TlsVersion tlsVersion(const Scalar &s) {
    if (s.value == "TLSV1_0")
        return gw::TlsVersion::V1_0;
    if (s.value == "TLSV1_1")
        return gw::TlsVersion::V1_1;
    if (s.value == "TLSV1_2")
        return gw::TlsVersion::V1_2;
    if (s.value == "TLSV1_3")
        return gw::TlsVersion::V1_3;
    return gw::TlsVersion::Auto;
}

std::optional<std::string> readFile(const std::string &base, const std::string &path) {
    std::string full = path;
    if (!path.empty() && path[0] != '/' && !base.empty())
        full = base + '/' + path;
    std::ifstream in(full, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Builder {
    const Model &model;
    const TranslationOptions &opt;
    Translation out;
    gw::Config &cfg;
    std::map<std::string, int> clusterIndex;
    std::map<int, int> listenerByPort; // local port (or -gateway port) -> index
    std::map<std::string, int> tableIndex;
    // The namespace of the Gateway being built: the DestinationRules and credential Secrets
    // its Envoy would see. A cluster is made once, for the first gateway that routes to it.
    std::string gatewayNs = "istio-system";
    // The first error found where a Result cannot be returned (a cluster's TLS files).
    Status deferred;

    Builder(const Model &m, const TranslationOptions &o)
        : model(m)
        , opt(o)
        , out{std::make_shared<gw::Config>(), {}}
        , cfg(*out.config) {}

    // Once each: a VirtualService bound to several servers is translated for each.
    void warn(std::string text) {
        if (std::find(out.warnings.begin(), out.warnings.end(), text) == out.warnings.end())
            out.warnings.push_back(std::move(text));
    }

    Result<int> localPort(int gatewayPort) {
        if (auto it = opt.portMap.find(gatewayPort); it != opt.portMap.end())
            return it->second;
        if (gatewayPort < 1024)
            return fail("translation.port", "Gateway port " + std::to_string(gatewayPort) +
                                                " is privileged; map it with --port-map " +
                                                std::to_string(gatewayPort) + "=<local port>");
        return gatewayPort;
    }

    // Local endpoints for `host` (`port`), from --upstream or the endpoints file under any of
    // the names it may have there: "host:port", "host", "short:port", "short" (each with
    // "/subset" when `subset` is set).
    std::vector<gw::Endpoint> optionEndpoints(const std::string &host, int port,
                                              const std::string &subset) const {
        const std::string shortName = host.substr(0, host.find('.'));
        const std::string tag = subset.empty() ? std::string() : '/' + subset;
        for (const std::string &key :
             {host + tag + ':' + std::to_string(port), host + tag,
              shortName + tag + ':' + std::to_string(port), shortName + tag}) {
            if (auto it = opt.upstreams.find(key); it != opt.upstreams.end())
                return it->second;
        }
        return {};
    }

    // ServiceEntry static endpoints of `host`; with `labels` (a subset's), only those whose
    // labels include them all, as Istio selects a subset's endpoints.
    std::vector<gw::Endpoint> serviceEntryEndpoints(const std::string &host, int port,
                                                    const ScalarMap *labels) const {
        std::vector<gw::Endpoint> endpoints;
        for (const ServiceEntry &se : model.serviceEntries) {
            const bool matches = std::any_of(se.hosts.begin(), se.hosts.end(),
                                             [&](const Scalar &h) { return h.value == host; });
            if (!matches)
                continue;
            for (const WorkloadEntrySpec &we : se.endpoints) {
                if (labels) {
                    const bool selected = std::all_of(
                        labels->entries.begin(), labels->entries.end(), [&](const auto &kv) {
                            const Scalar *v = we.labels.find(kv.first.value);
                            return v && v->value == kv.second.value;
                        });
                    if (!selected)
                        continue;
                }
                // The service port the destination names (the only one when it names none);
                // the endpoint's port of that name, else its only port, else the service's.
                const PortSpec *sp = nullptr;
                for (const PortSpec &ps : se.ports)
                    if (ps.number.toInt().value_or(0) == port ||
                        (port == 0 && se.ports.size() == 1))
                        sp = &ps;
                int p = sp ? int(sp->number.toInt().value_or(0)) : port;
                const Scalar *named =
                    sp && sp->name.isSet() ? we.ports.find(sp->name.value) : nullptr;
                if (!named && we.ports.entries.size() == 1)
                    named = &we.ports.entries.front().second;
                if (named && named->toInt())
                    p = int(*named->toInt());
                if (we.address.isSet() && p > 0)
                    endpoints.push_back({we.address.value, std::uint16_t(p)});
            }
            if (!labels && endpoints.empty() && se.resolution.value.starts_with("DNS") && port > 0)
                endpoints.push_back({host, std::uint16_t(port)});
        }
        return endpoints;
    }

    // The cluster for a destination (host as written in namespace `ns`, port, subset), named
    // as Istio names it, "outbound|port|subset|host". Endpoints from --upstream, the
    // endpoints file, or ServiceEntry static endpoints (a subset's own first, else the
    // host's); none: the cluster answers 503. The DestinationRule for the host gives the
    // subset and the TLS towards the endpoints (the subset's tls replaces the rule's).
    std::string cluster(const std::string &host, int port, const std::string &subset,
                        const std::string &ns) {
        const std::string name = "outbound|" + (port > 0 ? std::to_string(port) : std::string()) +
                                 '|' + subset + '|' + host;
        if (clusterIndex.count(name))
            return name;
        const std::string shortName = host.substr(0, host.find('.'));
        const std::string shown = host + (port > 0 ? ":" + std::to_string(port) : "");
        const DestinationRule *dr = model.findDestinationRule(host, ns, gatewayNs);
        const SubsetSpec *ss = dr && !subset.empty() ? dr->findSubset(subset) : nullptr;
        gw::Cluster c{name, {}, {}};
        if (!subset.empty() && !ss) {
            warn("destination '" + shown + "' subset '" + subset + "': " +
                 (dr ? dr->meta.displayName() + " defines no such subset"
                     : std::string("no DestinationRule for the host defines it")) +
                 " (Istio has no such cluster); it answers 503");
        } else {
            if (ss) {
                c.endpoints = optionEndpoints(host, port, subset);
                if (c.endpoints.empty() && !ss->labels.entries.empty())
                    c.endpoints = serviceEntryEndpoints(host, port, &ss->labels);
            }
            if (c.endpoints.empty()) {
                c.endpoints = optionEndpoints(host, port, {});
                if (c.endpoints.empty())
                    c.endpoints = serviceEntryEndpoints(host, port, nullptr);
                if (ss && !c.endpoints.empty())
                    warn("destination '" + shown + "' subset '" + subset +
                         "' has no endpoint of its own (--upstream " + shortName + '/' + subset +
                         "=HOST:PORT, or ServiceEntry endpoints with its labels); it uses the "
                         "host's");
            }
            if (c.endpoints.empty())
                warn("destination '" + shown + "' has no local endpoint (use --upstream " +
                     shortName + "=HOST:PORT or the endpoints file); it answers 503");
            c.lbPolicy = gw::LbPolicy::LeastRequest; // Istio's default
            if (dr)
                trafficPolicy(*dr, ss, shown, c);
        }
        clusterIndex[name] = int(cfg.clusters.size());
        cfg.clusters.push_back(std::move(c));
        return name;
    }

    // The CA of a credentialName, as Istio's SDS reads it: the Secret's own ca.crt (or
    // cacert), else the Secret "<credentialName>-cacert" in namespace `ns`.
    std::optional<std::string> credentialCa(const Secret *secret, const std::string &ns,
                                            const std::string &credentialName) const {
        if (secret) {
            if (auto ca = secret->caPem())
                return ca;
        }
        if (const Secret *caSecret = model.findSecret(ns, credentialName + "-cacert"))
            return caSecret->caPem();
        return std::nullopt;
    }

    // A DestinationRule's traffic policy for a cluster, as Istio's MergeTrafficPolicy makes
    // it: each of the subset's loadBalancer, connectionPool and tls replaces the rule's.
    // What the engine does not do is named in one warning per rule.
    void trafficPolicy(const DestinationRule &dr, const SubsetSpec *ss, const std::string &shown,
                       gw::Cluster &c) {
        const TrafficPolicySpec &top = dr.trafficPolicy;
        const TrafficPolicySpec *sub = ss ? &ss->trafficPolicy : nullptr;
        const LoadBalancerSpec &lb =
            sub && sub->loadBalancer.loc.present ? sub->loadBalancer : top.loadBalancer;
        const ConnectionPoolSpec &pool =
            sub && sub->connectionPool.loc.present ? sub->connectionPool : top.connectionPool;
        const ClientTlsSpec &tls = sub && sub->tls.loc.present ? sub->tls : top.tls;
        std::vector<std::string> unapplied;
        const std::string &simple = lb.simple.value;
        if (simple == "ROUND_ROBIN")
            c.lbPolicy = gw::LbPolicy::RoundRobin;
        else if (simple == "RANDOM")
            c.lbPolicy = gw::LbPolicy::Random;
        else if (simple == "PASSTHROUGH")
            unapplied.push_back("loadBalancer.simple PASSTHROUGH");
        if (lb.consistentHash.present)
            unapplied.push_back("loadBalancer.consistentHash");
        if (lb.warmup.present)
            unapplied.push_back("loadBalancer.warmup");
        if (const auto t = pool.connectTimeout.toDuration())
            c.connectTimeout = std::chrono::duration_cast<std::chrono::milliseconds>(*t);
        if (const auto n = pool.maxRequestsPerConnection.toInt(); n && *n > 0)
            c.maxRequestsPerConnection = std::uint32_t(std::min<long long>(*n, 0xffffffff));
        for (const auto &[field, scalar] :
             {std::pair{"connectionPool.tcp.maxConnections", &pool.maxConnections},
              std::pair{"connectionPool.http.http1MaxPendingRequests",
                        &pool.http1MaxPendingRequests},
              std::pair{"connectionPool.http.http2MaxRequests", &pool.http2MaxRequests},
              std::pair{"connectionPool.http.maxRetries", &pool.maxRetries},
              std::pair{"connectionPool.http.idleTimeout", &pool.idleTimeout},
              std::pair{"connectionPool.http.h2UpgradePolicy", &pool.h2UpgradePolicy}}) {
            if (scalar->isSet())
                unapplied.push_back(field);
        }
        if (pool.tcpKeepalive.present)
            unapplied.push_back("connectionPool.tcp.tcpKeepalive");
        if ((sub && sub->outlierDetection.present) || top.outlierDetection.present)
            unapplied.push_back("outlierDetection");
        if (top.portLevelSettings.present || (sub && sub->portLevelSettings.present))
            unapplied.push_back("portLevelSettings");
        if (!unapplied.empty()) {
            std::string list;
            for (const std::string &u : unapplied)
                list += (list.empty() ? "" : ", ") + u;
            warn(dr.meta.displayName() + ": " + list + " not applied by the local gateway");
        }
        c.tls = upstreamTls(dr, tls, shown);
    }

    // A DestinationRule's ClientTLSSettings as Istio gives them to a gateway's Envoy
    // (buildUpstreamClusterTLSContext): SIMPLE and MUTUAL originate TLS; DISABLE and none
    // stay plain; ISTIO_MUTUAL needs the mesh's identity, which a local gateway lacks.
    // Certificates from the Secret named by credentialName (in the gateway's namespace, then
    // the rule's; its ca.crt or "<name>-cacert" for the CA) or from files. A file that cannot
    // be read fails the translation (the first such error is kept in `deferred`).
    std::optional<gw::UpstreamTls> upstreamTls(const DestinationRule &dr, const ClientTlsSpec &t,
                                               const std::string &shown) {
        const std::string &mode = t.mode.value;
        const std::string where = dr.meta.displayName() + " (destination '" + shown + "')";
        if (mode == "ISTIO_MUTUAL") {
            warn(where + ": ISTIO_MUTUAL needs the mesh's workload certificates; the local "
                         "gateway connects without TLS");
            return std::nullopt;
        }
        if (mode != "SIMPLE" && mode != "MUTUAL")
            return std::nullopt;
        gw::UpstreamTls tls;
        tls.sni = t.sni.value;
        tls.verify = !t.insecureSkipVerify.toBool().value_or(false);
        for (const Scalar &san : t.subjectAltNames)
            tls.subjectAltNames.push_back(san.value);
        const auto failed = [&](std::string text) {
            if (deferred)
                deferred = fail("translation.destinationrule.tls", where + ": " + text);
            return std::nullopt;
        };
        if (t.credentialName.isSet()) {
            const std::string &name = t.credentialName.value;
            const Secret *secret = model.findSecret(gatewayNs, name);
            if (!secret)
                secret = model.findSecret(dr.meta.effectiveNamespace(), name);
            if (!secret)
                return failed("credentialName '" + name + "' names no Secret in the workspace");
            if (mode == "MUTUAL") {
                auto crt = secret->certificatePem();
                auto key = secret->privateKeyPem();
                if (!crt || !key)
                    return failed("Secret '" + name +
                                  "' has no client certificate and key (tls.crt/tls.key)");
                tls.certificateChainPem = *crt;
                tls.privateKeyPem = *key;
            }
            if (auto ca = credentialCa(secret, secret->meta.effectiveNamespace(), name))
                tls.caCertificatesPem = *ca;
        } else {
            if (mode == "MUTUAL") {
                auto crt = readFile(opt.baseDirectory, t.clientCertificate.value);
                auto key = readFile(opt.baseDirectory, t.privateKey.value);
                if (!t.clientCertificate.isSet() || !t.privateKey.isSet() || !crt || !key)
                    return failed("MUTUAL needs clientCertificate and privateKey files that can "
                                  "be read");
                tls.certificateChainPem = *crt;
                tls.privateKeyPem = *key;
            }
            if (t.caCertificates.isSet()) {
                auto ca = readFile(opt.baseDirectory, t.caCertificates.value);
                if (!ca)
                    return failed("caCertificates '" + t.caCertificates.value + "' cannot be read");
                tls.caCertificatesPem = *ca;
            }
        }
        return tls;
    }

    Result<gw::TlsSettings> tlsSettings(const Gateway &g, const GatewayServer &s) {
        const ServerTlsSpec &t = s.tls;
        gw::TlsSettings tls;
        const std::string mode = t.mode.isSet() ? t.mode.value : "SIMPLE";
        if (mode == "SIMPLE")
            tls.mode = gw::TlsMode::Simple;
        else if (mode == "MUTUAL")
            tls.mode = gw::TlsMode::Mutual;
        else if (mode == "OPTIONAL_MUTUAL")
            tls.mode = gw::TlsMode::OptionalMutual;
        else if (mode == "PASSTHROUGH")
            tls.mode = gw::TlsMode::Passthrough;
        else
            return fail("translation.tls.mode", mode + " cannot be served locally (" +
                                                    g.meta.displayName() + " server " +
                                                    std::to_string(s.index) + ")");
        tls.minVersion = tlsVersion(t.minProtocolVersion);
        tls.maxVersion = tlsVersion(t.maxProtocolVersion);
        for (const Scalar &c : t.cipherSuites)
            tls.cipherSuites.push_back(c.value);
        for (const Scalar &v : t.subjectAltNames)
            tls.subjectAltNames.push_back(v.value);
        for (const Scalar &v : t.verifyCertificateSpki)
            tls.verifyCertificateSpki.push_back(v.value);
        for (const Scalar &v : t.verifyCertificateHash)
            tls.verifyCertificateHash.push_back(v.value);
        if (tls.mode == gw::TlsMode::Passthrough)
            return tls;

        const std::string where = g.meta.displayName() + " server " + std::to_string(s.index);
        if (t.credentialName.isSet()) {
            const std::string ns = g.meta.effectiveNamespace();
            const Secret *secret = model.findSecret(ns, t.credentialName.value);
            if (!secret)
                secret = model.findSecret("istio-system", t.credentialName.value);
            const ConfigMap *override = nullptr;
            for (const ConfigMap &cm : model.configMaps) {
                if (cm.isTlsOverride())
                    override = &cm;
            }
            // Kyma's installation override replaces the gateway certificate it names.
            if (override && (!secret || t.credentialName.value == "kyma-gateway-certs")) {
                const Scalar *crt = override->data.find(ConfigMap::TlsCertKey);
                const Scalar *key = override->data.find(ConfigMap::TlsKeyKey);
                auto crtPem = crt ? decodeBase64(crt->value) : std::nullopt;
                auto keyPem = key ? decodeBase64(key->value) : std::nullopt;
                if (crtPem && keyPem) {
                    tls.certificateChainPem = *crtPem;
                    tls.privateKeyPem = *keyPem;
                }
            }
            if (tls.certificateChainPem.empty()) {
                if (!secret)
                    return fail("translation.tls.secret", where + ": credentialName '" +
                                                              t.credentialName.value +
                                                              "' names no Secret in the workspace");
                auto crt = secret->certificatePem();
                auto key = secret->privateKeyPem();
                if (!crt || !key)
                    return fail("translation.tls.secret",
                                where + ": Secret '" + t.credentialName.value +
                                    "' has no certificate and key (tls.crt/tls.key or cert/key)");
                tls.certificateChainPem = *crt;
                tls.privateKeyPem = *key;
            }
            if (tls.mode != gw::TlsMode::Simple) {
                if (auto ca = credentialCa(secret, ns, t.credentialName.value))
                    tls.caCertificatesPem = *ca;
            }
        } else {
            auto crt = readFile(opt.baseDirectory, t.serverCertificate.value);
            auto key = readFile(opt.baseDirectory, t.privateKey.value);
            if (!t.serverCertificate.isSet() || !crt || !key)
                return fail("translation.tls.files",
                            where + ": no credentialName and the serverCertificate/privateKey "
                                    "files cannot be read");
            tls.certificateChainPem = *crt;
            tls.privateKeyPem = *key;
            if (t.caCertificates.isSet()) {
                auto ca = readFile(opt.baseDirectory, t.caCertificates.value);
                if (!ca)
                    return fail("translation.tls.files", where + ": caCertificates '" +
                                                             t.caCertificates.value +
                                                             "' cannot be read");
                tls.caCertificatesPem = *ca;
            }
        }
        if (tls.mode != gw::TlsMode::Simple && tls.caCertificatesPem.empty())
            return fail("translation.tls.ca", where + ": " + mode + " needs a CA certificate");
        return tls;
    }

    // `refs` (VirtualService gateways, "[ns/]name") names `g`.
    static bool refersTo(const ScalarList &refs, const VirtualService &vs, const Gateway &g) {
        const std::string gwNs = g.meta.effectiveNamespace(), gwName = g.meta.name.value;
        for (const Scalar &ref : refs) {
            const auto slash = ref.value.find('/');
            const std::string ns = slash == std::string::npos ? vs.meta.effectiveNamespace()
                                                              : ref.value.substr(0, slash);
            const std::string name =
                slash == std::string::npos ? ref.value : ref.value.substr(slash + 1);
            if (name == gwName && ns == gwNs)
                return true;
        }
        return false;
    }

    bool vsBindsGateway(const VirtualService &vs, const Gateway &g) const {
        return refersTo(vs.gateways, vs, g);
    }

    // The destinations of a route with a weight above 0, as Envoy's weighted clusters, with
    // their own header operations and authority (Istio puts them on the cluster weight).
    // The cluster of a route destination of `vs` (host, port, subset).
    std::string cluster(const VirtualService &vs, const DestinationSpec &d) {
        return cluster(d.host.value, int(d.port.toInt().value_or(0)), d.subset.value,
                       vs.meta.effectiveNamespace());
    }

    std::vector<gw::WeightedCluster> weighted(const VirtualService &vs,
                                              const std::vector<RouteDestinationSpec> &route) {
        std::vector<gw::WeightedCluster> out;
        for (const RouteDestinationSpec &d : route) {
            const long long weight = d.weight.toInt().value_or(0);
            if (weight <= 0)
                continue;
            gw::WeightedCluster wc;
            wc.cluster = cluster(vs, d.destination);
            wc.weight = std::uint32_t(std::min<long long>(weight, 1000000));
            gw::Route ops;
            wc.hostRewrite = headerOperations(d.headers, ops);
            wc.requestHeaders = std::move(ops.requestHeaders);
            wc.responseHeaders = std::move(ops.responseHeaders);
            out.push_back(std::move(wc));
        }
        return out;
    }

    // Istio's destinations of a tcp or tls route, as Envoy's tcp_proxy gets them: one gets
    // every connection whatever its weight; of several, each gets weight / (sum of weights)
    // of the connections. Several without weights (Istio refuses it): the first, with a
    // warning.
    void tcpDestinations(const VirtualService &vs, const std::vector<RouteDestinationSpec> &route,
                         const char *kind, std::string &single,
                         std::vector<gw::WeightedCluster> &split) {
        const DestinationSpec &first = route.front().destination;
        split = route.size() > 1 ? weighted(vs, route) : std::vector<gw::WeightedCluster>{};
        if (split.size() == 1) {
            single = split.front().cluster;
            split.clear();
        } else if (split.empty()) {
            single = cluster(vs, first);
            if (route.size() > 1)
                warn(vs.meta.displayName() + ": " + kind +
                     " route has several destinations and no weights (Istio refuses it); "
                     "connections go to '" +
                     first.host.value + "'");
        }
        // The engine's tunnels are plain TCP: a DestinationRule's TLS is for HTTP routes.
        std::vector<std::string> names{single};
        for (const gw::WeightedCluster &wc : split)
            names.push_back(wc.cluster);
        for (const std::string &name : names) {
            auto it = clusterIndex.find(name);
            if (it != clusterIndex.end() && cfg.clusters[std::size_t(it->second)].tls)
                warn(vs.meta.displayName() + ": " + kind + " route to '" + name +
                     "': the local gateway does not originate TLS on tunnels (DestinationRule "
                     "tls); connections go without it");
        }
    }

    // Gateway protocol TLS with a terminating mode, as Istio builds it: the first
    // VirtualService tcp route bound to the gateway whose match (port, gateways) fits the
    // server gets a tcp_proxy to its destinations. false when none does.
    bool tcpRoute(const Gateway &g, const std::vector<std::string> &hosts, int gatewayPort,
                  gw::Server &server) {
        for (const VirtualService &vs : model.virtualServices) {
            if (!vsBindsGateway(vs, g) || vs.tcp.empty())
                continue;
            const bool hostAllowed = std::any_of(vs.hosts.begin(), vs.hosts.end(), [&](auto &h) {
                return std::any_of(hosts.begin(), hosts.end(), [&](const std::string &sh) {
                    return hostsIntersect(sh, h.value);
                });
            });
            if (!hostAllowed)
                continue;
            for (const TlsRouteSpec &tr : vs.tcp) {
                bool matches = tr.match.empty();
                for (const TlsMatchSpec &m : tr.match) {
                    const auto port = m.port.toInt();
                    if (port && *port != gatewayPort)
                        continue;
                    if (!m.gateways.empty() && !refersTo(m.gateways, vs, g))
                        continue;
                    if (!m.destinationSubnets.empty())
                        warn(vs.meta.displayName() +
                             ": tcp match destinationSubnets are not applied locally");
                    matches = true;
                    break;
                }
                if (!matches || tr.route.empty())
                    continue;
                tcpDestinations(vs, tr.route, "tcp", server.tcpCluster, server.tcpWeightedClusters);
                return true;
            }
        }
        return false;
    }

    // Istio's HTTPRedirect as Envoy's RedirectAction; nullopt (with a warning) for a code
    // Envoy cannot send, which Istio leaves without an action.
    std::optional<gw::Redirect> redirect(const VirtualService &vs, const std::string &route,
                                         const HttpRedirectSpec &spec) {
        gw::Redirect rd;
        rd.path = spec.uri.value;
        rd.authority = spec.authority.value;
        rd.scheme = spec.scheme.value;
        if (spec.port.isSet()) {
            const int port = int(spec.port.toInt().value_or(0));
            // A Gateway port served here goes to its local port, as httpsRedirect does.
            const auto mapped = opt.portMap.find(port);
            rd.port = std::uint16_t(mapped != opt.portMap.end() && mapped->second > 0
                                        ? mapped->second
                                        : std::clamp(port, 0, 65535));
        } else if (spec.derivePort.value == "FROM_REQUEST_PORT") {
            rd.derivePort = true;
        }
        rd.status = int(spec.redirectCode.toInt().value_or(301));
        if (rd.status != 301 && rd.status != 302 && rd.status != 303 && rd.status != 307 &&
            rd.status != 308) {
            warn(vs.meta.displayName() + ": route '" + route + "': redirectCode " +
                 spec.redirectCode.value +
                 " cannot be sent by Envoy (301, 302, 303, 307, 308); the route is left out");
            return std::nullopt;
        }
        return rd;
    }

    // Istio's HTTPRoute destinations: one gets everything whatever its weight; of several,
    // each gets weight / (sum of weights) and those of weight 0 nothing.
    void destinations(const VirtualService &vs, const HttpRouteSpec &h, gw::Route &r) {
        if (h.route.size() == 1) {
            const DestinationSpec &d = h.route.front().destination;
            r.cluster = cluster(vs, d);
            return;
        }
        r.weightedClusters = weighted(vs, h.route);
        const auto plain = [](const gw::WeightedCluster &wc) {
            return wc.requestHeaders.empty() && wc.responseHeaders.empty() &&
                   wc.hostRewrite.empty();
        };
        // One left: a plain cluster, unless it has operations of its own (the engine then
        // applies them before the route's, as Envoy applies a weighted destination's).
        if (r.weightedClusters.size() == 1 && plain(r.weightedClusters.front())) {
            r.cluster = r.weightedClusters.front().cluster;
            r.weightedClusters.clear();
        } else if (r.weightedClusters.empty()) {
            warn(vs.meta.displayName() + ": route '" + r.name +
                 "' has several destinations and no weights (Istio refuses it); it answers 503");
            r.directStatus = 503;
        }
    }

    // Istio's Headers as Envoy's headers_to_add / headers_to_remove, appended to what the
    // route already has (a destination's after its route's). Setting (or else adding)
    // "host" or ":authority" on the request rewrites the authority instead; other pseudo
    // headers are left alone. Returns that authority.
    static std::string headerOperations(const HeadersSpec &hs, gw::Route &r) {
        std::string setAuthority, addAuthority;
        auto fill = [&](const HeaderOperationsSpec &in, gw::HeaderOperations &out, bool request) {
            for (const auto &[k, v] : in.set.entries) {
                const std::string name = lowerName(k.value);
                if (request && (name == "host" || name == ":authority"))
                    setAuthority = v.value;
                if (name.empty() || name == "host" || name.starts_with(':'))
                    continue;
                // Overwrites whatever an earlier operation put there.
                std::erase_if(out.set, [&](const auto &kv) { return kv.first == name; });
                std::erase_if(out.add, [&](const auto &kv) { return kv.first == name; });
                out.set.emplace_back(name, v.value);
            }
            for (const auto &[k, v] : in.add.entries) {
                const std::string name = lowerName(k.value);
                if (request && (name == "host" || name == ":authority"))
                    addAuthority = v.value;
                if (name.empty() || name == "host" || name.starts_with(':'))
                    continue;
                out.add.emplace_back(name, v.value);
            }
            for (const Scalar &name : in.remove) {
                if (!name.value.empty() && !name.value.starts_with(':'))
                    out.remove.push_back(lowerName(name.value));
            }
        };
        fill(hs.request, r.requestHeaders, true);
        fill(hs.response, r.responseHeaders, false);
        return setAuthority.empty() ? addAuthority : setAuthority;
    }

    // Envoy refuses a header value with a %VARIABLE% it does not know; the engine sends it
    // as written.
    void warnUnknownVariables(const VirtualService &vs, const gw::Route &r) {
        std::vector<const gw::HeaderOperations *> all = {&r.requestHeaders, &r.responseHeaders};
        for (const gw::WeightedCluster &wc : r.weightedClusters) {
            all.push_back(&wc.requestHeaders);
            all.push_back(&wc.responseHeaders);
        }
        for (const gw::HeaderOperations *ops : all) {
            for (const auto *list : {&ops->set, &ops->add}) {
                for (const auto &[name, value] : *list) {
                    for (const std::string &v : gw::unknownHeaderVariables(value))
                        warn(vs.meta.displayName() + ": route '" + r.name + "': header '" + name +
                             "': " + v +
                             " is not a variable the local gateway fills; it is sent as written");
                }
            }
        }
    }

    // A VirtualService's `retries`, as Istio's retry.ConvertPolicy turns it into Envoy's
    // RetryPolicy. Without it a route keeps Istio's default (gw::RetryPolicy's); `attempts`
    // 0 (or none) turns retries off; otherwise `attempts` retries on the conditions retryOn
    // names (Istio's default ones when it names none), the integers in it being
    // retriable status codes; perTryTimeout is Envoy's per_try_timeout. gRPC and HTTP/2
    // stream conditions never arise with HTTP/1 upstreams; the rest are warned about.
    void retryPolicy(const VirtualService &vs, const HttpRouteSpec &h, gw::Route &r) {
        if (!h.retries.loc.present)
            return;
        gw::RetryPolicy p;
        p.retries = int(std::clamp<long long>(h.retries.attempts.toInt().value_or(0), 0, 10));
        if (p.retries == 0) {
            p.connectFailure = false;
            r.retry = p;
            return;
        }
        std::vector<std::string> unapplied;
        if (const auto t = h.retries.perTryTimeout.toDuration())
            p.perTryTimeout = std::chrono::duration_cast<std::chrono::milliseconds>(*t);
        if (h.retries.retryOn.isSet()) {
            p.connectFailure = false;
            std::vector<int> codes;
            std::stringstream conditions(h.retries.retryOn.value);
            for (std::string item; std::getline(conditions, item, ',');) {
                const std::string c = trim(item);
                int code = 0;
                const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), code);
                if (!c.empty() && ec == std::errc() && end == c.data() + c.size() && code >= 100 &&
                    code <= 599) {
                    codes.push_back(code);
                } else if (c == "connect-failure") {
                    p.connectFailure = true;
                } else if (c == "reset" || c == "5xx" || c == "gateway-error") {
                    p.connectFailure = p.reset = true;
                    p.any5xx |= c == "5xx";
                    p.gatewayError |= c == "gateway-error";
                } else if (c == "retriable-4xx") {
                    p.conflict = true;
                } else if (!c.empty() && c != "retriable-status-codes" && c != "refused-stream" &&
                           c != "unavailable" && c != "cancelled" && c != "deadline-exceeded" &&
                           c != "resource-exhausted") {
                    unapplied.push_back("retryOn " + c);
                }
            }
            p.statusCodes = std::move(codes); // Istio adds retriable-status-codes for them
        }
        r.retry = p;
        warnUnapplied(vs, r, "retries: ", unapplied);
    }

    // "<vs>: route '<name>': <what>a, b not applied locally", when there is any.
    void warnUnapplied(const VirtualService &vs, const gw::Route &r, const std::string &what,
                       const std::vector<std::string> &unapplied) {
        if (unapplied.empty())
            return;
        std::string names;
        for (const std::string &u : unapplied)
            names += (names.empty() ? "" : ", ") + u;
        warn(vs.meta.displayName() + ": route '" + r.name + "': " + what + names +
             " not applied locally");
    }

    // Istio's TranslateFault: Envoy's fault filter on the route. A delay needs fixedDelay
    // (Istio drops an exponential one); its share is percentage.value, else the deprecated
    // integer percent, else nothing. An abort's share is percentage.value or nothing; its
    // gRPC status and HTTP/2 error are not served here.
    void faultPolicy(const VirtualService &vs, const HttpRouteSpec &h, gw::Route &r) {
        const HttpFaultSpec &f = h.fault;
        if (!f.loc.present)
            return;
        auto perMillion = [](const Scalar &percentage) {
            const double v = std::clamp(percentage.toDouble().value_or(0), 0.0, 100.0);
            return std::uint32_t(v * 10000);
        };
        gw::FaultPolicy p;
        std::vector<std::string> unapplied;
        if (f.delay.loc.present) {
            if (const auto d = f.delay.fixedDelay.toDuration()) {
                p.delay = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
                p.delayPerMillion =
                    f.delay.percentageLoc.present
                        ? perMillion(f.delay.percentage)
                        : std::uint32_t(
                              std::clamp<long long>(f.delay.percent.toInt().value_or(0), 0, 100) *
                              10000);
            } else if (f.delay.exponentialDelay.isSet()) {
                unapplied.push_back("delay exponentialDelay");
            }
        }
        if (f.abort.loc.present) {
            if (const auto status = f.abort.httpStatus.toInt();
                status && *status >= 200 && *status <= 599) {
                p.abortStatus = int(*status);
                p.abortPerMillion = perMillion(f.abort.percentage);
            } else if (f.abort.httpStatus.isSet()) {
                unapplied.push_back("abort httpStatus " + f.abort.httpStatus.value);
            } else if (f.abort.grpcStatus.isSet()) {
                unapplied.push_back("abort grpcStatus");
            } else if (f.abort.http2Error.isSet()) {
                unapplied.push_back("abort http2Error");
            }
        }
        warnUnapplied(vs, r, "fault ", unapplied);
        if (p.delayPerMillion || p.abortPerMillion)
            r.fault = p;
    }

    // Istio's translateHeaderMatch and translateQueryParamMatch: a StringMatch without a
    // kind, or the regex "*", tests presence.
    static gw::HeaderMatch stringMatch(std::string name, const StringMatchSpec &sm) {
        gw::HeaderMatch hm;
        hm.name = std::move(name);
        if (sm.exact.present) {
            hm.kind = gw::HeaderMatch::Kind::Exact;
            hm.value = sm.exact.value;
        } else if (sm.prefix.present) {
            hm.kind = gw::HeaderMatch::Kind::Prefix;
            hm.value = sm.prefix.value;
        } else if (sm.regex.present && sm.regex.value != "*") {
            hm.kind = gw::HeaderMatch::Kind::Regex;
            hm.value = sm.regex.value;
        } else {
            hm.kind = gw::HeaderMatch::Kind::Present;
        }
        return hm;
    }

    // Istio's TranslateCORSPolicy: Envoy's CORS filter on the route. allowOrigins become
    // string matchers (else the deprecated allowOrigin, exact), the lists are joined with
    // commas, maxAge is whole seconds, and unmatched preflights go upstream unless IGNORE.
    static std::optional<gw::CorsPolicy> corsPolicy(const HttpRouteSpec &h) {
        const CorsPolicySpec &c = h.corsPolicy;
        if (!c.loc.present)
            return std::nullopt;
        gw::CorsPolicy p;
        if (c.allowOriginsLoc.present) {
            for (const StringMatchSpec &m : c.allowOrigins) {
                gw::HeaderMatch o = stringMatch("origin", m);
                if (o.kind != gw::HeaderMatch::Kind::Present) // validation refuses these
                    p.allowOrigins.push_back(std::move(o));
            }
        } else {
            for (const Scalar &o : c.allowOrigin)
                p.allowOrigins.push_back({"origin", gw::HeaderMatch::Kind::Exact, o.value, false});
        }
        auto join = [](const ScalarList &l) {
            std::string out;
            for (const Scalar &v : l)
                out += (out.empty() ? "" : ",") + v.value;
            return out;
        };
        p.allowMethods = join(c.allowMethods);
        p.allowHeaders = join(c.allowHeaders);
        p.exposeHeaders = join(c.exposeHeaders);
        if (const auto age = c.maxAge.toDuration())
            p.maxAge =
                std::to_string(std::chrono::duration_cast<std::chrono::seconds>(*age).count());
        p.allowCredentials = c.allowCredentials.toBool().value_or(false);
        p.forwardNotMatchingPreflights = c.unmatchedPreflights.value != "IGNORE";
        return p;
    }

    // ---- delegation (Istio's mergeVirtualServicesIfNeeded and mergeHTTPRoute)

    // Istio's stringMatchConflict: the delegate's match must be a subset of the root's. Either
    // unset: none; a regex on either side: a conflict; an exact root takes only the same exact;
    // a prefix root takes a prefix or exact that starts with it.
    static bool stringMatchConflict(const StringMatchSpec &root, const StringMatchSpec &leaf) {
        if (!root.loc.present || !leaf.loc.present)
            return false;
        if (root.regex.present || leaf.regex.present)
            return true;
        if (root.exact.present)
            return leaf.prefix.present || !leaf.exact.present ||
                   leaf.exact.value != root.exact.value;
        if (root.prefix.present) {
            if (leaf.prefix.present)
                return !leaf.prefix.value.starts_with(root.prefix.value);
            if (leaf.exact.present)
                return !leaf.exact.value.starts_with(root.prefix.value);
        }
        return true;
    }

    using NamedMatches = std::vector<std::pair<Scalar, StringMatchSpec>>;
    static const StringMatchSpec *named(const NamedMatches &list, const std::string &name) {
        for (const auto &[n, m] : list)
            if (n.value == name)
                return &m;
        return nullptr;
    }

    // Istio's hasConflict between a root match and a delegate match.
    static bool matchConflict(const HttpMatchSpec &root, const HttpMatchSpec &leaf) {
        if (stringMatchConflict(root.uri, leaf.uri) ||
            stringMatchConflict(root.scheme, leaf.scheme) ||
            stringMatchConflict(root.method, leaf.method) ||
            stringMatchConflict(root.authority, leaf.authority))
            return true;
        auto conflicts = [](const NamedMatches &rootList, const NamedMatches &leafList) {
            return std::any_of(leafList.begin(), leafList.end(), [&](const auto &leafMatch) {
                const StringMatchSpec *r = named(rootList, leafMatch.first.value);
                return r && stringMatchConflict(*r, leafMatch.second);
            });
        };
        // As Istio has it, a delegate's withoutHeaders is held against the root's headers.
        if (conflicts(root.headers, leaf.headers) || conflicts(root.headers, leaf.withoutHeaders) ||
            conflicts(root.queryParams, leaf.queryParams))
            return true;
        if (root.ignoreUriCase.toBool().value_or(false) !=
            leaf.ignoreUriCase.toBool().value_or(false))
            return true;
        const auto rp = root.port.toInt().value_or(0), lp = leaf.port.toInt().value_or(0);
        return rp > 0 && lp > 0 && rp != lp;
    }

    // Istio's mergeHTTPMatchRequest: the delegate's match, with what it leaves unset taken
    // from the root's; header, withoutHeaders and query maps joined, the delegate's winning.
    static HttpMatchSpec mergeMatch(const HttpMatchSpec &root, const HttpMatchSpec &leaf) {
        HttpMatchSpec out = leaf;
        if (!out.name.isSet())
            out.name = root.name;
        else if (root.name.isSet())
            out.name.value = root.name.value + "-" + out.name.value;
        for (auto [mine, theirs] : {std::pair{&out.uri, &root.uri},
                                    {&out.scheme, &root.scheme},
                                    {&out.method, &root.method},
                                    {&out.authority, &root.authority}})
            if (!mine->loc.present)
                *mine = *theirs;
        auto join = [](NamedMatches &mine, const NamedMatches &theirs) {
            for (const auto &entry : theirs)
                if (!named(mine, entry.first.value))
                    mine.push_back(entry);
        };
        join(out.headers, root.headers);
        join(out.withoutHeaders, root.withoutHeaders);
        join(out.queryParams, root.queryParams);
        if (out.port.toInt().value_or(0) == 0)
            out.port = root.port;
        if (out.gateways.empty())
            out.gateways = root.gateways;
        return out;
    }

    // Istio's mergeHTTPMatchRequests: every delegate match needs a root match it does not
    // conflict with, and is merged with each such one. nullopt: a conflict.
    static std::optional<std::vector<HttpMatchSpec>>
    mergeMatches(const std::vector<HttpMatchSpec> &root, const std::vector<HttpMatchSpec> &leaf) {
        if (root.empty())
            return leaf;
        if (leaf.empty())
            return root;
        std::vector<HttpMatchSpec> out;
        for (const HttpMatchSpec &l : leaf) {
            bool found = false;
            for (const HttpMatchSpec &r : root) {
                if (matchConflict(r, l))
                    continue;
                out.push_back(mergeMatch(r, l));
                found = true;
            }
            if (!found)
                return std::nullopt;
        }
        return out;
    }

    // Istio's mergeHTTPRoute: the delegate's route under the root's matches, with the root's
    // name before its own and the root's rewrite, timeout, retries, fault, mirrors, CORS
    // policy and header operations where it has none.
    static std::optional<HttpRouteSpec> mergeRoute(const HttpRouteSpec &root,
                                                   const HttpRouteSpec &leaf) {
        auto match = mergeMatches(root.match, leaf.match);
        if (!match)
            return std::nullopt;
        HttpRouteSpec out = leaf;
        out.match = std::move(*match);
        if (!out.name.isSet())
            out.name = root.name;
        else if (root.name.isSet())
            out.name.value = root.name.value + "-" + out.name.value;
        if (!out.rewrite.loc.present) {
            out.rewrite = root.rewrite;
            out.rewriteUri = root.rewriteUri;
        }
        if (!out.timeout.present)
            out.timeout = root.timeout;
        if (!out.retries.loc.present)
            out.retries = root.retries;
        if (!out.fault.loc.present)
            out.fault = root.fault;
        if (out.mirrors.empty())
            out.mirrors = root.mirrors;
        if (!out.corsPolicy.loc.present)
            out.corsPolicy = root.corsPolicy;
        if (!out.headers.loc.present)
            out.headers = root.headers;
        return out;
    }

    // A route's name: its own, else "<VirtualService>.<its index in http>".
    static std::string routeName(const VirtualService &vs, const HttpRouteSpec &h, int index) {
        return h.name.isSet() ? h.name.value : vs.meta.name.value + "." + std::to_string(index);
    }

    // The HTTP routes of `vs` with every delegating route replaced by its delegate's routes,
    // merged as Istio merges them; what Istio drops is dropped with a warning. Every route
    // comes out named, so that an unnamed one keeps the name of its place in `vs`.
    std::vector<HttpRouteSpec> withDelegates(const VirtualService &vs) {
        std::vector<HttpRouteSpec> out;
        int n = 0;
        for (HttpRouteSpec h : vs.http) {
            h.name.value = routeName(vs, h, n++);
            h.name.present = true;
            if (!h.delegate.loc.present) {
                out.push_back(std::move(h));
                continue;
            }
            const std::string what = vs.meta.displayName() + ": route '" + h.name.value +
                                     "': delegate " + h.delegate.namespace_.value +
                                     (h.delegate.namespace_.isSet() ? "/" : "") +
                                     h.delegate.name.value;
            const VirtualService *d = model.findDelegate(vs.meta.effectiveNamespace(), h);
            if (!d || !d->exportedTo(vs.meta.effectiveNamespace())) {
                warn(what + " is not a VirtualService without hosts that this namespace sees; "
                            "the route is left out");
                continue;
            }
            int k = 0;
            for (const HttpRouteSpec &leaf : d->http) {
                ++k;
                if (leaf.delegate.loc.present) {
                    warn(what + ": its route " + std::to_string(k) +
                         " delegates again (one level only); it is left out");
                    continue;
                }
                if (auto merged = mergeRoute(h, leaf))
                    out.push_back(std::move(*merged));
                else
                    warn(what + ": its route " + std::to_string(k) +
                         " matches outside this route's match; it is left out");
            }
        }
        return out;
    }

    // The routes of `vs` on gateway `g`'s server port `gatewayPort`. As in Istio's
    // TranslateRoutes, a match naming another port, or gateways without `g`, is left out, and
    // a route none of whose matches is left is left out.
    std::vector<gw::Route> httpRoutes(const VirtualService &vs, const Gateway &g, int gatewayPort) {
        std::vector<gw::Route> routes;
        int n = 0;
        const bool delegates = std::any_of(vs.http.begin(), vs.http.end(),
                                           [](const auto &h) { return h.delegate.loc.present; });
        const std::vector<HttpRouteSpec> merged =
            delegates ? withDelegates(vs) : std::vector<HttpRouteSpec>{};
        for (const HttpRouteSpec &h : delegates ? merged : vs.http) {
            gw::Route base;
            base.name = routeName(vs, h, n++);
            // Istio's setTimeout: the VirtualService's timeout, else none (Envoy's 0); "0s"
            // is none as well.
            base.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
                h.timeout.toDuration().value_or(std::chrono::nanoseconds(0)));
            // Istio puts the route's header operations on every route, whatever its action;
            // Envoy applies the response ones to its redirects and direct responses too.
            std::string authority = headerOperations(h.headers, base);
            if (h.redirect.loc.present) {
                base.redirect = redirect(vs, base.name, h.redirect);
                if (!base.redirect)
                    continue;
            } else if (h.directResponse.loc.present) {
                base.directStatus = int(h.directResponse.status.toInt().value_or(0));
                if (base.directStatus < 200 || base.directStatus > 599) {
                    warn(vs.meta.displayName() + ": route '" + base.name +
                         "': directResponse status '" + h.directResponse.status.value +
                         "' is not 200..599; the route is left out");
                    continue;
                }
                // Without a body Envoy sends none (not the status's usual text).
                base.directBody = std::string();
                if (h.directResponse.bodyString.present)
                    base.directBody = h.directResponse.bodyString.value;
                else if (h.directResponse.bodyBytes.present)
                    base.directBody = decodeBase64(h.directResponse.bodyBytes.value).value_or("");
            } else if (h.route.empty()) {
                base.directStatus = 404;
            } else {
                destinations(vs, h, base);
                if (h.route.size() == 1) {
                    const std::string a = headerOperations(h.route.front().headers, base);
                    if (authority.empty())
                        authority = a;
                }
                // Envoy's prefix_rewrite / regex_rewrite and host_rewrite_literal.
                if (h.rewrite.uriRegexRewriteLoc.present)
                    base.regexRewrite =
                        gw::RegexRewrite{h.rewrite.regexMatch.value, h.rewrite.regexRewrite.value};
                else if (h.rewrite.uri.isSet())
                    base.prefixRewrite = h.rewrite.uri.value;
                base.hostRewrite =
                    h.rewrite.authority.isSet() ? h.rewrite.authority.value : authority;
            }
            warnUnknownVariables(vs, base);
            retryPolicy(vs, h, base);
            faultPolicy(vs, h, base);
            // Envoy's CORS filter passes over redirects and direct responses.
            if (!h.route.empty())
                base.cors = corsPolicy(h);
            // Istio's MirrorPercent / MirrorPercentByPolicy: unset is every request, 0 none.
            if (!h.route.empty()) {
                for (const MirrorSpec &m : h.mirrors) {
                    if (!m.destination.host.isSet())
                        continue;
                    gw::Mirror mirror;
                    mirror.cluster = cluster(vs, m.destination);
                    if (m.percentageLoc.present)
                        mirror.perMillion = std::uint32_t(
                            std::clamp(m.percentage.toDouble().value_or(0), 0.0, 100.0) * 10000);
                    if (mirror.perMillion > 0)
                        base.mirrors.push_back(std::move(mirror));
                }
            }
            if (h.match.empty()) {
                base.path = {gw::PathMatch::Kind::Prefix, "/"};
                routes.push_back(base);
                continue;
            }
            for (const HttpMatchSpec &m : h.match) {
                if (const auto port = m.port.toInt(); port && *port != 0 && *port != gatewayPort)
                    continue;
                if (!m.gateways.empty() && !refersTo(m.gateways, vs, g))
                    continue;
                gw::Route r = base;
                if (m.uri.exact.present)
                    r.path = {gw::PathMatch::Kind::Exact, m.uri.exact.value};
                else if (m.uri.prefix.present)
                    r.path = {gw::PathMatch::Kind::Prefix, m.uri.prefix.value};
                else if (m.uri.regex.present)
                    r.path = {gw::PathMatch::Kind::Regex, m.uri.regex.value};
                // Envoy's case_sensitive (Istio sets it for every match); regex paths keep case.
                r.path.ignoreCase = m.ignoreUriCase.toBool().value_or(false);
                // Istio's header, authority and method matches: Envoy header matchers, the
                // last two on the :authority and :method pseudo headers.
                auto headerMatch = [&](std::string name, const StringMatchSpec &sm) {
                    r.headers.push_back(stringMatch(lowerName(std::move(name)), sm));
                };
                for (const auto &[name, sm] : m.headers)
                    headerMatch(name.value, sm);
                // withoutHeaders: inverted, a missing header matched as empty unless the
                // match only tests presence.
                for (const auto &[name, sm] : m.withoutHeaders) {
                    gw::HeaderMatch hm = stringMatch(lowerName(name.value), sm);
                    hm.invert = true;
                    hm.treatMissingAsEmpty = hm.kind != gw::HeaderMatch::Kind::Present;
                    r.headers.push_back(std::move(hm));
                }
                if (m.authority.loc.present)
                    headerMatch(":authority", m.authority);
                if (m.method.loc.present)
                    headerMatch(":method", m.method);
                if (m.scheme.loc.present)
                    headerMatch(":scheme", m.scheme);
                for (const auto &[name, sm] : m.queryParams)
                    r.queryParams.push_back(stringMatch(name.value, sm));
                routes.push_back(r);
            }
        }
        return routes;
    }

    int table(const std::string &name) {
        if (auto it = tableIndex.find(name); it != tableIndex.end())
            return it->second;
        tableIndex[name] = int(cfg.routeTables.size());
        cfg.routeTables.push_back({name, {}});
        return int(cfg.routeTables.size()) - 1;
    }

    // Adds vhosts for every VirtualService host bound to `g` that `serverHosts` allow.
    void addVirtualHosts(int tableIdx, const Gateway &g, int gatewayPort,
                         const std::vector<std::string> &serverHosts, bool requireTls,
                         std::uint16_t httpsPort) {
        for (const VirtualService &vs : model.virtualServices) {
            if (!vsBindsGateway(vs, g) || vs.http.empty())
                continue;
            for (const Scalar &h : vs.hosts) {
                const bool allowed =
                    std::any_of(serverHosts.begin(), serverHosts.end(),
                                [&](const std::string &sh) { return hostsIntersect(sh, h.value); });
                if (!allowed)
                    continue;
                auto &vhosts = cfg.routeTables[std::size_t(tableIdx)].virtualHosts;
                auto it = std::find_if(vhosts.begin(), vhosts.end(), [&](const gw::VirtualHost &v) {
                    return v.domains.size() == 1 && v.domains[0] == h.value;
                });
                if (it == vhosts.end()) {
                    vhosts.push_back({h.value, {h.value}, requireTls, httpsPort, {}});
                    it = vhosts.end() - 1;
                }
                auto routes = httpRoutes(vs, g, gatewayPort);
                it->routes.insert(it->routes.end(), routes.begin(), routes.end());
            }
        }
        if (requireTls) {
            // httpsRedirect answers for the server's hosts even without a VirtualService.
            auto &vhosts = cfg.routeTables[std::size_t(tableIdx)].virtualHosts;
            for (const std::string &sh : serverHosts) {
                const bool covered =
                    std::any_of(vhosts.begin(), vhosts.end(), [&](const gw::VirtualHost &v) {
                        return v.domains.size() == 1 && v.domains[0] == sh;
                    });
                if (!covered) {
                    gw::Route r;
                    r.name = "https-redirect";
                    r.path = {gw::PathMatch::Kind::Prefix, "/"};
                    r.directStatus = 404;
                    vhosts.push_back({sh, {sh}, true, httpsPort, {r}});
                }
            }
        }
    }

    // The local port of the HTTPS server serving `hosts` (for httpsRedirect).
    std::uint16_t httpsPortFor(const std::vector<std::string> &hosts) {
        for (const Gateway &g : model.gateways) {
            for (const GatewayServer &s : g.servers) {
                if (!s.tls.loc.present || s.tls.httpsRedirect.toBool().value_or(false))
                    continue;
                for (const Scalar &h : s.hosts) {
                    for (const std::string &want : hosts) {
                        if (hostsIntersect(hostOf(h.value), want)) {
                            auto p = localPort(int(s.port.number.toInt().value_or(443)));
                            if (p)
                                return std::uint16_t(*p);
                        }
                    }
                }
            }
        }
        auto p = localPort(443);
        return std::uint16_t(p ? *p : 443);
    }

    Result<int> listener(int local, int gatewayPort, bool tls) {
        // Local port 0 (the OS chooses) still means one listener per Gateway port.
        const int key = local != 0 ? local : -gatewayPort;
        if (auto it = listenerByPort.find(key); it != listenerByPort.end()) {
            if (cfg.listeners[std::size_t(it->second)].tls != tls)
                return fail("translation.port.conflict",
                            "port " + std::to_string(gatewayPort) +
                                " has both plain HTTP and TLS servers; Istio would reject one");
            return it->second;
        }
        gw::Listener l;
        l.name = (tls ? "https." : "http.") + std::to_string(gatewayPort);
        l.address = opt.bindAddress;
        l.port = std::uint16_t(local);
        l.gatewayPort = std::uint16_t(gatewayPort);
        l.tls = tls;
        if (!tls)
            l.routeTable =
                cfg.routeTables[std::size_t(table("http." + std::to_string(gatewayPort)))].name;
        listenerByPort[key] = int(cfg.listeners.size());
        cfg.listeners.push_back(l);
        return int(cfg.listeners.size()) - 1;
    }

    Status build() {
        cfg.adminAddress = opt.adminAddress;
        cfg.adminPort = opt.adminPort;
        cfg.accessLog = opt.accessLog;
        for (const Gateway &g : model.gateways) {
            gatewayNs = g.meta.effectiveNamespace();
            for (const GatewayServer &s : g.servers) {
                const int gatewayPort = int(s.port.number.toInt().value_or(0));
                std::string protocol = s.port.protocol.value;
                std::transform(protocol.begin(), protocol.end(), protocol.begin(),
                               [](unsigned char c) { return char(std::toupper(c)); });
                std::vector<std::string> hosts;
                for (const Scalar &h : s.hosts)
                    hosts.push_back(hostOf(h.value));
                const std::string where =
                    g.meta.displayName() + " server " + std::to_string(s.index);
                auto local = localPort(gatewayPort);
                if (!local)
                    return std::unexpected(local.error());
                const bool plainHttp =
                    protocol == "HTTP" || protocol == "HTTP2" || protocol == "GRPC";
                if (plainHttp) {
                    auto li = listener(*local, gatewayPort, false);
                    if (!li)
                        return std::unexpected(li.error());
                    const bool redirect = s.tls.httpsRedirect.toBool().value_or(false);
                    addVirtualHosts(table("http." + std::to_string(gatewayPort)), g, gatewayPort,
                                    hosts, redirect, redirect ? httpsPortFor(hosts) : 443);
                    continue;
                }
                if (protocol != "HTTPS" && protocol != "TLS") {
                    warn(where + ": protocol " + protocol + " is not served locally");
                    continue;
                }
                auto tls = tlsSettings(g, s);
                if (!tls)
                    return std::unexpected(tls.error());
                auto li = listener(*local, gatewayPort, true);
                if (!li)
                    return std::unexpected(li.error());
                gw::Server server;
                server.name = g.meta.effectiveNamespace() + "/" + g.meta.name.value + "/" +
                              (s.name.isSet() ? s.name.value : std::to_string(s.index));
                server.hosts = hosts;
                if (tls->mode == gw::TlsMode::Passthrough) {
                    for (const VirtualService &vs : model.virtualServices) {
                        if (!vsBindsGateway(vs, g))
                            continue;
                        for (const TlsRouteSpec &tr : vs.tls) {
                            if (tr.route.empty())
                                continue;
                            gw::SniRoute sr;
                            for (const TlsMatchSpec &m : tr.match) {
                                for (const Scalar &sni : m.sniHosts) {
                                    const bool allowed = std::any_of(
                                        hosts.begin(), hosts.end(), [&](const std::string &h) {
                                            return hostsIntersect(h, sni.value);
                                        });
                                    if (allowed)
                                        sr.sniHosts.push_back(sni.value);
                                }
                            }
                            if (sr.sniHosts.empty())
                                continue;
                            tcpDestinations(vs, tr.route, "tls", sr.cluster, sr.weightedClusters);
                            server.passthroughRoutes.push_back(sr);
                        }
                    }
                    if (server.passthroughRoutes.empty())
                        warn(where + ": PASSTHROUGH server has no VirtualService tls route");
                } else if (protocol == "TLS") {
                    // Istio terminates TLS and proxies the plain bytes as TCP (tcp routes),
                    // it does not route HTTP on a TLS server.
                    server.tcpProxy = true;
                    if (!tcpRoute(g, hosts, gatewayPort, server))
                        warn(where + ": TLS server has no VirtualService tcp route; " +
                             "connections are closed after the handshake");
                } else {
                    server.routeTable = "https." + std::to_string(gatewayPort) + "." + server.name;
                    addVirtualHosts(table(server.routeTable), g, gatewayPort, hosts, false, 443);
                }
                server.tls = std::move(*tls);
                cfg.listeners[std::size_t(*li)].servers.push_back(std::move(server));
            }
        }
        // --route HOST=URL shortcuts go first in every HTTP(S) table.
        if (!opt.routes.empty() && cfg.listeners.empty()) {
            auto local = localPort(80);
            if (!local)
                return std::unexpected(local.error());
            if (auto li = listener(*local, 80, false); !li)
                return std::unexpected(li.error());
        }
        for (const auto &[host, url] : opt.routes) {
            std::string_view rest = url;
            if (rest.starts_with("http://"))
                rest.remove_prefix(7);
            const auto slash = rest.find('/');
            auto ep = parseHostPort(rest.substr(0, slash));
            if (!ep)
                return std::unexpected(ep.error());
            const std::string name = "route|" + host;
            cfg.clusters.push_back({name, {*ep}});
            gw::Route r;
            r.name = "route " + host;
            r.path = {gw::PathMatch::Kind::Prefix, "/"};
            r.cluster = name;
            for (gw::RouteTable &t : cfg.routeTables)
                t.virtualHosts.insert(t.virtualHosts.begin(),
                                      {"route " + host, {host}, false, 443, {r}});
        }
        return {};
    }
};

} // namespace

Result<Translation> translateModel(const Model &model, const TranslationOptions &options) {
    Builder b(model, options);
    if (auto ok = b.build(); !ok)
        return std::unexpected(ok.error());
    if (!b.deferred)
        return std::unexpected(b.deferred.error());
    return std::move(b.out);
}

Result<std::map<int, int>> parsePortMap(std::string_view text) {
    std::map<int, int> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string item = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        if (item.empty())
            continue;
        const auto eq = item.find('=');
        const auto from = eq == std::string::npos ? std::nullopt : toInt(item.substr(0, eq));
        const auto to = eq == std::string::npos ? std::nullopt : toInt(item.substr(eq + 1));
        if (!from || !to || *from <= 0 || *from > 65535 || *to < 0 || *to > 65535)
            return fail("translation.portmap", "'" + item + "' is not GATEWAYPORT=LOCALPORT");
        out[*from] = *to;
    }
    return out;
}

Result<std::pair<std::string, gw::Endpoint>> parseUpstream(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return fail("translation.upstream", "'" + std::string(text) + "' is not NAME=HOST:PORT");
    auto ep = parseHostPort(trim(text.substr(eq + 1)));
    if (!ep)
        return std::unexpected(ep.error());
    return std::pair{trim(text.substr(0, eq)), *ep};
}

Result<std::pair<std::string, std::string>> parseRoute(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return fail("translation.route", "'" + std::string(text) + "' is not HOST=URL");
    std::string url = trim(text.substr(eq + 1));
    if (url.starts_with("https://"))
        return fail("translation.route",
                    "'" + url + "': upstreams are plain HTTP (http://HOST:PORT)");
    std::string_view rest = url;
    if (rest.starts_with("http://"))
        rest.remove_prefix(7);
    if (auto ep = parseHostPort(rest.substr(0, rest.find('/'))); !ep)
        return std::unexpected(ep.error());
    return std::pair{trim(text.substr(0, eq)), url};
}

Result<std::map<std::string, std::vector<gw::Endpoint>>>
loadEndpointsFile(const std::string &path) {
    std::ifstream in(path);
    if (!in)
        return fail("translation.endpoints", "cannot read the endpoints file '" + path + "'");
    std::map<std::string, std::vector<gw::Endpoint>> out;
    std::string line;
    int number = 0;
    while (std::getline(in, line) && number < 100000) {
        ++number;
        const std::string t = trim(line.substr(0, line.find('#')));
        if (t.empty())
            continue;
        auto up = parseUpstream(t);
        if (!up) {
            Error e = up.error();
            e.location = {path, number, 1};
            return std::unexpected(e);
        }
        out[up->first].push_back(up->second);
    }
    return out;
}

std::string workspaceEndpointsFile(const std::string &directory) {
    if (directory.empty())
        return {};
    const std::string path = directory + "/gatehouse.endpoints";
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec) ? path : std::string();
}

Status addEndpointsFile(TranslationOptions &options, const std::string &path) {
    auto loaded = loadEndpointsFile(path);
    if (!loaded)
        return std::unexpected(loaded.error());
    for (auto &[name, endpoints] : *loaded)
        options.upstreams.try_emplace(name, std::move(endpoints));
    return {};
}

} // namespace gatehouse::core
