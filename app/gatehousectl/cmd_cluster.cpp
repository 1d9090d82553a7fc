// The cluster verbs: contexts, get, pull, diff, apply, delete. Each parses its arguments
// and calls the same core::ClusterSession the desktop app uses.
#include "cli.h"
#include "commands.h"

#include "cluster/clustersession.h"
#include "cluster/jsonyaml.h"
#include "cluster/resourceobject.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace gatehouse::cli {
namespace {

using core::ApplyOutcome;
using core::ApplyResult;
using core::ClusterSession;

struct ClusterArgs {
    QString kubeconfig;
    QString context;
    QString ns;
    bool allNamespaces = false;
    QString output;
    QString selector;
    QString outDir;
    QStringList files;
    bool dryRun = false;
    bool force = false;
    bool yes = false;
    bool showSecrets = false;
    bool skipValidation = false;
    bool help = false;
    QStringList positional;
};

const char *kGlobalHelp =
    "  --kubeconfig FILE   kubeconfig to use (default: KUBECONFIG, ~/.kube/config)\n"
    "  --context NAME      context to use (default: the current one)\n"
    "  -n, --namespace NS  namespace (default: the context's)\n";

// Parses the options every cluster verb shares plus the verb's own; false on bad usage.
bool parseArgs(const QStringList &args, ClusterArgs &out, QString &error) {
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString arg = args[i];
        QString value;
        bool inlineValue = false;
        if (arg.startsWith(u"--") && arg.contains(u'=')) {
            value = arg.section(u'=', 1);
            arg = arg.section(u'=', 0, 0);
            inlineValue = true;
        }
        auto take = [&](QString &target) {
            if (inlineValue) {
                target = value;
                return true;
            }
            if (i + 1 >= args.size()) {
                error = arg + QStringLiteral(" needs a value");
                return false;
            }
            target = args[++i];
            return true;
        };
        if (arg == u"--kubeconfig") {
            if (!take(out.kubeconfig))
                return false;
        } else if (arg == u"--context") {
            if (!take(out.context))
                return false;
        } else if (arg == u"-n" || arg == u"--namespace") {
            if (!take(out.ns))
                return false;
        } else if (arg == u"-o" || arg == u"--output") {
            if (!take(out.output))
                return false;
        } else if (arg == u"-l" || arg == u"--selector") {
            if (!take(out.selector))
                return false;
        } else if (arg == u"--out") {
            if (!take(out.outDir))
                return false;
        } else if (arg == u"-f" || arg == u"--filename") {
            QString f;
            if (!take(f))
                return false;
            out.files.append(f);
        } else if (arg == u"-A" || arg == u"--all-namespaces") {
            out.allNamespaces = true;
        } else if (arg == u"--dry-run") {
            out.dryRun = true;
        } else if (arg == u"--force-conflicts") {
            out.force = true;
        } else if (arg == u"-y" || arg == u"--yes") {
            out.yes = true;
        } else if (arg == u"--skip-validation") {
            out.skipValidation = true;
        } else if (arg == u"--show-secrets") {
            out.showSecrets = true;
        } else if (arg == u"-h" || arg == u"--help") {
            out.help = true;
        } else if (arg.startsWith(u'-') && arg.size() > 1) {
            error = QStringLiteral("unknown option '%1'").arg(arg);
            return false;
        } else {
            out.positional.append(arg);
        }
    }
    return true;
}

Result<std::unique_ptr<ClusterSession>> openSession(const ClusterArgs &args) {
    // Diagnostics stay quiet unless asked for (QT_LOGGING_RULES=gatehouse.core.cluster.debug=true).
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("gatehouse.core.cluster.debug=false"));
    Result<std::unique_ptr<ClusterSession>> session =
        ClusterSession::open(args.kubeconfig, args.context);
    if (session) {
        for (const QString &w : (*session)->warnings())
            printErr("warning: " + w.toStdString() + "\n");
    }
    return session;
}

std::string str(const QString &s) {
    return s.toStdString();
}

QString namespaceFor(const ClusterArgs &args, ClusterSession &session) {
    return args.ns.isEmpty() ? session.context().ns : args.ns;
}

QJsonObject forDisplay(QJsonObject object, bool showSecrets) {
    return showSecrets ? object : core::resourceobject::redactSecret(std::move(object));
}

