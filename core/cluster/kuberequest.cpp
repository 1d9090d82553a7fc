#include "kuberequest.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::core {

QJsonObject KubeResponse::json() const {
    return QJsonDocument::fromJson(body).object();
}

KubeStatus KubeStatus::fromBody(const QByteArray &body) {
    KubeStatus status;
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(u"kind").toString() != u"Status")
        return status;
    status.message = root.value(u"message").toString();
    status.reason = root.value(u"reason").toString();
    status.code = root.value(u"code").toInt();
    for (const QJsonValue &v : root.value(u"details").toObject().value(u"causes").toArray()) {
        const QJsonObject c = v.toObject();
        status.causes.append({c.value(u"reason").toString(), c.value(u"message").toString(),
                              c.value(u"field").toString()});
    }
    return status;
}

} // namespace gatehouse::core
