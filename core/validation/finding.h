#pragma once

#include "model/resource.h"

#include <string>
#include <vector>

namespace gatehouse::core {

enum class Severity { Error, Warning, Info };

[[nodiscard]] const char *severityName(Severity s); // "error", "warning", "info"

// One problem found in the workspace. `code` is stable (documented in
// docs/validation.md); `message` says what is wrong and what to do.
struct Finding {
    std::string code;
    Severity severity = Severity::Error;
    std::string message;
    // The resource it is about (empty for file-level input errors).
    std::string kind;
    std::string namespace_;
    std::string name;
    // Where: file, 1-based line and column, and the YAML path of the field.
    std::string file;
    int line = 0;
    int column = 0;
    std::string path;

    // "file:line:col: severity CODE: message"
    [[nodiscard]] std::string toText() const;
};

struct FindingCounts {
    int errors = 0;
    int warnings = 0;
    int infos = 0;
};

[[nodiscard]] FindingCounts countFindings(const std::vector<Finding> &findings);

} // namespace gatehouse::core
