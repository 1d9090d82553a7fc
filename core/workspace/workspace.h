#pragma once

#include "common/result.h"
#include "model/model.h"
#include "yaml/yamlfile.h"

#include <string>
#include <vector>

namespace gatehouse::core {

// A workspace: a folder of YAML files (or a set of single files), each kept as
// text + parsed trees, and the typed Model built from all of them.
// Files on disk change only through save(). Not thread-safe: one owner thread;
// copies are independent snapshots (validation can run on a copy off the GUI thread).
class Workspace {
public:
    // Bounds on what a folder load reads (bounded input).
    static constexpr int MaxFiles = 5000;
    static constexpr int MaxDepth = 8;

    Workspace() = default;

    // Loads every *.yaml / *.yml below `folder` (hidden entries skipped), sorted by path.
    [[nodiscard]] static Result<Workspace> openFolder(const std::string &folder);
    // Loads the given files and folders ("-" reads standard input).
    [[nodiscard]] static Result<Workspace> openPaths(const std::vector<std::string> &paths);

    [[nodiscard]] const std::string &root() const { return m_root; }
    [[nodiscard]] const std::vector<YamlFile> &files() const { return m_files; }
    [[nodiscard]] YamlFile &file(int index) { return m_files[size_t(index)]; }
    [[nodiscard]] int indexOf(const std::string &path) const;
    // Adds a file (not yet on disk or already loaded elsewhere); returns its index.
    int addFile(YamlFile file);

    // The typed view of all files, rebuilt from their current text.
    [[nodiscard]] Model buildModel() const;

    // Writes file `index` atomically. Files holding private material (a Secret, a TLS
    // override, a private key PEM) are written 0600.
    [[nodiscard]] Status save(int index) const;
    // Re-reads file `index` from disk (an external change).
    [[nodiscard]] Status reload(int index);

private:
    std::string m_root;
    std::vector<YamlFile> m_files;
};

// True when the text holds private material (a PEM private key, a Secret or a
// TLS override ConfigMap with a key); such files are written 0600.
[[nodiscard]] bool holdsPrivateMaterial(const YamlFile &file);

} // namespace gatehouse::core
