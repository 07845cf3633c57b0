/* IDT setup and the C side of the interrupt stubs. */
#include "guest.h"

extern char guest_vector_stubs[];

#ifdef __x86_64__
struct gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));
#else
struct gate {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));
#endif

static struct gate idt[256] __attribute__((aligned(16)));
static irq_handler_t handlers[256];

static const char *const exc_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
    "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "rsvd",
    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void idt_init(void)
{
    uint16_t cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));

    for (unsigned v = 0; v < 256; v++) {
        uintptr_t a = (uintptr_t)guest_vector_stubs + 16 * v;
        struct gate *g = &idt[v];
        g->off_lo = (uint16_t)a;
        g->sel = cs;
        g->type = 0x8e; /* present, DPL 0, interrupt gate */
#ifdef __x86_64__
        g->ist = 0;
        g->off_mid = (uint16_t)(a >> 16);
        g->off_hi = (uint32_t)((uint64_t)a >> 32);
        g->zero = 0;
#else
        g->zero = 0;
        g->off_hi = (uint16_t)(a >> 16);
#endif
    }
    idt_load();
}

void idt_load(void)
{
    struct {
        uint16_t limit;
        uintptr_t base;
    } __attribute__((packed)) idtr = {sizeof(idt) - 1, (uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

void idt_set_handler(unsigned vector, irq_handler_t fn)
{
    if (vector < 256) {
        handlers[vector] = fn;
    }
}

volatile unsigned long guest_resume_ip;
volatile int guest_trap_vector = -1;
volatile unsigned long guest_trap_error, guest_trap_cr2;

int guest_trap(unsigned long vector, unsigned long error, unsigned long ip,
               unsigned long *ipp)
{
    if (vector < 32 && guest_resume_ip) {
        guest_trap_vector = (int)vector;
        guest_trap_error = error;
        if (vector == 14) {
            unsigned long cr2;
            __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
            guest_trap_cr2 = cr2;
        }
        *ipp = guest_resume_ip;
        guest_resume_ip = 0;
        return 1;
    }
    if (vector >= 32 && vector < 256 && handlers[vector]) {
        handlers[vector]((unsigned)vector);
        return 0;
    }
    if (vector < 32) {
        const char *name = exc_names[vector] ? exc_names[vector] : "?";
        guest_printf("EXCEPTION: vector %lu (%s) error 0x%lx at IP 0x%lx\n",
                     vector, name, error, ip);
        if (vector == 14) {
            unsigned long cr2;
            __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
            guest_printf("EXCEPTION: CR2 0x%lx\n", cr2);
        }
    } else {
        guest_printf("UNEXPECTED INTERRUPT: vector %lu at IP 0x%lx\n", vector,
                     ip);
    }
    guest_exit(GUEST_FAIL);
}
