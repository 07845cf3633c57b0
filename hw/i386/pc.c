/*
 * The "pc" machine (pc-i440fx-7.2): RAM below and above the PCI hole,
 * the legacy ISA devices, fw_cfg, firmware or direct kernel boot.
 *
 * Interrupts: 24 GSIs.  With KVM's in-kernel irqchip they go to KVM
 * (which has the PIC, IOAPIC and PIT); otherwise GSIs 0-15 drive the
 * software 8259 pair and every GSI drives the software IOAPIC.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/boards.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"
#include "hw/isa/isa.h"
#include "hw/pci/pci.h"
#include "hw/pci-host/i440fx.h"
#include "hw/southbridge/piix.h"
#include "hw/ide/piix.h"
#include "hw/char/serial.h"
#include "hw/intc/i8259.h"
#include "hw/intc/apic.h"
#include "hw/timer/i8254.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/i386/x86-boot.h"
#include "hw/i386/pc.h"
#include "target/i386/cpu.h"
#include "sysemu/sysemu.h"
#include "sysemu/kvm.h"
#include "sysemu/runstate.h"

#define PC_LOWMEM_MAX 0xe0000000ULL     /* start of the PCI hole */
#define PC_LOWMEM_SPLIT 0xc0000000ULL   /* gigabyte-aligned split above it */
#define PC_IOAPIC_BASE 0xfec00000
#define BIOS_MAX_SIZE (16 * MiB)

#define TYPE_PC_MACHINE MACHINE_TYPE_NAME("pc-i440fx-7.2")
OBJECT_DECLARE_SIMPLE_TYPE(PCMachineState, PC_MACHINE)

struct PCMachineState {
    MachineState parent_obj;
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    MemoryRegion ram_below_4g;
    MemoryRegion ram_above_4g;
    MemoryRegion bios;
    MemoryRegion isa_bios;
    qemu_irq *gsi;
    qemu_irq *pic;                      /* software PIC inputs, or NULL */
    qemu_irq ioapic_in[PC_NUM_GSI];
    MemoryRegion pci_memory;            /* PCI memory space (BARs, ROMs) */
    PCIBus *pci_bus;
    PCII440FXState *i440fx;
    PIIX3State *piix3;
    ISABus *isa_bus;
    ISADevice *rtc;
    FWCfgState *fw_cfg;
    GArray *e820;                       /* E820Entry */
    X86BootState boot;
    bool direct_boot;
};

static void pc_gsi_handler(void *opaque, int n, int level)
{
    PCMachineState *pcms = opaque;

    if (kvm_irqchip_in_kernel()) {
        kvm_set_irq(n, level);
        return;
    }
    if (n < ISA_NUM_IRQS && pcms->pic) {
        qemu_set_irq(pcms->pic[n], level);
    }
    /* ISA IRQ 0 (the PIT) is wired to IOAPIC pin 2, as the MADT says. */
    qemu_set_irq(pcms->ioapic_in[n == 0 ? 2 : n], level);
}

/*
 * The PIC's INT output: to the local APICs that take ExtINT through LINT0
 * (the software APIC decides), or straight to CPU 0 when there is none.
 */
