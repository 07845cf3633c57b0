/*
 * qdev: static properties, defaults and -global, realize/unrealize,
 * buses, GPIO lines, reset order, -device, help and "info qtree".
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/option.h"
#include "qobject/qobject.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include <sys/wait.h>

static GString *trace;

static void tr(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void tr(const char *fmt, ...)
{
    va_list ap;

    if (trace->len) {
        g_string_append_c(trace, ' ');
    }
    va_start(ap, fmt);
    g_string_append_vprintf(trace, fmt, ap);
    va_end(ap);
}

static const char *name_of(DeviceState *dev)
{
    return dev->id ? dev->id : object_get_typename(OBJECT(dev));
}

#define TYPE_TEST_BUS "test-bus"
#define TYPE_TEST_DEV "test-dev"
#define TYPE_TEST_BRIDGE "test-bridge"
#define TYPE_TEST_HIDDEN "test-hidden"
#define TYPE_TEST_UNCAT "test-uncat"

typedef struct TestDev {
    DeviceState parent_obj;
    uint32_t iobase;
    bool flag;
    uint32_t bits;
    uint8_t u8;
    uint16_t u16;
    int32_t i32;
    uint64_t u64;
    int64_t i64;
    uint64_t size;
    char *str;
    int mode;
    int32_t devfn;
    Object *peer;
    bool fail;
    qemu_irq out[2];
    int level[4];
    uint32_t u32max;
} TestDev;

typedef struct TestBridge {
    SysBusDevice parent_obj;
    BusState *bus;
    MemoryRegion *unused;
} TestBridge;

#define TEST_DEV(obj) OBJECT_CHECK(TestDev, obj, TYPE_TEST_DEV)
#define TEST_BRIDGE(obj) OBJECT_CHECK(TestBridge, obj, TYPE_TEST_BRIDGE)

static Property test_dev_props[] = {
    DEFINE_PROP_UINT32("iobase", TestDev, iobase, 0x3f8),
    DEFINE_PROP_BOOL("flag", TestDev, flag, false),
    DEFINE_PROP_BIT("bit3", TestDev, bits, 3, true),
    DEFINE_PROP_UINT8("u8", TestDev, u8, 7),
    DEFINE_PROP_UINT16("u16", TestDev, u16, 0xffff),
    DEFINE_PROP_INT32("i32", TestDev, i32, -5),
    DEFINE_PROP_UINT64("u64", TestDev, u64, 0),
    DEFINE_PROP_INT64("i64", TestDev, i64, -1),
    DEFINE_PROP_SIZE("size", TestDev, size, 2 * GiB),
    DEFINE_PROP_STRING("str", TestDev, str),
    DEFINE_PROP_ON_OFF_AUTO("mode", TestDev, mode, 0),
    DEFINE_PROP_PCI_DEVFN("addr", TestDev, devfn, -1),
    DEFINE_PROP_LINK("peer", TestDev, peer, TYPE_TEST_DEV, TestDev *),
    DEFINE_PROP_BOOL("fail", TestDev, fail, false),
    DEFINE_PROP_UINT32("u32-max", TestDev, u32max, UINT32_MAX),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_dev_irq(void *opaque, int n, int level)
{
    TestDev *d = opaque;

    d->level[n] = level;
    tr("%s.in%d=%d", name_of(DEVICE(d)), n, level);
}

static void test_dev_named_irq(void *opaque, int n, int level)
{
    tr("%s.ctl%d=%d", name_of(opaque), n, level);
}

static void test_dev_init(Object *obj)
{
    TestDev *d = TEST_DEV(obj);

    qdev_init_gpio_in(DEVICE(d), test_dev_irq, 2);
    qdev_init_gpio_in_named(DEVICE(d), test_dev_named_irq, "ctl", 1);
    qdev_init_gpio_out(DEVICE(d), d->out, 2);
}

static void test_dev_realize(DeviceState *dev, Error **errp)
{
    TestDev *d = TEST_DEV(dev);

    if (d->fail) {
        error_setg(errp, "device '%s' refuses to realize", name_of(dev));
        return;
    }
    tr("realize:%s", name_of(dev));
}

static void test_dev_unrealize(DeviceState *dev)
{
    tr("unrealize:%s", name_of(dev));
}

static void test_dev_reset(DeviceState *dev)
{
    tr("reset:%s", name_of(dev));
}

static void test_dev_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = test_dev_realize;
    dc->unrealize = test_dev_unrealize;
    dc->reset = test_dev_reset;
    dc->bus_type = TYPE_TEST_BUS;
    dc->desc = "A test device";
    dc->categories = 1UL << DEVICE_CATEGORY_MISC;
    device_class_set_props(dc, test_dev_props);
}

static bool test_bus_check_address(BusState *bus, DeviceState *dev,
                                   Error **errp)
{
    if (TEST_DEV(dev)->iobase == 0xdead) {
        error_setg(errp, "iobase 0xdead is not decoded by %s", bus->name);
        return false;
    }
    return true;
}

static void test_bus_print_dev(GString *out, DeviceState *dev, int indent)
{
    g_string_append_printf(out, "%*sport %#x\n", indent, "",
                           TEST_DEV(dev)->iobase);
}

static void test_bus_class_init(ObjectClass *klass, void *data)
{
    BusClass *bc = BUS_CLASS(klass);

    bc->max_dev = 3;
    bc->check_address = test_bus_check_address;
    bc->print_dev = test_bus_print_dev;
}

static void test_bridge_realize(DeviceState *dev, Error **errp)
{
    tr("realize:%s", name_of(dev));
    TEST_BRIDGE(dev)->bus = qbus_new(TYPE_TEST_BUS, dev, NULL);
}

static void test_bridge_unrealize(DeviceState *dev)
{
    tr("unrealize:%s", name_of(dev));
}

static void test_bridge_reset(DeviceState *dev)
{
    tr("reset:%s", name_of(dev));
}

static void test_bridge_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = test_bridge_realize;
    dc->unrealize = test_bridge_unrealize;
    dc->reset = test_bridge_reset;
    dc->user_creatable = true;
    dc->categories = 1UL << DEVICE_CATEGORY_BRIDGE;
}

static void test_hidden_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->user_creatable = false;
    dc->hotpluggable = false;
    dc->categories = 1UL << DEVICE_CATEGORY_MISC;
}

static const TypeInfo test_qdev_types[] = {
    {
        .name = TYPE_TEST_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = test_bus_class_init,
    },
    {
        .name = TYPE_TEST_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestDev),
        .instance_init = test_dev_init,
        .class_init = test_dev_class_init,
    },
    {
        .name = TYPE_TEST_BRIDGE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(TestBridge),
        .class_init = test_bridge_class_init,
    },
    {
        .name = TYPE_TEST_HIDDEN,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
        .class_init = test_hidden_class_init,
    },
    {
        .name = TYPE_TEST_UNCAT,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
    },
};

DEFINE_TYPES(test_qdev_types)

static char *err_text(Error *err)
{
    char *s = g_strdup(err ? error_get_pretty(err) : "(no error)");

    error_free(err);
    return s;
}

#define assert_error(err, expected)                                            \
    do {                                                                       \
        char *_s = err_text(err);                                              \
        g_assert_cmpstr(_s, ==, expected);                                     \
        g_free(_s);                                                            \
        err = NULL;                                                            \
    } while (0)

static char *print_prop(DeviceState *dev, const char *name)
{
    return object_property_print(OBJECT(dev), name, &error_abort);
}

#define assert_print(dev, name, expected)                                      \
    do {                                                                       \
        char *_p = print_prop(dev, name);                                      \
        g_assert_cmpstr(_p, ==, expected);                                     \
        g_free(_p);                                                            \
    } while (0)

/* One bridge with a test bus on the main system bus, for the tests. */
static BusState *test_bus(void)
{
    static DeviceState *bridge;

    if (!bridge) {
        bridge = qdev_new(TYPE_TEST_BRIDGE);
        qdev_set_id(bridge, g_strdup("br"), &error_abort);
        sysbus_realize_and_unref(SYS_BUS_DEVICE(bridge), &error_abort);
    }
    return TEST_BRIDGE(bridge)->bus;
}

