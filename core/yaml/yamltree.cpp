#include "yamltree.h"

#include <yaml.h>

#include <limits>
#include <optional>
#include <unordered_map>

namespace gatehouse::core {

YamlType YamlNode::type() const {
    return m_tree ? m_tree->m_nodes[m_index].type : YamlType::Undefined;
}

bool YamlNode::isFlow() const {
    return m_tree && m_tree->m_nodes[m_index].flow;
}

std::string_view YamlNode::scalar() const {
    if (!m_tree)
        return {};
    const YamlTree::Item &it = m_tree->m_nodes[m_index];
    if (it.type != YamlType::Scalar)
        return {};
    return std::string_view(m_tree->m_text).substr(it.begin, it.count);
}

size_t YamlNode::size() const {
    if (!m_tree)
        return 0;
    const YamlTree::Item &it = m_tree->m_nodes[m_index];
    return it.type == YamlType::Sequence || it.type == YamlType::Map ? it.count : 0;
}

YamlNode YamlNode::operator[](size_t i) const {
    if (!m_tree)
        return {};
    const YamlTree::Item &it = m_tree->m_nodes[m_index];
    if (it.type != YamlType::Sequence || i >= it.count)
        return {};
    return YamlNode(m_tree, m_tree->m_children[it.begin + i]);
}

YamlNode YamlNode::operator[](std::string_view key) const {
    if (!m_tree)
        return {};
    const YamlTree::Item &it = m_tree->m_nodes[m_index];
    if (it.type != YamlType::Map)
        return {};
    for (std::uint32_t p = 0; p < it.count; ++p) {
        const YamlTree::Item &k = m_tree->m_nodes[m_tree->m_children[it.begin + 2 * p]];
        if (k.type == YamlType::Scalar && k.count == key.size() &&
            std::string_view(m_tree->m_text).substr(k.begin, k.count) == key)
            return YamlNode(m_tree, m_tree->m_children[it.begin + 2 * p + 1]);
    }
    return {};
}

YamlNode YamlNode::pairPart(size_t i, size_t part) const {
    if (!m_tree)
        return {};
    const YamlTree::Item &it = m_tree->m_nodes[m_index];
    if (it.type != YamlType::Map || i >= it.count)
        return {};
    return YamlNode(m_tree, m_tree->m_children[it.begin + 2 * i + part]);
}

int YamlNode::line() const {
    return m_tree ? int(m_tree->m_nodes[m_index].line) : -1;
}

int YamlNode::column() const {
    return m_tree ? int(m_tree->m_nodes[m_index].column) : -1;
}

YamlNode YamlTree::root() const {
    return m_nodes.empty() ? YamlNode() : YamlNode(this, 0);
}

// Turns libyaml's event stream into the tree. Collections collect their children's
// indices on a scratch stack and move them into m_children when they end, so each
// collection's children are contiguous.
class YamlTreeBuilder {
public:
    explicit YamlTreeBuilder(YamlTree &tree)
        : m_tree(tree) {}

