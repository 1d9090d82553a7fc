#include "gateway/snapshot.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

namespace gatehouse::gateway::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

} // namespace

std::string_view stripPort(std::string_view host) {
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        return close == std::string_view::npos ? host : host.substr(0, close + 1);
    }
    const auto colon = host.rfind(':');
    if (colon != std::string_view::npos && host.find(':') == colon)
        return host.substr(0, colon);
    return host;
}

namespace {

bool regexFull(const std::regex &re, std::string_view s) {
    return std::regex_match(s.begin(), s.end(), re);
}

Result<std::regex> compileRegex(const std::string &pattern, const std::string &where) {
    try {
        return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error &e) {
        return fail("gateway.route.regex", where + ": invalid regular expression '" + pattern + "'",
                    e.what());
    }
}

// Appends RE2's substitution text for one match: \N is group N (0-9), \\ a backslash.
template <typename Match>
void appendSubstitution(std::string &out, const Match &m, std::string_view sub) {
    for (std::size_t i = 0; i < sub.size(); ++i) {
        const char c = sub[i];
        if (c == '\\' && i + 1 < sub.size() &&
            std::isdigit(static_cast<unsigned char>(sub[i + 1]))) {
            const auto group = std::size_t(sub[++i] - '0');
            if (group < m.size() && m[group].matched)
                out.append(m[group].first, m[group].second);
        } else if (c == '\\' && i + 1 < sub.size() && sub[i + 1] == '\\') {
            out += '\\';
            ++i;
        } else {
            out += c;
        }
    }
}

} // namespace

void appendRewrittenPath(std::string &out, const CompiledRoute &r, std::string_view path) {
    const auto q = path.find('?');
    const std::string_view justPath = q == std::string_view::npos ? path : path.substr(0, q);
    if (r.rewriteRegex) {
        // Envoy's regex_rewrite: every match in the path; the query stays as it was.
        using It = std::string_view::const_iterator;
        It last = justPath.begin();
        for (std::regex_iterator<It> it(justPath.begin(), justPath.end(), *r.rewriteRegex), end;
             it != end; ++it) {
            out.append(last, (*it)[0].first);
            appendSubstitution(out, *it, r.route->regexRewrite->substitution);
            last = (*it)[0].second;
        }
        out.append(last, justPath.end());
        out.append(path.substr(justPath.size()));
        return;
    }
    // Envoy's prefix_rewrite swaps the matched part: the prefix of a prefix match, the whole
    // path of an exact or regex match; without a uri match Istio matches the prefix "/".
    std::size_t matched = 0;
    switch (r.pathKind) {
    case PathMatch::Kind::Any:
        matched = 1;
        break;
    case PathMatch::Kind::Prefix:
    case PathMatch::Kind::Exact:
        matched = r.route->path.value.size();
        break;
    case PathMatch::Kind::Regex:
        matched = justPath.size();
        break;
    }
    if (matched > justPath.size() ||
        (r.pathKind == PathMatch::Kind::Any && !path.starts_with('/'))) {
        out.append(path);
        return;
    }
    out.append(*r.route->prefixRewrite);
    out.append(path.substr(matched));
}

namespace {

// Envoy's weighted_clusters: weights are relative, 0 gets nothing. When one cluster is left
// it becomes `single` and `out` stays empty; false when every weight is 0.
template <class Find>
bool compileWeights(const std::vector<WeightedCluster> &weights, Find &&find, WeightedClusters &out,
                    int &single) {
    out = {};
    for (const WeightedCluster &wc : weights) {
        if (wc.weight == 0)
            continue;
        out.total += wc.weight;
        out.choices.push_back({out.total, find(wc.cluster)});
    }
    if (out.choices.empty())
        return false;
    if (out.choices.size() == 1) {
        single = out.choices.front().cluster;
        out = {};
    }
    return true;
}

Forwarding forwarding(HeaderOperations request, HeaderOperations response,
                      std::string hostRewrite) {
    Forwarding f{std::move(request), std::move(response), std::move(hostRewrite), false, false};
    f.requestOps = !f.requestHeaders.empty();
    f.responseOps = !f.responseHeaders.empty();
    return f;
}

// One Forwarding per weighted destination that compileWeights keeps (weight above 0, in
// order), merged with the route's; none when no destination has operations of its own.
std::vector<Forwarding> destinationForwardings(const Route &r) {
    std::vector<Forwarding> out;
    const bool own = std::any_of(
        r.weightedClusters.begin(), r.weightedClusters.end(), [](const WeightedCluster &wc) {
            return wc.weight > 0 && (!wc.requestHeaders.empty() || !wc.responseHeaders.empty() ||
                                     !wc.hostRewrite.empty());
        });
    if (!own)
        return out;
    for (const WeightedCluster &wc : r.weightedClusters) {
        if (wc.weight == 0)
            continue;
        out.push_back(forwarding(mergeHeaderOperations(wc.requestHeaders, r.requestHeaders),
                                 mergeHeaderOperations(wc.responseHeaders, r.responseHeaders),
                                 r.hostRewrite.empty() ? wc.hostRewrite : r.hostRewrite));
    }
    return out;
}

bool hasFormats(const Forwarding &f) {
    for (const HeaderOperations *ops : {&f.requestHeaders, &f.responseHeaders}) {
        for (const auto *list : {&ops->set, &ops->add}) {
            for (const auto &kv : *list) {
                if (kv.second.find('%') != std::string::npos)
                    return true;
            }
        }
    }
    return false;
}

// A TCP destination (passthrough or TCP proxy): `cluster`, or drawn from `weights` per
// connection. Returns the name of a destination that is not a cluster, if any.
template <class Find>
std::optional<std::string> tcpDestination(const std::string &cluster,
                                          const std::vector<WeightedCluster> &weights, Find &&find,
                                          int &single, WeightedClusters &out) {
    for (const WeightedCluster &wc : weights) {
        if (find(wc.cluster) < 0)
            return wc.cluster;
    }
    if (weights.empty() || !compileWeights(weights, find, out, single)) {
        single = find(cluster);
        if (single < 0)
            return cluster;
    }
    return std::nullopt;
}

} // namespace

