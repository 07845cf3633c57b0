/*
 * PCI core without a machine: config space masks and bounds, BAR sizing
 * and mapping into the bus's spaces, INTx line counting, capabilities;
 * and the AML encoder's byte-exact output.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/pci/pci.h"
#include "hw/acpi/aml-build.h"

static MemoryRegion bus_mem, bus_io;
static PCIBus *bus;
static int line_level[4];

static void test_set_irq(void *opaque, int n, int level)
{
    line_level[n] = level;
}

static int test_map_irq(PCIDevice *d, int pin)
{
    return (PCI_SLOT(d->devfn) + pin) & 3;
}

static PCIBus *get_bus(void)
{
    if (!bus) {
        memory_region_init(&bus_mem, NULL, "test-pci-mem", UINT64_MAX);
        memory_region_init(&bus_io, NULL, "test-pci-io", 0x10000);
        bus = pci_root_bus_new(NULL, "pci.0", &bus_mem, &bus_io, 0, NULL);
        pci_bus_irqs(bus, test_set_irq, NULL, 4);
        pci_bus_map_irqs(bus, test_map_irq);
    }
    return bus;
}

static PCIDevice *new_testdev(int devfn, Error **errp)
{
    PCIDevice *d = pci_new(devfn, "pci-testdev");

    if (!pci_realize_and_unref(d, get_bus(), errp)) {
        return NULL;
    }
    return d;
}

static void test_config_masks(void)
{
    PCIDevice *d = new_testdev(PCI_DEVFN(2, 0), &error_abort);

    g_assert_cmphex(pci_config_read(d, PCI_VENDOR_ID, 4), ==, 0x00051b36);
    pci_config_write(d, PCI_VENDOR_ID, 0, 4);
    g_assert_cmphex(pci_config_read(d, PCI_VENDOR_ID, 4), ==, 0x00051b36);
    pci_config_write(d, PCI_COMMAND, 0xffff, 2);
    g_assert_cmphex(pci_config_read(d, PCI_COMMAND, 2), ==, 0x0547);
    pci_config_write(d, PCI_COMMAND, 0, 2);
    /* Status error bits are write-1-to-clear. */
    d->config[PCI_STATUS + 1] = 0x20;               /* master abort */
    pci_config_write(d, PCI_STATUS, 0x0000, 2);
    g_assert_cmphex(d->config[PCI_STATUS + 1], ==, 0x20);
    pci_config_write(d, PCI_STATUS, 0x2000, 2);
    g_assert_cmphex(d->config[PCI_STATUS + 1], ==, 0x00);
    /* Out of range: all-ones, writes dropped, no overflow. */
    g_assert_cmphex(pci_config_read(d, 0x100, 4), ==, 0xffffffff);
    g_assert_cmphex(pci_config_read(d, 0xfe, 4), ==, 0xffffffff);
    g_assert_cmphex(pci_config_read(d, 0x10, 3), ==, 0xffffffff);
    pci_config_write(d, 0xfffffffc, 0x1234, 4);
    pci_config_write(d, 0xff, 0x1234, 2);
    g_assert_cmphex(pci_config_read(d, 0xff, 1), ==, 0);
    qdev_unrealize(DEVICE(d));
}