void printResult(const ApplyResult &r) {
    std::string line = str(r.key.display()) + " " + core::outcomeName(r.outcome);
    if (r.dryRun && r.outcome != ApplyOutcome::Failed)
        line += " (dry run)";
    printOut(line + "\n");
    if (r.outcome != ApplyOutcome::Failed && r.outcome != ApplyOutcome::Skipped)
        return;
    std::string text = "  " + r.error.message + "\n";
    if (r.error.location.isKnown())
        text = "  " + r.error.location.toString() + ": " + r.error.message + "\n";
    for (const core::StatusCause &c : r.causes)
        if (!c.field.isEmpty())
            text += "    " + str(c.field) + ": " + str(c.message) + "\n";
    for (const core::FieldConflict &c : r.conflicts)
        text += "    field " + str(c.field) + " is managed by \"" + str(c.manager) + "\"\n";
    if (!r.conflicts.isEmpty())
        text += "  re-run with --force-conflicts to take these fields over\n";
    printErr(text);
}

int exitFor(const Error &error) {
    return reportError(error);
}

} // namespace

int runContexts(const QStringList &argList) {
    ClusterArgs args;
    QString error;
    if (!parseArgs(argList, args, error))
        return usageError(error);
    if (args.help) {
        printOut("usage: gatehousectl contexts [--kubeconfig FILE] [-o json]\n"
                 "Lists the kubeconfig's contexts; * marks the current one.\n");
        return ExitOk;
    }
    Result<core::KubeConfig> config = core::KubeConfig::load(args.kubeconfig);
    if (!config)
        return exitFor(config.error());
    const QString current = args.context.isEmpty() ? config->currentContext() : args.context;
    if (args.output == u"json") {
        QJsonArray list;
        for (const core::KubeContextEntry &c : config->contexts())
            list.append(QJsonObject{{QStringLiteral("name"), c.name},
                                    {QStringLiteral("cluster"), c.cluster},
                                    {QStringLiteral("user"), c.user},
                                    {QStringLiteral("namespace"), c.ns},
                                    {QStringLiteral("current"), c.name == current}});
        printJson(QJsonDocument(list));
        return ExitOk;
    }
    QString text;
    QTextStream out(&text);
    out << qSetFieldWidth(0) << "CURRENT  " << qSetFieldWidth(24) << Qt::left << "NAME"
        << "CLUSTER"
        << "USER" << qSetFieldWidth(0) << "NAMESPACE\n";
    for (const core::KubeContextEntry &c : config->contexts())
        out << qSetFieldWidth(9) << (c.name == current ? "*" : "") << qSetFieldWidth(24) << c.name
            << c.cluster << c.user << qSetFieldWidth(0) << c.ns << "\n";
    out.flush();
    printOut(str(text));
    return ExitOk;
}

int runGet(const QStringList &argList) {
    ClusterArgs args;
    QString error;
    if (!parseArgs(argList, args, error))
        return usageError(error);
    if (args.help || args.positional.isEmpty()) {
        printOut(std::string("usage: gatehousectl get KIND [NAME...] [-n NS | -A] [-l SELECTOR] "
                             "[-o yaml|json] [--show-secrets]\n") +
                 kGlobalHelp);
        return args.help ? ExitOk : ExitBadInput;
    }
    Result<std::unique_ptr<ClusterSession>> session = openSession(args);
    if (!session)
        return exitFor(session.error());
    ClusterSession &s = **session;
    Result<core::ApiResource> resource = s.discovery().find(args.positional.first());
    if (!resource)
        return exitFor(resource.error());
    const QString ns = args.allNamespaces ? QString() : namespaceFor(args, s);
    QList<QJsonObject> objects;
    if (args.positional.size() > 1) {
        for (const QString &name : args.positional.mid(1)) {
            Result<QJsonObject> object = s.reader().get(*resource, ns, name);
            if (!object)
                return exitFor(object.error());
            objects.append(*object);
        }
    } else {
        Result<core::ResourceList> list = s.reader().list(*resource, ns, args.selector);
        if (!list)
            return exitFor(list.error());
        objects = list->items;
    }
    if (args.output == u"yaml" || args.output == u"json") {
        QJsonValue value;
        if (objects.size() == 1 && args.positional.size() == 2) {
            value = forDisplay(objects.first(), args.showSecrets);
        } else {
            QJsonArray items;
            for (const QJsonObject &o : objects)
                items.append(forDisplay(o, args.showSecrets));
            value = QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                {QStringLiteral("kind"), QStringLiteral("List")},
                                {QStringLiteral("items"), items}};
        }
        if (args.output == u"json")
            printJson(value.isObject() ? QJsonDocument(value.toObject()) : QJsonDocument());
        else
            printOut(core::jsonyaml::toYaml(value).toStdString());
        return ExitOk;
    }
    if (!args.output.isEmpty())
        return usageError(
            QStringLiteral("unknown output format '%1' (yaml, json)").arg(args.output));
    if (objects.isEmpty()) {
        printErr("No " + str(resource->resource) + " found" +
                 (ns.isEmpty() ? std::string() : " in namespace " + str(ns)) + ".\n");
        return ExitOk;
    }
    QString text;
    QTextStream out(&text);
    out << Qt::left;
    if (resource->namespaced)
        out << qSetFieldWidth(20) << "NAMESPACE";
    out << qSetFieldWidth(40) << "NAME" << qSetFieldWidth(0) << "KIND\n";
    for (const QJsonObject &o : objects) {
        const core::ResourceKey key = core::ResourceKey::of(o);
        if (resource->namespaced)
            out << qSetFieldWidth(20) << key.ns;
        out << qSetFieldWidth(40) << key.name << qSetFieldWidth(0)
            << resource->kind + u'.' + resource->apiVersion() << "\n";
    }
    out.flush();
    printOut(str(text));
    return ExitOk;
}

