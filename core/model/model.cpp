#include "model.h"

#include "yaml/yamlfile.h"

#include <array>
#include <functional>

namespace gatehouse::core {

namespace {

// The printed YAML path of a field, built by appending (the model records one for
// every field it reads, so this must be cheap; same spelling as YamlPath::toString).
class FieldPath {
public:
    [[nodiscard]] FieldPath key(std::string_view k) const {
        FieldPath p;
        p.m_text.reserve(m_text.size() + k.size() + 1);
        p.m_text = m_text;
        if (k.find_first_of(".[]\"") != std::string_view::npos) {
            p.m_text += "[\"";
            for (char c : k) {
                if (c == '"' || c == '\\')
                    p.m_text += '\\';
                p.m_text += c;
            }
            p.m_text += "\"]";
        } else {
            if (!p.m_text.empty())
                p.m_text += '.';
            p.m_text += k;
        }
        return p;
    }
    [[nodiscard]] FieldPath index(int i) const {
        FieldPath p;
        p.m_text = m_text + '[' + std::to_string(i) + ']';
        return p;
    }
    [[nodiscard]] const std::string &toString() const { return m_text; }

private:
    std::string m_text;
};

const char *typeName(const YamlNode &n) {
    switch (n.type()) {
    case YamlType::Map:
        return "a map";
    case YamlType::Sequence:
        return "a list";
    case YamlType::Scalar:
        return "a scalar";
    case YamlType::Null:
        return "null";
    case YamlType::Undefined:
        break;
    }
    return "nothing";
}

// Reads typed fields out of one document, recording every place, and collects
// type errors (a list where a scalar belongs, ...) instead of throwing.
class Reader {
public:
    Reader(const YamlFile &file, int doc, std::vector<Error> &errors)
        : m_file(file)
        , m_doc(doc)
        , m_errors(errors) {}

    NodeLoc loc(const YamlNode &n, const FieldPath &path) const {
        const SourceLocation l = m_file.locationOf(m_doc, n);
        return NodeLoc{n.isDefined(), l.line, l.column, path.toString()};
    }

    void typeError(const YamlNode &n, const FieldPath &path, const char *expected) {
        m_errors.emplace_back("model.type",
                              "field '" + path.toString() + "' must be " + expected + ", found " +
                                  typeName(n),
                              std::string(), m_file.locationOf(m_doc, n));
    }

    Scalar scalar(const YamlNode &parent, const char *key, const FieldPath &parentPath) {
        const FieldPath path = parentPath.key(key);
        if (!parent.isMap())
            return Scalar{{}, false, 0, 0, path.toString()};
        const YamlNode n = parent[key];
        return scalarOf(n, path);
    }

    Scalar scalarOf(const YamlNode &n, const FieldPath &path) {
        Scalar s;
        s.path = path.toString();
        if (!n.isDefined())
            return s;
        const SourceLocation l = m_file.locationOf(m_doc, n);
        s.present = true;
        s.line = l.line;
        s.column = l.column;
        if (n.isScalar())
            s.value = n.scalar();
        else if (!n.isNull())
            typeError(n, path, "a single value");
        return s;
    }

    ScalarList list(const YamlNode &parent, const char *key, const FieldPath &parentPath,
                    NodeLoc *where = nullptr) {
        ScalarList out;
        const FieldPath path = parentPath.key(key);
        if (!parent.isMap())
            return out;
        const YamlNode n = parent[key];
        if (where)
            *where = loc(n, path);
        if (!n.isDefined() || n.isNull())
            return out;
        if (!n.isSequence()) {
            typeError(n, path, "a list");
            return out;
        }
        out.reserve(n.size());
        for (size_t i = 0; i < n.size(); ++i)
            out.push_back(scalarOf(n[i], path.index(int(i))));
        return out;
    }

    ScalarMap stringMap(const YamlNode &parent, const char *key, const FieldPath &parentPath) {
        ScalarMap out;
        const FieldPath path = parentPath.key(key);
        if (!parent.isMap())
            return out;
        const YamlNode n = parent[key];
        out.loc = loc(n, path);
        if (!n.isDefined() || n.isNull())
            return out;
        if (!n.isMap()) {
            typeError(n, path, "a map");
            return out;
        }
        for (size_t i = 0; i < n.size(); ++i) {
            const std::string k(n.keyAt(i).scalar());
            Scalar ks = scalarOf(n.keyAt(i), path.key(k));
            Scalar vs = scalarOf(n.valueAt(i), path.key(k));
            out.entries.emplace_back(std::move(ks), std::move(vs));
        }
        return out;
    }