static void pc_cpu_irq_handler(void *opaque, int n, int level)
{
    CPUState *cs;
    bool delivered = false;

    CPU_FOREACH(cs) {
        DeviceState *apic = X86_CPU(cs)->apic_state;
        if (apic) {
            apic_deliver_pic_intr(apic, level);
            delivered = true;
        }
    }
    if (delivered || !(cs = first_cpu)) {
        return;
    }
    if (level) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

static void e820_add(PCMachineState *pcms, uint64_t addr, uint64_t size,
                     uint32_t type)
{
    E820Entry e = { .addr = addr, .size = size, .type = type };

    g_array_append_val(pcms->e820, e);
}

static void pc_memory_init(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);
    MemoryRegion *sysmem = get_system_memory();
    uint64_t ram_size = ms->ram_size;

    if (ram_size >= PC_LOWMEM_MAX) {
        pcms->below_4g_mem_size = PC_LOWMEM_SPLIT;
    } else {
        pcms->below_4g_mem_size = ram_size;
    }
    pcms->above_4g_mem_size = ram_size - pcms->below_4g_mem_size;

    ms->ram = g_new0(MemoryRegion, 1);
    if (!memory_region_init_ram(ms->ram, OBJECT(pcms), "pc.ram", ram_size,
                                &error_fatal)) {
        return;
    }
    memory_region_init_alias(&pcms->ram_below_4g, OBJECT(pcms),
                             "ram-below-4g", ms->ram, 0,
                             pcms->below_4g_mem_size);
    memory_region_add_subregion(sysmem, 0, &pcms->ram_below_4g);
    if (pcms->above_4g_mem_size) {
        memory_region_init_alias(&pcms->ram_above_4g, OBJECT(pcms),
                                 "ram-above-4g", ms->ram,
                                 pcms->below_4g_mem_size,
                                 pcms->above_4g_mem_size);
        memory_region_add_subregion(sysmem, 4 * GiB, &pcms->ram_above_4g);
    }

    /* The map every boot path reports (e820, multiboot, PVH). */
    pcms->e820 = g_array_new(FALSE, TRUE, sizeof(E820Entry));
    e820_add(pcms, 0, 0x9fc00, E820_RAM);
    e820_add(pcms, 0x9fc00, 0x400, E820_RESERVED);
    e820_add(pcms, 0xf0000, 0x10000, E820_RESERVED);
    e820_add(pcms, 1 * MiB, pcms->below_4g_mem_size - 1 * MiB, E820_RAM);
    e820_add(pcms, 0xfffc0000, 0x40000, E820_RESERVED);
    if (pcms->above_4g_mem_size) {
        e820_add(pcms, 4 * GiB, pcms->above_4g_mem_size, E820_RAM);
    }
}

/*
 * Firmware at the top of 4 GiB, its last 128 KiB also at 0xe0000 so the
 * reset vector and the legacy BIOS area show the same bytes.
 */
static void pc_firmware_init(PCMachineState *pcms, const char *name)
{
    g_autofree char *path = qemu_find_file(QEMU_FILE_TYPE_BIOS, name);
    g_autofree uint8_t *data = NULL;
    size_t size;
    uint64_t isa_size;
    Error *err = NULL;

    if (!path) {
        error_report("could not load PC BIOS '%s'", name);
        exit(1);
    }
    data = x86_boot_read_file(path, BIOS_MAX_SIZE, &size, "BIOS file",
                              &err);
    if (!data) {
        error_report_err(err);
        exit(1);
    }
    if (size == 0 || size % 65536) {
        error_report("could not load PC BIOS '%s'", name);
        exit(1);
    }
    memory_region_init_rom(&pcms->bios, OBJECT(pcms), "pc.bios", size,
                           &error_fatal);
    memcpy(memory_region_get_ram_ptr(&pcms->bios), data, size);
    /* Seen at 4 GiB - size through the PCI hole (i440fx.c). */
    memory_region_add_subregion(&pcms->pci_memory, (uint32_t)-size,
                                &pcms->bios);
    isa_size = MIN(size, 128 * KiB);
    memory_region_init_alias(&pcms->isa_bios, OBJECT(pcms), "isa-bios",
                             &pcms->bios, size - isa_size, isa_size);
    /* What PAM mode 0 shows at 0xe0000-0xfffff (i440fx.c). */
    memory_region_add_subregion_overlap(&pcms->pci_memory,
                                        1 * MiB - isa_size, &pcms->isa_bios,
                                        1);
    memory_region_set_readonly(&pcms->isa_bios, true);
}

static void pc_cpus_init(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);

    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        Object *cpu = object_new(ms->cpu_type);
        g_autofree char *name = g_strdup_printf("cpu[%u]", i);

        object_property_add_child(container_get(OBJECT(ms), "/unattached"),
                                  name, cpu);
        object_unref(cpu);
        qdev_realize(DEVICE(cpu), NULL, &error_fatal);
    }
}

static void pc_cmos_init(PCMachineState *pcms)
{
    ISADevice *rtc = pcms->rtc;
    uint64_t val;

    /* Base memory 640 KiB, extended memory (KiB above 1 MiB, max 64 MiB),
     * memory above 16 MiB in 64 KiB units, above 4 GiB in 64 KiB units. */
    rtc_set_memory(rtc, 0x15, 640 & 0xff);
    rtc_set_memory(rtc, 0x16, 640 >> 8);
    val = pcms->below_4g_mem_size / KiB - 1024;
    val = MIN(val, 65535);
    rtc_set_memory(rtc, 0x17, val);
    rtc_set_memory(rtc, 0x18, val >> 8);
    rtc_set_memory(rtc, 0x30, val);
    rtc_set_memory(rtc, 0x31, val >> 8);
    val = pcms->below_4g_mem_size > 16 * MiB
              ? (pcms->below_4g_mem_size - 16 * MiB) / (64 * KiB) : 0;
    val = MIN(val, 65535);
    rtc_set_memory(rtc, 0x34, val);
    rtc_set_memory(rtc, 0x35, val >> 8);
    val = pcms->above_4g_mem_size / (64 * KiB);
    rtc_set_memory(rtc, 0x5b, val);
    rtc_set_memory(rtc, 0x5c, val >> 8);
    rtc_set_memory(rtc, 0x5d, val >> 16);
    /* Boot from hard disk first (0x02), then floppy. */
    rtc_set_memory(rtc, 0x3d, 0x02);
    rtc_set_memory(rtc, 0x38, 0x10);
}

