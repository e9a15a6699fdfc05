#include <stdio.h>
#include <editline/readline.h>

/* readline's settings are C globals, which Swift 6 will not touch: set and read them here. */
static inline void showcall_rl_setup(const char *name, char *word_breaks, rl_completion_func_t *complete,
                                     int (*getc_function)(FILE *)) {
    rl_readline_name = name;
    rl_completer_word_break_characters = word_breaks;
    rl_basic_word_break_characters = word_breaks; /* the one libedit reads */
    rl_attempted_completion_function = complete;
    rl_completion_append_character = '\0'; /* `string.format` then `(`, not a space between */
    rl_catch_signals = 0; /* SIGINT is the REPL's: it cancels a call or drops the line being typed */
    rl_getc_function = getc_function; /* waits for a key, or for output to show above the line */
}
/* Completion offers only our candidates, never file names. */
static inline void showcall_rl_nofilenames(void) { rl_attempted_completion_over = 1; }
static inline const char *showcall_rl_line(void) { return rl_line_buffer; }
static inline int showcall_rl_point(void) { return rl_point; }
