// ncursesw for Swift. Swift cannot call C macros, so the ones Kinora needs are wrapped in
// static inline functions named kinora_*.
#ifndef KINORA_CNCURSES_SHIM_H
#define KINORA_CNCURSES_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

/// The attribute for colour pair `pair` (COLOR_PAIR is a macro).
static inline attr_t kinora_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }

/// The standard screen (stdscr is a macro over a global on some builds).
static inline WINDOW *kinora_stdscr(void) { return stdscr; }

/// Rows and columns of `window` (getmaxyx is a macro that assigns to its arguments).
static inline void kinora_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y, x;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
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

#endif
