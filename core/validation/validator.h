#pragma once

#include "finding.h"

#include <chrono>
#include <string_view>
#include <vector>

namespace gatehouse::core {

class Workspace;
struct Model;

struct ValidationOptions {
    // The time certificates are judged at.
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
    // Certificates expiring within this margin get a warning.
    std::chrono::hours expiryWarning{24 * 30};
};

// Runs every rule over a workspace: input errors first (syntax, types, kinds),
// then Istio's own admission checks per resource, then cross-resource analysis and
// Gatehouse's security rules. Pure function of its input: any thread may call it,
// on a Workspace copy that no other thread changes meanwhile.
[[nodiscard]] std::vector<Finding> validateWorkspace(const Workspace &workspace,
                                                     const ValidationOptions &options = {});
[[nodiscard]] std::vector<Finding> validateModel(const Workspace &workspace, const Model &model,
                                                 const ValidationOptions &options = {});

// Every finding code the rules can report (input errors included), for tests and docs.
[[nodiscard]] const std::vector<std::string_view> &ruleCodes();

// Istio's accepted TLS cipher suite names for Gateway servers (BoringSSL names).
[[nodiscard]] bool isIstioCipherSuite(std::string_view name);
// TLS 1.3 suite names (not configurable through cipherSuites).
[[nodiscard]] bool isTls13CipherSuite(std::string_view name);
// Why a suite is weak ("CBC mode with SHA-1 MAC", ...), or empty when it is not.
[[nodiscard]] std::string weakCipherReason(std::string_view name);

} // namespace gatehouse::core
