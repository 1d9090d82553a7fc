#pragma once

#include "tls/publickeyinfo.h"

#include <chrono>
#include <string>
#include <vector>

namespace gatehouse::core {

struct BasicConstraints {
    bool present = false;
    bool critical = false;
    bool ca = false;
    int pathLength = -1; // -1: no limit
};

// Everything a person wants to see about one X.509 certificate (plain values, no OpenSSL).
struct CertificateInfo {
    std::string subject;    // "C=DE, O=Example, CN=www.example.com" (forward order)
    std::string issuer;     // same format
    std::string commonName; // subject CN, empty when absent
    std::string serial;     // upper-case hex, as `openssl x509 -serial`
    int version = 0;        // 1, 2 or 3
    std::chrono::system_clock::time_point notBefore;
    std::chrono::system_clock::time_point notAfter;

    std::vector<std::string> dnsNames;
    std::vector<std::string> ipAddresses; // textual (inet_ntop)
    std::vector<std::string> uris;
    std::vector<std::string> emails;

    PublicKeyInfo publicKey;
    std::string signatureAlgorithm; // OpenSSL long name, e.g. "sha256WithRSAEncryption"
    std::string signatureDigest;    // "SHA256", "SHA1", ...; empty for Ed25519/Ed448
    int signatureSecurityBits = 0;

    std::vector<std::string> keyUsage;         // "digitalSignature", "keyCertSign", ...
    std::vector<std::string> extendedKeyUsage; // "serverAuth", "clientAuth", or dotted OIDs
    BasicConstraints basicConstraints;
    std::string subjectKeyId;   // "AB:CD:..." or empty
    std::string authorityKeyId; // "AB:CD:..." or empty

    std::string sha256Fingerprint; // "AB:CD:..." over the DER
    std::string sha1Fingerprint;

    std::vector<std::string> crlUrls;
    std::vector<std::string> ocspUrls;
    std::vector<std::string> caIssuerUrls;

    bool selfIssued = false; // subject == issuer
    bool selfSigned = false; // self-issued and its own key verifies its signature
};

} // namespace gatehouse::core
