/*
 * Accelerator objects and their selection.  -accel options (or the names of
 * -machine accel=a:b) are tried in order; the first whose init_machine()
 * succeeds becomes current_accel() for the life of the process.
 */
#include "qemu/osdep.h"
#include "sysemu/accel.h"
#include "hw/boards.h"
#include "qemu/error.h"

/* Weak: an accelerator's own file may define its flag instead. */
__attribute__((weak)) bool kvm_allowed;
__attribute__((weak)) bool tcg_allowed;
__attribute__((weak)) bool qtest_allowed;

static AccelState *accel_current;

AccelState *current_accel(void)
{
    return accel_current;
}

const char *current_accel_name(void)
{
    return accel_current ? ACCEL_GET_CLASS(accel_current)->name : NULL;
}

AccelClass *accel_find(const char *name)
{
    g_autofree char *tn = g_strdup_printf(ACCEL_CLASS_NAME("%s"), name);
    ObjectClass *oc = object_class_by_name(tn);

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_ACCEL)) {
        return NULL;
    }
    return ACCEL_CLASS(oc);
}

/* "kvm-accel" pairs with the vCPU ops class "kvm-accel-ops", if any. */
static void accel_register_ops(AccelState *accel)
{
    g_autofree char *tn = g_strdup_printf("%s-ops",
                                          object_get_typename(OBJECT(accel)));
    ObjectClass *oc = object_class_by_name(tn);

    if (oc && object_class_dynamic_cast(oc, TYPE_ACCEL_OPS)) {
        cpus_register_accel(ACCEL_OPS_CLASS(oc));
    }
}

int accel_init_machine(AccelState *accel, MachineState *ms, Error **errp)
{
    AccelClass *ac = ACCEL_GET_CLASS(accel);
    int ret;

    ms->accelerator = accel;
    accel_current = accel;
    ret = ac->init_machine ? ac->init_machine(ms, errp) : 0;
    if (ret < 0) {
        ms->accelerator = NULL;
        accel_current = NULL;
        if (ac->allowed) {
            *ac->allowed = false;
        }
        return ret;
    }
    if (ac->allowed) {
        *ac->allowed = true;
    }
    accel_register_ops(accel);
    return 0;
}

void accel_setup_post(MachineState *ms)
{
    AccelState *accel = ms->accelerator;

    if (accel && ACCEL_GET_CLASS(accel)->setup_post) {
        ACCEL_GET_CLASS(accel)->setup_post(ms, accel);
    }
}

static void accel_set_loc(const AccelOption *o)
{
    if (o->loc_opt) {
        loc_set_cmdline(o->loc_opt, o->loc_arg);
    } else {
        loc_set_none();
    }
}

/* Apply "key=value" settings; a bad one is fatal, as in QEMU. */
static void accel_set_props(AccelState *accel, const AccelOption *o)
{
    Error *err = NULL;

    if (!object_apply_global_props(OBJECT(accel), &err)) {
        error_report_err(err);
        exit(1);
    }
    for (guint i = 0; o->props && i < o->props->len; i++) {
        const char *kv = g_ptr_array_index(o->props, i);
        const char *eq = strchr(kv, '=');
        g_autofree char *key = g_strndup(kv, eq ? eq - kv : strlen(kv));

        if (!object_property_parse(OBJECT(accel), key, eq ? eq + 1 : "on",
                                   &err)) {
            error_report_err(err);
            exit(1);
        }
    }
}

void accel_setup_from_list(MachineState *ms, GList *accel_opts)
{
    bool init_failed = false;

    for (GList *l = accel_opts; l; l = l->next) {
        const AccelOption *o = l->data;
        AccelClass *ac;
        AccelState *accel;
        Error *err = NULL;
        int ret;

        accel_set_loc(o);
        ac = accel_find(o->name);
        if (!ac) {
            error_report("invalid accelerator %s", o->name);
            init_failed = true;
            continue;
        }
        accel = ACCEL(object_new_with_class(OBJECT_CLASS(ac)));
        accel_set_props(accel, o);
        ret = accel_init_machine(accel, ms, &err);
        if (ret < 0) {
            if (err) {
                error_report_err(err);
            }
            error_report("failed to initialize %s: %s", o->name,
                         strerror(-ret));
            object_unref(accel);
            init_failed = true;
            continue;
        }
        loc_set_none();
        if (init_failed && !qtest_allowed) {
            error_report("falling back to %s", ac->name ? ac->name : o->name);
        }
        return;
    }
    loc_set_none();
    if (!init_failed) {
        error_report("no accelerator found");
    }
    exit(1);
}

void accel_print_help(FILE *out)
{
    /* QEMU 7.2's order; qtest is for tests and not listed. */
    static const char *const order[] = {"tcg", "kvm"};
    GSList *list = object_class_get_list_sorted(TYPE_ACCEL, false);

    fprintf(out, "Accelerators supported in QEMU binary:\n");
    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        if (accel_find(order[i])) {
            fprintf(out, "%s\n", order[i]);
        }
    }
    for (GSList *el = list; el; el = el->next) {
        const char *tn = object_class_get_name(el->data);
        g_autofree char *name = NULL;

        if (!g_str_has_suffix(tn, ACCEL_CLASS_SUFFIX)) {
            continue;
        }
        name = g_strndup(tn, strlen(tn) - strlen(ACCEL_CLASS_SUFFIX));
        if (g_str_equal(name, "qtest") || g_str_equal(name, "tcg") ||
            g_str_equal(name, "kvm")) {
            continue;
        }
        fprintf(out, "%s\n", name);
    }
    g_slist_free(list);
}

static const TypeInfo accel_types[] = {
    {
        .name = TYPE_ACCEL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .class_size = sizeof(AccelClass),
        .instance_size = sizeof(AccelState),
    },
    {
        .name = TYPE_ACCEL_OPS,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .class_size = sizeof(AccelOpsClass),
        .instance_size = sizeof(AccelOpsState),
    },
};

DEFINE_TYPES(accel_types)
