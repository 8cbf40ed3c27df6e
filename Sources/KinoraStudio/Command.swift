/// Everything a person can do in the studio, by name. Key bindings, the help screen and the command
/// palette all come from this list, so a command cannot exist without a description.
public enum Command: String, CaseIterable, Sendable, Hashable {
    /// Leaves the studio (asking first while jobs run).
    case quit = "app.quit"
    /// Opens the list of every key binding.
    case help = "app.help"
    /// Opens the box that runs any command by name.
    case palette = "app.palette"
    /// Hands the terminal to the shell until `fg`.
    case suspend = "app.suspend"
    /// Takes back the last storyboard edit.
    case undo = "app.undo"
    /// Puts back the edit last taken back.
    case redo = "app.redo"
    /// Moves keyboard focus to the following pane in Tab order.
    case focusNext = "app.focus-next"
    /// Moves keyboard focus to the pane before, in Tab order.
    case focusPrevious = "app.focus-previous"
    /// Stops the animatic or playback, ends a comparison, or clears the message.
    case cancel = "app.cancel"
    /// Repaints every cell and loads the pictures afresh.
    case redraw = "app.redraw"

    /// Selects the shot below.
    case shotNext = "shot.next"
    /// Selects the shot above.
    case shotPrevious = "shot.previous"
    /// Jumps to the storyboard's opening shot.
    case shotFirst = "shot.first"
    /// Jumps to the storyboard's final shot.
    case shotLast = "shot.last"
    /// Moves the selection down by a screenful of cards.
    case shotPageDown = "shot.page-down"
    /// Moves the selection up by a screenful of cards.
    case shotPageUp = "shot.page-up"
    /// Inserts a new slate after the selected shot.
    case shotAdd = "shot.add"
    /// Copies the selected shot's fields, without its takes, into a new shot after it.
    case shotDuplicate = "shot.duplicate"
    /// Removes the selected shot and cancels its jobs; its files stay on disk.
    case shotDelete = "shot.delete"
    /// Swaps the selected shot with the one before it.
    case shotMoveUp = "shot.move-up"
    /// Swaps the selected shot with the one after it.
    case shotMoveDown = "shot.move-down"

    /// Selects the inspector row below.
    case fieldNext = "field.next"
    /// Selects the inspector row above.
    case fieldPrevious = "field.previous"
    /// Starts typing in the selected inspector row (or opens its picker).
    case fieldEdit = "field.edit"
    /// Steps the selected field forward: the next choice or a larger number.
    case fieldIncrease = "field.increase"
    /// Steps the selected field back: the previous choice or a smaller number.
    case fieldDecrease = "field.decrease"

    /// Draws a fresh seed for the shot, unless its seed is locked.
    case seedReroll = "seed.reroll"
    /// Locks or unlocks the shot's seed against rerolls.
    case seedLock = "seed.toggle-lock"
    /// Opens the file picker to give the shot a picture or video to start from.
    case sourceImport = "source.import"
    /// Drops the shot's picture or video, turning it back into a slate.
    case sourceClear = "source.clear"

    /// Queues one new take of the selected shot at its seed.
    case takeGenerate = "take.generate"
    /// Queues four takes at consecutive seeds.
    case takeVariations = "take.variations"
    /// Starts the selected shot on the previous shot's last frame, or stops it continuing.
    case shotToggleContinue = "shot.toggle-continue"
    /// Makes a longer take: the shown take followed by the shot's length more, from its last frame.
    case takeExtend = "take.extend"
    /// Remakes the stale shots in order down their chains, choosing each new take.
    case takeRemakeStale = "take.remake-stale"
    /// Shows the shot's following take in the preview.
    case takeNext = "take.next"
    /// Shows the shot's earlier take in the preview.
    case takePrevious = "take.previous"
    /// Makes the shown take the one the film uses.
    case takeChoose = "take.choose"
    /// Starts or ends an A/B comparison of the shown take with another.
    case compareToggle = "compare.toggle"
    /// Switches an A/B comparison between side by side and a wipe.
    case compareMode = "compare.mode"
    /// Slides the wipe line towards the left edge.
    case wipeLeft = "compare.wipe-left"
    /// Slides the wipe line towards the right edge.
    case wipeRight = "compare.wipe-right"

    /// Starts the chosen take at the frame on screen.
    case trimIn = "trim.in"
    /// Ends the chosen take at the frame on screen.
    case trimOut = "trim.out"
    /// Removes the trim so the whole chosen take plays.
    case trimClear = "trim.clear"
    /// Changes how the shot passes to the next one: cut, dissolve, fade or dip.
    case transitionCycle = "transition.cycle"

