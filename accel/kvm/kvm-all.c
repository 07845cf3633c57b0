/*
 * The KVM accelerator: /dev/kvm, the VM, memory slots and the vCPU run
 * loop.  The x86 specifics (registers, CPUID, MSRs) are in
 * target/i386/kvm/kvm.c.
 */
#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "qemu/error.h"
#include "qemu/thread.h"
#include "hw/boards.h"
#include "hw/core/cpu.h"
#include "sysemu/runstate.h"
#include "accel/kvm/kvm-int.h"
#include "target/i386/cpu.h"

#define KVM_API_VERSION_REQUIRED 12

KVMState *kvm_state;
bool kvm_kernel_irqchip;

static int do_ioctl(int fd, unsigned long type, void *arg)
{
    int ret;
    do {
        ret = ioctl(fd, type, arg);
    } while (ret == -1 && errno == EINTR && type != KVM_RUN);
    return ret == -1 ? -errno : ret;
}

int kvm_ioctl(KVMState *s, unsigned long type, ...)
{
    va_list ap;
    va_start(ap, type);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return do_ioctl(s->fd, type, arg);
}

int kvm_vm_ioctl(KVMState *s, unsigned long type, ...)
{
    va_list ap;
    va_start(ap, type);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return do_ioctl(s->vmfd, type, arg);
}

int kvm_vcpu_ioctl(CPUState *cpu, unsigned long type, ...)
{
    va_list ap;
    va_start(ap, type);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return do_ioctl(cpu->kvm_fd, type, arg);
}

int kvm_check_extension(KVMState *s, unsigned int extension)
{
    int fd = s->vmfd >= 0 ? s->vmfd : s->fd;
    int ret = ioctl(fd, KVM_CHECK_EXTENSION, (unsigned long)extension);
    if (ret < 0 && fd == s->vmfd) {
        ret = ioctl(s->fd, KVM_CHECK_EXTENSION, (unsigned long)extension);
    }
    return ret < 0 ? 0 : ret;
}

bool kvm_has_immediate_exit(void)
{
    return kvm_state && kvm_state->immediate_exit;
}

/* ------------------------------------------------------------------ */
/* Memory slots */

static int set_slot(KVMState *s, int idx, KVMSlot *slot, bool remove)
{
    struct kvm_userspace_memory_region mem = {
        .slot = idx,
        .flags = slot->flags,
        .guest_phys_addr = slot->start_addr,
        .memory_size = remove ? 0 : slot->memory_size,
        .userspace_addr = (uintptr_t)slot->ram,
    };
    return kvm_vm_ioctl(s, KVM_SET_USER_MEMORY_REGION, &mem);
}

/* The page-aligned part of a section; false if none. */
static bool section_range(MemoryRegionSection *sec, hwaddr *start,
                          uint64_t *size, void **host)
{
    uint64_t page = getpagesize();
    hwaddr begin = sec->offset_within_address_space;
    hwaddr aligned = QEMU_ALIGN_UP(begin, page);
    uint64_t delta = aligned - begin;
    if (delta >= sec->size) {
        return false;
    }
    *size = QEMU_ALIGN_DOWN(sec->size - delta, page);
    if (!*size) {
        return false;
    }
    *start = aligned;
    *host = (uint8_t *)memory_region_get_ram_ptr(sec->mr) +
            sec->offset_within_region + delta;
    return true;
}

static bool section_is_slot(MemoryRegionSection *sec)
{
    return sec->mr && memory_region_is_ram(sec->mr) &&
           memory_region_get_ram_ptr(sec->mr);
}

