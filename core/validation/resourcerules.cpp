#include "names.h"
#include "sink.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <string_view>

namespace gatehouse::core::detail {

namespace {

using enum Severity;

void checkServiceEntry(const RuleContext &ctx, const ServiceEntry &se) {
    const ResourceMeta &m = se.meta;
    auto &sink = ctx.sink;
    const std::string &res = se.resolution.value;
    if (se.workloadSelector.present && se.endpointsLoc.present)
        sink.at(m, se.workloadSelector, Error, "serviceentry.selector-and-endpoints",
                "only one of workloadSelector or endpoints is allowed in a ServiceEntry");
    if (se.hosts.empty())
        sink.at(m, se.hostsLoc.present ? se.hostsLoc : m.root, Error, "serviceentry.hosts",
                "service entry must have at least one host");
    for (const Scalar &h : se.hosts) {
        if (h.value == "*")
            sink.at(m, h, Error, "serviceentry.host",
                    "invalid host '*': a ServiceEntry cannot match every host");
        else if (const std::string why = names::wildcardDomainError(h.value); !why.empty())
            sink.at(m, h, Error, "serviceentry.host", "host '" + h.value + "': " + why);
    }
    bool cidr = false;
    for (const Scalar &a : se.addresses) {
        cidr = cidr || a.value.find('/') != std::string::npos;
        if (!names::isIpOrCidr(a.value))
            sink.at(m, a, Error, "serviceentry.address",
                    "address '" + a.value + "' is not an IP address or CIDR range");
    }
    if (cidr && res != "NONE" && res != "STATIC" && !res.empty())
        sink.at(m, se.resolution, Error, "serviceentry.cidr-resolution",
                "CIDR addresses are allowed only for NONE and STATIC resolution");

    std::set<std::string> portNames;
    std::set<long long> portNumbers;
    for (const PortSpec &p : se.ports) {
        if (!portNames.insert(p.name.value).second)
            sink.at(m, p.name, Error, "serviceentry.port-name-duplicate",
                    "service entry port name '" + p.name.value + "' is already defined");
        const auto n = p.number.toInt();
        if (n && !portNumbers.insert(*n).second)
            sink.at(m, p.number, Error, "serviceentry.port-duplicate",
                    "service entry port " + p.number.value + " is already defined");
        if (!names::isDns1123Label(p.name.value))
            sink.at(m,
                    p.name.present ? NodeLoc{true, p.name.line, p.name.column, p.name.path} : p.loc,
                    Error, "serviceentry.port-name",
                    "invalid port name '" + p.name.value +
                        "': it must be a DNS-1123 label (e.g. https, tcp-db)");
        if (p.protocol.isSet() && !names::isKnownProtocol(p.protocol.value))
            sink.at(m, p.protocol, Error, "serviceentry.protocol",
                    "unsupported protocol '" + p.protocol.value + "'");
        if (!n || *n < 1 || *n > 65535)
            sink.at(m,
                    p.number.present ? NodeLoc{true, p.number.line, p.number.column, p.number.path}
                                     : p.loc,
                    Error, "serviceentry.port-number",
                    "port number " + (p.number.value.empty() ? "(none)" : p.number.value) +
                        " must be in the range 1..65535");
    }

    auto checkEndpointPorts = [&](const WorkloadEntrySpec &e) {
        for (const auto &[k, v] : e.ports.entries) {
            if (!portNames.count(k.value))
                sink.at(m, k, Error, "serviceentry.endpoint-port",
                        "endpoint port '" + k.value +
                            "' is not defined by the service entry's ports");
            const auto pn = v.toInt();
            if (!pn || *pn < 1 || *pn > 65535)
                sink.at(m, v, Error, "serviceentry.endpoint-port",
                        "endpoint port " + v.value + " must be in the range 1..65535");
        }
    };
    if (res.empty() || res == "NONE") {
        if (!se.endpoints.empty())
            sink.at(m, se.endpointsLoc, Error, "serviceentry.endpoints-none",
                    "no endpoints may be given for resolution NONE (set resolution STATIC or "
                    "DNS)");
    } else if (res == "STATIC") {
        if (se.endpoints.empty() && !se.workloadSelector.present)
            sink.at(m, se.resolution, Error, "serviceentry.endpoints-static",
                    "resolution STATIC needs endpoints (IP addresses) or a workloadSelector");
        for (const WorkloadEntrySpec &e : se.endpoints) {
            if (e.address.value.starts_with("unix://"))
                continue;
            if (!names::isIpAddress(e.address.value))
                sink.at(m,
                        e.address.present
                            ? NodeLoc{true, e.address.line, e.address.column, e.address.path}
                            : e.loc,
                        Error, "serviceentry.endpoint-address",
                        "endpoint address '" + e.address.value +
                            "' must be an IP address for resolution STATIC");
            checkEndpointPorts(e);
        }
    } else if (res == "DNS" || res == "DNS_ROUND_ROBIN") {
        if (se.endpoints.empty()) {
            for (const Scalar &h : se.hosts) {
                if (h.value != "*" && !names::fqdnError(h.value).empty())
                    sink.at(m, h, Error, "serviceentry.dns-wildcard",
                            "host '" + h.value +
                                "' must be an FQDN (no wildcard) when resolution " + res +
                                " has no endpoints");
            }
        }
        if (res == "DNS_ROUND_ROBIN" && se.endpoints.size() > 1)
            sink.at(m, se.endpointsLoc, Error, "serviceentry.dns-round-robin",
                    "resolution DNS_ROUND_ROBIN allows at most one endpoint");
        for (const WorkloadEntrySpec &e : se.endpoints) {
            if (!names::isIpAddress(e.address.value) && !names::fqdnError(e.address.value).empty())
                sink.at(m, e.address, Error, "serviceentry.endpoint-address",
                        "endpoint address '" + e.address.value +
                            "' is not a valid FQDN or IP address");
            checkEndpointPorts(e);
        }
    } else {
        sink.at(m, se.resolution, Error, "serviceentry.resolution",
                "unsupported resolution '" + res + "'; use NONE, STATIC, DNS or DNS_ROUND_ROBIN");
    }
    if (se.location.isSet() && se.location.value != "MESH_EXTERNAL" &&
        se.location.value != "MESH_INTERNAL")
        sink.at(m, se.location, Error, "serviceentry.location",
                "unknown location '" + se.location.value + "'; use MESH_EXTERNAL or MESH_INTERNAL");
    if (!res.empty() && res != "NONE" && se.hosts.size() > 1) {
        bool canDifferentiate = true;
        for (const PortSpec &p : se.ports) {
            if (!names::isHttpProtocol(p.protocol.value) && !names::isTlsProtocol(p.protocol.value))
                canDifferentiate = false;
        }
        if (!canDifferentiate)
            sink.at(m, se.hostsLoc, Error, "serviceentry.multi-host-tcp",
                    "several hosts with non-HTTP, non-TLS ports cannot be told apart; use one "
                    "host or resolution NONE");
    }
    checkExportTo(ctx, m, se.exportTo, true);
}

// Istio's rule for header values, which go to Envoy as written: '%' starts and ends a
// variable (%HOSTNAME%) or doubles as a literal one (100%%), so a lone '%' is refused.
void checkHeaderValues(const RuleContext &ctx, const ResourceMeta &m, const HeadersSpec &h) {
    for (const HeaderOperationsSpec *ops : {&h.request, &h.response}) {
        for (const ScalarMap *values : {&ops->set, &ops->add}) {
            for (const auto &[name, value] : values->entries) {
                if (std::count(value.value.begin(), value.value.end(), '%') % 2 != 0)
                    ctx.sink.at(
                        m, value, Error, "virtualservice.header-value",
                        "header '" + name.value +
                            "': a single '%' is not allowed; write "
                            "'%%' for one, or put an Envoy variable between two (%HOSTNAME%)");
            }
        }
    }
}

// Istio's validateHTTPRetry: attempts not negative, nothing else set when attempts is 0,
// and every comma-separated retryOn item (as written: Istio does not trim) one of Envoy's
// retry conditions or an HTTP status code Go knows.
void checkRetries(const RuleContext &ctx, const ResourceMeta &m, const HttpRouteSpec &r) {
    const auto &retries = r.retries;
    if (!retries.loc.present)
        return;
    static const std::set<std::string_view> conditions = {"5xx",
                                                          "gateway-error",
                                                          "reset",
                                                          "reset-before-request",
                                                          "connect-failure",
                                                          "retriable-4xx",
                                                          "refused-stream",
                                                          "retriable-status-codes",
                                                          "retriable-headers",
                                                          "envoy-ratelimited",
                                                          "http3-post-connect-failure",
                                                          "cancelled",
                                                          "deadline-exceeded",
                                                          "internal",
                                                          "resource-exhausted",
                                                          "unavailable"};
    // The codes Go's http.StatusText names: Istio's test for "a status code".
    static const std::set<int> statuses = {
        100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301,
        302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409,
        410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428,
        429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511};
    const auto attempts = retries.attempts.toInt();
    if (retries.attempts.isSet() && (!attempts || *attempts < 0))
        ctx.sink.at(m, retries.attempts, Error, "virtualservice.retries",
                    "retries: attempts must be a whole number, 0 or more");
    if (attempts.value_or(0) == 0 && (retries.retryOn.isSet() || retries.perTryTimeout.isSet()))
        ctx.sink.at(m,
                    retries.attempts.isSet()  ? retries.attempts
                    : retries.retryOn.isSet() ? retries.retryOn
                                              : retries.perTryTimeout,
                    Error, "virtualservice.retries",
                    "retries: retryOn or perTryTimeout with attempts 0, which turns retries off");
    if (!retries.retryOn.isSet())
        return;
    std::string_view rest = retries.retryOn.value;
    for (;;) {
        const std::size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        int code = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), code);
        const bool status =
            ec == std::errc() && end == item.data() + item.size() && statuses.count(code);
        if (!status && !conditions.count(item))
            ctx.sink.at(m, retries.retryOn, Error, "virtualservice.retries",
                        "retries: retryOn '" + std::string(item) +
                            "' is neither a retry condition (5xx, gateway-error, reset, "
                            "connect-failure, retriable-4xx, retriable-status-codes, ...) nor an "
                            "HTTP status code; separate them with commas, no spaces");
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
}

// Istio's validateHTTPFaultInjection: a delay or an abort; percentages 0, or 0.0001 to 100;
// a fixed delay of whole milliseconds, at least 1 ms (an exponential one is refused); an
// abort status of 200 to 600 or a gRPC status name (an HTTP/2 error is refused, and an
// abort without any is a warning).
void checkFault(const RuleContext &ctx, const ResourceMeta &m, const HttpFaultSpec &f) {
    if (!f.loc.present)
        return;
    auto &sink = ctx.sink;
    const char *code = "virtualservice.fault";
    if (!f.delay.loc.present && !f.abort.loc.present)
        sink.at(m, f.loc, Error, code, "fault must have an abort and/or a delay");
    auto checkPercentage = [&](const Scalar &p) {
        if (!p.isSet())
            return;
        const auto v = p.toDouble();
        if (!v || *v < 0 || *v > 100 || (*v > 0 && *v < 0.0001))
            sink.at(m, p, Error, code,
                    "percentage " + p.value + " is neither 0 nor between 0.0001 and 100");
    };
    auto checkDuration = [&](const Scalar &d, const std::string &what) {
        const auto ns = d.toDuration();
        if (!ns)
            sink.at(m, d, Error, code,
                    what + " '" + d.value + "' is not a duration (for example 5s, 250ms, 1m)");
        else if (*ns < std::chrono::milliseconds(1))
            sink.at(m, d, Error, code, what + " must be at least 1ms");
        else if (*ns % std::chrono::milliseconds(1) != std::chrono::nanoseconds(0))
            sink.at(m, d, Error, code, what + " must be whole milliseconds");
    };
    if (f.delay.loc.present) {
        checkPercentage(f.delay.percentage);
        if (f.delay.fixedDelay.isSet())
            checkDuration(f.delay.fixedDelay, "fixedDelay");
        else if (f.delay.exponentialDelay.isSet())
            sink.at(m, f.delay.exponentialDelay, Error, code, "exponentialDelay is not supported");
    }
    if (f.abort.loc.present) {
        static const std::set<std::string_view> grpcStatuses = {"OK",
                                                                "CANCELLED",
                                                                "UNKNOWN",
                                                                "INVALID_ARGUMENT",
                                                                "DEADLINE_EXCEEDED",
                                                                "NOT_FOUND",
                                                                "ALREADY_EXISTS",
                                                                "PERMISSION_DENIED",
                                                                "RESOURCE_EXHAUSTED",
                                                                "FAILED_PRECONDITION",
                                                                "ABORTED",
                                                                "OUT_OF_RANGE",
                                                                "UNIMPLEMENTED",
                                                                "INTERNAL",
                                                                "UNAVAILABLE",
                                                                "DATA_LOSS",
                                                                "UNAUTHENTICATED"};
        checkPercentage(f.abort.percentage);
        if (f.abort.grpcStatus.isSet()) {
            if (!grpcStatuses.count(f.abort.grpcStatus.value))
                sink.at(m, f.abort.grpcStatus, Error, code,
                        "gRPC status '" + f.abort.grpcStatus.value +
                            "' is not one of gRPC's status names, for example NOT_FOUND");
        } else if (f.abort.http2Error.isSet()) {
            sink.at(m, f.abort.http2Error, Error, code,
                    "HTTP/2 abort fault injection is not supported");
        } else if (f.abort.httpStatus.isSet()) {
            const auto status = f.abort.httpStatus.toInt();
            if (!status || *status < 200 || *status > 600)
                sink.at(m, f.abort.httpStatus, Error, code,
                        "HTTP status " + f.abort.httpStatus.value + " is not in range 200-599");
        } else {
            sink.at(m, f.abort.loc, Warning, code,
                    "abort configured, but no httpStatus or grpcStatus: nothing is aborted");
        }
    }
}

// Istio's validateCORSPolicy: each allowOrigins entry a non-empty exact, prefix or regex (a
// regex that compiles); methods Istio knows or "*"; header names of letters, digits, '-'
// and '_', or "*"; maxAge a duration of whole seconds; unmatchedPreflights FORWARD or IGNORE
// (the schema's enum).
void checkCors(const RuleContext &ctx, const ResourceMeta &m, const CorsPolicySpec &c) {
    if (!c.loc.present)
        return;
    auto &sink = ctx.sink;
    const char *code = "virtualservice.cors";
    for (const StringMatchSpec &o : c.allowOrigins) {
        const Scalar *v = o.exact.present    ? &o.exact
                          : o.prefix.present ? &o.prefix
                          : o.regex.present  ? &o.regex
                                             : nullptr;
        if (!v || v->value.empty()) {
            sink.at(m, o.loc, Error, code,
                    "allowOrigins entry needs a non-empty exact, prefix or regex");
            continue;
        }
        if (v == &o.regex) {
            try {
                std::regex re(v->value, std::regex::ECMAScript);
            } catch (const std::regex_error &) {
                sink.at(m, *v, Error, code,
                        "allowOrigins regex '" + v->value + "' is not a valid regular expression");
            }
        }
    }
    static const std::set<std::string_view> methods = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "*"};
    for (const Scalar &method : c.allowMethods) {
        if (!methods.count(method.value))
            sink.at(m, method, Error, code,
                    "allowMethods: '" + method.value + "' is not a supported HTTP method");
    }
    auto validName = [](std::string_view n) {
        return n == "*" || (!n.empty() && std::all_of(n.begin(), n.end(), [](unsigned char ch) {
                   return std::isalnum(ch) || ch == '-' || ch == '_';
               }));
    };
    for (const ScalarList *names : {&c.allowHeaders, &c.exposeHeaders}) {
        for (const Scalar &n : *names) {
            if (!validName(n.value))
                sink.at(m, n, Error, code,
                        "'" + n.value + "' is not a valid header name (letters, digits, - and _)");
        }
    }
    if (c.maxAge.isSet()) {
        const auto age = c.maxAge.toDuration();
        if (!age)
            sink.at(m, c.maxAge, Error, code,
                    "maxAge '" + c.maxAge.value + "' is not a duration (for example 24h, 600s)");
        else if (*age < std::chrono::milliseconds(1))
            sink.at(m, c.maxAge, Error, code, "maxAge must be at least 1ms");
        else if (*age % std::chrono::seconds(1) != std::chrono::nanoseconds(0))
            sink.at(m, c.maxAge, Error, code, "maxAge is accurate only to whole seconds");
    }
    if (c.allowCredentials.isSet() && !c.allowCredentials.toBool())
        sink.at(m, c.allowCredentials, Error, code, "allowCredentials must be true or false");
    if (c.unmatchedPreflights.isSet() && c.unmatchedPreflights.value != "FORWARD" &&
        c.unmatchedPreflights.value != "IGNORE" && c.unmatchedPreflights.value != "UNSPECIFIED")
        sink.at(m, c.unmatchedPreflights, Error, code,
                "unmatchedPreflights must be FORWARD or IGNORE");
}

