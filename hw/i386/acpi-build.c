/*
 * ACPI tables for a directly booted pc machine (ACPI 6.x spec chapter 5):
 * RSDP, RSDT/XSDT, FADT (revision 3) with its FACS, MADT and a DSDT.
 * They live in the e820-reserved area at 0xf0000 of guest RAM; Linux finds
 * the RSDP there by scanning, or through boot_params.acpi_rsdp_addr.
 * With firmware (SeaBIOS) the firmware's own tables are used instead.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/i386/pc.h"
#include "hw/acpi/acpi-pm.h"
#include "hw/acpi/aml-build.h"
#include "hw/pci/pci.h"
#include "hw/pci-host/i440fx.h"
#include "hw/southbridge/piix.h"
#include "hw/isa/isa.h"
#include "hw/core/cpu.h"
#include "target/i386/cpu.h"
#include "sysemu/sysemu.h"

#define ACPI_TABLES_BASE 0xf0000
#define ACPI_TABLES_SIZE 0x10000
#define APIC_DEFAULT_ADDRESS 0xfee00000
#define IOAPIC_DEFAULT_ADDRESS 0xfec00000

static uint64_t rsdp_addr;

uint64_t pc_acpi_rsdp_addr(void)
{
    return rsdp_addr;
}

/* Tables are assembled in one buffer that maps 1:1 onto guest memory. */
typedef struct AcpiBuf {
    uint8_t data[ACPI_TABLES_SIZE];
    uint32_t used;
} AcpiBuf;

static uint32_t acpi_alloc(AcpiBuf *b, uint32_t len, uint32_t align)
{
    uint32_t off = QEMU_ALIGN_UP(b->used, align);

    assert(off + len <= sizeof(b->data));
    b->used = off + len;
    return off;
}

static uint64_t acpi_addr(uint32_t off)
{
    return ACPI_TABLES_BASE + off;
}

static void put8(AcpiBuf *b, uint32_t off, uint8_t v)
{
    b->data[off] = v;
}

static void put16(AcpiBuf *b, uint32_t off, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    memcpy(b->data + off, &v, 2);
}

static void put32(AcpiBuf *b, uint32_t off, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(b->data + off, &v, 4);
}

static void put64(AcpiBuf *b, uint32_t off, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    memcpy(b->data + off, &v, 8);
}

static uint8_t checksum(const uint8_t *p, uint32_t len)
{
    uint8_t sum = 0;

    while (len--) {
        sum += *p++;
    }
    return -sum;
}

/* Standard 36-byte header; the checksum is filled in by table_end. */
static uint32_t table_begin(AcpiBuf *b, const char *sig, uint32_t len,
                            uint8_t rev)
{
    uint32_t off = acpi_alloc(b, len, 16);

    memcpy(b->data + off, sig, 4);
    put32(b, off + 4, len);
    put8(b, off + 8, rev);
    memcpy(b->data + off + 10, "BOCHS ", 6);
    memcpy(b->data + off + 16, "BXPC    ", 8);
    put32(b, off + 24, 1);
    memcpy(b->data + off + 28, "BXPC", 4);
    put32(b, off + 32, 1);
    return off;
}

static void table_end(AcpiBuf *b, uint32_t off)
{
    uint32_t len;

    memcpy(&len, b->data + off + 4, 4);
    len = GUINT32_FROM_LE(len);
    b->data[off + 9] = 0;
    b->data[off + 9] = checksum(b->data + off, len);
}

/* Generic Address Structure in system I/O space. */
static void put_gas_io(AcpiBuf *b, uint32_t off, uint16_t port,
                       uint8_t bytes, uint8_t access_size)
{
    put8(b, off, 1);                    /* system I/O */
    put8(b, off + 1, bytes * 8);
    put8(b, off + 2, 0);
    put8(b, off + 3, access_size);
    put64(b, off + 4, port);
}

