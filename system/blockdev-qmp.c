/*
 * QMP and HMP block commands: query-block, query-named-block-nodes,
 * blockdev-add, blockdev-del, block_resize and "info block", with QEMU
 * 7.2's reply shapes and messages (schema: qapi/block.json).
 */
#include "qemu/osdep.h"
#include "sysemu/blockdev.h"
#include "block/block_int.h"
#include "monitor/qmp.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "hw/qdev-core.h"
#include "qemu/error.h"

bool blockdev_is_monitor_owned(BlockDriverState *bs);
void blockdev_release_monitor_node(BlockDriverState *bs);
void hmp_info_block(Monitor *mon, int argc, char **argv);

static QDict *image_info(BlockDriverState *bs)
{
    QDict *d = qdict_new();
    QDict *spec = bdrv_get_specific_info(bs);
    int64_t len = bdrv_getlength(bs);
    int64_t alloc = bdrv_get_allocated_file_size(bs);
    int csize = bdrv_get_cluster_size(bs);

    if (bs->drv && bs->drv->is_protocol && len > 0) {
        len = ROUND_UP(len, 512);       /* QEMU counts whole sectors */
    }
    qdict_put_int(d, "virtual-size", len < 0 ? 0 : len);
    qdict_put_str(d, "filename", bs->filename);
    if (csize > 0 && strcmp(bdrv_get_format_name(bs), "raw") &&
        strcmp(bdrv_get_format_name(bs), "file")) {
        qdict_put_int(d, "cluster-size", csize);
    }
    qdict_put_str(d, "format", bdrv_get_format_name(bs));
    if (alloc >= 0) {
        qdict_put_int(d, "actual-size", alloc);
    }
    if (spec && qdict_size(spec)) {
        QDict *fs = qdict_new();

        qdict_put_str(fs, "type", bdrv_get_format_name(bs));
        qdict_put(fs, "data", spec);
        qdict_put(d, "format-specific", fs);
    } else {
        qobject_unref(spec);
    }
    qdict_put_bool(d, "dirty-flag", false);
    if (bs->backing_file[0]) {
        g_autofree char *full =
            bdrv_get_full_backing_filename(bs->filename, bs->backing_file);

        qdict_put_str(d, "backing-filename", bs->backing_file);
        qdict_put_str(d, "full-backing-filename", full);
        if (bs->backing_format[0]) {
            qdict_put_str(d, "backing-filename-format", bs->backing_format);
        }
    }
    if (bs->backing) {
        qdict_put(d, "backing-image", image_info(bs->backing));
    }
    return d;
}

static QDict *block_device_info(BlockDriverState *bs, BlockBackend *blk)
{
    QDict *d = qdict_new();
    QDict *cache = qdict_new();
    int depth = 0;
    static const char *const dz[] = { "off", "on", "unmap" };

    for (BlockDriverState *b = bs->backing; b; b = b->backing) {
        depth++;
    }
    qdict_put_int(d, "iops_rd", 0);
    qdict_put_str(d, "detect_zeroes", dz[bs->detect_zeroes]);
    qdict_put(d, "image", image_info(bs));
    qdict_put_int(d, "iops_wr", 0);
    qdict_put_bool(d, "ro", bs->read_only);
    qdict_put_str(d, "node-name", bs->node_name);
    qdict_put_int(d, "backing_file_depth", depth);
    qdict_put_str(d, "drv", bdrv_get_format_name(bs));
    qdict_put_int(d, "iops", 0);
    qdict_put_int(d, "bps_wr", 0);
    qdict_put_int(d, "write_threshold", 0);
    if (bs->backing_file[0]) {
        qdict_put_str(d, "backing_file", bs->backing_file);
    }
    qdict_put_bool(d, "encrypted", bs->encrypted);
    qdict_put_int(d, "bps", 0);
    qdict_put_int(d, "bps_rd", 0);
    qdict_put_bool(cache, "no-flush", bs->open_flags & BDRV_O_NO_FLUSH);
    qdict_put_bool(cache, "direct", bs->open_flags & BDRV_O_NOCACHE);
    qdict_put_bool(cache, "writeback", blk ? blk_enable_write_cache(blk)
                                           : true);
    qdict_put(d, "cache", cache);
    qdict_put_str(d, "file", bs->filename);
    return d;
}

