#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::core {

enum class KeyType { Unknown, Rsa, Ec, Ed25519, Ed448, Dsa };

[[nodiscard]] std::string_view toString(KeyType type);

// What a public key is: "RSA 2048", "EC P-256", "Ed25519".
struct PublicKeyInfo {
    KeyType type = KeyType::Unknown;
    int bits = 0;
    std::string curve; // NIST name ("P-256") for EC keys, empty otherwise
    int securityBits = 0;

    [[nodiscard]] std::string description() const;
};

// The key algorithms Gatehouse generates.
enum class KeyAlgorithm { Rsa2048, Rsa3072, Rsa4096, EcdsaP256, EcdsaP384, Ed25519 };

// "rsa2048", "rsa3072", "rsa4096", "ec-p256"/"p256"/"ecdsa-p256", "ec-p384", "ed25519".
[[nodiscard]] std::optional<KeyAlgorithm> parseKeyAlgorithm(std::string_view text);
[[nodiscard]] std::string_view toString(KeyAlgorithm algorithm); // "rsa2048", "ec-p256", ...

} // namespace gatehouse::core