static void test_static_props(void)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    TestDev *d = TEST_DEV(dev);
    Error *err = NULL;

    /* defaults */
    g_assert_cmphex(d->iobase, ==, 0x3f8);
    g_assert_false(d->flag);
    g_assert_cmphex(d->bits, ==, 1 << 3);
    g_assert_cmpuint(d->u8, ==, 7);
    g_assert_cmpuint(d->u16, ==, 0xffff);
    g_assert_cmpint(d->i32, ==, -5);
    g_assert_cmpint(d->i64, ==, -1);
    g_assert_cmpuint(d->size, ==, 2 * GiB);
    g_assert_null(d->str);
    g_assert_cmpint(d->mode, ==, 0);
    g_assert_cmpint(d->devfn, ==, -1);
    g_assert_cmpuint(d->u32max, ==, UINT32_MAX);
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "iobase", NULL), ==,
                    "uint32");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "addr", NULL), ==,
                    "int32");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "peer", NULL), ==,
                    "link<test-dev>");

    /* parse: values and QEMU's messages (the -device flavour) */
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "iobase", "0x2f8",
                                               &error_abort));
    g_assert_cmphex(d->iobase, ==, 0x2f8);
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "iobase", "1k",
                                                &err));
    assert_error(err, "Parameter 'iobase' expects integer");
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "iobase",
                                                "0x100000000", &err));
    assert_error(err, "Parameter 'iobase' expects uint32_t");
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "u8", "-1",
                                                &err));
    assert_error(err, "Parameter 'u8' expects uint8_t");
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "u16", "65536",
                                                &err));
    assert_error(err, "Parameter 'u16' expects uint16_t");
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "i32", "-7",
                                               &error_abort));
    g_assert_cmpint(d->i32, ==, -7);
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "i32",
                                                "2147483648", &err));
    assert_error(err, "Parameter 'i32' expects int32_t");
    g_assert_false(object_property_parse(OBJECT(dev), "i32", "x", &err));
    assert_error(err, "Parameter 'i32' expects int64");
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "u64", "-1",
                                               &error_abort));
    g_assert_cmphex(d->u64, ==, UINT64_MAX);
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "flag", "on",
                                               &error_abort));
    g_assert_true(d->flag);
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "flag", "maybe",
                                                &err));
    assert_error(err, "Parameter 'flag' expects 'on' or 'off'");
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "bit3", "off",
                                               &error_abort));
    g_assert_cmphex(d->bits, ==, 0);
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "size", "1.5k",
                                               &error_abort));
    g_assert_cmpuint(d->size, ==, 1536);
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "size", "foo",
                                                &err));
    assert_error(err, "Parameter 'size' expects size");
    g_assert_false(object_property_parse(OBJECT(dev), "size", "foo", &err));
    assert_error(err, "Parameter 'size' expects a non-negative number below "
                      "2^64");
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "str", "hello",
                                               &error_abort));
    g_assert_cmpstr(d->str, ==, "hello");
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "mode", "off",
                                               &error_abort));
    g_assert_cmpint(d->mode, ==, 2);
    g_assert_false(object_property_parse_keyval(OBJECT(dev), "mode", "no",
                                                &err));
    assert_error(err, "Parameter 'mode' does not accept value 'no'");

    /* pci devfn: "slot" or "slot.fn" in hex */
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "addr", "1f.7",
                                               &error_abort));
    g_assert_cmpint(d->devfn, ==, 0xff);
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "addr", "06",
                                               &error_abort));
    g_assert_cmpint(d->devfn, ==, 0x30);
    g_assert_true(object_property_parse_keyval(OBJECT(dev), "addr", "0x3.1",
                                               &error_abort));
    g_assert_cmpint(d->devfn, ==, 0x19);
    static const char *const bad_devfn[] = { "40", "1.9", "x", "0x20", "-1",
                                             "2.8", "3.", "" };
    for (size_t i = 0; i < ARRAY_SIZE(bad_devfn); i++) {
        char *msg = g_strdup_printf("Property 'test-dev.addr' doesn't take "
                                    "value '%s'", bad_devfn[i]);
        g_assert_false(object_property_parse_keyval(OBJECT(dev), "addr",
                                                    bad_devfn[i], &err));
        assert_error(err, msg);
        g_free(msg);
    }
    g_assert_cmpint(d->devfn, ==, 0x19);
    g_assert_false(object_property_set_int(OBJECT(dev), "addr", 256, &err));
    assert_error(err, "Parameter 'addr' expects a value between -1 and 255");
    g_assert_true(object_property_set_int(OBJECT(dev), "addr", -1,
                                          &error_abort));

    /* print, as "info qtree" shows values */
    assert_print(dev, "iobase", "760 (0x2f8)");
    assert_print(dev, "i32", "-7 (0xfffffffffffffff9)");
    assert_print(dev, "flag", "true");
    assert_print(dev, "size", "1536 (1.5 KiB)");
    assert_print(dev, "str", "\"hello\"");
    assert_print(dev, "mode", "\"off\"");

    /* convenience setters */
    qdev_prop_set_uint32(dev, "iobase", 0x3e8);
    qdev_prop_set_bit(dev, "flag", false);
    qdev_prop_set_uint8(dev, "u8", 1);
    qdev_prop_set_uint16(dev, "u16", 2);
    qdev_prop_set_int32(dev, "i32", -3);
    qdev_prop_set_uint64(dev, "u64", 4);
    qdev_prop_set_string(dev, "str", "bye");
    g_assert_cmphex(d->iobase, ==, 0x3e8);
    g_assert_false(d->flag);
    g_assert_cmpuint(d->u8 + d->u16 + d->u64, ==, 7);
    g_assert_cmpint(d->i32, ==, -3);
    g_assert_cmpstr(d->str, ==, "bye");

    /* after realize: frozen */
    g_assert_true(qdev_realize(dev, test_bus(), &error_abort));
    g_assert_false(object_property_set_uint(OBJECT(dev), "iobase", 1, &err));
    assert_error(err, "Attempt to set property 'iobase' on anonymous device "
                      "(type 'test-dev') after it was realized");
    dev->id = g_strdup("named");
    g_assert_false(object_property_parse(OBJECT(dev), "str", "x", &err));
    assert_error(err, "Attempt to set property 'str' on device 'named' "
                      "(type 'test-dev') after it was realized");
    g_assert_cmpstr(d->str, ==, "bye");
    object_unparent(OBJECT(dev));
    object_unref(dev);
}

