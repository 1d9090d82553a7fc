#include "cli.h"
#include "commands.h"

#include "controller/gatewaycontroller.h"
#include "translation/gatewaytranslator.h"
#include "validation/validator.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse::cli {

namespace {

constexpr const char *kServeHelp =
    "usage: gatehousectl serve [--workspace DIR | FILE|DIR ...] [--port-map 80=8080,443=8443]\n"
    "         [--admin ADDR:PORT|off] [--upstream NAME=HOST:PORT]... [--route HOST=URL]...\n"
    "         [--endpoints FILE] [--access-log FILE|-] [--access-log-format text|json]\n"
    "         [--workers N] [--bind ADDR]\n"
    "\n"
    "Serves the workspace's Gateways, VirtualServices, TLS overrides and Secrets on this\n"
    "machine with the Gatehouse engine, with the meaning Istio's Envoy gives them.\n"
    "Ports below 1024 are mapped (default 80=8080,443=8443). Destination hosts map to\n"
    "local addresses through --upstream, --endpoints (default: <workspace>/gatehouse.endpoints,\n"
    "one NAME=HOST:PORT per line) or ServiceEntry endpoints; NAME/SUBSET=HOST:PORT gives a\n"
    "DestinationRule subset its own. DestinationRule tls (SIMPLE, MUTUAL) is originated\n"
    "towards the endpoints. --route HOST=URL adds a catch-all route for HOST. The admin listener "
    "(default 127.0.0.1:15000) serves /metrics,\n"
    "/config_dump and /ready.\n"
    "\n"
    "SIGHUP or a change of a workspace file reloads: an invalid new config is refused with\n"
    "its findings and the old one keeps serving. SIGTERM/SIGINT drain and exit.\n"
    "Exit: 0 after a clean stop, 2 bad input, invalid config or a port in use.\n";

int g_signalPipe[2] = {-1, -1};

void onSignal(int sig) {
    const char c = char(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &c, 1);
}

struct ServeOptions {
    std::vector<std::string> paths;
    std::string endpointsFile;
    core::TranslationOptions translation;
    int workers = 0;
};

// Loads, validates and translates the workspace: the one path for start and reload.
Result<std::shared_ptr<const gateway::Config>>
buildConfig(const ServeOptions &o, std::vector<std::string> &watch, std::string &report) {
    core::TranslationOptions t = o.translation;
    core::Model model;
    if (!o.paths.empty()) {
        auto ws = core::Workspace::openPaths(o.paths);
        if (!ws)
            return std::unexpected(ws.error());
        const auto findings = core::validateWorkspace(*ws);
        const auto counts = core::countFindings(findings);
        for (const core::Finding &f : findings) {
            if (f.severity == core::Severity::Error)
                report += f.toText() + '\n';
        }
        if (counts.errors > 0)
            return fail("serve.invalid", std::to_string(counts.errors) +
                                             " error(s) in the workspace (run 'gatehousectl "
                                             "validate' for every finding)");
        for (const auto &f : ws->files())
            watch.push_back(f.path());
        if (!ws->root().empty())
            watch.push_back(ws->root());
        if (t.baseDirectory.empty())
            t.baseDirectory = ws->root();
        model = ws->buildModel();
    }
    const std::string endpoints =
        o.endpointsFile.empty() ? core::workspaceEndpointsFile(t.baseDirectory) : o.endpointsFile;
    if (!endpoints.empty()) {
        if (auto added = core::addEndpointsFile(t, endpoints); !added) // --upstream wins
            return std::unexpected(added.error());
        watch.push_back(endpoints);
    }
    auto translation = core::translateModel(model, t);
    if (!translation)
        return std::unexpected(translation.error());
    for (const std::string &w : translation->warnings)
        report += "warning: " + w + '\n';
    if (auto ok = gateway::Engine::validate(*translation->config); !ok)
        return std::unexpected(ok.error());
    return std::shared_ptr<const gateway::Config>(translation->config);
}

Result<std::pair<std::string, std::uint16_t>> parseAddress(const QString &text) {
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const int port = colon > 0 ? text.mid(colon + 1).toInt(&ok) : 0;
    if (!ok || port < 0 || port > 65535)
        return fail("serve.admin", "'" + text.toStdString() + "' is not ADDR:PORT");
    return std::pair{text.left(colon).toStdString(), std::uint16_t(port)};
}

} // namespace

