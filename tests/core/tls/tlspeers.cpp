#include "tlspeers.h"

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QXmlStreamReader>

namespace gatehouse::test {

using namespace core;

std::optional<PeerFiles> makePeerFiles(const QString &dir) {
    auto caKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    if (!caKey)
        return std::nullopt;
    auto ca = createSelfSigned(CertificateSpec::ca("Gatehouse Test Root"), *caKey);
    auto key = PrivateKey::generate(KeyAlgorithm::Rsa2048);
    if (!ca || !key)
        return std::nullopt;
    CertificateSpec spec =
        CertificateSpec::serverLeaf({"localhost", "peer.example", "*.peer.example"});
    spec.ipAddresses = {"127.0.0.1"};
    auto leaf = createSigned(spec, *key, *ca, *caKey);
    if (!leaf)
        return std::nullopt;
    PeerFiles files{dir + "/ca.pem", dir + "/server.pem", dir + "/server.key", *ca, *leaf};
    auto write = [](const QString &path, const std::string &data) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) &&
               f.write(data.data(), qint64(data.size())) == qint64(data.size());
    };
    auto chain = certificatesToPem({*leaf, *ca});
    auto caPem = ca->toPem();
    if (!chain || !caPem || !write(files.caFile, *caPem) || !write(files.certFile, *chain) ||
        !key->save(files.keyFile.toStdString()))
        return std::nullopt;
    return files;
}

quint16 freePort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

bool waitForPort(quint16 port, std::chrono::milliseconds timeout) {
    QDeadlineTimer deadline(timeout);
    while (!deadline.hasExpired()) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200)) {
            socket.abort();
            return true;
        }
        QThread::msleep(30);
    }
    return false;
}

Peer::~Peer() {
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool Peer::start(const QString &program, const QStringList &args, quint16 waitPort,
                 const QString &workDir) {
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    if (!workDir.isEmpty())
        m_process->setWorkingDirectory(workDir);
    m_process->start(program, args);
    if (!m_process->waitForStarted(5000))
        return false;
    QDeadlineTimer deadline(std::chrono::seconds(10));
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning)
            return false;
        if (waitForPort(waitPort, std::chrono::milliseconds(200)))
            return true;
    }
    return false;
}

QString Peer::output() const {
    return m_process ? QString::fromLocal8Bit(m_process->readAll()) : QString();
}

bool Peer::running() const {
    return m_process && m_process->state() == QProcess::Running;
}

namespace {

QString opensslFlag(const QString &version) {
    if (version == u"TLSv1.0")
        return QStringLiteral("TLSv1");
    return version;
}

QString nginxName(const QString &version) {
    if (version == u"TLSv1.0")
        return QStringLiteral("TLSv1");
    return version;
}

} // namespace

