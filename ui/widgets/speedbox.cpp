#include "speedbox.h"

#include "session_state.h"

namespace gelulab {

SpeedBox::SpeedBox(const QString &unitOne, const QString &unitMany, const QString &fastest, QWidget *parent)
    : QComboBox(parent) {
    for (double speed : session::kSpeeds)
        if (speed == 0.0)
            addItem(fastest, 0.0);
        else
            addItem(tr("%1 %2 a second").arg(speed).arg(speed == 1 ? unitOne : unitMany), speed);
    connect(this, &QComboBox::currentIndexChanged, this, [this] { emit speedChanged(speed()); });
}

bool SpeedBox::setSpeed(double speed) {
    const int index = findData(speed);
    if (index < 0) return false;
    setCurrentIndex(index);
    return true;
}

} // namespace gelulab
