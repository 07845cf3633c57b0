/*
 * Static device properties: a table in the device class describing
 * fields of the instance struct, e.g.
 *     static Property isa_debug_exit_properties[] = {
 *         DEFINE_PROP_UINT32("iobase", ISADebugExitState, iobase, 0x501),
 *         DEFINE_PROP_UINT32("iosize", ISADebugExitState, iosize, 0x02),
 *         DEFINE_PROP_END_OF_LIST(),
 *     };
 *     device_class_set_props(dc, isa_debug_exit_properties);
 * Each becomes a class property (type string = info->name) whose default
 * is applied at instance init; setting it after realize is refused with
 * "Attempt to set property 'X' on device 'Y' (type 'Z') after it was
 * realized".
 */
#ifndef HW_QDEV_PROPERTIES_H
#define HW_QDEV_PROPERTIES_H

#include "hw/qdev-core.h"

typedef struct PropertyInfo {
    const char *name;                /* type string: "uint32", "bool", ... */
    const char *description;
    const char *const *enum_table;   /* NULL-terminated, for enums */
    /* Return a new QObject for the field / store a QObject into it. */
    QObject *(*get)(Object *obj, Property *prop, Error **errp);
    bool (*set)(Object *obj, Property *prop, QObject *value, Error **errp);
    void (*set_default_value)(Object *obj, Property *prop);
    void (*release)(Object *obj, Property *prop);
    /* "info qtree" text when the plain value is unhelpful ("01.3") */
    char *(*print)(Object *obj, Property *prop);
} PropertyInfo;

struct Property {
    const char *name;
    const PropertyInfo *info;
    ptrdiff_t offset;
    uint8_t bitnr;                   /* for bit properties */
    bool set_default;
    union {
        int64_t i;
        uint64_t u;
    } defval;
    const char *link_type;           /* for links */
};

extern const PropertyInfo qdev_prop_bit;
extern const PropertyInfo qdev_prop_bool;
extern const PropertyInfo qdev_prop_uint8;
extern const PropertyInfo qdev_prop_uint16;
extern const PropertyInfo qdev_prop_uint32;
extern const PropertyInfo qdev_prop_int32;
extern const PropertyInfo qdev_prop_uint64;
extern const PropertyInfo qdev_prop_int64;
extern const PropertyInfo qdev_prop_size;
extern const PropertyInfo qdev_prop_string;
extern const PropertyInfo qdev_prop_chr;    /* CharBackend field, by id */
/* Links are class link<> properties (settable until realize). */
extern const PropertyInfo qdev_prop_link;
extern const PropertyInfo qdev_prop_pci_devfn; /* "slot[.fn]" */
extern const PropertyInfo qdev_prop_on_off_auto;
/* BlockBackend * field, by -drive id or node name (sysemu/blockdev.h). */
extern const PropertyInfo qdev_prop_drive;

#define DEFINE_PROP_SIGNED(_name, _state, _field, _def, _prop, _type)          \
    {.name = (_name), .info = &(_prop), .offset = offsetof(_state, _field),   \
     .set_default = true, .defval.i = (_type)(_def)}
#define DEFINE_PROP_UNSIGNED(_name, _state, _field, _def, _prop, _type)        \
    {.name = (_name), .info = &(_prop), .offset = offsetof(_state, _field),   \
     .set_default = true, .defval.u = (_type)(_def)}
#define DEFINE_PROP_BIT(_name, _state, _field, _bit, _def)                     \
    {.name = (_name), .info = &qdev_prop_bit,                                  \
     .offset = offsetof(_state, _field), .bitnr = (_bit),                      \
     .set_default = true, .defval.u = (bool)(_def)}
#define DEFINE_PROP_BOOL(_n, _s, _f, _d)                                       \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_bool, bool)
#define DEFINE_PROP_UINT8(_n, _s, _f, _d)                                      \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint8, uint8_t)
#define DEFINE_PROP_UINT16(_n, _s, _f, _d)                                     \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint16, uint16_t)
#define DEFINE_PROP_UINT32(_n, _s, _f, _d)                                     \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint32, uint32_t)
#define DEFINE_PROP_INT32(_n, _s, _f, _d)                                      \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int32, int32_t)
#define DEFINE_PROP_UINT64(_n, _s, _f, _d)                                     \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint64, uint64_t)
#define DEFINE_PROP_INT64(_n, _s, _f, _d)                                      \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int64, int64_t)
#define DEFINE_PROP_SIZE(_n, _s, _f, _d)                                       \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_size, uint64_t)
#define DEFINE_PROP_PCI_DEVFN(_n, _s, _f, _d)                                  \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_pci_devfn, int32_t)
#define DEFINE_PROP_STRING(_n, _s, _f)                                         \
    {.name = (_n), .info = &qdev_prop_string, .offset = offsetof(_s, _f)}
#define DEFINE_PROP_CHR(_n, _s, _f)                                            \
    {.name = (_n), .info = &qdev_prop_chr, .offset = offsetof(_s, _f)}
#define DEFINE_PROP_LINK(_n, _s, _f, _type, _ptr_type)                         \
    {.name = (_n), .info = &qdev_prop_link, .offset = offsetof(_s, _f),       \
     .link_type = (_type)}
/* An OnOffAuto (int) field: "auto", "on", "off". */
#define DEFINE_PROP_ON_OFF_AUTO(_n, _s, _f, _d)                                \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_on_off_auto, int)
/* A BlockBackend * field: drive=ID or drive=NODE-NAME. */
#define DEFINE_PROP_DRIVE(_n, _s, _f)                                          \
    {.name = (_n), .info = &qdev_prop_drive, .offset = offsetof(_s, _f)}
#define DEFINE_PROP_END_OF_LIST()                                              \
    {}

void device_class_set_props(DeviceClass *dc, Property *props);
/* Error for a static property set on a realized device. */
void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp);

/* Convenience setters used by board code (abort on error). */
void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value);
void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value);
void qdev_prop_set_uint16(DeviceState *dev, const char *name, uint16_t value);
void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value);
void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value);
void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value);
void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value);
typedef struct Chardev Chardev;
void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value);

#endif
