#include "activationpalette.h"

#include "activation.h"
#include "customactivations.h"

#include <QComboBox>

#include <array>

namespace gelulab {

QColor activationColor(const QString &id) {
    static constexpr std::array<QRgb, 16> palette{
        0xff0072b2, // blue
        0xffd55e00, // vermillion
        0xff009e73, // bluish green
        0xffcc79a7, // reddish purple
        0xffe69f00, // orange
        0xff56b4e9, // sky blue
        0xff000000, // black
        0xffc4a000, // dark yellow (Okabe–Ito yellow, darkened to read on white)
        0xff332288, // indigo
        0xff88ccee, // cyan
        0xff44aa99, // teal
        0xff999933, // olive
        0xff882255, // wine
        0xffaa4499, // purple
        0xffcc6677, // rose
        0xff117733, // green
    };
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

void fillNetworkActivations(QComboBox *box) {
    const auto text = [](std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); };
    for (const Activation &a : activations())
        box->addItem(text(a.name), text(a.id));
    box->addItem(QObject::tr("SOI gate (stochastic)"), QStringLiteral("soi"));
    QObject::connect(CustomActivations::instance(), &CustomActivations::added, box,
                     [box, text](const QString &id) {
                         if (box->findData(id) >= 0) return;
                         const Activation *row = findActivation(id.toStdString());
                         if (row)
                             box->insertItem(box->count() - 1, text(row->name), id); // before the SOI gate
                     });
}

} // namespace gelulab
