#pragma once
// Data rows per SIMD target: the vector kernels' tests run on every target this processor can run
// (docs/ARCHITECTURE.md, "Kernels"), each row forcing its target first.
#include "simd_target.h"

#include <QStringList>
#include <QTest>

#include <string>

namespace gelulab::testing {

// Every target this processor runs, best first; only the one GELULAB_SIMD names when it is set.
inline QStringList simdTargets() {
    const QString forced = qEnvironmentVariable(simd::kEnvironmentVariable);
    if (!forced.isEmpty()) return {forced};
    QStringList names;
    for (const std::string &name : simd::availableTargets())
        names << QString::fromStdString(name);
    return names;
}

// A "target" column with one row per target, for tests that need nothing else in their rows.
inline void addSimdTargetRows() {
    QTest::addColumn<QString>("target");
    for (const QString &target : simdTargets())
        QTest::newRow(qPrintable(target)) << target;
}

} // namespace gelulab::testing

// Runs the rest of the test function on this target (fails the test if it cannot).
#define GELULAB_USE_SIMD_TARGET(target)                                                                      \
    do {                                                                                                     \
        const std::string simdError = gelulab::simd::forceTarget((target).toStdString());                    \
        QVERIFY2(simdError.empty(), simdError.c_str());                                                      \
        QCOMPARE(QString::fromStdString(gelulab::simd::activeTarget()), (target));                           \
    } while (false)