static void pc_fw_cfg_init(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);
    FWCfgState *fw = fw_cfg_init_io(FW_CFG_IO_BASE);

    pcms->fw_cfg = fw;
    fw_cfg_add_i16(fw, FW_CFG_NB_CPUS, ms->smp.cpus);
    fw_cfg_add_i16(fw, FW_CFG_MAX_CPUS, ms->smp.max_cpus);
    fw_cfg_add_i64(fw, FW_CFG_RAM_SIZE, ms->ram_size);
    fw_cfg_add_i16(fw, FW_CFG_NOGRAPHIC, nographic);
    fw_cfg_add_i16(fw, FW_CFG_MACHINE_ID, 0);
    fw_cfg_add_i16(fw, FW_CFG_BOOT_MENU, 0);
    fw_cfg_add_bytes(fw, FW_CFG_UUID, qemu_uuid, 16);
    fw_cfg_add_file(fw, "etc/e820", pcms->e820->data,
                    pcms->e820->len * sizeof(E820Entry));
    /* SeaBIOS: no boot-menu wait, output on the serial port with no VGA */
    {
        uint16_t sercon = GUINT16_TO_LE(serial_hd(0) ? 0x3f8 : 0);
        uint32_t bfw = GUINT32_TO_LE(UINT32_MAX);
        fw_cfg_add_file(fw, "etc/sercon-port", &sercon, sizeof(sercon));
        fw_cfg_add_file(fw, "etc/boot-fail-wait", &bfw, sizeof(bfw));
    }
}

static void pc_load_kernel(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    X86BootInfo info = {
        .as = &address_space_memory,
        .below_4g_mem_size = pcms->below_4g_mem_size,
        .above_4g_mem_size = pcms->above_4g_mem_size,
        .e820 = (const E820Entry *)pcms->e820->data,
        .e820_entries = pcms->e820->len,
        .acpi_rsdp_addr = pc_acpi_rsdp_addr(),
        .kernel_filename = ms->kernel_filename,
        .initrd_filename = ms->initrd_filename,
        .kernel_cmdline = ms->kernel_cmdline,
    };

    x86_load_kernel(&info, &pcms->boot, errp);
}

