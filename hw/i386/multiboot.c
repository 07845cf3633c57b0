/*
 * Multiboot v1 loader (GNU Multiboot Specification 0.6.96): ELF32 kernels
 * or any image whose header sets the address fields (flag bit 16), with
 * modules from -initrd "file args,file2" (",," is a literal comma).
 * Behaviour users see follows QEMU's: the kernel command line is
 * "KERNEL_PATH APPEND", modules are page aligned after the kernel, the
 * boot loader name is "qemu".
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/i386/x86-boot.h"
#include <elf.h>

#define MB_MAGIC 0x1BADB002
#define MB_BOOTLOADER_MAGIC 0x2BADB002
#define MB_SEARCH 8192
#define MB_FLAG_AOUT_KLUDGE (1u << 16)
#define MB_MODULE_MAX_SIZE (1ULL << 30)

/* multiboot_info flags */
#define MBI_MEMORY (1u << 0)
#define MBI_BOOT_DEVICE (1u << 1)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODS (1u << 3)
#define MBI_MEM_MAP (1u << 6)
#define MBI_BOOT_LOADER_NAME (1u << 9)

typedef struct MultibootInfo {
    uint32_t flags;
    uint32_t mem_lower;
    uint32_t mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;
    uint32_t mmap_addr;
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
    uint32_t apm_table;
    uint32_t vbe[6];
} QEMU_PACKED MultibootInfo;

typedef struct MultibootModule {
    uint32_t mod_start;
    uint32_t mod_end;
    uint32_t string;
    uint32_t reserved;
} QEMU_PACKED MultibootModule;

typedef struct MultibootMmap {
    uint32_t size;
    uint64_t addr;
    uint64_t len;
    uint32_t type;
} QEMU_PACKED MultibootMmap;

/* Strings and tables go after the info struct, in one bounded area. */
#define MB_AREA_SIZE 0x10000

typedef struct MbArea {
    uint8_t buf[MB_AREA_SIZE];
    uint32_t used;
} MbArea;

static uint32_t area_add(MbArea *a, const void *data, size_t len,
                         Error **errp)
{
    uint32_t off = a->used;

    if (len > sizeof(a->buf) - a->used) {
        error_setg(errp, "multiboot: command lines and module list too "
                   "long");
        return 0;
    }
    memcpy(a->buf + off, data, len);
    a->used += QEMU_ALIGN_UP(len, 8);
    return X86_BOOT_INFO_ADDR + off;
}

/* Split "a b,c,,d" into {"a b", "c,d"}. */
static GPtrArray *split_modules(const char *s)
{
    GPtrArray *mods = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new("");

    for (; *s; s++) {
        if (*s == ',' && s[1] == ',') {
            g_string_append_c(cur, ',');
            s++;
        } else if (*s == ',') {
            g_ptr_array_add(mods, g_string_free(cur, FALSE));
            cur = g_string_new("");
        } else {
            g_string_append_c(cur, *s);
        }
    }
    g_ptr_array_add(mods, g_string_free(cur, FALSE));
    return mods;
}

/* Load ELF32 PT_LOAD segments; returns the highest address used. */
static bool load_elf32(const X86BootInfo *info, const uint8_t *image,
                       size_t size, uint64_t ram, uint32_t *entry,
                       uint64_t *top, Error **errp)
{
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)image;

    if (size < sizeof(*eh) || eh->e_phentsize != sizeof(Elf32_Phdr) ||
        eh->e_phoff > size ||
        (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > size - eh->e_phoff) {
        error_setg(errp, "multiboot: invalid ELF header");
        return false;
    }
    *top = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        Elf32_Phdr ph;
        memcpy(&ph, image + eh->e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) {
            continue;
        }
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > size ||
            ph.p_filesz > size - ph.p_offset) {
            error_setg(errp, "multiboot: ELF segment %u is out of the file",
                       i);
            return false;
        }
        if (!x86_boot_write(info->as, ph.p_paddr, image + ph.p_offset,
                            ph.p_filesz, ram, "multiboot kernel", errp)) {
            return false;
        }
        if (ph.p_memsz > ph.p_filesz) {
            g_autofree uint8_t *zero = g_malloc0(ph.p_memsz - ph.p_filesz);
            if (!x86_boot_write(info->as, (uint64_t)ph.p_paddr + ph.p_filesz,
                                zero, ph.p_memsz - ph.p_filesz, ram,
                                "multiboot kernel bss", errp)) {
                return false;
            }
        }
        *top = MAX(*top, (uint64_t)ph.p_paddr + ph.p_memsz);
    }
    *entry = eh->e_entry;
    return true;
}

