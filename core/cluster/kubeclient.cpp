#include "kubeclient.h"

#include "execcredential.h"

#include "common/logging.h"

#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QSslKey>
#include <QTimer>
#include <QUrl>

namespace gatehouse::core {
namespace {

constexpr qint64 kMaxBodyBytes = 256 * 1024 * 1024;

Result<QByteArray> readSmallFile(const QString &path, const char *what) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail("cluster.credentials.read", std::string("cannot read the ") + what + " " +
                                                    path.toStdString() + ": " +
                                                    file.errorString().toStdString());
    if (file.size() > 4 * 1024 * 1024)
        return fail("cluster.credentials.read",
                    std::string("the ") + what + " " + path.toStdString() + " is too large");
    return file.readAll();
}

QSslKey parseKey(const QByteArray &pem) {
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

std::string describeCertificate(const QSslCertificate &cert) {
    return "subject \"" + cert.subjectDisplayName().toStdString() + "\", issuer \"" +
           cert.issuerDisplayName().toStdString() + "\"";
}

} // namespace

KubeClient::KubeClient(ResolvedContext context, Options options)
    : m_context(std::move(context))
    , m_options(options) {}

KubeClient::~KubeClient() = default;

Result<std::unique_ptr<KubeClient>> KubeClient::create(const ResolvedContext &context,
                                                       Options options) {
    std::unique_ptr<KubeClient> client(new KubeClient(context, options));
    if (Status s = client->setUp(); !s)
        return std::unexpected(s.error());
    return client;
}

Status KubeClient::setUp() {
    const KubeCluster &cluster = m_context.cluster;
    const QUrl url(cluster.server);
    if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http"))
        return fail("kubeconfig.server", "cluster \"" + cluster.name.toStdString() +
                                             "\" has an unusable server address \"" +
                                             cluster.server.toStdString() + "\"");
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setAutoDeleteReplies(false);

    if (!cluster.proxyUrl.isEmpty()) {
        const QUrl proxy(cluster.proxyUrl);
        QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
        if (proxy.scheme().startsWith(u"socks5"))
            type = QNetworkProxy::Socks5Proxy;
        else if (proxy.scheme() != u"http" && proxy.scheme() != u"https")
            return fail("kubeconfig.proxy", "proxy-url \"" + cluster.proxyUrl.toStdString() +
                                                "\" is not http://, https:// or socks5://");
        m_manager->setProxy(QNetworkProxy(
            type, proxy.host(), quint16(proxy.port(type == QNetworkProxy::HttpProxy ? 8080 : 1080)),
            proxy.userName(), proxy.password()));
    } else {
        m_manager->setProxy(QNetworkProxy::NoProxy);
    }

    m_ssl = QSslConfiguration::defaultConfiguration();
    QByteArray caPem = cluster.certificateAuthorityData;
    if (!cluster.certificateAuthority.isEmpty()) {
        Result<QByteArray> ca =
            readSmallFile(cluster.certificateAuthority, "certificate authority");
        if (!ca)
            return std::unexpected(ca.error());
        caPem = *ca;
    }
    if (!caPem.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromData(caPem, QSsl::Pem);
        if (cas.isEmpty())
            return fail("kubeconfig.ca", "the certificate authority of cluster \"" +
                                             cluster.name.toStdString() +
                                             "\" holds no PEM certificate");
        // kubectl trusts only the kubeconfig's CA when it names one.
        m_ssl.setCaCertificates(cas);
    }
    if (cluster.insecureSkipTlsVerify) {
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        qCWarning(lcCluster) << "context" << m_context.contextName
                             << "skips TLS verification (insecure-skip-tls-verify)";
    }

    const KubeUser &user = m_context.user;
    QByteArray certPem = user.clientCertificateData;
    QByteArray keyPem = user.clientKeyData;
    if (!user.clientCertificate.isEmpty()) {
        Result<QByteArray> c = readSmallFile(user.clientCertificate, "client certificate");
        if (!c)
            return std::unexpected(c.error());
        certPem = *c;
    }
    if (!user.clientKey.isEmpty()) {
        Result<QByteArray> k = readSmallFile(user.clientKey, "client key");
        if (!k)
            return std::unexpected(k.error());
        keyPem = *k;
    }
    if (!certPem.isEmpty() || !keyPem.isEmpty()) {
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
        const QSslKey key = parseKey(keyPem);
        if (chain.isEmpty() || key.isNull())
            return fail("kubeconfig.client-cert",
                        "user \"" + user.name.toStdString() +
                            "\" has a client certificate or key that cannot be read as PEM");
        m_ssl.setLocalCertificateChain(chain);
        m_ssl.setPrivateKey(key);
    }
    if (!user.token.isEmpty())
        m_staticAuthorization = "Bearer " + user.token.toUtf8();
    else if (!user.username.isEmpty())
        m_staticAuthorization =
            "Basic " + (user.username + u':' + user.password).toUtf8().toBase64();
    return {};
}

Result<QNetworkReply *> KubeClient::start(const KubeRequest &request, bool stream) {
    QUrl url(m_context.cluster.server);
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + request.path);
    if (!request.query.isEmpty())
        url.setQuery(request.query);
    QNetworkRequest req(url);
    req.setRawHeader("Accept", request.accept);
    req.setRawHeader("User-Agent", "gatehouse/0.1");
    if (!request.contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    if (!m_context.cluster.tlsServerName.isEmpty())
        req.setPeerVerifyName(m_context.cluster.tlsServerName);

    QSslConfiguration ssl = m_ssl;
    QByteArray authorization = m_staticAuthorization;
    const KubeUser &user = m_context.user;
    if (user.exec) {
        Result<ExecCredential> credential =
            ExecCredentialProvider::get(*user.exec, m_context.cluster, m_options.execTimeoutMs);
        if (!credential)
            return std::unexpected(credential.error());
        if (!credential->token.isEmpty())
            authorization = "Bearer " + credential->token.toUtf8();
        if (!credential->clientCertificateData.isEmpty()) {
            const QList<QSslCertificate> chain =
                QSslCertificate::fromData(credential->clientCertificateData, QSsl::Pem);
            const QSslKey key = parseKey(credential->clientKeyData);
            if (chain.isEmpty() || key.isNull())
                return fail("cluster.exec.output", "exec plugin \"" +
                                                       user.exec->command.toStdString() +
                                                       "\" returned an unreadable client "
                                                       "certificate or key");
            ssl.setLocalCertificateChain(chain);
            ssl.setPrivateKey(key);
        }
    } else if (authorization.isEmpty() && !user.tokenFile.isEmpty()) {
        // Read on every request: the file may be rotated underneath us.
        Result<QByteArray> token = readSmallFile(user.tokenFile, "token file");
        if (!token)
            return std::unexpected(token.error());
        authorization = "Bearer " + token->trimmed();
    }
    if (!authorization.isEmpty())
        req.setRawHeader("Authorization", authorization);
    if (url.scheme() == u"https")
        req.setSslConfiguration(ssl);

    QNetworkReply *reply = nullptr;
    if (request.method == "GET")
        reply = m_manager->get(req);
    else
        reply = m_manager->sendCustomRequest(req, request.method, request.body);
    (void)stream;
    const QString host = url.host();
    const bool insecure = m_context.cluster.insecureSkipTlsVerify;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [reply, host, insecure](const QList<QSslError> &errors) {
                         if (insecure) {
                             reply->ignoreSslErrors(errors);
                             return;
                         }
                         // An address in the certificate's IP SANs matches, as in Go's TLS.
                         QList<QSslError> ignorable;
                         const QHostAddress address(host);
                         for (const QSslError &e : errors) {
                             if (e.error() == QSslError::HostNameMismatch && !address.isNull()) {
                                 const auto sans = e.certificate().subjectAlternativeNames();
                                 for (const QString &ip : sans.values(QSsl::IpAddressEntry))
                                     if (QHostAddress(ip) == address)
                                         ignorable.append(e);
                             }
                         }
                         if (ignorable.size() == errors.size()) {
                             reply->ignoreSslErrors(ignorable);
                             return;
                         }
                         QStringList text;
                         QString leaf;
                         for (const QSslError &e : errors) {
                             text.append(e.errorString());
                             if (leaf.isEmpty() && !e.certificate().isNull())
                                 leaf =
                                     QString::fromStdString(describeCertificate(e.certificate()));
                         }
                         reply->setProperty("gatehouseTlsErrors", text.join(QStringLiteral("; ")));
                         reply->setProperty("gatehouseTlsLeaf", leaf);
                     });
    return reply;
}