static void pc_init(MachineState *ms)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    qemu_irq cpu_irq;
    DeviceState *dev;

    pc_memory_init(pcms);
    pc_cpus_init(pcms);

    /* Interrupt routing. */
    pcms->gsi = qemu_allocate_irqs(pc_gsi_handler, pcms, PC_NUM_GSI);

    /* i440FX host at 00.0, PIIX3 (owning the ISA bus) at 01.0. */
    memory_region_init(&pcms->pci_memory, OBJECT(pcms), "pci", UINT64_MAX);
    pcms->pci_bus = i440fx_init(OBJECT(ms), get_system_memory(),
                                get_system_io(), &pcms->pci_memory, ms->ram,
                                pcms->below_4g_mem_size,
                                pcms->above_4g_mem_size, &pcms->i440fx);
    pcms->piix3 = PIIX3_DEVICE(pci_create_simple_multifunction(
        pcms->pci_bus, PCI_DEVFN(1, 0), TYPE_PIIX3_DEVICE));
    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        qdev_connect_gpio_out_named(DEVICE(pcms->piix3), "isa-irqs", i,
                                    pcms->gsi[i]);
    }
    for (int i = 0; i < PIIX_NUM_PIRQS; i++) {
        qdev_connect_gpio_out_named(DEVICE(pcms->piix3), "pirq-gsi", i,
                                    pcms->gsi[PIIX_PIRQ_GSI_BASE + i]);
    }
    pcms->isa_bus = pcms->piix3->isa_bus;
    isa_bus_irqs(pcms->isa_bus, pcms->gsi);
    if (!kvm_irqchip_in_kernel()) {
        cpu_irq = qemu_allocate_irq(pc_cpu_irq_handler, pcms, 0);
        pcms->pic = i8259_init(pcms->isa_bus, cpu_irq);
        dev = qdev_try_new("ioapic");
        if (dev) {
            object_property_add_child(OBJECT(ms), "ioapic", OBJECT(dev));
            sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
            sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, PC_IOAPIC_BASE);
            for (int i = 0; i < PC_NUM_GSI; i++) {
                pcms->ioapic_in[i] = qdev_get_gpio_in(dev, i);
            }
        }
        i8254_pit_init(pcms->isa_bus, 0x40, 0, NULL);
    }
    pcspk_init(pcms->isa_bus, NULL);

    /* Legacy devices. */
    pcms->rtc = mc146818_rtc_init(pcms->isa_bus, 2000, NULL);
    for (int i = 0; i < MAX_SERIAL_PORTS; i++) {
        if (serial_hd(i)) {
            serial_isa_init(pcms->isa_bus, i, serial_hd(i));
        }
    }
    isa_create_simple(pcms->isa_bus, "i8042");
    if (object_class_by_name("port92")) {
        isa_create_simple(pcms->isa_bus, "port92");
    }
    if (object_class_by_name("ioport80")) {
        isa_create_simple(pcms->isa_bus, "ioport80");
    }

    /* PIIX3 IDE at 01.1 (the if=ide drives are attached after init). */
    pci_create_simple(pcms->pci_bus, PCI_DEVFN(1, 1), TYPE_PIIX3_IDE);

    pc_fw_cfg_init(pcms);
    pc_cmos_init(pcms);
    /*
     * The tables go to RAM at 0xf0000: shadow RAM is read/write while they
     * are written.  A directly booted kernel keeps it that way (see reset);
     * firmware starts with PAM at its power-on value (reads from ROM).
     */
    i440fx_pam_all_ram(pcms->i440fx);
    pc_acpi_init(ms, pcms->below_4g_mem_size, pcms->above_4g_mem_size,
                 pcms->fw_cfg);

    /* Firmware, unless the kernel is booted directly. */
    pcms->direct_boot = ms->kernel_filename && !ms->firmware;
    if (!pcms->direct_boot) {
        device_cold_reset(DEVICE(pcms->i440fx));
        pc_firmware_init(pcms, ms->firmware ? ms->firmware
                                            : "bios-256k.bin");
    } else {
        /* Load once now so errors are reported before the guest runs. */
        pc_load_kernel(pcms, &error_fatal);
    }
}

/*
 * Reset: devices first, then the CPUs; a directly booted kernel is copied
 * in again and the boot CPU starts at its entry point.
 */
static void pc_machine_reset(MachineState *ms, ShutdownCause reason)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    CPUState *cs;

    qemu_devices_reset();
    CPU_FOREACH(cs) {
        cpu_reset(cs);
    }
    if (pcms->direct_boot) {
        /* No firmware to enable shadow RAM: the BIOS area is plain RAM. */
        i440fx_pam_all_ram(pcms->i440fx);
        /* ... nor to enable the IDE channels (SeaBIOS does). */
        piix_ide_enable_decode(pci_find_device(pcms->pci_bus, 0,
                                               PCI_DEVFN(1, 1)));
        if (reason != SHUTDOWN_CAUSE_NONE) {
            pc_load_kernel(pcms, &error_fatal);
        }
        x86_cpu_apply_boot_state(X86_CPU(first_cpu), &pcms->boot);
    }
}

static void pc_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->family = "pc_piix";
    mc->name = "pc-i440fx-7.2";
    mc->alias = "pc";
    mc->desc = "Standard PC (i440FX + PIIX, 1996)";
    mc->init = pc_init;
    mc->reset = pc_machine_reset;
    mc->max_cpus = 255;
    mc->smp_props.dies_supported = true;   /* QEMU 7.2 x86: -smp dies= */
    mc->default_cpus = 1;
    mc->is_default = true;
    mc->default_cpu_type = "qemu64" X86_CPU_TYPE_SUFFIX;
    mc->default_ram_size = 128 * MiB;
    mc->default_ram_id = "pc.ram";
    mc->default_bus_type = TYPE_ISA_BUS;
}

static const TypeInfo pc_machine_info = {
    .name = MACHINE_TYPE_NAME("pc-i440fx-7.2"),
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(PCMachineState),
    .class_init = pc_machine_class_init,
};

static void pc_machine_register_types(void)
{
    type_register_static(&pc_machine_info);
}
type_init(pc_machine_register_types)