static void test_link_prop(void)
{
    DeviceState *a = qdev_new(TYPE_TEST_DEV);
    DeviceState *b = qdev_new(TYPE_TEST_DEV);
    Error *err = NULL;

    g_assert_true(object_property_set_link(OBJECT(a), "peer", OBJECT(b),
                                           &error_abort));
    g_assert_true(TEST_DEV(a)->peer == OBJECT(b));
    g_assert_cmpint(OBJECT(b)->ref, ==, 2);
    g_assert_false(object_property_set_link(OBJECT(a), "peer",
                                            OBJECT(test_bus()), &err));
    assert_error(err, "Invalid parameter type for 'peer', expected: "
                      "test-dev");
    object_unref(a);                 /* drops its reference on b */
    g_assert_cmpint(OBJECT(b)->ref, ==, 1);
    object_unref(b);
}

static void test_globals(void)
{
    DeviceState *dev;

    object_reset_globals();
    object_register_global(TYPE_DEVICE, "nonexistent-on-some", "1");
    object_reset_globals();
    object_register_global(TYPE_TEST_DEV, "iobase", "0x100");
    object_register_global(TYPE_TEST_DEV, "str", "from-global");
    dev = qdev_new(TYPE_TEST_DEV);
    g_assert_cmphex(TEST_DEV(dev)->iobase, ==, 0x100);
    g_assert_cmpstr(TEST_DEV(dev)->str, ==, "from-global");
    /* still settable afterwards, like -device props over -global */
    qdev_prop_set_uint32(dev, "iobase", 0x200);
    g_assert_cmphex(TEST_DEV(dev)->iobase, ==, 0x200);
    object_unref(dev);
    object_reset_globals();
    if (g_test_subprocess()) {
        object_register_global(TYPE_TEST_DEV, "iobase", "foo");
        qdev_new(TYPE_TEST_DEV);
        return;
    }
}

