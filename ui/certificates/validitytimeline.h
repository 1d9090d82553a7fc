#pragma once

#include <QDateTime>
#include <QWidget>

namespace gatehouse::ui {

// A bar from notBefore to notAfter with a marker for now: green while valid, amber in
// the last 30 days, red when expired or not yet valid. Used by the inspector and the
// TLS override editor.
class ValidityTimeline final : public QWidget {
    Q_OBJECT
public:
    explicit ValidityTimeline(QWidget *parent = nullptr);

    void setValidity(const QDateTime &notBefore, const QDateTime &notAfter);
    void clear();
    // For tests and screenshots: the moment treated as now (default: the real now).
    void setNow(const QDateTime &now);

    // The text the bar shows ("valid for 364 more days", "expired 3 days ago", ...).
    [[nodiscard]] QString statusText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    [[nodiscard]] QDateTime now() const;

    QDateTime m_notBefore;
    QDateTime m_notAfter;
    QDateTime m_now;
};

} // namespace gatehouse::ui
