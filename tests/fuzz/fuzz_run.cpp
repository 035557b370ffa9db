// libFuzzer target: kept runs (core/experiments decodeRun, the files of ~/.cache/gelu-lab/runs) on arbitrary
// bytes, and what the cache does with a run it reads: a run is refused with std::runtime_error, or it decodes
// and encodes back to the same bytes; then trainerStateProblem judges it against the network it was kept for,
// and a run that fits is restored into that trainer, which trains one more epoch — as a rerun of an
// experiment would.
//
// The seeds in tests/fuzz/run are real runs of that small network (2 → 6 → 6 → 2, Adam, dropout), written by
// this target itself: GELULAB_FUZZ_WRITE_SEEDS=DIR fuzz_run writes them to DIR and exits.
#include "fuzz_common.h"
#include "run_cache.h"
#include "trainer.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

gelulab::fuzz::Counts counts{"run", "runs restored and trained on"};
const std::string kKey = "fuzz run 2-6-6-2";

gelulab::TrainingSettings settings() {
    gelulab::TrainingSettings s;
    s.hidden = {6, 6};
    s.activations = {"gelu"};
    s.dropout = 0.2;
    s.batch = 8;
    s.epochs = 20;
    s.seed = 3;
    return s;
}

std::shared_ptr<const gelulab::TrainingExamples> examples() {
    static const auto e = [] {
        gelulab::MatrixData d;
        d.problem = gelulab::Problem::Classification;
        d.classes = 2;
        d.trainX.resize(2, 24);
        d.testX.resize(2, 8);
        for (int i = 0; i < 24; ++i) {
            d.trainX(0, i) = float(i % 5) - 2.0f;
            d.trainX(1, i) = float(i % 7) * 0.5f - 1.5f;
            d.trainLabels.push_back(d.trainX(0, i) * d.trainX(1, i) > 0 ? 1 : 0);
        }
        for (int i = 0; i < 8; ++i) {
            d.testX(0, i) = float(i) * 0.5f - 2.0f;
            d.testX(1, i) = 1.0f - float(i) * 0.25f;
            d.testLabels.push_back(d.testX(0, i) * d.testX(1, i) > 0 ? 1 : 0);
        }
        return gelulab::prepareExamples(d);
    }();
    return e;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    if (const char *folder = std::getenv("GELULAB_FUZZ_WRITE_SEEDS")) {
        gelulab::Trainer trainer(examples(), settings());
        for (int epochs : {0, 1, 3, 8}) {
            while (trainer.epoch() < epochs)
                trainer.trainEpoch();
            const std::vector<char> bytes = gelulab::encodeRun(kKey, trainer.state());
            std::ofstream(std::string(folder) + "/run-" + std::to_string(epochs), std::ios::binary)
                .write(bytes.data(), std::streamsize(bytes.size()));
        }
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    ++counts.inputs;
    const std::vector<char> bytes(data, data + size);
    const std::string magic = "GELULAB-RUN\n";
    if (size >= magic.size() && std::equal(magic.begin(), magic.end(), bytes.begin())) ++counts.parsed;
    gelulab::TrainerState state;
    try {
        state = gelulab::decodeRun(bytes, kKey);
    } catch (const std::runtime_error &) {
        return 0;
    }
    if (gelulab::encodeRun(kKey, state) != bytes) std::abort();
    gelulab::Trainer trainer(examples(), settings());
    try {
        trainer.restore(state); // judged by trainerStateProblem against this network's shapes
    } catch (const std::invalid_argument &) {
        return 0;
    }
    if (trainer.epoch() != state.epoch) std::abort();
    trainer.trainEpoch();
    ++counts.deep;
    return 0;
}