/*
 * \_SB.PCI0, the i440FX root bridge.  _CRS: bus 0-0xff, the config ports,
 * all I/O except them, the VGA window and the 32/64-bit PCI holes (the
 * 32-bit one stops at the IOAPIC, as in QEMU).
 *
 * _PRT uses the GSI form (Source 0, Source Index = GSI): PIIX3 drives
 * PIRQ n to IOAPIC input 16 + n as well as to its ISA IRQ, and slot S
 * pin P is PIRQ (S + P - 1) & 3.  ACPI 6.4 section 6.2.13 says such
 * interrupts are level-triggered, active-low and shareable, and Linux
 * programs the IOAPIC pins that way; the device models signal "asserted"
 * as level 1 and the IOAPIC (ours, QEMU's and KVM's) does not invert
 * inputs for polarity, so no MADT override is needed for GSIs 16-19
 * (overrides only remap ISA IRQs 0-15).
 */
static Aml *build_pci0(uint64_t below_4g, I440FXState *host)
{
    Aml *dev = aml_device("PCI0");
    Aml *crs = aml_resource_template();
    Aml *prt = aml_package(PCI_SLOT_MAX * PCI_NUM_PINS);
    uint64_t hole64_start, hole64_size;
    uint32_t hole_end = IOAPIC_DEFAULT_ADDRESS - 1;

    aml_append(dev, aml_name_decl("_HID", aml_eisaid("PNP0A03")));
    aml_append(dev, aml_name_decl("_ADR", aml_int(0)));
    aml_append(dev, aml_name_decl("_UID", aml_int(0)));

    aml_append(crs, aml_word_bus_number(0, 0, 0xff, 0, 0x100));
    aml_append(crs, aml_io(AML_DECODE16, 0xcf8, 0xcf8, 1, 8));
    aml_append(crs, aml_word_io(AML_ENTIRE_RANGE, 0, 0, 0xcf7, 0, 0xcf8));
    aml_append(crs, aml_word_io(AML_ENTIRE_RANGE, 0, 0xd00, 0xffff, 0,
                                0xf300));
    aml_append(crs, aml_dword_memory(AML_CACHEABLE, AML_READ_WRITE, 0,
                                     0xa0000, 0xbffff, 0, 0x20000));
    if (below_4g < hole_end) {
        aml_append(crs, aml_dword_memory(AML_NON_CACHEABLE, AML_READ_WRITE,
                                         0, below_4g, hole_end, 0,
                                         hole_end - below_4g + 1));
    }
    i440fx_pci_hole64(host, &hole64_start, &hole64_size);
    if (hole64_size) {
        aml_append(crs, aml_qword_memory(AML_CACHEABLE, AML_READ_WRITE, 0,
                                         hole64_start,
                                         hole64_start + hole64_size - 1, 0,
                                         hole64_size));
    }
    aml_append(dev, aml_name_decl("_CRS", crs));

    for (int slot = 0; slot < PCI_SLOT_MAX; slot++) {
        for (int pin = 0; pin < PCI_NUM_PINS; pin++) {
            Aml *e = aml_package(4);
            int pirq = (slot + pin - 1) & 3;

            aml_append(e, aml_int(((uint64_t)slot << 16) | 0xffff));
            aml_append(e, aml_int(pin));
            aml_append(e, aml_int(0));
            aml_append(e, aml_int(PIIX_PIRQ_GSI_BASE + pirq));
            aml_append(prt, e);
        }
    }
    aml_append(dev, aml_name_decl("_PRT", prt));
    return dev;
}

/* The DSDT body: \_S5 for soft-off, and \_SB.PCI0 when there is one. */
GByteArray *pc_acpi_build_dsdt_aml(uint64_t below_4g)
{
    Aml *root = aml_new();
    Aml *s5 = aml_package(2);
    Object *host = object_resolve_path_type("", TYPE_I440FX_PCI_HOST_BRIDGE,
                                            NULL);
    GByteArray *out;

    aml_append(s5, aml_int(ACPI_S5_SLP_TYP));
    aml_append(s5, aml_int(0));
    aml_append(root, aml_name_decl("\\_S5", s5));
    if (host) {
        Aml *sb = aml_scope("\\_SB");

        aml_append(sb, build_pci0(below_4g, I440FX_PCI_HOST_BRIDGE(host)));
        aml_append(root, sb);
    }
    out = g_byte_array_new();
    g_byte_array_append(out, aml_bytes(root)->data, aml_bytes(root)->len);
    aml_free(root);
    return out;
}

