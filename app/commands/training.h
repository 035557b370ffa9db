#pragma once
// What the commands that train share (train, compare, robustness, render and bench of the Playground): the
// training options, the data and settings they give, and trainers built from them. Internal to app/.

#include "comparison.h"
#include "trainer.h"

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace gelulab::cli {

class Command;
class ProgressBar;

// Options every training command takes.
void addTrainingOptions(Command &cmd, const QString &defaultActivation = QStringLiteral("gelu"));

struct TrainingSetup {
    Dataset data;
    TrainingSettings settings;
    QString dataName;
};

// The data set and the settings of the training options; registers the --formula options.
TrainingSetup parseTrainingOptions(Command &cmd);
// The activation ids of a comma-separated list, this command line's custom1, custom2, … resolved.
std::vector<std::string> activationIds(const Command &cmd, const QString &list);
// A trainer with the activation parameters of --param applied (on every layer's row that has them).
Trainer makeTrainer(const TrainingSetup &setup, const QStringList &params);
// makeTrainer with the command's --param; settings that do not fit the data are a command-line error.
Trainer makeTrainerFor(const TrainingSetup &setup, const Command &cmd);
// What went wrong in a summary's runs, as a sentence ("3 of 5 runs diverged (…); 1 collapsed without
// diverging: lower the learning rate"), or empty for healthy runs.
QString runHealth(const AlternativeSummary &summary, int runs);

// Trains every run of the comparison `epochs` epochs, updating the progress bar every 25 epochs.
void advanceWithProgress(Comparison &comparison, int epochs, ProgressBar &bar);

} // namespace gelulab::cli
