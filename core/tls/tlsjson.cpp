#include "tlsjson.h"

#include <QDateTime>
#include <QJsonArray>

namespace gatehouse::core {

namespace {

QString q(const std::string &s) {
    return QString::fromStdString(s);
}

QJsonArray strings(const std::vector<std::string> &list) {
    QJsonArray a;
    for (const std::string &s : list)
        a.append(q(s));
    return a;
}

QString isoTime(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch());
    return QDateTime::fromSecsSinceEpoch(secs.count(), Qt::UTC).toString(Qt::ISODate);
}

} // namespace

QJsonObject certificateInfoToJson(const CertificateInfo &info) {
    QJsonObject o;
    o[QStringLiteral("subject")] = q(info.subject);
    o[QStringLiteral("issuer")] = q(info.issuer);
    o[QStringLiteral("commonName")] = q(info.commonName);
    o[QStringLiteral("serial")] = q(info.serial);
    o[QStringLiteral("version")] = info.version;
    o[QStringLiteral("notBefore")] = isoTime(info.notBefore);
    o[QStringLiteral("notAfter")] = isoTime(info.notAfter);
    QJsonObject san;
    san[QStringLiteral("dns")] = strings(info.dnsNames);
    san[QStringLiteral("ip")] = strings(info.ipAddresses);
    san[QStringLiteral("uri")] = strings(info.uris);
    san[QStringLiteral("email")] = strings(info.emails);
    o[QStringLiteral("san")] = san;
    QJsonObject key;
    key[QStringLiteral("type")] = QString::fromLatin1(
        toString(info.publicKey.type).data(), qsizetype(toString(info.publicKey.type).size()));
    key[QStringLiteral("bits")] = info.publicKey.bits;
    if (!info.publicKey.curve.empty())
        key[QStringLiteral("curve")] = q(info.publicKey.curve);
    key[QStringLiteral("description")] = q(info.publicKey.description());
    o[QStringLiteral("publicKey")] = key;
    o[QStringLiteral("signatureAlgorithm")] = q(info.signatureAlgorithm);
    o[QStringLiteral("signatureDigest")] = q(info.signatureDigest);
    o[QStringLiteral("keyUsage")] = strings(info.keyUsage);
    o[QStringLiteral("extendedKeyUsage")] = strings(info.extendedKeyUsage);
    QJsonObject bc;
    bc[QStringLiteral("present")] = info.basicConstraints.present;
    bc[QStringLiteral("critical")] = info.basicConstraints.critical;
    bc[QStringLiteral("ca")] = info.basicConstraints.ca;
    if (info.basicConstraints.pathLength >= 0)
        bc[QStringLiteral("pathLength")] = info.basicConstraints.pathLength;
    o[QStringLiteral("basicConstraints")] = bc;
    o[QStringLiteral("subjectKeyId")] = q(info.subjectKeyId);
    o[QStringLiteral("authorityKeyId")] = q(info.authorityKeyId);
    QJsonObject fp;
    fp[QStringLiteral("sha256")] = q(info.sha256Fingerprint);
    fp[QStringLiteral("sha1")] = q(info.sha1Fingerprint);
    o[QStringLiteral("fingerprints")] = fp;
    o[QStringLiteral("crl")] = strings(info.crlUrls);
    o[QStringLiteral("ocsp")] = strings(info.ocspUrls);
    o[QStringLiteral("caIssuers")] = strings(info.caIssuerUrls);
    o[QStringLiteral("selfSigned")] = info.selfSigned;
    return o;
}

QJsonObject verifyResultToJson(const VerifyResult &result) {
    QJsonObject o;
    o[QStringLiteral("ok")] = result.ok();
    QJsonArray findings;
    for (const VerifyFinding &f : result.findings) {
        QJsonObject j;
        const std::string_view name = toString(f.problem);
        j[QStringLiteral("problem")] = QString::fromLatin1(name.data(), qsizetype(name.size()));
        j[QStringLiteral("depth")] = f.depth;
        j[QStringLiteral("subject")] = q(f.subject);
        j[QStringLiteral("message")] = q(f.message);
        findings.append(j);
    }
    o[QStringLiteral("findings")] = findings;
    QJsonArray chain;
    for (const Certificate &c : result.chain)
        chain.append(q(c.subject()));
    o[QStringLiteral("chain")] = chain;
    return o;
}

