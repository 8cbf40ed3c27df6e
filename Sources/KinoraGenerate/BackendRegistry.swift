import KinoraCore

/// The backends a project can use, by name. For now the built-in engine; external engines join later.
public struct BackendRegistry: Sendable {
    private var backends: [String: any GenerationBackend]

    /// A registry holding the built-in engine.
    public init() {
        let builtin = BuiltinBackend()
        backends = [builtin.name: builtin]
    }

    /// Adds or replaces a backend.
    public mutating func register(_ backend: any GenerationBackend) {
        backends[backend.name] = backend
    }

    /// The backend called `name`, or an error listing the known ones.
    public func backend(named name: String) throws -> any GenerationBackend {
        guard let backend = backends[name] else {
            throw GenerationError.unknownBackend(name: name, known: backends.keys.sorted())
        }
        return backend
    }
}

extension BackendRegistry {
    /// The backends' names, sorted.
    public var names: [String] { backends.keys.sorted() }
}
