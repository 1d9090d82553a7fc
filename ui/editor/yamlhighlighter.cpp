#include "yamlhighlighter.h"

#include "support/colors.h"

#include <QPalette>

namespace gatehouse::ui {

namespace {

// Block state: -1 normal, otherwise the indentation of the line that opened a block
// scalar (`key: |`), so that more-indented lines after it are highlighted as text.
constexpr int NoBlock = -1;

int indentOf(const QString &text) {
    int i = 0;
    while (i < text.size() && text.at(i) == u' ')
        ++i;
    return i;
}

// Index of a comment's '#' outside quotes, or -1. A '#' starts a comment only at the
// start of the line or after whitespace (YAML 1.2, 6.6).
qsizetype commentStart(const QString &text) {
    QChar quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'"' || c == u'\'') {
            quote = c;
        } else if (c == u'#' && (i == 0 || text.at(i - 1).isSpace())) {
            return i;
        }
    }
    return -1;
}

} // namespace

YamlHighlighter::YamlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    // "  - key:" or "key:" followed by space or end of line; keys may be quoted.
    , m_key(QStringLiteral(R"(^(\s*(?:-\s+)*)("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(?=\s|$))"))
    , m_scalar(QStringLiteral(
          R"((?<![\w.-])(?:(true|false|yes|no|on|off|True|False|TRUE|FALSE|null|Null|NULL|~)|([-+]?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)))(?![\w.-]))"))
    , m_anchor(QStringLiteral(R"((?:^|\s)([&*][^\s,\[\]{}]+|![^\s,\[\]{}]*))")) {
    setPalette(QPalette());
}

void YamlHighlighter::setPalette(const QPalette &palette) {
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    auto make = [](QColor colour, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(colour);
        if (bold)
            f.setFontWeight(QFont::DemiBold);
        f.setFontItalic(italic);
        return f;
    };
    m_formats[int(Kind::Key)] = make(dark ? QColor(0x7c, 0xb7, 0xff) : QColor(0x1a, 0x4f, 0x9c));
    m_formats[int(Kind::String)] = make(dark ? QColor(0xa5, 0xd6, 0x7f) : QColor(0x2e, 0x7d, 0x32));
    m_formats[int(Kind::Number)] = make(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0xb0, 0x3a, 0x00));
    m_formats[int(Kind::Keyword)] =
        make(dark ? QColor(0xc7, 0x92, 0xea) : QColor(0x7b, 0x1f, 0xa2), true);
    m_formats[int(Kind::Comment)] = make(mutedTextColor(palette), false, true);
    m_formats[int(Kind::Anchor)] = make(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0x8d, 0x6e, 0x00));
    m_formats[int(Kind::Document)] = make(palette.color(QPalette::Text), true);
    m_formats[int(Kind::BlockScalar)] = m_formats[int(Kind::String)];
    rehighlight();
}

const QTextCharFormat &YamlHighlighter::style(Kind kind) const {
    return m_formats[int(kind)];
}

void YamlHighlighter::highlightBlock(const QString &text) {
    const int previous = previousBlockState();
    const int indent = indentOf(text);
    const bool blank = text.trimmed().isEmpty();

    // Inside a block scalar: every more-indented (or blank) line is its text.
    if (previous >= 0 && (blank || indent > previous)) {
        setFormat(0, int(text.size()), style(Kind::BlockScalar));
        setCurrentBlockState(previous);
        return;
    }
    setCurrentBlockState(NoBlock);

    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        setFormat(0, 3, style(Kind::Document));
    }
    const qsizetype hash = commentStart(text);
    const QString code = hash >= 0 ? text.left(hash) : text;
    if (hash >= 0)
        setFormat(int(hash), int(text.size() - hash), style(Kind::Comment));
    if (code.startsWith(u'%')) { // directive
        setFormat(0, int(code.size()), style(Kind::Keyword));
        return;
    }

    qsizetype valueStart = 0;
    if (const auto m = m_key.match(code); m.hasMatch()) {
        setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), style(Kind::Key));
        valueStart = m.capturedEnd(0);
    }

    // Quoted strings in the value part.
    for (qsizetype i = valueStart; i < code.size(); ++i) {
        const QChar c = code.at(i);
        if (c != u'"' && c != u'\'')
            continue;
        qsizetype end = i + 1;
        while (end < code.size() && code.at(end) != c) {
            if (c == u'"' && code.at(end) == u'\\')
                ++end;
            ++end;
        }
        setFormat(int(i), int(std::min(end + 1, code.size()) - i), style(Kind::String));
        i = end;
    }

    const QString value = code.mid(valueStart);
    for (auto it = m_scalar.globalMatch(value); it.hasNext();) {
        const auto m = it.next();
        const Kind kind = m.capturedLength(1) > 0 ? Kind::Keyword : Kind::Number;
        if (this->format(int(valueStart + m.capturedStart(0))) == style(Kind::String))
            continue;
        setFormat(int(valueStart + m.capturedStart(0)), int(m.capturedLength(0)), style(kind));
    }
    for (auto it = m_anchor.globalMatch(value); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(valueStart + m.capturedStart(1)), int(m.capturedLength(1)),
                  style(Kind::Anchor));
    }

    // "key: |" or "- >-": the following more-indented lines are a block scalar.
    const QString tail = value.trimmed();
    if (!tail.isEmpty() && (tail.front() == u'|' || tail.front() == u'>') && tail.size() <= 3)
        setCurrentBlockState(indent);
}

} // namespace gatehouse::ui