// Istio's validateHTTPMirrors (and the same for `mirror` with mirrorPercentage): a
// destination host, and a percentage between 0 and 100.
void checkMirrors(const RuleContext &ctx, const ResourceMeta &m, const HttpRouteSpec &r) {
    for (const MirrorSpec &mirror : r.mirrors) {
        if (!mirror.destination.host.isSet())
            ctx.sink.at(m, mirror.loc, Error, "virtualservice.mirror",
                        "a mirror needs a destination host");
        if (mirror.percentage.isSet()) {
            const auto v = mirror.percentage.toDouble();
            if (!v || *v < 0 || *v > 100)
                ctx.sink.at(m, mirror.percentage, Error, "virtualservice.mirror",
                            "mirror percentage " + mirror.percentage.value +
                                " is not between 0 and 100");
        }
    }
}

void checkVirtualService(const RuleContext &ctx, const VirtualService &vs) {
    const ResourceMeta &m = vs.meta;
    auto &sink = ctx.sink;
    // Without hosts it is a delegate: its routes serve another VirtualService's delegating
    // route, so it binds no gateway and has no tls or tcp routes (Istio's validation).
    const bool isDelegate = vs.hosts.empty();
    if (isDelegate) {
        const std::string why = "a VirtualService without hosts is a delegate, which ";
        if (!vs.gateways.empty())
            sink.at(m, vs.gateways.front(), Error, "virtualservice.hosts",
                    why + "names no gateways");
        if (!vs.tls.empty())
            sink.at(m, vs.tls.front().loc, Error, "virtualservice.hosts",
                    why + "has no tls routes");
        if (!vs.tcp.empty())
            sink.at(m, vs.tcp.front().loc, Error, "virtualservice.hosts",
                    why + "has no tcp routes");
    }
    for (const Scalar &h : vs.hosts) {
        if (const std::string why = names::wildcardDomainError(h.value);
            !why.empty() && !names::isIpAddress(h.value))
            sink.at(m, h, Error, "virtualservice.host", "host '" + h.value + "': " + why);
    }
    for (const HttpRouteSpec &r : vs.http) {
        checkHeaderValues(ctx, m, r.headers);
        checkRetries(ctx, m, r);
        checkFault(ctx, m, r.fault);
        checkCors(ctx, m, r.corsPolicy);
        checkMirrors(ctx, m, r);
        for (const RouteDestinationSpec &d : r.route)
            checkHeaderValues(ctx, m, d.headers);
        const bool direct = r.directResponse.loc.present;
        const bool delegate = r.delegate.loc.present;
        if (r.route.empty() && !r.redirect.loc.present && !direct && !delegate)
            sink.at(m, r.loc, Error, "virtualservice.http-route",
                    "an HTTP route needs a route (destination), a redirect, a directResponse or "
                    "a delegate");
        if (delegate && (!r.route.empty() || r.redirect.loc.present || direct))
            sink.at(m, r.delegate.loc, Error, "virtualservice.http-route",
                    "an HTTP route cannot have a delegate with a route, a redirect or a "
                    "directResponse");
        if (delegate && !r.delegate.name.isSet())
            sink.at(m, r.delegate.loc, Error, "virtualservice.http-route",
                    "delegate needs the name of a VirtualService");
        if (delegate && isDelegate)
            sink.at(m, r.delegate.loc, Error, "virtualservice.http-route",
                    "a delegate's route cannot delegate again: one level of delegation only");
        if (!r.route.empty() && r.redirect.loc.present)
            sink.at(m, r.redirect.loc, Error, "virtualservice.http-route",
                    "an HTTP route cannot have both a route and a redirect");
        if (direct && (!r.route.empty() || r.redirect.loc.present))
            sink.at(m, r.directResponse.loc, Error, "virtualservice.http-route",
                    "an HTTP route cannot have a directResponse with a route or a redirect");
        if (r.rewrite.loc.present && (r.redirect.loc.present || direct))
            sink.at(m, r.rewrite.loc, Error, "virtualservice.rewrite",
                    "rewrite cannot be used with a redirect or a directResponse");
        if (r.rewrite.uri.isSet() && r.rewrite.uriRegexRewriteLoc.present)
            sink.at(m, r.rewrite.uriRegexRewriteLoc, Error, "virtualservice.rewrite",
                    "rewrite cannot have both uri and uriRegexRewrite");
        if (direct) {
            const auto status = r.directResponse.status.toInt();
            const std::string why = "directResponse needs a status from 200 to 599";
            if (!status || *status < 200 || *status > 599) {
                if (r.directResponse.status.present)
                    sink.at(m, r.directResponse.status, Error, "virtualservice.direct-response",
                            why);
                else
                    sink.at(m, r.directResponse.loc, Error, "virtualservice.direct-response", why);
            }
        }
        if (r.route.size() > 1) {
            // Weights are relative; several destinations whose weights are all 0 (or left
            // out) send traffic nowhere, which Istio refuses.
            long long total = 0;
            for (const RouteDestinationSpec &d : r.route) {
                const auto w = d.weight.toInt();
                if (d.weight.isSet() && (!w || *w < 0))
                    sink.at(m, d.weight, Error, "virtualservice.weights",
                            "weight '" + d.weight.value + "' is not a whole number of 0 or more");
                else
                    total += w.value_or(0);
            }
            if (total == 0)
                sink.at(m, r.loc, Error, "virtualservice.weights",
                        "a route with several destinations needs weights; their total is 0");
        }
        for (const HttpMatchSpec &mt : r.match) {
            int set = (mt.uri.exact.present ? 1 : 0) + (mt.uri.prefix.present ? 1 : 0) +
                      (mt.uri.regex.present ? 1 : 0);
            if (mt.uri.loc.present && set != 1)
                sink.at(m, mt.uri.loc, Error, "virtualservice.string-match",
                        "uri match needs exactly one of exact, prefix or regex");
        }
        for (const RouteDestinationSpec &d : r.route) {
            if (!d.destination.host.isSet())
                sink.at(m, d.loc, Error, "virtualservice.destination",
                        "route destination needs a host");
        }
        if (r.redirect.redirectCode.isSet()) {
            const auto code = r.redirect.redirectCode.toInt();
            if (!code || *code < 300 || *code > 399)
                sink.at(m, r.redirect.redirectCode, Error, "virtualservice.redirect-code",
                        r.redirect.redirectCode.value + " is not a valid redirect code; use 3xx");
        }
    }
    for (const TlsRouteSpec &t : vs.tls) {
        if (t.match.empty())
            sink.at(m, t.loc, Error, "virtualservice.tls-match",
                    "a TLS route needs at least one match with sniHosts");
        for (const TlsMatchSpec &mt : t.match) {
            if (mt.sniHosts.empty())
                sink.at(m, mt.loc, Error, "virtualservice.tls-match", "a TLS match needs sniHosts");
        }
    }
    checkExportTo(ctx, m, vs.exportTo, false);
}