static void kvm_region_add(MemoryListener *l, MemoryRegionSection *sec)
{
    KVMState *s = container_of(l, KVMState, listener);
    hwaddr start;
    uint64_t size;
    void *host;

    if (!section_is_slot(sec) || !section_range(sec, &start, &size, &host)) {
        return; /* MMIO: accesses exit to userspace */
    }
    bool ro = sec->readonly || memory_region_is_rom(sec->mr) ||
              sec->mr->readonly || sec->mr->rom_device;
    for (int i = 0; i < s->nr_slots; i++) {
        KVMSlot *slot = &s->slots[i];
        if (slot->used) {
            continue;
        }
        slot->used = true;
        slot->start_addr = start;
        slot->memory_size = size;
        slot->ram = host;
        /* Without read-only slots ROM is plain RAM (as old QEMU did). */
        slot->flags = (ro && s->readonly_mem) ? KVM_MEM_READONLY : 0;
        int ret = set_slot(s, i, slot, false);
        if (ret < 0) {
            error_report("kvm_set_user_memory_region: KVM_SET_USER_MEMORY_"
                         "REGION failed, slot=%d, start=0x%" PRIx64
                         ", size=0x%" PRIx64 ": %s", i, start, size,
                         strerror(-ret));
            abort();
        }
        return;
    }
    error_report("kvm: no free memory slot for 0x%" PRIx64 "+0x%" PRIx64
                 " (%d slots)", start, size, s->nr_slots);
    abort();
}

static void kvm_region_del(MemoryListener *l, MemoryRegionSection *sec)
{
    KVMState *s = container_of(l, KVMState, listener);
    hwaddr start;
    uint64_t size;
    void *host;

    if (!section_is_slot(sec) || !section_range(sec, &start, &size, &host)) {
        return;
    }
    for (int i = 0; i < s->nr_slots; i++) {
        KVMSlot *slot = &s->slots[i];
        if (slot->used && slot->start_addr >= start &&
            slot->start_addr + slot->memory_size <= start + size) {
            int ret = set_slot(s, i, slot, true);
            if (ret < 0) {
                error_report("kvm: removing slot %d failed: %s", i,
                             strerror(-ret));
                abort();
            }
            memset(slot, 0, sizeof(*slot));
        }
    }
}

static void kvm_region_nop(MemoryListener *l, MemoryRegionSection *sec)
{
    /* Attributes may have changed (ROM <-> RAM): re-register. */
    kvm_region_del(l, sec);
    kvm_region_add(l, sec);
}

/* ------------------------------------------------------------------ */
/* Interrupt lines into the in-kernel irqchip */

int kvm_set_irq(int gsi, int level)
{
    KVMState *s = kvm_state;
    struct kvm_irq_level ev = { .irq = gsi, .level = level };
    if (!s || !kvm_kernel_irqchip) {
        return -ENODEV;
    }
    if (gsi < 0 || gsi >= KVM_IOAPIC_NUM_PINS) {
        return -EINVAL;
    }
    int ret = kvm_vm_ioctl(s, s->irq_inject_status ? KVM_IRQ_LINE_STATUS
                                                  : KVM_IRQ_LINE, &ev);
    if (ret < 0) {
        error_report("kvm_set_irq: %s", strerror(-ret));
    }
    return ret;
}

static void kvm_gsi_handler(void *opaque, int n, int level)
{
    kvm_set_irq(n, level);
}

qemu_irq *kvm_get_gsi_irqs(void)
{
    static qemu_irq *irqs;
    if (!irqs) {
        irqs = qemu_allocate_irqs(kvm_gsi_handler, NULL,
                                  KVM_IOAPIC_NUM_PINS);
    }
    return irqs;
}

/* ------------------------------------------------------------------ */
/* VM creation */

static const struct {
    const char *name;
    unsigned int cap;
} required_caps[] = {
    { "KVM_CAP_USER_MEMORY", KVM_CAP_USER_MEMORY },
    { "KVM_CAP_DESTROY_MEMORY_REGION_WORKS",
      KVM_CAP_DESTROY_MEMORY_REGION_WORKS },
    { "KVM_CAP_JOIN_MEMORY_REGIONS_WORKS", KVM_CAP_JOIN_MEMORY_REGIONS_WORKS },
    { "KVM_CAP_SET_TSS_ADDR", KVM_CAP_SET_TSS_ADDR },
    { "KVM_CAP_EXT_CPUID", KVM_CAP_EXT_CPUID },
    { "KVM_CAP_MP_STATE", KVM_CAP_MP_STATE },
};

