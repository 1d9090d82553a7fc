#include "cli.h"
#include "commands.h"

#include "validation/findingjson.h"
#include "validation/validator.h"
#include "workspace/workspace.h"

#include <QJsonDocument>

#include <set>
#include <vector>

namespace gatehouse::cli {

namespace {

bool isInputError(const core::Finding &f) {
    return f.code.starts_with("input.") || f.code.starts_with("yaml.") ||
           f.code.starts_with("model.");
}

constexpr const char *kValidateHelp =
    "usage: gatehousectl validate [--output text|json] FILE|DIR|- ...\n"
    "\n"
    "Validates Istio Gateway, VirtualService, ServiceEntry, DestinationRule, Sidecar,\n"
    "Kyma TLS override ConfigMaps and Secrets: Istio's admission checks, cross-resource\n"
    "analysis and Gatehouse's TLS security rules. Folders are read recursively (*.yaml,\n"
    "*.yml); '-' reads standard input.\n"
    "\n"
    "Text output: file:line:col: severity CODE: message\n"
    "Exit: 0 no errors (warnings allowed), 1 errors found, 2 input unreadable or not\n"
    "valid YAML / not a known resource.\n";

} // namespace

int runValidate(const QStringList &args) {
    OutputFormat format = OutputFormat::Text;
    std::vector<std::string> paths;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == u"--help" || a == u"-h") {
            printOut(kValidateHelp);
            return ExitOk;
        }
        if (a == u"--output" || a == u"-o") {
            if (i + 1 >= args.size() || !parseOutputFormat(args[i + 1], format) ||
                format == OutputFormat::Yaml)
                return usageError(QStringLiteral("--output takes text or json"));
            ++i;
            continue;
        }
        if (a.startsWith(u"--output=")) {
            if (!parseOutputFormat(a.mid(9), format) || format == OutputFormat::Yaml)
                return usageError(QStringLiteral("--output takes text or json"));
            continue;
        }
        if (a.startsWith(u'-') && a != u"-")
            return usageError(QStringLiteral("validate: unknown option '%1'").arg(a));
        paths.push_back(a.toStdString());
    }
    if (paths.empty())
        return usageError(QStringLiteral("validate: name at least one FILE, DIR or '-'"));

    auto workspace = core::Workspace::openPaths(paths);
    if (!workspace)
        return reportError(workspace.error());

    const std::vector<core::Finding> findings = core::validateWorkspace(*workspace);
    const core::FindingCounts counts = core::countFindings(findings);
    const bool inputErrors = std::any_of(findings.begin(), findings.end(), isInputError);

    if (format == OutputFormat::Json) {
        printJson(QJsonDocument(core::findingsToJson(findings)));
    } else {
        std::string text;
        for (const core::Finding &f : findings)
            text += f.toText() + '\n';
        printOut(text);
        printErr(std::to_string(counts.errors) + " error(s), " + std::to_string(counts.warnings) +
                 " warning(s) in " + std::to_string(workspace->files().size()) + " file(s)\n");
    }
    if (inputErrors)
        return ExitBadInput;
    return counts.errors > 0 ? ExitFindings : ExitOk;
}

} // namespace gatehouse::cli