static void test_globals_unused(void)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);

    object_reset_globals();
    object_register_global(TYPE_TEST_DEV, "iobase", "1");
    object_register_global(TYPE_TEST_HIDDEN, "x", "2");
    object_register_global("no-such", "y", "3");
    error_set_output(f);
    object_check_globals_used();
    error_set_output(NULL);
    fclose(f);
    /* test-dev is hotpluggable: it could still be created later */
    g_assert_cmpstr(buf, ==,
                    "qemu-system-x86_64: warning: global test-hidden.x=2 not "
                    "used\n"
                    "qemu-system-x86_64: warning: global no-such.y has "
                    "invalid class name\n");
    free(buf);
    object_reset_globals();
}

static void test_globals_fatal(void)
{
    if (g_test_subprocess()) {
        object_register_global(TYPE_TEST_DEV, "iobase", "foo");
        loc_set_cmdline("-device", "test-dev");
        qdev_new(TYPE_TEST_DEV);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(
        "qemu-system-x86_64: -device test-dev: can't apply global "
        "test-dev.iobase=foo: Parameter 'iobase' expects uint64\n");
}

static void test_realize(void)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    DeviceState *bad;
    Error *err = NULL;
    char *path;

    g_assert_false(dev->realized);
    g_string_truncate(trace, 0);
    g_assert_true(qdev_realize(dev, test_bus(), &error_abort));
    g_assert_cmpstr(trace->str, ==, "realize:test-dev");
    g_assert_true(dev->realized);
    g_assert_true(object_property_get_bool(OBJECT(dev), "realized",
                                           &error_abort));
    g_assert_true(qdev_get_parent_bus(dev) == test_bus());
    /* orphans are adopted by /machine/unattached */
    path = object_get_canonical_path(OBJECT(dev));
    g_assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    g_assert_cmpstr(dev->canonical_path, ==, path);
    g_free(path);
    g_string_truncate(trace, 0);
    qdev_unrealize(dev);
    g_assert_cmpstr(trace->str, ==, "unrealize:test-dev");
    g_assert_false(dev->realized);
    object_unparent(OBJECT(dev));
    g_assert_cmpint(test_bus()->num_children, ==, 0);
    object_unref(dev);

    /* failure: error out, no parent left behind */
    bad = qdev_new(TYPE_TEST_DEV);
    qdev_prop_set_bit(bad, "fail", true);
    g_assert_false(qdev_realize(bad, test_bus(), &err));
    assert_error(err, "device 'test-dev' refuses to realize");
    g_assert_false(bad->realized);
    g_assert_null(OBJECT(bad)->parent);
    qdev_prop_set_bit(bad, "fail", false);
    qdev_prop_set_uint32(bad, "iobase", 0xdead);
    g_assert_false(qdev_realize(bad, test_bus(), &err));
    assert_error(err, "iobase 0xdead is not decoded by br.0");
    object_unparent(OBJECT(bad));
    object_unref(bad);
}