    // Returns an error message, or an empty string when the event was taken.
    std::string take(const yaml_event_t &e) {
        switch (e.type) {
        case YAML_SCALAR_EVENT: {
            const auto &s = e.data.scalar;
            const std::string_view value(reinterpret_cast<const char *>(s.value), s.length);
            const bool untagged =
                !s.tag || std::string_view(reinterpret_cast<const char *>(s.tag)) == "!";
            const bool null = s.style == YAML_PLAIN_SCALAR_STYLE && untagged &&
                              (value.empty() || value == "~" || value == "null" ||
                               value == "Null" || value == "NULL");
            YamlTree::Item item;
            item.type = null ? YamlType::Null : YamlType::Scalar;
            item.line = std::uint32_t(e.start_mark.line);
            item.column = std::uint32_t(e.start_mark.column);
            item.begin = std::uint32_t(m_tree.m_text.size());
            item.count = std::uint32_t(value.size());
            m_tree.m_text.append(value);
            return add(item, s.anchor);
        }
        case YAML_ALIAS_EVENT: {
            const auto found =
                m_anchors.find(std::string(reinterpret_cast<const char *>(e.data.alias.anchor)));
            if (found == m_anchors.end())
                return "the alias *" +
                       std::string(reinterpret_cast<const char *>(e.data.alias.anchor)) +
                       " names no anchor";
            if (m_open.empty())
                return "a document cannot be only an alias";
            m_scratch.push_back(found->second);
            return {};
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            if (int(m_open.size()) >= YamlTree::MaxDepth)
                return "nesting is deeper than " + std::to_string(YamlTree::MaxDepth) + " levels";
            const bool map = e.type == YAML_MAPPING_START_EVENT;
            YamlTree::Item item;
            item.type = map ? YamlType::Map : YamlType::Sequence;
            item.flow = map ? e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                            : e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
            item.line = std::uint32_t(e.start_mark.line);
            item.column = std::uint32_t(e.start_mark.column);
            if (std::string err =
                    add(item, map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor);
                !err.empty())
                return err;
            m_open.push_back(
                {std::uint32_t(m_tree.m_nodes.size() - 1), std::uint32_t(m_scratch.size())});
            return {};
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            const Open o = m_open.back();
            m_open.pop_back();
            YamlTree::Item &item = m_tree.m_nodes[o.node];
            const size_t n = m_scratch.size() - o.scratchBegin;
            item.begin = std::uint32_t(m_tree.m_children.size());
            item.count = std::uint32_t(item.type == YamlType::Map ? n / 2 : n);
            m_tree.m_children.insert(m_tree.m_children.end(),
                                     m_scratch.begin() + long(o.scratchBegin), m_scratch.end());
            m_scratch.resize(o.scratchBegin);
            return {};
        }
        default:
            return {};
        }
    }

private:
    struct Open {
        std::uint32_t node;
        std::uint32_t scratchBegin;
    };

    std::string add(const YamlTree::Item &item, const yaml_char_t *anchor) {
        if (m_tree.m_nodes.size() >= std::numeric_limits<std::uint32_t>::max() / 2)
            return "too many nodes";
        const auto index = std::uint32_t(m_tree.m_nodes.size());
        m_tree.m_nodes.push_back(item);
        if (!m_open.empty())
            m_scratch.push_back(index);
        if (anchor)
            m_anchors[std::string(reinterpret_cast<const char *>(anchor))] = index;
        return {};
    }

    YamlTree &m_tree;
    std::vector<Open> m_open;
    std::vector<std::uint32_t> m_scratch;
    std::unordered_map<std::string, std::uint32_t> m_anchors;
};

Result<YamlTree> YamlTree::parse(std::string_view text) {
    YamlTree tree;
    tree.m_text.reserve(text.size() / 2);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return fail("yaml.syntax", "YAML parser could not start (out of memory)");
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(text.data()),
                                 text.size());
    YamlTreeBuilder builder(tree);
    std::optional<Error> error;
    bool inDocument = false;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            std::string msg = "YAML syntax error: ";
            msg += parser.problem ? parser.problem : "malformed input";
            if (parser.context) {
                msg += " (";
                msg += parser.context;
                msg += ")";
            }
            error = Error(
                "yaml.syntax", msg, {},
                SourceLocation{{}, int(parser.problem_mark.line), int(parser.problem_mark.column)});
            break;
        }
        const yaml_event_type_t type = event.type;
        std::string problem;
        if (type == YAML_DOCUMENT_START_EVENT)
            inDocument = true;
        else if (inDocument)
            problem = builder.take(event);
        const yaml_mark_t at = event.start_mark;
        yaml_event_delete(&event);
        if (!problem.empty()) {
            error = Error("yaml.syntax", "YAML syntax error: " + problem, {},
                          SourceLocation{{}, int(at.line), int(at.column)});
            break;
        }
        // Like yaml-cpp's Load, only the first document counts.
        if (type == YAML_DOCUMENT_END_EVENT || type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    if (error)
        return std::unexpected(std::move(*error));
    return tree;
}

} // namespace gatehouse::core
