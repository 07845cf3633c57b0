/*
 * "pci-testdev" (1b36:0005, class 00ff): a PCI function for tests of the
 * PCI core.  BAR0 is 4 KiB of MMIO, BAR1 256 bytes of I/O, both with the
 * same registers; with membar=SIZE, BAR2 is a 64-bit prefetchable RAM BAR
 * (QEMU's membar is an empty container that reads as zero; ours is RAM so
 * tests can check that a moved BAR moves its memory, see
 * tests/guests/pcibar.c).
 *
 * Registers (32-bit, little endian):
 *   0x00  scratch, read/write
 *   0x04  INTx: write 1 asserts INTA, 0 deasserts; reads the level
 * Other offsets read 0 and ignore writes.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"

#define TYPE_PCI_TEST_DEV "pci-testdev"
OBJECT_DECLARE_SIMPLE_TYPE(PCITestDevState, PCI_TEST_DEV)

#define TESTDEV_REG_SCRATCH 0x00
#define TESTDEV_REG_INTX 0x04

struct PCITestDevState {
    PCIDevice parent_obj;
    MemoryRegion mmio;
    MemoryRegion portio;
    MemoryRegion membar;
    uint64_t membar_size;
    uint32_t scratch;
};

static uint64_t testdev_read(void *opaque, hwaddr addr, unsigned size)
{
    PCITestDevState *s = opaque;

    switch (addr) {
    case TESTDEV_REG_SCRATCH:
        return s->scratch;
    case TESTDEV_REG_INTX:
        return s->parent_obj.irq_state;
    default:
        return 0;
    }
}

static void testdev_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
    PCITestDevState *s = opaque;

    switch (addr) {
    case TESTDEV_REG_SCRATCH:
        s->scratch = val;
        break;
    case TESTDEV_REG_INTX:
        pci_set_irq(&s->parent_obj, val & 1);
        break;
    }
}

static const MemoryRegionOps testdev_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void testdev_realize(PCIDevice *dev, Error **errp)
{
    PCITestDevState *s = PCI_TEST_DEV(dev);

    if (s->membar_size &&
        (s->membar_size & (s->membar_size - 1) ||
         s->membar_size < 4096)) {
        error_setg(errp, "pci-testdev: membar must be a power of two of "
                   "at least 4 KiB");
        return;
    }
    pci_config_set_interrupt_pin(dev->config, 1);
    memory_region_init_io(&s->mmio, OBJECT(dev), &testdev_ops, s,
                          "pci-testdev-mmio", 4096);
    memory_region_init_io(&s->portio, OBJECT(dev), &testdev_ops, s,
                          "pci-testdev-portio", 256);
    pci_register_bar(dev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->mmio);
    pci_register_bar(dev, 1, PCI_BASE_ADDRESS_SPACE_IO, &s->portio);
    if (s->membar_size) {
        if (!memory_region_init_ram(&s->membar, OBJECT(dev),
                                    "pci-testdev-membar", s->membar_size,
                                    errp)) {
            return;
        }
        pci_register_bar(dev, 2, PCI_BASE_ADDRESS_SPACE_MEMORY |
                                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                                     PCI_BASE_ADDRESS_MEM_PREFETCH,
                         &s->membar);
    }
}

static void testdev_reset(DeviceState *dev)
{
    PCI_TEST_DEV(dev)->scratch = 0;
}

static Property testdev_props[] = {
    DEFINE_PROP_SIZE("membar", PCITestDevState, membar_size, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void testdev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = testdev_realize;
    k->vendor_id = PCI_VENDOR_ID_REDHAT;
    k->device_id = PCI_DEVICE_ID_REDHAT_TEST;
    k->revision = 0;
    k->class_id = PCI_CLASS_OTHERS;
    dc->desc = "PCI Test Device";
    dc->reset = testdev_reset;
    dc->user_creatable = true;
    dc->categories |= 1ul << DEVICE_CATEGORY_MISC;
    device_class_set_props(dc, testdev_props);
}

static const TypeInfo testdev_info = {
    .name = TYPE_PCI_TEST_DEV,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCITestDevState),
    .class_init = testdev_class_init,
};

static void testdev_register_types(void)
{
    type_register_static(&testdev_info);
}
type_init(testdev_register_types)
