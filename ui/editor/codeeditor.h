#pragma once

#include "editormarker.h"

#include <QPlainTextEdit>

class QSyntaxHighlighter;

namespace gatehouse::ui {

class LineNumberArea;

// The YAML text view: line numbers, syntax highlighting (KSyntaxHighlighting when the
// build found it, otherwise YamlHighlighter), finding markers (wavy underline, gutter
// icon, tooltip) and go-to line:column. Its QTextDocument's undo stack is the document's
// one undo stack: form edits are applied as text edits to it. GUI thread only.
class CodeEditor final : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit CodeEditor(QWidget *parent = nullptr);
    ~CodeEditor() override;

    // Replaces all markers. Markers past the end of the text are clamped to the last line.
    void setMarkers(const EditorMarkers &markers);
    [[nodiscard]] const EditorMarkers &markers() const { return m_markers; }
    // Markers on a 1-based line.
    [[nodiscard]] EditorMarkers markersAt(int line) const;

    // Moves the cursor to a 1-based line and column (clamped to the text), centres it and
    // gives the editor focus.
    void goTo(int line, int column = 1);
    // 1-based line and column of the cursor.
    [[nodiscard]] int currentLine() const;
    [[nodiscard]] int currentColumn() const;

    // Whether the highlighter in use is KSyntaxHighlighting (true) or our own (false).
    [[nodiscard]] static bool usesKSyntaxHighlighting();

    // Width the gutter needs; used by the gutter widget.
    [[nodiscard]] int gutterWidth() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class LineNumberArea;
    void paintGutter(QPaintEvent *event);
    void gutterToolTip(const QPoint &pos, const QPoint &globalPos);
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void updateSelections();
    void applyPalette();

    LineNumberArea *m_gutter = nullptr;
    QSyntaxHighlighter *m_highlighter = nullptr;
    EditorMarkers m_markers;
};

} // namespace gatehouse::ui
