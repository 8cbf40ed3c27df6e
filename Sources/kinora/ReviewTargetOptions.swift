import ArgumentParser

/// The take a verdict command acts on: `kinora circle|reject|unmark DIR SHOT [TAKE]`.
struct ReviewTargetOptions: ParsableArguments {
    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The take: an id (t2) or its number (2).")
    var take: String?

    /// What every verdict command says of TAKE.
    static let discussion = "TAKE defaults to the chosen take, else the newest finished one."
}
