/*
 * Line editing for the human monitor: insert/delete, cursor movement
 * (arrows, Home/End, Ctrl-A/E/B/F), kill (Ctrl-K/U/W), history (up/down,
 * Ctrl-P/N), TAB completion, on VT100 escape sequences.  Bytes come in one
 * at a time; echo and redraw go out through the print callback.
 */
#ifndef MONITOR_READLINE_H
#define MONITOR_READLINE_H

#include "qemu/osdep.h"

#define READLINE_CMD_BUF_SIZE 4096
#define READLINE_MAX_CMDS 64

typedef void ReadLinePrintFunc(void *opaque, const char *str);
typedef void ReadLineFunc(void *opaque, const char *line);
typedef char **ReadLineCompletionFunc(const char *prefix);

typedef struct ReadLineState ReadLineState;

ReadLineState *readline_new(ReadLinePrintFunc *print,
                            ReadLineCompletionFunc *complete, void *opaque);
void readline_free(ReadLineState *rs);
/* Show the prompt; the next Enter calls fn with the line. */
void readline_start(ReadLineState *rs, const char *prompt, ReadLineFunc *fn);
/* As readline_start, without printing the prompt (shown later). */
void readline_set_prompt(ReadLineState *rs, const char *prompt,
                         ReadLineFunc *fn);
void readline_show_prompt(ReadLineState *rs);
/* Forget a half-typed line (new connection). */
void readline_restart(ReadLineState *rs);
void readline_handle_byte(ReadLineState *rs, int ch);
/* History entry i (0 oldest), NULL past the end. */
const char *readline_get_history(ReadLineState *rs, unsigned int i);

#endif
