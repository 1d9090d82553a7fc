#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace gatehouse::ui {

// Our own YAML highlighter, used when KSyntaxHighlighting is not found at build time:
// keys, scalars (quoted, numbers, booleans, null), comments, anchors/aliases/tags,
// document markers and block scalars. Colours follow the palette (dark or light).
class YamlHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument *document);

    // Picks colours for the given palette and re-highlights.
    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    enum class Kind { Key, String, Number, Keyword, Comment, Anchor, Document, BlockScalar };
    [[nodiscard]] const QTextCharFormat &style(Kind kind) const;

    QTextCharFormat m_formats[8];
    QRegularExpression m_key;
    QRegularExpression m_scalar;
    QRegularExpression m_anchor;
};

} // namespace gatehouse::ui
