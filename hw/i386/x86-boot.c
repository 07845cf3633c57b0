/*
 * Direct kernel boot: format detection and what every loader shares (GDT,
 * identity page tables, bounded writes into guest RAM).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/i386/x86-boot.h"

#define KERNEL_MAX_SIZE (1ULL << 30)

bool x86_boot_write(AddressSpace *as, uint64_t addr, const void *buf,
                    uint64_t len, uint64_t ram_limit, const char *what,
                    Error **errp)
{
    if (addr > ram_limit || len > ram_limit - addr) {
        error_setg(errp, "%s does not fit in guest RAM "
                   "(0x%" PRIx64 "+0x%" PRIx64 ", RAM below 4G ends at 0x%"
                   PRIx64 ")", what, addr, len, ram_limit);
        return false;
    }
    if (address_space_write_rom(as, addr, MEMTXATTRS_UNSPECIFIED, buf, len)
        != MEMTX_OK) {
        error_setg(errp, "%s: could not write to guest memory at 0x%" PRIx64,
                   what, addr);
        return false;
    }
    return true;
}

uint8_t *x86_boot_read_file(const char *path, size_t max, size_t *size,
                            const char *what, Error **errp)
{
    g_autoptr(GError) gerr = NULL;
    gchar *data;
    gsize len;
    struct stat st;

    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size > max) {
        error_setg(errp, "%s '%s' is too large", what, path);
        return NULL;
    }
    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        int err = gerr->domain == G_FILE_ERROR
                      ? (gerr->code == G_FILE_ERROR_NOENT ? ENOENT
                         : gerr->code == G_FILE_ERROR_ACCES ? EACCES
                         : gerr->code == G_FILE_ERROR_ISDIR ? EISDIR
                                                            : EIO)
                      : EIO;
        error_setg(errp, "could not open %s '%s': %s", what, path,
                   strerror(err));
        return NULL;
    }
    if (len > max) {
        g_free(data);
        error_setg(errp, "%s '%s' is too large", what, path);
        return NULL;
    }
    *size = len;
    return (uint8_t *)data;
}

void x86_boot_write_gdt(AddressSpace *as, bool code64)
{
    /* null, null, code (0x10), data (0x18): flat 4 GiB segments. */
    uint64_t gdt[] = {
        0, 0, code64 ? 0x00af9b000000ffffULL : 0x00cf9b000000ffffULL,
        0x00cf93000000ffffULL,
    };
    address_space_write_rom(as, X86_BOOT_GDT_ADDR, MEMTXATTRS_UNSPECIFIED,
                            gdt, sizeof(gdt));
}

/* PML4 -> PDPT -> 4 page directories of 2 MiB pages: 0..4 GiB identity. */
void x86_boot_write_identity_tables(AddressSpace *as)
{
    uint64_t pml4 = X86_BOOT_PML4_ADDR, pdpt = pml4 + 0x1000;
    uint64_t pd = pdpt + 0x1000;
    uint64_t e;

    e = pdpt | 0x3;                                 /* present, writable */
    address_space_write_rom(as, pml4, MEMTXATTRS_UNSPECIFIED, &e, 8);
    for (int i = 0; i < 4; i++) {
        e = (pd + i * 0x1000) | 0x3;
        address_space_write_rom(as, pdpt + i * 8, MEMTXATTRS_UNSPECIFIED,
                                &e, 8);
    }
    for (uint64_t i = 0; i < 4 * 512; i++) {
        e = (i << 21) | 0x83;                       /* + page size */
        address_space_write_rom(as, pd + i * 8, MEMTXATTRS_UNSPECIFIED, &e,
                                8);
    }
}

void x86_boot_state_prot32(X86BootState *s, uint64_t entry)
{
    memset(s, 0, sizeof(*s));
    s->mode = X86_BOOT_PROT32;
    s->rip = entry;
    s->cr0 = 0x11;                                  /* PE | ET */
    s->gdt_base = X86_BOOT_GDT_ADDR;
    s->gdt_limit = 4 * 8 - 1;
}

void x86_boot_state_long64(X86BootState *s, uint64_t entry)
{
    memset(s, 0, sizeof(*s));
    s->mode = X86_BOOT_LONG64;
    s->rip = entry;
    s->cr0 = 0x80000011;                            /* PG | PE | ET */
    s->cr3 = X86_BOOT_PML4_ADDR;
    s->cr4 = 0x20;                                  /* PAE */
    s->efer = 0x500;                                /* LME | LMA */
    s->gdt_base = X86_BOOT_GDT_ADDR;
    s->gdt_limit = 4 * 8 - 1;
}

bool x86_load_kernel(const X86BootInfo *info, X86BootState *state,
                     Error **errp)
{
    g_autofree uint8_t *image = NULL;
    size_t size;
    int ret;

    image = x86_boot_read_file(info->kernel_filename, KERNEL_MAX_SIZE, &size,
                               "kernel file", errp);
    if (!image) {
        return false;
    }
    /* A bzImage carries "HdrS"; anything else may be multiboot or PVH. */
    ret = x86_load_bzimage(info, image, size, state, errp);
    if (ret == 0) {
        ret = x86_load_multiboot(info, image, size, state, errp);
    }
    if (ret == 0) {
        ret = x86_load_pvh(info, image, size, state, errp);
    }
    if (ret == 0) {
        if (size >= 4 && !memcmp(image, "\x7f" "ELF", 4)) {
            error_setg(errp, "Error loading uncompressed kernel without PVH "
                       "ELF Note");
        } else {
            error_setg(errp, "linux kernel too old to load a ram disk");
        }
        return false;
    }
    return ret > 0;
}
