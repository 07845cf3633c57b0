/*
 * The "tcg" accelerator object: -accel tcg[,tb-size=MiB][,thread=single].
 * init_machine only records the settings and installs the RAM-write hook;
 * the code buffer is created by the vCPU thread (tcg-accel-ops.c), which
 * is the only thread that translates or runs guest code.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/error.h"
#include "sysemu/accel.h"
#include "accel/tcg/internal.h"

#define TYPE_TCG_ACCEL ACCEL_CLASS_NAME("tcg")

typedef struct TCGAccelState {
    AccelState parent_obj;
    uint64_t tb_size_mib;      /* 0: default */
    bool multi_thread;
} TCGAccelState;

bool tcg_allowed;
size_t tcg_tb_size;

static char *tcg_get_tb_size(Object *obj, Error **errp)
{
    TCGAccelState *s = (TCGAccelState *)obj;

    return g_strdup_printf("%" PRIu64, s->tb_size_mib);
}

static void tcg_set_tb_size(Object *obj, const char *value, Error **errp)
{
    TCGAccelState *s = (TCGAccelState *)obj;
    uint64_t v;

    if (qemu_strtou64(value, NULL, 0, &v) < 0) {
        error_setg(errp, "Parameter 'tb-size' expects uint64");
        return;
    }
    /* The buffer must stay within rel32 reach of itself: at most 1 GiB. */
    s->tb_size_mib = MIN(v, 1024);
}

static char *tcg_get_thread(Object *obj, Error **errp)
{
    TCGAccelState *s = (TCGAccelState *)obj;

    return g_strdup(s->multi_thread ? "multi" : "single");
}

static void tcg_set_thread(Object *obj, const char *value, Error **errp)
{
    TCGAccelState *s = (TCGAccelState *)obj;

    if (g_str_equal(value, "single")) {
        s->multi_thread = false;
    } else if (g_str_equal(value, "multi")) {
        s->multi_thread = true;
    } else {
        error_setg(errp, "Invalid 'thread' setting %s", value);
    }
}

static int tcg_init_machine(MachineState *ms, Error **errp)
{
    TCGAccelState *s = (TCGAccelState *)current_accel();

    if (s->multi_thread) {
        warn_report("MTTCG is not supported: running all vCPUs in one "
                    "thread (thread=single)");
    }
    tcg_tb_size = s->tb_size_mib * MiB;
    memory_notify_ram_write = tcg_notify_ram_write;
    tcg_register_memory_listener();
    return 0;
}

static void tcg_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->init_machine = tcg_init_machine;
    ac->allowed = &tcg_allowed;
    object_class_property_add_str(oc, "tb-size", tcg_get_tb_size,
                                  tcg_set_tb_size);
    object_class_property_set_description(oc, "tb-size",
        "TCG translation block cache size");
    object_class_property_add_str(oc, "thread", tcg_get_thread,
                                  tcg_set_thread);
    object_class_property_set_description(oc, "thread",
        "Thread mode (single only; multi runs as single)");
}

static const TypeInfo tcg_accel_type = {
    .name = TYPE_TCG_ACCEL,
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(TCGAccelState),
    .class_init = tcg_accel_class_init,
};

static void tcg_accel_register_types(void)
{
    type_register_static(&tcg_accel_type);
}

type_init(tcg_accel_register_types)
