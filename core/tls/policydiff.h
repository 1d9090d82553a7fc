#pragma once

#include "tls/scanreport.h"
#include "tls/tlspolicy.h"

#include <string>
#include <vector>

namespace gatehouse::core {

enum class DeviationKind {
    VersionBelowMinimum, // accepted, but below minProtocolVersion
    VersionAboveMaximum, // accepted, but above maxProtocolVersion
    VersionNotAccepted,  // allowed by the policy, but refused
    CipherNotAllowed,    // accepted (TLS <= 1.2), but not in cipherSuites
    HostNotCovered,      // the presented certificate does not cover a policy host
    NoCertificate,       // no certificate could be read to check hosts
};

[[nodiscard]] std::string_view toString(DeviationKind kind); // "version-below-minimum", ...

struct PolicyDeviation {
    DeviationKind kind = DeviationKind::CipherNotAllowed;
    std::string subject; // the version, cipher or host concerned
    std::string message; // e.g. "TLSv1.1 accepted but minProtocolVersion is TLSV1_2"
};

// Names each way `report` deviates from `policy`. Empty when the endpoint matches.
class PolicyDiff {
public:
    [[nodiscard]] static std::vector<PolicyDeviation> compare(const ScanReport &report,
                                                              const TlsPolicy &policy);
};

} // namespace gatehouse::core