static uint32_t build_dsdt(AcpiBuf *b, uint64_t below_4g)
{
    g_autoptr(GByteArray) aml = pc_acpi_build_dsdt_aml(below_4g);
    uint32_t off = table_begin(b, "DSDT", 36 + aml->len, 1);

    memcpy(b->data + off + 36, aml->data, aml->len);
    table_end(b, off);
    return off;
}

static uint32_t build_facs(AcpiBuf *b)
{
    uint32_t off = acpi_alloc(b, 64, 64);

    memcpy(b->data + off, "FACS", 4);
    put32(b, off + 4, 64);
    put32(b, off + 32, 1);              /* version */
    return off;
}

static uint32_t build_fadt(AcpiBuf *b, uint32_t facs, uint32_t dsdt)
{
    uint32_t off = table_begin(b, "FACP", 244, 3);
    uint32_t flags = (1 << 0) |         /* WBINVD */
                     (1 << 2) |         /* PROC_C1 */
                     (1 << 5) |         /* SLP_BUTTON: no sleep button */
                     (1 << 8) |         /* TMR_VAL_EXT: 32-bit PM timer */
                     (1 << 10);         /* RESET_REG_SUP */

    put32(b, off + 36, acpi_addr(facs));
    put32(b, off + 40, acpi_addr(dsdt));
    put16(b, off + 46, ACPI_SCI_IRQ);
    put32(b, off + 56, ACPI_PM_BASE);
    put32(b, off + 64, ACPI_PM_BASE + ACPI_PM1_CNT_OFS);
    put32(b, off + 76, ACPI_PM_BASE + ACPI_PM_TMR_OFS);
    put32(b, off + 80, ACPI_GPE0_BASE);
    put8(b, off + 88, ACPI_PM1_EVT_LEN);
    put8(b, off + 89, ACPI_PM1_CNT_LEN);
    put8(b, off + 91, ACPI_PM_TMR_LEN);
    put8(b, off + 92, ACPI_GPE0_LEN);
    put16(b, off + 96, 0xfff);          /* C2 not supported */
    put16(b, off + 98, 0xfff);          /* C3 not supported */
    put8(b, off + 108, 0x32);           /* CMOS century register */
    put16(b, off + 109, 0x3);           /* legacy devices and an 8042 */
    put32(b, off + 112, flags);
    put_gas_io(b, off + 116, 0x64, 1, 1);   /* reset through the 8042 */
    put8(b, off + 128, 0xfe);
    put64(b, off + 132, acpi_addr(facs));
    put64(b, off + 140, acpi_addr(dsdt));
    put_gas_io(b, off + 148, ACPI_PM_BASE, ACPI_PM1_EVT_LEN, 2);
    put_gas_io(b, off + 172, ACPI_PM_BASE + ACPI_PM1_CNT_OFS,
               ACPI_PM1_CNT_LEN, 2);
    put_gas_io(b, off + 208, ACPI_PM_BASE + ACPI_PM_TMR_OFS,
               ACPI_PM_TMR_LEN, 3);
    put_gas_io(b, off + 220, ACPI_GPE0_BASE, ACPI_GPE0_LEN, 1);
    table_end(b, off);
    return off;
}

