#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gatehouse::core {

// A path into a YAML tree: map keys and sequence indexes, printed as
// "spec.servers[0].tls.mode" (keys with dots or brackets are quoted: a["x.y"]).
class YamlPath {
public:
    using Step = std::variant<std::string, int>;

    YamlPath() = default;
    explicit YamlPath(std::vector<Step> steps)
        : m_steps(std::move(steps)) {}

    // Parses the printed form; false on a malformed path.
    [[nodiscard]] static bool parse(std::string_view text, YamlPath &out);

    [[nodiscard]] YamlPath key(std::string k) const;
    [[nodiscard]] YamlPath index(int i) const;
    [[nodiscard]] YamlPath parent() const;

    [[nodiscard]] const std::vector<Step> &steps() const { return m_steps; }
    [[nodiscard]] bool isEmpty() const { return m_steps.empty(); }
    [[nodiscard]] std::string toString() const;

    friend bool operator==(const YamlPath &, const YamlPath &) = default;

private:
    std::vector<Step> m_steps;
};

} // namespace gatehouse::core
