#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::ui {

// Conversions between core's std types and Qt's, at the UI boundary.

[[nodiscard]] inline QString toQString(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

[[nodiscard]] inline std::string toStdString(const QString &text) {
    return text.toStdString();
}

[[nodiscard]] inline QStringList toQStringList(const std::vector<std::string> &list) {
    QStringList result;
    result.reserve(qsizetype(list.size()));
    for (const std::string &s : list)
        result.append(toQString(s));
    return result;
}

[[nodiscard]] inline std::vector<std::string> toStdStrings(const QStringList &list) {
    std::vector<std::string> result;
    result.reserve(size_t(list.size()));
    for (const QString &s : list)
        result.push_back(s.toStdString());
    return result;
}

[[nodiscard]] inline QDateTime toQDateTime(std::chrono::system_clock::time_point tp) {
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(tp.time_since_epoch());
    return QDateTime::fromSecsSinceEpoch(secs.count(), QTimeZone::utc());
}

} // namespace gatehouse::ui
