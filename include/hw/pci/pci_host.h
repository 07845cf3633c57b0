/*
 * PCI host bridges: the system-bus side of a root PCI bus.  The generic
 * part implements configuration mechanism #1 (PCI 3.0 section 3.2.2.3.2):
 * a 32-bit address register (bit 31 enable, bus 23:16, devfn 15:8,
 * register 7:2) and a data window of 4 bytes that takes 1, 2 and 4 byte
 * accesses.  The board maps conf_mem and data_mem (0xcf8/0xcfc on a PC).
 */
#ifndef HW_PCI_PCI_HOST_H
#define HW_PCI_PCI_HOST_H

#include "hw/sysbus.h"
#include "hw/pci/pci.h"

#define TYPE_PCI_HOST_BRIDGE "pci-host-bridge"
OBJECT_DECLARE_TYPE(PCIHostState, PCIHostBridgeClass, PCI_HOST_BRIDGE)

struct PCIHostBridgeClass {
    SysBusDeviceClass parent_class;
};

struct PCIHostState {
    SysBusDevice busdev;
    MemoryRegion conf_mem;            /* 4 bytes: the address register */
    MemoryRegion data_mem;            /* 4 bytes: the data window */
    uint32_t config_reg;
    PCIBus *bus;
    MemoryRegion *conf_passthrough;   /* see pci_host_set_conf_passthrough */
};

/*
 * Byte and word accesses to the address register's four ports are not
 * config cycles; on a PC the southbridge decodes some of them (PIIX3's
 * reset control at 0xcf9).  They go to mr (offset 0 = the first port),
 * one access each; without mr they are ignored and read all-ones.
 */
void pci_host_set_conf_passthrough(PCIHostState *s, MemoryRegion *mr);

/*
 * Config access to device d at register addr, bounded by limit (the size
 * of the config space the mechanism reaches): reads past it return
 * all-ones, writes past it are dropped.
 */
uint32_t pci_host_config_read_common(PCIDevice *d, uint32_t addr,
                                     uint32_t limit, uint32_t len);
void pci_host_config_write_common(PCIDevice *d, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len);
/* Mechanism #1 data cycle for address-register value addr (bit 31 set). */
uint32_t pci_data_read(PCIBus *bus, uint32_t addr, unsigned len);
void pci_data_write(PCIBus *bus, uint32_t addr, uint32_t val, unsigned len);

#endif
