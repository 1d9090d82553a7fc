#pragma once

#include "documents/workspacesession.h"

#include "model/model.h"
#include "yaml/yamlpath.h"
#include "yaml/yamlfile.h"

#include <QPointer>
#include <QWidget>

class QLabel;

namespace gatehouse::ui {

class DocumentEditor;

// Base of the form editors. A form shows one resource (file + document index) of the
// session's model and turns each change into a text edit of that document, applied to
// the DocumentEditor so the YAML view and the undo stack see it. When the model changes
// (typing in the YAML view, undo), refresh() re-reads the resource. GUI thread only.
class ResourceForm : public QWidget {
    Q_OBJECT
public:
    ResourceForm(WorkspaceSession *session, DocumentEditor *document, int fileIndex,
                 int documentIndex, QWidget *parent = nullptr);

    [[nodiscard]] int fileIndex() const { return m_fileIndex; }
    [[nodiscard]] int documentIndex() const { return m_documentIndex; }

    // Re-reads the resource from the model and updates the widgets (never the one the
    // user is typing in).
    virtual void refresh() = 0;

protected:
    // Sets a scalar; an empty value removes the key when `removeWhenEmpty`.
    void setScalar(const core::YamlPath &path, const QString &value,
                   core::ScalarStyle style = core::ScalarStyle::Auto, bool removeWhenEmpty = true);
    // Sets a list of strings; an empty list removes the key.
    void setList(const core::YamlPath &path, const QStringList &values);
    // Appends `item` to the list at `path` (creating the list) in one undoable step; core
    // writes a block list's new item in place, so comments and layout survive.
    void appendItem(const core::YamlPath &path, const YAML::Node &item);
    // Removes item `index` of the list at `path` in one undoable step.
    void removeItem(const core::YamlPath &path, int index);
    // Items in the list at `path` (0 when there is none).
    [[nodiscard]] int itemCount(const core::YamlPath &path) const;
    void showError(const QString &message);
    [[nodiscard]] WorkspaceSession *session() const { return m_session; }
    [[nodiscard]] const core::Model &model() const;
    [[nodiscard]] QLabel *errorLabel() const { return m_error; }
    // True while refresh() fills widgets (their change signals must not edit).
    bool m_refreshing = false;

private:
    void apply(const Result<QString> &text);
    // Whether an edit may be made now (not refreshing, session and document alive).
    [[nodiscard]] bool canEdit() const;

    // Weak: while the window is torn down, an open cell editor commits its text after the
    // session is gone.
    QPointer<WorkspaceSession> m_session;
    QPointer<DocumentEditor> m_document;
    int m_fileIndex;
    int m_documentIndex;
    QLabel *m_error;
};

// "a, b ,c" → {"a","b","c"}.
[[nodiscard]] QStringList splitList(const QString &text);

} // namespace gatehouse::ui
