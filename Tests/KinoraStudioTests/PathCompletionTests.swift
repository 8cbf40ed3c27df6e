import Testing

@testable import KinoraStudio

@Suite("PathCompletion: splitting, completing and media files")
struct PathCompletionTests {
    private func file(_ name: String) -> PathCompletion.Entry { .init(name: name, isDirectory: false) }
    private func directory(_ name: String) -> PathCompletion.Entry { .init(name: name, isDirectory: true) }

    @Test("Tab extends to the longest prefix the matches share; matches sort naturally")
    func commonPrefix() {
        let entries = [file("shot_10.mov"), file("shot_02.png"), file("notes.txt"), file("shot_2b.png")]
        let completion = PathCompletion.complete(prefix: "sh", entries: entries)
        #expect(completion.completed == "shot_")
        #expect(completion.addition == "ot_")
        #expect(completion.matches.map(\.name) == ["shot_02.png", "shot_2b.png", "shot_10.mov"])
        #expect(!completion.isUnique)

        let none = PathCompletion.complete(prefix: "zz", entries: entries)
        #expect(none.completed == "zz")
        #expect(none.addition == "")
        #expect(none.matches.isEmpty)
    }

    @Test("a unique directory gets a slash, a unique file does not; directories list first")
    func uniqueDirectory() {
        let entries = [directory("Movies"), directory("Music"), file("mov.txt"), file("Moodboard.png")]
        let movies = PathCompletion.complete(prefix: "Mov", entries: entries)
        #expect(movies.completed == "Movies/")
        #expect(movies.addition == "ies/")
        #expect(movies.isUnique)
        let board = PathCompletion.complete(prefix: "Moo", entries: entries)
        #expect(board.completed == "Moodboard.png")

        let everything = PathCompletion.complete(prefix: "", entries: entries)
        #expect(everything.matches.map(\.name) == ["Movies", "Music", "Moodboard.png", "mov.txt"])
        #expect(everything.completed == "")
    }

    @Test("case is ignored only when nothing matches as typed")
    func caseFallback() {
        let entries = [directory("Movies"), file("music.mp4")]
        let fallback = PathCompletion.complete(prefix: "movi", entries: entries)
        #expect(fallback.completed == "Movies/")
        #expect(fallback.addition == "")
        let exact = PathCompletion.complete(prefix: "m", entries: entries)
        #expect(exact.matches.map(\.name) == ["music.mp4"])
    }

    @Test("dotfiles are hidden unless the prefix starts with a dot; . and .. never match")
    func dotfiles() {
        let entries = [directory(".git"), file(".env"), directory("src"), directory("."), directory("..")]
        #expect(PathCompletion.complete(prefix: "", entries: entries).matches.map(\.name) == ["src"])
        let hidden = PathCompletion.complete(prefix: ".", entries: entries)
        #expect(hidden.matches.map(\.name) == [".git", ".env"])
        #expect(hidden.completed == ".")
        #expect(PathCompletion.complete(prefix: ".g", entries: entries).completed == ".git/")
    }

    @Test("split keeps the directory as typed, with ~ and the working directory")
    func split() {
        #expect(PathCompletion.split("~/") == ("~/", ""))
        #expect(PathCompletion.split("~") == ("~/", ""))
        #expect(PathCompletion.split("~/Mov") == ("~/", "Mov"))
        #expect(PathCompletion.split("~/Movies/clips/") == ("~/Movies/clips/", ""))
        #expect(PathCompletion.split("/") == ("/", ""))
        #expect(PathCompletion.split("/usr/lo") == ("/usr/", "lo"))
        #expect(PathCompletion.split("clips/a") == ("clips/", "a"))
        #expect(PathCompletion.split("shot") == ("", "shot"))
        #expect(PathCompletion.split("") == ("", ""))
        #expect(PathCompletion.split("../x") == ("../", "x"))
        #expect(PathCompletion.resolved("~/", home: "/home/ana") == "/home/ana/")
        #expect(PathCompletion.resolved("~/Movies/", home: "/home/ana/") == "/home/ana/Movies/")
        #expect(PathCompletion.resolved("", home: "/home/ana") == ".")
        #expect(PathCompletion.resolved("/tmp/", home: "/home/ana") == "/tmp/")
    }

    @Test("media files are known by extension, ignoring case")
    func mediaFiles() {
        for name in ["a.PNG", "clip.Mov", "x.jpeg", "y.webm", "z.m4v", "scan.TIFF", "anim.gif"] {
            #expect(PathCompletion.isMediaFile(name), "\(name)")
        }
        for name in ["notes.txt", "png", ".png", "archive.tar.gz", "movie.mov.part", "image."] {
            #expect(!PathCompletion.isMediaFile(name), "\(name)")
        }
    }
}