static void kvm_state_free(KVMState *s)
{
    if (s->vmfd >= 0) {
        close(s->vmfd);
    }
    if (s->fd >= 0) {
        close(s->fd);
    }
    g_free(s->slots);
    g_free(s->supported_cpuid);
    g_free(s->msr_list);
    g_free(s->irqchip_reset);
    g_free(s->pit_reset);
    g_free(s);
}

int kvm_init(MachineState *ms, Error **errp)
{
    KVMState *s = g_new0(KVMState, 1);
    int ret;

    s->vmfd = -1;
    s->fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (s->fd < 0) {
        ret = -errno;
        /* QEMU prints this line itself, then the caller's error. */
        fprintf(stderr, "Could not access KVM kernel module: %s\n",
                strerror(-ret));
        error_setg(errp, "%s", strerror(-ret));
        if (ret == -EACCES || ret == -EPERM) {
            error_append_hint(errp,
                              "Your user cannot open /dev/kvm: add it to the "
                              "'kvm' group (usermod -aG kvm USER, then log in "
                              "again) or fix the permissions of /dev/kvm.\n");
        } else if (ret == -ENOENT) {
            error_append_hint(errp, "Load the kvm_intel or kvm_amd module, "
                                    "and check that virtualization is "
                                    "enabled in the firmware.\n");
        }
        goto fail;
    }

    ret = ioctl(s->fd, KVM_GET_API_VERSION, 0);
    if (ret != KVM_API_VERSION_REQUIRED) {
        fprintf(stderr, ret < KVM_API_VERSION_REQUIRED
                            ? "kvm version too old\n"
                            : "kvm version not supported\n");
        ret = -EINVAL;
        error_setg(errp, "%s", strerror(-ret));
        goto fail;
    }

    do {
        ret = ioctl(s->fd, KVM_CREATE_VM, 0);
    } while (ret == -1 && errno == EINTR);
    if (ret < 0) {
        ret = -errno;
        fprintf(stderr, "ioctl(KVM_CREATE_VM) failed: %d %s\n", -ret,
                strerror(-ret));
        error_setg(errp, "%s", strerror(-ret));
        goto fail;
    }
    s->vmfd = ret;

    for (size_t i = 0; i < ARRAY_SIZE(required_caps); i++) {
        if (!kvm_check_extension(s, required_caps[i].cap)) {
            fprintf(stderr, "kvm does not support %s\n",
                    required_caps[i].name);
            error_setg(errp, "kvm does not support %s", required_caps[i].name);
            ret = -EINVAL;
            goto fail;
        }
    }

    s->nr_slots = kvm_check_extension(s, KVM_CAP_NR_MEMSLOTS);
    if (s->nr_slots <= 0) {
        s->nr_slots = 32;
    }
    s->slots = g_new0(KVMSlot, s->nr_slots);
    s->vcpu_mmap_size = ioctl(s->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (s->vcpu_mmap_size < (int)sizeof(struct kvm_run)) {
        ret = -EINVAL;
        error_setg(errp, "KVM_GET_VCPU_MMAP_SIZE failed");
        goto fail;
    }
    s->readonly_mem = kvm_check_extension(s, KVM_CAP_READONLY_MEM);
    s->immediate_exit = kvm_check_extension(s, KVM_CAP_IMMEDIATE_EXIT);
    s->irq_inject_status = kvm_check_extension(s, KVM_CAP_IRQ_INJECT_STATUS);

    kvm_state = s;
    ret = kvm_arch_init(ms, s, errp);
    if (ret < 0) {
        goto fail;
    }

    kvm_kernel_irqchip = false;
    if (ms && ms->kernel_irqchip_allowed) {
        if (ms->kernel_irqchip_split) {
            warn_report("kernel-irqchip=split is not supported; using "
                        "the full in-kernel irqchip");
        }
        ret = kvm_vm_ioctl(s, KVM_CREATE_IRQCHIP, NULL);
        if (ret < 0) {
            if (ms->kernel_irqchip_required) {
                error_setg(errp, "Could not enable in-kernel irqchip: %s",
                           strerror(-ret));
                goto fail;
            }
            warn_report("in-kernel irqchip unavailable (%s): emulating it",
                        strerror(-ret));
        } else {
            kvm_kernel_irqchip = true;
            ret = kvm_arch_irqchip_create(s, ms, errp);
            if (ret < 0) {
                goto fail;
            }
        }
    }

    if (!kvm_kernel_irqchip) {
        kvm_arch_userspace_irqchip_init(s);
    }

    s->listener = (MemoryListener){
        .region_add = kvm_region_add,
        .region_del = kvm_region_del,
        .region_nop = kvm_region_nop,
        .priority = 10,
        .name = "kvm-memory",
    };
    memory_listener_register(&s->listener, &address_space_memory);
    kvm_allowed = true;
    return 0;

fail:
    kvm_state = NULL;
    kvm_kernel_irqchip = false;
    kvm_state_free(s);
    return ret < 0 ? ret : -EINVAL;
}

/* ------------------------------------------------------------------ */
/* vCPUs */

int kvm_init_vcpu(CPUState *cpu, Error **errp)
{
    KVMState *s = kvm_state;
    CPUClass *cc = CPU_GET_CLASS(cpu);
    unsigned long id = cc->get_arch_id ? cc->get_arch_id(cpu)
                                       : (unsigned long)cpu->cpu_index;
    int ret;

    if (!s) {
        error_setg(errp, "KVM is not initialized");
        return -EINVAL;
    }
    ret = ioctl(s->vmfd, KVM_CREATE_VCPU, id);
    if (ret < 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "kvm_init_vcpu: kvm_get_vcpu failed "
                         "(%lu)", id);
        return ret;
    }
    cpu->kvm_fd = ret;
    cpu->kvm_run = mmap(NULL, s->vcpu_mmap_size, PROT_READ | PROT_WRITE,
                        MAP_SHARED, cpu->kvm_fd, 0);
    if (cpu->kvm_run == MAP_FAILED) {
        ret = -errno;
        cpu->kvm_run = NULL;
        error_setg_errno(errp, -ret, "kvm_init_vcpu: mmap'ing vcpu state "
                         "failed (%lu)", id);
        close(cpu->kvm_fd);
        return ret;
    }
    cpu->vcpu_dirty = true;
    ret = kvm_arch_init_vcpu(cpu, errp);
    if (ret < 0) {
        munmap(cpu->kvm_run, s->vcpu_mmap_size);
        cpu->kvm_run = NULL;
        close(cpu->kvm_fd);
        return ret;
    }
    return 0;
}

