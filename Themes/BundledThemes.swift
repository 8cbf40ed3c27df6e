import Foundation

/// Where the themes that ship with Kinora are found at run time.
public enum BundledThemes {
    /// The folder holding the bundled `*.toml` themes.
    public static var folder: URL? { Bundle.module.resourceURL }
}
