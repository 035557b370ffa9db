#pragma once

#include "activation.h"

#include <QWidget>

#include <vector>

class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace gelulab {

// A parameter's spin box: its range (an infinite maximum, "off", edited as 1000), step, value and
// description; named after the parameter.
QDoubleSpinBox *newParameterSpinBox(const ParameterSpec &spec, double value);
// A spin box's value as the parameter's: the editor maximum of an unbounded parameter means off (∞).
double parameterFromEditor(const ParameterSpec &spec, double value);

// The parameters of one activation, each a slider with a spin box, under the activation's name; a problem
// with the values (lower above upper) is shown in red below. Whoever owns the activation applies the changes.
class ParameterEditor : public QWidget {
    Q_OBJECT
public:
    explicit ParameterEditor(QWidget *parent = nullptr);

    // Rebuilds the editor for the instance; `extra`, when given, goes in a last row (and stays the caller's:
    // it is taken out again before the next rebuild).
    void edit(const ActivationInstance &instance, QWidget *extra = nullptr);
    QDoubleSpinBox *spinBox(const QString &name) const;
    QSlider *slider(const QString &name) const;
    QDoubleSpinBox *spinBox(std::size_t index) const { return m_spins[index]; }
    std::size_t size() const { return m_spins.size(); }
    QString message() const;
    void setMessage(const QString &message);

signals:
    // The user moved parameter `index` to `value` (already as the parameter's: ∞ for "off").
    void parameterChanged(int index, double value);

private:
    QWidget *m_rows = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_extra = nullptr;
    std::vector<QDoubleSpinBox *> m_spins;
    std::vector<QSlider *> m_sliders;
};

} // namespace gelulab
