import CNCurses
import TermGrid

/// The ncurses backend of the studio's grid (placeholder until it lands).
public final class CursesScreen {}
