#include "jsonyaml.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>

namespace gatehouse::core::jsonyaml {
namespace {

constexpr qsizetype kMaxYamlBytes = 32 * 1024 * 1024;
constexpr int kMaxDepth = 128;

const QRegularExpression &intPattern() {
    static const QRegularExpression re(QStringLiteral("^[-+]?(0|[1-9][0-9]*)$"));
    return re;
}
const QRegularExpression &floatPattern() {
    static const QRegularExpression re(
        QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    return re;
}

// The core-schema value of a plain scalar.
QJsonValue resolvePlain(const std::string &raw) {
    const QString s = QString::fromStdString(raw);
    if (s.isEmpty() || s == u"~" || s == u"null" || s == u"Null" || s == u"NULL")
        return QJsonValue(QJsonValue::Null);
    if (s == u"true" || s == u"True" || s == u"TRUE")
        return true;
    if (s == u"false" || s == u"False" || s == u"FALSE")
        return false;
    if (intPattern().match(s).hasMatch()) {
        bool ok = false;
        const qlonglong v = s.toLongLong(&ok);
        if (ok)
            return QJsonValue(v);
        return s.toDouble();
    }
    if (s.startsWith(u"0x")) {
        bool ok = false;
        const qlonglong v = s.mid(2).toLongLong(&ok, 16);
        if (ok)
            return QJsonValue(v);
    }
    if (s.startsWith(u"0o")) {
        bool ok = false;
        const qlonglong v = s.mid(2).toLongLong(&ok, 8);
        if (ok)
            return QJsonValue(v);
    }
    if (floatPattern().match(s).hasMatch())
        return s.toDouble();
    if (s == u".inf" || s == u".Inf" || s == u"+.inf")
        return std::numeric_limits<double>::infinity();
    if (s == u"-.inf" || s == u"-.Inf")
        return -std::numeric_limits<double>::infinity();
    return s;
}

Result<QJsonValue> toJson(const YAML::Node &node, const QString &file, int depth) {
    if (depth > kMaxDepth)
        return fail(
            "yaml.depth", "the YAML document is nested too deeply", {},
            SourceLocation{file.toStdString(), node.Mark().line + 1, node.Mark().column + 1});
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
        return QJsonValue(QJsonValue::Null);
    case YAML::NodeType::Scalar: {
        const std::string &tag = node.Tag();
        if (tag == "?")
            return resolvePlain(node.Scalar());
        if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
            tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null")
            return resolvePlain(node.Scalar());
        return QString::fromStdString(node.Scalar());
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node &item : node) {
            Result<QJsonValue> v = toJson(item, file, depth + 1);
            if (!v)
                return std::unexpected(v.error());
            array.append(*v);
        }
        return array;
    }
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto &entry : node) {
            if (!entry.first.IsScalar())
                return fail("yaml.key", "only scalar mapping keys are supported", {},
                            SourceLocation{file.toStdString(), entry.first.Mark().line + 1,
                                           entry.first.Mark().column + 1});
            Result<QJsonValue> v = toJson(entry.second, file, depth + 1);
            if (!v)
                return std::unexpected(v.error());
            object.insert(QString::fromStdString(entry.first.Scalar()), *v);
        }
        return object;
    }
    }
    return QJsonValue(QJsonValue::Null);
}

Error parseError(const YAML::Exception &e, const QString &file) {
    return Error("yaml.parse", "the YAML cannot be read: " + e.msg, {},
                 SourceLocation{file.toStdString(), e.mark.line + 1, e.mark.column + 1});
}

bool needsQuotes(const QString &s) {
    if (s.isEmpty())
        return true;
    if (resolvePlain(s.toStdString()).type() != QJsonValue::String)
        return true;
    // Characters that start YAML syntax, or break a plain scalar.
    static const QRegularExpression risky(
        QStringLiteral("^[-?:,\\[\\]{}#&*!|>'\"%@`\\s]|: |\\s#|\\s$|[\\x00-\\x1f]"));
    return risky.match(s).hasMatch() || s == u"-" || s.endsWith(u':');
}

void emit(YAML::Emitter &out, const QJsonValue &value) {
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out << YAML::Null;
        break;
    case QJsonValue::Bool:
        out << (value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        double whole = 0;
        if (std::modf(d, &whole) == 0.0 && std::fabs(d) < 9.0e15)
            out << static_cast<long long>(d);
        else
            out << QByteArray::number(d, 'g', 17).toStdString();
        break;
    }
    case QJsonValue::String: {
        const QString s = value.toString();
        if (s.contains(u'\n'))
            out << YAML::Literal << s.toStdString();
        else if (needsQuotes(s))
            out << YAML::DoubleQuoted << s.toStdString();
        else
            out << s.toStdString();
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            break;
        }
        out << YAML::BeginSeq;
        for (const QJsonValue &item : array)
            emit(out, item);
        out << YAML::EndSeq;
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            break;
        }
        out << YAML::BeginMap;
        for (auto it = object.begin(); it != object.end(); ++it) {
            out << YAML::Key;
            if (needsQuotes(it.key()))
                out << YAML::DoubleQuoted;
            out << it.key().toStdString() << YAML::Value;
            emit(out, it.value());
        }
        out << YAML::EndMap;
        break;
    }
    }
}

} // namespace

Result<QJsonValue> parseValue(const QByteArray &yaml, const QString &file) {
    if (yaml.size() > kMaxYamlBytes)
        return fail("yaml.size", "the YAML document is larger than 32 MiB");
    try {
        const YAML::Node node = YAML::Load(yaml.toStdString());
        return toJson(node, file, 0);
    } catch (const YAML::Exception &e) {
        return std::unexpected(parseError(e, file));
    }
}

Result<QList<YamlObject>> parseObjects(const QByteArray &yaml, const QString &file) {
    if (yaml.size() > kMaxYamlBytes)
        return fail("yaml.size", "the YAML stream is larger than 32 MiB", {},
                    SourceLocation{file.toStdString()});
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        return std::unexpected(parseError(e, file));
    }
    QList<YamlObject> objects;
    for (const YAML::Node &doc : docs) {
        if (!doc || doc.IsNull())
            continue;
        const SourceLocation where{file.toStdString(), doc.Mark().line + 1, 0};
        Result<QJsonValue> value = toJson(doc, file, 0);
        if (!value)
            return std::unexpected(value.error());
        if (!value->isObject())
            return fail("yaml.not-object", "a YAML document is not a Kubernetes object", {}, where);
        const QJsonObject object = value->toObject();
        if (object.value(u"kind").toString() == u"List" && object.value(u"items").isArray()) {
            for (const QJsonValue &item : object.value(u"items").toArray())
                objects.append({item.toObject(), where});
            continue;
        }
        objects.append({object, where});
    }
    return objects;
}

QByteArray toYaml(const QJsonValue &value) {
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emit(out, value);
    QByteArray bytes(out.c_str(), qsizetype(out.size()));
    if (!bytes.endsWith('\n'))
        bytes.append('\n');
    return bytes;
}

} // namespace gatehouse::core::jsonyaml
