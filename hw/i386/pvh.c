/*
 * PVH boot of an uncompressed ELF vmlinux (ELF64, or ELF32 as QEMU also
 * accepts): the kernel names a 32-bit entry
 * point in a Xen ELF note (XEN_ELFNOTE_PHYS32_ENTRY); it is entered in
 * flat protected mode with paging off and EBX pointing at an
 * hvm_start_info structure (Xen's arch-x86/hvm/start_info.h, version 1).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/i386/x86-boot.h"
#include <elf.h>

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC 0x336ec578
#define INITRD_MAX_SIZE (2ULL << 30)

typedef struct HvmStartInfo {
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
} QEMU_PACKED HvmStartInfo;

typedef struct HvmModlistEntry {
    uint64_t paddr;
    uint64_t size;
    uint64_t cmdline_paddr;
    uint64_t reserved;
} QEMU_PACKED HvmModlistEntry;

typedef struct HvmMemmapEntry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
    uint32_t reserved;
} QEMU_PACKED HvmMemmapEntry;

/*
 * Program headers of an ELF32 or ELF64 image (vmlinux is ELF64; QEMU also
 * takes ELF32 PVH kernels), bounds-checked and widened to Elf64_Phdr.
 * Returns a new array, NULL if the image is not a valid ELF.
 */
static Elf64_Phdr *elf_phdrs(const uint8_t *image, size_t size, unsigned *n)
{
    Elf64_Phdr *ph;

    if (size < sizeof(Elf32_Ehdr) || memcmp(image, ELFMAG, SELFMAG)) {
        return NULL;
    }
    if (image[EI_CLASS] == ELFCLASS64) {
        Elf64_Ehdr eh;
        if (size < sizeof(eh)) {
            return NULL;
        }
        memcpy(&eh, image, sizeof(eh));
        if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > size ||
            (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > size - eh.e_phoff) {
            return NULL;
        }
        ph = g_new(Elf64_Phdr, eh.e_phnum);
        memcpy(ph, image + eh.e_phoff, eh.e_phnum * sizeof(Elf64_Phdr));
        *n = eh.e_phnum;
        return ph;
    }
    if (image[EI_CLASS] == ELFCLASS32) {
        Elf32_Ehdr eh;
        memcpy(&eh, image, sizeof(eh));
        if (eh.e_phentsize != sizeof(Elf32_Phdr) || eh.e_phoff > size ||
            (uint64_t)eh.e_phnum * sizeof(Elf32_Phdr) > size - eh.e_phoff) {
            return NULL;
        }
        ph = g_new0(Elf64_Phdr, eh.e_phnum);
        for (unsigned i = 0; i < eh.e_phnum; i++) {
            Elf32_Phdr p32;
            memcpy(&p32, image + eh.e_phoff + i * sizeof(p32), sizeof(p32));
            ph[i].p_type = p32.p_type;
            ph[i].p_offset = p32.p_offset;
            ph[i].p_paddr = p32.p_paddr;
            ph[i].p_filesz = p32.p_filesz;
            ph[i].p_memsz = p32.p_memsz;
        }
        *n = eh.e_phnum;
        return ph;
    }
    return NULL;
}

/* Find the PVH entry in the notes; 0 if there is none. */
static uint64_t find_pvh_entry(const uint8_t *image, size_t size,
                               const Elf64_Phdr *ph, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t off, end;
        if (ph[i].p_type != PT_NOTE || ph[i].p_offset > size ||
            ph[i].p_filesz > size - ph[i].p_offset) {
            continue;
        }
        off = ph[i].p_offset;
        end = off + ph[i].p_filesz;
        while (off + 12 <= end) {
            uint32_t namesz, descsz, type;
            uint64_t name, desc;
            memcpy(&namesz, image + off, 4);
            memcpy(&descsz, image + off + 4, 4);
            memcpy(&type, image + off + 8, 4);
            name = off + 12;
            desc = name + QEMU_ALIGN_UP((uint64_t)namesz, 4);
            if (desc > end || descsz > end - desc) {
                break;
            }
            if (type == XEN_ELFNOTE_PHYS32_ENTRY && namesz == 4 &&
                !memcmp(image + name, "Xen", 4) && descsz >= 4) {
                uint64_t entry = 0;
                memcpy(&entry, image + desc, MIN(descsz, 8));
                return descsz == 4 ? (uint32_t)entry : entry;
            }
            off = desc + QEMU_ALIGN_UP((uint64_t)descsz, 4);
        }
    }
    return 0;
}

