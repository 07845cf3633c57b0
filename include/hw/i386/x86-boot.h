/*
 * Direct kernel boot for x86 machines: -kernel/-initrd/-append without
 * firmware.  A loader copies the images into guest memory (through the
 * memory API) and describes the CPU state the kernel expects in an
 * X86BootState; the machine applies that state to the boot CPU after
 * every reset (images are copied again too, since the guest may have
 * overwritten them).
 *
 * Supported: Linux bzImage (64-bit boot protocol entry, identity page
 * tables built here), ELF vmlinux with a PVH entry note, Multiboot v1
 * (ELF or a.out-kludge) with modules.
 */
#ifndef HW_I386_X86_BOOT_H
#define HW_I386_X86_BOOT_H

#include "qemu/osdep.h"
#include "exec/memory.h"

typedef enum X86BootMode {
    X86_BOOT_FIRMWARE,      /* architectural reset: run the BIOS */
    X86_BOOT_PROT32,        /* flat 32-bit protected mode, paging off */
    X86_BOOT_LONG64,        /* 64-bit mode, identity-mapped page tables */
} X86BootMode;

/* Fixed guest-physical layout used by the loaders (all below 1 MiB). */
#define X86_BOOT_GDT_ADDR 0x1000        /* 4 descriptors */
#define X86_BOOT_PML4_ADDR 0x9000       /* PML4, PDPT, 4 PDs: 0x9000-0xefff */
#define X86_BOOT_PARAMS_ADDR 0x7000     /* Linux zero page / PVH start info */
#define X86_BOOT_CMDLINE_ADDR 0x20000
#define X86_BOOT_CMDLINE_MAX 0x10000
#define X86_BOOT_INFO_ADDR 0x30000      /* multiboot info, module list */
#define X86_BOOT_CS 0x10
#define X86_BOOT_DS 0x18

typedef struct X86BootState {
    X86BootMode mode;
    uint64_t rip;
    uint64_t rsp;
    uint64_t rax;
    uint64_t rbx;
    uint64_t rsi;
    uint64_t cr0;
    uint64_t cr3;
    uint64_t cr4;
    uint64_t efer;
    uint64_t gdt_base;
    uint16_t gdt_limit;
} X86BootState;

/* One range of the guest's memory map, as e820 describes it. */
#define E820_RAM 1
#define E820_RESERVED 2
#define E820_ACPI 3
#define E820_NVS 4
typedef struct E820Entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} QEMU_PACKED E820Entry;

typedef struct X86BootInfo {
    AddressSpace *as;               /* guest memory */
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    const E820Entry *e820;          /* the machine's map */
    unsigned e820_entries;
    uint64_t acpi_rsdp_addr;        /* 0 if none */
    const char *kernel_filename;
    const char *initrd_filename;    /* multiboot: "mod1 args,mod2" */
    const char *kernel_cmdline;
} X86BootInfo;

/*
 * Load the kernel named in info, picking the format from its contents.
 * On success fills *state; on failure sets errp with QEMU's message
 * (e.g. "could not open kernel file 'x': No such file or directory").
 */
bool x86_load_kernel(const X86BootInfo *info, X86BootState *state,
                     Error **errp);

/* Per format; each returns 0 if the image is not of its format, 1 on
 * success, -1 on error (errp set). */
int x86_load_multiboot(const X86BootInfo *info, const uint8_t *image,
                       size_t size, X86BootState *state, Error **errp);
int x86_load_pvh(const X86BootInfo *info, const uint8_t *image, size_t size,
                 X86BootState *state, Error **errp);
int x86_load_bzimage(const X86BootInfo *info, const uint8_t *image,
                     size_t size, X86BootState *state, Error **errp);

/* Shared helpers for the loaders. */
void x86_boot_write_gdt(AddressSpace *as, bool code64);
void x86_boot_write_identity_tables(AddressSpace *as);
void x86_boot_state_prot32(X86BootState *s, uint64_t entry);
void x86_boot_state_long64(X86BootState *s, uint64_t entry);
bool x86_boot_write(AddressSpace *as, uint64_t addr, const void *buf,
                    uint64_t len, uint64_t ram_limit, const char *what,
                    Error **errp);
/* Read a whole file (bounded to max bytes); QEMU-style error. */
uint8_t *x86_boot_read_file(const char *path, size_t max, size_t *size,
                            const char *what, Error **errp);

#endif
