/*
 * Linux bzImage loader (Documentation/arch/x86/boot.rst).  The protected-
 * mode kernel goes to 1 MiB; the zero page (boot_params) carries the setup
 * header, e820 map, command line and initrd location.  Kernels that
 * support it (XLF_KERNEL_64) are entered at their 64-bit entry with
 * identity-mapped page tables built here -- no real-mode setup code and
 * no firmware run, which is the fast path.  Older kernels get the 32-bit
 * entry.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/i386/x86-boot.h"

#define HDRS_MAGIC 0x53726448           /* "HdrS" */
#define KERNEL_LOAD_ADDR 0x100000
#define INITRD_MAX_SIZE (2ULL << 30)

/* Offsets in boot_params (the zero page). */
#define BP_ACPI_RSDP 0x070
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE 0x0c4
#define BP_EXT_CMD_LINE_PTR 0x0c8
#define BP_E820_ENTRIES 0x1e8
#define BP_SETUP_SECTS 0x1f1
#define BP_VID_MODE 0x1fa
#define BP_JUMP 0x200
#define BP_HEADER 0x202
#define BP_VERSION 0x206
#define BP_TYPE_OF_LOADER 0x210
#define BP_LOADFLAGS 0x211
#define BP_CODE32_START 0x214
#define BP_RAMDISK_IMAGE 0x218
#define BP_RAMDISK_SIZE 0x21c
#define BP_HEAP_END_PTR 0x224
#define BP_CMD_LINE_PTR 0x228
#define BP_INITRD_ADDR_MAX 0x22c
#define BP_XLOADFLAGS 0x236
#define BP_CMDLINE_SIZE 0x238
#define BP_INIT_SIZE 0x260
#define BP_E820_TABLE 0x2d0
#define BP_E820_MAX 128

#define LOADFLAG_LOADED_HIGH 0x01
#define LOADFLAG_CAN_USE_HEAP 0x80
#define XLF_KERNEL_64 0x01

static uint16_t get16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

