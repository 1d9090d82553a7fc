#pragma once

// Test helpers: real peers (openssl s_server, nginx, sslscan, curl, openssl) started on
// 127.0.0.1 with OS-chosen ports; every wait is bounded and every process is killed.

#include "tls/certificate.h"
#include "tls/privatekey.h"

#include <QMap>
#include <QProcess>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <memory>
#include <optional>

namespace gatehouse::test {

// A CA, and a leaf for "localhost", "peer.example", "*.peer.example" and 127.0.0.1 signed by
// it, written as PEM files into `dir`.
struct PeerFiles {
    QString caFile;
    QString certFile; // leaf + CA chain
    QString keyFile;
    core::Certificate ca;
    core::Certificate leaf;
};
[[nodiscard]] std::optional<PeerFiles> makePeerFiles(const QString &dir);

// A port that was free a moment ago (the OS chose it).
[[nodiscard]] quint16 freePort();
// Polls until 127.0.0.1:port accepts a TCP connection (bounded).
[[nodiscard]] bool waitForPort(quint16 port, std::chrono::milliseconds timeout);

// A child process killed (and reaped) on destruction.
class Peer {
public:
    Peer() = default;
    Peer(const Peer &) = delete;
    Peer &operator=(const Peer &) = delete;
    ~Peer();
    // Starts `program args` and waits until 127.0.0.1:waitPort accepts connections.
    [[nodiscard]] bool start(const QString &program, const QStringList &args, quint16 waitPort,
                             const QString &workDir = {});
    [[nodiscard]] QString output() const;
    [[nodiscard]] bool running() const;

private:
    std::unique_ptr<QProcess> m_process;
};

// What a peer is configured to accept.
struct TlsSetup {
    QString name;
    QStringList versions;    // "TLSv1.0" ... "TLSv1.3"
    QStringList ciphers;     // TLS <= 1.2, OpenSSL names, in server order
    QStringList tls13Suites; // TLS 1.3
    bool serverOrder = true;
};

// openssl s_server -www with exactly `setup` on `port`.
[[nodiscard]] bool startSServer(Peer &peer, const TlsSetup &setup, const PeerFiles &files,
                                quint16 port);

// nginx (daemon off, master_process off, own prefix/pid/error log in `dir`) serving TLS on
// `tlsPort` with exactly `setup`, HSTS, and a plain-HTTP redirect on `httpPort`.
[[nodiscard]] bool startNginx(Peer &peer, const TlsSetup &setup, const PeerFiles &files,
                              const QString &dir, quint16 tlsPort, quint16 httpPort,
                              int workers = 1);

// sslscan's view (XML output) of 127.0.0.1:port.
struct SslscanView {
    QSet<QString> versions;               // accepted, "TLSv1.0" ...
    QMap<QString, QSet<QString>> ciphers; // version -> accepted cipher names
    QString raw;
};
[[nodiscard]] std::optional<SslscanView>
runSslscan(quint16 port, const QString &sni, std::chrono::milliseconds timeout, bool quick = true);

// Runs a program to completion (bounded); nullopt when it could not run or timed out.
struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};
[[nodiscard]] std::optional<Run> runProgram(const QString &program, const QStringList &args,
                                            std::chrono::milliseconds timeout,
                                            const QString &workDir = {});

} // namespace gatehouse::test
