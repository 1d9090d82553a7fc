#include "cli.h"
#include "commands.h"

#include "tls/certificatebuilder.h"
#include "tls/certificateloader.h"
#include "tls/certificateverifier.h"
#include "tls/tlsjson.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <optional>

namespace gatehouse::cli {

namespace {

constexpr const char *certUsage =
    "usage: gatehousectl cert inspect FILE... [--password P] [--passphrase P] [-o json]\n"
    "       gatehousectl cert new ca|leaf|self-signed|csr [options]\n"
    "       gatehousectl cert verify FILE [--ca F] [--host H] [--key F] [--at TIME] [-o json]\n"
    "\n"
    "inspect: PEM (any number of blocks), DER, base64-wrapped PEM, PKCS#12 (--password).\n"
    "\n"
    "new options:\n"
    "  --cn NAME                subject common name (or --subject 'CN=..,O=..')\n"
    "  --dns A,B  --ip A,B  --uri U  --email E    subjectAltNames\n"
    "  --key-type T             rsa2048|rsa3072|rsa4096|ec-p256|ec-p384|ed25519 (default "
    "ec-p256)\n"
    "  --key FILE               use an existing key instead of generating one\n"
    "  --days N                 lifetime (default 365, CA 3650)\n"
    "  --ca-cert F --ca-key F   the issuer (leaf); --ca-passphrase P for an encrypted key\n"
    "  --out-cert F --out-key F --out-csr F       where to write PEM (keys: mode 0600)\n"
    "  --passphrase P           encrypt the written key (AES-256)\n"
    "  --der F                  also write the certificate as DER\n"
    "  --p12 F --p12-password P also write key + chain as PKCS#12\n"
    "\n"
    "verify exits 0 when valid, 1 on any failure, 2 when the input is unreadable.\n";

bool writeFile(const QString &path, const std::string &data) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data.data(), qint64(data.size())) == qint64(data.size());
}

std::string joinList(const std::vector<std::string> &l) {
    std::string s;
    for (const std::string &x : l)
        s += (s.empty() ? "" : ", ") + x;
    return s;
}

std::string isoTime(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch());
    return QDateTime::fromSecsSinceEpoch(secs.count(), Qt::UTC).toString(Qt::ISODate).toStdString();
}

std::string describe(const core::CertificateInfo &i) {
    std::string s;
    auto line = [&](const char *k, const std::string &v) {
        if (!v.empty())
            s += std::string("  ") + k + ": " + v + "\n";
    };
    line("subject", i.subject);
    line("issuer", i.issuer);
    line("serial", i.serial);
    line("valid", isoTime(i.notBefore) + " to " + isoTime(i.notAfter));
    line("DNS", joinList(i.dnsNames));
    line("IP", joinList(i.ipAddresses));
    line("URI", joinList(i.uris));
    line("email", joinList(i.emails));
    line("key", i.publicKey.description());
    line("signature", i.signatureAlgorithm);
    line("key usage", joinList(i.keyUsage));
    line("extended key usage", joinList(i.extendedKeyUsage));
    if (i.basicConstraints.present)
        line("basic constraints",
             std::string(i.basicConstraints.ca ? "CA:TRUE" : "CA:FALSE") +
                 (i.basicConstraints.pathLength >= 0
                      ? ", pathlen:" + std::to_string(i.basicConstraints.pathLength)
                      : std::string()) +
                 (i.basicConstraints.critical ? " (critical)" : ""));
    line("subject key id", i.subjectKeyId);
    line("authority key id", i.authorityKeyId);
    line("SHA-256", i.sha256Fingerprint);
    line("SHA-1", i.sha1Fingerprint);
    line("CRL", joinList(i.crlUrls));
    line("OCSP", joinList(i.ocspUrls));
    line("CA issuers", joinList(i.caIssuerUrls));
    if (i.selfSigned)
        s += "  self-signed\n";
    return s;
}

// Takes the value after option `a` at args[i]; false when missing.
struct Args {
    const QStringList &list;
    qsizetype i = 0;
    bool value(QString &out) {
        if (i + 1 >= list.size())
            return false;
        out = list.at(++i);
        return true;
    }
};

std::vector<std::string> splitList(const QString &v) {
    std::vector<std::string> out;
    for (const QString &p : v.split(u',', Qt::SkipEmptyParts))
        out.push_back(p.trimmed().toStdString());
    return out;
}

