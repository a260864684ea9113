#ifndef AETUI_CNCURSES_SHIM_H
#define AETUI_CNCURSES_SHIM_H

// The wide-character API (UTF-8 through mvwaddnstr, get_wch) needs these before curses.h.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <curses.h>

// Swift cannot import function-like macros or some of curses' globals: these wrap them.

static inline WINDOW *aet_stdscr(void) { return stdscr; }
static inline FILE *aet_stdout(void) { return stdout; }
static inline FILE *aet_stdin(void) { return stdin; }
static inline int aet_lines(void) { return LINES; }
static inline int aet_cols(void) { return COLS; }
static inline int aet_colors(void) { return COLORS; }
static inline int aet_color_pairs(void) { return COLOR_PAIRS; }
static inline int aet_getmaxy(WINDOW *window) { return getmaxy(window); }
static inline int aet_getmaxx(WINDOW *window) { return getmaxx(window); }

static inline attr_t aet_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t aet_a_normal(void) { return A_NORMAL; }
static inline attr_t aet_a_bold(void) { return A_BOLD; }
static inline attr_t aet_a_dim(void) { return A_DIM; }
static inline attr_t aet_a_reverse(void) { return A_REVERSE; }
static inline attr_t aet_a_underline(void) { return A_UNDERLINE; }

static inline int aet_key_resize(void) { return KEY_RESIZE; }
static inline int aet_key_btab(void) { return KEY_BTAB; }
static inline int aet_key_up(void) { return KEY_UP; }
static inline int aet_key_down(void) { return KEY_DOWN; }
static inline int aet_key_left(void) { return KEY_LEFT; }
static inline int aet_key_right(void) { return KEY_RIGHT; }
static inline int aet_key_enter(void) { return KEY_ENTER; }
static inline int aet_err(void) { return ERR; }
static inline int aet_ok(void) { return OK; }

static inline int aet_set_attributes(WINDOW *window, attr_t attributes, short pair) {
    return wattr_set(window, attributes, pair, NULL);
}

static inline const char *aet_codeset(void) { return nl_langinfo(CODESET); }

#endif
