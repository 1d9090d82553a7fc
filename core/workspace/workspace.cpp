#include "workspace.h"

#include "atomicfile.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace gatehouse::core {

namespace fs = std::filesystem;

namespace {

bool isYamlName(const fs::path &p) {
    const std::string ext = p.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

Status collect(const fs::path &folder, std::vector<std::string> &out) {
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        return fail("input.unreadable", "cannot read folder '" + folder.string() + "'",
                    ec.message(), SourceLocation{folder.string()});
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            return fail("input.unreadable", "cannot read folder '" + folder.string() + "'",
                        ec.message(), SourceLocation{folder.string()});
        const fs::path &p = it->path();
        const std::string name = p.filename().string();
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory(ec))
                it.disable_recursion_pending();
            continue;
        }
        if (it.depth() >= Workspace::MaxDepth && it->is_directory(ec)) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec) && isYamlName(p)) {
            if (out.size() >= size_t(Workspace::MaxFiles))
                return fail("input.too-many-files",
                            "folder '" + folder.string() + "' has more than " +
                                std::to_string(Workspace::MaxFiles) + " YAML files",
                            {}, SourceLocation{folder.string()});
            out.push_back(p.string());
        }
    }
    return {};
}

} // namespace

Result<Workspace> Workspace::openFolder(const std::string &folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return fail("input.unreadable", "'" + folder + "' is not a folder", {},
                    SourceLocation{folder});
    std::vector<std::string> paths;
    if (auto s = collect(folder, paths); !s)
        return std::unexpected(s.error());
    std::sort(paths.begin(), paths.end());
    Workspace w;
    w.m_root = fs::absolute(folder, ec).lexically_normal().string();
    for (const std::string &p : paths) {
        auto f = YamlFile::load(p);
        if (!f)
            return std::unexpected(f.error());
        w.m_files.push_back(std::move(*f));
    }
    return w;
}

Result<Workspace> Workspace::openPaths(const std::vector<std::string> &paths) {
    Workspace w;
    for (const std::string &p : paths) {
        if (p == "-") {
            std::string text;
            char buf[65536];
            while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
                text.append(buf, size_t(std::cin.gcount()));
                if (text.size() > YamlFile::MaxBytes)
                    return fail("input.too-large",
                                "standard input is larger than " +
                                    std::to_string(YamlFile::MaxBytes >> 20) + " MiB",
                                {}, SourceLocation{"<stdin>", 1, 1});
            }
            auto f = YamlFile::fromText(std::move(text), "<stdin>");
            if (!f)
                return std::unexpected(f.error());
            w.m_files.push_back(std::move(*f));
            continue;
        }
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            auto sub = openFolder(p);
            if (!sub)
                return std::unexpected(sub.error());
            if (w.m_root.empty())
                w.m_root = sub->m_root;
            std::move(sub->m_files.begin(), sub->m_files.end(), std::back_inserter(w.m_files));
            continue;
        }
        auto f = YamlFile::load(p);
        if (!f)
            return std::unexpected(f.error());
        w.m_files.push_back(std::move(*f));
    }
    return w;
}

int Workspace::indexOf(const std::string &path) const {
    for (size_t i = 0; i < m_files.size(); ++i) {
        if (m_files[i].path() == path)
            return int(i);
    }
    return -1;
}

int Workspace::addFile(YamlFile file) {
    m_files.push_back(std::move(file));
    return int(m_files.size()) - 1;
}

Model Workspace::buildModel() const {
    Model m;
    for (size_t i = 0; i < m_files.size(); ++i)
        m.addFile(m_files[i], int(i));
    return m;
}

bool holdsPrivateMaterial(const YamlFile &file) {
    const std::string &t = file.text();
    if (t.find("PRIVATE KEY-----") != std::string::npos)
        return true;
    Model m;
    m.addFile(file, 0);
    if (!m.secrets.empty())
        return true;
    return std::any_of(m.configMaps.begin(), m.configMaps.end(), [](const ConfigMap &c) {
        return c.data.find(ConfigMap::TlsKeyKey) != nullptr;
    });
}

Status Workspace::save(int index) const {
    if (index < 0 || size_t(index) >= m_files.size())
        return fail("workspace.index", "no file " + std::to_string(index) + " in the workspace");
    const YamlFile &f = m_files[size_t(index)];
    return writeFileAtomically(
        f.path(), f.text(), holdsPrivateMaterial(f) ? FileSecrecy::Private : FileSecrecy::Public);
}

Status Workspace::reload(int index) {
    if (index < 0 || size_t(index) >= m_files.size())
        return fail("workspace.index", "no file " + std::to_string(index) + " in the workspace");
    auto f = YamlFile::load(m_files[size_t(index)].path());
    if (!f)
        return std::unexpected(f.error());
    m_files[size_t(index)] = std::move(*f);
    return {};
}

} // namespace gatehouse::core
