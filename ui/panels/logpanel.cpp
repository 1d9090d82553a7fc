#include "logpanel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QScrollBar>

namespace gatehouse::ui {

namespace {

QtMessageHandler previousHandler = nullptr;

void forward(QtMsgType type, const QMessageLogContext &context, const QString &text) {
    if (previousHandler)
        previousHandler(type, context, text);
    if (QCoreApplication::instance() == nullptr)
        return;
    Q_EMIT LogSink::instance()->message(
        type, QString::fromLatin1(context.category ? context.category : "default"), text);
}

QString levelName(QtMsgType type) {
    switch (type) {
    case QtDebugMsg:
        return LogPanel::tr("debug");
    case QtInfoMsg:
        return LogPanel::tr("info");
    case QtWarningMsg:
        return LogPanel::tr("warning");
    case QtCriticalMsg:
        return LogPanel::tr("critical");
    case QtFatalMsg:
        return LogPanel::tr("fatal");
    }
    return {};
}

} // namespace

LogPanel::LogPanel(QWidget *parent)
    : QPlainTextEdit(parent) {
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setMaximumBlockCount(MaxLines);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setAccessibleName(tr("Log"));
    connect(LogSink::instance(), &LogSink::message, this, &LogPanel::appendMessage,
            Qt::QueuedConnection);
}

void LogPanel::appendMessage(QtMsgType type, const QString &category, const QString &message) {
    QScrollBar *bar = verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    appendPlainText(QStringLiteral("%1 %2 %3: %4")
                        .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")),
                             levelName(type), category, message));
    if (atEnd)
        bar->setValue(bar->maximum());
}

LogSink *LogSink::instance() {
    static LogSink sink;
    return &sink;
}

void LogSink::install() {
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    qRegisterMetaType<QtMsgType>("QtMsgType");
    instance();
    previousHandler = qInstallMessageHandler(&forward);
}

} // namespace gatehouse::ui
