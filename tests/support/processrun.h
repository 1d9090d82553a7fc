#pragma once
// Runs a real program (kubectl, gatehousectl, ...) for a test and collects what it printed.
// Bounded: a program that does not start or finish in time gives exitCode -1.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace gatehouse::test {

struct Run {
    int exitCode = -1; // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
};

// `kubeconfig` non-empty: exported as KUBECONFIG. `input` goes to stdin, then it is closed.
inline Run runProcess(const QString &program, const QStringList &args,
                      const QString &kubeconfig = {}, const QByteArray &input = {},
                      int timeoutMs = 120'000) {
    QProcess p;
    if (!kubeconfig.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
        p.setProcessEnvironment(env);
    }
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10'000))
        return r;
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace gatehouse::test
