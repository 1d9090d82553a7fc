#pragma once

#include "resource.h"

#include <vector>

namespace gatehouse::core {

// StringMatch: exactly one of exact / prefix / regex.
struct StringMatchSpec {
    NodeLoc loc;
    Scalar exact;
    Scalar prefix;
    Scalar regex;
};

struct HttpMatchSpec {
    NodeLoc loc;
    Scalar name;
    StringMatchSpec uri;
    StringMatchSpec authority;
    StringMatchSpec method;
    StringMatchSpec scheme;
    Scalar ignoreUriCase;
    std::vector<std::pair<Scalar, StringMatchSpec>> headers; // header name → match
    std::vector<std::pair<Scalar, StringMatchSpec>> withoutHeaders;
    std::vector<std::pair<Scalar, StringMatchSpec>> queryParams; // parameter name → match
    Scalar port;
    ScalarList gateways;
};

struct DestinationSpec {
    NodeLoc loc;
    Scalar host;
    Scalar subset;
    Scalar port; // port.number
};

// Headers: request and response header operations.
struct HeaderOperationsSpec {
    ScalarMap set;
    ScalarMap add;
    ScalarList remove;
};
struct HeadersSpec {
    NodeLoc loc;
    HeaderOperationsSpec request;
    HeaderOperationsSpec response;
};

struct RouteDestinationSpec {
    NodeLoc loc;
    DestinationSpec destination;
    Scalar weight;
    HeadersSpec headers; // HTTP routes only
};

struct HttpRedirectSpec {
    NodeLoc loc;
    Scalar uri;
    Scalar authority;
    Scalar scheme;
    Scalar port;
    Scalar derivePort; // FROM_PROTOCOL_DEFAULT or FROM_REQUEST_PORT (instead of port)
    Scalar redirectCode;
};

// HTTPRewrite: uri (or uriRegexRewrite) and authority.
struct HttpRewriteSpec {
    NodeLoc loc;
    Scalar uri;
    Scalar authority;
    NodeLoc uriRegexRewriteLoc;
    Scalar regexMatch;   // uriRegexRewrite.match
    Scalar regexRewrite; // uriRegexRewrite.rewrite
};

// HTTPDirectResponse: status and a body given as string or base64 bytes.
struct HttpDirectResponseSpec {
    NodeLoc loc;
    Scalar status;
    Scalar bodyString;
    Scalar bodyBytes;
};

// HTTPFaultInjection: a delay (fixedDelay, or the unsupported exponentialDelay) and an abort
// (httpStatus, grpcStatus or http2Error), each with its percentage.value (or the deprecated
// integer `percent` of a delay).
struct HttpFaultSpec {
    NodeLoc loc;
    struct {
        NodeLoc loc;
        Scalar fixedDelay;
        Scalar exponentialDelay;
        NodeLoc percentageLoc;
        Scalar percentage; // percentage.value
        Scalar percent;
    } delay;
    struct {
        NodeLoc loc;
        Scalar httpStatus;
        Scalar grpcStatus;
        Scalar http2Error;
        NodeLoc percentageLoc;
        Scalar percentage; // percentage.value
    } abort;
};

// A mirror: `mirror` with the route's mirrorPercentage, or one of `mirrors` with its own
// percentage (percentage.value; unset: all requests).
struct MirrorSpec {
    NodeLoc loc;
    DestinationSpec destination;
    NodeLoc percentageLoc;
    Scalar percentage;
};

// CorsPolicy: allowOrigins (StringMatch) or the deprecated allowOrigin (exact strings), the
// lists that become Access-Control-* fields, maxAge, allowCredentials, unmatchedPreflights.
struct CorsPolicySpec {
    NodeLoc loc;
    NodeLoc allowOriginsLoc;
    std::vector<StringMatchSpec> allowOrigins;
    ScalarList allowOrigin;
    ScalarList allowMethods;
    ScalarList allowHeaders;
    ScalarList exposeHeaders;
    Scalar maxAge;
    Scalar allowCredentials;
    Scalar unmatchedPreflights; // FORWARD (the default) or IGNORE
};

struct HttpRouteSpec {
    NodeLoc loc;
    Scalar name;
    std::vector<HttpMatchSpec> match;
    std::vector<RouteDestinationSpec> route;
    HttpRedirectSpec redirect;
    HttpDirectResponseSpec directResponse;
    Scalar rewriteUri; // rewrite.uri (also in rewrite)
    HttpRewriteSpec rewrite;
    HeadersSpec headers;
    Scalar timeout;
    struct {
        NodeLoc loc;
        Scalar attempts;
        Scalar retryOn;
        Scalar perTryTimeout;
    } retries;
    HttpFaultSpec fault;
    CorsPolicySpec corsPolicy;
    std::vector<MirrorSpec> mirrors; // `mirror` first, then `mirrors`
    struct {
        NodeLoc loc;
        Scalar name;
        Scalar namespace_;
    } delegate; // another VirtualService's routes in place of this one's action
};

struct TlsMatchSpec {
    NodeLoc loc;
    ScalarList sniHosts;
    Scalar port;
    ScalarList gateways;
    ScalarList destinationSubnets;
};

struct TlsRouteSpec {
    NodeLoc loc;
    std::vector<TlsMatchSpec> match;
    std::vector<RouteDestinationSpec> route;
};

struct VirtualService {
    ResourceMeta meta;
    ScalarList hosts;
    NodeLoc hostsLoc;
    ScalarList gateways;
    std::vector<HttpRouteSpec> http;
    std::vector<TlsRouteSpec> tls;
    // L4MatchAttributes are TLSMatchAttributes without sniHosts: the same shape serves both.
    std::vector<TlsRouteSpec> tcp;
    ScalarList exportTo;

    // Whether namespace `ns` sees this resource by its exportTo (none: every namespace; "*":
    // every one; ".": its own; else the namespaces named).
    [[nodiscard]] bool exportedTo(const std::string &ns) const {
        return isExportedTo(exportTo, meta, ns);
    }
};

} // namespace gatehouse::core