static void test_bus_plugging(void)
{
    BusState *bus = test_bus();
    DeviceState *devs[3];
    DeviceState *extra = qdev_new(TYPE_TEST_DEV);
    Error *err = NULL;

    g_assert_cmpstr(bus->name, ==, "br.0");
    g_assert_true(qdev_get_child_bus(bus->parent, "br.0") == bus);
    g_assert_null(qdev_get_child_bus(bus->parent, "br.1"));
    g_assert_false(qdev_set_parent_bus(extra, sysbus_get_default(), &err));
    assert_error(err, "Device 'test-dev' can't go on System bus");
    for (int i = 0; i < 3; i++) {
        char id[8];

        devs[i] = qdev_new(TYPE_TEST_DEV);
        snprintf(id, sizeof(id), "p%d", i);
        qdev_set_id(devs[i], g_strdup(id), &error_abort);
        qdev_realize_and_unref(devs[i], bus, &error_abort);
    }
    g_assert_cmpint(bus->num_children, ==, 3);
    g_assert_true(qdev_find_recursive(sysbus_get_default(), "p1") == devs[1]);
    g_assert_null(qdev_find_recursive(sysbus_get_default(), "p9"));
    g_assert_true(object_resolve_path("/machine/peripheral/p2", NULL) ==
                  OBJECT(devs[2]));
    g_assert_true(object_resolve_path("/machine/peripheral/br/br.0", NULL) ==
                  OBJECT(bus));
    for (int i = 0; i < 3; i++) {
        object_unparent(OBJECT(devs[i]));
    }
    g_assert_cmpint(bus->num_children, ==, 0);
    object_unref(extra);
}

static void interceptor(void *opaque, int n, int level)
{
    qemu_irq original = *(qemu_irq *)opaque;

    tr("intercepted%d=%d", n, level);
    qemu_set_irq(original, level);
}

