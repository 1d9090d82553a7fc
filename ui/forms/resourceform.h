#pragma once

#include "model/model.h"
#include "yaml/yamlpath.h"
#include "yaml/yamlfile.h"

#include <QPointer>
#include <QWidget>

class QLabel;

namespace gatehouse::ui {

class DocumentEditor;
class WorkspaceSession;

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
    void showError(const QString &message);
    [[nodiscard]] WorkspaceSession *session() const { return m_session; }
    [[nodiscard]] const core::Model &model() const;
    [[nodiscard]] QLabel *errorLabel() const { return m_error; }
    // True while refresh() fills widgets (their change signals must not edit).
    bool m_refreshing = false;

private:
    void apply(const Result<QString> &text);

    WorkspaceSession *m_session;
    QPointer<DocumentEditor> m_document;
    int m_fileIndex;
    int m_documentIndex;
    QLabel *m_error;
};

// "a, b ,c" → {"a","b","c"}.
[[nodiscard]] QStringList splitList(const QString &text);

} // namespace gatehouse::ui
