#include "cli.h"
#include "commands.h"

#include "common/buildinfo.h"

#include <QCoreApplication>

#include <array>
#include <string_view>

namespace gatehouse::cli {

int runVersion(const QStringList &) {
    printOut("gatehousectl " + std::string(versionString()) + " (" +
             std::string(openSslVersionString()) + ", Qt " + qVersion() + ")\n");
    return ExitOk;
}

namespace {

struct Verb {
    std::string_view name;
    int (*run)(const QStringList &);
    std::string_view summary;
};

// The verb table: the CLI's whole surface.
constexpr std::array verbs{
    Verb{"version", &runVersion, "print version information"},
    Verb{"contexts", &runContexts, "list the kubeconfig's contexts"},
    Verb{"get", &runGet, "show live cluster resources"},
    Verb{"pull", &runPull, "write live resources (without server fields) to files"},
    Verb{"diff", &runDiff, "diff files against the cluster (server-side dry run)"},
    Verb{"apply", &runApply, "server-side apply files after a dry run and diff"},
    Verb{"delete", &runDelete, "delete cluster resources (asks first)"},
    Verb{"validate", &runValidate, "validate resources: Istio checks, analysis, TLS security"},
    Verb{"render", &runRender, "render a setup as YAML (kyma-default)"},
    Verb{"cert", &runCert, "inspect, create and verify certificates"},
    Verb{"scan", &runScan, "scan what a TLS endpoint negotiates"},
    Verb{"serve", &runServe, "serve the workspace locally with the gateway engine"},
};

void printUsage() {
    std::string text = "usage: gatehousectl <verb> [options]\n\nverbs:\n";
    for (const Verb &v : verbs) {
        text += "  " + std::string(v.name);
        text.append(v.name.size() < 12 ? 12 - v.name.size() : 1, ' ');
        text += std::string(v.summary) + '\n';
    }
    text += "\n'gatehousectl <verb> --help' describes a verb.\n"
            "exit codes: 0 ok, 1 findings/differences/failures, 2 bad input or unreachable\n";
    printOut(text);
}

} // namespace
} // namespace gatehouse::cli

int main(int argc, char **argv) {
    using namespace gatehouse::cli;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gatehousectl"));
    QCoreApplication::setOrganizationName(QStringLiteral("Gatehouse"));

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == u"--help" || args.first() == u"-h" ||
        args.first() == u"help") {
        printUsage();
        return args.isEmpty() ? ExitBadInput : ExitOk;
    }
    const QString verb = args.takeFirst();
    for (const Verb &v : verbs) {
        if (verb == QLatin1StringView(v.name.data(), qsizetype(v.name.size())))
            return v.run(args);
    }
    return usageError(QStringLiteral("unknown verb '%1' (see 'gatehousectl --help')").arg(verb));
}
