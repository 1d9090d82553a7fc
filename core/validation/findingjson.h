#pragma once

#include "finding.h"

#include <QJsonArray>
#include <QJsonObject>

#include <vector>

namespace gatehouse::core {

// The JSON form of findings (CLI `--output json`, GUI export): an array of objects
// with code, severity, message, resource {kind, namespace, name}, file, line,
// column, path.
[[nodiscard]] QJsonObject findingToJson(const Finding &f);
[[nodiscard]] QJsonArray findingsToJson(const std::vector<Finding> &findings);

} // namespace gatehouse::core
