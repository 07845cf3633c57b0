/*
 * multiboot-info: checks what the multiboot loader hands over.  The harness
 * runs it with -m 96 -append "foo=bar baz" -initrd "mod1 arg,mod2"; memory
 * sizes are cross-checked against fw_cfg's RAM size and the module contents
 * are printed so the expected file pins them down.
 */
#include "lib/guest.h"

struct mb_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper; /* KiB below 1 MiB / above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_module {
    uint32_t mod_start, mod_end, string, reserved;
} __attribute__((packed));

struct mb_mmap {
    uint32_t size; /* of the rest of the entry, not counting this field */
    uint64_t base, length;
    uint32_t type;
} __attribute__((packed));

#define MBI_MEM     (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODS    (1u << 3)
#define MBI_MMAP    (1u << 6)

void guest_main(uint32_t mb_magic, uint32_t mb_info);

static void print_module(unsigned i, const struct mb_module *m)
{
    if (m->mod_end < m->mod_start || m->mod_end - m->mod_start > 4096) {
        guest_fail("module %u: bad range 0x%x-0x%x", i, m->mod_start,
                   m->mod_end);
    }
    if (m->mod_start & 0xfff) {
        guest_fail("module %u: start 0x%x not page aligned", i, m->mod_start);
    }
    guest_printf("module %u: cmdline '%s', %u bytes: ", i,
                 (const char *)(uintptr_t)m->string,
                 m->mod_end - m->mod_start);
    const char *p = (const char *)(uintptr_t)m->mod_start;
    for (uint32_t k = 0; k < m->mod_end - m->mod_start; k++) {
        if (p[k] != '\n') {
            serial_putc(p[k] >= ' ' && p[k] < 127 ? p[k] : '.');
        }
    }
    serial_putc('\n');
}

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    if (mb_magic != 0x2badb002) {
        guest_fail("bad multiboot magic 0x%x", mb_magic);
    }
    const struct mb_info *mbi = (const struct mb_info *)(uintptr_t)mb_info;
    uint32_t need = MBI_MEM | MBI_CMDLINE | MBI_MODS | MBI_MMAP;
    if ((mbi->flags & need) != need) {
        guest_fail("info flags 0x%x lack 0x%x", mbi->flags,
                   need & ~mbi->flags);
    }

    uint64_t ram = fw_cfg_read_u64(FW_CFG_RAM_SIZE);
    uint32_t ram_kib = (uint32_t)(ram >> 10);
    guest_printf("mem_lower %u KiB, mem_upper %u KiB\n", mbi->mem_lower,
                 mbi->mem_upper);
    if (mbi->mem_lower < 600 || mbi->mem_lower > 640) {
        guest_fail("mem_lower %u KiB is not about 640", mbi->mem_lower);
    }
    /* The firmware may keep a little at the top of RAM for itself. */
    if (mbi->mem_upper + 1024 > ram_kib ||
        mbi->mem_upper + 1024 + 2048 < ram_kib) {
        guest_fail("mem_upper + 1 MiB = %u KiB, fw_cfg RAM size %u KiB",
                   mbi->mem_upper + 1024, ram_kib);
    }
    guest_printf("RAM %u MiB (fw_cfg agrees)\n", ram_kib >> 10);

    guest_printf("cmdline '%s'\n", (const char *)(uintptr_t)mbi->cmdline);

    guest_printf("%u modules\n", mbi->mods_count);
    const struct mb_module *mods =
        (const struct mb_module *)(uintptr_t)mbi->mods_addr;
    for (uint32_t i = 0; i < mbi->mods_count && i < 8; i++) {
        print_module(i, &mods[i]);
    }

    /* Sum usable RAM from the memory map; it must cover nearly all of -m */
    uint64_t usable = 0;
    uint32_t off = 0, n = 0;
    while (off + 4 <= mbi->mmap_length && n < 64) {
        const struct mb_mmap *e =
            (const struct mb_mmap *)(uintptr_t)(mbi->mmap_addr + off);
        if (e->type == 1) {
            usable += e->length;
        }
        off += e->size + 4;
        n++;
    }
    uint32_t usable_kib = (uint32_t)(usable >> 10);
    if (usable_kib > ram_kib || usable_kib < ram_kib - 2048) {
        guest_fail("memory map: %u KiB usable of %u KiB", usable_kib,
                   ram_kib);
    }
    guest_printf("memory map: %u entries, usable RAM within 2 MiB of -m\n",
                 n);
}