static void test_gpio(void)
{
    DeviceState *a = qdev_new(TYPE_TEST_DEV);
    DeviceState *b = qdev_new(TYPE_TEST_DEV);
    NamedGPIOList *ngl;
    qemu_irq pins[1];
    qemu_irq split;

    qdev_set_id(a, g_strdup("ga"), &error_abort);
    qdev_set_id(b, g_strdup("gb"), &error_abort);
    ngl = qdev_get_named_gpio_list(a, NULL);
    g_assert_cmpint(ngl->num_in, ==, 2);
    g_assert_cmpint(ngl->num_out, ==, 2);
    g_assert_cmpint(qdev_get_named_gpio_list(a, "ctl")->num_in, ==, 1);
    g_assert_cmpstr(object_property_get_type(OBJECT(a), "unnamed-gpio-in[1]",
                                             NULL), ==, "child<irq>");
    g_assert_cmpstr(object_property_get_type(OBJECT(a), "ctl[0]", NULL), ==,
                    "child<irq>");
    g_assert_cmpstr(object_property_get_type(OBJECT(a), "unnamed-gpio-out[0]",
                                             NULL), ==, "link<irq>");

    qdev_connect_gpio_out(a, 0, qdev_get_gpio_in(b, 1));
    qdev_connect_gpio_out(a, 1, qdev_get_gpio_in_named(b, "ctl", 0));
    g_string_truncate(trace, 0);
    qemu_irq_raise(TEST_DEV(a)->out[0]);
    qemu_irq_pulse(TEST_DEV(a)->out[1]);
    qemu_set_irq(NULL, 1);           /* unconnected: no-op */
    g_assert_cmpstr(trace->str, ==, "gb.in1=1 gb.ctl0=1 gb.ctl0=0");
    g_assert_cmpint(TEST_DEV(b)->level[1], ==, 1);
    g_assert_true(object_property_get_link(OBJECT(a), "unnamed-gpio-out[0]",
                                           &error_abort) ==
                  OBJECT(qdev_get_gpio_in(b, 1)));

    /* one output driving two inputs */
    split = qemu_irq_split(qdev_get_gpio_in(a, 0), qdev_get_gpio_in(b, 0));
    g_string_truncate(trace, 0);
    qemu_irq_raise(split);
    g_assert_cmpstr(trace->str, ==, "ga.in0=1 gb.in0=1");

    /* qtest-style interception: the original stays reachable */
    pins[0] = qdev_get_gpio_in(b, 0);
    qemu_irq_intercept_in(pins, interceptor, 1);
    g_string_truncate(trace, 0);
    qemu_irq_lower(qdev_get_gpio_in(b, 0));
    g_assert_cmpstr(trace->str, ==, "intercepted0=0 gb.in0=0");
    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
    qemu_free_irq(split);
}

static int count_devs(DeviceState *dev, void *opaque)
{
    g_string_append_printf(opaque, "d:%s ", name_of(dev));
    return 0;
}

static int count_buses(BusState *bus, void *opaque)
{
    g_string_append_printf(opaque, "b:%s ", bus->name);
    return 0;
}

static void reset_handler(void *opaque)
{
    tr("handler:%s", (char *)opaque);
}

static void test_reset_and_walk(void)
{
    BusState *bus = test_bus();
    DeviceState *x = qdev_new(TYPE_TEST_DEV);
    DeviceState *y = qdev_new(TYPE_TEST_DEV);
    DeviceState *unrealized = qdev_new(TYPE_TEST_DEV);
    GString *walk = g_string_new(NULL);

    qdev_set_id(x, g_strdup("rx"), &error_abort);
    qdev_set_id(y, g_strdup("ry"), &error_abort);
    qdev_realize_and_unref(x, bus, &error_abort);
    qdev_realize_and_unref(y, bus, &error_abort);
    qdev_set_parent_bus(unrealized, bus, &error_abort);
    qemu_register_reset(reset_handler, (void *)"one");
    qemu_register_reset(reset_handler, (void *)"two");
    qemu_register_reset(reset_handler, (void *)"gone");
    qemu_unregister_reset(reset_handler, (void *)"gone");
    g_string_truncate(trace, 0);
    qemu_devices_reset();
    /* children before their parent, newest first; then the handlers */
    g_assert_cmpstr(trace->str, ==,
                    "reset:ry reset:rx reset:br handler:one handler:two");
    g_string_truncate(trace, 0);
    device_cold_reset(bus->parent);
    g_assert_cmpstr(trace->str, ==, "reset:ry reset:rx reset:br");

    qbus_walk_children(sysbus_get_default(), count_devs, count_buses, walk);
    g_assert_cmpstr(walk->str, ==,
                    "b:main-system-bus d:br b:br.0 d:test-dev d:ry d:rx ");
    g_string_free(walk, true);
    qemu_unregister_reset(reset_handler, (void *)"one");
    qemu_unregister_reset(reset_handler, (void *)"two");
    object_unparent(OBJECT(x));
    object_unparent(OBJECT(y));
    object_unparent(OBJECT(bus)) ;
    object_unref(unrealized);
}

/* -device */

static QemuOptsList device_opts = {
    .name = "device",
    .implied_opt_name = "driver",
    .desc = { { NULL } },
};

static DeviceState *device_add(const char *params, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(&device_opts, params, true, errp);
    DeviceState *dev;

    if (!opts) {
        return NULL;
    }
    dev = qdev_device_add(opts, errp);
    qemu_opts_del(opts);
    return dev;
}

