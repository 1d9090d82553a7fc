#include "workspacesession.h"

#include "support/convert.h"

#include <QDir>
#include <QFileInfo>

namespace gatehouse::ui {

WorkspaceSession::WorkspaceSession(QObject *parent)
    : QObject(parent) {
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &WorkspaceSession::onFileChanged);
}

Status WorkspaceSession::openFolder(const QString &folder) {
    auto loaded = core::Workspace::openFolder(QDir(folder).absolutePath().toStdString());
    if (!loaded)
        return std::unexpected(loaded.error());
    adopt(std::move(*loaded), QFileInfo(folder).fileName());
    return {};
}

Result<int> WorkspaceSession::openFile(const QString &path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (const int existing = indexOf(absolute); existing >= 0)
        return existing;
    if (!m_open) {
        auto loaded = core::Workspace::openPaths({absolute.toStdString()});
        if (!loaded)
            return std::unexpected(loaded.error());
        adopt(std::move(*loaded), QFileInfo(absolute).fileName());
        return indexOf(absolute) >= 0 ? indexOf(absolute) : 0;
    }
    auto file = core::YamlFile::load(absolute.toStdString());
    if (!file)
        return std::unexpected(file.error());
    const int index = m_workspace.addFile(std::move(*file));
    m_diskTexts.append(fileText(index));
    m_watcher.addPath(absolute);
    rebuild();
    return index;
}

void WorkspaceSession::adopt(core::Workspace workspace, const QString &title) {
    m_workspace = std::move(workspace);
    m_open = true;
    m_title = title;
    m_diskTexts.clear();
    for (int i = 0; i < fileCount(); ++i)
        m_diskTexts.append(fileText(i));
    watchAll();
    m_model = m_workspace.buildModel();
    Q_EMIT workspaceReplaced();
    Q_EMIT modelChanged();
}

QString WorkspaceSession::root() const {
    return toQString(m_workspace.root());
}

int WorkspaceSession::fileCount() const {
    return int(m_workspace.files().size());
}

QString WorkspaceSession::filePath(int index) const {
    if (index < 0 || index >= fileCount())
        return {};
    return toQString(m_workspace.files()[size_t(index)].path());
}

QString WorkspaceSession::fileText(int index) const {
    if (index < 0 || index >= fileCount())
        return {};
    return toQString(m_workspace.files()[size_t(index)].text());
}

int WorkspaceSession::indexOf(const QString &path) const {
    return m_workspace.indexOf(QFileInfo(path).absoluteFilePath().toStdString());
}

void WorkspaceSession::setText(int index, const QString &text) {
    if (index < 0 || index >= fileCount() || fileText(index) == text)
        return;
    m_workspace.file(index).setText(text.toStdString());
    rebuild();
}

Result<QString> WorkspaceSession::textWithScalar(int index, int document,
                                                 const core::YamlPath &path, const QString &value,
                                                 core::ScalarStyle style) const {
    if (index < 0 || index >= fileCount())
        return fail("ui.file", "No such file in the workspace.");
    core::YamlFile copy = m_workspace.files()[size_t(index)];
    if (auto status = copy.setScalar(document, path, value.toStdString(), style); !status)
        return std::unexpected(status.error());
    return toQString(copy.text());
}

Result<QString> WorkspaceSession::textWithNode(int index, int document, const core::YamlPath &path,
                                               const YAML::Node &value) const {
    if (index < 0 || index >= fileCount())
        return fail("ui.file", "No such file in the workspace.");
    core::YamlFile copy = m_workspace.files()[size_t(index)];
    if (auto status = copy.setNode(document, path, value); !status)
        return std::unexpected(status.error());
    return toQString(copy.text());
}

Result<QString> WorkspaceSession::textWithout(int index, int document,
                                              const core::YamlPath &path) const {
    if (index < 0 || index >= fileCount())
        return fail("ui.file", "No such file in the workspace.");
    core::YamlFile copy = m_workspace.files()[size_t(index)];
    if (auto status = copy.remove(document, path); !status)
        return std::unexpected(status.error());
    return toQString(copy.text());
}

Status WorkspaceSession::save(int index) {
    if (index < 0 || index >= fileCount())
        return fail("ui.file", "No such file in the workspace.");
    if (auto status = m_workspace.save(index); !status)
        return status;
    m_diskTexts[index] = fileText(index);
    // An atomic save replaces the file: watch the new one.
    m_watcher.removePath(filePath(index));
    m_watcher.addPath(filePath(index));
    return {};
}

Result<QString> WorkspaceSession::reload(int index) {
    if (index < 0 || index >= fileCount())
        return fail("ui.file", "No such file in the workspace.");
    if (auto status = m_workspace.reload(index); !status)
        return std::unexpected(status.error());
    m_diskTexts[index] = fileText(index);
    m_watcher.removePath(filePath(index));
    m_watcher.addPath(filePath(index));
    rebuild();
    return fileText(index);
}

bool WorkspaceSession::changedOnDisk(int index) const {
    auto onDisk = core::YamlFile::load(filePath(index).toStdString());
    return !onDisk || toQString(onDisk->text()) != m_diskTexts.value(index);
}

void WorkspaceSession::rebuild() {
    m_model = m_workspace.buildModel();
    Q_EMIT modelChanged();
}

void WorkspaceSession::watchAll() {
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    QStringList paths;
    for (int i = 0; i < fileCount(); ++i) {
        if (QFileInfo::exists(filePath(i)))
            paths << filePath(i);
    }
    if (!paths.isEmpty())
        m_watcher.addPaths(paths);
}

void WorkspaceSession::onFileChanged(const QString &path) {
    const int index = indexOf(path);
    if (index < 0)
        return;
    // Editors that replace files (as our own atomic save does) drop the watch.
    if (QFileInfo::exists(path) && !m_watcher.files().contains(path))
        m_watcher.addPath(path);
    if (changedOnDisk(index))
        Q_EMIT externallyChanged(index);
}

} // namespace gatehouse::ui
