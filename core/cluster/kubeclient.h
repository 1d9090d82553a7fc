#pragma once

#include "kubeconfig.h"
#include "kuberequest.h"

#include "common/result.h"

#include <QJsonObject>
#include <QSslConfiguration>
#include <QString>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace gatehouse::core {

// The connection to one API server as one kubeconfig user, over QtNetwork (HTTP/2 when the
// server offers it, so concurrent calls share one TLS connection).
//
// Threads: a client belongs to the thread that created it; call it only from there. The
// blocking calls spin a local event loop bounded by the request timeout; GUI code runs them
// on a worker thread. Credentials are never logged and never part of an Error.
class KubeClient {
public:
    struct Options {
        int timeoutMs = 30'000;     // per request
        int execTimeoutMs = 60'000; // per credential plugin run
    };

    [[nodiscard]] static Result<std::unique_ptr<KubeClient>> create(const ResolvedContext &context,
                                                                    Options options);
    [[nodiscard]] static Result<std::unique_ptr<KubeClient>>
    create(const ResolvedContext &context) {
        return create(context, Options{});
    }
    ~KubeClient();
    KubeClient(const KubeClient &) = delete;
    KubeClient &operator=(const KubeClient &) = delete;

    [[nodiscard]] const ResolvedContext &context() const { return m_context; }
    [[nodiscard]] QString server() const { return m_context.cluster.server; }

    // Sends and waits; any HTTP status is a response, transport failures (unreachable,
    // untrusted certificate, timeout) are Errors with their own codes.
    [[nodiscard]] Result<KubeResponse> send(const KubeRequest &request);
    // Sends; `done` runs later on this thread (never inside this call).
    void sendAsync(const KubeRequest &request, std::function<void(Result<KubeResponse>)> done);

    // GET that turns every non-2xx status into an Error (see errorFor()).
    [[nodiscard]] Result<QJsonObject> getJson(const QString &path, const QUrlQuery &query = {});

    // Opens a streaming GET (watch); the caller owns the reply and reads it as it arrives.
    [[nodiscard]] Result<QNetworkReply *> openStream(const KubeRequest &request);

    // "v1.33.13" from /version.
    [[nodiscard]] Result<QString> serverVersion();

    // The Error for a non-2xx response, for a person: 401 names the user and context,
    // 403 keeps the server's "who may not do what where", 422 lists the field paths.
    [[nodiscard]] Error errorFor(const KubeResponse &response, const QString &what) const;

private:
    KubeClient(ResolvedContext context, Options options);
    [[nodiscard]] Status setUp();
    [[nodiscard]] Result<QNetworkReply *> start(const KubeRequest &request, bool stream);
    void finish(QNetworkReply *reply, const KubeRequest &request, bool retried,
                std::function<void(Result<KubeResponse>)> done);

    ResolvedContext m_context;
    Options m_options;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    QSslConfiguration m_ssl;
    QByteArray m_staticAuthorization; // "Bearer ..." or "Basic ..."; never logged
};

} // namespace gatehouse::core
