#pragma once

#include "common/result.h"
#include "yamlpath.h"
#include "yamltree.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gatehouse::core {

// One YAML document ("---" section) of a file. Its tree is parsed from its own
// slice of the file text, so one broken document leaves the others usable.
struct YamlDocument {
    YamlTree tree;              // empty for an empty or broken document
    std::optional<Error> error; // set when the slice does not parse
    size_t begin = 0;           // byte range of the slice in YamlFile::text()
    size_t end = 0;
    int lineOffset = 0; // lines of the file before the slice
};

enum class ScalarStyle {
    Auto,   // plain when the text stays what it is, quoted otherwise
    String, // always read back as a string ("443" is quoted, 443 is not)
};

// A YAML file as text plus the trees parsed from it. The text is the truth: it is
// what is saved, so comments, key order and every field the model does not know
// survive. Edits change the text as little as they can (a scalar replaced in
// place), then the trees are parsed again.
//
// Two parsers, each where it is best: every document is read with libyaml into a
// compact YamlTree (fast; what the model and validation read), and a document that
// is looked up with find() or edited is parsed again with yaml-cpp on first use,
// because yaml-cpp's node API and emitter do the editing and writing.
// Not thread-safe; a YamlFile is used by one thread at a time (copies are independent).
class YamlFile {
public:
    // Files larger than this are refused before parsing (bounded input).
    static constexpr size_t MaxBytes = 16 * 1024 * 1024;

    YamlFile() = default;

    // Reads and parses a file. Fails only when the file cannot be read, is larger
    // than MaxBytes or is not text; YAML syntax errors are kept per document.
    [[nodiscard]] static Result<YamlFile> load(const std::string &path);
    // Parses text that claims to come from `path` (used for locations only).
    [[nodiscard]] static Result<YamlFile> fromText(std::string text, std::string path);

    [[nodiscard]] const std::string &path() const { return m_path; }
    [[nodiscard]] const std::string &text() const { return m_text; }
    [[nodiscard]] const std::vector<YamlDocument> &documents() const { return m_documents; }
    [[nodiscard]] bool hasErrors() const;
    // The first syntax error of any document, if any.
    [[nodiscard]] std::optional<Error> firstError() const;

    // File location (1-based line and column) of a node of document `doc`.
    [[nodiscard]] SourceLocation locationOf(int doc, const YamlNode &node) const;
    [[nodiscard]] SourceLocation locationOf(int doc, const YAML::Node &node) const;
    // Document `doc` as a yaml-cpp tree (parsed on first use; Undefined for an empty
    // or broken document). Handles share the cached tree; edit through the setters.
    [[nodiscard]] YAML::Node node(int doc) const;
    // The node at `path` in document `doc`, or an invalid/undefined node.
    [[nodiscard]] YAML::Node find(int doc, const YamlPath &path) const;

    // Sets the scalar at `path`, creating missing maps on the way. A scalar that
    // already exists is replaced in place in the text (comments and layout kept);
    // anything else re-emits that document from its edited tree.
    [[nodiscard]] Status setScalar(int doc, const YamlPath &path, std::string_view value,
                                   ScalarStyle style = ScalarStyle::Auto);
    // Replaces (or creates) the node at `path` with `value`. Appending to a block list
    // inserts the item's lines in place; anything else re-emits the document.
    [[nodiscard]] Status setNode(int doc, const YamlPath &path, const YAML::Node &value);
    // Removes the map key or sequence item at `path`: in place (just its lines) in a
    // block collection that keeps other entries, else by re-emitting the document.
    [[nodiscard]] Status remove(int doc, const YamlPath &path);
    // Replaces the whole text (the YAML view's edits); always succeeds, syntax errors
    // are kept per document.
    void setText(std::string text);
    // Appends a document emitted from `root`; returns its index.
    int appendDocument(const YAML::Node &root);

    // Emits a tree as block YAML text (used for new documents and structural edits).
    [[nodiscard]] static std::string emit(const YAML::Node &root);
    // How `value` is written as a scalar in `style` (quoted only when needed).
    [[nodiscard]] static std::string scalarText(std::string_view value, ScalarStyle style);

private:
    void reparse();
    [[nodiscard]] Result<YAML::Node> editableRoot(int doc) const;
    // Start of the line holding the "-" of item `index` of the block list `seq`.
    [[nodiscard]] std::optional<size_t> itemLineStart(size_t begin, size_t limit,
                                                      const YAML::Node &seq, size_t index) const;
    // Replaces text [from, to) when the document then parses to `expected`; otherwise
    // leaves everything as it was and returns false.
    bool replaceTextChecked(int doc, size_t from, size_t to, const std::string &with,
                            const YAML::Node &expected);
    [[nodiscard]] Status
    replaceDocumentTree(int doc, const YAML::Node &root,
                        const std::pair<std::string, std::string> &substitute = {});

    std::string m_path;
    std::string m_text;
    std::vector<YamlDocument> m_documents;
    // yaml-cpp trees of the documents, parsed on first use (see node()).
    mutable std::vector<std::optional<YAML::Node>> m_nodes;
};

} // namespace gatehouse::core