bool dropsField(const HeaderOperations &ops, std::string_view name,
                const FormattedFields *formatted) {
    for (const std::string &r : ops.remove) {
        if (iequals(r, name))
            return true;
    }
    for (const auto &kv : ops.set) {
        if (!iequals(kv.first, name))
            continue;
        if (formatted) {
            for (const std::string &k : formatted->keep) {
                if (iequals(k, name))
                    return false;
            }
        }
        return true;
    }
    return false;
}

void appendFields(std::string &out, const HeaderOperations &ops, const FormattedFields *formatted) {
    forEachField(ops, formatted, [&](std::string_view name, std::string_view value) {
        out.append(name);
        out += ": ";
        out.append(value);
        out += "\r\n";
    });
}

void appendRedirectLocation(std::string &out, const Redirect &rd, bool tls, std::string_view host,
                            std::string_view path, std::uint16_t localPort) {
    const std::string_view requestScheme = tls ? "https" : "http";
    const std::string_view scheme = rd.scheme.empty() ? requestScheme : std::string_view(rd.scheme);
    // Istio sets port_redirect from port or derivePort, leaving out 80 for http and 443 for
    // https.
    std::uint16_t port = rd.derivePort ? localPort : rd.port;
    if ((port == 80 && scheme == "http") || (port == 443 && scheme == "https"))
        port = 0;
    out.append(scheme);
    out += "://";
    if (!rd.authority.empty()) {
        out.append(rd.authority);
    } else {
        // The request's host keeps its port unless a new port is given, or the scheme
        // changes and the port was the old scheme's default.
        std::size_t colon = std::string_view::npos;
        if (!host.empty() && host.front() == '[') {
            colon = host.rfind("]:");
            if (colon != std::string_view::npos)
                ++colon;
        } else {
            colon = host.rfind(':');
        }
        if (colon != std::string_view::npos) {
            const std::string_view requestPort = host.substr(colon);
            bool removePort = port != 0;
            if (scheme != requestScheme)
                removePort =
                    removePort || (tls && requestPort == ":443") || (!tls && requestPort == ":80");
            if (removePort)
                host = host.substr(0, colon);
        }
        out.append(host);
    }
    if (port) {
        out += ':';
        char buf[8];
        const auto r = std::to_chars(buf, buf + sizeof buf, port);
        out.append(buf, r.ptr);
    }
    const std::size_t pathStart = out.size();
    if (!rd.path.empty()) {
        // A query in the new path replaces the request's; otherwise the request's is kept.
        out.append(rd.path);
        if (rd.path.find('?') == std::string::npos) {
            if (const auto q = path.find('?'); q != std::string_view::npos)
                out.append(path.substr(q));
        }
    } else {
        out.append(path);
    }
    if (out.size() == pathStart || out[pathStart] != '/')
        out.insert(pathStart, 1, '/');
}

void NameMatcher::add(std::string_view rawName, int value) {
    const std::string name = lower(stripPort(rawName));
    if (name == "*") {
        if (m_any < 0)
            m_any = value;
    } else if (name.starts_with('*')) {
        m_suffix.emplace_back(name.substr(1), value);
    } else if (name.ends_with('*')) {
        m_prefix.emplace_back(name.substr(0, name.size() - 1), value);
    } else {
        m_exact.emplace(name, value);
    }
    sortWildcards();
}

void NameMatcher::sortWildcards() {
    auto longer = [](const auto &a, const auto &b) {
        return a.first.size() > b.first.size();
    };
    std::stable_sort(m_suffix.begin(), m_suffix.end(), longer);
    std::stable_sort(m_prefix.begin(), m_prefix.end(), longer);
}

int NameMatcher::find(std::string_view rawHost) const {
    const std::string_view hostIn = stripPort(rawHost);
    char buf[256];
    if (hostIn.size() >= sizeof buf)
        return m_any;
    for (std::size_t i = 0; i < hostIn.size(); ++i)
        buf[i] = char(std::tolower(static_cast<unsigned char>(hostIn[i])));
    const std::string_view host(buf, hostIn.size());
    if (!host.empty() && !m_exact.empty()) {
        // Heterogeneous lookup needs C++20 transparent hashing; a short string is cheap.
        if (auto it = m_exact.find(std::string(host)); it != m_exact.end())
            return it->second;
    }
    for (const auto &[suffix, v] : m_suffix) {
        if (host.size() > suffix.size() && host.ends_with(suffix))
            return v;
    }
    for (const auto &[prefix, v] : m_prefix) {
        if (host.size() > prefix.size() && host.starts_with(prefix))
            return v;
    }
    return m_any;
}

