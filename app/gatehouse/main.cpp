// gatehouse: the desktop app. Wiring only; everything lives in gatehouse_ui and core.
#include "mainwindow.h"
#include "panels/logpanel.h"
#include "support/icons.h"
#include "support/startupprobe.h"
#include "support/translations.h"

#include "common/buildinfo.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

int main(int argc, char **argv) {
    QElapsedTimer sinceStart;
    sinceStart.start();

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationVersion(QString::fromUtf8(gatehouse::versionString()));
    QApplication::setDesktopFileName(QStringLiteral("gatehouse"));
    QApplication::setWindowIcon(gatehouse::ui::Icons::appIcon());
    gatehouse::ui::LogSink::install();
    gatehouse::ui::installTranslations(&app);

    gatehouse::ui::MainWindow window;
    // The start-up benchmark (bench/startup) sets this to time start → first window shown.
    if (qEnvironmentVariableIsSet("GATEHOUSE_STARTUP_PROBE"))
        new gatehouse::ui::StartupProbe(&window, sinceStart);
    window.show();
    // After the first paint, so the window appears at once and the workspace fills in.
    QTimer::singleShot(0, &window, [&window] { window.openInitialWorkspace(); });
    return QApplication::exec();
}
