#pragma once
// Writing a file the user named without losing anything (docs/ARCHITECTURE.md, "Errors"): a regular file, or
// a new one, is replaced atomically (QSaveFile: a failed or cancelled write leaves the old contents); a
// device, FIFO or socket — /dev/null, a terminal, a named pipe — is written in place and never replaced by a
// regular file (QSaveFile would rename over it); a directory is refused. Qt Core only.

#include <QByteArray>
#include <QString>

#include <memory>

class QIODevice;

namespace gelulab {

// A file written in pieces (a long table streamed as it is computed) and then committed; destroyed without
// commit(), a regular file keeps its old contents.
class OutputFile {
public:
    explicit OutputFile(const QString &fileName);
    ~OutputFile();
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    // Empty on success, otherwise why the file cannot be written (the caller names the file).
    QString open();
    // Appends bytes; false once a write failed (commit() then says why).
    bool write(const QByteArray &bytes);
    // Makes the writes final: empty on success, otherwise why.
    QString commit();

private:
    QString m_fileName;
    std::unique_ptr<QIODevice> m_device;
    bool m_atomic = false;
    bool m_failed = false;
    QString m_why;
};

// The whole file at once: empty on success, otherwise why it could not be written.
QString writeWholeFile(const QString &fileName, const QByteArray &bytes);

// True for the names that mean standard output on the command line: "-" and "/dev/stdout".
bool namesStandardOutput(const QString &fileName);

} // namespace gelulab
