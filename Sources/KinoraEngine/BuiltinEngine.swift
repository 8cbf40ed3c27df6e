/// The built-in engine's identity.
public enum BuiltinEngine {
    /// Bumped whenever a change to the engine changes its pictures, so old takes are not mistaken for
    /// what the engine makes now.
    public static let version = "builtin-2"
}
