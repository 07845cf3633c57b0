/*
 * Debug logging selected with -d ITEMS and -D FILE: emulator internals
 * (translated code, interrupts, guest mistakes) written to the log file,
 * stderr by default.  Checking a mask is cheap; log only when it is set:
 *     qemu_log_mask(LOG_GUEST_ERROR, "pit: bad mode %d\n", mode);
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#include "qemu/osdep.h"

#define CPU_LOG_TB_OUT_ASM (1 << 0)
#define CPU_LOG_TB_IN_ASM (1 << 1)
#define CPU_LOG_TB_OP (1 << 2)
#define CPU_LOG_TB_OP_OPT (1 << 3)
#define CPU_LOG_INT (1 << 4)
#define CPU_LOG_EXEC (1 << 5)
#define CPU_LOG_PCALL (1 << 6)
#define CPU_LOG_TB_CPU (1 << 8)
#define CPU_LOG_RESET (1 << 9)
#define LOG_UNIMP (1 << 10)
#define LOG_GUEST_ERROR (1 << 11)
#define CPU_LOG_MMU (1 << 12)
#define CPU_LOG_TB_NOCHAIN (1 << 13)
#define CPU_LOG_PAGE (1 << 14)
#define CPU_LOG_TB_OP_IND (1 << 16)
#define CPU_LOG_TB_FPU (1 << 17)

extern int qemu_loglevel;

static inline bool qemu_loglevel_mask(int mask)
{
    return (qemu_loglevel & mask) != 0;
}

void qemu_log(const char *fmt, ...) QEMU_PRINTF(1, 2);
#define qemu_log_mask(MASK, FMT, ...)                                          \
    do {                                                                       \
        if (unlikely(qemu_loglevel_mask(MASK))) {                              \
            qemu_log(FMT, ##__VA_ARGS__);                                      \
        }                                                                      \
    } while (0)

/* Hold the log stream for a multi-line dump; NULL when logging is off. */
FILE *qemu_log_trylock(void);
void qemu_log_unlock(FILE *f);

/* "in_asm,int": mask of the items, 0 if any item is unknown or "help". */
int qemu_str_to_log_mask(const char *str);
void qemu_print_log_usage(FILE *f);
/* -D FILE; NULL means stderr.  Opened by qemu_set_log(). */
void qemu_set_log_filename(const char *filename);
/* Apply a mask; opens the file.  false with errp set on open failure. */
bool qemu_set_log(int mask, Error **errp);

#endif
