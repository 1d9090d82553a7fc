#pragma once

#include "common/result.h"
#include "model/model.h"
#include "workspace/workspace.h"
#include "yaml/yamlpath.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QStringList>

#include <optional>

namespace gatehouse::ui {

// The open workspace as the window sees it: core's Workspace (the files' current text,
// saved or not) and the Model built from it, plus file watching for external changes.
// All reading, parsing, editing and saving is core's; this class only keeps them in
// step with the editors. GUI thread only.
class WorkspaceSession final : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceSession(QObject *parent = nullptr);

    // Replaces the open workspace with the folder's YAML files.
    [[nodiscard]] Status openFolder(const QString &folder);
    // Adds one file (opening a workspace of just that file when none is open). Returns
    // the file's index.
    [[nodiscard]] Result<int> openFile(const QString &path);
    // Replaces the workspace with an already loaded one (the embedded demo).
    void adopt(core::Workspace workspace, const QString &title);

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QString title() const { return m_title; }
    [[nodiscard]] QString root() const;
    [[nodiscard]] const core::Workspace &workspace() const { return m_workspace; }
    [[nodiscard]] const core::Model &model() const { return m_model; }
    [[nodiscard]] int fileCount() const;
    [[nodiscard]] QString filePath(int index) const;
    [[nodiscard]] QString fileText(int index) const;
    [[nodiscard]] int indexOf(const QString &path) const;

    // The editor's text for file `index` (typing, undo, form edits landing in the text).
    // Re-parses that file and rebuilds the model.
    void setText(int index, const QString &text);

    // The text file `index` would have after a form edit; the caller applies it to the
    // editor so the edit is undoable there. Nothing changes here.
    [[nodiscard]] Result<QString>
    textWithScalar(int index, int document, const core::YamlPath &path, const QString &value,
                   core::ScalarStyle style = core::ScalarStyle::Auto) const;
    [[nodiscard]] Result<QString> textWithNode(int index, int document, const core::YamlPath &path,
                                               const YAML::Node &value) const;
    [[nodiscard]] Result<QString> textWithout(int index, int document,
                                              const core::YamlPath &path) const;

    // Writes file `index` atomically through core.
    [[nodiscard]] Status save(int index);
    // Re-reads file `index` from disk; returns its new text.
    [[nodiscard]] Result<QString> reload(int index);
    // Whether the file on disk differs from what was last loaded or saved.
    [[nodiscard]] bool changedOnDisk(int index) const;

Q_SIGNALS:
    // The model was rebuilt (a file's text changed, a file was added or reloaded).
    void modelChanged();
    // The workspace was replaced (open folder, demo).
    void workspaceReplaced();
    // A file changed on disk by someone else.
    void externallyChanged(int index);

private:
    void rebuild();
    void watchAll();
    void onFileChanged(const QString &path);

    core::Workspace m_workspace;
    core::Model m_model;
    bool m_open = false;
    QString m_title;
    QStringList m_diskTexts; // per file: the text as last loaded or saved
    QFileSystemWatcher m_watcher;
};

} // namespace gatehouse::ui