int runServe(const QStringList &args) {
    ServeOptions o;
    o.translation.accessLog.format = gateway::AccessLog::Format::Off;
    auto value = [&](qsizetype &i, const QString &name) -> std::optional<QString> {
        if (i + 1 >= args.size())
            return std::nullopt;
        (void)name;
        return args[++i];
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString a = args[i];
        if (a == u"--help" || a == u"-h") {
            printOut(kServeHelp);
            return ExitOk;
        }
        if (!a.startsWith(u"--") || a == u"-") {
            o.paths.push_back(a.toStdString());
            continue;
        }
        const auto v = value(i, a);
        if (!v)
            return usageError(QStringLiteral("serve: %1 needs a value").arg(a));
        if (a == u"--workspace") {
            o.paths.push_back(v->toStdString());
        } else if (a == u"--port-map") {
            auto pm = core::parsePortMap(v->toStdString());
            if (!pm)
                return reportError(pm.error());
            for (auto [from, to] : *pm)
                o.translation.portMap[from] = to;
        } else if (a == u"--admin") {
            if (*v == u"off") {
                o.translation.adminPort.reset();
            } else {
                auto addr = parseAddress(*v);
                if (!addr)
                    return reportError(addr.error());
                o.translation.adminAddress = addr->first;
                o.translation.adminPort = addr->second;
            }
        } else if (a == u"--upstream") {
            auto up = core::parseUpstream(v->toStdString());
            if (!up)
                return reportError(up.error());
            o.translation.upstreams[up->first].push_back(up->second);
        } else if (a == u"--route") {
            auto r = core::parseRoute(v->toStdString());
            if (!r)
                return reportError(r.error());
            o.translation.routes[r->first] = r->second;
        } else if (a == u"--endpoints") {
            o.endpointsFile = v->toStdString();
        } else if (a == u"--access-log") {
            o.translation.accessLog.path = v->toStdString();
            if (o.translation.accessLog.format == gateway::AccessLog::Format::Off)
                o.translation.accessLog.format = gateway::AccessLog::Format::Text;
        } else if (a == u"--access-log-format") {
            if (*v == u"json")
                o.translation.accessLog.format = gateway::AccessLog::Format::Json;
            else if (*v == u"text")
                o.translation.accessLog.format = gateway::AccessLog::Format::Text;
            else
                return usageError(QStringLiteral("--access-log-format takes text or json"));
        } else if (a == u"--workers") {
            bool ok = false;
            o.workers = v->toInt(&ok);
            if (!ok || o.workers < 0 || o.workers > 256)
                return usageError(QStringLiteral("--workers takes a number (0: one per core)"));
        } else if (a == u"--bind") {
            o.translation.bindAddress = v->toStdString();
        } else {
            return usageError(QStringLiteral("serve: unknown option '%1'").arg(a));
        }
    }
    if (o.paths.empty() && o.translation.routes.empty())
        return usageError(QStringLiteral("serve: name a workspace (--workspace DIR or files) or "
                                         "give --route HOST=URL"));

    std::vector<std::string> watchList;
    std::string report;
    auto config = buildConfig(o, watchList, report);
    printErr(report);
    if (!config)
        return reportError(config.error());

    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
        return reportError(Error("serve.signals", "cannot set up signal handling"));
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    core::GatewayController controller;
    int exitCode = ExitOk;
    QObject::connect(&controller, &core::GatewayController::started, [&] {
        std::string text;
        for (const auto &l : controller.listeningAddresses())
            text += "listening " + l.listener + ' ' + (l.tls ? "https://" : "http://") + l.address +
                    ':' + std::to_string(l.port) + " (gateway port " +
                    std::to_string(l.gatewayPort) + ")\n";
        if (auto admin = controller.adminAddress())
            text += "admin http://" + admin->address + ':' + std::to_string(admin->port) +
                    " (/metrics /config_dump /ready)\n";
        printOut(text);
    });
    QObject::connect(&controller, &core::GatewayController::startFailed, [&](const Error &e) {
        exitCode = reportError(e);
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&controller, &core::GatewayController::reloaded, [&](quint64 generation) {
        printErr("reloaded (config generation " + std::to_string(generation) + ")\n");
    });
    QObject::connect(&controller, &core::GatewayController::reloadFailed, [&](const Error &e) {
        printErr("reload refused, the previous config keeps serving: " + e.toString() + '\n');
    });
    QObject::connect(&controller, &core::GatewayController::stopped,
                     [&] { QCoreApplication::exit(exitCode); });

    // Reload: SIGHUP or a workspace change (debounced; editors write in several steps).
    QFileSystemWatcher watcher;
    auto rewatch = [&watcher](const std::vector<std::string> &paths) {
        if (!watcher.files().isEmpty())
            watcher.removePaths(watcher.files());
        if (!watcher.directories().isEmpty())
            watcher.removePaths(watcher.directories());
        for (const std::string &p : paths)
            watcher.addPath(QString::fromStdString(p));
    };
    rewatch(watchList);
    QTimer debounce;
    debounce.setSingleShot(true);
    debounce.setInterval(300);
    QObject::connect(&debounce, &QTimer::timeout, [&] {
        if (controller.state() != core::GatewayController::State::Running)
            return;
        std::vector<std::string> newWatch;
        std::string findings;
        auto next = buildConfig(o, newWatch, findings);
        printErr(findings);
        if (!next) {
            printErr("reload refused, the previous config keeps serving: " +
                     next.error().toString() + '\n');
        } else {
            controller.reload(*next);
        }
        rewatch(newWatch.empty() ? watchList : newWatch);
    });
    QObject::connect(&watcher, &QFileSystemWatcher::fileChanged, &debounce,
                     qOverload<>(&QTimer::start));
    QObject::connect(&watcher, &QFileSystemWatcher::directoryChanged, &debounce,
                     qOverload<>(&QTimer::start));

    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        char sig = 0;
        if (::read(g_signalPipe[0], &sig, 1) != 1)
            return;
        if (sig == SIGHUP) {
            debounce.start(0);
        } else {
            printErr("draining and stopping\n");
            controller.stop();
            if (controller.state() == core::GatewayController::State::Stopped)
                QCoreApplication::exit(exitCode);
        }
    });

    controller.start(*config, o.workers);
    return QCoreApplication::exec();
}

} // namespace gatehouse::cli
