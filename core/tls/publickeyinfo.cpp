#include "publickeyinfo.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace gatehouse::core {

std::string_view toString(KeyType type) {
    switch (type) {
    case KeyType::Rsa:
        return "RSA";
    case KeyType::Ec:
        return "EC";
    case KeyType::Ed25519:
        return "Ed25519";
    case KeyType::Ed448:
        return "Ed448";
    case KeyType::Dsa:
        return "DSA";
    case KeyType::Unknown:
        break;
    }
    return "unknown";
}

std::string PublicKeyInfo::description() const {
    switch (type) {
    case KeyType::Rsa:
    case KeyType::Dsa:
        return std::string(toString(type)) + ' ' + std::to_string(bits);
    case KeyType::Ec:
        return "EC " + (curve.empty() ? std::to_string(bits) : curve);
    default:
        return std::string(toString(type));
    }
}

namespace {
constexpr std::array<std::pair<std::string_view, KeyAlgorithm>, 15> algorithmNames{{
    {"rsa2048", KeyAlgorithm::Rsa2048},
    {"rsa", KeyAlgorithm::Rsa2048},
    {"rsa3072", KeyAlgorithm::Rsa3072},
    {"rsa4096", KeyAlgorithm::Rsa4096},
    {"ec-p256", KeyAlgorithm::EcdsaP256},
    {"ecdsa-p256", KeyAlgorithm::EcdsaP256},
    {"p256", KeyAlgorithm::EcdsaP256},
    {"p-256", KeyAlgorithm::EcdsaP256},
    {"ec", KeyAlgorithm::EcdsaP256},
    {"ec-p384", KeyAlgorithm::EcdsaP384},
    {"ecdsa-p384", KeyAlgorithm::EcdsaP384},
    {"p384", KeyAlgorithm::EcdsaP384},
    {"p-384", KeyAlgorithm::EcdsaP384},
    {"ed25519", KeyAlgorithm::Ed25519},
    {"rsa-2048", KeyAlgorithm::Rsa2048},
}};
} // namespace

std::optional<KeyAlgorithm> parseKeyAlgorithm(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const auto &[name, algorithm] : algorithmNames) {
        if (name == lower)
            return algorithm;
    }
    return std::nullopt;
}

std::string_view toString(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::Rsa2048:
        return "rsa2048";
    case KeyAlgorithm::Rsa3072:
        return "rsa3072";
    case KeyAlgorithm::Rsa4096:
        return "rsa4096";
    case KeyAlgorithm::EcdsaP256:
        return "ec-p256";
    case KeyAlgorithm::EcdsaP384:
        return "ec-p384";
    case KeyAlgorithm::Ed25519:
        return "ed25519";
    }
    return "unknown";
}

} // namespace gatehouse::core