bool startSServer(Peer &peer, const TlsSetup &setup, const PeerFiles &files, quint16 port) {
    static const QStringList order{"TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    QString minV;
    QString maxV;
    for (const QString &v : order) {
        if (setup.versions.contains(v)) {
            if (minV.isEmpty())
                minV = v;
            maxV = v;
        }
    }
    QStringList args{"s_server",
                     "-accept",
                     QStringLiteral("127.0.0.1:%1").arg(port),
                     "-cert",
                     files.certFile,
                     "-key",
                     files.keyFile,
                     "-cert_chain",
                     files.caFile,
                     "-www",
                     "-quiet",
                     "-min_protocol",
                     opensslFlag(minV),
                     "-max_protocol",
                     opensslFlag(maxV),
                     "-cipher",
                     (setup.ciphers.isEmpty() ? QStringLiteral("NULL") : setup.ciphers.join(u':')) +
                         ":@SECLEVEL=0",
                     "-ciphersuites",
                     setup.tls13Suites.isEmpty() ? QString() : setup.tls13Suites.join(u':')};
    if (setup.serverOrder)
        args << "-serverpref";
    return peer.start(QStringLiteral("openssl"), args, port);
}

bool startNginx(Peer &peer, const TlsSetup &setup, const PeerFiles &files, const QString &dir,
                quint16 tlsPort, quint16 httpPort, int workers) {
    QStringList protocols;
    for (const QString &v : setup.versions)
        protocols << nginxName(v);
    const QString ciphers =
        (setup.ciphers.isEmpty() ? QStringLiteral("NULL") : setup.ciphers.join(u':')) +
        ":@SECLEVEL=0";
    QString conf = QStringLiteral("daemon off;\nmaster_process %9;\nworker_processes %10;\n"
                                  "pid %1/nginx.pid;\nerror_log %1/error.log warn;\n"
                                  "events { worker_connections 512; }\n"
                                  "http {\n  access_log off;\n"
                                  "  client_body_temp_path %1/body;\n  proxy_temp_path %1/proxy;\n"
                                  "  fastcgi_temp_path %1/fastcgi;\n  uwsgi_temp_path %1/uwsgi;\n"
                                  "  scgi_temp_path %1/scgi;\n"
                                  "  server {\n    listen 127.0.0.1:%2 ssl;\n"
                                  "    ssl_certificate %3;\n    ssl_certificate_key %4;\n"
                                  "    ssl_protocols %5;\n    ssl_ciphers '%6';\n"
                                  "    ssl_prefer_server_ciphers %7;\n%11"
                                  "    add_header Strict-Transport-Security \"max-age=31536000; "
                                  "includeSubDomains\" always;\n"
                                  "    location / { return 200 \"ok\\n\"; }\n  }\n"
                                  "  server {\n    listen 127.0.0.1:%8;\n"
                                  "    return 301 https://$host:%2$request_uri;\n  }\n}\n")
                       .arg(dir)
                       .arg(tlsPort)
                       .arg(files.certFile, files.keyFile, protocols.join(u' '), ciphers,
                            setup.serverOrder ? QStringLiteral("on") : QStringLiteral("off"))
                       .arg(httpPort)
                       .arg(workers > 1 ? QStringLiteral("on") : QStringLiteral("off"))
                       .arg(workers)
                       .arg(setup.tls13Suites.isEmpty()
                                ? QString()
                                : QStringLiteral("    ssl_conf_command Ciphersuites %1;\n")
                                      .arg(setup.tls13Suites.join(u':')));
    QFile f(dir + "/nginx.conf");
    if (!f.open(QIODevice::WriteOnly) || f.write(conf.toUtf8()) < 0)
        return false;
    f.close();
    return peer.start(QStringLiteral("nginx"),
                      {"-p", dir, "-c", dir + "/nginx.conf", "-e", dir + "/error.log"}, tlsPort,
                      dir);
}

std::optional<Run> runProgram(const QString &program, const QStringList &args,
                              std::chrono::milliseconds timeout, const QString &workDir) {
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(program, args);
    if (!p.waitForStarted(5000))
        return std::nullopt;
    p.closeWriteChannel();
    if (!p.waitForFinished(int(timeout.count()))) {
        p.kill();
        p.waitForFinished(3000);
        return std::nullopt;
    }
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
               QString::fromLocal8Bit(p.readAllStandardOutput()),
               QString::fromLocal8Bit(p.readAllStandardError())};
}

std::optional<SslscanView> runSslscan(quint16 port, const QString &sni,
                                      std::chrono::milliseconds timeout, bool quick) {
    QStringList args{"--xml=-", "--no-colour"};
    if (quick)
        args << "--no-heartbleed"
             << "--no-renegotiation"
             << "--no-compression"
             << "--no-fallback"
             << "--no-groups"
             << "--no-check-certificate";
    if (!sni.isEmpty())
        args << "--sni-name=" + sni;
    args << QStringLiteral("127.0.0.1:%1").arg(port);
    auto run = runProgram(QStringLiteral("sslscan"), args, timeout);
    if (!run)
        return std::nullopt;
    SslscanView view;
    view.raw = run->out;
    // The XML follows any banner text on stdout.
    const qsizetype start = run->out.indexOf(QStringLiteral("<?xml"));
    if (start < 0)
        return std::nullopt;
    QXmlStreamReader xml(run->out.mid(start));
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attrs = xml.attributes();
        if (xml.name() == u"protocol" && attrs.value("type") == u"tls" &&
            attrs.value("enabled") == u"1") {
            view.versions.insert("TLSv" + attrs.value("version").toString());
        } else if (xml.name() == u"cipher") {
            const QString status = attrs.value("status").toString();
            if (status == u"accepted" || status == u"preferred")
                view.ciphers[attrs.value("sslversion").toString()].insert(
                    attrs.value("cipher").toString());
        }
    }
    if (xml.hasError())
        return std::nullopt;
    return view;
}

} // namespace gatehouse::test