    /// Starts or pauses the preview (or the animatic).
    case previewPlay = "preview.play"
    /// Turns starting over at the end on or off.
    case previewLoop = "preview.loop"
    /// Advances the preview by a single frame.
    case previewStepForward = "preview.step-forward"
    /// Moves the preview back by a single frame.
    case previewStepBack = "preview.step-back"
    /// Jumps the preview ahead a second.
    case previewScrubForward = "preview.scrub-forward"
    /// Jumps the preview back a second.
    case previewScrubBack = "preview.scrub-back"
    /// Plays the whole storyboard shot after shot, or stops it.
    case animaticPlay = "animatic.play"
    /// Shows or hides the dialogue line under the picture while something plays.
    case subtitlesToggle = "subtitles.toggle"

    /// Highlights the job row below.
    case jobNext = "job.next"
    /// Highlights the job row above.
    case jobPrevious = "job.previous"
    /// Stops the highlighted job (outside the job panel, the first one still going).
    case jobCancel = "job.cancel"
    /// Opens the export dialog for the film, a timeline or documents.
    case exportOpen = "export.open"

    /// Opens the cast: the characters, locations and props prompts name as `@Name`.
    case castOpen = "cast.open"
    /// Writes a review note on the shown take at the frame on screen.
    case takeNote = "take.note"
    /// Circles the shown take as a keeper (pressed again, clears the verdict).
    case takeCircle = "take.circle"
    /// Rejects the shown take (pressed again, clears the verdict).
    case takeReject = "take.reject"

    /// What the command does, in the words the help screen and the palette show.
    public var summary: String {
        switch self {
        case .quit: "Quit the studio (everything is already saved)"
        case .help: "Show every key binding"
        case .palette: "Run any command by name"
        case .suspend: "Suspend to the shell (fg comes back)"
        case .undo: "Undo the last edit"
        case .redo: "Redo the last undone edit"
        case .focusNext: "Focus the next pane"
        case .focusPrevious: "Focus the previous pane"
        case .cancel: "Close the dialog or stop playback"
        case .redraw: "Repaint the screen and read the pictures again"
        case .shotNext: "Select the next shot"
        case .shotPrevious: "Select the previous shot"
        case .shotFirst: "Select the first shot"
        case .shotLast: "Select the last shot"
        case .shotPageDown: "Select a page of shots further down"
        case .shotPageUp: "Select a page of shots further up"
        case .shotAdd: "Add a shot after the selected one"
        case .shotDuplicate: "Duplicate the selected shot (without its takes)"
        case .shotDelete: "Delete the selected shot (its take files stay on disk)"
        case .shotMoveUp: "Move the selected shot earlier"
        case .shotMoveDown: "Move the selected shot later"
        case .fieldNext: "Select the next field in the inspector"
        case .fieldPrevious: "Select the previous field in the inspector"
        case .fieldEdit: "Edit the selected field"
        case .fieldIncrease: "Next value of the selected field"
        case .fieldDecrease: "Previous value of the selected field"
        case .seedReroll: "Draw a new seed (refused when locked)"
        case .seedLock: "Lock or unlock the seed"
        case .sourceImport: "Import a source picture or video, or a script (.fountain, .fdx)"
        case .sourceClear: "Remove the shot's source (the shot becomes a slate)"
        case .takeGenerate: "Generate a take of the selected shot"
        case .takeVariations: "Generate four variations (seed, seed+1, ...)"
        case .shotToggleContinue: "Continue from the previous shot's last frame, or stop"
        case .takeExtend: "Extend the shown take by the shot's length, from its last frame"
        case .takeRemakeStale: "Remake the stale shots down their chains (like gen --stale)"
        case .takeNext: "Show the next take"
        case .takePrevious: "Show the previous take"
        case .takeChoose: "Choose the shown take for the film"
        case .compareToggle: "Compare the shown take with the chosen one (A/B)"
        case .compareMode: "Switch the comparison between side by side and wipe"
        case .wipeLeft: "Move the wipe left"
        case .wipeRight: "Move the wipe right"
        case .trimIn: "Trim the chosen take to start at the shown frame"
        case .trimOut: "Trim the chosen take to end at the shown frame"
        case .trimClear: "Play the whole chosen take again"
        case .transitionCycle: "Next transition into the following shot"
        case .previewPlay: "Play or pause the preview"
        case .previewLoop: "Loop the preview on or off"
        case .previewStepForward: "Step one frame forward"
        case .previewStepBack: "Step one frame back"
        case .previewScrubForward: "Jump one second forward"
        case .previewScrubBack: "Jump one second back"
        case .animaticPlay: "Play the whole storyboard as an animatic"
        case .subtitlesToggle: "Show or hide the dialogue subtitles while playing"
        case .jobNext: "Select the next job"
        case .jobPrevious: "Select the previous job"
        case .jobCancel: "Cancel the selected job"
        case .exportOpen: "Export the film, a timeline or documents"
        case .castOpen: "Open the cast: characters, places and props named as @Name"
        case .takeNote: "Write a review note on the shown take at the shown frame"
        case .takeCircle: "Circle the shown take as a keeper (again clears it)"
        case .takeReject: "Reject the shown take (again clears it)"
        }
    }
}
