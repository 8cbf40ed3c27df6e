import Foundation

/// Asks other helper programs (chafa, fc-list) a short question, for checks such as `kinora doctor`.
///
/// Lives here because KinoraMedia owns the one process runner: every child Kinora starts goes
/// through `Subprocess`, argv only, never a shell.
public enum ExternalProgram {
    /// The first non-empty line `argv` prints on success, or `nil` when the program is missing,
    /// fails or prints nothing.
    public static func firstLine(of argv: [String]) -> String? {
        lines(of: argv).first
    }

    /// The non-empty lines `argv` prints on success (trimmed); empty when the program is missing or fails.
    public static func lines(of argv: [String]) -> [String] {
        guard let name = argv.first,
            let executable = Subprocess.findExecutable(
                named: name, environment: ProcessInfo.processInfo.environment),
            let output = try? Subprocess.run(executable: executable, arguments: Array(argv.dropFirst())),
            output.status.isSuccess
        else { return [] }
        return String(decoding: output.stdout, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
