#pragma once

#include "common/error.h"

#include <QJsonDocument>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <string>

namespace gatehouse::cli {

// Exit codes shared by every verb.
enum Exit : int {
    ExitOk = 0,       // success, nothing found
    ExitFindings = 1, // ran fine, but found errors / deviations / differences / failures
    ExitBadInput = 2, // input could not be read or parsed, endpoint unreachable, bad usage
};

enum class OutputFormat { Text, Json, Yaml };

// Parses "text", "json", "yaml" (and "-o" short names); false for anything else.
[[nodiscard]] bool parseOutputFormat(const QString &text, OutputFormat &format);

void printOut(const std::string &text);
void printErr(const std::string &text);
void printJson(const QJsonDocument &doc);

// "gatehousectl: <message>" on stderr, returns ExitBadInput.
int usageError(const QString &message);
// Prints an Error for a person on stderr and returns ExitBadInput.
int reportError(const Error &error);

} // namespace gatehouse::cli
