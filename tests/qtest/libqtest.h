/*
 * Client side of the qtest protocol.  qtest_init() starts
 * $QTEST_QEMU_BINARY with "-qtest unix:SOCK -accel qtest -display none
 * -nodefaults" plus the test's arguments, accepts its connection on SOCK
 * and then exchanges one command line per call ("outb 0x70 0x0a" ->
 * "OK").  The emulator is killed by qtest_quit() (and if the test process
 * dies).  When the binary does not exist the test is skipped: a reason is
 * printed and the process exits with 77 (meson's "skipped").
 *
 * Asynchronous "IRQ raise N"/"IRQ lower N" lines (after
 * qtest_irq_intercept_in) are recorded while waiting for replies;
 * qtest_get_irq() returns the last level seen for pin N.
 */
#ifndef LIBQTEST_H
#define LIBQTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct QTestState QTestState;

QTestState *qtest_init(const char *extra_args);
QTestState *qtest_initf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
void qtest_quit(QTestState *s);
/* Wait up to timeout_ms for the emulator to exit by itself; returns its
 * wait() status, or -1 on timeout (it is then still running). */
int qtest_wait_exit(QTestState *s, int timeout_ms);
pid_t qtest_pid(QTestState *s);

void qtest_outb(QTestState *s, uint16_t addr, uint8_t value);
void qtest_outw(QTestState *s, uint16_t addr, uint16_t value);
void qtest_outl(QTestState *s, uint16_t addr, uint32_t value);
uint8_t qtest_inb(QTestState *s, uint16_t addr);
uint16_t qtest_inw(QTestState *s, uint16_t addr);
uint32_t qtest_inl(QTestState *s, uint16_t addr);

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);
uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);

/* Advance the virtual clock by step ns (0: to the next timer deadline);
 * returns the new virtual time in ns. */
int64_t qtest_clock_step(QTestState *s, int64_t step);
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_set(QTestState *s, int64_t val);

void qtest_irq_intercept_in(QTestState *s, const char *qom_path);
void qtest_irq_intercept_out(QTestState *s, const char *qom_path);
bool qtest_get_irq(QTestState *s, int num);
/* Drive input pin num of a device's GPIO list (name NULL: unnamed). */
void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level);

/* Send a command line and do not wait (the emulator may exit on it). */
void qtest_send_line(QTestState *s, const char *cmd);
/* Send a raw command line (without '\n'); returns the reply, to g_free. */
char *qtest_raw_cmd(QTestState *s, const char *cmd);

#endif
