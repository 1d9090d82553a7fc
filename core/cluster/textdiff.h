#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse::core::textdiff {

// A unified diff (---/+++ headers, @@ hunks, `context` lines around changes) of two texts,
// line by line; empty when they are equal. Any thread.
[[nodiscard]] QString unified(const QByteArray &before, const QByteArray &after,
                              const QString &beforeLabel, const QString &afterLabel,
                              int context = 3);

} // namespace gatehouse::core::textdiff
