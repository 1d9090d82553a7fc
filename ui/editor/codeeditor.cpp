#include "codeeditor.h"

#include "yamlhighlighter.h"

#include "support/colors.h"
#include "support/icons.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

#ifdef GATEHOUSE_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace gatehouse::ui {

class LineNumberArea final : public QWidget {
public:
    explicit LineNumberArea(CodeEditor *editor)
        : QWidget(editor)
        , m_editor(editor) {}
    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }
    bool event(QEvent *event) override {
        if (event->type() == QEvent::ToolTip) {
            const auto *help = static_cast<QHelpEvent *>(event);
            m_editor->gutterToolTip(help->pos(), help->globalPos());
            return true;
        }
        return QWidget::event(event);
    }

private:
    CodeEditor *m_editor;
};

namespace {

QString severityIconName(MarkerSeverity severity) {
    switch (severity) {
    case MarkerSeverity::Error:
        return QStringLiteral("error");
    case MarkerSeverity::Warning:
        return QStringLiteral("warning");
    case MarkerSeverity::Info:
        break;
    }
    return QStringLiteral("info");
}

QColor severityColour(MarkerSeverity severity) {
    switch (severity) {
    case MarkerSeverity::Error:
        return QColor(0xd9, 0x30, 0x25);
    case MarkerSeverity::Warning:
        return QColor(0xe8, 0xa3, 0x17);
    case MarkerSeverity::Info:
        break;
    }
    return QColor(0x1a, 0x73, 0xe8);
}

} // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new LineNumberArea(this)) {
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabChangesFocus(false);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setAccessibleName(tr("YAML text"));
#ifdef GATEHOUSE_HAVE_KSYNTAXHIGHLIGHTING
    static KSyntaxHighlighting::Repository repository;
    auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());
    highlighter->setDefinition(repository.definitionForName(QStringLiteral("YAML")));
    highlighter->setTheme(
        repository.defaultTheme(palette().color(QPalette::Base).lightness() < 128
                                    ? KSyntaxHighlighting::Repository::DarkTheme
                                    : KSyntaxHighlighting::Repository::LightTheme));
    m_highlighter = highlighter;
#else
    m_highlighter = new YamlHighlighter(document());
#endif
    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &CodeEditor::updateSelections);
    updateGutterWidth();
    applyPalette();
}

CodeEditor::~CodeEditor() = default;

bool CodeEditor::usesKSyntaxHighlighting() {
#ifdef GATEHOUSE_HAVE_KSYNTAXHIGHLIGHTING
    return true;
#else
    return false;
#endif
}

void CodeEditor::setMarkers(const EditorMarkers &markers) {
    m_markers = markers;
    updateSelections();
    m_gutter->update();
}

EditorMarkers CodeEditor::markersAt(int line) const {
    EditorMarkers result;
    const int last = std::max(1, blockCount());
    for (const EditorMarker &m : m_markers) {
        if (std::clamp(m.line, 1, last) == line)
            result.append(m);
    }
    return result;
}

void CodeEditor::goTo(int line, int column) {
    const QTextBlock block = document()->findBlockByNumber(std::clamp(line, 1, blockCount()) - 1);
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor,
                        std::clamp(column, 1, block.length()) - 1);
    setTextCursor(cursor);
    centerCursor();
    setFocus(Qt::OtherFocusReason);
}

int CodeEditor::currentLine() const {
    return textCursor().blockNumber() + 1;
}

int CodeEditor::currentColumn() const {
    return textCursor().positionInBlock() + 1;
}

int CodeEditor::gutterWidth() const {
    int digits = 1;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    const int iconSpace = fontMetrics().height() + 4;
    return iconSpace + 6 + fontMetrics().horizontalAdvance(u'9') * std::max(digits, 3);
}

