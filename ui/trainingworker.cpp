#include "trainingworker.h"

#include <QElapsedTimer>
#include <QTimer>

namespace gelulab {

void TrainingWorker::configure(const Dataset &data, const TrainingSettings &settings, int grid,
                               quint64 generation) {
    m_generation = generation;
    m_running = false;
    m_gradientNorms.clear();
    try {
        m_trainer.emplace(data, settings);
        m_trainer->setGrid(grid);
    } catch (const std::invalid_argument &e) {
        m_trainer.reset();
        emit failed(QString::fromStdString(e.what()), generation);
        return;
    }
    emitSnapshot();
}

void TrainingWorker::play() {
    if (!m_trainer || m_trainer->diverged()) return;
    m_running = true;
    if (!m_chunkQueued) {
        m_chunkQueued = true;
        QTimer::singleShot(0, this, &TrainingWorker::chunk);
    }
}

void TrainingWorker::pause() {
    m_running = false;
    if (m_trainer) emitSnapshot();
}

void TrainingWorker::step(int epochs) {
    if (!m_trainer) return;
    m_running = false;
    train(epochs);
    emitSnapshot();
}

void TrainingWorker::setActivations(const std::vector<std::string> &ids) {
    if (!m_trainer) return;
    try {
        m_trainer->setActivations(ids);
    } catch (const std::invalid_argument &e) {
        emit failed(QString::fromStdString(e.what()), m_generation);
        return;
    }
    if (!m_running) emitSnapshot();
}

void TrainingWorker::setLearningRate(double lr) {
    if (m_trainer) m_trainer->setLearningRate(lr);
}

void TrainingWorker::setRegularization(double l1, double l2) {
    if (m_trainer) m_trainer->setRegularization(l1, l2);
}

void TrainingWorker::setData(const Dataset &data) {
    if (!m_trainer) return;
    try {
        m_trainer->setData(data);
    } catch (const std::invalid_argument &e) {
        emit failed(QString::fromStdString(e.what()), m_generation);
        return;
    }
    if (!m_running) emitSnapshot();
}

void TrainingWorker::setParameter(int layer, int to, int from, double value) {
    if (!m_trainer) return;
    try {
        if (from < 0)
            m_trainer->setBias(layer, to, value);
        else
            m_trainer->setWeight(layer, to, from, value);
    } catch (const std::invalid_argument &e) {
        emit failed(QString::fromStdString(e.what()), m_generation);
        return;
    }
    if (!m_running) emitSnapshot();
}

void TrainingWorker::train(int epochs) {
    for (int e = 0; e < epochs; ++e) {
        if (!m_trainer->trainEpoch()) {
            m_running = false; // diverged: the snapshot carries the message
            return;
        }
        m_gradientNorms.push_back(m_trainer->weightGradientNorms());
    }
}

void TrainingWorker::chunk() {
    m_chunkQueued = false;
    if (!m_running || !m_trainer) return;
    QElapsedTimer timer;
    timer.start();
    int epochs = 0;
    // About 10 ms of training, then a picture.
    do {
        train(1);
        ++epochs;
    } while (m_running && timer.nsecsElapsed() < 10'000'000);
    m_epochsPerSecond = double(epochs) / (double(timer.nsecsElapsed()) * 1e-9);
    if (*inFlight < 2 || !m_running) emitSnapshot();
    if (m_running) {
        m_chunkQueued = true;
        QTimer::singleShot(0, this, &TrainingWorker::chunk);
    }
}

void TrainingWorker::emitSnapshot() {
    PlaygroundSnapshot s;
    s.training = m_trainer->snapshot();
    s.history = m_trainer->history();
    s.gradientNorms = m_gradientNorms;
    s.generation = m_generation;
    s.running = m_running;
    s.epochsPerSecond = m_epochsPerSecond;
    ++*inFlight;
    emit snapshotReady(s);
}

} // namespace gelulab