void checkDestinationRule(const RuleContext &ctx, const DestinationRule &dr) {
    const ResourceMeta &m = dr.meta;
    auto &sink = ctx.sink;
    if (const std::string why = names::wildcardDomainError(dr.host.value); !why.empty())
        sink.at(
            m, dr.host.present ? NodeLoc{true, dr.host.line, dr.host.column, dr.host.path} : m.root,
            Error, "destinationrule.host", "host '" + dr.host.value + "': " + why);
    auto checkTls = [&](const ClientTlsSpec &t) {
        if (!t.loc.present)
            return;
        const std::string &mode = t.mode.value;
        if (!mode.empty() && mode != "DISABLE" && mode != "SIMPLE" && mode != "MUTUAL" &&
            mode != "ISTIO_MUTUAL")
            sink.at(m, t.mode, Error, "destinationrule.tls-mode",
                    "unknown TLS mode '" + mode + "'; use DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL");
        if (mode == "MUTUAL" && !t.credentialName.isSet()) {
            if (!t.clientCertificate.isSet())
                sink.at(m, t.loc, Error, "destinationrule.tls-client-cert",
                        "MUTUAL TLS origination requires clientCertificate (or credentialName)");
            if (!t.privateKey.isSet())
                sink.at(m, t.loc, Error, "destinationrule.tls-client-key",
                        "MUTUAL TLS origination requires privateKey (or credentialName)");
        }
        if (mode == "ISTIO_MUTUAL" && (t.clientCertificate.isSet() || t.privateKey.isSet() ||
                                       t.caCertificates.isSet() || t.credentialName.isSet()))
            sink.at(m, t.mode, Error, "destinationrule.tls-istio-mutual",
                    "ISTIO_MUTUAL cannot have certificates or a credentialName");
        if (t.insecureSkipVerify.toBool().value_or(false))
            sink.at(m, t.insecureSkipVerify, Warning, "security.tls.skip-verify",
                    "insecureSkipVerify turns off server certificate checks for this "
                    "destination");
    };
    checkTls(dr.trafficPolicy.tls);
    std::set<std::string> subsets;
    for (const SubsetSpec &s : dr.subsets) {
        if (!subsets.insert(s.name.value).second)
            sink.at(m, s.name, Error, "destinationrule.subset-duplicate",
                    "duplicate subset name '" + s.name.value + "'");
        if (!s.name.isSet())
            sink.at(m, s.loc, Error, "destinationrule.subset-name", "a subset needs a name");
        checkTls(s.trafficPolicy.tls);
    }
    checkExportTo(ctx, m, dr.exportTo, false);
}

