/*
 * Conventional PCI: the bus ("PCI" in -device help), the abstract device
 * with its 256-byte configuration space, BARs, INTx and capabilities.
 *
 * Configuration space: config[] holds the values, wmask[] the bits the
 * guest may write, w1cmask[] the bits a guest write of 1 clears (status
 * error bits), cmask[] the bits that are fixed at realize (checked by
 * migration in QEMU; informative here).  Devices fill config[] in realize
 * with the pci_set_*() helpers and open bits in wmask[] for their own
 * registers.  Guest accesses arrive through the host bridge, which checks
 * the offset and length (pci_host_config_{read,write}_common) before the
 * device's config_read/config_write (default: pci_default_*_config).
 *
 * BARs: pci_register_bar(dev, n, PCI_BASE_ADDRESS_* type bits, region).
 * The region is mapped into the bus's memory or I/O space at the address
 * the guest programs, only while the command register enables that space,
 * and moved/unmapped when the guest changes either.
 *
 * INTx: pci_set_irq(dev, level) drives the pin named by
 * config[PCI_INTERRUPT_PIN]; the bus's map_irq picks the bus line and
 * set_irq is called with the OR of every device on that line.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include "hw/qdev-core.h"
#include "exec/memory.h"
#include "hw/pci/pci_regs.h"
#include "hw/pci/pci_ids.h"

#define TYPE_PCI_BUS "PCI"
#define TYPE_PCI_DEVICE "pci-device"
OBJECT_DECLARE_TYPE(PCIDevice, PCIDeviceClass, PCI_DEVICE)
OBJECT_DECLARE_SIMPLE_TYPE(PCIBus, PCI_BUS)

#define PCI_DEVFN(slot, func) ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn) ((devfn) & 0x07)
#define PCI_SLOT_MAX 32
#define PCI_FUNC_MAX 8
#define PCI_DEVFN_MAX 256
#define PCI_NUM_PINS 4
#define PCI_CONFIG_SPACE_SIZE 0x100
#define PCI_CONFIG_HEADER_SIZE 0x40
#define PCI_NUM_REGIONS 7             /* six BARs and the expansion ROM */
#define PCI_ROM_SLOT 6

typedef uint64_t pcibus_t;
typedef uint64_t dma_addr_t;      /* as sysemu/dma.h (C11: may repeat) */
#define PCI_BAR_UNMAPPED (~(pcibus_t)0)

typedef struct PCIIORegion {
    pcibus_t addr;                    /* mapped at, or PCI_BAR_UNMAPPED */
    pcibus_t size;                    /* 0: BAR not implemented */
    uint8_t type;                     /* PCI_BASE_ADDRESS_* bits */
    MemoryRegion *memory;
    MemoryRegion *address_space;      /* the bus's io or mem container */
} PCIIORegion;

typedef uint32_t PCIConfigReadFunc(PCIDevice *d, uint32_t addr, int len);
typedef void PCIConfigWriteFunc(PCIDevice *d, uint32_t addr, uint32_t val,
                                int len);

struct PCIDeviceClass {
    DeviceClass parent_class;
    void (*realize)(PCIDevice *dev, Error **errp);
    void (*exit)(PCIDevice *dev);
    /* NULL: pci_default_read_config / pci_default_write_config */
    PCIConfigReadFunc *config_read;
    PCIConfigWriteFunc *config_write;
    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint16_t class_id;
    uint16_t subsystem_vendor_id;     /* 0: QEMU's 1af4:1100 */
    uint16_t subsystem_id;
    bool is_bridge;                   /* type 1 header */
};

/* cap_present bits */
#define QEMU_PCI_CAP_MULTIFUNCTION_BITNR 3
#define QEMU_PCI_CAP_MULTIFUNCTION (1 << QEMU_PCI_CAP_MULTIFUNCTION_BITNR)

struct PCIDevice {
    DeviceState qdev;
    uint8_t *config;
    uint8_t *cmask;
    uint8_t *wmask;
    uint8_t *w1cmask;
    uint8_t *used;                    /* bytes taken by capabilities */
    uint32_t config_size;
    int32_t devfn;                    /* "addr" property, -1: auto */
    uint32_t cap_present;             /* "multifunction" is a bit here */
    char name[64];
    PCIIORegion io_regions[PCI_NUM_REGIONS];
    int irq_state;                    /* our INTx level (0/1) */
    /* DMA: system memory, visible only while bus mastering is enabled. */
    AddressSpace bus_master_as;
    MemoryRegion bus_master_container_region;
    MemoryRegion bus_master_enable_region;
    bool has_bus_master_as;
};

typedef void (*pci_set_irq_fn)(void *opaque, int irq_num, int level);
typedef int (*pci_map_irq_fn)(PCIDevice *pci_dev, int irq_num);

struct PCIBus {
    BusState qbus;
    PCIDevice *devices[PCI_DEVFN_MAX];
    MemoryRegion *address_space_mem;
    MemoryRegion *address_space_io;
    pci_set_irq_fn set_irq;
    pci_map_irq_fn map_irq;
    void *irq_opaque;
    int nirq;
    int *irq_count;                   /* asserting devices per line */
    uint8_t devfn_min;
};

