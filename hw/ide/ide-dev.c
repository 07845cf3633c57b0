/*
 * The IDE bus type and the devices on it: ide-hd (drive= required) and
 * ide-cd (drive= optional: an empty drive reports no medium), placed with
 * bus=ide.N and unit=0|1 (default: the first free unit).  drive= names a
 * -drive id or a node name (DEFINE_PROP_DRIVE, sysemu/blockdev.h).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/ide/ide.h"
#include "hw/qdev-properties.h"

static void ide_bus_print_dev(GString *out, DeviceState *dev, int indent)
{
    g_string_append_printf(out, "%*sunit = %d\n", indent, "",
                           IDE_DEVICE(dev)->unit);
}

static void ide_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->max_dev = 2;
    bc->print_dev = ide_bus_print_dev;
}

static const TypeInfo ide_bus_info = {
    .name = TYPE_IDE_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(IDEBus),
    .class_init = ide_bus_class_init,
};

static void ide_dev_realize_kind(DeviceState *qdev, IDEDriveKind kind,
                                 Error **errp)
{
    IDEDevice *dev = IDE_DEVICE(qdev);
    IDEBus *bus = IDE_BUS(qdev_get_parent_bus(qdev));
    BlockBackend *blk = dev->blk;

    if (dev->unit == -1) {
        dev->unit = bus->ifs[0].kind == IDE_NONE ? 0 : 1;
    }
    if (dev->unit < 0 || dev->unit > 1) {
        error_setg(errp, "Can't create IDE unit %d, bus supports only 2 "
                   "units", dev->unit);
        return;
    }
    if (bus->ifs[dev->unit].kind != IDE_NONE) {
        error_setg(errp, "IDE unit %d is in use", dev->unit);
        return;
    }
    if (!blk && kind == IDE_HD) {
        error_setg(errp, "No drive specified");
        return;
    }
    if (blk && dev->write_cache != 0) {
        /* OnOffAuto: 0 auto (keep the -drive cache mode), 1 on, 2 off */
        if (dev->write_cache == 1 || dev->write_cache == 2) {
            blk_set_enable_write_cache(blk, dev->write_cache == 1);
        }
    }
    if (dev->cyls || dev->heads || dev->secs) {
        if (dev->cyls < 1 || dev->cyls > 65535) {
            error_setg(errp, "cyls must be between 1 and 65535");
            return;
        }
        if (dev->heads < 1 || dev->heads > 16) {
            error_setg(errp, "heads must be between 1 and 16");
            return;
        }
        if (dev->secs < 1 || dev->secs > 255) {
            error_setg(errp, "secs must be between 1 and 255");
            return;
        }
    }
    ide_bus_attach(bus, dev->unit, kind, blk, dev, errp);
}

static void ide_hd_realize(DeviceState *dev, Error **errp)
{
    ide_dev_realize_kind(dev, IDE_HD, errp);
}

static void ide_cd_realize(DeviceState *dev, Error **errp)
{
    ide_dev_realize_kind(dev, IDE_CD, errp);
}

static Property ide_dev_properties[] = {
    DEFINE_PROP_INT32("unit", IDEDevice, unit, -1),
    DEFINE_PROP_DRIVE("drive", IDEDevice, blk),
    DEFINE_PROP_STRING("serial", IDEDevice, serial),
    DEFINE_PROP_STRING("model", IDEDevice, model),
    DEFINE_PROP_STRING("ver", IDEDevice, version),
    DEFINE_PROP_END_OF_LIST(),
};

static Property ide_hd_properties[] = {
    DEFINE_PROP_UINT32("cyls", IDEDevice, cyls, 0),
    DEFINE_PROP_UINT32("heads", IDEDevice, heads, 0),
    DEFINE_PROP_UINT32("secs", IDEDevice, secs, 0),
    DEFINE_PROP_ON_OFF_AUTO("write-cache", IDEDevice, write_cache, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void ide_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_IDE_BUS;
    dc->categories |= 1UL << DEVICE_CATEGORY_STORAGE;
    device_class_set_props(dc, ide_dev_properties);
}

static void ide_hd_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = ide_hd_realize;
    dc->desc = "virtual IDE disk";
    dc->fw_name = "drive";
    dc->user_creatable = true;
    device_class_set_props(dc, ide_hd_properties);
}

static void ide_cd_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = ide_cd_realize;
    dc->desc = "virtual IDE CD-ROM";
    dc->fw_name = "drive";
    dc->user_creatable = true;
}

static const TypeInfo ide_dev_info = {
    .name = TYPE_IDE_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(IDEDevice),
    .abstract = true,
    .class_init = ide_dev_class_init,
};

static const TypeInfo ide_hd_info = {
    .name = TYPE_IDE_HD,
    .parent = TYPE_IDE_DEVICE,
    .instance_size = sizeof(IDEDevice),
    .class_init = ide_hd_class_init,
};

static const TypeInfo ide_cd_info = {
    .name = TYPE_IDE_CD,
    .parent = TYPE_IDE_DEVICE,
    .instance_size = sizeof(IDEDevice),
    .class_init = ide_cd_class_init,
};

DeviceState *ide_bus_create_drive(IDEBus *bus, int unit, BlockBackend *blk,
                                  bool cdrom)
{
    DeviceState *dev = qdev_new(cdrom ? TYPE_IDE_CD : TYPE_IDE_HD);

    qdev_prop_set_int32(dev, "unit", unit);
    if (blk) {
        qdev_prop_set_string(dev, "drive", blk_name(blk));
    }
    /* the drive property attaches the backend to this device */
    qdev_realize_and_unref(dev, &bus->qbus, &error_fatal);
    return dev;
}

static void ide_dev_register_types(void)
{
    type_register_static(&ide_bus_info);
    type_register_static(&ide_dev_info);
    type_register_static(&ide_hd_info);
    type_register_static(&ide_cd_info);
}
type_init(ide_dev_register_types)
