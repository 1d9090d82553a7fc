#pragma once

#include <QList>
#include <QString>

namespace gatehouse::ui {

// How serious a marker is; mirrors a finding's severity.
enum class MarkerSeverity { Info, Warning, Error };

// A finding shown inside the text: a wavy underline from (line, column) over `length`
// characters (to the end of the line when 0), an icon in the gutter and a tooltip.
// Lines and columns are 1-based, as in findings.
struct EditorMarker {
    int line = 1;
    int column = 1;
    int length = 0;
    MarkerSeverity severity = MarkerSeverity::Error;
    QString message;
};

using EditorMarkers = QList<EditorMarker>;

} // namespace gatehouse::ui
