#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace gatehouse {

// Where in a file something is. Lines and columns are 1-based; 0 means unknown.
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    [[nodiscard]] bool isKnown() const { return !file.empty(); }
    // "file:line:col" (parts that are unknown are left out).
    [[nodiscard]] std::string toString() const;
};

// An error as a value. `code` is stable and machine-readable (e.g. "yaml.parse"),
// `message` is for a person and says what to do, `detail` carries library text
// (an OpenSSL error queue, a parser message) that helps a developer.
struct Error {
    std::string code;
    std::string message;
    std::string detail;
    SourceLocation location;

    Error() = default;
    Error(std::string c, std::string m, std::string d = {}, SourceLocation loc = {})
        : code(std::move(c))
        , message(std::move(m))
        , detail(std::move(d))
        , location(std::move(loc)) {}

    // "file:line:col: message (detail)" for terminals and logs.
    [[nodiscard]] std::string toString() const;
};

inline std::string SourceLocation::toString() const {
    std::string s = file;
    if (line > 0) {
        s += ':' + std::to_string(line);
        if (column > 0)
            s += ':' + std::to_string(column);
    }
    return s;
}

inline std::string Error::toString() const {
    std::string s;
    if (location.isKnown())
        s = location.toString() + ": ";
    s += message;
    if (!detail.empty())
        s += " (" + detail + ')';
    return s;
}

} // namespace gatehouse
