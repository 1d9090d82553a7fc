#include "cli.h"
#include "commands.h"

#include "render/kymadefault.h"
#include "workspace/atomicfile.h"

#include <filesystem>

namespace gatehouse::cli {

namespace {

constexpr const char *kRenderHelp =
    "usage: gatehousectl render kyma-default [--domain D] [--cert FILE --key FILE] [--out DIR]\n"
    "       gatehousectl render demo-workspace [--out DIR]\n"
    "\n"
    "Renders Kyma's default ingress setup: the kyma-gateway Gateway (ports 80 and 443,\n"
    "80 redirected to 443, TLSV1_2 minimum, the five ECDHE-RSA cipher suites, hosts\n"
    "*.D), the TLS override ConfigMap (global.tlsCrt / global.tlsKey) and the\n"
    "kyma-gateway-certs Secret. Without --cert/--key a self-signed RSA-2048 wildcard\n"
    "certificate is generated for the domain (default local.kyma.dev, which resolves\n"
    "to 127.0.0.1). Without --out the YAML goes to standard output; with --out the files\n"
    "are written there (those with a private key as mode 0600).\n"
    "\n"
    "demo-workspace writes the desktop app's demo workspace (kyma-default for\n"
    "local.kyma.dev plus a sample VirtualService, ServiceEntry and endpoints file) into\n"
    "DIR (default ~/.local/share/gatehouse/demo), keeping files that already exist, and\n"
    "prints the folder.\n";

} // namespace

int runRender(const QStringList &args) {
    if (args.isEmpty() || args.first() == u"--help" || args.first() == u"-h") {
        printOut(kRenderHelp);
        return args.isEmpty() ? ExitBadInput : ExitOk;
    }
    if (args.first() == u"demo-workspace") {
        std::string folder = core::defaultDemoWorkspaceFolder();
        if (args.size() == 3 && args[1] == u"--out")
            folder = args[2].toStdString();
        else if (args.size() != 1)
            return usageError(QStringLiteral("render demo-workspace takes only --out DIR"));
        auto made = core::materialiseDemoWorkspace(folder);
        if (!made)
            return reportError(made.error());
        printOut(*made + "\n");
        return ExitOk;
    }
    if (args.first() != u"kyma-default")
        return usageError(
            QStringLiteral("render: unknown setup '%1' (known: kyma-default, demo-workspace)")
                .arg(args.first()));
    core::KymaDefaultOptions options;
    QString outDir;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&](QString &into) {
            if (i + 1 >= args.size())
                return false;
            into = args[++i];
            return true;
        };
        QString v;
        if (a == u"--domain" && value(v))
            options.domain = v.toStdString();
        else if (a == u"--cert" && value(v))
            options.certFile = v.toStdString();
        else if (a == u"--key" && value(v))
            options.keyFile = v.toStdString();
        else if (a == u"--out" && value(v))
            outDir = v;
        else if (a == u"--help" || a == u"-h") {
            printOut(kRenderHelp);
            return ExitOk;
        } else
            return usageError(QStringLiteral("render: unknown or incomplete option '%1'").arg(a));
    }
    auto files = core::renderKymaDefault(options);
    if (!files)
        return reportError(files.error());
    if (outDir.isEmpty()) {
        printOut(core::joinDocuments(*files));
        return ExitOk;
    }
    std::error_code ec;
    std::filesystem::create_directories(outDir.toStdString(), ec);
    if (ec)
        return reportError(
            Error("io.write", "cannot create '" + outDir.toStdString() + "'", ec.message()));
    for (const core::RenderedFile &f : *files) {
        const std::string path = (std::filesystem::path(outDir.toStdString()) / f.name).string();
        if (auto s = core::writeFileAtomically(path, f.text,
                                               f.holdsPrivateKey ? core::FileSecrecy::Private
                                                                 : core::FileSecrecy::Public);
            !s)
            return reportError(s.error());
        printErr("wrote " + path + "\n");
    }
    return ExitOk;
}

} // namespace gatehouse::cli
