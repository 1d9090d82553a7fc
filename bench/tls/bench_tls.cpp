// bench/tls: a full TLS scan of a local nginx by Gatehouse and by sslscan, in the same run.
// Prints both times (median of --runs), the ratio (goal <= 0.25) and whether both found the
// same accepted set (versions and ciphers per version). Exit 0 when the sets agree, 1 when
// they differ, 2 when the run could not be set up.
//
//   gatehouse_bench_tls [--runs N] [--profile kyma|legacy|wide] [--workers N]

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"
#include "tls/tlsscanner.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QXmlStreamReader>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

using namespace gatehouse;
using namespace gatehouse::core;
using Clock = std::chrono::steady_clock;

namespace {

struct Profile {
    const char *name;
    const char *protocols; // nginx ssl_protocols
    const char *ciphers;   // nginx ssl_ciphers (TLS <= 1.2)
};

const Profile profiles[] = {
    // The Kyma gateway: TLS 1.2 (five suites) and TLS 1.3.
    {"kyma", "TLSv1.2 TLSv1.3",
     "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA:"
     "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA"},
    // Everything old switched on as well.
    {"legacy", "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3",
     "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA:CAMELLIA128-SHA:"
     "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"},
    // A broad modern server (OpenSSL's DEFAULT set).
    {"wide", "TLSv1.2 TLSv1.3", "DEFAULT"},
};

quint16 freePort() {
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

bool waitForPort(quint16 port, int ms) {
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        if (s.waitForConnected(200))
            return true;
        QThread::msleep(30);
    }
    return false;
}

bool writeFile(const QString &path, const std::string &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data.data(), qint64(data.size())) > 0;
}

struct Accepted {
    QSet<QString> versions;
    QMap<QString, QSet<QString>> ciphers;
    bool operator==(const Accepted &o) const = default;
};

std::optional<Accepted> runSslscan(quint16 port, double &ms) {
    QProcess p;
    const auto start = Clock::now();
    p.start(QStringLiteral("sslscan"), {"--xml=-", "--no-colour", "--sni-name=bench.example",
                                        QStringLiteral("127.0.0.1:%1").arg(port)});
    if (!p.waitForStarted(5000) || !p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished(3000);
        return std::nullopt;
    }
    ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const QString out = QString::fromLocal8Bit(p.readAllStandardOutput());
    const qsizetype at = out.indexOf(QStringLiteral("<?xml"));
    if (at < 0)
        return std::nullopt;
    Accepted a;
    QXmlStreamReader xml(out.mid(at));
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attrs = xml.attributes();
        if (xml.name() == u"protocol" && attrs.value("type") == u"tls" &&
            attrs.value("enabled") == u"1")
            a.versions.insert("TLSv" + attrs.value("version").toString());
        if (xml.name() == u"cipher" &&
            (attrs.value("status") == u"accepted" || attrs.value("status") == u"preferred"))
            a.ciphers[attrs.value("sslversion").toString()].insert(
                attrs.value("cipher").toString());
    }
    return a;
}

std::optional<Accepted> runGatehouse(quint16 port, quint16 httpPort, double &ms, int &conns) {
    ScanOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.sni = "bench.example";
    o.httpPort = httpPort;
    const auto start = Clock::now();
    auto report = scanTls(o);
    ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!report) {
        std::fprintf(stderr, "gatehouse scan failed: %s\n", report.error().toString().c_str());
        return std::nullopt;
    }
    conns = report->handshakes;
    Accepted a;
    for (const VersionScan &vs : report->versions) {
        if (!vs.accepted)
            continue;
        const QString v = QString::fromLatin1(toString(vs.version).data());
        a.versions.insert(v);
        for (const std::string &c : vs.ciphers)
            a.ciphers[v].insert(QString::fromStdString(c));
    }
    return a;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

