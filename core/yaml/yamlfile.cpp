#include "yamlfile.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <sys/stat.h>
#include <thread>

namespace gatehouse::core {

namespace {

struct Slice {
    size_t begin;
    size_t end;
    int lineOffset;
};

bool isDocumentMarker(std::string_view line) {
    // "---" at the start of a line, followed by nothing or white space, always
    // starts a new document (YAML 1.2, c-forbidden); content may follow on the line.
    if (line.size() < 3 || line.substr(0, 3) != "---")
        return false;
    return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

std::vector<Slice> splitDocuments(const std::string &text) {
    std::vector<Slice> slices;
    size_t start = 0;
    int startLine = 0;
    size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        const size_t lineEnd = nl == std::string::npos ? text.size() : nl;
        if (isDocumentMarker(std::string_view(text).substr(pos, lineEnd - pos)) && pos > start) {
            slices.push_back({start, pos, startLine});
            start = pos;
            startLine = line;
        }
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++line;
    }
    if (start < text.size() || slices.empty())
        slices.push_back({start, text.size(), startLine});
    return slices;
}

bool onlyBlankOrComments(std::string_view s) {
    size_t pos = 0;
    while (pos < s.size()) {
        size_t nl = s.find('\n', pos);
        std::string_view line = s.substr(pos, nl == std::string_view::npos ? s.npos : nl - pos);
        const size_t first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && line[first] != '#' &&
            !(line.substr(first, 3) == "---" &&
              line.find_first_not_of(" \t\r", first + 3) == std::string_view::npos))
            return false;
        if (nl == std::string_view::npos)
            break;
        pos = nl + 1;
    }
    return true;
}

// Resolves `path` in `root` without creating anything; sets `inFlow` when any
// collection on the way (or the target's parent) is written in flow style.
YAML::Node walk(const YAML::Node &root, const YamlPath &path, bool *inFlow = nullptr) {
    YAML::Node cur = root;
    bool flow = false;
    for (const auto &step : path.steps()) {
        if (!cur.IsDefined() || cur.IsNull())
            return YAML::Node(YAML::NodeType::Undefined);
        if (cur.Style() == YAML::EmitterStyle::Flow)
            flow = true;
        if (const auto *i = std::get_if<int>(&step)) {
            if (!cur.IsSequence() || *i < 0 || size_t(*i) >= cur.size())
                return YAML::Node(YAML::NodeType::Undefined);
            const YAML::Node &c = cur;
            YAML::Node next = c[size_t(*i)];
            cur.reset(next);
        } else {
            if (!cur.IsMap())
                return YAML::Node(YAML::NodeType::Undefined);
            const YAML::Node &c = cur;
            YAML::Node next = c[std::get<std::string>(step)];
            if (!next.IsDefined())
                return next;
            cur.reset(next);
        }
    }
    if (inFlow)
        *inFlow = flow;
    return cur;
}

// Makes the path exist in a (cloned) tree and returns the node at its end.
Result<YAML::Node> materialise(YAML::Node root, const YamlPath &path) {
    YAML::Node cur = root;
    for (const auto &step : path.steps()) {
        if (const auto *i = std::get_if<int>(&step)) {
            if (cur.IsNull() || !cur.IsDefined())
                cur = YAML::Node(YAML::NodeType::Sequence);
            if (!cur.IsSequence())
                return fail("yaml.path",
                            "cannot index into a non-list at '" + path.toString() + "'");
            if (*i < 0 || size_t(*i) > cur.size())
                return fail("yaml.path", "list index out of range at '" + path.toString() + "'");
            if (size_t(*i) == cur.size())
                cur.push_back(YAML::Node(YAML::NodeType::Null));
            YAML::Node next = cur[size_t(*i)];
            cur.reset(next);
        } else {
            if (!cur.IsDefined() || cur.IsNull())
                cur = YAML::Node(YAML::NodeType::Map);
            if (!cur.IsMap())
                return fail("yaml.path",
                            "cannot set a key on a non-map at '" + path.toString() + "'");
            YAML::Node next = cur[std::get<std::string>(step)];
            cur.reset(next);
        }
    }
    return cur;
}

// Extent [begin, end) of the scalar token starting at `pos`, or npos when it is
// not a form we can replace in place (block scalars, aliases, tags).
std::pair<size_t, size_t> scalarExtent(const std::string &text, size_t pos, bool inFlow) {
    constexpr auto npos = std::string::npos;
    if (pos >= text.size())
        return {npos, npos};
    const char c = text[pos];
    if (c == '|' || c == '>' || c == '*' || c == '&' || c == '!')
        return {npos, npos};
    if (c == '"') {
        size_t i = pos + 1;
        while (i < text.size() && text[i] != '"')
            i += text[i] == '\\' ? 2 : 1;
        return i < text.size() ? std::pair{pos, i + 1} : std::pair{npos, npos};
    }
    if (c == '\'') {
        size_t i = pos + 1;
        while (i < text.size()) {
            if (text[i] == '\'') {
                if (i + 1 < text.size() && text[i + 1] == '\'') {
                    i += 2;
                    continue;
                }
                return {pos, i + 1};
            }
            ++i;
        }
        return {npos, npos};
    }
    size_t i = pos;
    while (i < text.size() && text[i] != '\n') {
        if (text[i] == '#' && i > pos && (text[i - 1] == ' ' || text[i - 1] == '\t'))
            break;
        if (inFlow && (text[i] == ',' || text[i] == ']' || text[i] == '}'))
            break;
        if (text[i] == ':' && (i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'))
            break;
        ++i;
    }
    while (i > pos && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\r'))
        --i;
    return {pos, i};
}

bool resolvesToNonString(std::string_view s) {
    static const std::regex special(
        R"(^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?(0|[1-9][0-9_]*)|0o?[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$)");
    return s.empty() || std::regex_match(s.begin(), s.end(), special);
}

// Start of the line that holds `pos`.
size_t lineStartOf(const std::string &text, size_t pos) {
    const size_t nl = pos == 0 ? std::string::npos : text.rfind('\n', pos - 1);
    return nl == std::string::npos ? 0 : nl + 1;
}

// Start of the line after the one at `pos` (or `limit`).
size_t nextLineStart(const std::string &text, size_t pos, size_t limit) {
    const size_t nl = text.find('\n', pos);
    return nl == std::string::npos || nl + 1 > limit ? limit : nl + 1;
}

// The lines of a block collection entry that starts on the line at `lineStart` and
// whose indicator ("-" or the key) stands in `column`: that line plus every following
// line indented deeper (blank lines only between such lines). Comments at the entry's
// own indentation belong to what follows.
size_t entryEnd(const std::string &text, size_t lineStart, int column, size_t limit) {
    size_t pos = nextLineStart(text, lineStart, limit);
    size_t end = pos;
    while (pos < limit) {
        const size_t next = nextLineStart(text, pos, limit);
        const std::string_view line(text.data() + pos, next - pos);
        const size_t first = line.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos) {
            if (int(first) <= column)
                break;
            end = next;
        }
        pos = next;
    }
    return end;
}

// `block` (emitted YAML, one or more lines) as a sequence item whose "-" stands in `column`.
std::string asSequenceItem(const std::string &block, int column) {
    std::string out;
    const std::string indent(size_t(column), ' ');
    size_t pos = 0;
    bool first = true;
    while (pos < block.size()) {
        size_t nl = block.find('\n', pos);
        if (nl == std::string::npos)
            nl = block.size();
        out += indent;
        out += first ? "- " : "  ";
        out.append(block, pos, nl - pos);
        out += '\n';
        first = false;
        pos = nl + 1;
    }
    return out;
}

} // namespace

Result<YamlFile> YamlFile::load(const std::string &path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return fail("input.unreadable", "cannot read '" + path + "': no such file", {},
                    SourceLocation{path});
    if (S_ISDIR(st.st_mode))
        return fail("input.unreadable", "'" + path + "' is a folder, not a file", {},
                    SourceLocation{path});
    if (size_t(st.st_size) > MaxBytes)
        return fail("input.too-large",
                    "file is " + std::to_string(st.st_size / (1024 * 1024)) +
                        " MiB; the limit is " + std::to_string(MaxBytes / (1024 * 1024)) +
                        " MiB per file",
                    {}, SourceLocation{path, 1, 1});
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail("input.unreadable", "cannot open '" + path + "' for reading", {},
                    SourceLocation{path});
    std::string text;
    text.resize(size_t(st.st_size));
    in.read(text.data(), std::streamsize(text.size()));
    text.resize(size_t(in.gcount()));
    return fromText(std::move(text), path);
}

Result<YamlFile> YamlFile::fromText(std::string text, std::string path) {
    if (text.size() > MaxBytes)
        return fail("input.too-large",
                    "input is larger than " + std::to_string(MaxBytes / (1024 * 1024)) + " MiB", {},
                    SourceLocation{path, 1, 1});
    if (const size_t nul = text.find('\0'); nul != std::string::npos) {
        const int line = int(std::count(text.begin(), text.begin() + long(nul), '\n')) + 1;
        return fail("input.binary", "not a text file (NUL byte found); expected YAML", {},
                    SourceLocation{path, line, 1});
    }
    YamlFile f;
    f.m_path = std::move(path);
    f.m_text = std::move(text);
    f.reparse();
    return f;
}

namespace {

void parseDocument(const std::string &text, const std::string &path, YamlDocument &d) {
    const std::string_view body = std::string_view(text).substr(d.begin, d.end - d.begin);
    if (onlyBlankOrComments(body))
        return;
    auto tree = YamlTree::parse(body);
    if (!tree) {
        Error e = std::move(tree.error());
        e.location.file = path;
        e.location.line += d.lineOffset + 1;
        e.location.column += 1;
        d.error = std::move(e);
        return;
    }
    d.tree = std::move(*tree);
}

} // namespace

void YamlFile::reparse() {
    m_documents.clear();
    m_nodes.clear();
    for (const Slice &s : splitDocuments(m_text)) {
        YamlDocument d;
        d.begin = s.begin;
        d.end = s.end;
        d.lineOffset = s.lineOffset;
        m_documents.push_back(std::move(d));
    }
    // Documents parse independently; a large stream is split over the cores.
    const size_t n = m_documents.size();
    const size_t threads =
        n < 64 ? 1 : std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
    if (threads <= 1) {
        for (YamlDocument &d : m_documents)
            parseDocument(m_text, m_path, d);
        m_nodes.resize(n);
        return;
    }
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) {
        pool.emplace_back([this, t, threads, n] {
            for (size_t i = t; i < n; i += threads)
                parseDocument(m_text, m_path, m_documents[i]);
        });
    }
    for (std::thread &th : pool)
        th.join();
    m_nodes.resize(m_documents.size());
}

bool YamlFile::hasErrors() const {
    return std::any_of(m_documents.begin(), m_documents.end(),
                       [](const YamlDocument &d) { return d.error.has_value(); });
}

std::optional<Error> YamlFile::firstError() const {
    for (const YamlDocument &d : m_documents) {
        if (d.error)
            return d.error;
    }
    return std::nullopt;
}

SourceLocation YamlFile::locationOf(int doc, const YamlNode &node) const {
    SourceLocation loc{m_path};
    if (doc < 0 || size_t(doc) >= m_documents.size() || !node.isDefined())
        return loc;
    loc.line = node.line() + m_documents[size_t(doc)].lineOffset + 1;
    loc.column = node.column() + 1;
    return loc;
}

SourceLocation YamlFile::locationOf(int doc, const YAML::Node &node) const {
    SourceLocation loc{m_path};
    // Undefined nodes (a missing key) have no place; Mark() would throw on them.
    if (doc < 0 || size_t(doc) >= m_documents.size() || !node.IsDefined())
        return loc;
    const YAML::Mark m = node.Mark();
    if (m.line < 0)
        return loc;
    loc.line = m.line + m_documents[size_t(doc)].lineOffset + 1;
    loc.column = m.column + 1;
    return loc;
}

YAML::Node YamlFile::node(int doc) const {
    if (doc < 0 || size_t(doc) >= m_documents.size())
        return YAML::Node(YAML::NodeType::Undefined);
    std::optional<YAML::Node> &cached = m_nodes[size_t(doc)];
    if (!cached) {
        const YamlDocument &d = m_documents[size_t(doc)];
        cached = YAML::Node(YAML::NodeType::Undefined);
        if (!d.error && !d.tree.empty()) {
            try {
                cached = YAML::Load(m_text.substr(d.begin, d.end - d.begin));
            } catch (const YAML::Exception &) {
                // libyaml read it, yaml-cpp does not: editableRoot() reports it.
            }
        }
    }
    return *cached;
}

Result<YAML::Node> YamlFile::editableRoot(int doc) const {
    if (doc < 0 || size_t(doc) >= m_documents.size())
        return fail("yaml.document", "no document " + std::to_string(doc) + " in " + m_path);
    const YamlDocument &d = m_documents[size_t(doc)];
    if (d.error)
        return std::unexpected(*d.error);
    if (d.tree.empty())
        return YAML::Node(YAML::NodeType::Null);
    const YAML::Node root = node(doc);
    if (!root.IsDefined())
        return fail("yaml.syntax",
                    "this document uses YAML that Gatehouse cannot edit; edit it as text", {},
                    SourceLocation{m_path, d.lineOffset + 1, 1});
    return root;
}

YAML::Node YamlFile::find(int doc, const YamlPath &path) const {
    return walk(node(doc), path);
}

std::string YamlFile::scalarText(std::string_view value, ScalarStyle style) {
    YAML::Emitter e;
    if (style == ScalarStyle::String && resolvesToNonString(value))
        e << YAML::DoubleQuoted;
    e << std::string(value);
    return e.c_str();
}

std::string YamlFile::emit(const YAML::Node &root) {
    YAML::Emitter e;
    e.SetIndent(2);
    e.SetSeqFormat(YAML::Block);
    e << root;
    std::string out = e.c_str();
    if (!out.empty() && out.back() != '\n')
        out += '\n';
    return out;
}

Status YamlFile::setScalar(int doc, const YamlPath &path, std::string_view value,
                           ScalarStyle style) {
    auto current = editableRoot(doc);
    if (!current)
        return std::unexpected(current.error());
    const size_t docBegin = m_documents[size_t(doc)].begin;
    const size_t docEnd = m_documents[size_t(doc)].end;

    bool inFlow = false;
    const YAML::Node node = walk(*current, path, &inFlow);
    if (node.IsDefined() && node.IsScalar() && node.Mark().pos >= 0) {
        const size_t pos = docBegin + size_t(node.Mark().pos);
        const auto [b, e] = scalarExtent(m_text, pos, inFlow);
        if (b != std::string::npos && e <= docEnd) {
            // Only when the token we found really is this scalar's text.
            bool same = false;
            try {
                const YAML::Node check = YAML::Load(m_text.substr(b, e - b));
                same = check.IsScalar() && check.Scalar() == node.Scalar();
            } catch (const YAML::Exception &) {
                same = false;
            }
            if (same) {
                const std::string before = m_text;
                m_text.replace(b, e - b, scalarText(value, style));
                reparse();
                if (!hasErrors() || YamlFile::fromText(before, m_path)->hasErrors())
                    return {};
                m_text = before; // never leave the file broken by an edit
                reparse();
            }
        }
    }
    YAML::Node root = YAML::Clone(*current);
    auto target = materialise(root, path);
    if (!target)
        return std::unexpected(target.error());
    // The emitter cannot be told to quote one scalar, so a unique placeholder is
    // emitted and then replaced by the scalar's exact text.
    static constexpr std::string_view placeholder = "gatehouse-scalar-placeholder-7f3a9c";
    YAML::Node t = *target;
    t = std::string(placeholder);
    return replaceDocumentTree(doc, root, {std::string(placeholder), scalarText(value, style)});
}

Status YamlFile::setNode(int doc, const YamlPath &path, const YAML::Node &value) {
    auto current = editableRoot(doc);
    if (!current)
        return std::unexpected(current.error());
    if (path.isEmpty())
        return replaceDocumentTree(doc, YAML::Clone(value));
    YAML::Node root = YAML::Clone(*current);
    auto target = materialise(root, path);
    if (!target)
        return std::unexpected(target.error());
    YAML::Node t = *target;
    t = YAML::Clone(value);
    // Appending to a block list: insert the item's lines after the last item, so the
    // rest of the document (comments, layout) stays as it is.
    if (const auto *i = std::get_if<int>(&path.steps().back())) {
        const YAML::Node seq = walk(*current, path.parent());
        if (seq.IsDefined() && seq.IsSequence() && seq.size() > 0 && size_t(*i) == seq.size() &&
            seq.Style() != YAML::EmitterStyle::Flow && seq.Mark().pos >= 0) {
            const size_t begin = m_documents[size_t(doc)].begin;
            const size_t limit = m_documents[size_t(doc)].end;
            if (auto last = itemLineStart(begin, limit, seq, seq.size() - 1)) {
                const size_t at = entryEnd(m_text, *last, seq.Mark().column, limit);
                std::string item = asSequenceItem(emit(value), seq.Mark().column);
                if (at > 0 && m_text[at - 1] != '\n')
                    item.insert(0, "\n");
                if (replaceTextChecked(doc, at, at, item, root))
                    return {};
            }
        }
    }
    return replaceDocumentTree(doc, root);
}

Status YamlFile::remove(int doc, const YamlPath &path) {
    auto current = editableRoot(doc);
    if (!current)
        return std::unexpected(current.error());
    if (path.isEmpty())
        return fail("yaml.path", "cannot remove the document root");
    YAML::Node root = YAML::Clone(*current);
    YAML::Node parent = walk(root, path.parent());
    if (!parent.IsDefined())
        return fail("yaml.path", "nothing at '" + path.toString() + "'");
    const auto &last = path.steps().back();
    if (const auto *i = std::get_if<int>(&last)) {
        if (!parent.IsSequence() || *i < 0 || size_t(*i) >= parent.size())
            return fail("yaml.path", "nothing at '" + path.toString() + "'");
        YAML::Node copy(YAML::NodeType::Sequence);
        copy.SetStyle(parent.Style());
        for (size_t k = 0; k < parent.size(); ++k) {
            if (k != size_t(*i))
                copy.push_back(parent[k]);
        }
        parent = copy;
    } else {
        if (!parent.IsMap() || !parent.remove(std::get<std::string>(last)))
            return fail("yaml.path", "nothing at '" + path.toString() + "'");
    }
    // In a block collection with other entries left, delete just the entry's lines.
    const size_t begin = m_documents[size_t(doc)].begin;
    const size_t limit = m_documents[size_t(doc)].end;
    const YAML::Node was = walk(*current, path.parent());
    if (was.Style() != YAML::EmitterStyle::Flow && was.size() > 1) {
        std::optional<size_t> from;
        int column = -1;
        if (const auto *i = std::get_if<int>(&last)) {
            from = itemLineStart(begin, limit, was, size_t(*i));
            column = was.Mark().column;
        } else {
            for (auto it = was.begin(); it != was.end(); ++it) {
                if (!it->first.IsScalar() || it->first.Scalar() != std::get<std::string>(last))
                    continue;
                const YAML::Mark m = it->first.Mark();
                const size_t keyPos = begin + size_t(m.pos);
                const size_t ls = lineStartOf(m_text, keyPos);
                // Only a key that starts its line (not the first key after "- ").
                if (m.pos >= 0 && keyPos - ls == size_t(m.column) &&
                    m_text.find_first_not_of(' ', ls) == keyPos) {
                    from = ls;
                    column = m.column;
                }
                break;
            }
        }
        if (from &&
            replaceTextChecked(doc, *from, entryEnd(m_text, *from, column, limit), {}, root))
            return {};
    }
    return replaceDocumentTree(doc, root);
}

std::optional<size_t> YamlFile::itemLineStart(size_t begin, size_t limit, const YAML::Node &seq,
                                              size_t index) const {
    const YAML::Node item = seq[index];
    if (!item.IsDefined() || item.Mark().pos < 0)
        return std::nullopt;
    const int column = seq.Mark().column;
    // The item's "-" is on the item's first line or, for "-" alone on a line, above it.
    size_t ls = lineStartOf(m_text, begin + size_t(item.Mark().pos));
    while (true) {
        const size_t first = m_text.find_first_not_of(' ', ls);
        if (first != std::string::npos && first - ls == size_t(column) && m_text[first] == '-')
            return ls;
        if (ls <= begin)
            return std::nullopt;
        ls = lineStartOf(m_text, ls - 1);
        if (ls < begin || ls >= limit)
            return std::nullopt;
    }
}

bool YamlFile::replaceTextChecked(int doc, size_t from, size_t to, const std::string &with,
                                  const YAML::Node &expected) {
    const std::string before = m_text;
    m_text.replace(from, to - from, with);
    reparse();
    bool same = false;
    if (!hasErrors() && size_t(doc) < m_documents.size()) {
        const YAML::Node now = node(doc);
        same = now.IsDefined() && emit(now) == emit(expected);
    }
    if (!same) {
        m_text = before;
        reparse();
    }
    return same;
}

Status YamlFile::replaceDocumentTree(int doc, const YAML::Node &root,
                                     const std::pair<std::string, std::string> &substitute) {
    const YamlDocument &d = m_documents[size_t(doc)];
    std::string prefix;
    // Keep a leading "---" line (and any comment lines before the content).
    size_t pos = d.begin;
    while (pos < d.end) {
        const size_t nl = m_text.find('\n', pos);
        const size_t lineEnd = nl == std::string::npos || nl > d.end ? d.end : nl;
        const std::string_view line(m_text.data() + pos, lineEnd - pos);
        const size_t first = line.find_first_not_of(" \t\r");
        const bool keep = first == std::string_view::npos || line[first] == '#' ||
                          (line.substr(0, 3) == "---" && line.size() == 3);
        if (!keep)
            break;
        pos = lineEnd == d.end ? d.end : lineEnd + 1;
    }
    prefix = m_text.substr(d.begin, pos - d.begin);
    std::string body = emit(root);
    if (!substitute.first.empty()) {
        if (const size_t at = body.find(substitute.first); at != std::string::npos)
            body.replace(at, substitute.first.size(), substitute.second);
    }
    const std::string before = m_text;
    m_text.replace(d.begin, d.end - d.begin, prefix + body);
    reparse();
    if (hasErrors() && !YamlFile::fromText(before, m_path)->hasErrors()) {
        m_text = before;
        reparse();
        return fail("yaml.emit", "the edited document could not be written back as YAML");
    }
    return {};
}

void YamlFile::setText(std::string text) {
    m_text = std::move(text);
    reparse();
}

int YamlFile::appendDocument(const YAML::Node &root) {
    if (!m_text.empty() && m_text.back() != '\n')
        m_text += '\n';
    if (!onlyBlankOrComments(m_text))
        m_text += "---\n";
    m_text += emit(root);
    reparse();
    return int(m_documents.size()) - 1;
}

} // namespace gatehouse::core
