#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace gatehouse::core {

// A Kubernetes object read from a YAML stream, with where it came from.
struct YamlObject {
    QJsonObject object;
    SourceLocation location; // file and 1-based line of the document start
};

// YAML <-> JSON for Kubernetes objects (YAML 1.2 core schema: plain scalars become null,
// bools, numbers; quoted scalars stay strings). Until the workspace documents land, the
// cluster part reads and writes files through these. Any thread; no shared state.
namespace jsonyaml {

// Every non-empty document of a (multi-document) YAML stream; `file` names errors.
// A "List" document (kind: List, items: [...]) is expanded into its items.
[[nodiscard]] Result<QList<YamlObject>> parseObjects(const QByteArray &yaml, const QString &file);

// One YAML (or JSON) document as a JSON value.
[[nodiscard]] Result<QJsonValue> parseValue(const QByteArray &yaml, const QString &file = {});

// Block-style YAML for a JSON value (keys in the object's order); strings that would read
// back as another type are quoted.
[[nodiscard]] QByteArray toYaml(const QJsonValue &value);

} // namespace jsonyaml
} // namespace gatehouse::core
