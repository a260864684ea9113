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
#include <signal.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
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

// Giving the terminal back when the process dies of a signal it cannot survive (a crash, an
// abort, Ctrl-\). In C because a signal handler may only make async-signal-safe calls: it writes
// the sequences that leave the alternate screen and show the cursor, restores the terminal modes
// saved before ncurses changed them, then re-raises the signal under the handler that was there
// before (the Swift runtime's crash report, or the default action), which runs once it returns.
// (Swift emits no storage for a header's global variables, hence the state behind a function.)
#define AET_FATAL_SIGNALS 8
struct aet_rescue_state {
    struct termios modes;
    volatile sig_atomic_t armed;
    int signals[AET_FATAL_SIGNALS];
    struct sigaction previous[AET_FATAL_SIGNALS];
};

static inline struct aet_rescue_state *aet_rescue(void) {
    static struct aet_rescue_state state = {
        .signals = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT, SIGSYS },
    };
    return &state;
}

static void aet_rescue_terminal(int number) {
    struct aet_rescue_state *state = aet_rescue();
    if (state->armed) {
        state->armed = 0;
        static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
        static const char note[] = "aetui: ended by a fatal signal; the terminal was restored\n";
        if (write(STDOUT_FILENO, reset, sizeof reset - 1) < 0) { /* nothing more can be done */ }
        tcsetattr(STDIN_FILENO, TCSANOW, &state->modes);
        if (write(STDERR_FILENO, note, sizeof note - 1) < 0) { /* nothing more can be done */ }
    }
    for (int i = 0; i < AET_FATAL_SIGNALS; i++) {
        if (state->signals[i] == number) sigaction(number, &state->previous[i], NULL);
    }
    raise(number);
}

/// Saves the terminal's modes and installs the rescue; call before ncurses opens the terminal.
static inline void aet_install_terminal_rescue(void) {
    struct aet_rescue_state *state = aet_rescue();
    if (tcgetattr(STDIN_FILENO, &state->modes) != 0) return;
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = aet_rescue_terminal;
    for (int i = 0; i < AET_FATAL_SIGNALS; i++) sigaction(state->signals[i], &action, &state->previous[i]);
    state->armed = 1;
}

/// Puts the previous handlers back once the terminal was closed normally.
static inline void aet_remove_terminal_rescue(void) {
    struct aet_rescue_state *state = aet_rescue();
    if (!state->armed) return;
    state->armed = 0;
    for (int i = 0; i < AET_FATAL_SIGNALS; i++) sigaction(state->signals[i], &state->previous[i], NULL);
}

// Whether the terminal can move the cursor to a position (terminfo's "cup"): a dumb terminal
// cannot, and the lab would draw nothing visible on it.
static inline int aet_can_move_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

#endif
