#pragma once

// Real peers for the engine tests: certificates made with the openssl CLI, nginx as the
// upstream, curl / openssl s_client / sslscan / wrk as clients. Loopback only, ports
// chosen by the OS, every wait bounded, every child killed.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cstdint>
#include <memory>
#include <vector>

namespace gatehouse::test {

struct ProcessResult {
    int exitCode = -1;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
};

inline ProcessResult run(const QString &program, const QStringList &args, int timeoutMs = 20000,
                         const QByteArray &input = {}) {
    QProcess p;
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(5000)) {
        r.err = "could not start " + program.toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished(2000);
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// A port the OS just gave us and released again.
inline std::uint16_t freePort() {
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0))
        return 0;
    return s.serverPort();
}

inline bool waitForPort(std::uint16_t port, int timeoutMs = 5000) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        if (s.waitForConnected(200))
            return true;
        QTest::qWait(50);
    }
    return false;
}

// A child process killed on destruction.
class Child {
public:
    ~Child() { stop(); }
    bool start(const QString &program, const QStringList &args) {
        m_p = std::make_unique<QProcess>();
        m_p->setProcessChannelMode(QProcess::MergedChannels);
        m_p->start(program, args);
        return m_p->waitForStarted(5000);
    }
    void stop() {
        if (m_p && m_p->state() != QProcess::NotRunning) {
            m_p->terminate();
            if (!m_p->waitForFinished(3000)) {
                m_p->kill();
                m_p->waitForFinished(2000);
            }
        }
    }
    QByteArray output() { return m_p ? m_p->readAll() : QByteArray(); }

private:
    std::unique_ptr<QProcess> m_p;
};

inline QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeFile(const QString &path, const QByteArray &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// A CA and leaf certificates made with the openssl CLI.
class TestPki {
public:
    explicit TestPki(const QString &dir)
        : m_dir(dir) {}
    bool createCa() {
        return ok(run("openssl",
                      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"),
                       "-out", path("ca.crt"), "-days", "2", "-subj", "/CN=Gatehouse Test CA"}));
    }
    // san: e.g. "DNS:a.example.com" or "URI:spiffe://test/client"
    bool createLeaf(const QString &name, const QString &san, bool client = false) {
        if (!ok(run("openssl",
                    {"req", "-newkey", "rsa:2048", "-nodes", "-keyout", path(name + ".key"), "-out",
                     path(name + ".csr"), "-subj", "/CN=" + name})))
            return false;
        const QByteArray ext = "subjectAltName=" + san.toUtf8() +
                               "\nextendedKeyUsage=" + (client ? "clientAuth" : "serverAuth") +
                               "\n";
        if (!writeFile(path(name + ".ext"), ext))
            return false;
        return ok(
            run("openssl", {"x509", "-req", "-in", path(name + ".csr"), "-CA", path("ca.crt"),
                            "-CAkey", path("ca.key"), "-CAcreateserial", "-out",
                            path(name + ".crt"), "-days", "2", "-extfile", path(name + ".ext")}));
    }
    QString path(const QString &file) const { return m_dir + '/' + file; }
    std::string pem(const QString &file) const { return readFile(path(file)).toStdString(); }

private:
    static bool ok(const ProcessResult &r) {
        if (r.exitCode != 0)
            qWarning("openssl failed: %s", r.err.constData());
        return r.exitCode == 0;
    }
    QString m_dir;
};

// nginx as the upstream every route points at: echoes what the proxy told it.
class NginxUpstream {
public:
    // `httpExtra`: more directives for the http block (e.g. a short keepalive_timeout).
    bool start(const QString &dir, std::uint16_t port, const QString &tag,
               const QByteArray &httpExtra = {}) {
        m_port = port;
        QDir().mkpath(dir + "/tmp");
        const QByteArray conf =
            "daemon off; master_process off; worker_processes 1;\n"
            "pid " +
            dir.toUtf8() + "/nginx.pid; error_log " + dir.toUtf8() +
            "/error.log;\n"
            "events { worker_connections 4096; }\n"
            "http { access_log off;\n"
            " client_body_temp_path " +
            dir.toUtf8() + "/tmp; proxy_temp_path " + dir.toUtf8() + "/tmp; fastcgi_temp_path " +
            dir.toUtf8() + "/tmp; uwsgi_temp_path " + dir.toUtf8() + "/tmp; scgi_temp_path " +
            dir.toUtf8() +
            "/tmp;\n"
            " keepalive_requests 1000000;\n" +
            httpExtra + " server { listen 127.0.0.1:" + QByteArray::number(port) +
            ";\n"
            "  location / { return 200 \"" +
            tag.toUtf8() +
            " host=$host xff=$http_x_forwarded_for xfp=$http_x_forwarded_proto "
            "rid=$http_x_request_id uri=$request_uri\\n\"; }\n"
            " }\n}\n";
        if (!writeFile(dir + "/nginx.conf", conf))
            return false;
        if (!m_child.start("nginx",
                           {"-c", dir + "/nginx.conf", "-p", dir, "-e", dir + "/error.log"}))
            return false;
        return waitForPort(port);
    }
    std::uint16_t port() const { return m_port; }

private:
    Child m_child;
    std::uint16_t m_port = 0;
};

} // namespace gatehouse::test
