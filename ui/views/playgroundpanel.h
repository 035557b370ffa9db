#pragma once

#include "dataset.h"

#include <QJsonObject>
#include <QWidget>

#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace gelulab {

class SpeedBox;

// The Playground's settings, in three groups: the data (set, noise, train ratio, batch, regenerate, test
// points, discretized output), the input features, and the network and its training (hidden layers,
// activation, learning rate, optimizer, loss, initialisation, dropout, regularization, the class a click
// adds). It only holds the controls: the Playground listens to them and decides what a change restarts.
class PlaygroundPanel : public QWidget {
    Q_OBJECT
public:
    // The hidden layers as typed: "8,8", or with an activation per layer "8:relu,8:gelu".
    struct HiddenLayers {
        std::vector<int> widths;
        std::vector<std::string> activations; // one per layer when any was given, else the Activation box's
    };

    explicit PlaygroundPanel(QWidget *parent = nullptr);

    QComboBox *datasetBox() const { return m_datasetBox; }
    QDoubleSpinBox *noiseBox() const { return m_noiseBox; }
    QSpinBox *ratioBox() const { return m_ratioBox; }
    QSpinBox *batchBox() const { return m_batchBox; }
    QPushButton *regenerateButton() const { return m_regenerateButton; }
    QCheckBox *showTestBox() const { return m_showTestBox; }
    QCheckBox *discretizeBox() const { return m_discretizeBox; }
    const std::vector<QCheckBox *> &featureBoxes() const { return m_featureBoxes; }
    QLineEdit *hiddenField() const { return m_hiddenField; }
    QComboBox *activationBox() const { return m_activationBox; }
    QComboBox *learningRateBox() const { return m_lrBox; }
    QComboBox *optimizerBox() const { return m_optimizerBox; }
    QComboBox *lossBox() const { return m_lossBox; }
    QComboBox *initBox() const { return m_initBox; }
    QComboBox *dropoutBox() const { return m_dropoutBox; }
    QComboBox *regularizationBox() const { return m_regularizationBox; }
    QComboBox *regularizationRateBox() const { return m_regularizationRateBox; }
    QComboBox *clickClassBox() const { return m_clickClassBox; }
    // Training speed: epochs a second while playing (item data; 0 for as fast as possible). The view places
    // it beside Play.
    SpeedBox *speedBox() const { return m_speedBox; }

    // The checked features, in order; the boxes set without signals.
    std::vector<Feature> features() const;
    void showFeatures(const std::vector<Feature> &features);
    // The hidden-layer field read, or nothing with the reason in `error`.
    std::optional<HiddenLayers> hiddenLayers(QString *error) const;
    double l1() const;
    double l2() const;
    // The classes a click can add for this data: each class by its colour on the plot (blue first, as the
    // default), or a target sign for regression.
    void fillClickClasses(const Dataset &data);

    // The controls' values, and setting them back (each through its signal, as if the user had; a value the
    // control cannot take is left out).
    QJsonObject state() const;
    void restoreState(const QJsonObject &state);

private:
    QComboBox *m_datasetBox = nullptr;
    SpeedBox *m_speedBox = nullptr;
    QDoubleSpinBox *m_noiseBox = nullptr;
    QSpinBox *m_ratioBox = nullptr;
    QSpinBox *m_batchBox = nullptr;
    QPushButton *m_regenerateButton = nullptr;
    QCheckBox *m_showTestBox = nullptr;
    QCheckBox *m_discretizeBox = nullptr;
    std::vector<QCheckBox *> m_featureBoxes;
    QLineEdit *m_hiddenField = nullptr;
    QComboBox *m_activationBox = nullptr;
    QComboBox *m_lrBox = nullptr;
    QComboBox *m_optimizerBox = nullptr;
    QComboBox *m_lossBox = nullptr;
    QComboBox *m_initBox = nullptr;
    QComboBox *m_dropoutBox = nullptr;
    QComboBox *m_regularizationBox = nullptr;
    QComboBox *m_regularizationRateBox = nullptr;
    QComboBox *m_clickClassBox = nullptr;
};

} // namespace gelulab
