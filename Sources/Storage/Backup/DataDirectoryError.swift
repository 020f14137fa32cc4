/// Why a data directory could not be locked, backed up or restored: a stable ``code`` that
/// scripts and tests match, and a sentence for the operator that says what to do.
///
/// For example:
///
/// ```swift
/// do { _ = try Backup.restore(from: file, into: directory, replacing: false) }
/// catch let error as DataDirectoryError where error.code == .notEmpty { … }
/// ```
package struct DataDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable codes; the raw value is what the command line prints.
    package enum Code: String, Sendable {
        /// A server (or a restore) uses the data directory.
        case inUse = "in-use"
        /// The data directory already holds a database or images.
        case notEmpty = "not-empty"
        /// The data directory has no database to back up.
        case noDatabase = "no-database"
        /// The backup file does not exist (or cannot be read).
        case notFound = "not-found"
        /// The backup file to write exists.
        case exists
        /// The file is not an Atelier backup.
        case notABackup = "not-a-backup"
        /// The backup ends before its end: it was cut short.
        case truncated
        /// A part of the backup does not match its checksum, or the database fails its integrity check.
        case corrupt
        /// An image the database lists is not in the backup.
        case missingAsset = "missing-asset"
        /// The backup was made by a newer Atelier whose schema this one does not know.
        case newerSchema = "newer-schema"
        /// Reading or writing a file failed.
        case io
    }

    /// What went wrong, for scripts and tests.
    package let code: Code
    /// What went wrong and what to do, for people.
    package let message: String

    /// Makes an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(message) [\(code.rawValue)]" }
}