int runPull(const QStringList &argList) {
    ClusterArgs args;
    QString error;
    if (!parseArgs(argList, args, error))
        return usageError(error);
    if (args.help || args.positional.isEmpty() || args.outDir.isEmpty()) {
        printOut(std::string("usage: gatehousectl pull KIND [NAME...] [-n NS | -A] [-l SELECTOR] "
                             "--out DIR\n"
                             "Writes live objects without server-owned fields as YAML files.\n") +
                 kGlobalHelp);
        return args.help ? ExitOk : ExitBadInput;
    }
    Result<std::unique_ptr<ClusterSession>> session = openSession(args);
    if (!session)
        return exitFor(session.error());
    ClusterSession &s = **session;
    QList<QJsonObject> objects;
    const QString ns = args.allNamespaces ? QString() : namespaceFor(args, s);
    // "pull gateways,virtualservices" pulls several kinds.
    const QStringList kinds = args.positional.first().split(u',', Qt::SkipEmptyParts);
    for (const QString &kind : kinds) {
        Result<core::ApiResource> resource = s.discovery().find(kind);
        if (!resource)
            return exitFor(resource.error());
        if (args.positional.size() > 1) {
            for (const QString &name : args.positional.mid(1)) {
                Result<QJsonObject> object = s.reader().get(*resource, ns, name);
                if (!object)
                    return exitFor(object.error());
                objects.append(*object);
            }
        } else {
            Result<core::ResourceList> list = s.reader().list(*resource, ns, args.selector);
            if (!list)
                return exitFor(list.error());
            objects += list->items;
        }
    }
    Result<QStringList> written = core::ClusterReader::writePulled(objects, args.outDir);
    if (!written)
        return exitFor(written.error());
    for (const QString &f : *written)
        printOut("wrote " + str(f) + "\n");
    return ExitOk;
}

namespace {

int planAndMaybeApply(const QStringList &argList, bool applyVerb) {
    ClusterArgs args;
    QString error;
    if (!parseArgs(argList, args, error))
        return usageError(error);
    const QStringList paths = args.positional + args.files;
    if (args.help || paths.isEmpty()) {
        printOut(std::string(applyVerb ? "usage: gatehousectl apply FILE|DIR... [--dry-run] "
                                         "[--force-conflicts] [--skip-validation]\n"
                                         "Validates first: errors block the apply unless "
                                         "--skip-validation.\n"
                                         "Server-side apply (field manager \"gatehouse\") after a "
                                         "dry run whose diff is shown.\n"
                                       : "usage: gatehousectl diff FILE|DIR...\n"
                                         "Diffs local objects against the cluster through a "
                                         "server-side dry run; exit 1 when they differ.\n") +
                 kGlobalHelp);
        return args.help ? ExitOk : ExitBadInput;
    }
    Result<QList<core::ApplyItem>> items = ClusterSession::loadItems(paths);
    if (!items)
        return exitFor(items.error());
    if (items->isEmpty())
        return usageError(QStringLiteral("no Kubernetes objects in %1").arg(paths.join(u' ')));
    if (applyVerb) {
        // Validate first, as the desktop's apply dialog does.
        Result<std::vector<core::Finding>> findings = ClusterSession::validateFiles(paths);
        if (!findings)
            return exitFor(findings.error());
        const core::FindingCounts counts = core::countFindings(*findings);
        for (const core::Finding &f : *findings)
            if (f.severity != core::Severity::Info)
                printErr(f.toText() + "\n");
        if (counts.errors > 0 && !args.skipValidation && !args.dryRun) {
            printErr("gatehousectl: " + std::to_string(counts.errors) +
                     " validation error(s): nothing applied (--skip-validation applies anyway)\n");
            return ExitFindings;
        }
    }
    Result<std::unique_ptr<ClusterSession>> session = openSession(args);
    if (!session)
        return exitFor(session.error());
    ClusterSession &s = **session;
    core::ApplyOptions options;
    options.forceConflicts = args.force;
    options.defaultNamespace = args.ns;
    // Reach the server before planning, so "unreachable" is one message, not one per object.
    if (Status loaded = s.discovery().load(); !loaded)
        return exitFor(loaded.error());

    const QList<ApplyResult> plan = s.applier().plan(*items, options);
    bool failed = false;
    bool differs = false;
    for (const ApplyResult &r : plan) {
        if (!r.diff.isEmpty())
            printOut(str(r.diff));
        failed |= r.outcome == ApplyOutcome::Failed;
        differs |= r.outcome == ApplyOutcome::Created || r.outcome == ApplyOutcome::Configured;
    }
    if (!applyVerb || args.dryRun) {
        for (const ApplyResult &r : plan)
            printResult(r);
        if (failed)
            return ExitFindings;
        return applyVerb ? ExitOk : (differs ? ExitFindings : ExitOk);
    }
    const QList<ApplyResult> results = s.applier().apply(plan, options);
    failed = false;
    for (const ApplyResult &r : results) {
        printResult(r);
        failed |= r.outcome == ApplyOutcome::Failed || r.outcome == ApplyOutcome::Skipped;
    }
    return failed ? ExitFindings : ExitOk;
}

bool confirm(const std::string &question) {
    if (!isatty(STDIN_FILENO))
        return false;
    printErr(question + " [y/N] ");
    char answer[16] = {};
    if (!std::fgets(answer, sizeof answer, stdin))
        return false;
    return answer[0] == 'y' || answer[0] == 'Y';
}

} // namespace