QJsonObject scanReportToJson(const ScanReport &report,
                             const std::vector<PolicyDeviation> &deviations) {
    QJsonObject o;
    QJsonObject target;
    target[QStringLiteral("host")] = q(report.host);
    target[QStringLiteral("port")] = int(report.port);
    target[QStringLiteral("sni")] = q(report.sni);
    target[QStringLiteral("address")] = q(report.address);
    o[QStringLiteral("target")] = target;

    QJsonObject protocols;
    QJsonObject ciphers;
    QJsonObject order;
    for (const VersionScan &vs : report.versions) {
        const std::string_view v = toString(vs.version);
        const QString key = QString::fromLatin1(v.data(), qsizetype(v.size()));
        protocols[key] = vs.accepted;
        ciphers[key] = strings(vs.ciphers);
        order[key] = vs.serverOrder ? QJsonValue(*vs.serverOrder) : QJsonValue(QJsonValue::Null);
    }
    o[QStringLiteral("protocols")] = protocols;
    o[QStringLiteral("ciphers")] = ciphers;
    o[QStringLiteral("serverOrder")] = order;
    o[QStringLiteral("groups")] = strings(report.groups);
    if (report.groupsVersion) {
        const std::string_view v = toString(*report.groupsVersion);
        o[QStringLiteral("groupsVersion")] = QString::fromLatin1(v.data(), qsizetype(v.size()));
    }
    o[QStringLiteral("alpn")] = strings(report.alpn);
    QJsonArray certs;
    for (const Certificate &c : report.certificates)
        certs.append(certificateInfoToJson(c.info()));
    o[QStringLiteral("certificates")] = certs;
    if (report.verification)
        o[QStringLiteral("verification")] = verifyResultToJson(*report.verification);
    o[QStringLiteral("ocspStapling")] = report.ocspStapled;
    QJsonObject res;
    res[QStringLiteral("sessionTicket")] = report.resumption.sessionTicket;
    res[QStringLiteral("sessionId")] = report.resumption.sessionId;
    o[QStringLiteral("resumption")] = res;
    if (report.http.checked || report.http.httpPort) {
        QJsonObject h;
        h[QStringLiteral("status")] = report.http.status;
        h[QStringLiteral("hsts")] = q(report.http.strictTransportSecurity);
        if (report.http.hstsMaxAge)
            h[QStringLiteral("hstsMaxAge")] = double(*report.http.hstsMaxAge);
        h[QStringLiteral("hstsIncludeSubDomains")] = report.http.hstsIncludeSubDomains;
        h[QStringLiteral("httpPort")] = int(report.http.httpPort);
        h[QStringLiteral("httpListening")] = report.http.httpListening;
        h[QStringLiteral("httpStatus")] = report.http.httpStatus;
        h[QStringLiteral("httpLocation")] = q(report.http.httpLocation);
        h[QStringLiteral("redirectsToHttps")] = report.http.redirectsToHttps;
        if (!report.http.httpError.empty())
            h[QStringLiteral("httpError")] = q(report.http.httpError);
        o[QStringLiteral("http")] = h;
    }
    QJsonArray devs;
    for (const PolicyDeviation &d : deviations) {
        QJsonObject j;
        const std::string_view kind = toString(d.kind);
        j[QStringLiteral("kind")] = QString::fromLatin1(kind.data(), qsizetype(kind.size()));
        j[QStringLiteral("subject")] = q(d.subject);
        j[QStringLiteral("message")] = q(d.message);
        devs.append(j);
    }
    o[QStringLiteral("deviations")] = devs;
    QJsonObject stats;
    stats[QStringLiteral("connections")] = report.handshakes;
    stats[QStringLiteral("failedProbes")] = report.failedProbes;
    stats[QStringLiteral("durationMs")] = double(report.duration.count());
    o[QStringLiteral("stats")] = stats;
    o[QStringLiteral("notes")] = strings(report.notes);
    return o;
}

} // namespace gatehouse::core
