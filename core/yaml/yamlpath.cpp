#include "yamlpath.h"

#include <charconv>

namespace gatehouse::core {

YamlPath YamlPath::key(std::string k) const {
    YamlPath p = *this;
    p.m_steps.emplace_back(std::move(k));
    return p;
}

YamlPath YamlPath::index(int i) const {
    YamlPath p = *this;
    p.m_steps.emplace_back(i);
    return p;
}

YamlPath YamlPath::parent() const {
    YamlPath p = *this;
    if (!p.m_steps.empty())
        p.m_steps.pop_back();
    return p;
}

std::string YamlPath::toString() const {
    std::string out;
    for (const Step &s : m_steps) {
        if (const auto *i = std::get_if<int>(&s)) {
            out += '[' + std::to_string(*i) + ']';
            continue;
        }
        const std::string &k = std::get<std::string>(s);
        if (k.find_first_of(".[]\"") != std::string::npos) {
            out += "[\"";
            for (char c : k) {
                if (c == '"' || c == '\\')
                    out += '\\';
                out += c;
            }
            out += "\"]";
        } else {
            if (!out.empty())
                out += '.';
            out += k;
        }
    }
    return out;
}

bool YamlPath::parse(std::string_view text, YamlPath &out) {
    std::vector<Step> steps;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '.') {
            if (steps.empty() || i + 1 >= text.size())
                return false;
            ++i;
        }
        if (text[i] == '[') {
            ++i;
            if (i < text.size() && text[i] == '"') {
                std::string k;
                ++i;
                while (i < text.size() && text[i] != '"') {
                    if (text[i] == '\\' && i + 1 < text.size())
                        ++i;
                    k += text[i++];
                }
                if (i + 1 >= text.size() || text[i + 1] != ']')
                    return false;
                i += 2;
                steps.emplace_back(std::move(k));
                continue;
            }
            const size_t close = text.find(']', i);
            if (close == std::string_view::npos)
                return false;
            int n = 0;
            const auto r = std::from_chars(text.data() + i, text.data() + close, n);
            if (r.ec != std::errc() || r.ptr != text.data() + close || n < 0)
                return false;
            steps.emplace_back(n);
            i = close + 1;
            continue;
        }
        const size_t end = text.find_first_of(".[", i);
        const std::string_view k = text.substr(i, end == std::string_view::npos ? end : end - i);
        if (k.empty())
            return false;
        steps.emplace_back(std::string(k));
        i = end == std::string_view::npos ? text.size() : end;
    }
    out = YamlPath(std::move(steps));
    return true;
}

} // namespace gatehouse::core