void checkSidecar(const RuleContext &ctx, const Sidecar &sc) {
    const ResourceMeta &m = sc.meta;
    const std::string &mode = sc.outboundTrafficPolicyMode.value;
    if (!mode.empty() && mode != "REGISTRY_ONLY" && mode != "ALLOW_ANY")
        ctx.sink.at(m, sc.outboundTrafficPolicyMode, Error, "sidecar.outbound-mode",
                    "unknown outboundTrafficPolicy mode '" + mode +
                        "'; use REGISTRY_ONLY or ALLOW_ANY");
    for (const SidecarEgressSpec &e : sc.egress) {
        if (e.hosts.empty())
            ctx.sink.at(m, e.loc, Error, "sidecar.egress-hosts",
                        "an egress listener needs at least one host (namespace/dnsName)");
        for (const Scalar &h : e.hosts) {
            const size_t slash = h.value.find('/');
            if (slash == std::string::npos) {
                ctx.sink.at(m, h, Error, "sidecar.egress-host",
                            "host '" + h.value + "' must be of the form namespace/dnsName");
                continue;
            }
            const std::string ns = h.value.substr(0, slash);
            if (ns != "*" && ns != "." && ns != "~" && !names::isDns1123Label(ns))
                ctx.sink.at(m, h, Error, "sidecar.egress-host",
                            "invalid namespace value '" + ns + "' in host '" + h.value + "'");
        }
    }
}

} // namespace