int runInspect(const QStringList &args) {
    OutputFormat format = OutputFormat::Text;
    QString password;
    QString passphrase;
    QStringList files;
    Args a{args};
    for (; a.i < args.size(); ++a.i) {
        const QString &o = args.at(a.i);
        if (o == u"--output" || o == u"-o") {
            QString v;
            if (!a.value(v) || !parseOutputFormat(v, format))
                return usageError(QStringLiteral("--output takes text or json"));
        } else if (o == u"--password") {
            if (!a.value(password))
                return usageError(QStringLiteral("--password needs a value"));
        } else if (o == u"--passphrase") {
            if (!a.value(passphrase))
                return usageError(QStringLiteral("--passphrase needs a value"));
        } else if (o.startsWith(u'-')) {
            return usageError(QStringLiteral("unknown option '%1'").arg(o));
        } else {
            files << o;
        }
    }
    if (files.isEmpty())
        return usageError(QStringLiteral("give at least one FILE to inspect"));
    QJsonArray out;
    std::string text;
    for (const QString &file : files) {
        const std::filesystem::path path = file.toStdString();
        std::vector<core::Certificate> certs;
        std::optional<core::PublicKeyInfo> keyInfo;
        auto loaded = core::loadCertificatesFile(path);
        if (loaded) {
            certs = std::move(*loaded);
        } else {
            // PKCS#12, or a private key on its own.
            auto p12 = core::loadPkcs12File(path, password.toStdString());
            if (p12) {
                certs = p12->certificates;
                if (p12->key)
                    keyInfo = p12->key->publicKeyInfo();
            } else if (p12.error().code == "pkcs12.bad_password") {
                return reportError(p12.error());
            } else if (auto key = core::PrivateKey::load(path, passphrase.toStdString())) {
                keyInfo = key->publicKeyInfo();
            } else if (key.error().code == "key.passphrase_required" ||
                       key.error().code == "key.bad_passphrase") {
                return reportError(key.error());
            } else {
                return reportError(loaded.error());
            }
        }
        QJsonObject entry;
        entry[QStringLiteral("file")] = file;
        QJsonArray list;
        text += file.toStdString() + ":\n";
        for (size_t n = 0; n < certs.size(); ++n) {
            const core::CertificateInfo info = certs[n].info();
            list.append(core::certificateInfoToJson(info));
            text += "certificate " + std::to_string(n) + "\n" + describe(info);
        }
        entry[QStringLiteral("certificates")] = list;
        if (keyInfo) {
            QJsonObject k;
            k[QStringLiteral("description")] = QString::fromStdString(keyInfo->description());
            k[QStringLiteral("bits")] = keyInfo->bits;
            entry[QStringLiteral("privateKey")] = k;
            text += "private key: " + keyInfo->description() + "\n";
        }
        out.append(entry);
    }
    if (format == OutputFormat::Json)
        printJson(QJsonDocument(out));
    else
        printOut(text);
    return ExitOk;
}