    // Calls f(item, itemPath) for each map item of the list at parent[key].
    template <typename F>
    NodeLoc each(const YamlNode &parent, const char *key, const FieldPath &parentPath, F &&f) {
        const FieldPath path = parentPath.key(key);
        if (!parent.isMap())
            return NodeLoc{false, 0, 0, path.toString()};
        const YamlNode n = parent[key];
        NodeLoc where = loc(n, path);
        if (!n.isDefined() || n.isNull())
            return where;
        if (!n.isSequence()) {
            typeError(n, path, "a list");
            return where;
        }
        for (size_t i = 0; i < n.size(); ++i) {
            const YamlNode item = n[i];
            const FieldPath ip = path.index(int(i));
            if (!item.isMap()) {
                typeError(item, ip, "a map");
                continue;
            }
            f(item, ip, int(i));
        }
        return where;
    }

    // parent[key] as a map (or an undefined node); a type error when it is something else.
    YamlNode child(const YamlNode &parent, const char *key, const FieldPath &parentPath,
                   NodeLoc *where = nullptr) {
        const FieldPath path = parentPath.key(key);
        if (!parent.isMap())
            return YamlNode();
        const YamlNode n = parent[key];
        if (where)
            *where = loc(n, path);
        if (n.isDefined() && !n.isNull() && !n.isMap()) {
            typeError(n, path, "a map");
            return YamlNode();
        }
        return n;
    }

private:
    const YamlFile &m_file;
    int m_doc;
    std::vector<Error> &m_errors;
};

PortSpec readPort(Reader &r, const YamlNode &n, const FieldPath &path) {
    PortSpec p;
    p.loc = r.loc(n, path);
    p.number = r.scalar(n, "number", path);
    p.protocol = r.scalar(n, "protocol", path);
    p.name = r.scalar(n, "name", path);
    p.targetPort = r.scalar(n, "targetPort", path);
    if (p.number.present && !p.number.value.empty() && !p.number.toInt())
        r.typeError(n["number"], path.key("number"), "a whole number");
    return p;
}

ServerTlsSpec readServerTls(Reader &r, const YamlNode &server, const FieldPath &serverPath) {
    ServerTlsSpec t;
    const FieldPath path = serverPath.key("tls");
    const YamlNode n = r.child(server, "tls", serverPath, &t.loc);
    if (!n.isDefined() || n.isNull())
        return t;
    t.httpsRedirect = r.scalar(n, "httpsRedirect", path);
    t.mode = r.scalar(n, "mode", path);
    t.serverCertificate = r.scalar(n, "serverCertificate", path);
    t.privateKey = r.scalar(n, "privateKey", path);
    t.caCertificates = r.scalar(n, "caCertificates", path);
    t.caCrl = r.scalar(n, "caCrl", path);
    t.credentialName = r.scalar(n, "credentialName", path);
    t.credentialNames = r.list(n, "credentialNames", path);
    t.subjectAltNames = r.list(n, "subjectAltNames", path);
    t.verifyCertificateSpki = r.list(n, "verifyCertificateSpki", path);
    t.verifyCertificateHash = r.list(n, "verifyCertificateHash", path);
    t.minProtocolVersion = r.scalar(n, "minProtocolVersion", path);
    t.maxProtocolVersion = r.scalar(n, "maxProtocolVersion", path);
    t.cipherSuites = r.list(n, "cipherSuites", path, &t.cipherSuitesLoc);
    return t;
}

Gateway readGateway(Reader &r, const YamlNode &root, ResourceMeta meta) {
    Gateway g;
    g.meta = std::move(meta);
    const FieldPath specPath = FieldPath().key("spec");
    const YamlNode spec = r.child(root, "spec", FieldPath());
    g.selector = r.stringMap(spec, "selector", specPath);
    g.serversLoc =
        r.each(spec, "servers", specPath, [&](const YamlNode &s, const FieldPath &sp, int i) {
            GatewayServer server;
            server.index = i;
            server.loc = r.loc(s, sp);
            const YamlNode port = r.child(s, "port", sp, &server.port.loc);
            if (port.isDefined() && !port.isNull())
                server.port = readPort(r, port, sp.key("port"));
            server.bind = r.scalar(s, "bind", sp);
            server.hosts = r.list(s, "hosts", sp, &server.hostsLoc);
            server.tls = readServerTls(r, s, sp);
            server.defaultEndpoint = r.scalar(s, "defaultEndpoint", sp);
            server.name = r.scalar(s, "name", sp);
            g.servers.push_back(std::move(server));
        });
    return g;
}

StringMatchSpec readStringMatch(Reader &r, const YamlNode &parent, const char *key,
                                const FieldPath &parentPath) {
    StringMatchSpec m;
    const FieldPath path = parentPath.key(key);
    const YamlNode n = r.child(parent, key, parentPath, &m.loc);
    if (!n.isDefined() || n.isNull())
        return m;
    m.exact = r.scalar(n, "exact", path);
    m.prefix = r.scalar(n, "prefix", path);
    m.regex = r.scalar(n, "regex", path);
    return m;
}

HeadersSpec readHeaders(Reader &r, const YamlNode &parent, const FieldPath &parentPath) {
    HeadersSpec hs;
    const FieldPath path = parentPath.key("headers");
    const YamlNode n = r.child(parent, "headers", parentPath, &hs.loc);
    if (!n.isDefined() || n.isNull())
        return hs;
    auto operations = [&](const char *key, HeaderOperationsSpec &ops) {
        const YamlNode o = r.child(n, key, path);
        if (!o.isDefined() || o.isNull())
            return;
        ops.set = r.stringMap(o, "set", path.key(key));
        ops.add = r.stringMap(o, "add", path.key(key));
        ops.remove = r.list(o, "remove", path.key(key));
    };
    operations("request", hs.request);
    operations("response", hs.response);
    return hs;
}

// Istio's Percent message under `key`: its `value`; `where` says whether the key was there.
Scalar readPercent(Reader &r, const YamlNode &parent, const char *key, const FieldPath &parentPath,
                   NodeLoc *where) {
    const YamlNode n = r.child(parent, key, parentPath, where);
    if (!n.isDefined() || n.isNull())
        return {};
    return r.scalar(n, "value", parentPath.key(key));
}

DestinationSpec readDestination(Reader &r, const YamlNode &parent, const FieldPath &parentPath) {
    DestinationSpec out;
    const FieldPath dp = parentPath.key("destination");
    const YamlNode d = r.child(parent, "destination", parentPath, &out.loc);
    if (d.isDefined() && !d.isNull()) {
        out.host = r.scalar(d, "host", dp);
        out.subset = r.scalar(d, "subset", dp);
        const YamlNode port = r.child(d, "port", dp);
        if (port.isDefined() && !port.isNull())
            out.port = r.scalar(port, "number", dp.key("port"));
    }
    return out;
}

std::vector<RouteDestinationSpec> readRoutes(Reader &r, const YamlNode &parent,
                                             const FieldPath &parentPath) {
    std::vector<RouteDestinationSpec> out;
    r.each(parent, "route", parentPath, [&](const YamlNode &n, const FieldPath &p, int) {
        RouteDestinationSpec rd;
        rd.loc = r.loc(n, p);
        rd.destination = readDestination(r, n, p);
        rd.weight = r.scalar(n, "weight", p);
        rd.headers = readHeaders(r, n, p);
        out.push_back(std::move(rd));
    });
    return out;
}

std::vector<TlsRouteSpec> readTlsRoutes(Reader &r, const YamlNode &spec, const char *key,
                                        const FieldPath &specPath) {
    std::vector<TlsRouteSpec> out;
    r.each(spec, key, specPath, [&](const YamlNode &n, const FieldPath &p, int) {
        TlsRouteSpec t;
        t.loc = r.loc(n, p);
        r.each(n, "match", p, [&](const YamlNode &m, const FieldPath &mp, int) {
            TlsMatchSpec tm;
            tm.loc = r.loc(m, mp);
            tm.sniHosts = r.list(m, "sniHosts", mp);
            tm.port = r.scalar(m, "port", mp);
            tm.gateways = r.list(m, "gateways", mp);
            tm.destinationSubnets = r.list(m, "destinationSubnets", mp);
            t.match.push_back(std::move(tm));
        });
        t.route = readRoutes(r, n, p);
        out.push_back(std::move(t));
    });
    return out;
}

VirtualService readVirtualService(Reader &r, const YamlNode &root, ResourceMeta meta) {
    VirtualService v;
    v.meta = std::move(meta);
    const FieldPath sp = FieldPath().key("spec");
    const YamlNode spec = r.child(root, "spec", FieldPath());
    v.hosts = r.list(spec, "hosts", sp, &v.hostsLoc);
    v.gateways = r.list(spec, "gateways", sp);
    v.exportTo = r.list(spec, "exportTo", sp);
    r.each(spec, "http", sp, [&](const YamlNode &h, const FieldPath &hp, int) {
        HttpRouteSpec route;
        route.loc = r.loc(h, hp);
        route.name = r.scalar(h, "name", hp);
        r.each(h, "match", hp, [&](const YamlNode &m, const FieldPath &mp, int) {
            HttpMatchSpec hm;
            hm.loc = r.loc(m, mp);
            hm.name = r.scalar(m, "name", mp);
            hm.uri = readStringMatch(r, m, "uri", mp);
            hm.authority = readStringMatch(r, m, "authority", mp);
            hm.method = readStringMatch(r, m, "method", mp);
            hm.scheme = readStringMatch(r, m, "scheme", mp);
            hm.ignoreUriCase = r.scalar(m, "ignoreUriCase", mp);
            hm.port = r.scalar(m, "port", mp);
            hm.gateways = r.list(m, "gateways", mp);
            // name → StringMatch maps: headers, withoutHeaders, queryParams.
            auto readMatches = [&](const char *key,
                                   std::vector<std::pair<Scalar, StringMatchSpec>> &to) {
                const YamlNode map = r.child(m, key, mp);
                if (!map.isDefined() || !map.isMap())
                    return;
                const FieldPath kp = mp.key(key);
                for (size_t i = 0; i < map.size(); ++i) {
                    const std::string name(map.keyAt(i).scalar());
                    Scalar ns = r.scalarOf(map.keyAt(i), kp.key(name));
                    to.emplace_back(std::move(ns), readStringMatch(r, map, name.c_str(), kp));
                }
            };
            readMatches("headers", hm.headers);
            readMatches("withoutHeaders", hm.withoutHeaders);
            readMatches("queryParams", hm.queryParams);
            route.match.push_back(std::move(hm));
        });
        route.route = readRoutes(r, h, hp);
        const FieldPath retp = hp.key("retries");
        const YamlNode retries = r.child(h, "retries", hp, &route.retries.loc);
        if (retries.isDefined() && !retries.isNull()) {
            route.retries.attempts = r.scalar(retries, "attempts", retp);
            route.retries.retryOn = r.scalar(retries, "retryOn", retp);
            route.retries.perTryTimeout = r.scalar(retries, "perTryTimeout", retp);
        }
        const FieldPath fp = hp.key("fault");
        const YamlNode fault = r.child(h, "fault", hp, &route.fault.loc);
        if (fault.isDefined() && !fault.isNull()) {
            auto &delay = route.fault.delay;
            const FieldPath dlp = fp.key("delay");
            const YamlNode dn = r.child(fault, "delay", fp, &delay.loc);
            if (dn.isDefined() && !dn.isNull()) {
                delay.fixedDelay = r.scalar(dn, "fixedDelay", dlp);
                delay.exponentialDelay = r.scalar(dn, "exponentialDelay", dlp);
                delay.percent = r.scalar(dn, "percent", dlp);
                delay.percentage = readPercent(r, dn, "percentage", dlp, &delay.percentageLoc);
            }
            auto &abort = route.fault.abort;
            const FieldPath ap = fp.key("abort");
            const YamlNode an = r.child(fault, "abort", fp, &abort.loc);
            if (an.isDefined() && !an.isNull()) {
                abort.httpStatus = r.scalar(an, "httpStatus", ap);
                abort.grpcStatus = r.scalar(an, "grpcStatus", ap);
                abort.http2Error = r.scalar(an, "http2Error", ap);
                abort.percentage = readPercent(r, an, "percentage", ap, &abort.percentageLoc);
            }
        }
        const FieldPath dgp = hp.key("delegate");
        const YamlNode delegate = r.child(h, "delegate", hp, &route.delegate.loc);
        if (delegate.isDefined() && !delegate.isNull()) {
            route.delegate.name = r.scalar(delegate, "name", dgp);
            route.delegate.namespace_ = r.scalar(delegate, "namespace", dgp);
        }
        const FieldPath cp = hp.key("corsPolicy");
        CorsPolicySpec &cors = route.corsPolicy;
        const YamlNode cn = r.child(h, "corsPolicy", hp, &cors.loc);
        if (cn.isDefined() && !cn.isNull()) {
            cors.allowOriginsLoc =
                r.each(cn, "allowOrigins", cp, [&](const YamlNode &o, const FieldPath &op, int) {
                    StringMatchSpec m;
                    m.loc = r.loc(o, op);
                    m.exact = r.scalar(o, "exact", op);
                    m.prefix = r.scalar(o, "prefix", op);
                    m.regex = r.scalar(o, "regex", op);
                    cors.allowOrigins.push_back(std::move(m));
                });
            cors.allowOrigin = r.list(cn, "allowOrigin", cp);
            cors.allowMethods = r.list(cn, "allowMethods", cp);
            cors.allowHeaders = r.list(cn, "allowHeaders", cp);
            cors.exposeHeaders = r.list(cn, "exposeHeaders", cp);
            cors.maxAge = r.scalar(cn, "maxAge", cp);
            cors.allowCredentials = r.scalar(cn, "allowCredentials", cp);
            cors.unmatchedPreflights = r.scalar(cn, "unmatchedPreflights", cp);
        }
        if (h.isMap() && h["mirror"].isDefined() && !h["mirror"].isNull()) {
            MirrorSpec mirror;
            mirror.loc = r.loc(h["mirror"], hp.key("mirror"));
            // `mirror` is a Destination itself: read it as the destination of the route.
            const FieldPath mp = hp.key("mirror");
            const YamlNode d = h["mirror"];
            mirror.destination.loc = mirror.loc;
            mirror.destination.host = r.scalar(d, "host", mp);
            mirror.destination.subset = r.scalar(d, "subset", mp);
            const YamlNode port = r.child(d, "port", mp);
            if (port.isDefined() && !port.isNull())
                mirror.destination.port = r.scalar(port, "number", mp.key("port"));
            mirror.percentage = readPercent(r, h, "mirrorPercentage", hp, &mirror.percentageLoc);
            route.mirrors.push_back(std::move(mirror));
        }
        r.each(h, "mirrors", hp, [&](const YamlNode &n, const FieldPath &p, int) {
            MirrorSpec mirror;
            mirror.loc = r.loc(n, p);
            mirror.destination = readDestination(r, n, p);
            mirror.percentage = readPercent(r, n, "percentage", p, &mirror.percentageLoc);
            route.mirrors.push_back(std::move(mirror));
        });
        const FieldPath rp = hp.key("redirect");
        const YamlNode redirect = r.child(h, "redirect", hp, &route.redirect.loc);
        if (redirect.isDefined() && !redirect.isNull()) {
            route.redirect.uri = r.scalar(redirect, "uri", rp);
            route.redirect.authority = r.scalar(redirect, "authority", rp);
            route.redirect.scheme = r.scalar(redirect, "scheme", rp);
            route.redirect.port = r.scalar(redirect, "port", rp);
            route.redirect.derivePort = r.scalar(redirect, "derivePort", rp);
            route.redirect.redirectCode = r.scalar(redirect, "redirectCode", rp);
        }
        const FieldPath dp = hp.key("directResponse");
        const YamlNode direct = r.child(h, "directResponse", hp, &route.directResponse.loc);
        if (direct.isDefined() && !direct.isNull()) {
            route.directResponse.status = r.scalar(direct, "status", dp);
            const YamlNode body = r.child(direct, "body", dp);
            if (body.isDefined() && !body.isNull()) {
                route.directResponse.bodyString = r.scalar(body, "string", dp.key("body"));
                route.directResponse.bodyBytes = r.scalar(body, "bytes", dp.key("body"));
            }
        }
        const FieldPath wp = hp.key("rewrite");
        const YamlNode rewrite = r.child(h, "rewrite", hp, &route.rewrite.loc);
        if (rewrite.isDefined() && !rewrite.isNull()) {
            route.rewrite.uri = r.scalar(rewrite, "uri", wp);
            route.rewriteUri = route.rewrite.uri;
            route.rewrite.authority = r.scalar(rewrite, "authority", wp);
            const YamlNode regex =
                r.child(rewrite, "uriRegexRewrite", wp, &route.rewrite.uriRegexRewriteLoc);
            if (regex.isDefined() && !regex.isNull()) {
                route.rewrite.regexMatch = r.scalar(regex, "match", wp.key("uriRegexRewrite"));
                route.rewrite.regexRewrite = r.scalar(regex, "rewrite", wp.key("uriRegexRewrite"));
            }
        }
        route.headers = readHeaders(r, h, hp);
        route.timeout = r.scalar(h, "timeout", hp);
        v.http.push_back(std::move(route));
    });
    v.tls = readTlsRoutes(r, spec, "tls", sp);
    v.tcp = readTlsRoutes(r, spec, "tcp", sp);
    return v;
}

ServiceEntry readServiceEntry(Reader &r, const YamlNode &root, ResourceMeta meta) {
    ServiceEntry s;
    s.meta = std::move(meta);
    const FieldPath sp = FieldPath().key("spec");
    const YamlNode spec = r.child(root, "spec", FieldPath());
    s.hosts = r.list(spec, "hosts", sp, &s.hostsLoc);
    s.addresses = r.list(spec, "addresses", sp);
    s.portsLoc = r.each(spec, "ports", sp, [&](const YamlNode &p, const FieldPath &pp, int) {
        s.ports.push_back(readPort(r, p, pp));
    });
    s.location = r.scalar(spec, "location", sp);
    s.resolution = r.scalar(spec, "resolution", sp);
    s.endpointsLoc =
        r.each(spec, "endpoints", sp, [&](const YamlNode &e, const FieldPath &ep, int) {
            WorkloadEntrySpec w;
            w.loc = r.loc(e, ep);
            w.address = r.scalar(e, "address", ep);
            w.ports = r.stringMap(e, "ports", ep);
            w.labels = r.stringMap(e, "labels", ep);
            w.network = r.scalar(e, "network", ep);
            w.locality = r.scalar(e, "locality", ep);
            w.weight = r.scalar(e, "weight", ep);
            w.serviceAccount = r.scalar(e, "serviceAccount", ep);
            s.endpoints.push_back(std::move(w));
        });
    r.child(spec, "workloadSelector", sp, &s.workloadSelector);
    s.exportTo = r.list(spec, "exportTo", sp);
    s.subjectAltNames = r.list(spec, "subjectAltNames", sp);
    return s;
}

TrafficPolicySpec readTrafficPolicy(Reader &r, const YamlNode &parent,
                                    const FieldPath &parentPath) {
    TrafficPolicySpec tp;
    const FieldPath path = parentPath.key("trafficPolicy");
    const YamlNode n = r.child(parent, "trafficPolicy", parentPath, &tp.loc);
    if (!n.isDefined() || n.isNull())
        return tp;
    const FieldPath lbPath = path.key("loadBalancer");
    const YamlNode lb = r.child(n, "loadBalancer", path, &tp.loadBalancer.loc);
    if (lb.isDefined() && !lb.isNull()) {
        tp.loadBalancer.simple = r.scalar(lb, "simple", lbPath);
        r.child(lb, "consistentHash", lbPath, &tp.loadBalancer.consistentHash);
        r.child(lb, "localityLbSetting", lbPath, &tp.loadBalancer.localityLbSetting);
        r.child(lb, "warmup", lbPath, &tp.loadBalancer.warmup);
    }
    const FieldPath poolPath = path.key("connectionPool");
    const YamlNode pool = r.child(n, "connectionPool", path, &tp.connectionPool.loc);
    if (pool.isDefined() && !pool.isNull()) {
        ConnectionPoolSpec &cp = tp.connectionPool;
        const FieldPath tcpPath = poolPath.key("tcp");
        const YamlNode tcp = r.child(pool, "tcp", poolPath);
        if (tcp.isDefined() && !tcp.isNull()) {
            cp.connectTimeout = r.scalar(tcp, "connectTimeout", tcpPath);
            cp.maxConnections = r.scalar(tcp, "maxConnections", tcpPath);
            r.child(tcp, "tcpKeepalive", tcpPath, &cp.tcpKeepalive);
        }
        const FieldPath httpPath = poolPath.key("http");
        const YamlNode http = r.child(pool, "http", poolPath);
        if (http.isDefined() && !http.isNull()) {
            cp.idleTimeout = r.scalar(http, "idleTimeout", httpPath);
            cp.maxRequestsPerConnection = r.scalar(http, "maxRequestsPerConnection", httpPath);
            cp.http1MaxPendingRequests = r.scalar(http, "http1MaxPendingRequests", httpPath);
            cp.http2MaxRequests = r.scalar(http, "http2MaxRequests", httpPath);
            cp.maxRetries = r.scalar(http, "maxRetries", httpPath);
            cp.h2UpgradePolicy = r.scalar(http, "h2UpgradePolicy", httpPath);
        }
    }
    r.child(n, "outlierDetection", path, &tp.outlierDetection);
    tp.portLevelSettings = r.each(n, "portLevelSettings", path, [](auto &&...) {});
    const FieldPath tlsPath = path.key("tls");
    const YamlNode tls = r.child(n, "tls", path, &tp.tls.loc);
    if (!tls.isDefined() || tls.isNull())
        return tp;
    tp.tls.mode = r.scalar(tls, "mode", tlsPath);
    tp.tls.clientCertificate = r.scalar(tls, "clientCertificate", tlsPath);
    tp.tls.privateKey = r.scalar(tls, "privateKey", tlsPath);
    tp.tls.caCertificates = r.scalar(tls, "caCertificates", tlsPath);
    tp.tls.credentialName = r.scalar(tls, "credentialName", tlsPath);
    tp.tls.subjectAltNames = r.list(tls, "subjectAltNames", tlsPath);
    tp.tls.sni = r.scalar(tls, "sni", tlsPath);
    tp.tls.insecureSkipVerify = r.scalar(tls, "insecureSkipVerify", tlsPath);
    return tp;
}

DestinationRule readDestinationRule(Reader &r, const YamlNode &root, ResourceMeta meta) {
    DestinationRule d;
    d.meta = std::move(meta);
    const FieldPath sp = FieldPath().key("spec");
    const YamlNode spec = r.child(root, "spec", FieldPath());
    d.host = r.scalar(spec, "host", sp);
    d.trafficPolicy = readTrafficPolicy(r, spec, sp);
    r.each(spec, "subsets", sp, [&](const YamlNode &s, const FieldPath &p, int) {
        SubsetSpec sub;
        sub.loc = r.loc(s, p);
        sub.name = r.scalar(s, "name", p);
        sub.labels = r.stringMap(s, "labels", p);
        sub.trafficPolicy = readTrafficPolicy(r, s, p);
        d.subsets.push_back(std::move(sub));
    });
    d.exportTo = r.list(spec, "exportTo", sp);
    return d;
}

Sidecar readSidecar(Reader &r, const YamlNode &root, ResourceMeta meta) {
    Sidecar s;
    s.meta = std::move(meta);
    const FieldPath sp = FieldPath().key("spec");
    const YamlNode spec = r.child(root, "spec", FieldPath());
    r.child(spec, "workloadSelector", sp, &s.workloadSelector);
    r.each(spec, "egress", sp, [&](const YamlNode &e, const FieldPath &ep, int) {
        SidecarEgressSpec eg;
        eg.loc = r.loc(e, ep);
        eg.hosts = r.list(e, "hosts", ep);
        eg.bind = r.scalar(e, "bind", ep);
        const YamlNode port = r.child(e, "port", ep);
        if (port.isDefined() && !port.isNull())
            eg.portNumber = r.scalar(port, "number", ep.key("port"));
        s.egress.push_back(std::move(eg));
    });
    const YamlNode otp = r.child(spec, "outboundTrafficPolicy", sp);
    if (otp.isDefined() && !otp.isNull())
        s.outboundTrafficPolicyMode = r.scalar(otp, "mode", sp.key("outboundTrafficPolicy"));
    return s;
}

} // namespace

bool isIstioNetworkingApiVersion(const std::string &apiVersion) {
    return apiVersion == "networking.istio.io/v1alpha3" ||
           apiVersion == "networking.istio.io/v1beta1" || apiVersion == "networking.istio.io/v1";
}

size_t Model::resourceCount() const {
    return gateways.size() + virtualServices.size() + serviceEntries.size() +
           destinationRules.size() + sidecars.size() + configMaps.size() + secrets.size() +
           namespaces.size();
}

void Model::addFile(const YamlFile &file, int fileIndex) {
    const auto &docs = file.documents();
    for (size_t di = 0; di < docs.size(); ++di) {
        const YamlDocument &d = docs[di];
        if (d.error) {
            errors.push_back(*d.error);
            continue;
        }
        const YamlNode root = d.tree.root();
        if (!root.isDefined() || root.isNull())
            continue; // empty document
        Reader r(file, int(di), errors);
        if (!root.isMap()) {
            errors.emplace_back("model.type",
                                std::string("a Kubernetes resource must be a map, found ") +
                                    typeName(root),
                                std::string(), file.locationOf(int(di), root));
            continue;
        }
        ResourceMeta meta;
        meta.fileIndex = fileIndex;
        meta.document = int(di);
        meta.root = r.loc(root, FieldPath());
        meta.apiVersion = r.scalar(root, "apiVersion", FieldPath());
        meta.kindScalar = r.scalar(root, "kind", FieldPath());
        const FieldPath mp = FieldPath().key("metadata");
        const YamlNode md = r.child(root, "metadata", FieldPath());
        meta.name = r.scalar(md, "name", mp);
        meta.namespace_ = r.scalar(md, "namespace", mp);
        meta.labels = r.stringMap(md, "labels", mp);
        meta.annotations = r.stringMap(md, "annotations", mp);

        const std::string &kind = meta.kindScalar.value;
        const std::string &api = meta.apiVersion.value;
        SourceLocation at = file.locationOf(int(di), root);
        if (!meta.kindScalar.isSet()) {
            errors.emplace_back("model.kind-missing", "the document has no 'kind'", std::string(),
                                at);
            continue;
        }
        if (!meta.apiVersion.isSet()) {
            at.line = meta.kindScalar.line;
            at.column = meta.kindScalar.column;
            errors.emplace_back("model.apiversion-missing", "the " + kind + " has no 'apiVersion'",
                                std::string(), at);
            continue;
        }
        const bool istio = isIstioNetworkingApiVersion(api);
        const bool coreV1 = api == "v1";
        at.line = meta.kindScalar.line;
        at.column = meta.kindScalar.column;
        if (istio && kind == "Gateway") {
            meta.kind = ResourceKind::Gateway;
            gateways.push_back(readGateway(r, root, std::move(meta)));
        } else if (istio && kind == "VirtualService") {
            meta.kind = ResourceKind::VirtualService;
            virtualServices.push_back(readVirtualService(r, root, std::move(meta)));
        } else if (istio && kind == "ServiceEntry") {
            meta.kind = ResourceKind::ServiceEntry;
            serviceEntries.push_back(readServiceEntry(r, root, std::move(meta)));
        } else if (istio && kind == "DestinationRule") {
            meta.kind = ResourceKind::DestinationRule;
            destinationRules.push_back(readDestinationRule(r, root, std::move(meta)));
        } else if (istio && kind == "Sidecar") {
            meta.kind = ResourceKind::Sidecar;
            sidecars.push_back(readSidecar(r, root, std::move(meta)));
        } else if (coreV1 && kind == "ConfigMap") {
            meta.kind = ResourceKind::ConfigMap;
            ConfigMap c;
            c.data = r.stringMap(root, "data", FieldPath());
            c.meta = std::move(meta);
            configMaps.push_back(std::move(c));
        } else if (coreV1 && kind == "Secret") {
            meta.kind = ResourceKind::Secret;
            Secret s;
            s.type = r.scalar(root, "type", FieldPath());
            s.data = r.stringMap(root, "data", FieldPath());
            s.stringData = r.stringMap(root, "stringData", FieldPath());
            s.meta = std::move(meta);
            secrets.push_back(std::move(s));
        } else if (coreV1 && kind == "Namespace") {
            meta.kind = ResourceKind::Namespace;
            namespaces.push_back(std::move(meta));
        } else {
            errors.emplace_back(
                "model.unknown-kind",
                "unknown kind '" + kind + "' (apiVersion '" + api +
                    "'); Gatehouse reads Gateway, VirtualService, ServiceEntry, DestinationRule, "
                    "Sidecar (networking.istio.io v1alpha3/v1beta1/v1) and ConfigMap, Secret, "
                    "Namespace (v1)",
                std::string(), at);
        }
    }
}

const Secret *Model::findSecret(const std::string &ns, const std::string &name) const {
    for (const Secret &s : secrets) {
        if (s.meta.name.value == name && s.meta.effectiveNamespace() == ns)
            return &s;
    }
    return nullptr;
}

const VirtualService *Model::findDelegate(const std::string &rootNs,
                                          const HttpRouteSpec &route) const {
    const std::string ns =
        route.delegate.namespace_.isSet() ? route.delegate.namespace_.value : rootNs;
    for (const VirtualService &vs : virtualServices) {
        if (vs.hosts.empty() && vs.meta.name.value == route.delegate.name.value &&
            vs.meta.effectiveNamespace() == ns)
            return &vs;
    }
    return nullptr;
}

const Gateway *Model::findGateway(const std::string &ns, const std::string &name) const {
    for (const Gateway &g : gateways) {
        if (g.meta.name.value == name && g.meta.effectiveNamespace() == ns)
            return &g;
    }
    return nullptr;
}

std::string fqdn(const std::string &host, const std::string &ns) {
    if (host.empty() || host.find('.') != std::string::npos || host.find('*') != std::string::npos)
        return host;
    return host + '.' + ns + ".svc.cluster.local";
}

const DestinationRule *Model::findDestinationRule(const std::string &host,
                                                  const std::string &hostNs,
                                                  const std::string &viewerNs) const {
    const std::string want = fqdn(host, hostNs);
    const DestinationRule *best = nullptr;
    std::size_t bestLength = 0;
    for (const DestinationRule &dr : destinationRules) {
        if (!viewerNs.empty() && !dr.exportedTo(viewerNs))
            continue;
        const std::string h = fqdn(dr.host.value, dr.meta.effectiveNamespace());
        if (h == want)
            return &dr;
        // "*.example.com" covers "a.example.com" (and deeper names), "*" everything.
        const bool covers = h == "*" || (h.size() > 1 && h.starts_with("*.") &&
                                         want.size() > h.size() - 1 && want.ends_with(h.substr(1)));
        if (covers && h.size() > bestLength) {
            best = &dr;
            bestLength = h.size();
        }
    }
    return best;
}

} // namespace gatehouse::core
