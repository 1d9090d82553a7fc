// bench_startup: starts the desktop app N times and reports the time from process start
// to its first window shown (goal: 400 ms). The app reports the moment itself
// (GATEHOUSE_STARTUP_PROBE, see ui/support/startupprobe.h); this program measures the
// whole span from the outside, dynamic loading included.
//
//   bench_startup [runs] [path/to/gatehouse]
// Without DISPLAY or WAYLAND_DISPLAY the app runs on the offscreen platform.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}
} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int runs = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 10;
    const QString program = args.size() > 2 ? args.at(2) : QStringLiteral(GATEHOUSE_APP_PATH);

    // A fresh settings folder, so every run starts like the first start on the demo.
    QTemporaryDir config;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GATEHOUSE_STARTUP_PROBE"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    if (!env.contains(QStringLiteral("DISPLAY")) &&
        !env.contains(QStringLiteral("WAYLAND_DISPLAY")))
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));

    std::vector<double> outside;
    std::vector<double> inside;
    for (int i = 0; i < runs + 1; ++i) { // the first run warms the page cache
        QProcess process;
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::SeparateChannels);
        QElapsedTimer timer;
        timer.start();
        process.start(program, {});
        if (!process.waitForStarted(10000)) {
            std::fprintf(stderr, "bench_startup: cannot start %s\n", qPrintable(program));
            return 2;
        }
        double shownOutside = -1;
        double shownInside = -1;
        QByteArray out;
        while (shownOutside < 0 && process.waitForReadyRead(20000)) {
            out += process.readAllStandardOutput();
            const qsizetype at = out.indexOf("first-window-shown ");
            if (at >= 0 && out.indexOf('\n', at) > at) {
                shownOutside = double(timer.nsecsElapsed()) / 1e6;
                const QByteArray line = out.mid(at).split('\n').front();
                shownInside = line.split(' ').value(1).toDouble();
            }
        }
        process.waitForFinished(20000);
        if (shownOutside < 0) {
            std::fprintf(stderr, "bench_startup: no first window reported (exit %d)\n%s\n",
                         process.exitCode(), process.readAllStandardError().constData());
            return 1;
        }
        if (i > 0) {
            outside.push_back(shownOutside);
            inside.push_back(shownInside);
        }
    }
    std::printf("gatehouse start to first window shown, %d runs:\n", runs);
    std::printf("  from process start: median %.1f ms, min %.1f ms, max %.1f ms\n", median(outside),
                *std::min_element(outside.begin(), outside.end()),
                *std::max_element(outside.begin(), outside.end()));
    std::printf("  from main():        median %.1f ms\n", median(inside));
    std::printf("  goal: 400 ms -> %s\n", median(outside) <= 400.0 ? "met" : "NOT met");
    return 0;
}
