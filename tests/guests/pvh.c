/*
 * pvh: booted through the PVH ELF note instead of multiboot.  Checks the
 * hvm_start_info the loader hands over in EBX (magic, version, command
 * line, the -initrd module, the memory map) against -m and fw_cfg.
 * The harness runs it with -m 96 -append "pvh=yes" -initrd mod1.
 */
#include "lib/guest.h"

struct hvm_start_info {
    uint32_t magic;
    uint32_t version;
    uint32_t flags;
    uint32_t nr_modules;
    uint64_t modlist_paddr;
    uint64_t cmdline_paddr;
    uint64_t rsdp_paddr;
    uint64_t memmap_paddr;
    uint32_t memmap_entries;
    uint32_t reserved;
} __attribute__((packed));

struct hvm_modlist_entry {
    uint64_t paddr, size, cmdline_paddr, reserved;
} __attribute__((packed));

struct hvm_memmap_entry {
    uint64_t addr, size;
    uint32_t type, reserved;
} __attribute__((packed));

#define HVM_START_MAGIC 0x336ec578

void guest_main(uint32_t eax, uint32_t ebx);

void guest_main(uint32_t eax, uint32_t ebx)
{
    const struct hvm_start_info *si = (const void *)(uintptr_t)ebx;
    const struct hvm_memmap_entry *mm;
    uint64_t ram_top = 0;

    if (si->magic != HVM_START_MAGIC) {
        guest_fail("bad start info magic 0x%x at 0x%x", si->magic, ebx);
    }
    guest_printf("PVH start info version %u\n", si->version);
    if (si->cmdline_paddr && si->cmdline_paddr < 0x100000000ull) {
        guest_printf("cmdline '%s'\n",
                     (const char *)(uintptr_t)si->cmdline_paddr);
    } else {
        guest_fail("no command line");
    }
    guest_printf("%u module(s)\n", si->nr_modules);
    if (si->nr_modules >= 1) {
        const struct hvm_modlist_entry *m =
            (const void *)(uintptr_t)si->modlist_paddr;
        const char *data = (const char *)(uintptr_t)m->paddr;
        char line[64];
        unsigned n = 0;

        if (m->size == 0 || m->size > 4096) {
            guest_fail("module 0: bad size %u", (unsigned)m->size);
        }
        while (n < m->size && n < sizeof(line) - 1 && data[n] != '\n') {
            line[n] = data[n];
            n++;
        }
        line[n] = 0;
        guest_printf("module 0: %u bytes: %s\n", (unsigned)m->size, line);
    }
    mm = (const void *)(uintptr_t)si->memmap_paddr;
    if (si->memmap_entries == 0 || si->memmap_entries > 128) {
        guest_fail("bad memory map (%u entries)", si->memmap_entries);
    }
    for (unsigned i = 0; i < si->memmap_entries; i++) {
        if (mm[i].type == 1 && mm[i].addr + mm[i].size > ram_top) {
            ram_top = mm[i].addr + mm[i].size;
        }
    }
    /* Usable RAM ends within 2 MiB below -m (firmware may keep some). */
    if (ram_top > 96ull << 20 || ram_top < 94ull << 20) {
        guest_fail("memory map ends at 0x%x, want about 96 MiB",
                   (unsigned)ram_top);
    }
    guest_printf("memory map: %u entries, RAM up to about 96 MiB\n",
                 si->memmap_entries);
}
