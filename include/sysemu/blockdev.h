/*
 * Block devices from the command line: -drive, -blockdev, -hda..-hdd,
 * -cdrom, -snapshot (system/blockdev.c), with QEMU 7.2's syntax and
 * messages.
 *
 * A -drive becomes a named BlockBackend (its id, or QEMU's generated
 * "ide0-hd0", "virtio0", ...) plus a DriveInfo recording the interface,
 * bus and unit; boards look drives up with drive_get() and claim them by
 * creating a device whose drive= property names the backend.  -blockdev
 * creates named nodes only; a device's drive= (DEFINE_PROP_DRIVE) may
 * name either a -drive id or a node name.
 */
#ifndef SYSEMU_BLOCKDEV_H
#define SYSEMU_BLOCKDEV_H

#include "block/block-backend.h"
#include "qemu/option.h"

typedef enum BlockInterfaceType {
    IF_DEFAULT = -1,
    IF_NONE = 0,
    IF_IDE, IF_SCSI, IF_FLOPPY, IF_PFLASH, IF_MTD, IF_SD, IF_VIRTIO, IF_XEN,
    IF_COUNT
} BlockInterfaceType;

typedef struct DriveInfo {
    BlockInterfaceType type;
    int bus;
    int unit;
    bool media_cd;          /* media=cdrom */
    bool claimed;           /* a device uses it (board or -device) */
    char *id;
    BlockBackend *blk;      /* never NULL; may have no medium */
    /* where it was given, to report "machine type does not support" */
    char *loc_opt, *loc_arg;
} DriveInfo;

/* Parse one option; exits with QEMU's message on a syntax error. */
void drive_add(const char *opt, const char *arg);   /* -drive */
void blockdev_add_cmdline(const char *opt, const char *arg); /* -blockdev */
/* -hda..-hdd (index 0-3), -cdrom (index 2, media=cdrom). */
void drive_add_hd(const char *opt, const char *file, int index);
void drive_add_cdrom(const char *opt, const char *file);
/* -snapshot: every -drive gets snapshot=on. */
void drive_set_snapshot_all(void);

/*
 * Open every -blockdev then -drive, in command-line order (after the
 * machine type is known: default_if is the board's interface for drives
 * without if=).  Exits with QEMU's message on the first failure.
 */
void blockdev_init_cmdline(BlockInterfaceType default_if);
/*
 * After board init: create the devices QEMU creates for if=virtio
 * (virtio-blk-pci) and if=ide (ide-hd/ide-cd on piix3-ide, the
 * controller made at 00:01.1 if the board did not), then report drives
 * of other interfaces that nothing claimed.  Exits on failure.
 */
void blockdev_create_default_devices(void);

DriveInfo *drive_get(BlockInterfaceType type, int bus, int unit);
DriveInfo *drive_get_by_index(BlockInterfaceType type, int index);
int drive_get_max_bus(BlockInterfaceType type);     /* -1: none */
DriveInfo *blk_drive_info(BlockBackend *blk);
const char *block_if_name(BlockInterfaceType type);

/*
 * What a device's drive= names: a -drive id, or a node name (a new
 * anonymous backend is created on the node).  Refuses, with QEMU's
 * messages, a backend another device holds.  dev_type is the device's
 * type name for "Property 'T.drive' can't find value 'x'".
 */
BlockBackend *blockdev_attach_drive(const char *name, void *dev,
                                    const char *dev_type, Error **errp);
void blockdev_detach_drive(BlockBackend *blk, void *dev);

/* blockdev-add: open a node graph from QMP/-blockdev options. */
BlockDriverState *blockdev_open_qdict(QDict *opts, bool top, Error **errp);

#endif
