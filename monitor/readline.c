/*
 * Line editing for the human monitor (VT100).  The whole line is redrawn
 * after an edit in the middle; that is simple and plenty fast for a
 * 4 KiB line.
 */
#include "qemu/osdep.h"
#include "monitor/readline.h"

enum { RS_NORM, RS_ESC, RS_CSI, RS_SS3 };

struct ReadLineState {
    char buf[READLINE_CMD_BUF_SIZE + 1];
    int len, pos;
    int esc_state, esc_param;
    bool last_cr;                /* swallow the LF of a CR LF */
    char *history[READLINE_MAX_CMDS];
    int hist_len;
    int hist_pos;                /* hist_len: the line being typed */
    char *saved;                 /* line being typed while browsing */
    char prompt[64];
    ReadLinePrintFunc *print;
    ReadLineCompletionFunc *complete;
    ReadLineFunc *fn;
    void *opaque;
};

ReadLineState *readline_new(ReadLinePrintFunc *print,
                            ReadLineCompletionFunc *complete, void *opaque)
{
    ReadLineState *rs = g_new0(ReadLineState, 1);

    rs->print = print;
    rs->complete = complete;
    rs->opaque = opaque;
    return rs;
}

void readline_free(ReadLineState *rs)
{
    if (!rs) {
        return;
    }
    for (int i = 0; i < rs->hist_len; i++) {
        g_free(rs->history[i]);
    }
    g_free(rs->saved);
    g_free(rs);
}

static void out(ReadLineState *rs, const char *s)
{
    rs->print(rs->opaque, s);
}

void readline_show_prompt(ReadLineState *rs)
{
    out(rs, rs->prompt);
}

void readline_restart(ReadLineState *rs)
{
    rs->len = rs->pos = 0;
    rs->buf[0] = 0;
    rs->esc_state = RS_NORM;
    rs->hist_pos = rs->hist_len;
}

void readline_set_prompt(ReadLineState *rs, const char *prompt,
                         ReadLineFunc *fn)
{
    g_strlcpy(rs->prompt, prompt, sizeof(rs->prompt));
    rs->fn = fn;
    readline_restart(rs);
}

void readline_start(ReadLineState *rs, const char *prompt, ReadLineFunc *fn)
{
    readline_set_prompt(rs, prompt, fn);
    readline_show_prompt(rs);
}

const char *readline_get_history(ReadLineState *rs, unsigned int i)
{
    return i < (unsigned int)rs->hist_len ? rs->history[i] : NULL;
}

/* Redraw from the cursor's old place: CR, prompt, line, erase, move back. */
static void redraw(ReadLineState *rs)
{
    g_autoptr(GString) s = g_string_new("\r");

    g_string_append(s, rs->prompt);
    g_string_append_len(s, rs->buf, rs->len);
    g_string_append(s, "\033[K");
    if (rs->len > rs->pos) {
        g_string_append_printf(s, "\033[%dD", rs->len - rs->pos);
    }
    out(rs, s->str);
}

static void insert_char(ReadLineState *rs, char c)
{
    char echo[2] = { c, 0 };

    if (rs->len >= READLINE_CMD_BUF_SIZE) {
        return;
    }
    memmove(rs->buf + rs->pos + 1, rs->buf + rs->pos, rs->len - rs->pos);
    rs->buf[rs->pos++] = c;
    rs->len++;
    rs->buf[rs->len] = 0;
    if (rs->pos == rs->len) {
        out(rs, echo);
    } else {
        redraw(rs);
    }
}

static void delete_range(ReadLineState *rs, int from, int to)
{
    if (from < 0 || to > rs->len || from >= to) {
        return;
    }
    memmove(rs->buf + from, rs->buf + to, rs->len - to);
    rs->len -= to - from;
    rs->buf[rs->len] = 0;
    rs->pos = from;
    redraw(rs);
}

static void set_line(ReadLineState *rs, const char *line)
{
    g_strlcpy(rs->buf, line, sizeof(rs->buf));
    rs->len = rs->pos = strlen(rs->buf);
    redraw(rs);
}

static void history_add(ReadLineState *rs, const char *line)
{
    if (!*line) {
        return;
    }
    if (rs->hist_len && !strcmp(rs->history[rs->hist_len - 1], line)) {
        return;
    }
    if (rs->hist_len == READLINE_MAX_CMDS) {
        g_free(rs->history[0]);
        memmove(rs->history, rs->history + 1,
                (READLINE_MAX_CMDS - 1) * sizeof(char *));
        rs->hist_len--;
    }
    rs->history[rs->hist_len++] = g_strdup(line);
}

static void history_move(ReadLineState *rs, int dir)
{
    int np = rs->hist_pos + dir;

    if (np < 0 || np > rs->hist_len) {
        return;
    }
    if (rs->hist_pos == rs->hist_len) {
        g_free(rs->saved);
        rs->saved = g_strndup(rs->buf, rs->len);
    }
    rs->hist_pos = np;
    set_line(rs, np == rs->hist_len ? (rs->saved ? rs->saved : "")
                                    : rs->history[np]);
}

