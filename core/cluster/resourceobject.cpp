#include "resourceobject.h"

#include <QJsonArray>

namespace gatehouse::core {

QString ResourceKey::display() const {
    return ns.isEmpty() ? kind + u' ' + name : kind + u' ' + ns + u'/' + name;
}

ResourceKey ResourceKey::of(const QJsonObject &object) {
    const QJsonObject metadata = object.value(u"metadata").toObject();
    return {object.value(u"apiVersion").toString(), object.value(u"kind").toString(),
            metadata.value(u"namespace").toString(), metadata.value(u"name").toString()};
}

namespace resourceobject {

QJsonObject withoutServerFields(QJsonObject object) {
    QJsonObject metadata = object.value(u"metadata").toObject();
    for (const char16_t *field :
         {u"managedFields", u"resourceVersion", u"uid", u"creationTimestamp", u"generation",
          u"selfLink", u"deletionTimestamp", u"deletionGracePeriodSeconds"})
        metadata.remove(QStringView(field));
    object.insert(QStringLiteral("metadata"), metadata);
    object.remove(QStringLiteral("status"));
    return object;
}

QJsonObject ownership(const QJsonObject &object) {
    QJsonObject owners;
    for (const QJsonValue &v :
         object.value(u"metadata").toObject().value(u"managedFields").toArray()) {
        QJsonObject entry = v.toObject();
        entry.remove(QStringLiteral("time"));
        owners.insert(entry.value(u"manager").toString() + u'|' +
                          entry.value(u"operation").toString() + u'|' +
                          entry.value(u"subresource").toString(),
                      entry);
    }
    return owners;
}

int applyPhase(const QString &kind) {
    if (kind == u"Namespace")
        return 0;
    if (kind == u"CustomResourceDefinition")
        return 1;
    if (kind == u"Secret" || kind == u"ConfigMap" || kind == u"ServiceAccount")
        return 2;
    return 3;
}

QJsonObject redactSecret(QJsonObject object) {
    if (object.value(u"kind").toString() != u"Secret")
        return object;
    for (const char16_t *field : {u"data", u"stringData"}) {
        if (!object.value(QStringView(field)).isObject())
            continue;
        QJsonObject values = object.value(QStringView(field)).toObject();
        for (auto it = values.begin(); it != values.end(); ++it)
            it.value() =
                QStringLiteral("(%1 bytes hidden)")
                    .arg(field == std::u16string_view(u"data")
                             ? QByteArray::fromBase64(it.value().toString().toLatin1()).size()
                             : it.value().toString().toUtf8().size());
        object.insert(QString::fromUtf16(field), values);
    }
    return object;
}

} // namespace resourceobject
} // namespace gatehouse::core
