#include "cli.h"
#include "commands.h"

#include "tls/certificateloader.h"
#include "tls/gatewaytlspolicy.h"
#include "tls/policydiff.h"
#include "tls/tlsjson.h"
#include "tls/tlsscanner.h"

#include <QJsonDocument>

#include <optional>

namespace gatehouse::cli {

namespace {

constexpr const char *scanUsage =
    "usage: gatehousectl scan HOST[:PORT] [options]\n"
    "\n"
    "Scans what a TLS endpoint really negotiates: versions, ciphers per version (in server\n"
    "order when the server imposes one), groups, ALPN, the certificate chain, OCSP stapling,\n"
    "session resumption, HSTS and the plain-HTTP redirect.\n"
    "\n"
    "options:\n"
    "  --sni NAME               server name to send (default: HOST unless it is an IP)\n"
    "  --policy FILE            compare with a Gateway server's TLS settings in FILE\n"
    "  --server NAME            which server of FILE (name, port name/number or host)\n"
    "  --min-protocol V         compare with minProtocolVersion V (TLSV1_0..TLSV1_3, TLS_AUTO)\n"
    "  --max-protocol V         compare with maxProtocolVersion V\n"
    "  --cipher-suites A,B,...  compare with cipherSuites (default: Envoy's default list)\n"
    "  --policy-host H          a host the certificate must cover (repeatable)\n"
    "  --ca FILE                trust anchors for verifying the chain (default: system store)\n"
    "  --connections N          probes in flight at once (default 16)\n"
    "  --timeout MS             connect and handshake timeout per probe (default 3000/5000)\n"
    "  --http-port P            plain-HTTP port for the redirect check (default 80)\n"
    "  --no-http                skip the HSTS and redirect checks\n"
    "  -o, --output text|json   output format\n"
    "\n"
    "exit: 0 no deviation, 1 deviations from the policy, 2 the endpoint could not be scanned\n";

bool splitHostPort(const QString &text, std::string &host, uint16_t &port) {
    QString h = text;
    QString p = QStringLiteral("443");
    if (h.startsWith(u'[')) {
        const qsizetype close = h.indexOf(u']');
        if (close < 0)
            return false;
        if (close + 1 < h.size()) {
            if (h.at(close + 1) != u':')
                return false;
            p = h.mid(close + 2);
        }
        h = h.mid(1, close - 1);
    } else if (h.count(u':') == 1) {
        p = h.section(u':', 1);
        h = h.section(u':', 0, 0);
    }
    bool ok = false;
    const uint value = p.toUInt(&ok);
    if (!ok || value == 0 || value > 65535 || h.isEmpty())
        return false;
    host = h.toStdString();
    port = uint16_t(value);
    return true;
}

std::string yesNo(bool b) {
    return b ? "yes" : "no";
}

void printText(const core::ScanReport &r, const std::vector<core::PolicyDeviation> &deviations,
               bool havePolicy) {
    std::string out = "scan of " + r.host + ":" + std::to_string(r.port);
    if (!r.sni.empty())
        out += " (SNI " + r.sni + ")";
    out += " at " + r.address + "\n\nprotocols:\n";
    for (const core::VersionScan &vs : r.versions) {
        out += "  " + std::string(core::toString(vs.version)) + "  " +
               (vs.accepted ? "accepted" : "refused") + "\n";
    }
    for (const core::VersionScan &vs : r.versions) {
        if (!vs.accepted)
            continue;
        out += "\nciphers " + std::string(core::toString(vs.version));
        if (vs.serverOrder)
            out += *vs.serverOrder ? " (server order)" : " (client order)";
        out += ":\n";
        for (const std::string &c : vs.ciphers)
            out += "  " + c + "\n";
    }
    auto list = [](const std::vector<std::string> &l) {
        std::string s;
        for (const std::string &x : l)
            s += (s.empty() ? "" : ", ") + x;
        return s.empty() ? std::string("none") : s;
    };
    out += "\ngroups: " + list(r.groups) + "\nALPN: " + list(r.alpn) + "\n";
    out += "OCSP stapling: " + yesNo(r.ocspStapled) + "\n";
    out += "resumption: ticket " + yesNo(r.resumption.sessionTicket) + ", session ID " +
           yesNo(r.resumption.sessionId) + "\n";
    if (r.http.checked) {
        out += "HSTS: " +
               (r.http.strictTransportSecurity.empty() ? std::string("none")
                                                       : r.http.strictTransportSecurity) +
               "\n";
        out += "port " + std::to_string(r.http.httpPort) + ": ";
        if (r.http.redirectsToHttps)
            out += "redirects to " + r.http.httpLocation + " (" +
                   std::to_string(r.http.httpStatus) + ")\n";
        else if (r.http.httpListening)
            out += "answers " + std::to_string(r.http.httpStatus) + " without an https redirect\n";
        else
            out += "no HTTP listener (" + r.http.httpError + ")\n";
    }
    out += "\ncertificates:\n";
    for (size_t i = 0; i < r.certificates.size(); ++i) {
        const core::CertificateInfo info = r.certificates[i].info();
        out += "  [" + std::to_string(i) + "] " + info.subject + "\n      issuer " + info.issuer +
               ", " + info.publicKey.description() + ", " + info.signatureAlgorithm + "\n";
    }
    if (r.verification) {
        out += "verification: " + std::string(r.verification->ok() ? "ok" : "FAILED") + "\n";
        for (const core::VerifyFinding &f : r.verification->findings)
            out += "  " + std::string(core::toString(f.problem)) + ": " + f.message + "\n";
    }
    for (const std::string &n : r.notes)
        out += "note: " + n + "\n";
    if (havePolicy) {
        out += "\ndeviations from the policy: " + std::to_string(deviations.size()) + "\n";
        for (const core::PolicyDeviation &d : deviations)
            out += "  " + d.message + "\n";
    }
    out += "\n" + std::to_string(r.handshakes) + " connections in " +
           std::to_string(r.duration.count()) + " ms\n";
    printOut(out);
}

} // namespace

int runScan(const QStringList &args) {
    core::ScanOptions options;
    OutputFormat format = OutputFormat::Text;
    std::optional<core::TlsPolicy> policy;
    QString target;
    QString policyFile;
    QString serverName;
    auto ensurePolicy = [&]() -> core::TlsPolicy & {
        if (!policy)
            policy.emplace();
        return *policy;
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&](QString &out) {
            if (i + 1 >= args.size())
                return false;
            out = args.at(++i);
            return true;
        };
        QString v;
        if (a == u"--help" || a == u"-h") {
            printOut(scanUsage);
            return ExitOk;
        } else if (a == u"--sni") {
            if (!value(v))
                return usageError(QStringLiteral("--sni needs a name"));
            options.sni = v.toStdString();
        } else if (a == u"--output" || a == u"-o") {
            if (!value(v) || !parseOutputFormat(v, format))
                return usageError(QStringLiteral("--output takes text or json"));
        } else if (a == u"--policy") {
            if (!value(policyFile))
                return usageError(QStringLiteral("--policy needs a file"));
        } else if (a == u"--server") {
            if (!value(serverName))
                return usageError(QStringLiteral("--server needs a name"));
        } else if (a == u"--min-protocol" || a == u"--max-protocol") {
            if (!value(v))
                return usageError(a + QStringLiteral(" needs a version"));
            auto parsed = core::parseIstioTlsVersion(v.toStdString());
            if (!parsed)
                return reportError(parsed.error());
            (a == u"--min-protocol" ? ensurePolicy().minVersion : ensurePolicy().maxVersion) =
                *parsed;
        } else if (a == u"--cipher-suites") {
            if (!value(v))
                return usageError(QStringLiteral("--cipher-suites needs a list"));
            for (const QString &c : v.split(u',', Qt::SkipEmptyParts))
                ensurePolicy().cipherSuites.push_back(c.trimmed().toStdString());
        } else if (a == u"--policy-host") {
            if (!value(v))
                return usageError(QStringLiteral("--policy-host needs a host"));
            ensurePolicy().hosts.push_back(v.toStdString());
        } else if (a == u"--ca") {
            if (!value(v))
                return usageError(QStringLiteral("--ca needs a file"));
            auto certs = core::loadCertificatesFile(v.toStdString());
            if (!certs)
                return reportError(certs.error());
            options.trustAnchors = std::move(*certs);
        } else if (a == u"--connections") {
            bool ok = false;
            const int n = value(v) ? v.toInt(&ok) : 0;
            if (!ok || n < 1 || n > 64)
                return usageError(QStringLiteral("--connections takes 1..64"));
            options.maxConnections = n;
        } else if (a == u"--timeout") {
            bool ok = false;
            const int n = value(v) ? v.toInt(&ok) : 0;
            if (!ok || n < 50 || n > 120000)
                return usageError(QStringLiteral("--timeout takes 50..120000 ms"));
            options.connectTimeout = options.handshakeTimeout = std::chrono::milliseconds(n);
        } else if (a == u"--http-port") {
            bool ok = false;
            const uint n = value(v) ? v.toUInt(&ok) : 0;
            if (!ok || n == 0 || n > 65535)
                return usageError(QStringLiteral("--http-port takes 1..65535"));
            options.httpPort = uint16_t(n);
        } else if (a == u"--no-http") {
            options.checkHttp = false;
        } else if (a.startsWith(u'-')) {
            return usageError(
                QStringLiteral("unknown option '%1' (see 'gatehousectl scan --help')").arg(a));
        } else if (target.isEmpty()) {
            target = a;
        } else {
            return usageError(QStringLiteral("scan takes one HOST:PORT"));
        }
    }
    if (target.isEmpty())
        return usageError(
            QStringLiteral("give HOST[:PORT] to scan (see 'gatehousectl scan --help')"));
    if (!splitHostPort(target, options.host, options.port))
        return usageError(QStringLiteral("'%1' is not HOST[:PORT]").arg(target));
    if (!policyFile.isEmpty()) {
        auto loaded = core::loadGatewayPolicy(policyFile.toStdString(), serverName.toStdString());
        if (!loaded)
            return reportError(loaded.error());
        core::TlsPolicy merged = std::move(*loaded);
        if (policy) { // explicit flags refine the file
            if (policy->minVersion)
                merged.minVersion = policy->minVersion;
            if (policy->maxVersion)
                merged.maxVersion = policy->maxVersion;
            if (!policy->cipherSuites.empty())
                merged.cipherSuites = policy->cipherSuites;
            merged.hosts.insert(merged.hosts.end(), policy->hosts.begin(), policy->hosts.end());
        }
        policy = std::move(merged);
    } else if (!serverName.isEmpty()) {
        return usageError(QStringLiteral("--server needs --policy FILE"));
    }
    auto report = core::scanTls(options);
    if (!report)
        return reportError(report.error());
    std::vector<core::PolicyDeviation> deviations;
    if (policy)
        deviations = core::PolicyDiff::compare(*report, *policy);
    if (format == OutputFormat::Json)
        printJson(QJsonDocument(core::scanReportToJson(*report, deviations)));
    else
        printText(*report, deviations, policy.has_value());
    return deviations.empty() ? ExitOk : ExitFindings;
}

} // namespace gatehouse::cli
