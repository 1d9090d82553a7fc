#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::core {

// A scalar read from YAML with where it stood: the value as written (unquoted),
// whether the key was there at all, its 1-based line/column and its YAML path.
struct Scalar {
    std::string value;
    bool present = false;
    int line = 0;
    int column = 0;
    std::string path;

    [[nodiscard]] bool isSet() const { return present && !value.empty(); }
    // The value as an integer, or nullopt when it is not a whole number.
    [[nodiscard]] std::optional<long long> toInt() const;
    // true/false (YAML 1.2 core schema spelling); nullopt for anything else.
    [[nodiscard]] std::optional<bool> toBool() const;
    // A decimal number (12, 0.5, -3e2); nullopt for anything else.
    [[nodiscard]] std::optional<double> toDouble() const;
    // A duration as Istio reads one (Go's time.ParseDuration: "5s", "1.5s", "250ms",
    // "1h30m", units ns us ms s m h); nullopt when it is not one or is negative.
    [[nodiscard]] std::optional<std::chrono::nanoseconds> toDuration() const;
};

// Where a collection (map or list) stood, for findings about it as a whole.
struct NodeLoc {
    bool present = false;
    int line = 0;
    int column = 0;
    std::string path;
};

using ScalarList = std::vector<Scalar>;

// A string→string map that keeps its order and each value's place.
struct ScalarMap {
    NodeLoc loc;
    std::vector<std::pair<Scalar, Scalar>> entries; // key, value

    [[nodiscard]] const Scalar *find(const std::string &key) const;
};

} // namespace gatehouse::core
