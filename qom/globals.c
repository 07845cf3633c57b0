/*
 * -global DRIVER.PROP=VALUE: defaults applied to every new instance of
 * DRIVER (or of a subtype), in the order they were given.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qom/object.h"
#include "hw/qdev-core.h"

static GPtrArray *global_props;

static GPtrArray *globals(void)
{
    if (!global_props) {
        global_props = g_ptr_array_new();
    }
    return global_props;
}

void object_register_global(const char *driver, const char *property,
                            const char *value)
{
    GlobalProperty *g = g_new0(GlobalProperty, 1);

    g->driver = g_strdup(driver);
    g->property = g_strdup(property);
    g->value = g_strdup(value);
    g_ptr_array_add(globals(), g);
}

bool object_apply_global_props(Object *obj, Error **errp)
{
    for (guint i = 0; i < globals()->len; i++) {
        GlobalProperty *g = g_ptr_array_index(globals(), i);
        Error *err = NULL;

        if (!object_dynamic_cast(obj, g->driver)) {
            continue;
        }
        g->used = true;
        if (!object_property_parse(obj, g->property, g->value, &err)) {
            error_prepend(&err, "can't apply global %s.%s=%s: ", g->driver,
                          g->property, g->value);
            if (errp) {
                error_propagate(errp, err);
                return false;
            }
            warn_report_err(err);
        }
    }
    return true;
}

void object_check_globals_used(void)
{
    for (guint i = 0; i < globals()->len; i++) {
        GlobalProperty *g = g_ptr_array_index(globals(), i);
        ObjectClass *oc;

        if (g->used) {
            continue;
        }
        oc = object_class_dynamic_cast(object_class_by_name(g->driver),
                                       TYPE_DEVICE);
        if (!oc) {
            warn_report("global %s.%s has invalid class name", g->driver,
                        g->property);
            continue;
        }
        /* Like QEMU: a hotpluggable device may still come later. */
        if (DEVICE_CLASS(oc)->hotpluggable) {
            continue;
        }
        warn_report("global %s.%s=%s not used", g->driver, g->property,
                    g->value);
    }
}

void object_reset_globals(void)
{
    for (guint i = 0; i < globals()->len; i++) {
        GlobalProperty *g = g_ptr_array_index(globals(), i);

        g_free((char *)g->driver);
        g_free((char *)g->property);
        g_free((char *)g->value);
        g_free(g);
    }
    g_ptr_array_set_size(globals(), 0);
}