int runNew(const QStringList &args) {
    if (args.isEmpty())
        return usageError(QStringLiteral("cert new needs ca, leaf, self-signed or csr"));
    const QString kind = args.first();
    if (kind != u"ca" && kind != u"leaf" && kind != u"self-signed" && kind != u"csr")
        return usageError(
            QStringLiteral("cert new takes ca, leaf, self-signed or csr, not '%1'").arg(kind));
    core::CertificateSpec spec;
    spec.isCa = kind == u"ca";
    spec.lifetime = std::chrono::hours(24 * (spec.isCa ? 3650 : 365));
    core::KeyAlgorithm algorithm = core::KeyAlgorithm::EcdsaP256;
    QString keyFile, caCert, caKey, caPassphrase, outCert, outKey, outCsr, passphrase, derFile,
        p12File, p12Password, cn;
    Args a{args, 1};
    for (; a.i < args.size(); ++a.i) {
        const QString &o = args.at(a.i);
        QString v;
        auto need = [&](QString &target) {
            return a.value(target);
        };
        if (o == u"--cn") {
            if (!need(cn))
                return usageError(QStringLiteral("--cn needs a name"));
        } else if (o == u"--subject") {
            if (!need(v))
                return usageError(QStringLiteral("--subject needs a value"));
            spec.subject = v.toStdString();
        } else if (o == u"--dns" || o == u"--ip" || o == u"--uri" || o == u"--email") {
            if (!need(v))
                return usageError(o + QStringLiteral(" needs a value"));
            auto &list = o == u"--dns"   ? spec.dnsNames
                         : o == u"--ip"  ? spec.ipAddresses
                         : o == u"--uri" ? spec.uris
                                         : spec.emails;
            for (std::string &x : splitList(v))
                list.push_back(std::move(x));
        } else if (o == u"--key-type") {
            if (!need(v))
                return usageError(QStringLiteral("--key-type needs a type"));
            auto parsed = core::parseKeyAlgorithm(v.toStdString());
            if (!parsed)
                return usageError(QStringLiteral("unknown key type '%1'").arg(v));
            algorithm = *parsed;
        } else if (o == u"--days") {
            bool ok = false;
            const int days = need(v) ? v.toInt(&ok) : 0;
            if (!ok || days < 1 || days > 36500)
                return usageError(QStringLiteral("--days takes 1..36500"));
            spec.lifetime = std::chrono::hours(24 * days);
        } else if (o == u"--key") {
            if (!need(keyFile))
                return usageError(QStringLiteral("--key needs a file"));
        } else if (o == u"--ca-cert") {
            if (!need(caCert))
                return usageError(QStringLiteral("--ca-cert needs a file"));
        } else if (o == u"--ca-key") {
            if (!need(caKey))
                return usageError(QStringLiteral("--ca-key needs a file"));
        } else if (o == u"--ca-passphrase") {
            if (!need(caPassphrase))
                return usageError(QStringLiteral("--ca-passphrase needs a value"));
        } else if (o == u"--out-cert") {
            if (!need(outCert))
                return usageError(QStringLiteral("--out-cert needs a file"));
        } else if (o == u"--out-key") {
            if (!need(outKey))
                return usageError(QStringLiteral("--out-key needs a file"));
        } else if (o == u"--out-csr") {
            if (!need(outCsr))
                return usageError(QStringLiteral("--out-csr needs a file"));
        } else if (o == u"--passphrase") {
            if (!need(passphrase))
                return usageError(QStringLiteral("--passphrase needs a value"));
        } else if (o == u"--der") {
            if (!need(derFile))
                return usageError(QStringLiteral("--der needs a file"));
        } else if (o == u"--p12") {
            if (!need(p12File))
                return usageError(QStringLiteral("--p12 needs a file"));
        } else if (o == u"--p12-password") {
            if (!need(p12Password))
                return usageError(QStringLiteral("--p12-password needs a value"));
        } else {
            return usageError(
                QStringLiteral("unknown option '%1' (see 'gatehousectl cert --help')").arg(o));
        }
    }
    if (!cn.isEmpty()) {
        const std::string escaped = QString(cn).replace(u',', QStringLiteral("\\,")).toStdString();
        spec.subject =
            spec.subject.empty() ? "CN=" + escaped : "CN=" + escaped + "," + spec.subject;
    }
    if (spec.subject.empty() && !spec.dnsNames.empty())
        spec.subject = "CN=" + spec.dnsNames.front();
    if (spec.subject.empty() && spec.dnsNames.empty() && spec.ipAddresses.empty())
        return usageError(QStringLiteral("give --cn, --subject or --dns"));
    if (kind == u"csr" ? outCsr.isEmpty() : outCert.isEmpty())
        return usageError(kind == u"csr" ? QStringLiteral("give --out-csr FILE")
                                         : QStringLiteral("give --out-cert FILE"));
    if (keyFile.isEmpty() && outKey.isEmpty())
        return usageError(QStringLiteral("give --out-key FILE for the new key (or --key FILE)"));

    std::optional<core::PrivateKey> key;
    if (!keyFile.isEmpty()) {
        auto loaded = core::PrivateKey::load(keyFile.toStdString(), passphrase.toStdString());
        if (!loaded)
            return reportError(loaded.error());
        key = std::move(*loaded);
    } else {
        auto made = core::PrivateKey::generate(algorithm);
        if (!made)
            return reportError(made.error());
        key = std::move(*made);
    }

    std::vector<core::Certificate> chain;
    if (kind == u"csr") {
        auto csr = core::createCsrPem(spec, *key);
        if (!csr)
            return reportError(csr.error());
        if (!writeFile(outCsr, *csr))
            return usageError(QStringLiteral("cannot write %1").arg(outCsr));
    } else if (kind == u"leaf") {
        if (caCert.isEmpty() || caKey.isEmpty())
            return usageError(QStringLiteral("a leaf needs --ca-cert and --ca-key"));
        auto issuer = core::loadCertificatesFile(caCert.toStdString());
        if (!issuer)
            return reportError(issuer.error());
        auto issuerKey = core::PrivateKey::load(caKey.toStdString(), caPassphrase.toStdString());
        if (!issuerKey)
            return reportError(issuerKey.error());
        auto cert = core::createSigned(spec, *key, issuer->front(), *issuerKey);
        if (!cert)
            return reportError(cert.error());
        chain = {*cert, issuer->front()};
    } else {
        auto cert = core::createSelfSigned(spec, *key);
        if (!cert)
            return reportError(cert.error());
        chain = {*cert};
    }
    if (!chain.empty()) {
        auto pem = core::certificatesToPem(chain);
        if (!pem)
            return reportError(pem.error());
        if (!writeFile(outCert, *pem))
            return usageError(QStringLiteral("cannot write %1").arg(outCert));
        if (!derFile.isEmpty()) {
            auto der = chain.front().toDer();
            if (!der)
                return reportError(der.error());
            if (!writeFile(derFile, *der))
                return usageError(QStringLiteral("cannot write %1").arg(derFile));
        }
        if (!p12File.isEmpty()) {
            if (auto st = core::savePkcs12File(p12File.toStdString(), *key, chain,
                                               p12Password.toStdString(),
                                               chain.front().info().commonName);
                !st)
                return reportError(st.error());
        }
    }
    if (!outKey.isEmpty()) {
        if (auto st = key->save(outKey.toStdString(), passphrase.toStdString()); !st)
            return reportError(st.error());
    }
    std::string summary = "wrote";
    if (!chain.empty())
        summary += " " + outCert.toStdString() + " (" + chain.front().subject() + ")";
    if (!outCsr.isEmpty())
        summary += " " + outCsr.toStdString();
    if (!outKey.isEmpty())
        summary += " " + outKey.toStdString() + " (" + key->publicKeyInfo().description() + ")";
    printOut(summary + "\n");
    return ExitOk;
}

