#include "playgroundpanel.h"

#include "activation.h"
#include "activationpalette.h"
#include "boundarymap.h"
#include "network_limits.h"
#include "optimizer.h"
#include "speedbox.h"
#include "trainer.h"
#include "viewparts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <iterator>

namespace gelulab {
namespace {

const Feature kFeatures[] = {Feature::X1,   Feature::X2,    Feature::X1Squared, Feature::X2Squared,
                             Feature::X1X2, Feature::SinX1, Feature::SinX2};

// A small picture of a data set: 300 of its points in their class colours (regression: by the sign of the
// target) on the plane [−6, 6]².
QPixmap datasetThumbnail(const std::string &id, int size) {
    DatasetSettings settings;
    settings.id = id;
    settings.points = 300;
    const Dataset data = makeDataset(settings);
    QPixmap pixmap(size, size);
    pixmap.fill(QColor(0xf7, 0xf7, 0xf7));
    QPainter painter(&pixmap);
    painter.setPen(Qt::NoPen);
    for (const auto *part : {&data.train, &data.test})
        for (const DataPoint &p : *part) {
            const int k = data.problem == Problem::Regression ? (p.target >= 0 ? 1 : 0) : int(p.target);
            painter.setBrush(classColor(k));
            painter.drawEllipse(QPointF((p.x1 + 6.0) / 12.0 * size, (6.0 - p.x2) / 12.0 * size), 1.2, 1.2);
        }
    painter.setPen(QColor(0xbb, 0xbb, 0xbb));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(0, 0, size - 1, size - 1);
    return pixmap;
}

// A combo box's choice by its item data, as JSON, and back (an unknown value changes nothing).
QJsonValue choice(const QComboBox *box) {
    return QJsonValue::fromVariant(box->currentData());
}
void choose(QComboBox *box, const QJsonValue &value) {
    if (value.isUndefined() || value.isNull()) return;
    for (int i = 0; i < box->count(); ++i)
        if (QJsonValue::fromVariant(box->itemData(i)) == value) {
            box->setCurrentIndex(i);
            return;
        }
}

// Tooltips: what a data set, a feature, an optimiser and an initialisation are (as core/ computes them).
QString datasetToolTip(const QString &id) {
    if (id == QLatin1String("circle"))
        return PlaygroundPanel::tr("Classification: a disc of radius 2.5 against a ring from 3.5 to 5");
    if (id == QLatin1String("xor"))
        return PlaygroundPanel::tr("Classification: the sign of x₁·x₂, the quadrants of [−5, 5]²");
    if (id == QLatin1String("gauss"))
        return PlaygroundPanel::tr("Classification: two normal clouds centred at (2, 2) and (−2, −2)");
    if (id == QLatin1String("spiral"))
        return PlaygroundPanel::tr("Classification: two interleaved spiral arms, 1.75 turns out to radius 5");
    if (id == QLatin1String("moons"))
        return PlaygroundPanel::tr("Classification: two interleaved half circles of radius 3");
    if (id == QLatin1String("checkerboard"))
        return PlaygroundPanel::tr("Classification: a 4 × 4 checkerboard over [−5, 5]²");
    if (id == QLatin1String("blobs"))
        return PlaygroundPanel::tr("Classification, several classes: one normal cluster per class on a "
                                   "circle of radius 3.5");
    if (id == QLatin1String("spirals"))
        return PlaygroundPanel::tr("Classification, several classes: one spiral arm per class");
    if (id == QLatin1String("plane"))
        return PlaygroundPanel::tr("Regression: the target (x₁ + x₂)/10 over [−6, 6]²");
    if (id == QLatin1String("multigauss"))
        return PlaygroundPanel::tr("Regression: six bumps of height ±1 (falling to 0 at distance 2) over "
                                   "[−6, 6]²");
    return {};
}

QString featureToolTip(Feature f) {
    switch (f) {
    case Feature::X1:
        return PlaygroundPanel::tr("Feed x₁, the horizontal coordinate, to the network (changing the "
                                   "features restarts training)");
    case Feature::X2:
        return PlaygroundPanel::tr("Feed x₂, the vertical coordinate, to the network (changing the "
                                   "features restarts training)");
    case Feature::X1Squared:
        return PlaygroundPanel::tr("Feed x₁² to the network; with x₂² a circle is a linear boundary");
    case Feature::X2Squared:
        return PlaygroundPanel::tr("Feed x₂² to the network; with x₁² a circle is a linear boundary");
    case Feature::X1X2:
        return PlaygroundPanel::tr("Feed the product x₁·x₂ to the network; its sign is the xor pattern");
    case Feature::SinX1:
        return PlaygroundPanel::tr("Feed sin(x₁) to the network");
    case Feature::SinX2:
        return PlaygroundPanel::tr("Feed sin(x₂) to the network");
    }
    return {};
}

QString optimizerToolTip(OptimizerKind k) {
    switch (k) {
    case OptimizerKind::Sgd:
        return PlaygroundPanel::tr("Plain SGD: w ← w − η·g");
    case OptimizerKind::Momentum:
        return PlaygroundPanel::tr("Momentum: v ← 0.9·v − η·g, w ← w + v");
    case OptimizerKind::Nesterov:
        return PlaygroundPanel::tr("Nesterov momentum: v ← 0.9·v − η·g, w ← w + 0.9·v − η·g "
                                   "(look-ahead form)");
    case OptimizerKind::Adam:
        return PlaygroundPanel::tr("Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − η·m̂/(√v̂ + ε), "
                                   "with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸");
    }
    return {};
}

QString initToolTip(InitKind k) {
    switch (k) {
    case InitKind::Uniform:
        return PlaygroundPanel::tr("Uniform: w ~ U[−0.5, 0.5], biases 0.1");
    case InitKind::Glorot:
        return PlaygroundPanel::tr("Glorot/Xavier, uniform: w ~ U[−a, a] with a = √(6/(fan_in + fan_out)), "
                                   "biases 0");
    case InitKind::He:
        return PlaygroundPanel::tr("He: w ~ N(0, 2/fan_in), biases 0");
    case InitKind::UnitNorm:
        return PlaygroundPanel::tr("The paper's: w ~ N(0, 1), then each unit's incoming weights scaled to "
                                   "unit norm; biases 0");
    }
    return {};
}

} // namespace

PlaygroundPanel::PlaygroundPanel(QWidget *parent)
    : QWidget(parent) {
    const TrainingSettings defaults;
    // ---- data ----
    m_datasetBox = new QComboBox;
    m_datasetBox->setIconSize(QSize(40, 40));
    for (std::string_view id : datasetIds())
        m_datasetBox->addItem(QIcon(datasetThumbnail(std::string(id), 40)), toQString(id), toQString(id));
    for (int i = 0; i < m_datasetBox->count(); ++i)
        m_datasetBox->setItemData(i, datasetToolTip(m_datasetBox->itemData(i).toString()), Qt::ToolTipRole);
    m_datasetBox->setToolTip(tr("The toy data set of points (x₁, x₂) to classify or regress, as in "
                                "TensorFlow Playground; choosing one draws new points and restarts"));
    m_noiseBox = new QDoubleSpinBox;
    m_noiseBox->setRange(0.0, 50.0);
    m_noiseBox->setSuffix(QStringLiteral(" %"));
    m_noiseBox->setToolTip(tr("Noise, 0–50 %: it perturbs the point that decides the label (circle, xor, "
                              "checkerboard, plane, multigauss), widens the clouds (gauss, blobs) or moves "
                              "the points (spiral, spirals, moons); new points are drawn"));
    m_ratioBox = new QSpinBox;
    m_ratioBox->setRange(10, 90);
    m_ratioBox->setValue(50);
    m_ratioBox->setSuffix(QStringLiteral(" % train"));
    m_ratioBox->setToolTip(tr("Share of the points that train the network; the rest are test points, "
                              "never trained on (test loss and accuracy)"));
    m_batchBox = new QSpinBox;
    m_batchBox->setRange(1, 500);
    m_batchBox->setValue(defaults.batch);
    m_batchBox->setToolTip(tr("Mini-batch size: points per gradient step (the gradient of their mean loss); "
                              "an epoch goes once through the shuffled training points"));
    m_regenerateButton = new QPushButton(tr("Regenerate"));
    m_regenerateButton->setToolTip(
        tr("Draw new points for this data set (the next seed) and restart training"));
    m_showTestBox = new QCheckBox(tr("Show test points"));
    m_showTestBox->setToolTip(tr("Also draw the test points (outlined in black), which the network never "
                                 "trains on"));
    m_showTestBox->setChecked(true);
    m_discretizeBox = new QCheckBox(tr("Discretize output"));
    m_discretizeBox->setToolTip(tr("Colour the plane by the sign of the output only (the predicted class) "
                                   "instead of shading by its value; several classes always show the class"));
    auto *dataForm = new QFormLayout;
    dataForm->addRow(tr("Data"), m_datasetBox);
    dataForm->addRow(tr("Noise"), m_noiseBox);
    dataForm->addRow(tr("Split"), m_ratioBox);
    dataForm->addRow(tr("Batch"), m_batchBox);
    dataForm->addRow(m_regenerateButton);
    dataForm->addRow(m_showTestBox);
    dataForm->addRow(m_discretizeBox);
    for (QWidget *field : std::initializer_list<QWidget *>{m_datasetBox, m_noiseBox, m_ratioBox, m_batchBox})
        if (QWidget *label = dataForm->labelForField(field)) label->setToolTip(field->toolTip());
    auto *dataGroup = new QGroupBox(tr("Data"));
    dataGroup->setLayout(dataForm);

    // ---- features ----
    auto *featureGroup = new QGroupBox(tr("Features"));
    auto *featureLayout = new QGridLayout(featureGroup);
    const QString featureNames[] = {QStringLiteral("x₁"),    QStringLiteral("x₂"),   QStringLiteral("x₁²"),
                                    QStringLiteral("x₂²"),   QStringLiteral("x₁x₂"), QStringLiteral("sin x₁"),
                                    QStringLiteral("sin x₂")};
    for (int i = 0; i < int(std::size(kFeatures)); ++i) {
        auto *box = new QCheckBox(featureNames[i]);
        box->setObjectName(toQString(idOf(kFeatures[i])));
        box->setChecked(i < 2);
        box->setToolTip(featureToolTip(kFeatures[i]));
        featureLayout->addWidget(box, i / 4, i % 4);
        m_featureBoxes.push_back(box);
    }

    // ---- network and training ----
    m_hiddenField = new QLineEdit(QStringLiteral("4,2"));
    m_hiddenField->setToolTip(
        tr("Units per hidden layer, comma-separated, e.g. 8,8,4 (up to %1 layers of 1 to %2; empty for "
           "none); 8:relu,8:gelu gives a layer its own activation. Applied on Enter or on leaving the field; "
           "restarts training")
            .arg(kMaxHiddenLayers)
            .arg(kMaxHiddenUnits));
    m_activationBox = new QComboBox;
    fillNetworkActivations(m_activationBox);
    m_activationBox->setCurrentIndex(m_activationBox->findData(QStringLiteral("gelu")));
    m_activationBox->setToolTip(tr("The hidden layers' activation f (layers without their own in the field "
                                   "above); changing it keeps the weights. SOI gate: z·m with m ~ "
                                   "Bernoulli(Φ(z)) while training, z·Φ(z) at test"));
    m_lrBox = new QComboBox;
    for (double lr : {0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0})
        m_lrBox->addItem(QString::number(lr), lr);
    m_lrBox->setCurrentIndex(m_lrBox->findData(0.01));
    m_lrBox->setToolTip(tr("Learning rate η, the step size of every update (SGD: w ← w − η·g); applied at "
                           "once, without restarting"));
    m_optimizerBox = new QComboBox;
    for (OptimizerKind k :
         {OptimizerKind::Adam, OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Nesterov})
        m_optimizerBox->addItem(toQString(idOf(k)), int(k));
    for (int i = 0; i < m_optimizerBox->count(); ++i)
        m_optimizerBox->setItemData(i, optimizerToolTip(OptimizerKind(m_optimizerBox->itemData(i).toInt())),
                                    Qt::ToolTipRole);
    m_optimizerBox->setToolTip(tr("How each batch's mean gradient g updates the weights w (restarts "
                                  "training): SGD w ← w − η·g, momentum, Nesterov or Adam"));
    m_regularizationBox = new QComboBox;
    m_regularizationBox->addItems({tr("None"), QStringLiteral("L1"), QStringLiteral("L2")});
    m_regularizationBox->setItemData(0, tr("No penalty on the weights"), Qt::ToolTipRole);
    m_regularizationBox->setItemData(1, tr("L1: adds λ·Σ|w| to the loss (pushes weights to exactly 0)"),
                                     Qt::ToolTipRole);
    m_regularizationBox->setItemData(2, tr("L2: adds ½λ·Σw² to the loss (weight decay, gradient λ·w)"),
                                     Qt::ToolTipRole);
    m_regularizationBox->setToolTip(tr("A penalty on the weights (not the biases) added to the loss: L1 "
                                       "λ·Σ|w| or L2 ½λ·Σw², λ the rate below; applied at once"));
    m_regularizationRateBox = new QComboBox;
    for (double r : {0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0})
        m_regularizationRateBox->addItem(QString::number(r), r);
    m_regularizationRateBox->setToolTip(
        tr("λ, the weight of the L1 or L2 penalty (0: none); applied at once"));
    m_speedBox = new SpeedBox(tr("epoch"), tr("epochs"), tr("As fast as possible"));
    m_speedBox->setToolTip(tr("How fast Play trains: slow enough to watch the boundary move, or as fast as "
                              "the computer can (Space plays and pauses, → trains one epoch)"));
    m_clickClassBox = new QComboBox;
    m_clickClassBox->setToolTip(tr("The class (regression: target) of a point added by clicking the data "
                                   "plot; Ctrl+click removes the nearest point"));
    auto *netForm = new QFormLayout;
    netForm->addRow(tr("Hidden layers"), m_hiddenField);
    netForm->addRow(tr("Activation"), m_activationBox);
    netForm->addRow(tr("Learning rate"), m_lrBox);
    netForm->addRow(tr("Optimizer"), m_optimizerBox);
    m_lossBox = new QComboBox;
    m_lossBox->addItem(tr("default"), -1);
    m_lossBox->addItem(tr("squared (tanh)"), int(LossKind::Squared));
    m_lossBox->setItemData(0,
                           tr("Classification: cross-entropy −[y log p + (1−y) log(1−p)] with a sigmoid "
                              "output p (two classes), −Σₖ yₖ log pₖ with softmax (more); regression: "
                              "squared error ½(y − ŷ)² with a linear output"),
                           Qt::ToolTipRole);
    m_lossBox->setItemData(1,
                           tr("Squared error ½(y − ŷ)²: to classify, on a tanh output ŷ with labels y = ±1 "
                              "as TensorFlow Playground (two classes only); to regress, on a linear output"),
                           Qt::ToolTipRole);
    m_initBox = new QComboBox;
    for (InitKind k : {InitKind::Glorot, InitKind::Uniform, InitKind::He, InitKind::UnitNorm})
        m_initBox->addItem(toQString(idOf(k)), int(k));
    for (int i = 0; i < m_initBox->count(); ++i)
        m_initBox->setItemData(i, initToolTip(InitKind(m_initBox->itemData(i).toInt())), Qt::ToolTipRole);
    m_initBox->setToolTip(tr("How the weights start, drawn from the seed (Reset starts from the same ones); "
                             "fan_in/fan_out: units below/above. Restarts training"));
    m_dropoutBox = new QComboBox;
    for (double p : {0.0, 0.1, 0.2, 0.3, 0.5})
        m_dropoutBox->addItem(QString::number(p), p);
    m_dropoutBox->setToolTip(tr("Dropout rate p: while training, each hidden unit is dropped with "
                                "probability p (kept with 1 − p) and the kept ones scaled by 1/(1 − p); none "
                                "at test"));
    m_lossBox->setToolTip(tr("The loss, averaged over the points. default: cross-entropy to classify "
                             "(sigmoid or softmax), squared to regress; squared (tanh): ½(y − ŷ)² on a tanh "
                             "output with ±1 labels, as TensorFlow Playground. Restarts training"));
    netForm->addRow(tr("Loss"), m_lossBox);
    netForm->addRow(tr("Initialisation"), m_initBox);
    netForm->addRow(tr("Dropout"), m_dropoutBox);
    netForm->addRow(tr("Regularization"), m_regularizationBox);
    netForm->addRow(tr("Regularization rate"), m_regularizationRateBox);
    netForm->addRow(tr("Click adds"), m_clickClassBox);
    for (QWidget *field : std::initializer_list<QWidget *>{
             m_hiddenField, m_activationBox, m_lrBox, m_optimizerBox, m_lossBox, m_initBox, m_dropoutBox,
             m_regularizationBox, m_regularizationRateBox, m_clickClassBox})
        if (QWidget *label = netForm->labelForField(field)) label->setToolTip(field->toolTip());
    auto *netGroup = new QGroupBox(tr("Network"));
    netGroup->setLayout(netForm);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(dataGroup);
    layout->addWidget(featureGroup);
    layout->addWidget(netGroup);
}

std::vector<Feature> PlaygroundPanel::features() const {
    std::vector<Feature> chosen;
    for (std::size_t k = 0; k < m_featureBoxes.size(); ++k)
        if (m_featureBoxes[k]->isChecked()) chosen.push_back(kFeatures[k]);
    return chosen;
}

void PlaygroundPanel::showFeatures(const std::vector<Feature> &features) {
    for (std::size_t k = 0; k < m_featureBoxes.size(); ++k) {
        const QSignalBlocker block(m_featureBoxes[k]);
        m_featureBoxes[k]->setChecked(std::find(features.begin(), features.end(), kFeatures[k]) !=
                                      features.end());
    }
}

std::optional<PlaygroundPanel::HiddenLayers> PlaygroundPanel::hiddenLayers(QString *error) const {
    HiddenLayers layers;
    std::vector<std::string> ids;
    bool perLayer = false;
    const QString common = m_activationBox->currentData().toString();
    for (const QString &token : m_hiddenField->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = token.trimmed().split(QLatin1Char(':'));
        bool ok = false;
        const int units = parts.first().trimmed().toInt(&ok);
        if (!ok || units < 1 || units > kMaxHiddenUnits || parts.size() > 2) {
            *error = tr("Hidden layers: whole numbers from 1 to %1, separated by commas, "
                        "each optionally with :activation (8:relu,8:gelu)")
                         .arg(kMaxHiddenUnits);
            return std::nullopt;
        }
        const QString id = parts.size() == 2 ? parts[1].trimmed() : common;
        if (id != QLatin1String("soi") && !findActivation(id.toStdString())) {
            *error = tr("Unknown activation '%1' in the hidden layers").arg(id);
            return std::nullopt;
        }
        perLayer = perLayer || parts.size() == 2;
        layers.widths.push_back(units);
        ids.push_back(id.toStdString());
    }
    if (layers.widths.size() > std::size_t(kMaxHiddenLayers)) {
        *error = tr("At most %1 hidden layers").arg(kMaxHiddenLayers);
        return std::nullopt;
    }
    layers.activations = perLayer ? ids : std::vector<std::string>{common.toStdString()};
    return layers;
}

double PlaygroundPanel::l1() const {
    return m_regularizationBox->currentIndex() == 1 ? m_regularizationRateBox->currentData().toDouble() : 0.0;
}

double PlaygroundPanel::l2() const {
    return m_regularizationBox->currentIndex() == 2 ? m_regularizationRateBox->currentData().toDouble() : 0.0;
}

void PlaygroundPanel::fillClickClasses(const Dataset &data) {
    m_clickClassBox->clear();
    const auto swatch = [](const QColor &color) {
        QPixmap pixmap(12, 12);
        pixmap.fill(color);
        return QIcon(pixmap);
    };
    if (data.problem == Problem::Regression) {
        m_clickClassBox->addItem(swatch(classColor(1)), tr("target +1"), 1.0);
        m_clickClassBox->addItem(swatch(classColor(0)), tr("target −1"), -1.0);
        return;
    }
    const QString names[] = {tr("orange"), tr("blue"), tr("green"), tr("purple"), tr("sky blue")};
    for (int k = data.classes - 1; k >= 0; --k)
        m_clickClassBox->addItem(swatch(classColor(k)),
                                 tr("%1 (class %2)").arg(names[std::size_t(k) % std::size(names)]).arg(k),
                                 double(k));
    if (data.classes == 2) m_clickClassBox->setCurrentIndex(0); // class 1, blue
}

QJsonObject PlaygroundPanel::state() const {
    QJsonArray features;
    for (Feature f : this->features())
        features.append(toQString(idOf(f)));
    const int loss = m_lossBox->currentData().toInt();
    QJsonObject state{
        {QStringLiteral("noise"), m_noiseBox->value()},
        {QStringLiteral("trainPercent"), m_ratioBox->value()},
        {QStringLiteral("batch"), m_batchBox->value()},
        {QStringLiteral("showTest"), m_showTestBox->isChecked()},
        {QStringLiteral("discretize"), m_discretizeBox->isChecked()},
        {QStringLiteral("features"), features},
        {QStringLiteral("activation"), choice(m_activationBox)},
        {QStringLiteral("learningRate"), choice(m_lrBox)},
        {QStringLiteral("optimizer"), m_optimizerBox->currentText()},
        {QStringLiteral("loss"), loss < 0 ? QStringLiteral("default") : toQString(idOf(LossKind(loss)))},
        {QStringLiteral("init"), m_initBox->currentText()},
        {QStringLiteral("dropout"), choice(m_dropoutBox)},
        {QStringLiteral("regularization"), m_regularizationBox->currentIndex()},
        {QStringLiteral("regularizationRate"), choice(m_regularizationRateBox)},
        {QStringLiteral("speed"), choice(m_speedBox)}};
    // A data set loaded from a file is none of the box's.
    if (m_datasetBox->currentIndex() >= 0) state.insert(QStringLiteral("dataset"), choice(m_datasetBox));
    // The hidden layers as numbers (and an activation per layer where the field names them); a field being
    // edited into something invalid leaves them out.
    QString error;
    if (const std::optional<HiddenLayers> layers = hiddenLayers(&error)) {
        QJsonArray widths, ids;
        for (int w : layers->widths)
            widths.append(w);
        state.insert(QStringLiteral("hidden"), widths);
        if (m_hiddenField->text().contains(QLatin1Char(':'))) {
            for (const std::string &id : layers->activations)
                ids.append(toQString(id));
            state.insert(QStringLiteral("layerActivations"), ids);
        }
    }
    return state;
}

void PlaygroundPanel::restoreState(const QJsonObject &state) {
    choose(m_datasetBox, state.value(QStringLiteral("dataset")));
    choose(m_speedBox, state.value(QStringLiteral("speed")));
    const QJsonValue noise = state.value(QStringLiteral("noise"));
    if (noise.isDouble() && noise.toDouble() >= m_noiseBox->minimum() &&
        noise.toDouble() <= m_noiseBox->maximum())
        m_noiseBox->setValue(noise.toDouble());
    for (QSpinBox *box : {m_ratioBox, m_batchBox}) {
        const QJsonValue v =
            state.value(box == m_ratioBox ? QStringLiteral("trainPercent") : QStringLiteral("batch"));
        if (v.isDouble() && v.toDouble() == double(v.toInt()) && v.toInt() >= box->minimum() &&
            v.toInt() <= box->maximum())
            box->setValue(v.toInt());
    }
    for (QCheckBox *box : {m_showTestBox, m_discretizeBox}) {
        const QJsonValue v =
            state.value(box == m_showTestBox ? QStringLiteral("showTest") : QStringLiteral("discretize"));
        if (v.isBool()) box->setChecked(v.toBool());
    }
    const QJsonValue features = state.value(QStringLiteral("features"));
    if (features.isArray()) {
        QStringList ids;
        for (const QJsonValue &v : features.toArray())
            ids << v.toString();
        const bool known = std::all_of(ids.begin(), ids.end(), [this](const QString &id) {
            return std::any_of(m_featureBoxes.begin(), m_featureBoxes.end(),
                               [&](QCheckBox *box) { return box->objectName() == id; });
        });
        if (known && !ids.isEmpty()) {
            // Checked ones first, so that a feature is always left checked on the way.
            for (bool on : {true, false})
                for (QCheckBox *box : m_featureBoxes)
                    if (ids.contains(box->objectName()) == on) box->setChecked(on);
        }
    }
    choose(m_activationBox, state.value(QStringLiteral("activation")));
    const QJsonValue hidden = state.value(QStringLiteral("hidden"));
    if (hidden.isArray()) {
        const QJsonArray widths = hidden.toArray(),
                         ids = state.value(QStringLiteral("layerActivations")).toArray();
        QStringList parts;
        for (qsizetype i = 0; i < widths.size(); ++i)
            parts << QString::number(widths[i].toInt()) +
                         (ids.size() == widths.size() ? QLatin1Char(':') + ids[i].toString() : QString());
        const QString before = m_hiddenField->text();
        QString error;
        const std::optional<HiddenLayers> was = hiddenLayers(&error);
        m_hiddenField->setText(parts.join(QLatin1Char(',')));
        const std::optional<HiddenLayers> now = hiddenLayers(&error);
        if (!now)
            m_hiddenField->setText(before);
        else if (!was || was->widths != now->widths || was->activations != now->activations)
            emit m_hiddenField->editingFinished(); // a new network only for other layers
        else
            m_hiddenField->setText(before);
    }
    choose(m_lrBox, state.value(QStringLiteral("learningRate")));
    for (QComboBox *box : {m_optimizerBox, m_initBox}) {
        const int index = box->findText(
            state.value(box == m_optimizerBox ? QStringLiteral("optimizer") : QStringLiteral("init"))
                .toString());
        if (index >= 0) box->setCurrentIndex(index);
    }
    const QString loss = state.value(QStringLiteral("loss")).toString();
    if (loss == QLatin1String("default"))
        m_lossBox->setCurrentIndex(0);
    else if (fromId<LossKind>(loss.toStdString()) == LossKind::Squared)
        m_lossBox->setCurrentIndex(1);
    choose(m_dropoutBox, state.value(QStringLiteral("dropout")));
    const QJsonValue regularization = state.value(QStringLiteral("regularization"));
    if (regularization.isDouble() && regularization.toInt() >= 0 && regularization.toInt() <= 2 &&
        regularization.toDouble() == double(regularization.toInt()))
        m_regularizationBox->setCurrentIndex(regularization.toInt());
    choose(m_regularizationRateBox, state.value(QStringLiteral("regularizationRate")));
}

} // namespace gelulab
