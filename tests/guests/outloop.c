/*
 * outloop: 200,000 byte writes to an I/O port no device decodes on QEMU's
 * pc machine (0x300; 0x1f8-0x375 is unassigned with -nodefaults, while
 * 0x500 would be too close to fw_cfg at 0x510).  Under KVM every write is
 * a full VM exit to user space, so this measures the exit round trip.
 */
#include "lib/guest.h"

#define OUTLOOP_PORT  0x300
#define OUTLOOP_COUNT 200000

void guest_main(uint32_t mb_magic, uint32_t mb_info);

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    uint32_t n = OUTLOOP_COUNT;

    guest_printf("outloop: start\n");
    /* A plain loop rather than 'rep outsb': one exit per instruction. */
    __asm__ volatile("1: outb %%al, %%dx\n\t"
                     "dec %0\n\t"
                     "jnz 1b"
                     : "+r"(n)
                     : "a"(0), "d"(OUTLOOP_PORT)
                     : "memory", "cc");
    guest_printf("outloop: %u writes to port 0x%x done\n", OUTLOOP_COUNT,
                 OUTLOOP_PORT);
}
