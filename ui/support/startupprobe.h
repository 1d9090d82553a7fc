#pragma once

#include <QElapsedTimer>
#include <QObject>

class QWidget;

namespace gatehouse::ui {

// For the start-up benchmark: when `window` is first painted, prints
// "first-window-shown <ms>" (ms since `sinceMainStarted` was started) to stdout and
// quits the application. GUI thread only.
class StartupProbe final : public QObject {
    Q_OBJECT
public:
    StartupProbe(QWidget *window, QElapsedTimer sinceMainStarted);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QElapsedTimer m_timer;
    bool m_done = false;
};

} // namespace gatehouse::ui
