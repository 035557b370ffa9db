#pragma once
// An empty cache of kept runs for each test function (the paper's experiments keep finished runs in
// $XDG_CACHE_HOME/gelu-lab/runs, docs/ARCHITECTURE.md "Training on large data"): no test takes another's
// runs, none writes to the user's cache, and a test that times or cancels an experiment sees it train. A test
// class holds a std::optional<FreshRunCache> and emplaces it in init().

#include <QTemporaryDir>
#include <QtGlobal>

class FreshRunCache {
public:
    FreshRunCache() { qputenv("XDG_CACHE_HOME", m_folder.path().toUtf8()); }
    QString path() const { return m_folder.path(); }

private:
    QTemporaryDir m_folder;
};
