/*
 * ports: port I/O and MMIO of the pc machine's fixed devices.  Run with
 * -smp 2 -m 160: fw_cfg must report exactly that.
 *   CMOS/RTC   registers 0x00-0x0b, 0x32 (century): a sane date and time,
 *              decoded as BCD or binary according to status register B
 *   IOAPIC     version register through IOREGSEL/IOWIN at 0xfec00000
 *   local APIC ID and version registers at 0xfee00000
 *   fw_cfg     signature, CPU count and RAM size at 0x510/0x511
 *   port 0x80  a POST-code write must be accepted silently
 */
#include "lib/guest.h"

#define IOAPIC_BASE 0xfec00000u
#define LAPIC_BASE  0xfee00000u

void guest_main(uint32_t mb_magic, uint32_t mb_info);

static unsigned rtc_decode(uint8_t v, bool bcd)
{
    return bcd ? (v >> 4) * 10 + (v & 0xf) : v;
}

static void check_rtc(void)
{
    uint8_t regb = cmos_read(0x0b);
    bool bcd = !(regb & 0x04); /* DM bit: 1 = binary */
    bool h24 = regb & 0x02;

    /* Read only outside an update cycle (register A bit 7, UIP) and
     * read twice until two snapshots agree, as the datasheet suggests. */
    uint8_t t[7], prev[7];
    for (int tries = 0;; tries++) {
        for (int i = 0; i < 1000000 && (cmos_read(0x0a) & 0x80); i++) {
            cpu_relax();
        }
        static const uint8_t regs[7] = {0x00, 0x02, 0x04, 0x07,
                                        0x08, 0x09, 0x32};
        for (int i = 0; i < 7; i++) {
            t[i] = cmos_read(regs[i]);
        }
        if (tries && !__builtin_memcmp(t, prev, sizeof(t))) {
            break;
        }
        if (tries > 10) {
            guest_fail("RTC never stable");
        }
        __builtin_memcpy(prev, t, sizeof(t));
    }

    unsigned sec = rtc_decode(t[0], bcd), min = rtc_decode(t[1], bcd);
    unsigned hour = rtc_decode(t[2] & 0x7f, bcd);
    unsigned day = rtc_decode(t[3], bcd), mon = rtc_decode(t[4], bcd);
    unsigned year = rtc_decode(t[6], bcd) * 100 + rtc_decode(t[5], bcd);
    if (!h24 && (t[2] & 0x80)) {
        hour = hour % 12 + 12; /* PM flag in 12-hour mode */
    }
    guest_printf("RTC: %s, %s; %04u-%02u-%02u %02u:%02u:%02u\n",
                 bcd ? "BCD" : "binary", h24 ? "24h" : "12h", year, mon, day,
                 hour, min, sec);
    if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 ||
        mon < 1 || mon > 12 || year < 2020 || year > 2199) {
        guest_fail("RTC time is not sane");
    }
    guest_printf("RTC: time is sane\n");
}

static void check_ioapic(void)
{
    mmio_write32(IOAPIC_BASE, 0x01); /* IOREGSEL = version register */
    uint32_t ver = mmio_read32(IOAPIC_BASE + 0x10);
    unsigned pins = ((ver >> 16) & 0xff) + 1;
    guest_printf("IOAPIC: version 0x%x, %u redirection entries\n",
                 ver & 0xff, pins);
    if ((ver & 0xff) < 0x11 || (ver & 0xff) > 0x20 || pins != 24) {
        guest_fail("IOAPIC version register 0x%x", ver);
    }
}

static void check_lapic(void)
{
    uint32_t id = mmio_read32(LAPIC_BASE + 0x20) >> 24;
    uint32_t ver = mmio_read32(LAPIC_BASE + 0x30);
    unsigned max_lvt = ((ver >> 16) & 0xff) + 1;
    guest_printf("LAPIC: id %u, version 0x%x, %u LVT entries\n", id,
                 ver & 0xff, max_lvt);
    if (id != 0 || (ver & 0xf0) != 0x10 || max_lvt < 4) {
        guest_fail("local APIC id 0x%x version 0x%x", id, ver);
    }
}

static void check_fw_cfg(void)
{
    char sig[5] = {0};
    fw_cfg_read(FW_CFG_SIGNATURE, sig, 4);
    uint16_t cpus = 0;
    fw_cfg_read(FW_CFG_NB_CPUS, &cpus, 2);
    uint64_t ram = fw_cfg_read_u64(FW_CFG_RAM_SIZE);
    guest_printf("fw_cfg: signature '%s', %u CPUs, RAM %u MiB\n", sig, cpus,
                 (uint32_t)(ram >> 20));
    if (__builtin_memcmp(sig, "QEMU", 4) || cpus != 2 ||
        ram != 160ull << 20) {
        guest_fail("fw_cfg does not match -smp 2 -m 160");
    }
}

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    check_rtc();
    check_ioapic();
    check_lapic();
    check_fw_cfg();
    for (unsigned v = 0; v < 256; v += 0x11) {
        outb(0x80, (uint8_t)v);
    }
    guest_printf("port 0x80: written\n");
}
