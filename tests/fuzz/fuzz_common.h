#pragma once
// What the fuzz targets share: a count of the inputs and of those that got past the first parse, printed at
// exit ("csv fuzz: 20000 inputs, 8211 (41.1 %) past the first parse, …") so that a run shows whether the
// mutations reach the code behind the parser. scripts/fuzz.sh collects the lines.
#include <cstdio>

namespace gelulab::fuzz {

struct Counts {
    const char *name;
    const char *deeper; // what the third figure counts
    long long inputs = 0, parsed = 0, deep = 0;
    ~Counts() {
        if (inputs == 0) return;
        std::fprintf(stderr, "%s fuzz: %lld inputs, %lld (%.1f %%) past the first parse, %lld %s\n", name,
                     inputs, parsed, 100.0 * double(parsed) / double(inputs), deep, deeper);
    }
};

} // namespace gelulab::fuzz