std::string listenerKey(const Listener &l) {
    // Port 0 (the OS chooses) may appear more than once: the name tells them apart.
    if (l.port == 0)
        return l.address + ":0/" + l.name;
    return l.address + ':' + std::to_string(l.port);
}

bool Snapshot::hasCluster(std::string_view name) const {
    return std::any_of(clusters.begin(), clusters.end(),
                       [&](const ClusterInfo &c) { return c.cluster->name == name; });
}

int Snapshot::listenerByKey(std::string_view key) const {
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        if (listeners[i].key == key)
            return int(i);
    }
    return -1;
}

bool matchesValue(const CompiledHeaderMatch &m, std::string_view value) {
    switch (m.kind) {
    case HeaderMatch::Kind::Exact:
        return value == m.value;
    case HeaderMatch::Kind::Prefix:
        return value.starts_with(m.value);
    case HeaderMatch::Kind::Regex:
        return regexFull(*m.regex, value);
    case HeaderMatch::Kind::Present:
        return true;
    }
    return false;
}

namespace {

bool iequal(std::string_view a, std::string_view lowerB) {
    return a.size() == lowerB.size() &&
           std::equal(a.begin(), a.end(), lowerB.begin(), [](char x, char y) {
               return char(std::tolower(static_cast<unsigned char>(x))) == y;
           });
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// The first value of query parameter `name` in `query` (after the '?'), percent-decoded
// into `out`; false when the parameter is not there. A parameter without '=' has "".
bool queryValue(std::string_view query, std::string_view name, std::string &out) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) != name)
            continue;
        const std::string_view raw = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
        out.clear();
        for (std::size_t i = 0; i < raw.size(); ++i) {
            int hi = 0, lo = 0;
            if (raw[i] == '%' && i + 2 < raw.size() && (hi = hexValue(raw[i + 1])) >= 0 &&
                (lo = hexValue(raw[i + 2])) >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
            } else {
                out += raw[i];
            }
        }
        return true;
    }
    return false;
}

} // namespace

RouteMatch Snapshot::route(int table, std::string_view host, std::string_view path,
                           std::string_view method, std::string_view scheme,
                           const HeaderRef *headers, std::size_t headerCount) const {
    RouteMatch m;
    if (table < 0 || std::size_t(table) >= routeTables.size())
        return m;
    const CompiledRouteTable &t = routeTables[std::size_t(table)];
    const int vh = t.domains.find(host);
    if (vh < 0)
        return m;
    m.vhost = &t.vhosts[std::size_t(vh)];
    const auto q = path.find('?');
    const std::string_view p = q == std::string_view::npos ? path : path.substr(0, q);
    for (const CompiledRoute &r : m.vhost->routes) {
        switch (r.pathKind) {
        case PathMatch::Kind::Any:
            break;
        case PathMatch::Kind::Exact:
            if (r.pathLower.empty() ? p != r.route->path.value : !iequal(p, r.pathLower))
                continue;
            break;
        case PathMatch::Kind::Prefix:
            if (r.pathLower.empty() ? !p.starts_with(r.route->path.value)
                                    : (p.size() < r.pathLower.size() ||
                                       !iequal(p.substr(0, r.pathLower.size()), r.pathLower)))
                continue;
            break;
        case PathMatch::Kind::Regex:
            if (!regexFull(*r.pathRegex, p))
                continue;
            break;
        }
        bool ok = true;
        for (const CompiledHeaderMatch &h : r.headers) {
            const HeaderRef *found = nullptr;
            HeaderRef pseudo;
            if (h.name == ":authority" || h.name == ":method" || h.name == ":scheme") {
                pseudo = {h.name, h.name == ":method"   ? method
                                  : h.name == ":scheme" ? scheme
                                                        : host};
                found = &pseudo;
            }
            for (std::size_t i = 0; !found && i < headerCount; ++i) {
                if (iequal(headers[i].name, h.name)) {
                    found = &headers[i];
                    break;
                }
            }
            const bool match = found ? matchesValue(h, found->value)
                                     : h.treatMissingAsEmpty && matchesValue(h, "");
            if (match == h.invert) {
                ok = false;
                break;
            }
        }
        if (ok && !r.queryParams.empty()) {
            const std::string_view query =
                q == std::string_view::npos ? std::string_view() : path.substr(q + 1);
            std::string value;
            for (const CompiledHeaderMatch &qp : r.queryParams) {
                if (!queryValue(query, qp.name, value) || !matchesValue(qp, value)) {
                    ok = false;
                    break;
                }
            }
        }
        if (ok) {
            m.route = &r;
            return m;
        }
    }
    return m;
}

