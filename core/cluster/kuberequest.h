#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrlQuery>

namespace gatehouse::core {

// One call to the API server.
struct KubeRequest {
    QByteArray method = "GET";
    QString path; // "/api/v1/namespaces/default/configmaps"
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType; // e.g. "application/apply-patch+yaml"
    QByteArray accept = "application/json";
    int timeoutMs = 0; // 0: the client's default
};

// A reply with any HTTP status; transport failures are Errors instead.
struct KubeResponse {
    int status = 0;
    QByteArray body;

    [[nodiscard]] bool isSuccess() const { return status >= 200 && status < 300; }
    // The body as a JSON object (empty when it is not one).
    [[nodiscard]] QJsonObject json() const;
};

// metav1.StatusCause: why the server refused, per field.
struct StatusCause {
    QString reason; // FieldValueInvalid, FieldManagerConflict, ...
    QString message;
    QString field; // ".spec.servers[0].port.number" or "spec.servers[0]..."
};

// The message and causes of a metav1.Status body (empty when the body is not one).
struct KubeStatus {
    QString message;
    QString reason;
    int code = 0;
    QList<StatusCause> causes;

    [[nodiscard]] static KubeStatus fromBody(const QByteArray &body);
};

} // namespace gatehouse::core