int x86_load_bzimage(const X86BootInfo *info, const uint8_t *image,
                     size_t size, X86BootState *state, Error **errp)
{
    uint64_t ram = info->below_4g_mem_size;
    uint8_t bp[4096] = { 0 };
    uint16_t version;
    unsigned setup_sects, hdr_end;
    uint64_t setup_size, kernel_size, init_size, initrd_max;
    uint32_t cmdline_size;
    const char *cmdline = info->kernel_cmdline ? info->kernel_cmdline : "";
    unsigned nr_e820;

    if (size < 0x300 || get32(image + BP_HEADER) != HDRS_MAGIC) {
        return 0;
    }
    version = get16(image + BP_VERSION);
    if (version < 0x203) {
        error_setg(errp, "linux kernel too old to load a ram disk");
        return -1;
    }
    if (!(image[BP_LOADFLAGS] & LOADFLAG_LOADED_HIGH)) {
        error_setg(errp, "linux kernel is a zImage: only bzImage is "
                   "supported");
        return -1;
    }
    setup_sects = image[BP_SETUP_SECTS] ? image[BP_SETUP_SECTS] : 4;
    setup_size = (setup_sects + 1) * 512ULL;
    if (setup_size >= size) {
        error_setg(errp, "linux kernel: setup size exceeds the file");
        return -1;
    }
    kernel_size = size - setup_size;
    init_size = version >= 0x20a ? get32(image + BP_INIT_SIZE) : 0;
    if (KERNEL_LOAD_ADDR + MAX(kernel_size, init_size) > ram) {
        error_setg(errp, "linux kernel needs %" PRIu64 " MiB of RAM below "
                   "4 GiB, the machine has %" PRIu64 " MiB",
                   (KERNEL_LOAD_ADDR + MAX(kernel_size, init_size)) >> 20,
                   ram >> 20);
        return -1;
    }

    /* The setup header as the image has it; the rest of the page zero. */
    hdr_end = BP_JUMP + 2 + image[BP_JUMP + 1];
    hdr_end = MIN(hdr_end, sizeof(bp));
    memcpy(bp + BP_SETUP_SECTS, image + BP_SETUP_SECTS,
           hdr_end - BP_SETUP_SECTS);
    bp[BP_TYPE_OF_LOADER] = 0xff;                   /* "undefined" loader */
    bp[BP_LOADFLAGS] |= LOADFLAG_CAN_USE_HEAP;
    put16(bp + BP_HEAP_END_PTR, 0xfe00);
    put16(bp + BP_VID_MODE, 0xffff);                /* normal text mode */
    put32(bp + BP_CODE32_START, KERNEL_LOAD_ADDR);

    /* Command line. */
    cmdline_size = version >= 0x206 ? get32(image + BP_CMDLINE_SIZE) : 255;
    if (strlen(cmdline) > cmdline_size ||
        strlen(cmdline) >= X86_BOOT_CMDLINE_MAX) {
        error_setg(errp, "kernel command line too long (%zu bytes, the "
                   "kernel takes %u)", strlen(cmdline), cmdline_size);
        return -1;
    }
    if (!x86_boot_write(info->as, X86_BOOT_CMDLINE_ADDR, cmdline,
                        strlen(cmdline) + 1, ram, "command line", errp)) {
        return -1;
    }
    put32(bp + BP_CMD_LINE_PTR, X86_BOOT_CMDLINE_ADDR);

    /* Initrd: as high as the kernel allows, page aligned. */
    if (info->initrd_filename) {
        g_autofree uint8_t *data = NULL;
        size_t len;
        uint64_t addr;

        initrd_max = get32(image + BP_INITRD_ADDR_MAX);
        initrd_max = MIN(initrd_max ? initrd_max : 0x37ffffff, ram - 1);
        data = x86_boot_read_file(info->initrd_filename, INITRD_MAX_SIZE,
                                  &len, "initrd", errp);
        if (!data) {
            return -1;
        }
        if (len > initrd_max + 1 ||
            QEMU_ALIGN_DOWN(initrd_max + 1 - len, 4096) <
                KERNEL_LOAD_ADDR + MAX(kernel_size, init_size)) {
            error_setg(errp, "initrd is too large (%zu bytes, at most %"
                       PRIu64 " fit)", len,
                       initrd_max + 1 - KERNEL_LOAD_ADDR -
                           MAX(kernel_size, init_size));
            return -1;
        }
        addr = QEMU_ALIGN_DOWN(initrd_max + 1 - len, 4096);
        if (!x86_boot_write(info->as, addr, data, len, ram, "initrd",
                            errp)) {
            return -1;
        }
        put32(bp + BP_RAMDISK_IMAGE, addr);
        put32(bp + BP_RAMDISK_SIZE, len);
    }

    /* Memory map and ACPI. */
    nr_e820 = MIN(info->e820_entries, BP_E820_MAX);
    bp[BP_E820_ENTRIES] = nr_e820;
    memcpy(bp + BP_E820_TABLE, info->e820, nr_e820 * sizeof(E820Entry));
    if (version >= 0x20e && info->acpi_rsdp_addr) {
        uint64_t rsdp = info->acpi_rsdp_addr;
        memcpy(bp + BP_ACPI_RSDP, &rsdp, 8);
    }

    if (!x86_boot_write(info->as, KERNEL_LOAD_ADDR, image + setup_size,
                        kernel_size, ram, "linux kernel", errp) ||
        !x86_boot_write(info->as, X86_BOOT_PARAMS_ADDR, bp, sizeof(bp), ram,
                        "boot parameters", errp)) {
        return -1;
    }

    if (version >= 0x20c && (get16(image + BP_XLOADFLAGS) & XLF_KERNEL_64)) {
        x86_boot_write_gdt(info->as, true);
        x86_boot_write_identity_tables(info->as);
        x86_boot_state_long64(state, KERNEL_LOAD_ADDR + 0x200);
    } else {
        x86_boot_write_gdt(info->as, false);
        x86_boot_state_prot32(state, KERNEL_LOAD_ADDR);
    }
    state->rsi = X86_BOOT_PARAMS_ADDR;
    return 1;
}
