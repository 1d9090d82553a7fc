#pragma once

#include <QDialog>

namespace gatehouse::ui {

// Help ▸ About: product, version, what it is, the libraries it stands on.
class AboutDialog final : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace gatehouse::ui
