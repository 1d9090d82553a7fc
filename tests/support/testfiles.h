#pragma once
// Whole-file reads and writes for tests that prepare or inspect workspace files.

#include <QByteArray>
#include <QFile>
#include <QString>

namespace gatehouse::test {

inline bool writeFile(const QString &path, const QByteArray &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// Empty when the file cannot be read.
inline QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace gatehouse::test
