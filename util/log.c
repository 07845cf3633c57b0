/*
 * -d/-D logging: the item registry, the mask and the log stream.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/error.h"

int qemu_loglevel;

static char *log_filename;
static FILE *log_file;
static GRecMutex log_lock;

typedef struct LogItem {
    int mask;
    const char *name;
    const char *help;
} LogItem;

/* Same names, order and help text as QEMU 7.2 shows for -d help. */
static const LogItem log_items[] = {
    {CPU_LOG_TB_OUT_ASM, "out_asm",
     "show generated host assembly code for each compiled TB"},
    {CPU_LOG_TB_IN_ASM, "in_asm",
     "show target assembly code for each compiled TB"},
    {CPU_LOG_TB_OP, "op", "show micro ops for each compiled TB"},
    {CPU_LOG_TB_OP_OPT, "op_opt", "show micro ops after optimization"},
    {CPU_LOG_TB_OP_IND, "op_ind", "show micro ops before indirect lowering"},
    {CPU_LOG_INT, "int", "show interrupts/exceptions in short format"},
    {CPU_LOG_EXEC, "exec",
     "show trace before each executed TB (lots of logs)"},
    {CPU_LOG_TB_CPU, "cpu",
     "show CPU registers before entering a TB (lots of logs)"},
    {CPU_LOG_TB_FPU, "fpu", "include FPU registers in the 'cpu' logging"},
    {CPU_LOG_MMU, "mmu", "log MMU-related activities"},
    {CPU_LOG_PCALL, "pcall",
     "x86 only: show protected mode far calls/returns/exceptions"},
    {CPU_LOG_RESET, "cpu_reset", "show CPU state before CPU resets"},
    {LOG_UNIMP, "unimp", "log unimplemented functionality"},
    {LOG_GUEST_ERROR, "guest_errors",
     "log when the guest OS does something invalid (eg accessing a\n"
     "non-existent register)"},
    {CPU_LOG_PAGE, "page",
     "dump pages at beginning of user mode emulation"},
    {CPU_LOG_TB_NOCHAIN, "nochain",
     "do not chain compiled TBs so that \"exec\" and \"cpu\" show\n"
     "complete traces"},
};

int qemu_str_to_log_mask(const char *str)
{
    int mask = 0;
    char **parts = g_strsplit(str, ",", 0);

    for (char **p = parts; *p; p++) {
        bool found = false;

        if (g_str_equal(*p, "all")) {
            for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
                mask |= log_items[i].mask;
            }
            continue;
        }
        for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
            if (g_str_equal(*p, log_items[i].name)) {
                mask |= log_items[i].mask;
                found = true;
                break;
            }
        }
        if (!found) {
            mask = 0;
            break;
        }
    }
    g_strfreev(parts);
    return mask;
}

void qemu_print_log_usage(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
        fprintf(f, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
}

void qemu_set_log_filename(const char *filename)
{
    g_free(log_filename);
    log_filename = g_strdup(filename);
}

bool qemu_set_log(int mask, Error **errp)
{
    g_rec_mutex_lock(&log_lock);
    qemu_loglevel = mask;
    if (mask && log_filename && !log_file) {
        log_file = fopen(log_filename, "a");
        if (!log_file) {
            int err = errno;

            qemu_loglevel = 0;
            g_rec_mutex_unlock(&log_lock);
            error_setg(errp, "Error opening logfile %s: %s", log_filename,
                       strerror(err));
            return false;
        }
        setvbuf(log_file, NULL, _IOLBF, 0);
    }
    g_rec_mutex_unlock(&log_lock);
    return true;
}

FILE *qemu_log_trylock(void)
{
    if (!qemu_loglevel) {
        return NULL;
    }
    g_rec_mutex_lock(&log_lock);
    return log_file ? log_file : stderr;
}

void qemu_log_unlock(FILE *f)
{
    if (f) {
        fflush(f);
        g_rec_mutex_unlock(&log_lock);
    }
}

void qemu_log(const char *fmt, ...)
{
    FILE *f = qemu_log_trylock();
    va_list ap;

    if (!f) {
        return;
    }
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    qemu_log_unlock(f);
}
