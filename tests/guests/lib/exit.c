/* Verdicts through isa-debug-exit. */
#include "guest.h"

#define DEBUG_EXIT_PORT 0xf4
#define MSR_EFER 0xc0000080u

/* Arithmetic flags: left out of the dump (their last writer is arbitrary
 * compiler-chosen code, and some of them are architecturally undefined). */
#define EFLAGS_ARITH 0x8d5ul

struct __attribute__((packed)) dtr {
    uint16_t limit;
    unsigned long base;
};

static uint16_t sel(int which)
{
    uint16_t v = 0;
    switch (which) {
    case 0: __asm__ volatile("mov %%cs, %0" : "=r"(v)); break;
    case 1: __asm__ volatile("mov %%ds, %0" : "=r"(v)); break;
    case 2: __asm__ volatile("mov %%es, %0" : "=r"(v)); break;
    case 3: __asm__ volatile("mov %%fs, %0" : "=r"(v)); break;
    case 4: __asm__ volatile("mov %%gs, %0" : "=r"(v)); break;
    case 5: __asm__ volatile("mov %%ss, %0" : "=r"(v)); break;
    case 6: __asm__ volatile("str %0" : "=r"(v)); break;
    case 7: __asm__ volatile("sldt %0" : "=r"(v)); break;
    }
    return v;
}

/*
 * One "REGS: ..." line with the architectural state at exit, for the
 * differential harness (run-diff compares it between TCG and KVM;
 * run-guest ignores it when judging the output against NAME.expected).
 */
static void dump_regs(void)
{
    unsigned long cr0, cr3, cr4, fl, sp;
    uint32_t lo, hi;
    struct dtr g, i;

    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    __asm__ volatile("pushf; pop %0" : "=r"(fl));
    __asm__ volatile("mov %%esp, %k0" : "=r"(sp));
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
    __asm__ volatile("sgdt %0" : "=m"(g));
    __asm__ volatile("sidt %0" : "=m"(i));
    guest_printf("REGS: cr0=%lx cr3=%lx cr4=%lx efer=%x eflags=%lx "
                 "cs=%x ds=%x es=%x fs=%x gs=%x ss=%x tr=%x ldtr=%x "
                 "gdt=%lx/%x idt=%lx/%x sp=%lx\n",
                 cr0, cr3, cr4, lo, fl & ~EFLAGS_ARITH, sel(0), sel(1),
                 sel(2), sel(3), sel(4), sel(5), sel(6), sel(7), g.base,
                 g.limit, i.base, i.limit, sp & 0xfffffffful);
    (void)hi;
}

void guest_exit(uint8_t code)
{
    dump_regs();
    outl(DEBUG_EXIT_PORT, code);
    /* Only reached without isa-debug-exit: stop here, the harness times out */
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

void guest_fail(const char *fmt, ...)
{
    va_list ap;

    serial_puts("FAIL: ");
    va_start(ap, fmt);
    guest_vprintf(fmt, ap);
    va_end(ap);
    serial_puts("\n");
    guest_exit(GUEST_FAIL);
}
