#pragma once

#include <QComboBox>

namespace gelulab {

// How fast a view plays, the same choice everywhere (Playground training, the mask's sampling, the σ → 0
// animation): 1, 3, 10, 30 or 100 units a second, or as fast as possible (item data 0). Slow enough for a
// class to watch each step, or all the machine has.
class SpeedBox : public QComboBox {
    Q_OBJECT
public:
    // unitOne and unitMany name what is counted ("epoch", "epochs"); fastest names the fastest choice.
    SpeedBox(const QString &unitOne, const QString &unitMany, const QString &fastest,
             QWidget *parent = nullptr);

    // Units a second, 0 for as fast as possible.
    double speed() const { return currentData().toDouble(); }
    // Selects a speed offered; false (and nothing changes) for any other value.
    bool setSpeed(double speed);

signals:
    void speedChanged(double speed);
};

} // namespace gelulab