Result<std::shared_ptr<const Snapshot>> compileSnapshot(std::shared_ptr<const Config> config,
                                                        std::uint64_t generation) {
    if (!config)
        return fail("gateway.config.empty", "no configuration");
    auto snap = std::make_shared<Snapshot>();
    snap->config = config;
    snap->generation = generation;
    const Config &c = *config;

    std::map<std::string, int, std::less<>> clusterIndex;
    asio::io_context resolverContext;
    tcp::resolver resolver(resolverContext);
    for (const Cluster &cl : c.clusters) {
        if (!clusterIndex.emplace(cl.name, int(snap->clusters.size())).second)
            return fail("gateway.cluster.duplicate", "cluster '" + cl.name + "' is defined twice");
        ClusterInfo info;
        info.cluster = &cl;
        for (const Endpoint &ep : cl.endpoints) {
            boost::system::error_code ec;
            auto results = resolver.resolve(ep.address, std::to_string(ep.port),
                                            tcp::resolver::numeric_service, ec);
            if (ec || results.empty())
                return fail("gateway.cluster.endpoint",
                            "cluster '" + cl.name + "': cannot resolve '" + ep.address + "'",
                            ec.message());
            info.endpoints.push_back(results.begin()->endpoint());
        }
        if (cl.lbPolicy == LbPolicy::LeastRequest && cl.endpoints.size() > 1)
            info.inFlight = std::make_unique<std::atomic<std::uint32_t>[]>(cl.endpoints.size());
        info.connectMs = std::uint64_t(cl.connectTimeout.value_or(c.limits.connectTimeout).count());
        if (cl.tls) {
            auto ctx = buildClientContext(*cl.tls);
            if (!ctx) {
                Error e = ctx.error();
                e.message = "cluster '" + cl.name + "': " + e.message;
                return std::unexpected(std::move(e));
            }
            info.tls = ctx->get();
            snap->contexts.push_back(std::move(*ctx));
        }
        snap->clusters.push_back(std::move(info));
    }
    auto findCluster = [&](const std::string &name) {
        auto it = clusterIndex.find(name);
        return it == clusterIndex.end() ? -1 : it->second;
    };

    std::map<std::string, int, std::less<>> tableIndex;
    for (const RouteTable &rt : c.routeTables) {
        if (!tableIndex.emplace(rt.name, int(snap->routeTables.size())).second)
            return fail("gateway.route.duplicate",
                        "route table '" + rt.name + "' is defined twice");
        CompiledRouteTable t;
        for (const VirtualHost &vh : rt.virtualHosts) {
            CompiledVirtualHost cvh;
            cvh.vhost = &vh;
            for (const Route &r : vh.routes) {
                CompiledRoute cr;
                cr.route = &r;
                cr.pathKind = r.path.kind;
                const std::string where = "route '" + r.name + "' in '" + vh.name + "'";
                if (r.path.kind == PathMatch::Kind::Regex) {
                    auto re = compileRegex(r.path.value, where);
                    if (!re)
                        return std::unexpected(re.error());
                    cr.pathRegex = std::move(*re);
                }
                auto compileMatch = [&](const HeaderMatch &h,
                                        std::vector<CompiledHeaderMatch> &to) -> Result<void> {
                    CompiledHeaderMatch ch{lower(h.name), h.kind,   h.value,
                                           std::nullopt,  h.invert, h.treatMissingAsEmpty};
                    if (h.kind == HeaderMatch::Kind::Regex) {
                        auto re = compileRegex(h.value, where);
                        if (!re)
                            return std::unexpected(re.error());
                        ch.regex = std::move(*re);
                    }
                    to.push_back(std::move(ch));
                    return {};
                };
                for (const HeaderMatch &h : r.headers) {
                    if (auto ok = compileMatch(h, cr.headers); !ok)
                        return std::unexpected(ok.error());
                }
                for (const HeaderMatch &h : r.queryParams) {
                    if (auto ok = compileMatch(h, cr.queryParams); !ok)
                        return std::unexpected(ok.error());
                    cr.queryParams.back().name = h.name; // parameter names keep their case
                }
                for (const Mirror &mirror : r.mirrors)
                    cr.mirrors.emplace_back(findCluster(mirror.cluster), mirror.perMillion);
                if (r.path.ignoreCase && r.path.kind != PathMatch::Kind::Regex)
                    cr.pathLower = lower(r.path.value);
                if (r.cors) {
                    for (const HeaderMatch &h : r.cors->allowOrigins) {
                        if (auto ok = compileMatch(h, cr.corsOrigins); !ok)
                            return std::unexpected(ok.error());
                    }
                }
                const bool hasCluster = !r.cluster.empty() || !r.weightedClusters.empty();
                if (r.redirect && hasCluster)
                    return fail("gateway.route.action",
                                where + " has both a redirect and a destination");
                if (!r.weightedClusters.empty()) {
                    if (!compileWeights(r.weightedClusters, findCluster, cr.weighted, cr.cluster))
                        return fail("gateway.route.weights",
                                    where + ": the weights of its clusters are all 0");
                    cr.choices = destinationForwardings(r);
                    cr.forwards = true;
                } else if (!r.cluster.empty()) {
                    // An unknown destination answers 503 (Envoy: cluster not found).
                    cr.cluster = findCluster(r.cluster);
                    cr.forwards = true;
                } else if (r.redirect) {
                    const int code = r.redirect->status;
                    if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308)
                        return fail("gateway.route.redirect",
                                    where + ": redirect status " + std::to_string(code) +
                                        " is not one of 301, 302, 303, 307, 308");
                } else if (r.directStatus < 200 || r.directStatus > 599) {
                    return fail("gateway.route.action",
                                where + " has neither a destination nor a status");
                }
                if (r.prefixRewrite && r.regexRewrite)
                    return fail("gateway.route.rewrite",
                                where + " has both a prefix and a regex rewrite");
                if (r.regexRewrite) {
                    auto re = compileRegex(r.regexRewrite->pattern, where);
                    if (!re)
                        return std::unexpected(re.error());
                    cr.rewriteRegex = std::move(*re);
                }
                cr.rewritesPath = r.prefixRewrite.has_value() || r.regexRewrite.has_value();
                std::vector<const HeaderOperations *> allOps = {&r.requestHeaders,
                                                                &r.responseHeaders};
                for (const WeightedCluster &wc : r.weightedClusters) {
                    allOps.push_back(&wc.requestHeaders);
                    allOps.push_back(&wc.responseHeaders);
                }
                for (const HeaderOperations *ops : allOps) {
                    for (const auto *list : {&ops->set, &ops->add}) {
                        for (const auto &[name, value] : *list) {
                            if (name.empty() || name != lower(name) ||
                                name.find_first_of(":\r\n ") != std::string::npos ||
                                value.find_first_of("\r\n") != std::string::npos)
                                return fail("gateway.route.headers",
                                            where + ": header '" + name +
                                                "' is not a lower-case field name with a "
                                                "single-line value");
                        }
                    }
                }
                cr.own = forwarding(r.requestHeaders, r.responseHeaders, r.hostRewrite);
                cr.headerValueFormats = hasFormats(cr.own);
                for (const Forwarding &f : cr.choices)
                    cr.headerValueFormats |= hasFormats(f);
                cr.timeout = r.timeout;
                cvh.routes.push_back(std::move(cr));
            }
            for (const std::string &d : vh.domains)
                t.domains.add(d, int(t.vhosts.size()));
            t.vhosts.push_back(std::move(cvh));
        }
        snap->routeTables.push_back(std::move(t));
    }
    auto findTable = [&](const std::string &name) -> Result<int> {
        if (name.empty())
            return -1;
        auto it = tableIndex.find(name);
        if (it == tableIndex.end())
            return fail("gateway.route.unknown", "route table '" + name + "' does not exist");
        return it->second;
    };

    std::set<std::string> keys;
    for (const Listener &l : c.listeners) {
        CompiledListener cl;
        cl.listener = &l;
        cl.key = listenerKey(l);
        if (!keys.insert(cl.key).second)
            return fail("gateway.listener.duplicate", "two listeners on " + cl.key);
        boost::system::error_code ec;
        const auto addr = asio::ip::make_address(l.address, ec);
        if (ec)
            return fail("gateway.listener.address",
                        "listener '" + l.name + "': '" + l.address + "' is not an IP address");
        cl.endpoint = tcp::endpoint(addr, l.port);
        auto rt = findTable(l.routeTable);
        if (!rt)
            return std::unexpected(rt.error());
        cl.routeTable = *rt;
        if (l.tls) {
            for (std::size_t si = 0; si < l.servers.size(); ++si) {
                const Server &s = l.servers[si];
                if (!s.tls)
                    return fail("gateway.listener.mixed", "listener '" + l.name + "': server '" +
                                                              s.name + "' has no TLS settings");
                if (s.tls->mode == TlsMode::Passthrough) {
                    for (const SniRoute &sr : s.passthroughRoutes) {
                        Chain ch;
                        ch.server = int(si);
                        if (auto bad = tcpDestination(sr.cluster, sr.weightedClusters, findCluster,
                                                      ch.cluster, ch.weighted))
                            return fail("gateway.cluster.unknown",
                                        "server '" + s.name + "': passthrough destination '" +
                                            *bad + "' is not a cluster");
                        const int idx = int(cl.chains.size());
                        cl.chains.push_back(ch);
                        for (const std::string &h : sr.sniHosts)
                            cl.sni.add(h, idx);
                    }
                    continue;
                }
                // A TCP chain offers no ALPN: there is no HTTP behind it.
                auto ctx = buildServerContext(
                    *s.tls,
                    s.tcpProxy ? std::string_view() : std::string_view("\x02h2\x08http/1.1", 12));
                if (!ctx) {
                    Error e = ctx.error();
                    e.message = "server '" + s.name + "': " + e.message;
                    return std::unexpected(e);
                }
                Chain ch;
                ch.server = int(si);
                ch.ctx = ctx->get();
                if (s.tcpProxy) {
                    ch.tcpProxy = true;
                    if (!s.tcpCluster.empty() || !s.tcpWeightedClusters.empty()) {
                        if (auto bad = tcpDestination(s.tcpCluster, s.tcpWeightedClusters,
                                                      findCluster, ch.tcpCluster, ch.weighted))
                            return fail("gateway.cluster.unknown", "server '" + s.name +
                                                                       "': tcp destination '" +
                                                                       *bad + "' is not a cluster");
                    }
                } else {
                    auto srt = findTable(s.routeTable.empty() ? l.routeTable : s.routeTable);
                    if (!srt)
                        return std::unexpected(srt.error());
                    ch.routeTable = *srt;
                }
                snap->contexts.push_back(std::move(*ctx));
                const int idx = int(cl.chains.size());
                cl.chains.push_back(ch);
                if (s.hosts.empty())
                    cl.sni.add("*", idx);
                for (const std::string &h : s.hosts)
                    cl.sni.add(h, idx);
            }
        }
        snap->listeners.push_back(std::move(cl));
    }
    return std::shared_ptr<const Snapshot>(std::move(snap));
}

} // namespace gatehouse::gateway::detail

