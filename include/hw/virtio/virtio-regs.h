/*
 * Constants of the virtio specification (1.x, with the legacy ones):
 * status and feature bits, split ring layout, PCI capabilities and
 * register offsets, and the block device's.  Values are the spec's.
 */
#ifndef HW_VIRTIO_VIRTIO_REGS_H
#define HW_VIRTIO_VIRTIO_REGS_H

/* Device status */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE        0x01
#define VIRTIO_CONFIG_S_DRIVER             0x02
#define VIRTIO_CONFIG_S_DRIVER_OK          0x04
#define VIRTIO_CONFIG_S_FEATURES_OK        0x08
#define VIRTIO_CONFIG_S_NEEDS_RESET        0x40
#define VIRTIO_CONFIG_S_FAILED             0x80

/* Feature bits independent of the device type */
#define VIRTIO_F_NOTIFY_ON_EMPTY           24
#define VIRTIO_F_ANY_LAYOUT                27
#define VIRTIO_RING_F_INDIRECT_DESC        28
#define VIRTIO_RING_F_EVENT_IDX            29
#define VIRTIO_F_BAD_FEATURE               30   /* legacy only */
#define VIRTIO_F_VERSION_1                 32
#define VIRTIO_F_ACCESS_PLATFORM           33
#define VIRTIO_F_RING_PACKED               34

/* Split ring */
#define VRING_DESC_F_NEXT                  1
#define VRING_DESC_F_WRITE                 2
#define VRING_DESC_F_INDIRECT              4
#define VRING_AVAIL_F_NO_INTERRUPT         1
#define VRING_USED_F_NO_NOTIFY             1
#define VRING_DESC_SIZE                    16
#define VRING_USED_ELEM_SIZE               8
#define VIRTIO_PCI_VRING_ALIGN             4096  /* legacy ring layout */
#define VIRTIO_PCI_QUEUE_ADDR_SHIFT        12

/* ISR bits */
#define VIRTIO_ISR_QUEUE                   0x1
#define VIRTIO_ISR_CONFIG                  0x2

/* Device IDs */
#define VIRTIO_ID_NET                      1
#define VIRTIO_ID_BLOCK                    2

/* PCI */
#define PCI_DEVICE_ID_VIRTIO_LEGACY_BASE   0x0fff  /* + device id */
#define PCI_DEVICE_ID_VIRTIO_10_BASE       0x1040  /* + device id */

/* Legacy I/O BAR registers (no MSI-X) */
#define VIRTIO_PCI_HOST_FEATURES           0x00
#define VIRTIO_PCI_GUEST_FEATURES          0x04
#define VIRTIO_PCI_QUEUE_PFN               0x08
#define VIRTIO_PCI_QUEUE_NUM               0x0c
#define VIRTIO_PCI_QUEUE_SEL               0x0e
#define VIRTIO_PCI_QUEUE_NOTIFY            0x10
#define VIRTIO_PCI_STATUS                  0x12
#define VIRTIO_PCI_ISR                     0x13
#define VIRTIO_PCI_CONFIG_OFF              0x14

/* Modern vendor capabilities */
#define VIRTIO_PCI_CAP_COMMON_CFG          1
#define VIRTIO_PCI_CAP_NOTIFY_CFG          2
#define VIRTIO_PCI_CAP_ISR_CFG             3
#define VIRTIO_PCI_CAP_DEVICE_CFG          4
#define VIRTIO_PCI_CAP_PCI_CFG             5
/* struct virtio_pci_cap: vndr, next, len, cfg_type, bar, id, pad[2],
 * offset (le32), length (le32); notify adds notify_off_multiplier. */
#define VIRTIO_PCI_CAP_CFG_TYPE            3
#define VIRTIO_PCI_CAP_BAR                 4
#define VIRTIO_PCI_CAP_OFFSET              8
#define VIRTIO_PCI_CAP_LENGTH              12
#define VIRTIO_PCI_CAP_SIZE                16
#define VIRTIO_PCI_NOTIFY_CAP_MULT         16
#define VIRTIO_PCI_NOTIFY_CAP_SIZE         20
#define VIRTIO_PCI_CFG_CAP_DATA            16
#define VIRTIO_PCI_CFG_CAP_SIZE            20

