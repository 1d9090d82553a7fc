#include "startupprobe.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace gatehouse::ui {

StartupProbe::StartupProbe(QWidget *window, QElapsedTimer sinceMainStarted)
    : QObject(window)
    , m_timer(sinceMainStarted) {
    window->installEventFilter(this);
}

bool StartupProbe::eventFilter(QObject *watched, QEvent *event) {
    if (!m_done && event->type() == QEvent::Paint) {
        m_done = true;
        // Report after this paint has reached the screen: the next turn of the loop.
        QTimer::singleShot(0, this, [this] {
            std::printf("first-window-shown %.1f\n", double(m_timer.nsecsElapsed()) / 1e6);
            std::fflush(stdout);
            QCoreApplication::quit();
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace gatehouse::ui
