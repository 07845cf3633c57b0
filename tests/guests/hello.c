/* hello: the smallest multiboot guest; also the benchmark's boot probe. */
#include "lib/guest.h"

void guest_main(uint32_t mb_magic, uint32_t mb_info);

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    if (mb_magic != 0x2badb002) {
        guest_fail("bad multiboot magic 0x%x", mb_magic);
    }
    guest_printf("Hello from a multiboot guest\n");
}
