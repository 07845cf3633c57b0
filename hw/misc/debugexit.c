/*
 * "isa-debug-exit": a write of value v to the port exits the emulator
 * with status (v << 1) | 1, so test guests can report a verdict.
 * Reference: QEMU's documented isa-debug-exit device (no hardware part).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/isa/isa.h"
#include "hw/qdev-properties.h"
#include "sysemu/runstate.h"

#define TYPE_ISA_DEBUG_EXIT_DEVICE "isa-debug-exit"
OBJECT_DECLARE_SIMPLE_TYPE(ISADebugExitState, ISA_DEBUG_EXIT_DEVICE)

struct ISADebugExitState {
    ISADevice parent_obj;
    uint32_t iobase;
    uint32_t iosize;
    MemoryRegion io;
};

static uint64_t debug_exit_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void debug_exit_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned width)
{
    int status = (int)(((uint32_t)val << 1) | 1);

    /* Like QEMU: leave at once, from the vCPU's access. */
    qemu_set_exit_status(status);
    exit(status);
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

static void debug_exit_realize(DeviceState *d, Error **errp)
{
    ISADebugExitState *s = ISA_DEBUG_EXIT_DEVICE(d);

    if (s->iosize == 0 || s->iosize > 0x10000 ||
        s->iobase > 0x10000 - s->iosize) {
        error_setg(errp, "isa-debug-exit: iobase 0x%x/iosize 0x%x do not "
                   "fit in the I/O space", s->iobase, s->iosize);
        return;
    }
    memory_region_init_io(&s->io, OBJECT(d), &debug_exit_ops, s,
                          TYPE_ISA_DEBUG_EXIT_DEVICE, s->iosize);
    isa_register_ioport(ISA_DEVICE(d), &s->io, s->iobase);
}

static Property debug_exit_properties[] = {
    DEFINE_PROP_UINT32("iobase", ISADebugExitState, iobase, 0x501),
    DEFINE_PROP_UINT32("iosize", ISADebugExitState, iosize, 0x02),
    DEFINE_PROP_END_OF_LIST(),
};

static void debug_exit_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = debug_exit_realize;
    dc->desc = "ISA debug exit port";
    dc->user_creatable = true;
    dc->categories |= 1ul << DEVICE_CATEGORY_MISC;
    device_class_set_props(dc, debug_exit_properties);
}

static const TypeInfo debug_exit_info = {
    .name = TYPE_ISA_DEBUG_EXIT_DEVICE,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISADebugExitState),
    .class_init = debug_exit_class_init,
};

static void debug_exit_register_types(void)
{
    type_register_static(&debug_exit_info);
}

type_init(debug_exit_register_types)
