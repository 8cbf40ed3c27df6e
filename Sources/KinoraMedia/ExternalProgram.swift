import Foundation

/// Asks other helper programs (chafa, fc-list) a short question, for checks such as `kinora doctor`.
///
/// Lives here because KinoraMedia owns the one process runner: every child Kinora starts goes
/// through `Subprocess`, argv only, never a shell.
public enum ExternalProgram {
    /// The first non-empty line `argv` prints on success, or `nil` when the program is missing,
    /// fails or prints nothing.
    public static func firstLine(of argv: [String]) -> String? {
        guard let name = argv.first,
            let executable = Subprocess.findExecutable(
                named: name, environment: ProcessInfo.processInfo.environment),
            let output = try? Subprocess.run(executable: executable, arguments: Array(argv.dropFirst())),
            output.status.isSuccess
        else { return nil }
        let text = String(decoding: output.stdout, as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
    }
}
