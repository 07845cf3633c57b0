/*
 * longmode: runs in 64-bit mode after longmode-entry.S enabled paging.
 * Checks EFER.LMA and CR0/CR4, 64-bit arithmetic, a 4 KiB alias mapping,
 * and a round trip through compatibility mode.  It takes no interrupt on
 * purpose: the PVM flavour of KVM on our CI hosts cannot emulate INT/IRET
 * for non-PVM guests, and this guest should run there (see
 * docs/testing-guests.md).
 */
#include "lib/guest.h"

#define ALIAS_VADDR 0x40000000ul

extern uint8_t alias_page[4096];
uint32_t compat_mode_test(const char *msg);
void guest_main(uint32_t mb_magic, uint32_t mb_info);

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    if (mb_magic != 0x2badb002) {
        guest_fail("bad multiboot magic 0x%x", mb_magic);
    }
    uint64_t efer = rdmsr(0xc0000080), cr0, cr4;
    __asm__ volatile("mov %%cr0, %0; mov %%cr4, %1" : "=r"(cr0), "=r"(cr4));
    if (!(efer & (1u << 10)) || !(efer & (1u << 8))) {
        guest_fail("EFER 0x%lx: LME/LMA not set", efer);
    }
    if (!(cr0 & (1ul << 31)) || !(cr4 & (1u << 5))) {
        guest_fail("CR0 0x%lx CR4 0x%lx: paging/PAE off", cr0, cr4);
    }
    guest_printf("long mode: 64-bit code running (EFER.LMA=1)\n");

    /* 64-bit registers really are 64 bits wide. */
    volatile uint64_t a = 0x0123456789abcdefull;
    uint64_t b = (a << 4) + (a >> 60);
    guest_printf("long mode: rotate 0x%lx -> 0x%lx\n", (unsigned long)a,
                 (unsigned long)b);
    if (b != 0x123456789abcdef0ull) {
        guest_fail("64-bit rotate gave 0x%lx", (unsigned long)b);
    }

    /* The 4 KiB alias maps the same physical page. */
    volatile uint32_t *alias = (volatile uint32_t *)ALIAS_VADDR;
    volatile uint32_t *direct = (volatile uint32_t *)alias_page;
    alias[5] = 0xfeedf00d;
    direct[6] = 0xcafe0001;
    if (direct[5] != 0xfeedf00d || alias[6] != 0xcafe0001) {
        guest_fail("4 KiB alias at 0x%lx does not reach 0x%lx",
                   ALIAS_VADDR, (unsigned long)(uintptr_t)alias_page);
    }
    guest_printf("paging: 4 KiB alias at 0x%lx works\n", ALIAS_VADDR);

    uint32_t r = compat_mode_test("compat mode: 32-bit code running\n");
    if (r != 0x7fffffff) {
        guest_fail("compatibility mode decoded 0x40 as REX (0x%x)", r);
    }
    guest_printf("long mode: back from compatibility mode (0x%x)\n", r);
}
