#pragma once

#include <QWidget>

class QSplitter;
class QTextDocument;

namespace gatehouse::ui {

class CodeEditor;

// One workspace file in a tab: an optional form on the left (for the resource chosen in
// the navigator) and the file's YAML on the right. The YAML text is the document; its
// QTextDocument's undo stack is the one undo stack for both views, because form edits
// reach the text as (minimal) text edits. GUI thread only.
class DocumentEditor final : public QWidget {
    Q_OBJECT
public:
    explicit DocumentEditor(const QString &path, QWidget *parent = nullptr);

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] CodeEditor *editor() const { return m_editor; }
    [[nodiscard]] QTextDocument *document() const;
    [[nodiscard]] QString text() const;

    // Replaces the text as the new clean state (after open, save-as-reload, revert):
    // clears undo history and the dirty flag.
    void resetText(const QString &text);
    // Changes the text to `text` as one undoable step that touches only the part that
    // differs, so the cursor, comments and layout elsewhere stay put.
    void applyText(const QString &text);
    // After a successful save: the current text is the clean state.
    void markSaved();
    [[nodiscard]] bool isDirty() const;

    // The form shown beside the YAML (nullptr hides the form pane). Takes ownership.
    void setForm(QWidget *form);
    [[nodiscard]] QWidget *form() const { return m_form; }

Q_SIGNALS:
    // The text changed (typing, undo/redo or applyText).
    void textChanged();
    void dirtyChanged(bool dirty);

private:
    QString m_path;
    QSplitter *m_split;
    CodeEditor *m_editor;
    QWidget *m_form = nullptr;
};

} // namespace gatehouse::ui
