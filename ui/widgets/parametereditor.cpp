#include "parametereditor.h"

#include "viewparts.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace gelulab {
namespace {

// The editor's spin boxes and sliders cover [minimum, maximum], an infinite maximum capped at 1000 where the
// spin box shows "off (∞)".
constexpr int kSliderSteps = 1000;

double editorMaximum(const ParameterSpec &p) {
    return std::isfinite(p.maximum) ? p.maximum : 1000.0;
}

} // namespace

QDoubleSpinBox *newParameterSpinBox(const ParameterSpec &spec, double value) {
    auto *spin = new QDoubleSpinBox;
    spin->setObjectName(toQString(spec.name));
    spin->setDecimals(4);
    spin->setSingleStep(0.01 * (editorMaximum(spec) - spec.minimum));
    spin->setRange(spec.minimumExclusive ? spec.minimum + 1e-4 : spec.minimum, editorMaximum(spec));
    spin->setValue(std::isfinite(value) ? value : editorMaximum(spec));
    spin->setToolTip(toQString(spec.symbol) + QStringLiteral(": ") + toQString(spec.description) +
                     (std::isfinite(spec.maximum) ? QString() : QObject::tr(" (the maximum means off, ∞)")));
    return spin;
}

double parameterFromEditor(const ParameterSpec &spec, double value) {
    return !std::isfinite(spec.maximum) && value >= editorMaximum(spec) ? spec.maximum : value;
}

ParameterEditor::ParameterEditor(QWidget *parent)
    : QWidget(parent) {
    m_rows = new QWidget;
    m_message = new QLabel;
    m_message->setWordWrap(true);
    showErrorsInRed(m_message);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_rows);
    layout->addWidget(m_message);
}

void ParameterEditor::edit(const ActivationInstance &instance, QWidget *extra) {
    // The extra widget lives on across rebuilds: take it out of the rows before their children go.
    if (m_extra) {
        m_extra->hide();
        m_extra->setParent(this); // kept, outside the rows
    }
    m_extra = extra;
    delete m_rows->layout();
    for (QObject *child : m_rows->children())
        delete child;
    m_spins.clear();
    m_sliders.clear();
    m_message->clear();
    auto *form = new QFormLayout(m_rows);
    form->setContentsMargins(0, 4, 0, 0);
    const Activation &a = instance.activation();
    form->addRow(new QLabel(QStringLiteral("<b>%1</b>").arg(toQString(a.name))));
    if (a.parameters.empty()) form->addRow(new QLabel(tr("No parameters")));
    for (std::size_t i = 0; i < a.parameters.size(); ++i) {
        const ParameterSpec &spec = a.parameters[i];
        QDoubleSpinBox *spin = newParameterSpinBox(spec, instance.parameters()[i]);
        auto *slider = new QSlider(Qt::Horizontal);
        slider->setObjectName(toQString(spec.name));
        slider->setRange(0, kSliderSteps);
        auto toSlider = [spec](double v) {
            return int(std::lround((v - spec.minimum) / (editorMaximum(spec) - spec.minimum) * kSliderSteps));
        };
        slider->setValue(toSlider(spin->value()));
        slider->setToolTip(spin->toolTip());
        const int index = int(i);
        connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
                [this, index, slider, toSlider, spec](double v) {
                    const QSignalBlocker block(slider);
                    slider->setValue(toSlider(v));
                    emit parameterChanged(index, parameterFromEditor(spec, v));
                });
        connect(slider, &QSlider::valueChanged, this, [spin, spec](int step) {
            spin->setValue(spec.minimum + (editorMaximum(spec) - spec.minimum) * step / kSliderSteps);
        });
        auto *row = new QWidget;
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->addWidget(slider, 1);
        rowLayout->addWidget(spin);
        form->addRow(toQString(spec.symbol), row);
        if (QWidget *label = form->labelForField(row)) label->setToolTip(spin->toolTip());
        m_spins.push_back(spin);
        m_sliders.push_back(slider);
    }
    if (m_extra) {
        form->addRow(m_extra);
        m_extra->show();
    }
    // Shown now rather than when the event loop next turns (as a layout shows new children), so that the
    // size asked for is right at once.
    for (QWidget *child : m_rows->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
        if (!child->testAttribute(Qt::WA_WState_ExplicitShowHide)) child->show();
    m_rows->show();
}

QDoubleSpinBox *ParameterEditor::spinBox(const QString &name) const {
    for (QDoubleSpinBox *spin : m_spins)
        if (spin->objectName() == name) return spin;
    return nullptr;
}

QSlider *ParameterEditor::slider(const QString &name) const {
    for (QSlider *slider : m_sliders)
        if (slider->objectName() == name) return slider;
    return nullptr;
}

QString ParameterEditor::message() const {
    return m_message->text();
}

void ParameterEditor::setMessage(const QString &message) {
    m_message->setText(message);
}

} // namespace gelulab