static void test_device_add_errors(void)
{
    static const struct {
        const char *params;
        const char *error;
    } cases[] = {
        { "foo", "'foo' is not a valid device model name" },
        { "irq", "'irq' is not a valid device model name" },
        { "device", "Parameter 'driver' expects a non-abstract device type" },
        { "sys-bus-device",
          "Parameter 'driver' expects a non-abstract device type" },
        { "test-hidden", "Parameter 'driver' expects a pluggable device type" },
        { "test-dev,bus=nope", "Bus 'nope' not found" },
        { "test-dev,bus=main-system-bus",
          "Device 'test-dev' can't go on System bus" },
        { "test-dev,nosuch=1", "Property 'test-dev.nosuch' not found" },
        { "test-dev,iobase=1k", "Parameter 'iobase' expects integer" },
        { "test-dev,iobase=-1", "Parameter 'iobase' expects uint32_t" },
        { "test-dev,flag=maybe", "Parameter 'flag' expects 'on' or 'off'" },
        { "test-dev,addr=40", "Property 'test-dev.addr' doesn't take value "
                              "'40'" },
        { "test-dev,fail=on", "device 'test-dev' refuses to realize" },
        { "test-dev,id=ok1,fail=on", "device 'ok1' refuses to realize" },
        { "test-dev,bus=/br/nope", "Bus 'nope' not found" },
        { "test-dev,bus=/nodev/x", "Device 'nodev' not found" },
    };
    Error *err = NULL;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        g_assert_null(device_add(cases[i].params, &err));
        assert_error(err, cases[i].error);
    }
    g_assert_cmpint(test_bus()->num_children, ==, 0);
    g_assert_null(object_resolve_path("/machine/peripheral/ok1", NULL));
}

static void test_device_add(void)
{
    Error *err = NULL;
    DeviceState *d1, *d2, *anon;
    char *path;

    g_string_truncate(trace, 0);
    d1 = device_add("test-dev,id=d1,iobase=0x10,str=a,,b", &error_abort);
    g_assert_nonnull(d1);
    g_assert_cmpstr(trace->str, ==, "realize:d1");
    g_assert_cmphex(TEST_DEV(d1)->iobase, ==, 0x10);
    g_assert_cmpstr(TEST_DEV(d1)->str, ==, "a,b");
    g_assert_true(d1->realized);
    g_assert_true(d1->parent_bus == test_bus());
    path = object_get_canonical_path(OBJECT(d1));
    g_assert_cmpstr(path, ==, "/machine/peripheral/d1");
    g_free(path);
    g_assert_cmpint(OBJECT(d1)->ref, ==, 2);     /* tree and bus */

    g_assert_null(device_add("test-dev,id=d1", &err));
    assert_error(err, "Duplicate ID 'd1' for device");
    d2 = device_add("test-dev,bus=br.0,id=d2,peer=d1", &error_abort);
    g_assert_true(TEST_DEV(d2)->peer == OBJECT(d1));
    anon = device_add("test-dev,bus=/br/br.0", &error_abort);
    path = object_get_canonical_path(OBJECT(anon));
    g_assert_true(g_str_has_prefix(path, "/machine/peripheral-anon/device["));
    g_free(path);
    /* max_dev is 3: the bus is now full */
    g_assert_null(device_add("test-dev", &err));
    assert_error(err, "No 'test-bus' bus found for device 'test-dev'");
    g_assert_null(device_add("test-dev,bus=br.0", &err));
    assert_error(err, "Bus 'br.0' is full");
    object_unparent(OBJECT(anon));
    object_unparent(OBJECT(d2));
    object_unparent(OBJECT(d1));
    g_assert_cmpint(test_bus()->num_children, ==, 0);
}

static char *capture(void (*fn)(FILE *f, void *opaque), void *opaque)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);

    fn(f, opaque);
    fclose(f);
    return buf;
}

static void list_fn(FILE *f, void *opaque)
{
    qdev_print_device_list(f);
}

static void help_fn(FILE *f, void *opaque)
{
    g_assert_true(qdev_print_device_help(f, opaque, &error_abort));
}