/* Config space accessors (little endian, unaligned allowed). */
static inline void pci_set_byte(uint8_t *config, uint8_t val)
{
    *config = val;
}
static inline uint8_t pci_get_byte(const uint8_t *config)
{
    return *config;
}
static inline void pci_set_word(uint8_t *config, uint16_t val)
{
    config[0] = val;
    config[1] = val >> 8;
}
static inline uint16_t pci_get_word(const uint8_t *config)
{
    return config[0] | (config[1] << 8);
}
static inline void pci_set_long(uint8_t *config, uint32_t val)
{
    pci_set_word(config, val);
    pci_set_word(config + 2, val >> 16);
}
static inline uint32_t pci_get_long(const uint8_t *config)
{
    return pci_get_word(config) | ((uint32_t)pci_get_word(config + 2) << 16);
}
static inline void pci_set_quad(uint8_t *config, uint64_t val)
{
    pci_set_long(config, val);
    pci_set_long(config + 4, val >> 32);
}
static inline uint64_t pci_get_quad(const uint8_t *config)
{
    return pci_get_long(config) | ((uint64_t)pci_get_long(config + 4) << 32);
}
static inline void pci_config_set_vendor_id(uint8_t *c, uint16_t v)
{
    pci_set_word(c + PCI_VENDOR_ID, v);
}
static inline void pci_config_set_device_id(uint8_t *c, uint16_t v)
{
    pci_set_word(c + PCI_DEVICE_ID, v);
}
static inline void pci_config_set_revision(uint8_t *c, uint8_t v)
{
    pci_set_byte(c + PCI_REVISION_ID, v);
}
static inline void pci_config_set_class(uint8_t *c, uint16_t v)
{
    pci_set_word(c + PCI_CLASS_DEVICE, v);
}
static inline void pci_config_set_prog_interface(uint8_t *c, uint8_t v)
{
    pci_set_byte(c + PCI_CLASS_PROG, v);
}
/* pin: 1 = INTA .. 4 = INTD, 0 = none */
static inline void pci_config_set_interrupt_pin(uint8_t *c, uint8_t v)
{
    pci_set_byte(c + PCI_INTERRUPT_PIN, v);
}

/* Buses.  The root bus is a child bus of the host bridge device. */
PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *address_space_mem,
                         MemoryRegion *address_space_io,
                         uint8_t devfn_min, const char *typename);
void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, void *irq_opaque,
                  int nirq);
void pci_bus_map_irqs(PCIBus *bus, pci_map_irq_fn map_irq);
/* Generic part of reset for every device on the bus (command, BARs, INTx). */
void pci_bus_reset(PCIBus *bus);
int pci_bus_num(PCIBus *bus);
PCIBus *pci_get_bus(const PCIDevice *dev);
PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn);
/* The first bus of type PCI created (the machine's root bus), or NULL. */
PCIBus *pci_bus_get_default(void);
void pci_for_each_device(PCIBus *bus,
                         void (*fn)(PCIBus *b, PCIDevice *d, void *opaque),
                         void *opaque);

/* Creating devices from board code. */
PCIDevice *pci_new(int devfn, const char *name);
PCIDevice *pci_new_multifunction(int devfn, const char *name);
bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp);
PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name);
PCIDevice *pci_create_simple_multifunction(PCIBus *bus, int devfn,
                                           const char *name);

/* Config space as the guest sees it. */
uint32_t pci_default_read_config(PCIDevice *d, uint32_t addr, int len);
void pci_default_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                              int len);
/*
 * Dispatch to the device's class hooks.  addr + len must lie within the
 * config space and len be 1, 2 or 4 (checked; out of range reads return
 * all-ones and writes are ignored).
 */
uint32_t pci_config_read(PCIDevice *d, uint32_t addr, int len);
void pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len);

/* BARs.  type: PCI_BASE_ADDRESS_SPACE_IO or _MEMORY | _MEM_TYPE_64 |
 * _MEM_PREFETCH; the region's size must be a power of two (I/O >= 4,
 * memory >= 16, ROM >= 2 KiB).  region_num PCI_ROM_SLOT is the ROM BAR. */
void pci_register_bar(PCIDevice *dev, int region_num, uint8_t type,
                      MemoryRegion *memory);
pcibus_t pci_get_bar_addr(PCIDevice *dev, int region_num);

/* INTx */
void pci_set_irq(PCIDevice *dev, int level);
static inline void pci_irq_assert(PCIDevice *dev)
{
    pci_set_irq(dev, 1);
}
static inline void pci_irq_deassert(PCIDevice *dev)
{
    pci_set_irq(dev, 0);
}
/* A qemu_irq that calls pci_set_irq(dev, level). */
qemu_irq pci_allocate_irq(PCIDevice *dev);
/* 0..3 for INTA..INTD; the device must have an interrupt pin. */
int pci_intx(PCIDevice *dev);

/*
 * Capabilities: add one of cap_id at offset (0: first free dword-aligned
 * space after the header) of size bytes; returns the offset or -1 with
 * errp set when it does not fit or overlaps another capability.
 */
int pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp);
void pci_del_capability(PCIDevice *dev, uint8_t cap_id, uint8_t cap_size);
uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id);

/* DMA through the device's bus-master view of memory. */
AddressSpace *pci_get_address_space(PCIDevice *dev);
MemTxResult pci_dma_rw(PCIDevice *dev, dma_addr_t addr, void *buf,
                       dma_addr_t len, bool is_write);
static inline MemTxResult pci_dma_read(PCIDevice *dev, dma_addr_t addr,
                                       void *buf, dma_addr_t len)
{
    return pci_dma_rw(dev, addr, buf, len, false);
}
static inline MemTxResult pci_dma_write(PCIDevice *dev, dma_addr_t addr,
                                        const void *buf, dma_addr_t len)
{
    return pci_dma_rw(dev, addr, (void *)buf, len, true);
}

/* "info pci" text for every device on the bus. */
void pci_info(GString *out, PCIBus *bus);
/* Human name of a class code ("Host bridge", "ISA bridge", ...). */
const char *pci_class_name(uint16_t class_id);

#endif
