#include "secret.h"

#include <QByteArray>

namespace gatehouse::core {

std::optional<std::string> decodeBase64(std::string_view text) {
    QByteArray compact;
    compact.reserve(qsizetype(text.size()));
    for (char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            compact.append(c);
    }
    auto r = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return std::nullopt;
    return r.decoded.toStdString();
}

std::string encodeBase64(std::string_view bytes) {
    return QByteArray(bytes.data(), qsizetype(bytes.size())).toBase64().toStdString();
}

std::optional<std::string> Secret::value(const std::string &key) const {
    if (const Scalar *s = stringData.find(key))
        return s->value;
    if (const Scalar *s = data.find(key))
        return decodeBase64(s->value);
    return std::nullopt;
}

const Scalar *Secret::certificateScalar() const {
    for (const char *k : {"tls.crt", "cert"}) {
        if (const Scalar *s = stringData.find(k))
            return s;
        if (const Scalar *s = data.find(k))
            return s;
    }
    return nullptr;
}

const Scalar *Secret::privateKeyScalar() const {
    for (const char *k : {"tls.key", "key"}) {
        if (const Scalar *s = stringData.find(k))
            return s;
        if (const Scalar *s = data.find(k))
            return s;
    }
    return nullptr;
}

std::optional<std::string> Secret::certificatePem() const {
    for (const char *k : {"tls.crt", "cert"}) {
        if (auto v = value(k))
            return v;
    }
    return std::nullopt;
}

std::optional<std::string> Secret::privateKeyPem() const {
    for (const char *k : {"tls.key", "key"}) {
        if (auto v = value(k))
            return v;
    }
    return std::nullopt;
}

std::optional<std::string> Secret::caPem() const {
    for (const char *k : {"ca.crt", "cacert"}) {
        if (auto v = value(k))
            return v;
    }
    return std::nullopt;
}

} // namespace gatehouse::core
