/*
 * Intel 82371SB PIIX3 function 0: PCI-to-ISA bridge.
 * Reference: 82371FB/82371SB datasheet (order 290550), section 2.2:
 * PIRQRC[A:D] at 0x60-0x63, reset control register at I/O 0xcf9.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/southbridge/piix.h"
#include "hw/pci/pci_host.h"
#include "sysemu/runstate.h"

#define PIIX_PIRQ_DISABLE 0x80
#define RCR_SYS_RST 0x02
#define RCR_RST_CPU 0x04

int piix3_pci_slot_get_pirq(PCIDevice *dev, int pin)
{
    return (PCI_SLOT(dev->devfn) + pin - 1) & 3;
}

/* ISA IRQ of PIRQ n, or -1 when routing is disabled. */
static int piix3_pirq_route(PIIX3State *s, int pirq)
{
    uint8_t r = s->dev.config[PIIX_PIRQCA + pirq];

    return (r & PIIX_PIRQ_DISABLE) || r >= ISA_NUM_IRQS ? -1 : r;
}

/*
 * Drive every ISA IRQ to the OR of the PIRQs routed to it, touching only
 * lines we route to or held high before (ISA devices share the others).
 */
static void piix3_update_isa_irqs(PIIX3State *s)
{
    uint16_t want = 0;

    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        int irq = piix3_pirq_route(s, p);

        if (irq >= 0 && s->pirq_level[p]) {
            want |= 1u << irq;
        }
    }
    for (int irq = 0; irq < ISA_NUM_IRQS; irq++) {
        uint16_t bit = 1u << irq;

        if ((want & bit) && !(s->isa_driven & bit)) {
            qemu_set_irq(s->isa_irqs[irq], 1);
        } else if (!(want & bit) && (s->isa_driven & bit)) {
            qemu_set_irq(s->isa_irqs[irq], 0);
        }
    }
    s->isa_driven = want;
}

static void piix3_set_irq(void *opaque, int pirq, int level)
{
    PIIX3State *s = opaque;

    if (pirq < 0 || pirq >= PIIX_NUM_PIRQS) {
        return;
    }
    level = !!level;
    if (s->pirq_level[pirq] == level) {
        return;
    }
    s->pirq_level[pirq] = level;
    qemu_set_irq(s->pirq_gsi[pirq], level);
    piix3_update_isa_irqs(s);
}

static void piix3_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                               int len)
{
    pci_default_write_config(dev, addr, val, len);
    if (addr < PIIX_PIRQCA + PIIX_NUM_PIRQS && addr + len > PIIX_PIRQCA) {
        piix3_update_isa_irqs(PIIX3_DEVICE(dev));
    }
}

/*
 * Reset control register (0xcf9), seen through the host bridge's
 * 0xcf8-0xcfb window: offset 1, byte accesses only.
 */
static uint64_t rcr_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX3State *s = opaque;

    return addr == 1 && size == 1 ? s->rcr : ~0ULL >> (64 - size * 8);
}

static void rcr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PIIX3State *s = opaque;

    if (addr != 1 || size != 1) {
        return;
    }
    if (val & RCR_RST_CPU) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return;
    }
    s->rcr = val & RCR_SYS_RST;
}

static const MemoryRegionOps rcr_ops = {
    .read = rcr_read,
    .write = rcr_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void piix3_reset(DeviceState *dev)
{
    PIIX3State *s = PIIX3_DEVICE(dev);
    uint8_t *c = s->dev.config;

    /* Power-on values (datasheet; as QEMU shows them). */
    pci_set_word(c + PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM);
    c[0x4c] = 0x4d;                   /* IORT */
    c[0x4e] = 0x03;                   /* XBCS */
    c[0x4f] = 0x00;
    memset(c + PIIX_PIRQCA, PIIX_PIRQ_DISABLE, PIIX_NUM_PIRQS);
    c[0x69] = 0x02;                   /* TOM */
    c[0x6a] = 0x00;
    c[0x6b] = 0x00;
    c[0x70] = 0x80;                   /* MBIRQ0 */
    c[0x76] = 0x0c;                   /* MBDMA */
    c[0x77] = 0x0c;
    c[0x78] = 0x02;                   /* PCSC */
    c[0x79] = 0x00;
    c[0x80] = 0x00;                   /* APICBASE */
    c[0x82] = 0x00;                   /* DLC */
    c[0xa0] = 0x08;                   /* SMICNTL */
    c[0xa2] = 0x00;
    c[0xa3] = 0x00;
    c[0xa4] = 0x00;
    c[0xa5] = 0x00;
    c[0xa6] = 0x00;
    c[0xa7] = 0x00;
    c[0xa8] = 0x0f;                   /* SMIREQ */
    c[0xaa] = 0x00;
    c[0xab] = 0x00;
    c[0xac] = 0x00;
    c[0xae] = 0x00;
    s->rcr = 0;
    piix3_update_isa_irqs(s);
}

static void piix3_realize(PCIDevice *dev, Error **errp)
{
    PIIX3State *s = PIIX3_DEVICE(dev);
    PCIBus *bus = pci_get_bus(dev);
    Object *host = OBJECT(bus->qbus.parent);

    s->isa_bus = isa_bus_new(DEVICE(dev), bus->address_space_io, errp);
    if (!s->isa_bus) {
        return;
    }
    memory_region_init_io(&s->rcr_mem, OBJECT(dev), &rcr_ops, s,
                          "piix-reset-control", 4);
    if (host && object_dynamic_cast(host, TYPE_PCI_HOST_BRIDGE)) {
        pci_host_set_conf_passthrough(PCI_HOST_BRIDGE(host), &s->rcr_mem);
    } else {
        /* No mechanism #1 host in front of us: decode 0xcf9 directly. */
        memory_region_add_subregion_overlap(bus->address_space_io,
                                            PIIX_RCR_IOPORT - 1,
                                            &s->rcr_mem, 1);
    }
    pci_bus_irqs(bus, piix3_set_irq, s, PIIX_NUM_PIRQS);
    pci_bus_map_irqs(bus, piix3_pci_slot_get_pirq);
    piix3_reset(DEVICE(dev));
}

static void piix3_init(Object *obj)
{
    PIIX3State *s = PIIX3_DEVICE(obj);

    qdev_init_gpio_out_named(DEVICE(obj), s->isa_irqs, "isa-irqs",
                             ISA_NUM_IRQS);
    qdev_init_gpio_out_named(DEVICE(obj), s->pirq_gsi, "pirq-gsi",
                             PIIX_NUM_PIRQS);
}

static void piix3_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = piix3_realize;
    k->config_write = piix3_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82371SB_0;
    k->class_id = PCI_CLASS_BRIDGE_ISA;
    dc->desc = "ISA bridge";
    dc->reset = piix3_reset;
    dc->user_creatable = false;       /* part of the pc chipset */
    dc->categories |= 1ul << DEVICE_CATEGORY_BRIDGE;
}

static const TypeInfo piix3_info = {
    .name = TYPE_PIIX3_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PIIX3State),
    .instance_init = piix3_init,
    .class_init = piix3_class_init,
};

static void piix3_register_types(void)
{
    type_register_static(&piix3_info);
}
type_init(piix3_register_types)