void KubeClient::sendAsync(const KubeRequest &request,
                           std::function<void(Result<KubeResponse>)> done) {
    Result<QNetworkReply *> reply = start(request, false);
    if (!reply) {
        // Keep the promise of never calling back inside this call.
        QTimer::singleShot(0, m_manager.get(), [done = std::move(done), error = reply.error()] {
            done(std::unexpected(error));
        });
        return;
    }
    finish(*reply, request, false, std::move(done));
}

void KubeClient::finish(QNetworkReply *reply, const KubeRequest &request, bool retried,
                        std::function<void(Result<KubeResponse>)> done) {
    auto timedOut = std::make_shared<bool>(false);
    const int timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : m_options.timeoutMs;
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(timeoutMs);
    QObject::connect(reply, &QNetworkReply::downloadProgress, reply,
                     [reply](qint64 received, qint64) {
                         if (received > kMaxBodyBytes)
                             reply->abort();
                     });
    QObject::connect(
        reply, &QNetworkReply::finished, m_manager.get(),
        [this, reply, request, retried, done = std::move(done), timedOut, timeoutMs]() mutable {
            reply->deleteLater();
            const QString server = m_context.cluster.server;
            if (*timedOut) {
                done(fail("cluster.timeout", "the API server at " + server.toStdString() +
                                                 " did not answer within " +
                                                 std::to_string(timeoutMs / 1000) + " s"));
                return;
            }
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 0) {
                const QNetworkReply::NetworkError code = reply->error();
                const QString tlsErrors = reply->property("gatehouseTlsErrors").toString();
                if (!tlsErrors.isEmpty() || code == QNetworkReply::SslHandshakeFailedError) {
                    const QString leaf = reply->property("gatehouseTlsLeaf").toString();
                    done(fail(
                        "cluster.tls.untrusted",
                        "the certificate of the API server at " + server.toStdString() +
                            " is not trusted" +
                            (leaf.isEmpty() ? std::string() : " (" + leaf.toStdString() + ")") +
                            "; check certificate-authority in the kubeconfig",
                        tlsErrors.isEmpty() ? reply->errorString().toStdString()
                                            : tlsErrors.toStdString()));
                    return;
                }
                if (code == QNetworkReply::TimeoutError) {
                    done(fail("cluster.timeout", "the API server at " + server.toStdString() +
                                                     " did not answer in time"));
                    return;
                }
                if (code == QNetworkReply::OperationCanceledError) {
                    done(fail("cluster.cancelled", "the request was cancelled or its reply was "
                                                   "too large"));
                    return;
                }
                done(fail("cluster.unreachable",
                          "cannot reach the API server at " + server.toStdString(),
                          reply->errorString().toStdString()));
                return;
            }
            KubeResponse response{status, reply->readAll()};
            if (status == 401 && m_context.user.exec && !retried) {
                // The plugin's credential was rejected: run it again once, as client-go does.
                ExecCredentialProvider::invalidate(*m_context.user.exec, m_context.cluster);
                Result<QNetworkReply *> again = start(request, false);
                if (again) {
                    finish(*again, request, true, std::move(done));
                    return;
                }
                done(std::unexpected(again.error()));
                return;
            }
            done(std::move(response));
        });
}

