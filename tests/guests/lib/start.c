/* Common C entry: runtime setup, then the guest, then the PASS verdict. */
#include "guest.h"

void guest_main(uint32_t mb_magic, uint32_t mb_info);
void guest_start(uint32_t mb_magic, uint32_t mb_info);

void guest_start(uint32_t mb_magic, uint32_t mb_info)
{
    serial_init();
    idt_init();
    guest_main(mb_magic, mb_info);
    guest_exit(GUEST_PASS);
}
