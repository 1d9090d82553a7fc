#include "names.h"
#include "sink.h"

#include "tls/certificate.h"
#include "tls/certificateloader.h"
#include "tls/privatekey.h"

#include <algorithm>
#include <map>
#include <set>

namespace gatehouse::core::detail {

namespace {

using enum Severity;

// Kyma's gateway Secret, fed from the TLS override.
constexpr const char *kKymaGatewaySecret = "kyma-gateway-certs";
constexpr const char *kKymaGatewayName = "kyma-gateway";
// Where ingress gateway workloads (and so their credentialName Secrets) usually live.
constexpr const char *kIngressNamespace = "istio-system";

std::string dnsPart(const std::string &host) {
    const size_t slash = host.find('/');
    return slash == std::string::npos ? host : host.substr(slash + 1);
}

std::set<std::pair<std::string, std::string>> selectorSet(const ScalarMap &m) {
    std::set<std::pair<std::string, std::string>> s;
    for (const auto &[k, v] : m.entries)
        s.emplace(k.value, v.value);
    return s;
}

// The Secret a credentialName refers to: in the Gateway's namespace or in the
// ingress gateway's namespace (istio-system), where Istio's gateway looks.
const Secret *secretFor(const Model &model, const Gateway &g, const std::string &name) {
    if (const Secret *s = model.findSecret(g.meta.effectiveNamespace(), name))
        return s;
    return model.findSecret(kIngressNamespace, name);
}

void checkGatewayConflicts(const RuleContext &ctx) {
    // Only gateways with the same selector can conflict: group them first, so the
    // pairwise host comparison stays within a group (linear for distinct selectors).
    std::map<std::set<std::pair<std::string, std::string>>, std::vector<const Gateway *>> groups;
    for (const Gateway &g : ctx.model.gateways)
        groups[selectorSet(g.selector)].push_back(&g);
    for (const auto &[selector, gws] : groups) {
        for (size_t i = 0; i < gws.size(); ++i) {
            for (size_t j = i + 1; j < gws.size(); ++j) {
                const Gateway &a = *gws[i];
                const Gateway &b = *gws[j];
                for (const GatewayServer &sb : b.servers) {
                    bool reported = false;
                    for (const GatewayServer &sa : a.servers) {
                        if (reported || sa.port.number.value != sb.port.number.value ||
                            sa.port.number.value.empty())
                            continue;
                        for (const Scalar &hb : sb.hosts) {
                            const auto hit = std::find_if(
                                sa.hosts.begin(), sa.hosts.end(), [&](const Scalar &ha) {
                                    return names::hostsOverlap(dnsPart(ha.value),
                                                               dnsPart(hb.value));
                                });
                            if (hit == sa.hosts.end())
                                continue;
                            ctx.sink.at(b.meta, hb, Error, "analysis.gateway-conflict",
                                        "host '" + hb.value + "' on port " + sb.port.number.value +
                                            " overlaps host '" + hit->value + "' of " +
                                            a.meta.displayName() +
                                            ", which selects the same workload; only one of "
                                            "them takes effect");
                            reported = true;
                            break;
                        }
                    }
                }
            }
        }
    }
}

// A delegating route needs a VirtualService without hosts of that name and namespace (the
// root's when the delegate names none) that the root's namespace sees; Istio drops the
// route silently otherwise.
void checkDelegates(const RuleContext &ctx) {
    for (const VirtualService &vs : ctx.model.virtualServices) {
        if (vs.hosts.empty())
            continue;
        const std::string rootNs = vs.meta.effectiveNamespace();
        for (const HttpRouteSpec &h : vs.http) {
            if (!h.delegate.loc.present || !h.delegate.name.isSet())
                continue;
            const std::string ns =
                h.delegate.namespace_.isSet() ? h.delegate.namespace_.value : rootNs;
            const std::string what = "delegate '" + ns + "/" + h.delegate.name.value + "'";
            const VirtualService *d = ctx.model.findDelegate(rootNs, h);
            if (!d) {
                ctx.sink.at(vs.meta, h.delegate.name, Warning, "analysis.delegate-not-found",
                            what + " is not a VirtualService without hosts in the workspace; "
                                   "this route gets no routes from it");
                continue;
            }
            if (!d->exportedTo(rootNs))
                ctx.sink.at(vs.meta, h.delegate.name, Warning, "analysis.delegate-not-found",
                            what + " is not exported to namespace '" + rootNs +
                                "'; this route gets no routes from it");
        }
    }
}

void checkVirtualServiceBindings(const RuleContext &ctx) {
    for (const VirtualService &vs : ctx.model.virtualServices) {
        for (const Scalar &gref : vs.gateways) {
            if (gref.value == "mesh")
                continue;
            const size_t slash = gref.value.find('/');
            const std::string ns = slash == std::string::npos ? vs.meta.effectiveNamespace()
                                                              : gref.value.substr(0, slash);
            const std::string name =
                slash == std::string::npos ? gref.value : gref.value.substr(slash + 1);
            const Gateway *g = ctx.model.findGateway(ns, name);
            if (!g) {
                ctx.sink.at(vs.meta, gref, Warning, "analysis.gateway-not-found",
                            "gateway '" + ns + "/" + name +
                                "' is not in the workspace; check the name (a gateway in another "
                                "namespace is written namespace/name)");
                continue;
            }
            for (const Scalar &h : vs.hosts) {
                bool found = false;
                for (const GatewayServer &s : g->servers) {
                    for (const Scalar &gh : s.hosts) {
                        if (names::hostsOverlap(dnsPart(gh.value), h.value))
                            found = true;
                    }
                }
                if (!found)
                    ctx.sink.at(vs.meta, h, Warning, "analysis.host-not-in-gateway",
                                "host '" + h.value + "' is not served by any server of " +
                                    g->meta.displayName() +
                                    "; requests for it will not reach this VirtualService");
            }
        }
    }
}

void checkCredentialReferences(const RuleContext &ctx) {
    for (const Gateway &g : ctx.model.gateways) {
        for (const GatewayServer &s : g.servers) {
            const Scalar &cred = s.tls.credentialName;
            if (!cred.isSet())
                continue;
            if (!secretFor(ctx.model, g, cred.value))
                ctx.sink.at(g.meta, cred, Warning, "analysis.credential-missing",
                            "no Secret '" + cred.value + "' in namespace " +
                                (g.meta.effectiveNamespace() == kIngressNamespace
                                     ? g.meta.effectiveNamespace()
                                     : g.meta.effectiveNamespace() + " or " + kIngressNamespace) +
                                " of the workspace; the gateway cannot serve TLS on this "
                                "server unless the Secret exists in the cluster");
        }
    }
}

bool holdsPrivateKey(const Scalar &value) {
    if (value.value.find("PRIVATE KEY-----") != std::string::npos)
        return true;
    if (const auto decoded = decodeBase64(value.value))
        return decoded->find("PRIVATE KEY-----") != std::string::npos;
    return false;
}

// Checks one certificate + key pair and whether it covers `hosts`.
void checkMaterial(const RuleContext &ctx, const ResourceMeta &meta, const Scalar *certScalar,
                   const Scalar *keyScalar, const std::vector<std::string> &hosts,
                   const std::string &what) {
    if (!certScalar)
        return;
    auto chain = loadCertificates(certScalar->value);
    if (!chain) {
        ctx.sink.at(meta, *certScalar, Error, "security.cert.unreadable",
                    "the certificate in " + what + " cannot be read: " + chain.error().message);
        return;
    }
    const Certificate &leaf = chain->front();
    switch (leaf.validityAt(ctx.now)) {
    case Validity::Expired:
        ctx.sink.at(meta, *certScalar, Error, "security.cert.expired",
                    "the certificate in " + what + " (" + leaf.subject() +
                        ") has expired; clients will refuse it");
        break;
    case Validity::NotYetValid:
        ctx.sink.at(meta, *certScalar, Error, "security.cert.not-yet-valid",
                    "the certificate in " + what + " (" + leaf.subject() +
                        ") is not valid yet; clients will refuse it until its notBefore time");
        break;
    case Validity::Valid:
        if (leaf.expiresWithin(ctx.now, ctx.expiryWarning))
            ctx.sink.at(meta, *certScalar, Warning, "security.cert.expiring",
                        "the certificate in " + what + " (" + leaf.subject() + ") expires within " +
                            std::to_string(ctx.expiryWarning.count() / 24) + " days; renew it");
        break;
    }
    if (keyScalar) {
        auto key = PrivateKey::fromData(keyScalar->value);
        if (!key)
            ctx.sink.at(meta, *keyScalar, Error, "security.key.unreadable",
                        "the private key in " + what + " cannot be read: " + key.error().message);
        else if (!key->matches(leaf))
            ctx.sink.at(meta, *keyScalar, Error, "security.cert.key-mismatch",
                        "the private key in " + what + " does not belong to its certificate (" +
                            leaf.subject() + ")");
    }
    for (const std::string &host : hosts) {
        const std::string dns = dnsPart(host);
        if (dns == "*" || dns.empty())
            continue;
        bool covered = leaf.coversHost(dns);
        if (!covered && dns.starts_with("*.")) {
            const auto info = leaf.info();
            covered =
                std::find(info.dnsNames.begin(), info.dnsNames.end(), dns) != info.dnsNames.end();
        }
        if (!covered)
            ctx.sink.at(meta, *certScalar, Warning, "security.cert.host-not-covered",
                        "the certificate in " + what + " does not cover host '" + dns +
                            "' served with it; clients will report a name mismatch");
    }
}

std::vector<std::string> hostsUsingSecret(const Model &model, const Secret &secret) {
    std::vector<std::string> hosts;
    for (const Gateway &g : model.gateways) {
        for (const GatewayServer &s : g.servers) {
            if (!s.tls.credentialName.isSet())
                continue;
            if (secretFor(model, g, s.tls.credentialName.value) != &secret)
                continue;
            for (const Scalar &h : s.hosts)
                hosts.push_back(h.value);
        }
    }
    return hosts;
}

std::vector<std::string> hostsUsingOverride(const Model &model) {
    std::vector<std::string> hosts;
    for (const Gateway &g : model.gateways) {
        for (const GatewayServer &s : g.servers) {
            const bool viaSecret = s.tls.credentialName.value == kKymaGatewaySecret;
            const bool kymaGateway = g.meta.name.value == kKymaGatewayName && s.tls.loc.present &&
                                     (s.tls.mode.value == "SIMPLE" || s.tls.mode.value == "MUTUAL");
            if (!viaSecret && !kymaGateway)
                continue;
            for (const Scalar &h : s.hosts)
                hosts.push_back(h.value);
        }
    }
    return hosts;
}

// A destination's subset must be defined by the DestinationRule for its host; Istio has no
// cluster for it otherwise and its requests fail with 503 (istioctl's IST0101).
void checkSubsets(const RuleContext &ctx) {
    auto check = [&](const VirtualService &vs, const DestinationSpec &d) {
        if (!d.subset.isSet() || !d.host.isSet())
            return;
        const DestinationRule *dr =
            ctx.model.findDestinationRule(d.host.value, vs.meta.effectiveNamespace(), {});
        if (dr && dr->findSubset(d.subset.value))
            return;
        ctx.sink.at(vs.meta, d.subset, Warning, "analysis.subset-not-found",
                    "subset '" + d.subset.value + "' of '" + d.host.value + "': " +
                        (dr ? dr->meta.displayName() + " defines no such subset"
                            : std::string("no DestinationRule for the host in the workspace")) +
                        "; Istio answers its requests with 503");
    };
    for (const VirtualService &vs : ctx.model.virtualServices) {
        for (const HttpRouteSpec &h : vs.http) {
            for (const RouteDestinationSpec &r : h.route)
                check(vs, r.destination);
            for (const MirrorSpec &m : h.mirrors)
                check(vs, m.destination);
        }
        for (const auto *routes : {&vs.tls, &vs.tcp})
            for (const TlsRouteSpec &t : *routes)
                for (const RouteDestinationSpec &r : t.route)
                    check(vs, r.destination);
    }
}

} // namespace

void checkCrossResource(const RuleContext &ctx) {
    checkGatewayConflicts(ctx);
    checkVirtualServiceBindings(ctx);
    checkDelegates(ctx);
    checkSubsets(ctx);
    checkCredentialReferences(ctx);
}

void checkCertificates(const RuleContext &ctx) {
    for (const ConfigMap &c : ctx.model.configMaps) {
        for (const auto &[k, v] : c.data.entries) {
            if (k.value == ConfigMap::TlsKeyKey || holdsPrivateKey(v))
                ctx.sink.at(c.meta, k, Warning, "security.configmap.private-key",
                            "a private key is stored in " + c.meta.displayName() + " ('" + k.value +
                                "'): ConfigMaps are readable by more roles and not encrypted "
                                "at rest; keep keys in a Secret (type kubernetes.io/tls)");
        }
        if (c.isTlsOverride())
            checkMaterial(ctx, c.meta, c.data.find(ConfigMap::TlsCertKey),
                          c.data.find(ConfigMap::TlsKeyKey), hostsUsingOverride(ctx.model),
                          "the TLS override " + c.meta.displayName());
    }
    for (const Secret &s : ctx.model.secrets) {
        const Scalar *cert = s.certificateScalar();
        if (!cert)
            continue;
        checkMaterial(ctx, s.meta, cert, s.privateKeyScalar(), hostsUsingSecret(ctx.model, s),
                      s.meta.displayName());
    }
}

} // namespace gatehouse::core::detail