int runDiff(const QStringList &args) {
    return planAndMaybeApply(args, false);
}

int runApply(const QStringList &args) {
    return planAndMaybeApply(args, true);
}

int runDelete(const QStringList &argList) {
    ClusterArgs args;
    QString error;
    if (!parseArgs(argList, args, error))
        return usageError(error);
    if (args.help || (args.positional.size() < 2 && args.files.isEmpty())) {
        printOut(std::string("usage: gatehousectl delete KIND NAME... [-n NS] [--yes] [--dry-run]\n"
                             "       gatehousectl delete -f FILE|DIR [--yes] [--dry-run]\n"
                             "Asks for confirmation unless --yes.\n") +
                 kGlobalHelp);
        return args.help ? ExitOk : ExitBadInput;
    }
    Result<std::unique_ptr<ClusterSession>> session = openSession(args);
    if (!session)
        return exitFor(session.error());
    ClusterSession &s = **session;
    struct Target {
        core::ApiResource resource;
        QString ns;
        QString name;
    };
    QList<Target> targets;
    const QString ns = namespaceFor(args, s);
    if (!args.files.isEmpty()) {
        Result<QList<core::ApplyItem>> items = ClusterSession::loadItems(args.files);
        if (!items)
            return exitFor(items.error());
        for (const core::ApplyItem &item : *items) {
            const core::ResourceKey key = core::ResourceKey::of(item.object);
            Result<core::ApiResource> r = s.discovery().forObject(key.apiVersion, key.kind);
            if (!r)
                return exitFor(r.error());
            targets.append(
                {*r, r->namespaced ? (key.ns.isEmpty() ? ns : key.ns) : QString(), key.name});
        }
    } else {
        Result<core::ApiResource> r = s.discovery().find(args.positional.first());
        if (!r)
            return exitFor(r.error());
        for (const QString &name : args.positional.mid(1))
            targets.append({*r, r->namespaced ? ns : QString(), name});
    }
    if (!args.yes && !args.dryRun &&
        !confirm("delete " + std::to_string(targets.size()) + " object(s) from context \"" +
                 str(s.context().contextName) + "\"?"))
        return usageError(QStringLiteral("not confirmed (pass --yes to delete without asking)"));
    bool failed = false;
    for (const Target &t : targets) {
        const core::ResourceKey key{t.resource.apiVersion(), t.resource.kind, t.ns, t.name};
        Status deleted = s.applier().remove(t.resource, t.ns, t.name, args.dryRun);
        if (deleted) {
            printOut(str(key.display()) + (args.dryRun ? " deleted (dry run)\n" : " deleted\n"));
        } else {
            failed = true;
            printOut(str(key.display()) + " failed\n");
            printErr("  " + deleted.error().message + "\n");
        }
    }
    return failed ? ExitFindings : ExitOk;
}

} // namespace gatehouse::cli