/* struct virtio_pci_common_cfg */
#define VIRTIO_PCI_COMMON_DFSELECT         0x00
#define VIRTIO_PCI_COMMON_DF               0x04
#define VIRTIO_PCI_COMMON_GFSELECT         0x08
#define VIRTIO_PCI_COMMON_GF               0x0c
#define VIRTIO_PCI_COMMON_MSIX             0x10
#define VIRTIO_PCI_COMMON_NUMQ             0x12
#define VIRTIO_PCI_COMMON_STATUS           0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION    0x15
#define VIRTIO_PCI_COMMON_Q_SELECT         0x16
#define VIRTIO_PCI_COMMON_Q_SIZE           0x18
#define VIRTIO_PCI_COMMON_Q_MSIX           0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE         0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF           0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO         0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI         0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO        0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI        0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO         0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI         0x34
#define VIRTIO_MSI_NO_VECTOR               0xffff

/* Block device */
#define VIRTIO_BLK_F_SIZE_MAX              1
#define VIRTIO_BLK_F_SEG_MAX               2
#define VIRTIO_BLK_F_GEOMETRY              4
#define VIRTIO_BLK_F_RO                    5
#define VIRTIO_BLK_F_BLK_SIZE              6
#define VIRTIO_BLK_F_FLUSH                 9
#define VIRTIO_BLK_F_TOPOLOGY              10
#define VIRTIO_BLK_F_CONFIG_WCE            11
#define VIRTIO_BLK_F_MQ                    12
#define VIRTIO_BLK_F_DISCARD               13
#define VIRTIO_BLK_F_WRITE_ZEROES          14

#define VIRTIO_BLK_T_IN                    0
#define VIRTIO_BLK_T_OUT                   1
#define VIRTIO_BLK_T_SCSI_CMD              2
#define VIRTIO_BLK_T_FLUSH                 4
#define VIRTIO_BLK_T_GET_ID                8
#define VIRTIO_BLK_T_DISCARD               11
#define VIRTIO_BLK_T_WRITE_ZEROES          13
#define VIRTIO_BLK_T_BARRIER               0x80000000u   /* legacy */

#define VIRTIO_BLK_S_OK                    0
#define VIRTIO_BLK_S_IOERR                 1
#define VIRTIO_BLK_S_UNSUPP                2

#define VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP 1
#define VIRTIO_BLK_ID_BYTES                20

/* struct virtio_blk_config offsets */
#define VIRTIO_BLK_CFG_CAPACITY            0x00
#define VIRTIO_BLK_CFG_SIZE_MAX            0x08
#define VIRTIO_BLK_CFG_SEG_MAX             0x0c
#define VIRTIO_BLK_CFG_CYLINDERS           0x10
#define VIRTIO_BLK_CFG_HEADS               0x12
#define VIRTIO_BLK_CFG_SECTORS             0x13
#define VIRTIO_BLK_CFG_BLK_SIZE            0x14
#define VIRTIO_BLK_CFG_PHYS_BLOCK_EXP      0x18
#define VIRTIO_BLK_CFG_ALIGNMENT_OFFSET    0x19
#define VIRTIO_BLK_CFG_MIN_IO_SIZE         0x1a
#define VIRTIO_BLK_CFG_OPT_IO_SIZE         0x1c
#define VIRTIO_BLK_CFG_WCE                 0x20
#define VIRTIO_BLK_CFG_NUM_QUEUES          0x22
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 0x24
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG     0x28
#define VIRTIO_BLK_CFG_DISCARD_ALIGNMENT   0x2c
#define VIRTIO_BLK_CFG_MAX_WZ_SECTORS      0x30
#define VIRTIO_BLK_CFG_MAX_WZ_SEG          0x34
#define VIRTIO_BLK_CFG_WZ_MAY_UNMAP        0x38
#define VIRTIO_BLK_CFG_SIZE                0x3c

#endif
