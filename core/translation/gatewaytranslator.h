#pragma once

#include "gateway/config.h"

#include "common/error.h"
#include "common/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::core {

struct Model;

// How the workspace is served on this machine.
struct TranslationOptions {
    // Gateway port -> local port. Ports below 1024 must be mapped; others default to themselves.
    std::map<int, int> portMap{{80, 8080}, {443, 8443}};
    // Destination host (FQDN, short name, or "host:port") -> local endpoints.
    std::map<std::string, std::vector<gateway::Endpoint>> upstreams;
    // Host -> upstream URL ("http://127.0.0.1:9000"): a catch-all route for the host on every
    // HTTP(S) listener (an HTTP listener on the mapped port 80 is created when there is none).
    std::map<std::string, std::string> routes;
    std::string bindAddress = "127.0.0.1";
    std::string adminAddress = "127.0.0.1";
    std::optional<std::uint16_t> adminPort = 15000;
    gateway::AccessLog accessLog;
    std::string baseDirectory; // for relative serverCertificate/privateKey/caCertificates files
};

struct Translation {
    std::shared_ptr<gateway::Config> config;
    // What could not be served as Istio would (unsupported fields, missing destinations).
    std::vector<std::string> warnings;
};

// Model -> engine config, the way Istio translates Gateways and VirtualServices for Envoy:
// one listener per (mapped) port, one filter chain per TLS server chosen by SNI, route
// tables merged per port for plain HTTP, PASSTHROUGH servers routed by VirtualService
// `tls` sniHosts, TLS servers with a terminating mode proxied as TCP by `tcp` routes,
// certificates from credentialName Secrets, the Kyma TLS override ConfigMap or files. Any
// thread may call it.
[[nodiscard]] Result<Translation> translateModel(const Model &model,
                                                 const TranslationOptions &options);

// "80=18080,443=18443"
[[nodiscard]] Result<std::map<int, int>> parsePortMap(std::string_view text);
// "NAME=HOST:PORT"
[[nodiscard]] Result<std::pair<std::string, gateway::Endpoint>>
parseUpstream(std::string_view text);
// "HOST=URL"
[[nodiscard]] Result<std::pair<std::string, std::string>> parseRoute(std::string_view text);
// A workspace endpoints file: one "NAME=HOST:PORT" per line, '#' comments.
[[nodiscard]] Result<std::map<std::string, std::vector<gateway::Endpoint>>>
loadEndpointsFile(const std::string &path);
// `<directory>/gatehouse.endpoints` when that file exists, else "" (the CLI's `serve
// --workspace` and the desktop's local gateway look in the same place).
[[nodiscard]] std::string workspaceEndpointsFile(const std::string &directory);
// Adds the endpoints file's upstreams to `options`; names already there (--upstream) win.
[[nodiscard]] Status addEndpointsFile(TranslationOptions &options, const std::string &path);

} // namespace gatehouse::core
