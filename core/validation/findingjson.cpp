#include "findingjson.h"

#include <QString>

namespace gatehouse::core {

QJsonObject findingToJson(const Finding &f) {
    QJsonObject resource;
    resource.insert(QStringLiteral("kind"), QString::fromStdString(f.kind));
    resource.insert(QStringLiteral("namespace"), QString::fromStdString(f.namespace_));
    resource.insert(QStringLiteral("name"), QString::fromStdString(f.name));
    QJsonObject o;
    o.insert(QStringLiteral("code"), QString::fromStdString(f.code));
    o.insert(QStringLiteral("severity"), QString::fromLatin1(severityName(f.severity)));
    o.insert(QStringLiteral("message"), QString::fromStdString(f.message));
    o.insert(QStringLiteral("resource"), resource);
    o.insert(QStringLiteral("file"), QString::fromStdString(f.file));
    o.insert(QStringLiteral("line"), f.line);
    o.insert(QStringLiteral("column"), f.column);
    o.insert(QStringLiteral("path"), QString::fromStdString(f.path));
    return o;
}

QJsonArray findingsToJson(const std::vector<Finding> &findings) {
    QJsonArray a;
    for (const Finding &f : findings)
        a.append(findingToJson(f));
    return a;
}

} // namespace gatehouse::core
