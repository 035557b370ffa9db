#include "output_file.h"

#include <QFile>
#include <QSaveFile>

#include <sys/stat.h>

namespace gelulab {

OutputFile::OutputFile(const QString &fileName)
    : m_fileName(fileName) {}

// QSaveFile discards what was written unless committed.
OutputFile::~OutputFile() = default;

QString OutputFile::open() {
    if (m_fileName.isEmpty()) return QStringLiteral("no file name");
    struct stat status {};
    if (::stat(QFile::encodeName(m_fileName).constData(), &status) == 0 && !S_ISREG(status.st_mode)) {
        if (S_ISDIR(status.st_mode)) return QStringLiteral("it is a directory");
        // Unbuffered, so that a device that refuses the bytes (/dev/full) says so at the write.
        auto file = std::make_unique<QFile>(m_fileName);
        if (!file->open(QIODevice::WriteOnly | QIODevice::Unbuffered)) return file->errorString();
        m_device = std::move(file);
        return {};
    }
    auto file = std::make_unique<QSaveFile>(m_fileName);
    if (!file->open(QIODevice::WriteOnly)) return file->errorString();
    m_device = std::move(file);
    m_atomic = true;
    return {};
}

bool OutputFile::write(const QByteArray &bytes) {
    if (m_failed || !m_device) return false;
    if (m_device->write(bytes) != bytes.size()) {
        m_failed = true;
        m_why = m_device->errorString();
    }
    return !m_failed;
}

QString OutputFile::commit() {
    if (!m_device) return QStringLiteral("not open");
    if (m_atomic) {
        auto *save = static_cast<QSaveFile *>(m_device.get());
        if (m_failed) {
            save->cancelWriting();
            save->commit(); // discards the temporary file
            return m_why;
        }
        return save->commit() ? QString() : save->errorString();
    }
    auto *file = static_cast<QFile *>(m_device.get());
    file->close();
    if (m_failed) return m_why;
    return file->error() == QFileDevice::NoError ? QString() : file->errorString();
}

QString writeWholeFile(const QString &fileName, const QByteArray &bytes) {
    OutputFile file(fileName);
    if (QString why = file.open(); !why.isEmpty()) return why;
    file.write(bytes);
    return file.commit();
}

bool namesStandardOutput(const QString &fileName) {
    return fileName == QLatin1String("-") || fileName == QLatin1String("/dev/stdout");
}

} // namespace gelulab
