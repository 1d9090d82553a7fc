#include "policydiff.h"

#include <algorithm>

namespace gatehouse::core {

std::string_view toString(DeviationKind kind) {
    switch (kind) {
    case DeviationKind::VersionBelowMinimum:
        return "version-below-minimum";
    case DeviationKind::VersionAboveMaximum:
        return "version-above-maximum";
    case DeviationKind::VersionNotAccepted:
        return "version-not-accepted";
    case DeviationKind::CipherNotAllowed:
        return "cipher-not-allowed";
    case DeviationKind::HostNotCovered:
        return "host-not-covered";
    case DeviationKind::NoCertificate:
        return "no-certificate";
    }
    return "unknown";
}

std::vector<PolicyDeviation> PolicyDiff::compare(const ScanReport &report,
                                                 const TlsPolicy &policy) {
    std::vector<PolicyDeviation> out;
    for (TlsVersion v : allTlsVersions) {
        const std::string name(toString(v));
        const bool accepted = report.accepts(v);
        if (accepted && index(v) < index(policy.effectiveMinVersion())) {
            out.push_back(
                {DeviationKind::VersionBelowMinimum, name,
                 name + " accepted but minProtocolVersion is " + policy.minVersionText()});
        } else if (accepted && index(v) > index(policy.effectiveMaxVersion())) {
            out.push_back(
                {DeviationKind::VersionAboveMaximum, name,
                 name + " accepted but maxProtocolVersion is " + policy.maxVersionText()});
        } else if (!accepted && policy.allowsVersion(v)) {
            out.push_back({DeviationKind::VersionNotAccepted, name,
                           name + " not accepted but the policy allows " + policy.minVersionText() +
                               " to " + policy.maxVersionText()});
        }
    }
    // cipherSuites govern TLS 1.0-1.2 only.
    const std::vector<std::string> allowed = policy.effectiveCipherSuites();
    const std::string listName =
        policy.cipherSuites.empty() ? "Envoy's default cipherSuites" : "cipherSuites";
    std::vector<std::string> reported;
    for (TlsVersion v : {TlsVersion::Tls1_0, TlsVersion::Tls1_1, TlsVersion::Tls1_2}) {
        for (const std::string &c : report.scanOf(v).ciphers) {
            if (std::ranges::find(allowed, c) != allowed.end() ||
                std::ranges::find(reported, c) != reported.end())
                continue;
            reported.push_back(c);
            out.push_back(
                {DeviationKind::CipherNotAllowed, c, c + " accepted but not in " + listName});
        }
    }
    std::vector<std::string> hosts;
    for (std::string h : policy.hosts) {
        if (const size_t slash = h.find('/'); slash != std::string::npos)
            h = h.substr(slash + 1);
        if (h.empty() || h == "*")
            continue;
        hosts.push_back(h);
    }
    if (!hosts.empty()) {
        if (report.certificates.empty()) {
            out.push_back({DeviationKind::NoCertificate,
                           {},
                           "no certificate was presented, so no host can be checked"});
        } else {
            for (const std::string &h : hosts) {
                if (!report.certificates.front().coversHost(h))
                    out.push_back(
                        {DeviationKind::HostNotCovered, h, "certificate does not cover host " + h});
            }
        }
    }
    return out;
}

} // namespace gatehouse::core
