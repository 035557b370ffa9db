#include "activationpalette.h"

#include "activation.h"
#include "customactivations.h"

#include <QComboBox>

#include <array>

namespace gelulab {

// The first eight are told apart by everyone, on paper and on a projector: every pair differs by a CIEDE2000
// colour difference of at least 15 and each stands out from the background by a contrast of at least 3:1, in
// both themes (tst_appearance checks it). ReLU (the sixth row) is black, never a second blue beside GELU.
const std::array<QRgb, 16> &lightActivationPalette() {
    static constexpr std::array<QRgb, 16> palette{
        0xff0072b2, // blue
        0xffd55e00, // vermillion
        0xff009e73, // bluish green
        0xffaa4499, // purple
        0xffb07d00, // ochre
        0xff000000, // black
        0xff8c564b, // brown
        0xff7570b3, // slate violet
        0xff332288, // indigo
        0xff56b4e9, // sky blue
        0xff44aa99, // teal
        0xff999933, // olive
        0xff882255, // wine
        0xffcc79a7, // reddish purple
        0xffcc6677, // rose
        0xff117733, // green
    };
    return palette;
}

const std::array<QRgb, 16> &darkActivationPalette() {
    static constexpr std::array<QRgb, 16> palette{
        0xff56b4e9, 0xffff7f3f, 0xff2fd3a0, 0xffe88ad8, 0xfff0c020, 0xffe8e8e8, 0xffd8a878, 0xffa8a8ff,
        0xff8f86e0, 0xff9ad0ff, 0xff66d9c6, 0xffd0d060, 0xffe06a9f, 0xfff0a8d0, 0xfff09aa6, 0xff5cc479,
    };
    return palette;
}

QColor activationColor(const QString &id) {
    const std::array<QRgb, 16> &palette = lightActivationPalette();
    // Custom formulas take turns through colours far from the GELU family's, which they are usually drawn
    // against.
    static constexpr std::array<QRgb, 6> customPalette{0xff000000, 0xff882255, 0xff44aa99,
                                                       0xff332288, 0xff999933, 0xffcc6677};
    const ActivationList custom = customActivations();
    const std::string key = id.toStdString();
    for (std::size_t i = 0; i < custom.size(); ++i)
        if (custom[i].get().id == key) return QColor::fromRgb(customPalette[i % customPalette.size()]);
    const ActivationList rows = activations();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].get().id == key) return QColor::fromRgb(palette[i % palette.size()]);
    return QColor(Qt::darkGray);
}

QString activationDisplayName(const QString &id) {
    if (id == QLatin1String("soi")) return QObject::tr("SOI gate");
    const Activation *row = findActivation(id.toStdString());
    return row ? QString::fromUtf8(row->name.data(), qsizetype(row->name.size())) : id;
}

void fillNetworkActivations(QComboBox *box, bool withSoi) {
    const auto text = [](std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); };
    for (const Activation &a : activations())
        box->addItem(text(a.name), text(a.id));
    for (int i = 0; i < box->count(); ++i)
        if (const Activation *row = findActivation(box->itemData(i).toString().toStdString()))
            box->setItemData(i, text(row->formula), Qt::ToolTipRole);
    if (withSoi) {
        box->addItem(QObject::tr("SOI gate (stochastic)"), QStringLiteral("soi"));
        box->setItemData(
            box->count() - 1,
            QObject::tr("z·m with m ~ Bernoulli(Φ(z)) drawn afresh while training; z·Φ(z), GELU, "
                        "at test"),
            Qt::ToolTipRole);
    }
    QObject::connect(CustomActivations::instance(), &CustomActivations::added, box,
                     [box, text, withSoi](const QString &id) {
                         if (box->findData(id) >= 0) return;
                         const Activation *row = findActivation(id.toStdString());
                         if (!row) return;
                         const int at = box->count() - (withSoi ? 1 : 0); // before the SOI gate
                         box->insertItem(at, text(row->name), id);
                         box->setItemData(at, text(row->formula), Qt::ToolTipRole);
                     });
}

} // namespace gelulab
