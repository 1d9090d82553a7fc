#include "cli.h"

#include <QByteArray>

namespace gatehouse::cli {

bool parseOutputFormat(const QString &text, OutputFormat &format) {
    const QString t = text.trimmed().toLower();
    if (t == u"text" || t == u"wide") {
        format = OutputFormat::Text;
        return true;
    }
    if (t == u"json") {
        format = OutputFormat::Json;
        return true;
    }
    if (t == u"yaml") {
        format = OutputFormat::Yaml;
        return true;
    }
    return false;
}

void printOut(const std::string &text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

void printErr(const std::string &text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

void printJson(const QJsonDocument &doc) {
    const QByteArray bytes = doc.toJson(QJsonDocument::Indented);
    printOut(std::string(bytes.constData(), size_t(bytes.size())));
}

int usageError(const QString &message) {
    printErr("gatehousectl: " + message.toStdString() + "\n");
    return ExitBadInput;
}

int reportError(const Error &error) {
    printErr("gatehousectl: " + error.toString() + "\n");
    return ExitBadInput;
}

} // namespace gatehouse::cli