void CodeEditor::updateGutterWidth() {
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void CodeEditor::updateGutter(const QRect &rect, int dy) {
    if (dy != 0)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void CodeEditor::resizeEvent(QResizeEvent *event) {
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void CodeEditor::changeEvent(QEvent *event) {
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyPalette();
        updateGutterWidth();
    }
}

void CodeEditor::applyPalette() {
#ifndef GATEHOUSE_HAVE_KSYNTAXHIGHLIGHTING
    if (auto *yaml = qobject_cast<YamlHighlighter *>(m_highlighter))
        yaml->setPalette(palette());
#endif
    updateSelections();
}

void CodeEditor::updateSelections() {
    QList<QTextEdit::ExtraSelection> selections;
    if (!isReadOnly()) {
        QTextEdit::ExtraSelection current;
        QColor line = palette().color(QPalette::Highlight);
        line.setAlpha(28);
        current.format.setBackground(line);
        current.format.setProperty(QTextFormat::FullWidthSelection, true);
        current.cursor = textCursor();
        current.cursor.clearSelection();
        selections.append(current);
    }
    const int last = std::max(1, blockCount());
    for (const EditorMarker &m : m_markers) {
        const QTextBlock block = document()->findBlockByNumber(std::clamp(m.line, 1, last) - 1);
        if (!block.isValid())
            continue;
        const int lineLength = block.length() - 1;
        int start = std::clamp(m.column, 1, std::max(1, lineLength)) - 1;
        int length = m.length > 0 ? m.length : lineLength - start;
        if (length <= 0) { // an empty line or a marker past its end: mark the whole line
            start = 0;
            length = std::max(1, lineLength);
        }
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(block);
        sel.cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, start);
        sel.cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor,
                                std::min(length, std::max(0, lineLength - start)));
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(severityColour(m.severity));
        sel.format.setToolTip(m.message);
        selections.append(sel);
    }
    setExtraSelections(selections);
}

void CodeEditor::paintGutter(QPaintEvent *event) {
    QPainter painter(m_gutter);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    const int iconSize = fontMetrics().height();
    const int current = textCursor().blockNumber();

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int number = block.blockNumber() + 1;
            const EditorMarkers here = markersAt(number);
            if (!here.isEmpty()) {
                MarkerSeverity worst = MarkerSeverity::Info;
                for (const EditorMarker &m : here)
                    worst = std::max(worst, m.severity);
                Icons::icon(severityIconName(worst))
                    .paint(&painter, QRect(2, top, iconSize, iconSize));
            }
            painter.setPen(block.blockNumber() == current ? pal.color(QPalette::Text)
                                                          : mutedTextColor(pal));
            painter.drawText(0, top, m_gutter->width() - 4, fontMetrics().height(),
                             Qt::AlignRight | Qt::AlignVCenter, QString::number(number));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

void CodeEditor::gutterToolTip(const QPoint &pos, const QPoint &globalPos) {
    const QTextCursor cursor = cursorForPosition(QPoint(0, pos.y()));
    const EditorMarkers here = markersAt(cursor.blockNumber() + 1);
    QStringList lines;
    for (const EditorMarker &m : here)
        lines.append(m.message.toHtmlEscaped());
    if (lines.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, lines.join(QStringLiteral("<br>")), m_gutter);
}

bool CodeEditor::event(QEvent *event) {
    // Tooltips for markers in the text: extra selections' tooltips are not shown by
    // QPlainTextEdit itself.
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QTextCursor cursor = cursorForPosition(viewport()->mapFromParent(help->pos()));
        const int line = cursor.blockNumber() + 1;
        const int column = cursor.positionInBlock() + 1;
        QStringList lines;
        for (const EditorMarker &m : markersAt(line)) {
            const int end = m.length > 0 ? m.column + m.length : INT_MAX;
            if (column >= m.column && column <= end)
                lines.append(m.message.toHtmlEscaped());
        }
        if (lines.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), lines.join(QStringLiteral("<br>")), this);
        return true;
    }
    return QPlainTextEdit::event(event);
}

} // namespace gatehouse::ui