static void test_devfn(void)
{
    Error *err = NULL;
    PCIDevice *a = new_testdev(-1, &error_abort);
    PCIDevice *b;

    g_assert_cmpint(a->devfn, ==, 0);
    b = new_testdev(-1, &error_abort);
    g_assert_cmpint(b->devfn, ==, 8);
    g_assert_null(new_testdev(8, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "PCI: slot 1 function 0 not available for pci-testdev, "
                    "in use by pci-testdev,id=(null)");
    error_free(err);
    err = NULL;
    g_assert_null(new_testdev(PCI_DEVFN(1, 2), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "single function"));
    error_free(err);
    qdev_unrealize(DEVICE(a));
    qdev_unrealize(DEVICE(b));
    g_assert_null(pci_find_device(get_bus(), 0, 0));
}

static void test_bars_and_intx(void)
{
    PCIDevice *d = new_testdev(PCI_DEVFN(5, 0), &error_abort);
    MemoryRegionSection sec;
    AddressSpace as;

    address_space_init(&as, &bus_mem, "test-pci-mem");
    pci_config_write(d, PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, PCI_BASE_ADDRESS_0, 4), ==,
                    0xfffff000);
    pci_config_write(d, PCI_BASE_ADDRESS_0, 0xe0001000, 4);
    g_assert_cmphex(pci_get_bar_addr(d, 0), ==, PCI_BAR_UNMAPPED);
    pci_config_write(d, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    g_assert_cmphex(pci_get_bar_addr(d, 0), ==, 0xe0001000);
    sec = address_space_find_section(&as, 0xe0001000);
    g_assert_nonnull(sec.mr);
    g_assert_cmpstr(memory_region_name(sec.mr), ==, "pci-testdev-mmio");
    pci_config_write(d, PCI_BASE_ADDRESS_0, 0xe0002000, 4);
    g_assert_null(address_space_find_section(&as, 0xe0001000).mr);
    g_assert_nonnull(address_space_find_section(&as, 0xe0002000).mr);
    /* The all-ones sizing pattern never maps a 32-bit BAR. */
    pci_config_write(d, PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    g_assert_cmphex(pci_get_bar_addr(d, 0), ==, PCI_BAR_UNMAPPED);

    /* INTA of slot 5 -> line (5 + 0) & 3 = 1. */
    pci_set_irq(d, 1);
    g_assert_cmpint(line_level[1], ==, 1);
    g_assert_cmpint(bus->irq_count[1], ==, 1);
    pci_config_write(d, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    g_assert_cmpint(line_level[1], ==, 0);
    g_assert_cmphex(d->config[PCI_STATUS] & PCI_STATUS_INTERRUPT, ==,
                    PCI_STATUS_INTERRUPT);
    pci_set_irq(d, 0);
    pci_config_write(d, PCI_COMMAND, 0, 2);
    g_assert_cmpint(line_level[1], ==, 0);
    g_assert_cmpint(bus->irq_count[1], ==, 0);
    pci_set_irq(d, 1);
    pci_bus_reset(bus);
    g_assert_cmpint(line_level[1], ==, 0);
    g_assert_cmphex(pci_config_read(d, PCI_BASE_ADDRESS_0, 4), ==, 0);
    address_space_destroy(&as);
    qdev_unrealize(DEVICE(d));
}

static void test_capabilities(void)
{
    PCIDevice *d = new_testdev(PCI_DEVFN(6, 0), &error_abort);
    Error *err = NULL;
    int a, b;

    a = pci_add_capability(d, PCI_CAP_ID_VNDR, 0, 16, &error_abort);
    g_assert_cmpint(a, ==, 0x40);
    b = pci_add_capability(d, PCI_CAP_ID_MSIX, 0, 12, &error_abort);
    g_assert_cmpint(b, ==, 0x50);
    g_assert_cmpint(pci_find_capability(d, PCI_CAP_ID_VNDR), ==, a);
    g_assert_cmpint(pci_find_capability(d, PCI_CAP_ID_MSIX), ==, b);
    g_assert_cmphex(d->config[PCI_CAPABILITY_LIST], ==, b);
    g_assert_cmphex(d->config[PCI_STATUS] & PCI_STATUS_CAP_LIST, !=, 0);
    g_assert_cmpint(pci_add_capability(d, PCI_CAP_ID_PM, 0x48, 8, &err),
                    ==, -1);
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_cmpint(pci_add_capability(d, PCI_CAP_ID_PM, 0xfc, 8, &err),
                    ==, -1);
    error_free(err);
    /* Capabilities are read-only to the guest by default. */
    pci_config_write(d, a, 0xffffffff, 4);
    g_assert_cmphex(d->config[a], ==, PCI_CAP_ID_VNDR);
    pci_del_capability(d, PCI_CAP_ID_MSIX, 12);
    g_assert_cmpint(pci_find_capability(d, PCI_CAP_ID_MSIX), ==, 0);
    g_assert_cmpint(pci_find_capability(d, PCI_CAP_ID_VNDR), ==, a);
    qdev_unrealize(DEVICE(d));
}

static void assert_aml(Aml *root, const uint8_t *want, size_t len)
{
    GByteArray *b = aml_bytes(root);

    g_assert_cmpmem(b->data, b->len, want, len);
    aml_free(root);
}

static Aml *one(Aml *a)
{
    Aml *root = aml_new();

    aml_append(root, a);
    return root;
}

static void test_aml_ints(void)
{
    static const uint8_t zero[] = { 0x00 }, onev[] = { 0x01 };
    static const uint8_t ones[] = { 0xff }, byte[] = { 0x0a, 0xff };
    static const uint8_t word[] = { 0x0b, 0x00, 0x01 };
    static const uint8_t dword[] = { 0x0c, 0x00, 0x00, 0x01, 0x00 };
    static const uint8_t qword[] = { 0x0e, 0, 0, 0, 0, 1, 0, 0, 0 };
    static const uint8_t eisa[] = { 0x0c, 0x41, 0xd0, 0x0a, 0x03 };
    static const uint8_t str[] = { 0x0d, 'a', 'b', 0x00 };

    assert_aml(one(aml_int(0)), zero, sizeof(zero));
    assert_aml(one(aml_int(1)), onev, sizeof(onev));
    assert_aml(one(aml_int(UINT64_MAX)), ones, sizeof(ones));
    assert_aml(one(aml_int(0xff)), byte, sizeof(byte));
    assert_aml(one(aml_int(0x100)), word, sizeof(word));
    assert_aml(one(aml_int(0x10000)), dword, sizeof(dword));
    assert_aml(one(aml_int(1ULL << 32)), qword, sizeof(qword));
    assert_aml(one(aml_eisaid("PNP0A03")), eisa, sizeof(eisa));
    assert_aml(one(aml_string("ab")), str, sizeof(str));
}

static void test_aml_blocks(void)
{
    static const uint8_t scope[] = {
        0x10, 0x11, '\\', 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0',
        0x08, 'X', '_', '_', '_', 0x00,
    };
    static const uint8_t dev[] = {
        0x5b, 0x82, 0x05, 'P', 'C', 'I', '0',
    };
    static const uint8_t rt[] = {
        0x11, 0x0d, 0x0a, 0x0a,             /* Buffer, 10 bytes */
        0x47, 0x01, 0xf8, 0x0c, 0xf8, 0x0c, 0x01, 0x08,
        0x79, 0x00,
    };
    Aml *s = aml_scope("\\_SB.PCI0");
    Aml *r = aml_resource_template();
    Aml *root;
    GByteArray *b;

    aml_append(s, aml_name_decl("X", aml_int(0)));
    assert_aml(one(s), scope, sizeof(scope));
    assert_aml(one(aml_device("PCI0")), dev, sizeof(dev));
    aml_append(r, aml_io(AML_DECODE16, 0xcf8, 0xcf8, 1, 8));
    assert_aml(one(r), rt, sizeof(rt));

    /* PkgLength: 63 fits one byte; 64 needs two; 5006 needs three. */
    root = one(aml_buffer(60, NULL));       /* 1 + 1 + 60 + 1 = 62+1 */
    b = aml_bytes(root);
    g_assert_cmphex(b->data[1], ==, 63);
    aml_free(root);
    root = one(aml_buffer(61, NULL));
    b = aml_bytes(root);
    g_assert_cmphex(b->data[1], ==, 0x40 | (65 & 0xf));
    g_assert_cmphex(b->data[2], ==, 65 >> 4);
    g_assert_cmpuint(b->len, ==, 1 + 2 + 2 + 61);
    aml_free(root);
    root = one(aml_buffer(5000, NULL));
    b = aml_bytes(root);
    g_assert_cmphex(b->data[1], ==, 0x8e);
    g_assert_cmphex(b->data[2], ==, 0x38);
    g_assert_cmphex(b->data[3], ==, 0x01);
    g_assert_cmpuint(b->len, ==, 1 + 5006);
    aml_free(root);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pci/config-masks", test_config_masks);
    g_test_add_func("/pci/devfn", test_devfn);
    g_test_add_func("/pci/bars-intx", test_bars_and_intx);
    g_test_add_func("/pci/capabilities", test_capabilities);
    g_test_add_func("/aml/ints", test_aml_ints);
    g_test_add_func("/aml/blocks", test_aml_blocks);
    return g_test_run();
}
