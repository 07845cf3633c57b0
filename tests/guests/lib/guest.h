/*
 * Tiny freestanding runtime shared by the bare-metal test guests.
 *
 * Guests run without firmware services: output goes to COM1 by polling,
 * the verdict leaves through isa-debug-exit (iobase 0xf4), and unexpected
 * CPU exceptions are reported with vector, error code and RIP/EIP and turn
 * into GUEST_FAIL.  The same sources build for 32-bit protected mode (-m32)
 * and 64-bit long mode (-m64).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* isa-debug-exit values; QEMU exits with status (value << 1) | 1. */
#define GUEST_PASS 0x10 /* exit status 33 */
#define GUEST_FAIL 0x11 /* exit status 35 */

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static inline void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

/* COM1 at 0x3f8, 115200 8N1, transmit by polling LSR.THRE. */
void serial_init(void);
void serial_putc(char c);
void serial_puts(const char *s);

/*
 * Minimal printf: %d %u %x %s %c with an optional 'l'/'ll' (64-bit) length,
 * '0' flag and width.  No floating point.
 */
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void guest_vprintf(const char *fmt, va_list ap);

/* 64-bit divide without libgcc (32-bit builds have no __udivdi3). */
uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem);

/* Leave through isa-debug-exit; falls back to cli;hlt if it is absent. */
void guest_exit(uint8_t code) __attribute__((noreturn));
/* Print "FAIL: ..." and exit with GUEST_FAIL. */
void guest_fail(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

/*
 * IDT with every vector pointing at a reporting stub.  Vectors 0-31 print
 * a diagnostic and fail; others call the handler installed with
 * idt_set_handler(), or fail as "unexpected interrupt" if none.
 */
typedef void (*irq_handler_t)(unsigned vector);
void idt_init(void);
/* Load the already built IDT on this CPU (for application processors). */
void idt_load(void);
void idt_set_handler(unsigned vector, irq_handler_t fn);
/*
 * Called by the assembly stubs; ipp points at the saved return IP.
 * Returns 1 when the stub must return without IRET (an expected exception:
 * PVM's KVM cannot emulate IRET, see docs/testing-guests.md), else 0.
 */
int guest_trap(unsigned long vector, unsigned long error, unsigned long ip,
               unsigned long *ipp);

/*
 * Expected exceptions: while guest_resume_ip is nonzero, an exception
 * (vector < 32) does not fail the guest; it is recorded in guest_trap_*
 * (vector, error code, CR2 for #PF), execution resumes at guest_resume_ip
 * and guest_resume_ip is cleared.
 */
extern volatile unsigned long guest_resume_ip;
extern volatile int guest_trap_vector;
extern volatile unsigned long guest_trap_error, guest_trap_cr2;

/* fw_cfg over the legacy I/O ports 0x510 (selector) / 0x511 (data). */
#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_ID        0x01
#define FW_CFG_RAM_SIZE  0x03
#define FW_CFG_NB_CPUS   0x05
#define FW_CFG_MAX_CPUS  0x0f
void fw_cfg_read(uint16_t key, void *buf, size_t len);
uint64_t fw_cfg_read_u64(uint16_t key);

/* PIT channel 0 based delays; they reprogram channel 0 (mode 2). */
#define PIT_HZ 1193182u
void pit_delay_us(uint32_t us);

/* CMOS / RTC register access through 0x70/0x71 (NMI stays enabled). */
uint8_t cmos_read(uint8_t reg);
void cmos_write(uint8_t reg, uint8_t val);

#endif