static bool dev_is_cdrom(Object *dev)
{
    return dev && object_dynamic_cast(dev, "ide-cd");
}

static QDict *block_info(BlockBackend *blk)
{
    QDict *d = qdict_new();
    Object *dev = blk_get_attached_dev(blk);
    bool removable = !dev || dev_is_cdrom(dev);

    if (dev) {
        g_autofree char *path = object_get_canonical_path(dev);

        qdict_put_str(d, "io-status", "ok");
        qdict_put_str(d, "qdev", path);
    }
    qdict_put_str(d, "device", blk_name(blk));
    qdict_put_bool(d, "locked", false);
    qdict_put_bool(d, "removable", removable);
    if (blk_bs(blk)) {
        qdict_put(d, "inserted", block_device_info(blk_bs(blk), blk));
    }
    if (dev && removable) {
        qdict_put_bool(d, "tray_open", false);
    }
    qdict_put_str(d, "type", "unknown");
    return d;
}

static bool blk_is_listed(BlockBackend *blk)
{
    return blk_name(blk)[0] || blk_get_attached_dev(blk);
}

static void qmp_query_block(QDict *args, QObject **ret, Error **errp)
{
    QList *list = qlist_new();

    for (BlockBackend *blk = blk_next(NULL); blk; blk = blk_next(blk)) {
        if (blk_is_listed(blk)) {
            qlist_append(list, block_info(blk));
        }
    }
    *ret = QOBJECT(list);
}

static void collect_node(BlockDriverState *bs, void *opaque)
{
    g_ptr_array_add(opaque, bs);
}

static void qmp_query_named_block_nodes(QDict *args, QObject **ret,
                                        Error **errp)
{
    g_autoptr(GPtrArray) nodes = g_ptr_array_new();
    QList *list = qlist_new();

    bdrv_iterate_nodes(collect_node, nodes);
    for (guint i = nodes->len; i-- > 0;) {
        BlockDriverState *bs = g_ptr_array_index(nodes, i);

        qlist_append(list, block_device_info(bs, blk_by_root_bs(bs)));
    }
    *ret = QOBJECT(list);
}

static void qmp_blockdev_add(QDict *args, QObject **ret, Error **errp)
{
    blockdev_open_qdict(args, true, errp);
}

static void qmp_blockdev_del(QDict *args, QObject **ret, Error **errp)
{
    const char *name = qdict_get_str(args, "node-name");
    BlockDriverState *bs = bdrv_find_node(name);

    if (!bs) {
        error_setg(errp, "Failed to find node with node-name='%s'", name);
        return;
    }
    if (!blockdev_is_monitor_owned(bs)) {
        error_setg(errp, "Node %s is not owned by the monitor",
                   bs->node_name);
        return;
    }
    if (blk_by_root_bs(bs)) {
        error_setg(errp, "Node %s is in use", name);
        return;
    }
    if (bs->refcnt > 1) {
        error_setg(errp, "Node '%s' is busy: node is used as backing hd or "
                   "file of another node", name);
        return;
    }
    blockdev_release_monitor_node(bs);
}

