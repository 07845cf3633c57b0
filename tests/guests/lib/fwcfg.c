/* fw_cfg legacy interface: select a key, then read bytes one at a time. */
#include "guest.h"

#define FW_CFG_PORT_SEL  0x510
#define FW_CFG_PORT_DATA 0x511

void fw_cfg_read(uint16_t key, void *buf, size_t len)
{
    uint8_t *p = buf;

    outw(FW_CFG_PORT_SEL, key);
    for (size_t i = 0; i < len; i++) {
        p[i] = inb(FW_CFG_PORT_DATA);
    }
}

uint64_t fw_cfg_read_u64(uint16_t key)
{
    uint8_t b[8];
    uint64_t v = 0;

    fw_cfg_read(key, b, sizeof(b));
    for (int i = 7; i >= 0; i--) { /* fw_cfg integers are little endian */
        v = (v << 8) | b[i];
    }
    return v;
}