int x86_load_pvh(const X86BootInfo *info, const uint8_t *image, size_t size,
                 X86BootState *state, Error **errp)
{
    uint64_t ram = info->below_4g_mem_size;
    g_autofree Elf64_Phdr *ph = NULL;
    unsigned n;
    uint64_t entry, top = 0;
    HvmStartInfo si = { .magic = HVM_START_MAGIC, .version = 1 };
    uint64_t addr = X86_BOOT_PARAMS_ADDR + sizeof(si);
    g_autofree HvmMemmapEntry *mm = NULL;

    ph = elf_phdrs(image, size, &n);
    if (!ph || !(entry = find_pvh_entry(image, size, ph, n))) {
        return 0;
    }
    for (unsigned i = 0; i < n; i++) {
        if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0) {
            continue;
        }
        if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > size ||
            ph[i].p_filesz > size - ph[i].p_offset ||
            ph[i].p_paddr + ph[i].p_memsz < ph[i].p_paddr) {
            error_setg(errp, "PVH: ELF segment %u is out of the file", i);
            return -1;
        }
        if (!x86_boot_write(info->as, ph[i].p_paddr, image + ph[i].p_offset,
                            ph[i].p_filesz, ram, "kernel", errp)) {
            return -1;
        }
        if (ph[i].p_memsz > ph[i].p_filesz) {
            g_autofree uint8_t *zero = g_malloc0(ph[i].p_memsz -
                                                 ph[i].p_filesz);
            if (!x86_boot_write(info->as, ph[i].p_paddr + ph[i].p_filesz,
                                zero, ph[i].p_memsz - ph[i].p_filesz, ram,
                                "kernel bss", errp)) {
                return -1;
            }
        }
        top = MAX(top, ph[i].p_paddr + ph[i].p_memsz);
    }

    /* Memory map right after the start info. */
    mm = g_new0(HvmMemmapEntry, info->e820_entries);
    for (unsigned i = 0; i < info->e820_entries; i++) {
        mm[i].addr = info->e820[i].addr;
        mm[i].size = info->e820[i].size;
        mm[i].type = info->e820[i].type;
    }
    si.memmap_paddr = addr;
    si.memmap_entries = info->e820_entries;
    if (!x86_boot_write(info->as, addr, mm,
                        info->e820_entries * sizeof(*mm), ram, "memory map",
                        errp)) {
        return -1;
    }

    if (info->kernel_cmdline) {
        size_t len = strlen(info->kernel_cmdline) + 1;
        if (len > X86_BOOT_CMDLINE_MAX) {
            error_setg(errp, "kernel command line too long");
            return -1;
        }
        si.cmdline_paddr = X86_BOOT_CMDLINE_ADDR;
        x86_boot_write(info->as, X86_BOOT_CMDLINE_ADDR, info->kernel_cmdline,
                       len, ram, "command line", NULL);
    }
    if (info->initrd_filename) {
        g_autofree uint8_t *data = NULL;
        size_t len;
        HvmModlistEntry mod = { 0 };
        uint64_t limit = MIN(ram, 0xffffffffULL);

        data = x86_boot_read_file(info->initrd_filename, INITRD_MAX_SIZE,
                                  &len, "initrd", errp);
        if (!data) {
            return -1;
        }
        if (len > limit || QEMU_ALIGN_DOWN(limit - len, 4096) <
                               QEMU_ALIGN_UP(top, 4096)) {
            error_setg(errp, "initrd too large for guest RAM");
            return -1;
        }
        mod.paddr = QEMU_ALIGN_DOWN(limit - len, 4096);
        mod.size = len;
        if (!x86_boot_write(info->as, mod.paddr, data, len, ram, "initrd",
                            errp)) {
            return -1;
        }
        si.nr_modules = 1;
        si.modlist_paddr = X86_BOOT_INFO_ADDR;
        x86_boot_write(info->as, X86_BOOT_INFO_ADDR, &mod, sizeof(mod), ram,
                       "module list", NULL);
    }
    si.rsdp_paddr = info->acpi_rsdp_addr;
    if (!x86_boot_write(info->as, X86_BOOT_PARAMS_ADDR, &si, sizeof(si), ram,
                        "start info", errp)) {
        return -1;
    }
    x86_boot_write_gdt(info->as, false);
    x86_boot_state_prot32(state, entry);
    state->rbx = X86_BOOT_PARAMS_ADDR;
    return 1;
}
