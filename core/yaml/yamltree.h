#pragma once

#include "common/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::core {

enum class YamlType : std::uint8_t { Undefined, Null, Scalar, Sequence, Map };

class YamlTree;

// A read-only handle on one node of a YamlTree: two words, cheap to copy, valid
// while its tree lives. A default or missing node is Undefined; every accessor is
// safe on it (no exceptions, unlike yaml-cpp's Mark() on an undefined node).
class YamlNode {
public:
    YamlNode() = default;

    [[nodiscard]] YamlType type() const;
    [[nodiscard]] bool isDefined() const { return type() != YamlType::Undefined; }
    [[nodiscard]] bool isNull() const { return type() == YamlType::Null; }
    [[nodiscard]] bool isScalar() const { return type() == YamlType::Scalar; }
    [[nodiscard]] bool isSequence() const { return type() == YamlType::Sequence; }
    [[nodiscard]] bool isMap() const { return type() == YamlType::Map; }
    // Written in flow style ({...} or [...]).
    [[nodiscard]] bool isFlow() const;

    // The scalar's value as parsed (quotes and escapes resolved); empty otherwise.
    [[nodiscard]] std::string_view scalar() const;
    // Items of a sequence, pairs of a map, 0 otherwise.
    [[nodiscard]] size_t size() const;
    // Item i of a sequence (Undefined when out of range or not a sequence).
    [[nodiscard]] YamlNode operator[](size_t i) const;
    // The value of the first pair whose key is the scalar `key` (Undefined if none).
    [[nodiscard]] YamlNode operator[](std::string_view key) const;
    [[nodiscard]] YamlNode operator[](const char *key) const {
        return (*this)[std::string_view(key)];
    }
    // Key and value of pair i of a map.
    [[nodiscard]] YamlNode keyAt(size_t i) const { return pairPart(i, 0); }
    [[nodiscard]] YamlNode valueAt(size_t i) const { return pairPart(i, 1); }

    // 0-based line and column of the node's first character in the parsed text
    // (-1 for an undefined node). A block map starts at its first key, a block
    // sequence at its first "-".
    [[nodiscard]] int line() const;
    [[nodiscard]] int column() const;

private:
    friend class YamlTree;
    [[nodiscard]] YamlNode pairPart(size_t i, size_t part) const;
    YamlNode(const YamlTree *tree, std::uint32_t index)
        : m_tree(tree)
        , m_index(index) {}

    const YamlTree *m_tree = nullptr;
    std::uint32_t m_index = 0;
};

// One YAML document parsed with libyaml into a compact, immutable tree: nodes in
// one array, children in another, scalar text in one string. It is the read path
// of every workspace file (the model reads it); yaml-cpp is used where a tree is
// edited and emitted (YamlFile::node). Aliases point at their anchored node, as in
// yaml-cpp; plain "", "~" and null/Null/NULL are Null, as in yaml-cpp.
class YamlTree {
public:
    // Deeper nesting is refused as a syntax error (bounded work for hostile input).
    static constexpr int MaxDepth = 512;

    YamlTree() = default;

    // Parses the first document of `text`. An error carries a 0-based line and
    // column in `location` (the caller makes them file-relative).
    [[nodiscard]] static Result<YamlTree> parse(std::string_view text);

    // The document's root (Undefined for an empty document).
    [[nodiscard]] YamlNode root() const;
    [[nodiscard]] bool empty() const { return m_nodes.empty(); }

private:
    friend class YamlNode;
    friend class YamlTreeBuilder;

    struct Item {
        YamlType type = YamlType::Undefined;
        bool flow = false;
        std::uint32_t line = 0;
        std::uint32_t column = 0;
        std::uint32_t begin = 0; // scalar: offset in m_text; collection: offset in m_children
        std::uint32_t count = 0; // scalar: bytes; sequence: items; map: pairs
    };

    std::vector<Item> m_nodes;
    std::vector<std::uint32_t> m_children;
    std::string m_text;
};

} // namespace gatehouse::core