static void test_help(void)
{
    char *out = capture(list_fn, NULL);
    Error *err = NULL;
    char *bridge, *misc, *uncat;

    bridge = strstr(out, "Controller/Bridge/Hub devices:\n");
    misc = strstr(out, "\nMisc devices:\n");
    uncat = strstr(out, "\nUncategorized devices:\n");
    g_assert_true(out == bridge);    /* the first heading has no blank line */
    g_assert_nonnull(misc);
    g_assert_nonnull(uncat);
    g_assert_true(strstr(out, "name \"test-bridge\", bus System\n") > bridge);
    g_assert_true(strstr(out, "\nname \"test-dev\", bus test-bus, desc \"A "
                              "test device\"\n") > misc);
    g_assert_true(strstr(out, "\nname \"test-uncat\"\n") > uncat);
    g_assert_null(strstr(out, "test-hidden"));
    free(out);

    out = capture(help_fn, (void *)"test-dev");
    g_assert_cmpstr(out, ==,
        "test-dev options:\n"
        "  addr=<int32>           - Slot and optional function number, "
        "example: 06.0 or 06 (default: -1)\n"
        "  bit3=<bool>            - on/off (default: true)\n"
        "  ctl[0]=<child<irq>>\n"
        "  fail=<bool>            -  (default: false)\n"
        "  flag=<bool>            -  (default: false)\n"
        "  i32=<int32>            -  (default: -5)\n"
        "  i64=<int64>            -  (default: -1)\n"
        "  iobase=<uint32>        -  (default: 1016)\n"
        "  mode=<OnOffAuto>       - on/off/auto (default: \"auto\")\n"
        "  peer=<link<test-dev>>\n"
        "  size=<size>            -  (default: 2147483648)\n"
        "  str=<str>\n"
        "  u16=<uint16>           -  (default: 65535)\n"
        "  u32-max=<uint32>       -  (default: 4294967295)\n"
        "  u64=<uint64>           -  (default: 0)\n"
        "  u8=<uint8>             -  (default: 7)\n"
        "  unnamed-gpio-in[0]=<child<irq>>\n"
        "  unnamed-gpio-in[1]=<child<irq>>\n"
        "  unnamed-gpio-out[0]=<link<irq>>\n"
        "  unnamed-gpio-out[1]=<link<irq>>\n");
    free(out);
    out = capture(help_fn, (void *)"test-uncat");
    g_assert_cmpstr(out, ==, "There are no options for test-uncat.\n");
    free(out);
    g_assert_false(qdev_print_device_help(stdout, "nope", &err));
    assert_error(err, "'nope' is not a valid device model name");
}

static void test_qtree(void)
{
    GString *out = g_string_new(NULL);
    DeviceState *d = device_add("test-dev,id=q1,iobase=0x60,str=s,addr=3.1",
                                &error_abort);

    qdev_print_qtree(out);
    g_assert_cmpstr(out->str, ==,
        "bus: main-system-bus\n"
        "  type System\n"
        "  dev: test-bridge, id \"br\"\n"
        "    bus: br.0\n"
        "      type test-bus\n"
        "      dev: test-dev, id \"q1\"\n"
        "        gpio-in \"ctl\" 1\n"
        "        gpio-in \"\" 2\n"
        "        gpio-out \"\" 2\n"
        "        iobase = 96 (0x60)\n"
        "        flag = false\n"
        "        bit3 = true\n"
        "        u8 = 7 (0x7)\n"
        "        u16 = 65535 (0xffff)\n"
        "        i32 = -5 (0xfffffffffffffffb)\n"
        "        u64 = 0 (0x0)\n"
        "        i64 = -1 (0xffffffffffffffff)\n"
        "        size = 2147483648 (2 GiB)\n"
        "        str = \"s\"\n"
        "        mode = \"auto\"\n"
        "        addr = 03.1\n"
        "        peer = \"\"\n"
        "        fail = false\n"
        "        u32-max = 4294967295 (0xffffffff)\n"
        "        port 0x60\n");
    g_string_free(out, true);
    object_unparent(OBJECT(d));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    trace = g_string_new(NULL);
    /* The machine would be /machine; for these tests a container does. */
    container_get(object_get_root(), "/machine");
    g_test_add_func("/qdev/static-props", test_static_props);
    g_test_add_func("/qdev/link-prop", test_link_prop);
    g_test_add_func("/qdev/globals", test_globals);
    g_test_add_func("/qdev/globals-unused", test_globals_unused);
    g_test_add_func("/qdev/globals-fatal", test_globals_fatal);
    g_test_add_func("/qdev/realize", test_realize);
    g_test_add_func("/qdev/bus-plugging", test_bus_plugging);
    g_test_add_func("/qdev/gpio", test_gpio);
    g_test_add_func("/qdev/device-add-errors", test_device_add_errors);
    g_test_add_func("/qdev/device-add", test_device_add);
    g_test_add_func("/qdev/help", test_help);
    g_test_add_func("/qdev/qtree", test_qtree);
    g_test_add_func("/qdev/reset-and-walk", test_reset_and_walk);
    return g_test_run();
}