/* Consume SIG_IPI that interrupted KVM_RUN (it stays pending). */
static void kvm_eat_signals(void)
{
    struct timespec ts = { 0, 0 };
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIG_IPI);
    for (;;) {
        sigset_t pending;
        if (sigpending(&pending) < 0 || !sigismember(&pending, SIG_IPI)) {
            return;
        }
        if (sigtimedwait(&set, NULL, &ts) < 0 && errno != EINTR) {
            return;
        }
    }
}

static void kvm_handle_io(uint16_t port, void *data, int dir, int size,
                          uint32_t count)
{
    uint8_t *ptr = data;
    for (uint32_t i = 0; i < count; i++) {
        address_space_rw(&address_space_io, port, MEMTXATTRS_UNSPECIFIED,
                         ptr, size, dir == KVM_EXIT_IO_OUT);
        ptr += size;
    }
}

static void report_internal_error(CPUState *cpu, struct kvm_run *run)
{
    fprintf(stderr, "KVM internal error. Suberror: %d\n",
            run->internal.suberror);
    uint32_t n = MIN(run->internal.ndata, ARRAY_SIZE(run->internal.data));
    for (uint32_t i = 0; i < n; i++) {
        fprintf(stderr, "extra data[%u]: 0x%016" PRIx64 "\n", i,
                (uint64_t)run->internal.data[i]);
    }
    if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION) {
        fprintf(stderr, "emulation failure\n");
    }
}