Result<KubeResponse> KubeClient::send(const KubeRequest &request) {
    std::optional<Result<KubeResponse>> result;
    QEventLoop loop;
    sendAsync(request, [&](Result<KubeResponse> r) {
        result = std::move(r);
        loop.quit();
    });
    // Bounded: every request has its own timer (and plugin runs are bounded too).
    while (!result)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return std::move(*result);
}

Result<QNetworkReply *> KubeClient::openStream(const KubeRequest &request) {
    return start(request, true);
}

Result<QJsonObject> KubeClient::getJson(const QString &path, const QUrlQuery &query) {
    KubeRequest request;
    request.path = path;
    request.query = query;
    Result<KubeResponse> response = send(request);
    if (!response)
        return std::unexpected(response.error());
    if (!response->isSuccess())
        return std::unexpected(errorFor(*response, QStringLiteral("GET ") + path));
    return response->json();
}

Result<QString> KubeClient::serverVersion() {
    Result<QJsonObject> version = getJson(QStringLiteral("/version"));
    if (!version)
        return std::unexpected(version.error());
    return version->value(u"gitVersion").toString();
}

Error KubeClient::errorFor(const KubeResponse &response, const QString &what) const {
    const KubeStatus status = KubeStatus::fromBody(response.body);
    std::string message = status.message.toStdString();
    std::string detail;
    for (const StatusCause &c : status.causes) {
        if (!detail.empty())
            detail += '\n';
        detail += (c.field.isEmpty() ? std::string() : c.field.toStdString() + ": ") +
                  c.message.toStdString();
    }
    const std::string context = " (context \"" + m_context.contextName.toStdString() + "\")";
    switch (response.status) {
    case 401:
        return Error("cluster.unauthorized", "the API server at " + server().toStdString() +
                                                 " did not accept the credentials of user \"" +
                                                 m_context.user.name.toStdString() + "\" (" +
                                                 m_context.user.authDescription().toStdString() +
                                                 ")" + context + ": 401 Unauthorized");
    case 403:
        return Error("cluster.forbidden",
                     (message.empty() ? what.toStdString() + " is forbidden" : message) + context);
    case 404:
        return Error("cluster.not-found",
                     message.empty() ? what.toStdString() + ": not found" : message);
    case 409:
        return Error("cluster.conflict",
                     message.empty() ? what.toStdString() + ": conflict" : message, detail);
    case 410:
        return Error("cluster.gone", message.empty() ? "the resource version is too old" : message);
    case 422:
        return Error("cluster.invalid",
                     message.empty() ? what.toStdString() + " is invalid" : message, detail);
    case 504:
        return Error("cluster.timeout", message.empty() ? "the API server timed out" : message);
    default:
        break;
    }
    if (status.reason == u"Timeout")
        return Error("cluster.timeout", message);
    if (message.empty())
        message = what.toStdString() + ": HTTP " + std::to_string(response.status) + " " +
                  QString::fromUtf8(response.body.left(200)).simplified().toStdString();
    return Error("cluster.server", message, detail);
}

} // namespace gatehouse::core
