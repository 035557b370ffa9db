#pragma once

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace gelulab {

// Paces a worker's job at a rate a class can watch (docs/ARCHITECTURE.md, "threads"): how many units (epochs,
// samples) are due now and how long until the next, by the clock since the pace began. The first unit is due
// at once; a job that falls more than a twentieth of a second behind starts the pace again rather than
// catching up in a burst.
class Pace {
public:
    // Units a second; 0 (or less) for as fast as possible.
    void setRate(double perSecond) {
        m_rate = std::max(0.0, perSecond);
        restart();
    }
    double rate() const { return m_rate; }
    bool isActive() const { return m_rate > 0.0; }
    void restart() {
        m_clock.start();
        m_done = 0;
    }
    // The units to do now (0 when the next is not due yet).
    qint64 due() {
        if (!m_clock.isValid()) restart();
        const qint64 owed = qint64(seconds() * m_rate) + 1 - m_done;
        const qint64 most = std::max<qint64>(1, qint64(m_rate / 20.0));
        if (owed > most) restart();
        return std::clamp<qint64>(owed, 0, most);
    }
    void done(qint64 units) { m_done += units; }
    // Milliseconds until the next unit is due.
    int msUntilNext() const {
        if (m_rate <= 0.0) return 0;
        const double next = double(m_done) / m_rate;
        return std::max(0, int(std::ceil((next - seconds()) * 1000.0)));
    }

private:
    double seconds() const { return double(m_clock.nsecsElapsed()) * 1e-9; }

    double m_rate = 0.0;
    QElapsedTimer m_clock;
    qint64 m_done = 0;
};

} // namespace gelulab