static void complete(ReadLineState *rs)
{
    g_auto(GStrv) matches = NULL;
    g_autofree char *prefix = NULL;
    guint n;

    if (!rs->complete || memchr(rs->buf, ' ', rs->pos)) {
        return;
    }
    prefix = g_strndup(rs->buf, rs->pos);
    matches = rs->complete(prefix);
    n = matches ? g_strv_length(matches) : 0;
    if (n == 1) {
        for (const char *p = matches[0] + strlen(prefix); *p; p++) {
            insert_char(rs, *p);
        }
        insert_char(rs, ' ');
    } else if (n > 1) {
        out(rs, "\r\n");
        for (guint i = 0; i < n; i++) {
            out(rs, matches[i]);
            out(rs, i + 1 < n ? "  " : "\r\n");
        }
        redraw(rs);
    }
}

static void enter(ReadLineState *rs)
{
    g_autofree char *line = g_strndup(rs->buf, rs->len);

    out(rs, "\r\n");
    history_add(rs, line);
    readline_restart(rs);
    if (rs->fn) {
        rs->fn(rs->opaque, line);
    }
}

static void handle_csi(ReadLineState *rs, int ch)
{
    switch (ch) {
    case 'A':
        history_move(rs, -1);
        break;
    case 'B':
        history_move(rs, 1);
        break;
    case 'C':
        if (rs->pos < rs->len) {
            rs->pos++;
            out(rs, "\033[C");
        }
        break;
    case 'D':
        if (rs->pos > 0) {
            rs->pos--;
            out(rs, "\033[D");
        }
        break;
    case 'H':
        rs->pos = 0;
        redraw(rs);
        break;
    case 'F':
        rs->pos = rs->len;
        redraw(rs);
        break;
    case '~':
        if (rs->esc_param == 1 || rs->esc_param == 7) {
            rs->pos = 0;
            redraw(rs);
        } else if (rs->esc_param == 4 || rs->esc_param == 8) {
            rs->pos = rs->len;
            redraw(rs);
        } else if (rs->esc_param == 3) {
            delete_range(rs, rs->pos, rs->pos + 1);
        }
        break;
    }
}

void readline_handle_byte(ReadLineState *rs, int ch)
{
    bool after_cr = rs->last_cr;

    rs->last_cr = ch == 13;
    if (ch == 10 && after_cr) {
        return;
    }
    switch (rs->esc_state) {
    case RS_ESC:
        if (ch == '[') {
            rs->esc_state = RS_CSI;
            rs->esc_param = 0;
        } else if (ch == 'O') {
            rs->esc_state = RS_SS3;
        } else {
            rs->esc_state = RS_NORM;
        }
        return;
    case RS_CSI:
        if (ch >= '0' && ch <= '9') {
            rs->esc_param = MIN(rs->esc_param * 10 + ch - '0', 1000);
            return;
        }
        if (ch == ';') {
            return;
        }
        rs->esc_state = RS_NORM;
        handle_csi(rs, ch);
        return;
    case RS_SS3:
        rs->esc_state = RS_NORM;
        handle_csi(rs, ch);
        return;
    }
    switch (ch) {
    case 1: /* ^A */
        rs->pos = 0;
        redraw(rs);
        break;
    case 2: /* ^B */
        handle_csi(rs, 'D');
        break;
    case 4: /* ^D */
        delete_range(rs, rs->pos, rs->pos + 1);
        break;
    case 5: /* ^E */
        rs->pos = rs->len;
        redraw(rs);
        break;
    case 6: /* ^F */
        handle_csi(rs, 'C');
        break;
    case 9:
        complete(rs);
        break;
    case 10:
    case 13:
        enter(rs);
        break;
    case 11: /* ^K */
        delete_range(rs, rs->pos, rs->len);
        break;
    case 14: /* ^N */
        history_move(rs, 1);
        break;
    case 16: /* ^P */
        history_move(rs, -1);
        break;
    case 21: /* ^U */
        delete_range(rs, 0, rs->pos);
        break;
    case 23: { /* ^W: the word before the cursor */
        int p = rs->pos;

        while (p > 0 && rs->buf[p - 1] == ' ') {
            p--;
        }
        while (p > 0 && rs->buf[p - 1] != ' ') {
            p--;
        }
        delete_range(rs, p, rs->pos);
        break;
    }
    case 27:
        rs->esc_state = RS_ESC;
        break;
    case 8:
    case 127:
        delete_range(rs, rs->pos - 1, rs->pos);
        break;
    default:
        if (ch >= 32 && ch != 127) {
            insert_char(rs, ch);
        }
        break;
    }
}
