/*
 * QEMU's firmware configuration interface (docs/specs/fw_cfg.txt in QEMU):
 * a selector port (0x510, 16-bit), a data port (0x511, byte reads) and a
 * DMA address register (0x514, big-endian 64-bit).  Firmware (SeaBIOS) and
 * test guests read the CPU count, RAM size, e820 map and named files.
 * Items are copied when added; keys and files may be added until the guest
 * runs.
 */
#ifndef HW_NVRAM_FW_CFG_H
#define HW_NVRAM_FW_CFG_H

#include "hw/sysbus.h"

#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_ID 0x01
#define FW_CFG_UUID 0x02
#define FW_CFG_RAM_SIZE 0x03
#define FW_CFG_NOGRAPHIC 0x04
#define FW_CFG_NB_CPUS 0x05
#define FW_CFG_MACHINE_ID 0x06
#define FW_CFG_KERNEL_ADDR 0x07
#define FW_CFG_KERNEL_SIZE 0x08
#define FW_CFG_KERNEL_CMDLINE 0x09
#define FW_CFG_INITRD_ADDR 0x0a
#define FW_CFG_INITRD_SIZE 0x0b
#define FW_CFG_BOOT_DEVICE 0x0c
#define FW_CFG_NUMA 0x0d
#define FW_CFG_BOOT_MENU 0x0e
#define FW_CFG_MAX_CPUS 0x0f
#define FW_CFG_FILE_DIR 0x19
#define FW_CFG_FILE_FIRST 0x20
#define FW_CFG_FILE_SLOTS 0x10
#define FW_CFG_ARCH_LOCAL 0x8000
#define FW_CFG_ACPI_TABLES (FW_CFG_ARCH_LOCAL + 0)
#define FW_CFG_SMBIOS_ENTRIES (FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE (FW_CFG_ARCH_LOCAL + 2)
#define FW_CFG_E820_TABLE (FW_CFG_ARCH_LOCAL + 3)
#define FW_CFG_HPET (FW_CFG_ARCH_LOCAL + 4)

#define FW_CFG_IO_BASE 0x510
#define FW_CFG_MAX_FILE_PATH 56

#define TYPE_FW_CFG_IO "fw_cfg_io"
OBJECT_DECLARE_SIMPLE_TYPE(FWCfgState, FW_CFG_IO)

/* Create, realize and map at iobase (and DMA at iobase + 4). */
FWCfgState *fw_cfg_init_io(uint16_t iobase);
FWCfgState *fw_cfg_find(void);
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len);
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
/* Add or replace a named file ("etc/e820"); false if the directory is
 * full or the name too long. */
bool fw_cfg_add_file(FWCfgState *s, const char *filename, const void *data,
                     size_t len);

#endif
