#include "customactivations.h"

#include "activation.h"

namespace gelulab {

CustomActivations *CustomActivations::instance() {
    static CustomActivations notifier;
    return &notifier;
}

QString CustomActivations::add(const QString &formula) {
    const std::size_t before = customActivations().size();
    const Activation &row = registerCustomActivation(formula.trimmed().toStdString());
    const QString id = QString::fromUtf8(row.id.data(), qsizetype(row.id.size()));
    if (customActivations().size() != before) emit added(id);
    return id;
}

} // namespace gelulab