static void qmp_block_resize(QDict *args, QObject **ret, Error **errp)
{
    const char *device = qdict_get_try_str(args, "device");
    const char *node = qdict_get_try_str(args, "node-name");
    int64_t size = qdict_get_int(args, "size");
    BlockBackend *blk = device ? blk_by_name(device) : NULL;
    BlockDriverState *bs = NULL;

    if (device && node) {
        error_setg(errp, "Cannot find device='%s' nor node-name='%s'",
                   device, node);
        return;
    }
    if (blk) {
        bs = blk_bs(blk);
        if (!bs) {
            error_setg(errp, "Device '%s' has no medium", device);
            return;
        }
    } else if (node) {
        bs = bdrv_find_node(node);
        blk = bs ? blk_by_root_bs(bs) : NULL;
    }
    if (!bs) {
        error_setg(errp, "Cannot find device='%s' nor node-name='%s'",
                   device ? device : "", node ? node : "");
        return;
    }
    if (size < 0) {
        error_setg(errp, "Parameter 'size' expects a >0 size");
        return;
    }
    if (bs->read_only) {
        error_setg(errp, "Block node is read-only");
        return;
    }
    if (blk) {
        blk_truncate(blk, size, errp);
    } else {
        bdrv_truncate(bs, size, false, PREALLOC_MODE_OFF, errp);
    }
}

static const QmpCommandDef qmp_block_cmds[] = {
    { "query-block", qmp_query_block },
    { "query-named-block-nodes", qmp_query_named_block_nodes },
    { "blockdev-add", qmp_blockdev_add },
    { "blockdev-del", qmp_blockdev_del },
    { "block_resize", qmp_block_resize },
};
QMP_REGISTER_COMMANDS(qmp_block_cmds)

/* ---- HMP ---- */

void hmp_info_block(Monitor *mon, int argc, char **argv)
{
    bool first = true;

    for (BlockBackend *blk = blk_next(NULL); blk; blk = blk_next(blk)) {
        BlockDriverState *bs = blk_bs(blk);
        Object *dev = blk_get_attached_dev(blk);
        bool removable = !dev || dev_is_cdrom(dev);

        if (!blk_is_listed(blk)) {
            continue;
        }
        if (argc > 1 && strcmp(argv[1], blk_name(blk))) {
            continue;
        }
        if (!first) {
            monitor_printf(mon, "\n");
        }
        first = false;
        monitor_printf(mon, "%s", blk_name(blk));
        if (bs) {
            int depth = 0;

            for (BlockDriverState *b = bs->backing; b; b = b->backing) {
                depth++;
            }
            monitor_printf(mon, " (%s): %s (%s%s)\n", bs->node_name,
                           bs->filename, bdrv_get_format_name(bs),
                           bs->read_only ? ", read-only" : "");
            if (dev) {
                g_autofree char *path = object_get_canonical_path(dev);
                DeviceState *ds = (DeviceState *)object_dynamic_cast(
                    dev, TYPE_DEVICE);

                monitor_printf(mon, "    Attached to:      %s\n",
                               ds && ds->id ? ds->id : path);
            }
            if (removable) {
                monitor_printf(mon, "    Removable device: not locked, "
                               "tray closed\n");
            }
            monitor_printf(mon, "    Cache mode:       %s%s%s\n",
                           blk_enable_write_cache(blk) ? "writeback"
                                                       : "writethrough",
                           bs->open_flags & BDRV_O_NOCACHE ? ", direct" : "",
                           bs->open_flags & BDRV_O_NO_FLUSH
                               ? ", ignore flushes" : "");
            if (bs->backing_file[0]) {
                monitor_printf(mon, "    Backing file:     %s (chain depth: "
                               "%d)\n", bs->backing_file, depth);
            }
            if (bs->detect_zeroes != DETECT_ZEROES_OFF) {
                monitor_printf(mon, "    Detect zeroes:    %s\n",
                               bs->detect_zeroes == DETECT_ZEROES_ON
                                   ? "on" : "unmap");
            }
        } else {
            monitor_printf(mon, ": [not inserted]\n");
            if (dev) {
                g_autofree char *path = object_get_canonical_path(dev);

                monitor_printf(mon, "    Attached to:      %s\n", path);
            }
            if (removable) {
                monitor_printf(mon, "    Removable device: not locked, "
                               "tray closed\n");
            }
        }
    }
}
