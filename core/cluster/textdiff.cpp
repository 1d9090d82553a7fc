#include "textdiff.h"

#include <QList>

#include <vector>

namespace gatehouse::core::textdiff {
namespace {

QList<QByteArray> linesOf(const QByteArray &text) {
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

enum class Op { Keep, Remove, Add };
struct Edit {
    Op op;
    qsizetype a; // line in before
    qsizetype b; // line in after
};

} // namespace

QString unified(const QByteArray &before, const QByteArray &after, const QString &beforeLabel,
                const QString &afterLabel, int context) {
    if (before == after)
        return {};
    const QList<QByteArray> a = linesOf(before);
    const QList<QByteArray> b = linesOf(after);
    // Trim the common head and tail, then an LCS table over what is left (objects are small;
    // beyond a bound everything left counts as replaced).
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;
    std::vector<Edit> edits;
    for (qsizetype i = 0; i < head; ++i)
        edits.push_back({Op::Keep, i, i});
    if (n * m <= 4'000'000) {
        std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[size_t(i)][size_t(j)] =
                    a[head + i] == b[head + j]
                        ? lcs[size_t(i + 1)][size_t(j + 1)] + 1
                        : std::max(lcs[size_t(i + 1)][size_t(j)], lcs[size_t(i)][size_t(j + 1)]);
        qsizetype i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i] == b[head + j]) {
                edits.push_back({Op::Keep, head + i, head + j});
                ++i;
                ++j;
            } else if (i < n &&
                       (j == m || lcs[size_t(i + 1)][size_t(j)] >= lcs[size_t(i)][size_t(j + 1)])) {
                // Removals before additions, as diff(1) prints them.
                edits.push_back({Op::Remove, head + i, head + j});
                ++i;
            } else {
                edits.push_back({Op::Add, head + i, head + j});
                ++j;
            }
        }
    } else {
        for (qsizetype i = 0; i < n; ++i)
            edits.push_back({Op::Remove, head + i, head});
        for (qsizetype j = 0; j < m; ++j)
            edits.push_back({Op::Add, head + n, head + j});
    }
    for (qsizetype i = 0; i < tail; ++i)
        edits.push_back({Op::Keep, a.size() - tail + i, b.size() - tail + i});

    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(beforeLabel, afterLabel);
    const qsizetype count = qsizetype(edits.size());
    qsizetype k = 0;
    while (k < count) {
        while (k < count && edits[size_t(k)].op == Op::Keep)
            ++k;
        if (k >= count)
            break;
        qsizetype start = std::max<qsizetype>(0, k - context);
        qsizetype end = k;
        // Extend the hunk while changes are closer than 2*context apart.
        qsizetype keepRun = 0;
        qsizetype last = k;
        for (qsizetype e = k; e < count; ++e) {
            if (edits[size_t(e)].op == Op::Keep) {
                if (++keepRun > 2 * context)
                    break;
            } else {
                keepRun = 0;
                last = e;
            }
        }
        end = std::min(count, last + context + 1);
        qsizetype aStart = edits[size_t(start)].a, bStart = edits[size_t(start)].b;
        qsizetype aLen = 0, bLen = 0;
        QString body;
        for (qsizetype e = start; e < end; ++e) {
            const Edit &edit = edits[size_t(e)];
            switch (edit.op) {
            case Op::Keep:
                body += u' ' + QString::fromUtf8(a[edit.a]) + u'\n';
                ++aLen;
                ++bLen;
                break;
            case Op::Remove:
                body += u'-' + QString::fromUtf8(a[edit.a]) + u'\n';
                ++aLen;
                break;
            case Op::Add:
                body += u'+' + QString::fromUtf8(b[edit.b]) + u'\n';
                ++bLen;
                break;
            }
        }
        out += QStringLiteral("@@ -%1,%2 +%3,%4 @@\n")
                   .arg(aLen ? aStart + 1 : aStart)
                   .arg(aLen)
                   .arg(bLen ? bStart + 1 : bStart)
                   .arg(bLen);
        out += body;
        k = end;
    }
    return out;
}

} // namespace gatehouse::core::textdiff
