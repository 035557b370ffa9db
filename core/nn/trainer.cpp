#include "trainer.h"

#include "matrix_products.h"
#include "network_limits.h"
#include "random.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <span>
#include <sstream>
#include <stdexcept>

namespace gelulab {
namespace {

using Matrix = Mlp<float>::Matrix;

bool allFinite(const Mlp<float> &net) {
    for (std::size_t l = 0; l < net.W.size(); ++l)
        if (!net.W[l].allFinite() || !net.b[l].allFinite()) return false;
    return true;
}

} // namespace

std::vector<HiddenActivation> hiddenActivations(const std::vector<std::string> &ids, std::size_t layers) {
    if (ids.empty()) throw std::invalid_argument("an activation is needed");
    if (ids.size() != 1 && ids.size() != layers)
        throw std::invalid_argument("give one activation for all " + std::to_string(layers) +
                                    " hidden layers or one per layer, not " + std::to_string(ids.size()));
    std::vector<HiddenActivation> result;
    for (std::size_t l = 0; l < layers; ++l) {
        const std::string &id = ids.size() == 1 ? ids.front() : ids[l];
        if (id == "soi")
            result.push_back(HiddenActivation::soiGate());
        else
            result.push_back(
                HiddenActivation::fromRegistry(ActivationInstance(id))); // throws for unknown ids
    }
    return result;
}

namespace {
std::string threeDigits(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}
} // namespace

void TrainingWatch::observe(const EpochRecord &r) {
    if (!(m_initialLoss > 0.0) || !std::isfinite(m_initialLoss)) return;
    const bool collapsed = m_lowest <= 0.1 * m_initialLoss && r.trainLoss >= 0.5 * m_initialLoss &&
                           r.trainLoss >= 1000.0 * m_lowest;
    if (collapsed && m_riseEpoch == 0) {
        m_riseEpoch = r.epoch;
        m_lowestBeforeRise = m_lowest;
        m_lowestEpochBeforeRise = m_lowestEpoch;
    } else if (!collapsed) {
        m_riseEpoch = 0;
    }
    if (r.trainLoss < m_lowest) {
        m_lowest = r.trainLoss;
        m_lowestEpoch = r.epoch;
    }
}

std::optional<TrainingWarning> TrainingWatch::warning(const EpochRecord *last) const {
    if (!last || !(m_initialLoss > 0.0) || !std::isfinite(m_initialLoss)) return std::nullopt;
    if (!std::isfinite(last->testLoss))
        return TrainingWarning{last->epoch, "the test loss is not a finite number at epoch " +
                                                std::to_string(last->epoch) +
                                                " while training goes on: a test point lies far outside the "
                                                "training data"};
    if (m_riseEpoch > 0)
        return TrainingWarning{m_riseEpoch, "training collapsed at epoch " + std::to_string(m_riseEpoch) +
                                                ": the training loss rose from " +
                                                threeDigits(m_lowestBeforeRise) + " (epoch " +
                                                std::to_string(m_lowestEpochBeforeRise) + ") to " +
                                                threeDigits(last->trainLoss) + " — lower the learning rate"};
    if (last->trainLoss >= 10.0 * m_initialLoss)
        return TrainingWarning{last->epoch, "the training loss ended at " + threeDigits(last->trainLoss) +
                                                ", " + threeDigits(last->trainLoss / m_initialLoss) +
                                                " times where it started — lower the learning rate"};
    return std::nullopt;
}

std::optional<TrainingWarning> trainingWarning(const std::vector<EpochRecord> &history, double initialLoss) {
    TrainingWatch watch(initialLoss);
    for (const EpochRecord &r : history)
        watch.observe(r);
    return watch.warning(history.empty() ? nullptr : &history.back());
}

Trainer::Trainer(Dataset data, const TrainingSettings &settings)
    : m_data(std::move(data))
    , m_settings(settings)
    , m_optimizer(settings.optimizer)
    , m_engine(streamEngine(settings.seed, 1)) {
    if (m_settings.features.empty()) throw std::invalid_argument("at least one feature is needed");
    if (m_data.train.empty()) throw std::invalid_argument("there are no training points");
    setUp(m_data.problem, m_data.classes, int(m_settings.features.size()), 1);
}

Trainer::Trainer(MatrixData data, const TrainingSettings &settings)
    : Trainer(prepareExamples(std::move(data)), settings) {}

Trainer::Trainer(std::shared_ptr<const TrainingExamples> examples, const TrainingSettings &settings)
    : m_settings(settings)
    , m_optimizer(settings.optimizer)
    , m_engine(streamEngine(settings.seed, 1))
    , m_examples(std::move(examples))
    , m_matrixInput(true) {
    if (!m_examples || m_examples->trainCount() == 0)
        throw std::invalid_argument("there are no training examples");
    const TrainingExamples &e = *m_examples;
    setUp(e.problem, e.classes, e.inputs(),
          e.problem == Problem::Classification ? 1 : int(e.trainTargetRows.cols()));
}

void Trainer::setUp(Problem problem, int classes, int inputs, int regressionOutputs) {
    m_problem = problem;
    m_classes = problem == Problem::Classification ? classes : 0;
    const TrainingSettings &s = m_settings;
    // Points are the Playground's, drawn unit by unit; matrix data may be the paper's images.
    if (const std::string problem =
            hiddenLayersProblem(s.hidden, m_matrixInput ? kMaxExperimentUnits : kMaxHiddenUnits);
        !problem.empty())
        throw std::invalid_argument(problem);
    if (!(s.learningRate > 0.0) || !std::isfinite(s.learningRate))
        throw std::invalid_argument("the learning rate must be a positive number");
    if (s.batch < 1 || s.batch > 10'000)
        throw std::invalid_argument("the batch size must be from 1 to 10000");
    if (s.epochs < 1) throw std::invalid_argument("at least one epoch");
    if (!(s.dropout >= 0.0 && s.dropout <= 0.9)) throw std::invalid_argument("dropout must be from 0 to 0.9");
    if (!(s.l1 >= 0.0) || !(s.l2 >= 0.0)) throw std::invalid_argument("regularisation rates must be ≥ 0");
    m_activations = hiddenActivations(s.activations, s.hidden.size());
    const LossKind loss =
        s.loss.value_or(problem == Problem::Classification ? LossKind::CrossEntropy : LossKind::Squared);
    m_settings.loss = loss;
    OutputKind output = OutputKind::Linear;
    int outputs = regressionOutputs;
    if (problem == Problem::Regression) {
        if (loss != LossKind::Squared) throw std::invalid_argument("regression trains with the squared loss");
    } else if (loss == LossKind::Squared) {
        if (classes != 2)
            throw std::invalid_argument("the squared loss (tanh output, ±1 labels) needs two classes");
        output = OutputKind::Tanh;
        outputs = 1;
    } else {
        output = classes == 2 ? OutputKind::Sigmoid : OutputKind::Softmax;
        outputs = classes == 2 ? 1 : classes;
    }
    m_net = Mlp<float>(inputs, s.hidden, outputs, output);
    initialise();
    buildDataMatrices();
    m_initialLoss = evaluate(0).trainLoss;
    m_watch = TrainingWatch(m_initialLoss);
}

void Trainer::initialise() {
    RandomEngine engine = streamEngine(m_settings.seed, 0);
    for (std::size_t l = 0; l < m_net.W.size(); ++l) {
        Matrix &w = m_net.W[l];
        const double fanIn = double(w.cols()), fanOut = double(w.rows());
        for (Eigen::Index c = 0; c < w.cols(); ++c)
            for (Eigen::Index r = 0; r < w.rows(); ++r) {
                double v = 0.0;
                switch (m_settings.init) {
                case InitKind::Uniform:
                    v = uniformDouble(engine) - 0.5;
                    break;
                case InitKind::Glorot:
                    v = (2.0 * uniformDouble(engine) - 1.0) * std::sqrt(6.0 / (fanIn + fanOut));
                    break;
                case InitKind::He:
                    v = normal(engine) * std::sqrt(2.0 / fanIn);
                    break;
                case InitKind::UnitNorm:
                    v = normal(engine);
                    break;
                }
                w(r, c) = float(v);
            }
        if (m_settings.init == InitKind::UnitNorm) // the paper's: rows of unit norm
            for (Eigen::Index r = 0; r < w.rows(); ++r)
                w.row(r) /= std::max(w.row(r).norm(), 1e-12f);
        m_net.b[l].setConstant(m_settings.init == InitKind::Uniform ? 0.1f : 0.0f);
    }
}

Matrix Trainer::featureMatrix(const std::vector<DataPoint> &points) const {
    return gelulab::featureMatrix(m_settings.features, points);
}

Matrix Trainer::targetMatrix(const std::vector<DataPoint> &points) const {
    if (m_problem == Problem::Regression) {
        Matrix t(1, Eigen::Index(points.size()));
        for (std::size_t i = 0; i < points.size(); ++i)
            t(0, Eigen::Index(i)) = float(points[i].target);
        return t;
    }
    std::vector<int> labels(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        labels[i] = int(points[i].target);
    return labelTargets(labels);
}

Matrix Trainer::labelTargets(const std::vector<int> &labels) const {
    Matrix t = Matrix::Zero(m_net.outputs(), Eigen::Index(labels.size()));
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto c = Eigen::Index(i);
        switch (m_net.output()) {
        case OutputKind::Tanh:
            t(0, c) = labels[i] == 1 ? 1.0f : -1.0f;
            break;
        case OutputKind::Sigmoid:
            t(0, c) = float(labels[i]);
            break;
        case OutputKind::Softmax:
            t(Eigen::Index(labels[i]), c) = 1.0f;
            break;
        case OutputKind::Linear:
            t(0, c) = float(labels[i]);
            break;
        }
    }
    return t;
}

std::size_t Trainer::correct(const Matrix &y, const int *labels) const {
    std::size_t right = 0;
    for (std::size_t i = 0; i < std::size_t(y.cols()); ++i) {
        const auto c = Eigen::Index(i);
        int predicted = 0;
        switch (m_net.output()) {
        case OutputKind::Tanh:
            predicted = y(0, c) > 0.0f ? 1 : 0;
            break;
        case OutputKind::Sigmoid:
            predicted = y(0, c) > 0.5f ? 1 : 0;
            break;
        case OutputKind::Softmax: {
            Eigen::Index best = 0;
            y.col(c).maxCoeff(&best);
            predicted = int(best);
            break;
        }
        case OutputKind::Linear:
            break;
        }
        if (predicted == labels[i]) ++right;
    }
    return right;
}

Trainer::Examples Trainer::trainExamples() const {
    const bool classify = m_problem == Problem::Classification;
    return {m_examples->trainRows, classify ? m_trainTargetRows : m_examples->trainTargetRows,
            m_examples->trainLabels, true};
}

Trainer::Examples Trainer::testExamples() const {
    const bool classify = m_problem == Problem::Classification;
    return {m_examples->testX, classify ? m_testT : m_examples->testTargets, m_examples->testLabels, false};
}

Trainer::Score Trainer::score(const Examples &examples, ForwardCache<float> &cache, Matrix &chunkX,
                              Matrix &chunkT) const {
    Score s;
    const bool classify = m_problem == Problem::Classification;
    const Eigen::Index n = examples.count();
    if (n <= kEvaluationChunk && !examples.asRows) { // in one go: the Playground's and the digits' test sets
        forward(m_net, m_activations, examples.x, cache);
        s.loss = meanLoss(m_net, cache, examples.targets);
        if (classify) s.accuracy = double(correct(cache.a.back(), examples.labels.data())) / double(n);
        return s;
    }
    // Chunk by chunk (a set that fits is one chunk), through the same buffers: the loss summed as chunk means
    // weighted by their size.
    double loss = 0.0;
    std::size_t right = 0;
    for (Eigen::Index start = 0; start < n; start += kEvaluationChunk) {
        const Eigen::Index size = std::min(kEvaluationChunk, n - start);
        if (examples.asRows) {
            chunkX = examples.x.middleRows(start, size).transpose();
            chunkT = examples.targets.middleRows(start, size).transpose();
        } else {
            chunkX = examples.x.middleCols(start, size);
            chunkT = examples.targets.middleCols(start, size);
        }
        forward(m_net, m_activations, chunkX, cache);
        const double chunkLoss = meanLoss(m_net, cache, chunkT);
        loss += size == n ? chunkLoss : chunkLoss * double(size);
        if (classify) right += correct(cache.a.back(), examples.labels.data() + start);
    }
    s.loss = n <= kEvaluationChunk ? loss : loss / double(n);
    if (classify) s.accuracy = double(right) / double(n);
    return s;
}

EpochRecord Trainer::evaluate(int epoch) {
    EpochRecord r;
    r.epoch = epoch;
    const Score train = score(trainExamples(), m_trainEvalCache, m_chunkX, m_chunkT);
    r.trainLoss = train.loss;
    r.trainAccuracy = train.accuracy;
    if (m_examples->testX.cols() == 0) {
        r.testLoss = std::nan("");
        return r;
    }
    const Score test = score(testExamples(), m_testEvalCache, m_chunkX, m_chunkT);
    r.testLoss = test.loss;
    r.testAccuracy = test.accuracy;
    return r;
}

bool Trainer::trainEpoch(const std::atomic<bool> *cancel) {
    if (m_divergedAt) return false;
    m_lastGood = m_net; // assigned, not constructed: the storage of the last epoch is reused
    // What a cancelled epoch puts back besides the weights (an epoch takes seconds on the paper's data, so
    // cancel is checked between its mini-batches).
    std::optional<OptimizerState> optimizerBefore;
    std::optional<std::mt19937_64> engineBefore;
    if (cancel) {
        optimizerBefore = m_optimizer.state();
        engineBefore = m_engine;
    }
    const auto started = std::chrono::steady_clock::now();
    const Examples train = trainExamples();
    const auto n = std::size_t(train.count());
    // A fresh order of the training points.
    std::vector<Eigen::Index> order(n);
    for (std::size_t i = 0; i < n; ++i)
        order[i] = Eigen::Index(i);
    shuffle(order, m_engine);
    const double lr = scheduledRate(m_settings.schedule, m_settings.learningRate, m_epoch, m_settings.epochs);
    ForwardCache<float> &cache = m_batchCache;
    std::vector<Matrix> &dW = m_dW;
    std::vector<Mlp<float>::Vector> &db = m_db;
    std::vector<LayerGradientNorms> norms;
    m_epochNorms.assign(m_net.W.size(), {});
    int batches = 0;
    Matrix &x = m_batchX, &t = m_batchT;
    for (std::size_t start = 0; start < n; start += std::size_t(m_settings.batch)) {
        const std::size_t size = std::min(std::size_t(m_settings.batch), n - start);
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            m_net = m_lastGood;
            m_optimizer.restore(std::move(*optimizerBefore));
            m_engine = *engineBefore;
            return false;
        }
        // The batch's examples: rows of the shared examples, each copied whole, then turned into the columns
        // of the network's input in tiles (column by column, every example's copy strode through the whole
        // batch: a fifth of an epoch on Fashion-MNIST).
        m_batchRows.resize(Eigen::Index(size), train.x.cols());
        m_batchTargetRows.resize(Eigen::Index(size), train.targets.cols());
        for (std::size_t i = 0; i < size; ++i) {
            m_batchRows.row(Eigen::Index(i)) = train.x.row(order[start + i]);
            m_batchTargetRows.row(Eigen::Index(i)) = train.targets.row(order[start + i]);
        }
        x.resize(train.x.cols(), Eigen::Index(size));
        t.resize(train.targets.cols(), Eigen::Index(size));
        kernels::transpose(m_batchRows.data(), size, std::size_t(train.x.cols()), x.data());
        kernels::transpose(m_batchTargetRows.data(), size, std::size_t(train.targets.cols()), t.data());
        forward(m_net, m_activations, x, cache, Mode::Training, m_settings.dropout, &m_engine);
        backward(m_net, m_activations, cache, t, m_settings.l1, m_settings.l2, dW, db, &norms);
        m_optimizer.step(m_net, dW, db, lr);
        for (std::size_t l = 0; l < norms.size(); ++l) {
            m_epochNorms[l].weights += norms[l].weights;
            m_epochNorms[l].preActivations += norms[l].preActivations;
        }
        ++batches;
    }
    m_trainingPassSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (LayerGradientNorms &g : m_epochNorms) {
        g.weights /= batches;
        g.preActivations /= batches;
    }
    ++m_epoch;
    EpochRecord record = evaluate(m_epoch);
    const bool finite = allFinite(m_net) && std::isfinite(record.trainLoss);
    if (!finite || record.trainLoss > kDivergenceFactor * std::max(1.0, m_initialLoss)) {
        // Keep the last good weights and say where it went wrong.
        m_net = m_lastGood;
        m_divergedAt = m_epoch;
        m_message = "training diverged at epoch " + std::to_string(m_epoch) + " (" +
                    (finite ? "the training loss reached " + std::to_string(record.trainLoss)
                            : std::string("the loss or a weight stopped being a finite number")) +
                    "); the weights of epoch " + std::to_string(m_epoch - 1) +
                    " are kept — lower the learning rate";
        --m_epoch;
        return false;
    }
    m_history.append(record);
    m_watch.observe(record);
    return true;
}

std::string trainerStateProblem(const TrainerState &s, const std::vector<std::pair<int, int>> &shapes) {
    const std::size_t layers = shapes.size();
    if (s.weights.size() != layers || s.biases.size() != layers)
        return "the network has " + std::to_string(layers) + " weight layers, the state " +
               std::to_string(s.weights.size());
    const auto finite = [](const auto &m) { return m.allFinite(); };
    for (std::size_t l = 0; l < layers; ++l) {
        const auto [rows, cols] = shapes[l];
        const std::string at = "layer " + std::to_string(l + 1) + ": ";
        if (s.weights[l].rows() != rows || s.weights[l].cols() != cols || s.biases[l].size() != rows)
            return at + "the network's weights are " + std::to_string(rows) + " × " + std::to_string(cols) +
                   ", the state's " + std::to_string(s.weights[l].rows()) + " × " +
                   std::to_string(s.weights[l].cols()) + " with " + std::to_string(s.biases[l].size()) +
                   " biases";
        if (!finite(s.weights[l]) || !finite(s.biases[l]))
            return at + "a weight or bias is not a finite number";
    }
    const OptimizerState &o = s.optimizer;
    if (o.steps < 0) return "the optimiser's step count is negative";
    const bool empty = o.velocityW.empty() && o.secondW.empty() && o.velocityB.empty() && o.secondB.empty();
    if (!empty) {
        if (o.velocityW.size() != layers || o.secondW.size() != layers || o.velocityB.size() != layers ||
            o.secondB.size() != layers)
            return "the optimiser's state has another number of layers than the network";
        for (std::size_t l = 0; l < layers; ++l) {
            const auto [rows, cols] = shapes[l];
            const std::string at = "the optimiser's state of layer " + std::to_string(l + 1);
            for (const auto *m : {&o.velocityW[l], &o.secondW[l]}) {
                if (m->rows() != rows || m->cols() != cols) return at + " does not fit its weights";
                if (!finite(*m)) return at + " holds a number that is not finite";
            }
            for (const auto *v : {&o.velocityB[l], &o.secondB[l]}) {
                if (v->size() != rows) return at + " does not fit its biases";
                if (!finite(*v)) return at + " holds a number that is not finite";
            }
        }
    }
    if (s.epoch < 0) return "the epoch is negative";
    if (s.history.size() > std::size_t(s.epoch)) return "more history than epochs";
    for (std::size_t i = 0; i < s.history.size(); ++i)
        if (s.history[i].epoch < 1 || s.history[i].epoch > s.epoch ||
            (i > 0 && s.history[i].epoch <= s.history[i - 1].epoch))
            return "the history's epochs are not increasing from 1 to the state's epoch";
    if (!std::isfinite(s.initialLoss)) return "the initial loss is not a finite number";
    if (s.divergedAt && (*s.divergedAt < 1 || *s.divergedAt > s.epoch + 1))
        return "divergedAt is not an epoch";
    std::istringstream in(s.random);
    RandomEngine engine;
    in >> engine;
    if (in.fail() || (in >> std::ws, !in.eof())) return "the random state is not an engine's state";
    return {};
}

TrainerState Trainer::state() const {
    std::ostringstream random;
    random << m_engine;
    return {m_epoch, m_initialLoss, m_divergedAt,        m_message,   m_history.records(),
            m_net.W, m_net.b,       m_optimizer.state(), random.str()};
}

void Trainer::restore(const TrainerState &s) {
    std::vector<std::pair<int, int>> shapes;
    for (const Matrix &w : m_net.W)
        shapes.emplace_back(int(w.rows()), int(w.cols()));
    if (const std::string problem = trainerStateProblem(s, shapes); !problem.empty())
        throw std::invalid_argument(problem);
    std::istringstream in(s.random);
    in >> m_engine;
    m_epoch = s.epoch;
    m_initialLoss = s.initialLoss;
    m_divergedAt = s.divergedAt;
    m_message = s.message;
    m_history.assign(s.history);
    m_watch = TrainingWatch(m_initialLoss);
    for (const EpochRecord &r : s.history)
        m_watch.observe(r);
    m_net.W = s.weights;
    m_net.b = s.biases;
    m_optimizer.restore(s.optimizer);
    m_epochNorms.clear();
}

TrainingSnapshot Trainer::step() {
    trainEpoch();
    return snapshot();
}

void Trainer::setData(Dataset data) {
    if (m_matrixInput) throw std::logic_error("this trainer trains on matrix data, not on points");
    if (data.problem != m_data.problem || data.classes != m_data.classes)
        throw std::invalid_argument("the new data must be the same kind of problem with the same classes");
    if (data.train.empty()) throw std::invalid_argument("there are no training points");
    m_data = std::move(data);
    buildDataMatrices();
}

void Trainer::setWeight(int layer, int to, int from, double value) {
    if (layer < 0 || layer >= int(m_net.W.size()) || to < 0 || to >= m_net.W[std::size_t(layer)].rows() ||
        from < 0 || from >= m_net.W[std::size_t(layer)].cols())
        throw std::invalid_argument("no such weight");
    if (!std::isfinite(value)) throw std::invalid_argument("a weight must be a finite number");
    m_net.W[std::size_t(layer)](to, from) = float(value);
}

void Trainer::setBias(int layer, int unit, double value) {
    if (layer < 0 || layer >= int(m_net.b.size()) || unit < 0 || unit >= m_net.b[std::size_t(layer)].size())
        throw std::invalid_argument("no such bias");
    if (!std::isfinite(value)) throw std::invalid_argument("a bias must be a finite number");
    m_net.b[std::size_t(layer)](unit) = float(value);
}

void Trainer::setRegularization(double l1, double l2) {
    if (!(l1 >= 0.0) || !(l2 >= 0.0)) throw std::invalid_argument("regularisation rates must be ≥ 0");
    m_settings.l1 = l1;
    m_settings.l2 = l2;
}

TrainingSnapshot Trainer::snapshot() {
    TrainingSnapshot s;
    s.record = m_history.empty() || m_history.back().epoch != m_epoch ? evaluate(m_epoch) : m_history.back();
    s.divergedAt = m_divergedAt;
    s.message = m_message;
    s.warning = warning();
    s.network = m_net;
    fillStatistics(s);
    return s;
}

void Trainer::fillStatistics(TrainingSnapshot &s) const {
    ForwardCache<float> cache;
    forward(m_net, m_activations, Matrix(m_examples->trainRows.transpose()), cache);
    const std::size_t hidden = m_activations.size();
    s.layers.resize(hidden);
    Matrix derivative;
    for (std::size_t l = 0; l < hidden; ++l) {
        LayerStatistics &st = s.layers[l];
        if (l < m_epochNorms.size()) {
            st.weightGradientNorm = m_epochNorms[l].weights;
            st.preActivationGradientNorm = m_epochNorms[l].preActivations;
        }
        const Matrix &a = cache.a[l + 1];
        const Matrix &z = cache.z[l];
        derivative.resize(z.rows(), z.cols());
        m_activations[l].inference().evaluate(
            std::span<const float>(z.data(), std::size_t(z.size())),
            std::span<float>(derivative.data(), std::size_t(derivative.size())), 1);
        for (Eigen::Index u = 0; u < z.rows(); ++u)
            if (derivative.row(u).cwiseAbs().maxCoeff() < 1e-3f) st.inactiveUnits.push_back(int(u));
        st.inactiveFraction = double(st.inactiveUnits.size()) / double(z.rows());
        st.histogramFrom = double(a.minCoeff());
        st.histogramTo = double(a.maxCoeff());
        if (!(st.histogramTo > st.histogramFrom)) st.histogramTo = st.histogramFrom + 1.0;
        st.histogram.assign(kHistogramBins, 0);
        const double width = (st.histogramTo - st.histogramFrom) / kHistogramBins;
        for (Eigen::Index i = 0; i < a.size(); ++i) {
            const int bin =
                std::clamp(int((double(a.data()[i]) - st.histogramFrom) / width), 0, kHistogramBins - 1);
            ++st.histogram[std::size_t(bin)];
        }
    }
}

void Trainer::setActivations(const std::vector<std::string> &ids) {
    m_activations = hiddenActivations(ids, m_net.W.size() - 1);
    m_settings.activations = ids;
}

void Trainer::buildDataMatrices() {
    if (!m_matrixInput) {
        auto points = std::make_shared<TrainingExamples>();
        points->problem = m_problem;
        points->classes = m_classes;
        points->trainRows = featureMatrix(m_data.train).transpose();
        points->testX = featureMatrix(m_data.test);
        if (m_problem == Problem::Classification) {
            for (const DataPoint &p : m_data.train)
                points->trainLabels.push_back(int(p.target));
            for (const DataPoint &p : m_data.test)
                points->testLabels.push_back(int(p.target));
        } else {
            points->trainTargetRows = targetMatrix(m_data.train).transpose();
            points->testTargets = targetMatrix(m_data.test);
        }
        m_examples = std::move(points);
    }
    // Classification targets follow from the labels and the output.
    if (m_problem == Problem::Classification) {
        m_trainTargetRows = labelTargets(m_examples->trainLabels).transpose();
        m_testT = labelTargets(m_examples->testLabels);
    }
}

std::vector<double> Trainer::weightGradientNorms() const {
    std::vector<double> norms;
    for (const LayerGradientNorms &n : m_epochNorms)
        norms.push_back(n.weights);
    return norms;
}

void Trainer::setHiddenActivations(std::vector<HiddenActivation> activations) {
    if (activations.size() != m_net.W.size() - 1)
        throw std::invalid_argument("one activation per hidden layer is needed");
    m_activations = std::move(activations);
    m_settings.activations.clear();
    for (const HiddenActivation &h : m_activations)
        m_settings.activations.push_back(h.id());
}

void Trainer::setLearningRate(double lr) {
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw std::invalid_argument("the learning rate must be a positive number");
    m_settings.learningRate = lr;
}

NoisyScore Trainer::scoreUnderNoise(double amplitude, std::uint64_t seed) const {
    ForwardCache<float> cache;
    RandomEngine engine = streamEngine(seed, 7);
    Matrix noisy;
    if (!m_matrixInput) {
        std::vector<DataPoint> points = m_data.test;
        for (DataPoint &p : points) {
            p.x1 += amplitude * (2.0 * uniformDouble(engine) - 1.0);
            p.x2 += amplitude * (2.0 * uniformDouble(engine) - 1.0);
        }
        noisy = featureMatrix(points);
    } else {
        noisy = m_examples->testX;
        for (Eigen::Index c = 0; c < noisy.cols(); ++c)
            for (Eigen::Index r = 0; r < noisy.rows(); ++r)
                noisy(r, c) += float(amplitude * (2.0 * uniformDouble(engine) - 1.0));
    }
    const Examples test = testExamples();
    Matrix chunkX, chunkT;
    const Score s = score({noisy, test.targets, test.labels, false}, cache, chunkX, chunkT);
    return {s.accuracy, s.loss};
}

} // namespace gelulab
