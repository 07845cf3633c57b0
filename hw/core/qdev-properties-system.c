/*
 * The drive= property (DEFINE_PROP_DRIVE): a BlockBackend * field set
 * from a -drive id or a -blockdev node name.  Setting it attaches the
 * backend to the device, so a second device naming the same drive gets
 * QEMU's "already in use" error; releasing the property detaches it.
 */
#include "qemu/osdep.h"
#include "hw/qdev-properties.h"
#include "sysemu/blockdev.h"
#include "qemu/error.h"

static BlockBackend **drive_field(Object *obj, Property *prop)
{
    return (BlockBackend **)((char *)obj + prop->offset);
}

static QObject *prop_get_drive(Object *obj, Property *prop, Error **errp)
{
    BlockBackend *blk = *drive_field(obj, prop);
    const char *name = "";

    if (blk) {
        name = blk_name(blk);
        if (!name[0] && blk_bs(blk)) {
            name = blk_bs(blk)->node_name;
        }
    }
    return QOBJECT(qstring_from_str(name));
}

static bool prop_set_drive(Object *obj, Property *prop, QObject *v,
                           Error **errp)
{
    BlockBackend **p = drive_field(obj, prop);
    QString *qs = qobject_to(QString, v);
    const char *str;

    if (!qs) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   prop->name);
        return false;
    }
    str = qstring_get_str(qs);
    if (*p) {
        /* QEMU refuses to change an already set drive */
        error_setg(errp, "drive property already set");
        return false;
    }
    if (!*str) {
        return true;
    }
    *p = blockdev_attach_drive(str, obj, object_get_typename(obj), errp);
    return *p != NULL;
}

static void prop_release_drive(Object *obj, Property *prop)
{
    BlockBackend **p = drive_field(obj, prop);

    if (*p) {
        blockdev_detach_drive(*p, obj);
        *p = NULL;
    }
}

const PropertyInfo qdev_prop_drive = {
    .name = "str",
    .description = "Node name or ID of a block device to use as a backend",
    .get = prop_get_drive,
    .set = prop_set_drive,
    .release = prop_release_drive,
};