QString describe(const Accepted &a) {
    QStringList parts;
    for (const QString v : {"TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
        if (a.versions.contains(v))
            parts << QStringLiteral("%1: %2 ciphers").arg(v).arg(a.ciphers.value(v).size());
    }
    return parts.join(", ");
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    int runs = 3;
    int workers = 2;
    const Profile *profile = &profiles[0];
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == u"--runs" && i + 1 < args.size())
            runs = std::max(1, args[++i].toInt());
        else if (args[i] == u"--workers" && i + 1 < args.size())
            workers = std::max(1, args[++i].toInt());
        else if (args[i] == u"--profile" && i + 1 < args.size()) {
            const QString name = args[++i];
            profile = nullptr;
            for (const Profile &p : profiles) {
                if (name == QLatin1String(p.name))
                    profile = &p;
            }
            if (!profile) {
                std::fprintf(stderr, "unknown profile (kyma, legacy, wide)\n");
                return 2;
            }
        } else {
            std::fprintf(stderr,
                         "usage: gatehouse_bench_tls [--runs N] [--profile kyma|legacy|wide] "
                         "[--workers N]\n");
            return 2;
        }
    }

    QTemporaryDir dir;
    auto caKey = PrivateKey::generate(KeyAlgorithm::EcdsaP256);
    auto ca = caKey ? createSelfSigned(CertificateSpec::ca("Bench Root"), *caKey)
                    : Result<Certificate>(std::unexpected(caKey.error()));
    auto key = PrivateKey::generate(KeyAlgorithm::Rsa2048);
    auto leaf = (ca && key) ? createSigned(CertificateSpec::serverLeaf({"bench.example"}), *key,
                                           *ca, *caKey)
                            : Result<Certificate>(std::unexpected(Error("bench", "no CA")));
    if (!dir.isValid() || !leaf) {
        std::fprintf(stderr, "cannot make the certificates\n");
        return 2;
    }
    const QString certFile = dir.filePath("server.pem");
    const QString keyFile = dir.filePath("server.key");
    if (!writeFile(certFile, *certificatesToPem({*leaf, *ca})) || !key->save(keyFile.toStdString()))
        return 2;

    const quint16 port = freePort();
    const quint16 httpPort = freePort();
    const QString conf =
        QStringLiteral(
            "daemon off;\nmaster_process on;\nworker_processes %1;\npid %2/nginx.pid;\n"
            "error_log %2/error.log warn;\nevents { worker_connections 1024; }\n"
            "http {\n  access_log off;\n  client_body_temp_path %2/body;\n"
            "  proxy_temp_path %2/proxy;\n  fastcgi_temp_path %2/fastcgi;\n"
            "  uwsgi_temp_path %2/uwsgi;\n  scgi_temp_path %2/scgi;\n"
            "  server {\n    listen 127.0.0.1:%3 ssl;\n    ssl_certificate %4;\n"
            "    ssl_certificate_key %5;\n    ssl_protocols %6;\n"
            "    ssl_ciphers '%7:@SECLEVEL=0';\n    ssl_prefer_server_ciphers on;\n"
            "    add_header Strict-Transport-Security \"max-age=31536000\" always;\n"
            "    location / { return 200 \"ok\\n\"; }\n  }\n"
            "  server {\n    listen 127.0.0.1:%8;\n    return 301 https://$host$request_uri;\n"
            "  }\n}\n")
            .arg(workers)
            .arg(dir.path())
            .arg(port)
            .arg(certFile, keyFile, QLatin1String(profile->protocols),
                 QLatin1String(profile->ciphers))
            .arg(httpPort);
    if (!writeFile(dir.filePath("nginx.conf"), conf.toStdString()))
        return 2;
    QProcess nginx;
    nginx.setProcessChannelMode(QProcess::MergedChannels);
    nginx.start(QStringLiteral("nginx"), {"-p", dir.path(), "-c", dir.filePath("nginx.conf"), "-e",
                                          dir.filePath("error.log")});
    auto stopNginx = qScopeGuard([&] {
        nginx.terminate();
        if (!nginx.waitForFinished(5000)) {
            nginx.kill();
            nginx.waitForFinished(3000);
        }
    });
    if (!nginx.waitForStarted(5000) || !waitForPort(port, 10000)) {
        std::fprintf(stderr, "nginx did not start: %s\n", nginx.readAll().constData());
        return 2;
    }

    std::printf("bench/tls: full scan of a local nginx (profile %s, %d worker(s)), %d run(s)\n",
                profile->name, workers, runs);
    std::vector<double> ours;
    std::vector<double> theirs;
    std::optional<Accepted> ourSet;
    std::optional<Accepted> theirSet;
    int conns = 0;
    for (int r = 0; r < runs; ++r) {
        double a = 0;
        double b = 0;
        ourSet = runGatehouse(port, httpPort, a, conns);
        theirSet = runSslscan(port, b);
        if (!ourSet || !theirSet) {
            std::fprintf(stderr, "a scan failed\n");
            return 2;
        }
        ours.push_back(a);
        theirs.push_back(b);
        std::printf("  run %d: gatehouse %.0f ms (%d connections), sslscan %.0f ms\n", r + 1, a,
                    conns, b);
    }
    const double g = median(ours);
    const double s = median(theirs);
    const double ratio = s > 0 ? g / s : 0;
    const bool same = *ourSet == *theirSet;
    std::printf("gatehouse scan: %.0f ms (median)\nsslscan:        %.0f ms (median)\n"
                "ratio:          %.3f (goal <= 0.25) %s\n",
                g, s, ratio, ratio <= 0.25 ? "MET" : "NOT MET");
    std::printf("accepted sets:  %s\n  gatehouse: %s\n  sslscan:   %s\n",
                same ? "identical" : "DIFFERENT", qPrintable(describe(*ourSet)),
                qPrintable(describe(*theirSet)));
    return same ? 0 : 1;
}
