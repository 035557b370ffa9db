// The simulated deep network's reproducibility (depth_network.h; its agreement with the mean-field theory is
// tested in tst_meanfield): the same bits whether its rows are shared over the process's thread pool or all
// done on the calling thread, and while another simulation runs at the same time, for widths that fill the
// row blocks exactly and widths that do not.
#include "depth_network.h"
#include "thread_pool.h"

#include <QTest>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

using namespace gelulab;

namespace {

// Keeps every worker of the shared pool busy until destroyed: a batch of one job per worker, plus one for
// the thread that runs it, each waiting for the release. Batches run meanwhile are done by their caller
// alone.
class OccupiedPool {
public:
    OccupiedPool() {
        const std::size_t jobs = ThreadPool::shared().workers() + 1;
        m_holder = std::thread([this, jobs] {
            ThreadPool::shared().run(jobs, [this](std::size_t) {
                ++m_started;
                std::unique_lock lock(m_mutex);
                m_released.wait(lock, [this] { return m_release; });
            });
        });
        while (m_started.load() < jobs)
            std::this_thread::yield();
    }
    ~OccupiedPool() {
        {
            const std::lock_guard lock(m_mutex);
            m_release = true;
        }
        m_released.notify_all();
        m_holder.join();
    }
    OccupiedPool(const OccupiedPool &) = delete;
    OccupiedPool &operator=(const OccupiedPool &) = delete;

private:
    std::thread m_holder;
    std::atomic<std::size_t> m_started{0};
    std::mutex m_mutex;
    std::condition_variable m_released;
    bool m_release = false;
};

template<typename T>
bool sameBits(const std::vector<T> &a, const std::vector<T> &b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

bool sameBits(const DepthNetworkResult &a, const DepthNetworkResult &b) {
    if (a.preactivations.size() != b.preactivations.size()) return false;
    for (std::size_t l = 0; l < a.preactivations.size(); ++l)
        if (!sameBits(a.preactivations[l], b.preactivations[l])) return false;
    return sameBits(a.q, b.q) && sameBits(a.c, b.c) && sameBits(a.gradNorm, b.gradNorm);
}

} // namespace

class TestDepthNetwork : public QObject {
    Q_OBJECT
private slots:
    void sameOnAnyNumberOfThreads_data();
    void sameOnAnyNumberOfThreads();
    void sameWhileAnotherRuns();
};

void TestDepthNetwork::sameOnAnyNumberOfThreads_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("width");
    // 1,024 rows make 32 blocks of 32; 100 make 13 blocks of 8, the last of 4; one row makes one block.
    QTest::newRow("gelu 6 × 1,024") << "gelu" << 6 << 1024;
    QTest::newRow("tanh 5 × 100") << "tanh" << 5 << 100;
    QTest::newRow("relu 3 × 1") << "relu" << 3 << 1;
    QTest::newRow("silu 2 × 4,096") << "silu" << 2 << 4096;
}

void TestDepthNetwork::sameOnAnyNumberOfThreads() {
    if (ThreadPool::shared().workers() == 0)
        QSKIP("one core: the shared pool has no worker to share rows with");
    QFETCH(QString, id);
    QFETCH(int, layers);
    QFETCH(int, width);
    const ActivationInstance activation(id.toStdString());
    DepthNetworkSettings s;
    s.layers = layers;
    s.width = width;
    s.seed = 5;
    const DepthNetworkResult shared = simulateDepthNetwork(activation, s);
    DepthNetworkResult alone;
    {
        const OccupiedPool occupied;
        alone = simulateDepthNetwork(activation, s);
    }
    QCOMPARE(alone.q.size(), std::size_t(layers) + 1);
    QCOMPARE(alone.gradNorm.size(), std::size_t(layers) + 1);
    QVERIFY(sameBits(shared, alone));
    QVERIFY(sameBits(simulateDepthNetwork(activation, s), shared));
}

void TestDepthNetwork::sameWhileAnotherRuns() {
    // Two simulations at once share the pool's workers and their per-thread buffers in turn.
    const ActivationInstance gelu("gelu");
    DepthNetworkSettings a, b;
    a.layers = 8;
    a.width = 512;
    b.layers = 5;
    b.width = 300;
    b.seed = 2;
    const DepthNetworkResult aFirst = simulateDepthNetwork(gelu, a), bFirst = simulateDepthNetwork(gelu, b);
    DepthNetworkResult aAgain;
    std::thread other([&] { aAgain = simulateDepthNetwork(gelu, a); });
    const DepthNetworkResult bAgain = simulateDepthNetwork(gelu, b);
    other.join();
    QVERIFY(sameBits(aAgain, aFirst));
    QVERIFY(sameBits(bAgain, bFirst));
}

QTEST_APPLESS_MAIN(TestDepthNetwork)
#include "tst_depthnetwork.moc"
