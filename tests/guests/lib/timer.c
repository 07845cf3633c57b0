/* PIT-based busy delays and CMOS access. */
#include "guest.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43

static uint16_t pit_read_ch0(void)
{
    outb(PIT_CMD, 0x00); /* counter latch command, channel 0 */
    uint8_t lo = inb(PIT_CH0);
    uint8_t hi = inb(PIT_CH0);
    return (uint16_t)(lo | (hi << 8));
}

void pit_delay_us(uint32_t us)
{
    uint64_t want = udiv64((uint64_t)us * PIT_HZ, 1000000, NULL) + 1;
    uint64_t elapsed = 0;

    /* Channel 0, lobyte/hibyte, mode 2, reload 0 (= 65536): free running */
    outb(PIT_CMD, 0x34);
    outb(PIT_CH0, 0);
    outb(PIT_CH0, 0);
    uint16_t last = pit_read_ch0();
    while (elapsed < want) {
        uint16_t now = pit_read_ch0();
        /* The counter counts down and wraps at the reload value. */
        elapsed += (uint16_t)(last - now);
        last = now;
    }
}

uint8_t cmos_read(uint8_t reg)
{
    outb(0x70, reg & 0x7f);
    return inb(0x71);
}

void cmos_write(uint8_t reg, uint8_t val)
{
    outb(0x70, reg & 0x7f);
    outb(0x71, val);
}