static void dump_to_stderr(CPUState *cpu)
{
    GString *s = g_string_new(NULL);
    cpu_dump_state(cpu, s, CPU_DUMP_CODE);
    fputs(s->str, stderr);
    g_string_free(s, true);
}

int kvm_cpu_exec(CPUState *cpu)
{
    struct kvm_run *run = cpu->kvm_run;
    int ret = 0;

    if (kvm_arch_process_async_events(cpu)) {
        cpu->exit_request = 0;
        return EXCP_HLT;
    }
    qemu_mutex_unlock_iothread();

    do {
        if (cpu->vcpu_dirty) {
            int r = kvm_arch_put_registers(cpu, KVM_PUT_RUNTIME_STATE);
            if (r < 0) {
                error_report("Failed to put registers after init: %s",
                             strerror(-r));
                ret = -1;
                break;
            }
            cpu->vcpu_dirty = false;
        }
        kvm_arch_pre_run(cpu, run);
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE)) {
            ret = EXCP_INTERRUPT;
            break;
        }
        int run_ret = ioctl(cpu->kvm_fd, KVM_RUN, 0);
        int err = errno;
        kvm_arch_post_run(cpu, run);

        if (run_ret < 0) {
            if (err == EINTR || err == EAGAIN) {
                kvm_eat_signals();
                ret = EXCP_INTERRUPT;
                break;
            }
            fprintf(stderr, "error: kvm run failed %s\n", strerror(err));
            ret = -1;
            break;
        }

        switch (run->exit_reason) {
        case KVM_EXIT_IO: {
            uint64_t bytes = (uint64_t)run->io.size * run->io.count;
            if (run->io.data_offset + bytes >
                (uint64_t)kvm_state->vcpu_mmap_size ||
                run->io.size > 4) {
                fprintf(stderr, "KVM: bad I/O exit (size %u count %u)\n",
                        run->io.size, run->io.count);
                ret = -1;
                break;
            }
            qemu_mutex_lock_iothread();
            kvm_handle_io(run->io.port, (uint8_t *)run + run->io.data_offset,
                          run->io.direction, run->io.size, run->io.count);
            qemu_mutex_unlock_iothread();
            ret = 0;
            break;
        }
        case KVM_EXIT_MMIO:
            if (run->mmio.len > sizeof(run->mmio.data)) {
                fprintf(stderr, "KVM: bad MMIO exit (len %u)\n",
                        run->mmio.len);
                ret = -1;
                break;
            }
            qemu_mutex_lock_iothread();
            address_space_rw(&address_space_memory, run->mmio.phys_addr,
                             MEMTXATTRS_UNSPECIFIED, run->mmio.data,
                             run->mmio.len, run->mmio.is_write);
            qemu_mutex_unlock_iothread();
            ret = 0;
            break;
        case KVM_EXIT_IRQ_WINDOW_OPEN:
            ret = 0;            /* kvm_arch_pre_run injects it now */
            break;
        case KVM_EXIT_INTR:
            ret = EXCP_INTERRUPT;
            break;
        case KVM_EXIT_SHUTDOWN:
            /* Triple fault: the board resets (or exits with -no-reboot). */
            qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
            ret = EXCP_INTERRUPT;
            break;
        case KVM_EXIT_UNKNOWN:
            fprintf(stderr, "KVM: unknown exit, hardware reason %" PRIx64
                    "\n", (uint64_t)run->hw.hardware_exit_reason);
            ret = -1;
            break;
        case KVM_EXIT_INTERNAL_ERROR:
            report_internal_error(cpu, run);
            ret = -1;
            break;
        case KVM_EXIT_DEBUG:
            ret = EXCP_DEBUG;
            break;
        case KVM_EXIT_SYSTEM_EVENT:
            switch (run->system_event.type) {
            case KVM_SYSTEM_EVENT_SHUTDOWN:
                qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
                ret = EXCP_INTERRUPT;
                break;
            case KVM_SYSTEM_EVENT_RESET:
                qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
                ret = EXCP_INTERRUPT;
                break;
            case KVM_SYSTEM_EVENT_CRASH:
                kvm_arch_get_registers(cpu);
                cpu->vcpu_dirty = true;
                qemu_mutex_lock_iothread();
                qemu_system_guest_panicked();
                qemu_mutex_unlock_iothread();
                ret = 0;
                break;
            default:
                ret = kvm_arch_handle_exit(cpu, run);
                break;
            }
            break;
        default:
            ret = kvm_arch_handle_exit(cpu, run);
            break;
        }
    } while (ret == 0);

    qemu_mutex_lock_iothread();
    if (ret < 0) {
        kvm_arch_get_registers(cpu);
        cpu->vcpu_dirty = true;
        dump_to_stderr(cpu);
        /* Stops the VM in internal-error state and exits with status 1. */
        qemu_system_guest_panicked();
    }
    __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELEASE);
    return ret;
}