namespace gatehouse::gateway {

namespace {

void jsonString(std::string &out, std::string_view s) {
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void jsonList(std::string &out, const std::vector<std::string> &v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i)
            out += ',';
        jsonString(out, v[i]);
    }
    out += ']';
}

// ,"key":{"set":{..},"add":{..},"remove":[..]} when `ops` has any.
void jsonHeaderOps(std::string &o, const char *key, const HeaderOperations &ops) {
    if (ops.empty())
        return;
    o += ",\"";
    o += key;
    o += "\":{";
    for (const auto &[kind, list] : {std::pair{"set", &ops.set}, std::pair{"add", &ops.add}}) {
        o += '"';
        o += kind;
        o += "\":{";
        bool first = true;
        for (const auto &[name, value] : *list) {
            if (!first)
                o += ',';
            first = false;
            jsonString(o, name);
            o += ':';
            jsonString(o, value);
        }
        o += "},";
    }
    o += "\"remove\":";
    jsonList(o, ops.remove);
    o += '}';
}

// ,"weightedClusters":[{"cluster":..,"weight":..},...] when `list` has any.
void jsonWeighted(std::string &o, const std::vector<WeightedCluster> &list,
                  const char *key = "weightedClusters") {
    if (list.empty())
        return;
    o += ",\"";
    o += key;
    o += "\":[";
    for (std::size_t w = 0; w < list.size(); ++w) {
        if (w)
            o += ',';
        o += "{\"cluster\":";
        jsonString(o, list[w].cluster);
        o += ",\"weight\":" + std::to_string(list[w].weight);
        if (!list[w].hostRewrite.empty()) {
            o += ",\"hostRewrite\":";
            jsonString(o, list[w].hostRewrite);
        }
        jsonHeaderOps(o, "requestHeaders", list[w].requestHeaders);
        jsonHeaderOps(o, "responseHeaders", list[w].responseHeaders);
        o += '}';
    }
    o += ']';
}

const char *versionName(TlsVersion v) {
    switch (v) {
    case TlsVersion::Auto:
        return "TLS_AUTO";
    case TlsVersion::V1_0:
        return "TLSV1_0";
    case TlsVersion::V1_1:
        return "TLSV1_1";
    case TlsVersion::V1_2:
        return "TLSV1_2";
    case TlsVersion::V1_3:
        return "TLSV1_3";
    }
    return "?";
}

const char *modeName(TlsMode m) {
    switch (m) {
    case TlsMode::Simple:
        return "SIMPLE";
    case TlsMode::Mutual:
        return "MUTUAL";
    case TlsMode::OptionalMutual:
        return "OPTIONAL_MUTUAL";
    case TlsMode::Passthrough:
        return "PASSTHROUGH";
    }
    return "?";
}

const char *matchKindName(HeaderMatch::Kind k) {
    switch (k) {
    case HeaderMatch::Kind::Exact:
        return "exact";
    case HeaderMatch::Kind::Prefix:
        return "prefix";
    case HeaderMatch::Kind::Regex:
        return "regex";
    case HeaderMatch::Kind::Present:
        return "present";
    }
    return "?";
}

const char *pathKindName(PathMatch::Kind k) {
    switch (k) {
    case PathMatch::Kind::Any:
        return "any";
    case PathMatch::Kind::Exact:
        return "exact";
    case PathMatch::Kind::Prefix:
        return "prefix";
    case PathMatch::Kind::Regex:
        return "regex";
    }
    return "?";
}

} // namespace