int runVerify(const QStringList &args) {
    OutputFormat format = OutputFormat::Text;
    core::VerifyOptions options;
    QString file, keyFile, passphrase;
    Args a{args};
    for (; a.i < args.size(); ++a.i) {
        const QString &o = args.at(a.i);
        QString v;
        if (o == u"--output" || o == u"-o") {
            if (!a.value(v) || !parseOutputFormat(v, format))
                return usageError(QStringLiteral("--output takes text or json"));
        } else if (o == u"--ca") {
            if (!a.value(v))
                return usageError(QStringLiteral("--ca needs a file"));
            auto certs = core::loadCertificatesFile(v.toStdString());
            if (!certs)
                return reportError(certs.error());
            options.trustAnchors.insert(options.trustAnchors.end(), certs->begin(), certs->end());
        } else if (o == u"--host") {
            if (!a.value(v))
                return usageError(QStringLiteral("--host needs a name"));
            options.host = v.toStdString();
        } else if (o == u"--key") {
            if (!a.value(keyFile))
                return usageError(QStringLiteral("--key needs a file"));
        } else if (o == u"--passphrase") {
            if (!a.value(passphrase))
                return usageError(QStringLiteral("--passphrase needs a value"));
        } else if (o == u"--at") {
            if (!a.value(v))
                return usageError(QStringLiteral("--at needs an ISO 8601 time"));
            const QDateTime t = QDateTime::fromString(v, Qt::ISODate);
            if (!t.isValid())
                return usageError(QStringLiteral("'%1' is not an ISO 8601 time").arg(v));
            options.at =
                std::chrono::system_clock::time_point(std::chrono::seconds(t.toSecsSinceEpoch()));
        } else if (o == u"--client") {
            options.purpose = core::CertificatePurpose::ClientAuth;
        } else if (o.startsWith(u'-')) {
            return usageError(QStringLiteral("unknown option '%1'").arg(o));
        } else if (file.isEmpty()) {
            file = o;
        } else {
            return usageError(QStringLiteral("cert verify takes one FILE (leaf first)"));
        }
    }
    if (file.isEmpty())
        return usageError(QStringLiteral("give the FILE to verify"));
    auto certs = core::loadCertificatesFile(file.toStdString());
    if (!certs)
        return reportError(certs.error());
    if (!keyFile.isEmpty()) {
        auto key = core::PrivateKey::load(keyFile.toStdString(), passphrase.toStdString());
        if (!key)
            return reportError(key.error());
        options.privateKey = std::move(*key);
    }
    auto result = core::verifyChain(*certs, options);
    if (!result)
        return reportError(result.error());
    if (format == OutputFormat::Json) {
        printJson(QJsonDocument(core::verifyResultToJson(*result)));
    } else {
        std::string text = file.toStdString() + ": " + (result->ok() ? "valid" : "INVALID") + "\n";
        for (const core::VerifyFinding &f : result->findings)
            text += "  " + std::string(core::toString(f.problem)) + ": " + f.message + "\n";
        text += "chain:\n";
        for (const core::Certificate &c : result->chain)
            text += "  " + c.subject() + "\n";
        printOut(text);
    }
    return result->ok() ? ExitOk : ExitFindings;
}

} // namespace

int runCert(const QStringList &args) {
    if (args.isEmpty() || args.first() == u"--help" || args.first() == u"-h") {
        printOut(certUsage);
        return args.isEmpty() ? ExitBadInput : ExitOk;
    }
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == u"inspect")
        return runInspect(rest);
    if (sub == u"new")
        return runNew(rest);
    if (sub == u"verify")
        return runVerify(rest);
    return usageError(QStringLiteral("unknown 'cert %1' (inspect, new, verify)").arg(sub));
}

} // namespace gatehouse::cli
