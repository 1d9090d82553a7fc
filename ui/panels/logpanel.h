#pragma once

#include <QPlainTextEdit>

namespace gatehouse::ui {

// The log dock's view: Qt log messages of every category (core's and ours) and the
// app's own notes, newest at the bottom, bounded in length. GUI thread only; messages
// from other threads reach it through LogSink's queued signal.
class LogPanel final : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr int MaxLines = 5000;

    explicit LogPanel(QWidget *parent = nullptr);

public Q_SLOTS:
    // Appends one line, "hh:mm:ss level category: message".
    void appendMessage(QtMsgType type, const QString &category, const QString &message);
};

// Forwards Qt log messages to a LogPanel from any thread, and still passes them to the
// previous handler (the terminal). install() once from main(); the sink lives as long as
// the application.
class LogSink final : public QObject {
    Q_OBJECT
public:
    static LogSink *instance();
    // Installs the message handler (idempotent).
    static void install();

Q_SIGNALS:
    void message(QtMsgType type, const QString &category, const QString &text);

private:
    LogSink() = default;
};

} // namespace gatehouse::ui