HeaderOperations mergeHeaderOperations(const HeaderOperations &first,
                                       const HeaderOperations &then) {
    // What `first` puts in and `then` removes or sets again does not survive `then`.
    auto survives = [&](const std::string &name) {
        return std::none_of(then.remove.begin(), then.remove.end(),
                            [&](const std::string &r) { return detail::iequals(r, name); }) &&
               std::none_of(then.set.begin(), then.set.end(),
                            [&](const auto &kv) { return detail::iequals(kv.first, name); });
    };
    HeaderOperations out;
    out.remove = first.remove;
    out.remove.insert(out.remove.end(), then.remove.begin(), then.remove.end());
    for (const auto *from : {&first.set, &first.add}) {
        auto &to = from == &first.set ? out.set : out.add;
        for (const auto &kv : *from) {
            if (survives(kv.first))
                to.push_back(kv);
        }
    }
    out.set.insert(out.set.end(), then.set.begin(), then.set.end());
    out.add.insert(out.add.end(), then.add.begin(), then.add.end());
    return out;
}

std::string configToJson(const Config &c) {
    std::string o = "{\"listeners\":[";
    for (std::size_t i = 0; i < c.listeners.size(); ++i) {
        const Listener &l = c.listeners[i];
        if (i)
            o += ',';
        o += "{\"name\":";
        jsonString(o, l.name);
        o += ",\"address\":";
        jsonString(o, l.address);
        o += ",\"port\":" + std::to_string(l.port) +
             ",\"gatewayPort\":" + std::to_string(l.gatewayPort) +
             ",\"tls\":" + (l.tls ? "true" : "false") + ",\"routeTable\":";
        jsonString(o, l.routeTable);
        o += ",\"servers\":[";
        for (std::size_t j = 0; j < l.servers.size(); ++j) {
            const Server &s = l.servers[j];
            if (j)
                o += ',';
            o += "{\"name\":";
            jsonString(o, s.name);
            o += ",\"hosts\":";
            jsonList(o, s.hosts);
            o += ",\"routeTable\":";
            jsonString(o, s.routeTable);
            if (s.tls) {
                const TlsSettings &t = *s.tls;
                o += ",\"tls\":{\"mode\":\"" + std::string(modeName(t.mode)) +
                     "\",\"minProtocolVersion\":\"" + versionName(t.minVersion) +
                     "\",\"maxProtocolVersion\":\"" + versionName(t.maxVersion) +
                     "\",\"cipherSuites\":";
                jsonList(o, t.cipherSuites);
                o += ",\"certificateChain\":";
                jsonString(o, t.certificateChainPem);
                o += ",\"privateKey\":";
                jsonString(o, t.privateKeyPem.empty() ? "" : "[redacted]");
                o += ",\"caCertificates\":";
                jsonString(o, t.caCertificatesPem);
                o += ",\"subjectAltNames\":";
                jsonList(o, t.subjectAltNames);
                o += ",\"verifyCertificateSpki\":";
                jsonList(o, t.verifyCertificateSpki);
                o += ",\"verifyCertificateHash\":";
                jsonList(o, t.verifyCertificateHash);
                o += '}';
            }
            o += ",\"passthroughRoutes\":[";
            for (std::size_t k = 0; k < s.passthroughRoutes.size(); ++k) {
                if (k)
                    o += ',';
                o += "{\"sniHosts\":";
                jsonList(o, s.passthroughRoutes[k].sniHosts);
                o += ",\"cluster\":";
                jsonString(o, s.passthroughRoutes[k].cluster);
                jsonWeighted(o, s.passthroughRoutes[k].weightedClusters);
                o += '}';
            }
            o += ']';
            if (s.tcpProxy) {
                o += ",\"tcpCluster\":";
                jsonString(o, s.tcpCluster);
                jsonWeighted(o, s.tcpWeightedClusters, "tcpWeightedClusters");
            }
            o += '}';
        }
        o += "]}";
    }
    o += "],\"routeTables\":[";
    for (std::size_t i = 0; i < c.routeTables.size(); ++i) {
        const RouteTable &t = c.routeTables[i];
        if (i)
            o += ',';
        o += "{\"name\":";
        jsonString(o, t.name);
        o += ",\"virtualHosts\":[";
        for (std::size_t j = 0; j < t.virtualHosts.size(); ++j) {
            const VirtualHost &v = t.virtualHosts[j];
            if (j)
                o += ',';
            o += "{\"name\":";
            jsonString(o, v.name);
            o += ",\"domains\":";
            jsonList(o, v.domains);
            o += ",\"requireTls\":" + std::string(v.requireTls ? "true" : "false") +
                 ",\"httpsPort\":" + std::to_string(v.httpsPort) + ",\"routes\":[";
            for (std::size_t k = 0; k < v.routes.size(); ++k) {
                const Route &r = v.routes[k];
                if (k)
                    o += ',';
                o += "{\"name\":";
                jsonString(o, r.name);
                o += ",\"match\":{\"" + std::string(pathKindName(r.path.kind)) + "\":";
                jsonString(o, r.path.value);
                if (r.path.ignoreCase)
                    o += ",\"ignoreCase\":true";
                auto matches = [&](const char *key, const std::vector<HeaderMatch> &list) {
                    o += ",\"";
                    o += key;
                    o += "\":[";
                    for (std::size_t h = 0; h < list.size(); ++h) {
                        if (h)
                            o += ',';
                        o += "{\"name\":";
                        jsonString(o, list[h].name);
                        o += ",\"kind\":\"";
                        o += matchKindName(list[h].kind);
                        o += "\",\"value\":";
                        jsonString(o, list[h].value);
                        if (list[h].invert)
                            o += ",\"invert\":true";
                        o += '}';
                    }
                    o += ']';
                };
                matches("headers", r.headers);
                matches("queryParams", r.queryParams);
                o += "},\"cluster\":";
                jsonString(o, r.cluster);
                jsonWeighted(o, r.weightedClusters);
                if (!r.mirrors.empty()) {
                    o += ",\"mirrors\":[";
                    for (std::size_t n = 0; n < r.mirrors.size(); ++n) {
                        o += n ? ",{\"cluster\":" : "{\"cluster\":";
                        jsonString(o, r.mirrors[n].cluster);
                        o += ",\"perMillion\":" + std::to_string(r.mirrors[n].perMillion) + '}';
                    }
                    o += ']';
                }
                if (r.redirect) {
                    o += ",\"redirect\":{\"scheme\":";
                    jsonString(o, r.redirect->scheme);
                    o += ",\"authority\":";
                    jsonString(o, r.redirect->authority);
                    o += ",\"path\":";
                    jsonString(o, r.redirect->path);
                    o += ",\"port\":" + std::to_string(r.redirect->port) +
                         ",\"derivePort\":" + (r.redirect->derivePort ? "true" : "false") +
                         ",\"status\":" + std::to_string(r.redirect->status) + '}';
                }
                if (r.prefixRewrite) {
                    o += ",\"prefixRewrite\":";
                    jsonString(o, *r.prefixRewrite);
                }
                if (r.regexRewrite) {
                    o += ",\"regexRewrite\":{\"pattern\":";
                    jsonString(o, r.regexRewrite->pattern);
                    o += ",\"substitution\":";
                    jsonString(o, r.regexRewrite->substitution);
                    o += '}';
                }
                if (!r.hostRewrite.empty()) {
                    o += ",\"hostRewrite\":";
                    jsonString(o, r.hostRewrite);
                }
                jsonHeaderOps(o, "requestHeaders", r.requestHeaders);
                jsonHeaderOps(o, "responseHeaders", r.responseHeaders);
                if (r.directBody) {
                    o += ",\"directBody\":";
                    jsonString(o, *r.directBody);
                }
                const RetryPolicy &rp = r.retry;
                o += ",\"retry\":{\"retries\":" + std::to_string(rp.retries) + ",\"retryOn\":[";
                bool first = true;
                for (const auto &[on, name] : {std::pair{rp.connectFailure, "connect-failure"},
                                               {rp.reset, "reset"},
                                               {rp.any5xx, "5xx"},
                                               {rp.gatewayError, "gateway-error"},
                                               {rp.conflict, "retriable-4xx"}}) {
                    if (!on)
                        continue;
                    o += first ? "\"" : ",\"";
                    o += name;
                    o += '"';
                    first = false;
                }
                o += "],\"statusCodes\":[";
                for (std::size_t n = 0; n < rp.statusCodes.size(); ++n)
                    o += (n ? "," : "") + std::to_string(rp.statusCodes[n]);
                o += "]}";
                if (r.cors) {
                    const CorsPolicy &cp = *r.cors;
                    o += ",\"cors\":{\"allowOrigins\":[";
                    for (std::size_t n = 0; n < cp.allowOrigins.size(); ++n) {
                        const HeaderMatch &om = cp.allowOrigins[n];
                        o += n ? ",{\"" : "{\"";
                        o += matchKindName(om.kind);
                        o += "\":";
                        jsonString(o, om.value);
                        o += '}';
                    }
                    o += "],\"allowMethods\":";
                    jsonString(o, cp.allowMethods);
                    o += ",\"allowHeaders\":";
                    jsonString(o, cp.allowHeaders);
                    o += ",\"exposeHeaders\":";
                    jsonString(o, cp.exposeHeaders);
                    o += ",\"maxAge\":";
                    jsonString(o, cp.maxAge);
                    o += std::string(",\"allowCredentials\":") +
                         (cp.allowCredentials ? "true" : "false") +
                         ",\"forwardNotMatchingPreflights\":" +
                         (cp.forwardNotMatchingPreflights ? "true" : "false") + '}';
                }
                if (r.fault) {
                    const FaultPolicy &f = *r.fault;
                    o += ",\"fault\":{\"delayMs\":" + std::to_string(f.delay.count()) +
                         ",\"delayPerMillion\":" + std::to_string(f.delayPerMillion) +
                         ",\"abortStatus\":" + std::to_string(f.abortStatus) +
                         ",\"abortPerMillion\":" + std::to_string(f.abortPerMillion) + '}';
                }
                o += ",\"directStatus\":" + std::to_string(r.directStatus) + ",\"timeoutMs\":" +
                     (r.timeout ? std::to_string(r.timeout->count()) : std::string("null")) + '}';
            }
            o += "]}";
        }
        o += "]}";
    }
    o += "],\"clusters\":[";
    for (std::size_t i = 0; i < c.clusters.size(); ++i) {
        if (i)
            o += ',';
        o += "{\"name\":";
        jsonString(o, c.clusters[i].name);
        o += ",\"endpoints\":[";
        for (std::size_t j = 0; j < c.clusters[i].endpoints.size(); ++j) {
            if (j)
                o += ',';
            jsonString(o, c.clusters[i].endpoints[j].address + ':' +
                              std::to_string(c.clusters[i].endpoints[j].port));
        }
        o += ']';
        const Cluster &cl = c.clusters[i];
        o += ",\"lbPolicy\":\"";
        o += cl.lbPolicy == LbPolicy::LeastRequest ? "LEAST_REQUEST"
             : cl.lbPolicy == LbPolicy::Random     ? "RANDOM"
                                                   : "ROUND_ROBIN";
        o += '"';
        if (cl.connectTimeout)
            o += ",\"connectTimeoutMs\":" + std::to_string(cl.connectTimeout->count());
        if (cl.maxRequestsPerConnection)
            o += ",\"maxRequestsPerConnection\":" + std::to_string(cl.maxRequestsPerConnection);
        if (const auto &t = cl.tls) {
            o += ",\"tls\":{\"sni\":";
            jsonString(o, t->sni);
            o += ",\"verify\":";
            o += t->verify ? "true" : "false";
            o += ",\"caCertificates\":";
            jsonString(o, t->caCertificatesPem);
            o += ",\"subjectAltNames\":";
            jsonList(o, t->subjectAltNames);
            o += ",\"clientCertificate\":";
            jsonString(o, t->certificateChainPem);
            o += ",\"privateKey\":";
            jsonString(o, t->privateKeyPem.empty() ? "" : "[redacted]");
            o += '}';
        }
        o += '}';
    }
    const Limits &lm = c.limits;
    o += "],\"limits\":{\"maxConnections\":" + std::to_string(lm.maxConnections) +
         ",\"maxRequestHeadersBytes\":" + std::to_string(lm.maxRequestHeadersBytes) +
         ",\"maxRequestBodyBytes\":" + std::to_string(lm.maxRequestBodyBytes) +
         ",\"headerTimeoutMs\":" + std::to_string(lm.headerTimeout.count()) +
         ",\"idleTimeoutMs\":" + std::to_string(lm.idleTimeout.count()) +
         ",\"upstreamTimeoutMs\":" + std::to_string(lm.upstreamTimeout.count()) +
         ",\"connectTimeoutMs\":" + std::to_string(lm.connectTimeout.count()) +
         ",\"drainTimeoutMs\":" + std::to_string(lm.drainTimeout.count()) + "}}";
    return o;
}

} // namespace gatehouse::gateway
