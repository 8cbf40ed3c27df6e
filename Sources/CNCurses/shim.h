// ncursesw for Swift. Swift cannot call C macros, so the ones Kinora needs are wrapped in
// static inline functions named kinora_*.
#ifndef KINORA_CNCURSES_SHIM_H
#define KINORA_CNCURSES_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <langinfo.h>

/// The attribute for colour pair `pair` (COLOR_PAIR is a macro).
static inline attr_t kinora_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }

/// The standard screen (stdscr is a macro over a global on some builds).
static inline WINDOW *kinora_stdscr(void) { return stdscr; }

/// Rows (`height`) and columns (`width`) of `window` (getmaxyx is a macro that assigns to its arguments).
static inline void kinora_getmaxyx(WINDOW *window, int *height, int *width) {
    int y, x;
    getmaxyx(window, y, x);
    *height = y;
    *width = x;
}

/// The terminal's colour count after start_color (COLORS is a macro over a global).
static inline int kinora_colors(void) { return COLORS; }

/// The number of colour pairs available (COLOR_PAIRS is a macro over a global).
static inline int kinora_color_pairs(void) { return COLOR_PAIRS; }

/// Attribute bits, which are macros.
static inline attr_t kinora_a_bold(void) { return A_BOLD; }
static inline attr_t kinora_a_reverse(void) { return A_REVERSE; }
static inline attr_t kinora_a_underline(void) { return A_UNDERLINE; }
static inline attr_t kinora_a_dim(void) { return A_DIM; }

/// Key codes that are macros.
static inline int kinora_key_resize(void) { return KEY_RESIZE; }
static inline int kinora_key_mouse(void) { return KEY_MOUSE; }

/// Columns a character takes on a terminal in the current locale (glibc declares wcwidth only for
/// _XOPEN_SOURCE, which SwiftPM leaves out of pkg-config's flags).
extern int wcwidth(wchar_t character);
static inline int kinora_wcwidth(wchar_t character) { return wcwidth(character); }

/// The screen as curses believes the terminal shows it (curscr is a global).
static inline WINDOW *kinora_curscr(void) { return curscr; }

/// More attribute bits.
static inline attr_t kinora_a_italic(void) { return A_ITALIC; }
static inline attr_t kinora_a_normal(void) { return A_NORMAL; }

/// Mouse event bits (macros computed from the mouse protocol version).
static inline mmask_t kinora_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t kinora_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t kinora_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t kinora_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t kinora_button5_pressed(void) {
#if NCURSES_MOUSE_VERSION > 1
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}

/// Whether a string capability from tigetstr is missing (NULL) or not a string ((char *)-1).
static inline int kinora_is_absent_string(const char *value) {
    return value == NULL || value == (const char *)-1;
}

/// `capability` with one number parameter filled in (tparm is variadic).
static inline const char *kinora_tparm1(const char *capability, long value) {
    return tparm(capability, value, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
}

/// Whether terminfo knows terminal type `type` (1), does not (0), or knows it but it cannot move the
/// cursor (-1); asks quietly (newterm would print to stderr) and leaves nothing set up.
static inline int kinora_probe_terminal(const char *type, int descriptor) {
    int error = 0;
    TERMINAL *previous = cur_term;
    if (setupterm(type, descriptor, &error) != OK) {
        set_curterm(previous);
        return 0;
    }
    const char *address = tigetstr("cup");
    int usable = !kinora_is_absent_string(address);
    del_curterm(cur_term);
    set_curterm(previous);
    return usable ? 1 : -1;
}

/// Sets `cell` to the wide characters `chars` (NUL-terminated, at most CCHARW_MAX) in `attrs` and
/// colour pair `pair` (an int, so pairs past 32767 work).
static inline int kinora_setcchar(cchar_t *cell, const wchar_t *chars, attr_t attrs, int pair) {
    return setcchar(cell, chars, attrs, 0, &pair);
}

/// The colour pair of `cell` (an int: extended pairs read whole).
static inline int kinora_cell_pair(const cchar_t *cell) {
    wchar_t chars[CCHARW_MAX + 1];
    attr_t attrs = 0;
    short shortPair = 0;
    int pair = 0;
    if (getcchar(cell, chars, &attrs, &shortPair, &pair) == ERR) return 0;
    return pair;
}

/// Changes the colour pair of `cell`, keeping its characters and attributes.
static inline int kinora_cell_set_pair(cchar_t *cell, int pair) {
    wchar_t chars[CCHARW_MAX + 1];
    attr_t attrs = 0;
    short shortPair = 0;
    int oldPair = 0;
    if (getcchar(cell, chars, &attrs, &shortPair, &oldPair) == ERR) return ERR;
    return setcchar(cell, chars, attrs, 0, &pair);
}

/// The colour pair of the cell at (`row`, `column`) of `window` (an int: extended pairs read whole).
static inline int kinora_window_cell_pair(WINDOW *window, int row, int column) {
    cchar_t cell;
    if (mvwin_wch(window, row, column, &cell) == ERR) return 0;
    return kinora_cell_pair(&cell);
}

/// Changes the colour pair of the cell at (`row`, `column`) of `window`, keeping its text and
/// attributes.
static inline int kinora_set_cell_pair(WINDOW *window, int row, int column, int pair) {
    cchar_t cell;
    wchar_t chars[CCHARW_MAX + 1];
    attr_t attrs = 0;
    short shortPair = 0;
    int oldPair = 0;
    if (mvwin_wch(window, row, column, &cell) == ERR) return ERR;
    if (getcchar(&cell, chars, &attrs, &shortPair, &oldPair) == ERR) return ERR;
    return mvwchgat(window, row, column, 1, attrs, 0, &pair);
}

#endif