static uint32_t build_madt(AcpiBuf *b)
{
    CPUState *cs;
    unsigned ncpus = 0;
    uint32_t len, off, p;
    /* ISA IRQ -> GSI overrides: the PIT on pin 2, the level-high SCI. */
    static const struct { uint8_t irq; uint32_t gsi; uint16_t flags; }
        overrides[] = { { 0, 2, 0 }, { ACPI_SCI_IRQ, ACPI_SCI_IRQ, 0xd } };

    CPU_FOREACH(cs) {
        ncpus++;
    }
    len = 44 + ncpus * 8 + 12 + ARRAY_SIZE(overrides) * 10 + 6;
    off = table_begin(b, "APIC", len, 1);
    put32(b, off + 36, APIC_DEFAULT_ADDRESS);
    put32(b, off + 40, 1);              /* PCAT_COMPAT: has 8259s */
    p = off + 44;
    CPU_FOREACH(cs) {
        put8(b, p, 0);                  /* processor local APIC */
        put8(b, p + 1, 8);
        put8(b, p + 2, cs->cpu_index);
        put8(b, p + 3, X86_CPU(cs)->apic_id);
        put32(b, p + 4, 1);             /* enabled */
        p += 8;
    }
    put8(b, p, 1);                      /* I/O APIC */
    put8(b, p + 1, 12);
    put8(b, p + 2, 0);
    put32(b, p + 4, IOAPIC_DEFAULT_ADDRESS);
    put32(b, p + 8, 0);
    p += 12;
    for (unsigned i = 0; i < ARRAY_SIZE(overrides); i++) {
        put8(b, p, 2);                  /* interrupt source override */
        put8(b, p + 1, 10);
        put8(b, p + 2, 0);              /* ISA */
        put8(b, p + 3, overrides[i].irq);
        put32(b, p + 4, overrides[i].gsi);
        put16(b, p + 8, overrides[i].flags);
        p += 10;
    }
    put8(b, p, 4);                      /* local APIC NMI on LINT1 */
    put8(b, p + 1, 6);
    put8(b, p + 2, 0xff);               /* all processors */
    put16(b, p + 3, 0);
    put8(b, p + 5, 1);
    table_end(b, off);
    return off;
}

void pc_acpi_init(MachineState *ms, uint64_t below_4g, uint64_t above_4g,
                  FWCfgState *fw_cfg)
{
    g_autofree AcpiBuf *b = g_new0(AcpiBuf, 1);
    uint32_t rsdp, facs, dsdt, fadt, madt, rsdt, xsdt;
    ISADevice *pm;

    if (acpi_disabled) {
        rsdp_addr = 0;
        return;
    }
    pm = isa_new(TYPE_ACPI_PM);
    isa_realize_and_unref(pm, isa_bus_get_default(), &error_fatal);

    rsdp = acpi_alloc(b, 36, 16);
    facs = build_facs(b);
    dsdt = build_dsdt(b, below_4g);
    fadt = build_fadt(b, facs, dsdt);
    madt = build_madt(b);
    rsdt = table_begin(b, "RSDT", 36 + 2 * 4, 1);
    put32(b, rsdt + 36, acpi_addr(fadt));
    put32(b, rsdt + 40, acpi_addr(madt));
    table_end(b, rsdt);
    xsdt = table_begin(b, "XSDT", 36 + 2 * 8, 1);
    put64(b, xsdt + 36, acpi_addr(fadt));
    put64(b, xsdt + 44, acpi_addr(madt));
    table_end(b, xsdt);

    memcpy(b->data + rsdp, "RSD PTR ", 8);
    memcpy(b->data + rsdp + 9, "BOCHS ", 6);
    put8(b, rsdp + 15, 2);              /* ACPI 2.0+ */
    put32(b, rsdp + 16, acpi_addr(rsdt));
    put32(b, rsdp + 20, 36);
    put64(b, rsdp + 24, acpi_addr(xsdt));
    put8(b, rsdp + 8, checksum(b->data + rsdp, 20));
    put8(b, rsdp + 32, checksum(b->data + rsdp, 36));

    address_space_write_rom(&address_space_memory, ACPI_TABLES_BASE,
                            MEMTXATTRS_UNSPECIFIED, b->data, b->used);
    rsdp_addr = acpi_addr(rsdp);
}