void kvm_cpu_kick(CPUState *cpu)
{
    if (cpu->thread && cpu->created) {
        pthread_kill(cpu->thread->thread, SIG_IPI);
    }
}

/* ------------------------------------------------------------------ */
/* Register synchronisation */

static void do_sync_state(CPUState *cpu, void *arg)
{
    if (!cpu->vcpu_dirty) {
        kvm_arch_get_registers(cpu);
        cpu->vcpu_dirty = true;
    }
}

static void do_put(CPUState *cpu, void *arg)
{
    int level = (int)(intptr_t)arg;
    int ret = kvm_arch_put_registers(cpu, level);
    if (ret < 0) {
        error_report("Failed to put registers: %s", strerror(-ret));
    }
    cpu->vcpu_dirty = false;
}

static void run_on(CPUState *cpu, run_on_cpu_func fn, void *arg)
{
    if (!cpu->created || qemu_cpu_is_self(cpu) || !cpu->thread) {
        fn(cpu, arg);
    } else {
        run_on_cpu(cpu, fn, arg);
    }
}

void kvm_cpu_synchronize_state(CPUState *cpu)
{
    if (!cpu->vcpu_dirty && cpu->kvm_run) {
        run_on(cpu, do_sync_state, NULL);
    }
}

void kvm_cpu_synchronize_post_reset(CPUState *cpu)
{
    if (cpu->kvm_run) {
        run_on(cpu, do_put, (void *)(intptr_t)KVM_PUT_RESET_STATE);
    }
}

void kvm_cpu_synchronize_post_init(CPUState *cpu)
{
    if (cpu->kvm_run) {
        run_on(cpu, do_put, (void *)(intptr_t)KVM_PUT_FULL_STATE);
    }
}

/* ------------------------------------------------------------------ */
/* The accelerator object */

static int kvm_accel_init_machine(MachineState *ms, Error **errp)
{
    return kvm_init(ms, errp);
}

static void kvm_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);
    ac->name = "KVM";
    ac->init_machine = kvm_accel_init_machine;
    ac->allowed = &kvm_allowed;
}

static const TypeInfo kvm_accel_type = {
    .name = TYPE_KVM_ACCEL,
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(AccelState),
    .class_init = kvm_accel_class_init,
};

static void kvm_type_init(void)
{
    type_register_static(&kvm_accel_type);
}

type_init(kvm_type_init)
