#pragma once

#include "configmap.h"
#include "destinationrule.h"
#include "gateway.h"
#include "secret.h"
#include "serviceentry.h"
#include "sidecar.h"
#include "virtualservice.h"

#include "common/error.h"

#include <vector>

namespace gatehouse::core {

class YamlFile;

// Typed views of every resource of a set of YAML files. The YAML text stays the
// truth (see YamlFile); a Model is rebuilt from it and never written back.
struct Model {
    std::vector<Gateway> gateways;
    std::vector<VirtualService> virtualServices;
    std::vector<ServiceEntry> serviceEntries;
    std::vector<DestinationRule> destinationRules;
    std::vector<Sidecar> sidecars;
    std::vector<ConfigMap> configMaps;
    std::vector<Secret> secrets;
    std::vector<ResourceMeta> namespaces;

    // Input errors: YAML syntax, wrong types, unknown kinds. Any of these makes the
    // input unusable (CLI exit 2); each names file, line, column and field.
    std::vector<Error> errors;

    [[nodiscard]] size_t resourceCount() const;

    // Adds every document of `file` (index `fileIndex` in the caller's file list).
    void addFile(const YamlFile &file, int fileIndex);

    [[nodiscard]] const Secret *findSecret(const std::string &ns, const std::string &name) const;
    [[nodiscard]] const Gateway *findGateway(const std::string &ns, const std::string &name) const;
    // The VirtualService a route's `delegate` names: one without hosts, in the namespace the
    // delegate names or else `rootNs`. nullptr when the model has none.
    [[nodiscard]] const VirtualService *findDelegate(const std::string &rootNs,
                                                     const HttpRouteSpec &route) const;
    // The DestinationRule for a destination `host` written in namespace `hostNs`, as Istio
    // picks it: one for the exact host (both as FQDNs) first, else the one whose wildcard
    // host covers it most narrowly. With `viewerNs`, only rules exported to that namespace
    // (the proxy's); empty: any. nullptr when none.
    [[nodiscard]] const DestinationRule *findDestinationRule(const std::string &host,
                                                             const std::string &hostNs,
                                                             const std::string &viewerNs) const;
};

// Istio's FQDN of a host written in namespace `ns` (ResolveShortnameToFQDN): a name without a
// dot gets ".<ns>.svc.cluster.local"; names with dots and wildcards stay as they are.
[[nodiscard]] std::string fqdn(const std::string &host, const std::string &ns);

// The API groups/versions Gatehouse understands for Istio networking resources.
[[nodiscard]] bool isIstioNetworkingApiVersion(const std::string &apiVersion);

} // namespace gatehouse::core