int x86_load_multiboot(const X86BootInfo *info, const uint8_t *image,
                       size_t size, X86BootState *state, Error **errp)
{
    uint64_t ram = info->below_4g_mem_size;
    uint32_t hdr[8] = { 0 }, flags, entry;
    size_t hoff;
    uint64_t top, mod_addr;
    g_autofree MbArea *area = g_new0(MbArea, 1);
    MultibootInfo mbi = { 0 };
    g_autofree char *cmdline = NULL;
    g_autoptr(GPtrArray) mods = NULL;
    MultibootModule *modlist = NULL;
    unsigned nmods = 0;

    for (hoff = 0; hoff + 12 <= MIN(size, MB_SEARCH); hoff += 4) {
        memcpy(hdr, image + hoff, 12);
        if (hdr[0] == MB_MAGIC && hdr[0] + hdr[1] + hdr[2] == 0) {
            break;
        }
    }
    if (hoff + 12 > MIN(size, MB_SEARCH)) {
        return 0;
    }
    flags = hdr[1];

    if (flags & MB_FLAG_AOUT_KLUDGE) {
        uint32_t header_addr, load_addr, load_end, bss_end;
        uint64_t file_off, load_size;

        if (hoff + 32 > size) {
            error_setg(errp, "multiboot: header is truncated");
            return -1;
        }
        memcpy(hdr, image + hoff, 32);
        header_addr = hdr[3];
        load_addr = hdr[4];
        load_end = hdr[5];
        bss_end = hdr[6];
        entry = hdr[7];
        if (header_addr < load_addr || header_addr - load_addr > hoff) {
            error_setg(errp, "multiboot: invalid load address");
            return -1;
        }
        file_off = hoff - (header_addr - load_addr);
        load_size = load_end ? (uint64_t)load_end - load_addr
                             : size - file_off;
        if (load_end && load_end < load_addr) {
            error_setg(errp, "multiboot: invalid load end address");
            return -1;
        }
        if (load_size > size - file_off) {
            load_size = size - file_off;
        }
        if (!x86_boot_write(info->as, load_addr, image + file_off, load_size,
                            ram, "multiboot kernel", errp)) {
            return -1;
        }
        top = (uint64_t)load_addr + load_size;
        if (bss_end > top) {
            g_autofree uint8_t *zero = g_malloc0(bss_end - top);
            if (!x86_boot_write(info->as, top, zero, bss_end - top, ram,
                                "multiboot kernel bss", errp)) {
                return -1;
            }
            top = bss_end;
        }
    } else {
        const Elf32_Ehdr *eh = (const Elf32_Ehdr *)image;
        if (size < sizeof(Elf64_Ehdr) || memcmp(image, ELFMAG, SELFMAG)) {
            error_setg(errp, "multiboot: kernel is neither ELF nor has the "
                       "address fields set");
            return -1;
        }
        if (eh->e_ident[EI_CLASS] == ELFCLASS64) {
            error_setg(errp, "Cannot load x86-64 image, give a 32bit one.");
            return -1;
        }
        if (eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_machine != EM_386) {
            error_setg(errp, "multiboot: not an i386 ELF image");
            return -1;
        }
        if (!load_elf32(info, image, size, ram, &entry, &top, errp)) {
            return -1;
        }
    }

    /* Command line, boot loader name. */
    cmdline = g_strdup_printf("%s%s%s", info->kernel_filename,
                              info->kernel_cmdline && *info->kernel_cmdline
                                  ? " " : "",
                              info->kernel_cmdline ? info->kernel_cmdline
                                                   : "");
    area->used = sizeof(MultibootInfo);
    mbi.cmdline = area_add(area, cmdline, strlen(cmdline) + 1, errp);
    mbi.boot_loader_name = area_add(area, "qemu", 5, errp);
    if (!mbi.cmdline || !mbi.boot_loader_name) {
        return -1;
    }

    /* Modules, page aligned after the kernel. */
    mod_addr = QEMU_ALIGN_UP(top, 4096);
    if (info->initrd_filename && *info->initrd_filename) {
        mods = split_modules(info->initrd_filename);
        nmods = mods->len;
        modlist = g_new0(MultibootModule, nmods);
        for (unsigned i = 0; i < nmods; i++) {
            const char *spec = g_ptr_array_index(mods, i);
            g_autofree char *path = g_strndup(spec, strcspn(spec, " "));
            g_autofree uint8_t *data = NULL;
            size_t len;

            data = x86_boot_read_file(path, MB_MODULE_MAX_SIZE, &len,
                                      "multiboot module", errp);
            if (!data ||
                !x86_boot_write(info->as, mod_addr, data, len, ram,
                                "multiboot module", errp)) {
                g_free(modlist);
                return -1;
            }
            modlist[i].mod_start = mod_addr;
            modlist[i].mod_end = mod_addr + len;
            modlist[i].string = area_add(area, spec, strlen(spec) + 1, errp);
            if (!modlist[i].string) {
                g_free(modlist);
                return -1;
            }
            mod_addr = QEMU_ALIGN_UP(mod_addr + len, 4096);
        }
        mbi.mods_count = nmods;
        mbi.mods_addr = area_add(area, modlist, nmods * sizeof(*modlist),
                                 errp);
        g_free(modlist);
        if (!mbi.mods_addr) {
            return -1;
        }
    }

    /* Memory map from the machine's e820. */
    {
        g_autofree MultibootMmap *mm = g_new0(MultibootMmap,
                                              info->e820_entries + 1);
        for (unsigned i = 0; i < info->e820_entries; i++) {
            mm[i].size = sizeof(MultibootMmap) - 4;
            mm[i].addr = info->e820[i].addr;
            mm[i].len = info->e820[i].size;
            mm[i].type = info->e820[i].type;
        }
        mbi.mmap_length = info->e820_entries * sizeof(MultibootMmap);
        mbi.mmap_addr = area_add(area, mm, mbi.mmap_length ? mbi.mmap_length
                                                            : 1, errp);
        if (!mbi.mmap_addr) {
            return -1;
        }
    }

    mbi.flags = MBI_MEMORY | MBI_BOOT_DEVICE | MBI_CMDLINE | MBI_MEM_MAP |
                MBI_BOOT_LOADER_NAME | (nmods ? MBI_MODS : 0);
    mbi.mem_lower = 640;
    mbi.mem_upper = (MIN(ram, 0xffffffffULL) - 0x100000) / 1024;
    mbi.boot_device = 0x8000ffff;
    memcpy(area->buf, &mbi, sizeof(mbi));
    if (!x86_boot_write(info->as, X86_BOOT_INFO_ADDR, area->buf, area->used,
                        ram, "multiboot info", errp)) {
        return -1;
    }

    x86_boot_write_gdt(info->as, false);
    x86_boot_state_prot32(state, entry);
    state->rax = MB_BOOTLOADER_MAGIC;
    state->rbx = X86_BOOT_INFO_ADDR;
    return 1;
}
