/*
 * ACPI PM1 event/control blocks, PM timer and GPE0 (ACPI spec 6.x,
 * section 4.8 "ACPI Hardware Model").
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "hw/acpi/acpi-pm.h"
#include "hw/qdev-properties.h"
#include "sysemu/runstate.h"

#define PM1_TMR_STS (1 << 0)
#define PM1_PWRBTN_STS (1 << 8)
#define PM1_PWRBTN_EN (1 << 8)
#define PM1_WAK_STS (1 << 15)
#define PM1_CNT_SCI_EN (1 << 0)
#define PM1_CNT_SLP_TYP_SHIFT 10
#define PM1_CNT_SLP_EN (1 << 13)

OBJECT_DECLARE_SIMPLE_TYPE(ACPIPMState, ACPI_PM)

struct ACPIPMState {
    ISADevice parent_obj;
    MemoryRegion evt_io;
    MemoryRegion cnt_io;
    MemoryRegion tmr_io;
    MemoryRegion gpe_io;
    uint16_t pm1_sts;
    uint16_t pm1_en;
    uint16_t pm1_cnt;
    uint16_t gpe_sts;
    uint16_t gpe_en;
    qemu_irq sci;
};

static void acpi_pm_update_sci(ACPIPMState *s)
{
    bool level = (s->pm1_sts & s->pm1_en & PM1_PWRBTN_STS) ||
                 (s->gpe_sts & s->gpe_en);

    qemu_set_irq(s->sci, level && (s->pm1_cnt & PM1_CNT_SCI_EN));
}

static uint64_t evt_read(void *opaque, hwaddr addr, unsigned size)
{
    ACPIPMState *s = opaque;

    return addr == 0 ? s->pm1_sts : s->pm1_en;
}

static void evt_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ACPIPMState *s = opaque;

    if (addr == 0) {
        s->pm1_sts &= ~val;             /* write 1 to clear */
    } else {
        s->pm1_en = val;
    }
    acpi_pm_update_sci(s);
}

static const MemoryRegionOps evt_ops = {
    .read = evt_read,
    .write = evt_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 2, .max_access_size = 2 },
};

static uint64_t cnt_read(void *opaque, hwaddr addr, unsigned size)
{
    return ACPI_PM(opaque)->pm1_cnt;
}

static void cnt_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ACPIPMState *s = opaque;

    s->pm1_cnt = (val & ~PM1_CNT_SLP_EN) | PM1_CNT_SCI_EN;
    if (val & PM1_CNT_SLP_EN) {
        unsigned typ = (val >> PM1_CNT_SLP_TYP_SHIFT) & 7;
        if (typ == ACPI_S5_SLP_TYP) {
            qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        }
        /* Other sleep states (S3) are not offered in the DSDT. */
    }
    acpi_pm_update_sci(s);
}

static const MemoryRegionOps cnt_ops = {
    .read = cnt_read,
    .write = cnt_write,
    .valid = { .min_access_size = 1, .max_access_size = 2 },
    .impl = { .min_access_size = 2, .max_access_size = 2 },
};

static uint64_t tmr_read(void *opaque, hwaddr addr, unsigned size)
{
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t ticks = (uint64_t)((__int128)ns * ACPI_PM_TIMER_FREQUENCY /
                                NANOSECONDS_PER_SECOND);

    return (uint32_t)ticks;
}

static void tmr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps tmr_ops = {
    .read = tmr_read,
    .write = tmr_write,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t gpe_read(void *opaque, hwaddr addr, unsigned size)
{
    ACPIPMState *s = opaque;

    return addr < 2 ? s->gpe_sts >> (addr * 8) & 0xff
                    : s->gpe_en >> ((addr - 2) * 8) & 0xff;
}

static void gpe_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ACPIPMState *s = opaque;

    if (addr < 2) {
        s->gpe_sts &= ~(val << (addr * 8));
    } else {
        unsigned shift = (addr - 2) * 8;
        s->gpe_en = (s->gpe_en & ~(0xff << shift)) | (val & 0xff) << shift;
    }
    acpi_pm_update_sci(s);
}

static const MemoryRegionOps gpe_ops = {
    .read = gpe_read,
    .write = gpe_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static void acpi_pm_powerdown(void *opaque)
{
    ACPIPMState *s = opaque;

    /*
     * As QEMU: a press the OS has not enabled (PWRBTN_EN clear, e.g. before
     * its button driver loads) is forgotten rather than latched, so it
     * cannot power the guest off later when the driver enables the event.
     */
    if (s->pm1_en & PM1_PWRBTN_EN) {
        s->pm1_sts |= PM1_PWRBTN_STS;
        acpi_pm_update_sci(s);
    }
}

static void acpi_pm_reset(DeviceState *dev)
{
    ACPIPMState *s = ACPI_PM(dev);

    s->pm1_sts = 0;
    s->pm1_en = 0;
    /* No SMI command port: the OS finds ACPI mode already enabled. */
    s->pm1_cnt = PM1_CNT_SCI_EN;
    s->gpe_sts = 0;
    s->gpe_en = 0;
    acpi_pm_update_sci(s);
}

static void acpi_pm_realize(DeviceState *dev, Error **errp)
{
    ACPIPMState *s = ACPI_PM(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    memory_region_init_io(&s->evt_io, OBJECT(s), &evt_ops, s, "acpi-evt",
                          ACPI_PM1_EVT_LEN);
    memory_region_init_io(&s->cnt_io, OBJECT(s), &cnt_ops, s, "acpi-cnt",
                          ACPI_PM1_CNT_LEN);
    memory_region_init_io(&s->tmr_io, OBJECT(s), &tmr_ops, s, "acpi-tmr",
                          ACPI_PM_TMR_LEN);
    memory_region_init_io(&s->gpe_io, OBJECT(s), &gpe_ops, s, "acpi-gpe0",
                          ACPI_GPE0_LEN);
    isa_register_ioport(isa, &s->evt_io, ACPI_PM_BASE);
    isa_register_ioport(isa, &s->cnt_io, ACPI_PM_BASE + ACPI_PM1_CNT_OFS);
    isa_register_ioport(isa, &s->tmr_io, ACPI_PM_BASE + ACPI_PM_TMR_OFS);
    isa_register_ioport(isa, &s->gpe_io, ACPI_GPE0_BASE);
    s->sci = isa_get_irq(isa, ACPI_SCI_IRQ);
    qemu_register_powerdown_notifier(acpi_pm_powerdown, s);
    acpi_pm_reset(dev);
}

static void acpi_pm_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = acpi_pm_realize;
    dc->reset = acpi_pm_reset;
    dc->desc = "ACPI PM1 blocks, PM timer and power button";
    dc->user_creatable = false;
    dc->categories |= 1ul << DEVICE_CATEGORY_MISC;
}

static const TypeInfo acpi_pm_info = {
    .name = TYPE_ACPI_PM,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ACPIPMState),
    .class_init = acpi_pm_class_init,
};

static void acpi_pm_register_types(void)
{
    type_register_static(&acpi_pm_info);
}
type_init(acpi_pm_register_types)