void checkExportTo(const RuleContext &ctx, const ResourceMeta &meta, const ScalarList &exportTo,
                   bool isServiceEntry) {
    std::set<std::string> seen;
    const std::string ns = meta.effectiveNamespace();
    bool pub = false;
    bool none = false;
    for (const Scalar &e : exportTo) {
        const std::string key = e.value == "." ? ns : e.value;
        if (!seen.insert(key).second) {
            ctx.sink.at(meta, e, Error, "exportto.duplicate",
                        "duplicate exportTo entry '" + e.value + "'");
            continue;
        }
        if (e.value == "*")
            pub = true;
        else if (e.value == "~") {
            if (!isServiceEntry)
                ctx.sink.at(meta, e, Error, "exportto.value",
                            "exportTo '~' is only allowed on ServiceEntry");
            none = true;
        } else if (e.value != "." && !names::isDns1123Label(e.value))
            ctx.sink.at(meta, e, Error, "exportto.value",
                        "exportTo '" + e.value + "' is not '.', '*' or a namespace name");
    }
    if (pub && exportTo.size() > 1)
        ctx.sink.at(meta, exportTo.front(), Error, "exportto.public-mixed",
                    "cannot have both public (*) and non-public exportTo values");
    if (none && exportTo.size() > 1)
        ctx.sink.at(meta, exportTo.front(), Error, "exportto.none-mixed",
                    "cannot export a service entry to no one (~) and someone");
}

void checkServiceEntries(const RuleContext &ctx) {
    for (const ServiceEntry &se : ctx.model.serviceEntries)
        checkServiceEntry(ctx, se);
}

void checkOtherResources(const RuleContext &ctx) {
    for (const VirtualService &vs : ctx.model.virtualServices)
        checkVirtualService(ctx, vs);
    for (const DestinationRule &dr : ctx.model.destinationRules)
        checkDestinationRule(ctx, dr);
    for (const Sidecar &sc : ctx.model.sidecars)
        checkSidecar(ctx, sc);
}

} // namespace gatehouse::core::detail
