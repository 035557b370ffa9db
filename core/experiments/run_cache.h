#pragma once
// Finished runs kept on disk, so that rerunning an experiment, or extending it (more seeds, more epochs),
// trains only what is new (docs/ARCHITECTURE.md, "Training on large data"). A run is known by a key that
// spells out everything its result depends on — the program's version, the SIMD target, a fingerprint of the
// data, every setting — and is kept as its whole TrainerState after its last epoch: a run asked for more
// epochs goes on from there bit for bit as if it had never stopped. A file that cannot be read, does not
// hold its key or does not fit the network is ignored (the run trains afresh and replaces it).

#include "image_split.h"
#include "trainer.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gelulab {

// $XDG_CACHE_HOME/gelu-lab/runs, or ~/.cache/gelu-lab/runs; empty when neither variable is set.
std::filesystem::path defaultRunCacheFolder();

// A 64-bit fingerprint of every pixel and label of a split (any change of the data, its split seed or its
// sizes changes it).
std::uint64_t splitFingerprint(const ImageSplit &split);

// The beginning of every key: the program's version, the cache format and the SIMD target the kernels
// run on now (results are bit-identical only on one target).
std::string runKeyPrefix();

// Every training setting that changes what a run computes, as text ("activations gelu; hidden 128,128; …"):
// all of TrainingSettings (keep it so when a setting is added) but the run length, which only the learning-
// rate schedules read and which is left out for the constant one, so that a longer run goes on from a
// shorter one.
std::string trainingKey(const TrainingSettings &settings);

class RunCache {
public:
    // A cache in `folder` (created on the first save); an empty path keeps nothing.
    explicit RunCache(std::filesystem::path folder = {});

    bool enabled() const { return !m_folder.empty(); }
    const std::filesystem::path &folder() const { return m_folder; }

    // The state of the run with this key that trained the most epochs, no more than `epochs`, if one is kept
    // and readable.
    std::optional<TrainerState> load(const std::string &key, int epochs) const;
    // Keeps the state under the key (written to a temporary file renamed over the old one, so an
    // interrupted save leaves what was there) and drops the key's shorter runs, which it supersedes.
    // Returns an empty string, or why it could not.
    std::string save(const std::string &key, const TrainerState &state) const;

    // The file a key's run of this many epochs is kept in.
    std::filesystem::path fileFor(const std::string &key, int epochs) const;
    // The epochs of the key's kept runs, most first.
    std::vector<int> keptEpochs(const std::string &key) const;

private:
    std::filesystem::path m_folder;
};

// The bytes of a kept run and back. decodeRun throws std::runtime_error for anything that is not a run of
// this format under this key (short, corrupt, another key, lengths beyond the data).
std::vector<char> encodeRun(const std::string &key, const TrainerState &state);
TrainerState decodeRun(const std::vector<char> &bytes, const std::string &key);

} // namespace gelulab
