#pragma once

#include "tls/certificateinfo.h"
#include "tls/certificateverifier.h"
#include "tls/policydiff.h"
#include "tls/scanreport.h"

#include <QJsonObject>

#include <vector>

namespace gatehouse::core {

// The JSON the CLI prints and the GUI exports (one shape for both).

// {"subject", "issuer", "serial", "notBefore", "notAfter" (ISO 8601 UTC), "san": {"dns", "ip",
//  "uri", "email"}, "publicKey": {"type", "bits", "curve"}, "signatureAlgorithm", "keyUsage",
//  "extendedKeyUsage", "basicConstraints", "subjectKeyId", "authorityKeyId",
//  "fingerprints": {"sha256", "sha1"}, "crl", "ocsp", "caIssuers", "selfSigned"}
[[nodiscard]] QJsonObject certificateInfoToJson(const CertificateInfo &info);

// {"ok": bool, "findings": [{"problem", "depth", "subject", "message"}], "chain": [subjects]}
[[nodiscard]] QJsonObject verifyResultToJson(const VerifyResult &result);

// {"target": {...}, "protocols": {"TLSv1.0": bool, ...}, "ciphers": {"TLSv1.2": [..], ...},
//  "serverOrder": {"TLSv1.2": bool|null}, "groups": [..], "alpn": [..], "certificates": [..],
//  "verification": {...}, "ocspStapling": bool, "resumption": {...}, "http": {...},
//  "deviations": [{"kind", "subject", "message"}], "stats": {...}}
[[nodiscard]] QJsonObject scanReportToJson(const ScanReport &report,
                                           const std::vector<PolicyDeviation> &deviations = {});

} // namespace gatehouse::core
