/*
 * x86 side of the KVM accelerator: VM setup (TSS, identity map, irq
 * routing, PIT), CPUID, and moving CPUX86State to and from the kernel
 * (GPRs, segments, control registers, FPU/XSAVE, MSRs, MP state, events).
 */
#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include "qemu/error.h"
#include "qemu/timer.h"
#include "hw/boards.h"
#include "sysemu/runstate.h"
#include "accel/kvm/kvm-int.h"
#include "hw/intc/apic.h"
#include "hw/intc/i8259.h"
#include "target/i386/cpu.h"

#define KVM_TSS_ADDR 0xfffbd000ULL
#define KVM_IDENTITY_MAP_ADDR 0xfeffc000ULL
#define KVM_MAX_CPUID_ENTRIES 100
#define KVM_MAX_MSRS 64

/* XSAVE area layout (legacy region, header, AVX). */
#define XSAVE_FCW 0
#define XSAVE_FSW 2
#define XSAVE_FTW 4
#define XSAVE_FOP 6
#define XSAVE_FIP 8
#define XSAVE_FDP 16
#define XSAVE_MXCSR 24
#define XSAVE_ST 32
#define XSAVE_XMM 160
#define XSAVE_BV 512
#define XSAVE_YMMH 576

static bool xsave_broken; /* SET_XSAVE failed once: use KVM_SET_FPU */

static void kvm_irqchip_save_reset_state(KVMState *s);

/* Userspace irqchip: the board tells which vector the PIC delivers. */
int (*x86_kvm_get_pic_interrupt)(CPUX86State *env);

static struct kvm_cpuid2 *get_supported_cpuid(KVMState *s)
{
    int max = 64;
    for (;;) {
        struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) +
                                         max * sizeof(c->entries[0]));
        c->nent = max;
        int ret = kvm_ioctl(s, KVM_GET_SUPPORTED_CPUID, c);
        if (ret == 0) {
            return c;
        }
        g_free(c);
        if (ret != -E2BIG || max > 4096) {
            return NULL;
        }
        max *= 2;
    }
}

static struct kvm_cpuid_entry2 *find_entry(struct kvm_cpuid2 *c,
                                           uint32_t fn, uint32_t idx)
{
    for (uint32_t i = 0; c && i < c->nent; i++) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];
        if (e->function == fn &&
            (e->index == idx ||
             !(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX))) {
            return e;
        }
    }
    return NULL;
}

uint32_t kvm_arch_get_supported_cpuid(KVMState *s, uint32_t function,
                                      uint32_t index, int reg)
{
    struct kvm_cpuid_entry2 *e;
    uint32_t v = 0;

    if (!s || !s->supported_cpuid) {
        return 0;
    }
    e = find_entry(s->supported_cpuid, function, index);
    if (e) {
        switch (reg) {
        case R_EAX: v = e->eax; break;
        case R_EBX: v = e->ebx; break;
        case R_ECX: v = e->ecx; break;
        case R_EDX: v = e->edx; break;
        }
    }
    /* The kernel reports OSXSAVE from the host; the guest sets its own. */
    if (function == 1 && reg == R_ECX) {
        v &= ~CPUID_EXT_OSXSAVE;
        v |= CPUID_EXT_HYPERVISOR;
        /*
         * The TSC-deadline timer lives in the LAPIC: the kernel's, or the
         * software APIC when its MSR exits to userspace.  The software
         * APIC has no x2APIC mode.
         */
        if (kvm_irqchip_in_kernel()) {
            if (kvm_check_extension(s, KVM_CAP_TSC_DEADLINE_TIMER)) {
                v |= CPUID_EXT_TSC_DEADLINE_TIMER;
            }
        } else {
            v &= ~(CPUID_EXT_X2APIC | CPUID_EXT_TSC_DEADLINE_TIMER);
            if (s->tsc_deadline_filtered) {
                v |= CPUID_EXT_TSC_DEADLINE_TIMER;
            }
        }
    }
    if (function == 7 && index == 0 && reg == R_ECX) {
        v &= ~CPUID_7_0_ECX_OSPKE;
    }
    if (function == 0x80000001 && reg == R_EDX) {
        /* On Intel hosts the AMD aliases are absent but harmless. */
        v &= ~CPUID_EXT2_AMD_ALIASES;
    }
    return v;
}

bool kvm_arch_msr_supported(KVMState *s, uint32_t index)
{
    for (uint32_t i = 0; s->msr_list && i < s->msr_list->nmsrs; i++) {
        if (s->msr_list->indices[i] == index) {
            return true;
        }
    }
    return false;
}

int kvm_arch_init(MachineState *ms, KVMState *s, Error **errp)
{
    uint64_t identity = KVM_IDENTITY_MAP_ADDR;
    int ret;

    if (kvm_check_extension(s, KVM_CAP_SET_IDENTITY_MAP_ADDR)) {
        ret = kvm_vm_ioctl(s, KVM_SET_IDENTITY_MAP_ADDR, &identity);
        if (ret < 0) {
            error_setg(errp, "kvm: could not set identity map address: %s",
                       strerror(-ret));
            return ret;
        }
    }
    ret = ioctl(s->vmfd, KVM_SET_TSS_ADDR, (unsigned long)KVM_TSS_ADDR);
    if (ret < 0) {
        ret = -errno;
        error_setg(errp, "kvm: could not set TSS address: %s",
                   strerror(-ret));
        return ret;
    }

    s->supported_cpuid = get_supported_cpuid(s);
    if (!s->supported_cpuid) {
        error_setg(errp, "kvm: KVM_GET_SUPPORTED_CPUID failed");
        return -EINVAL;
    }

    struct kvm_msr_list probe = { .nmsrs = 0 };
    ret = kvm_ioctl(s, KVM_GET_MSR_INDEX_LIST, &probe);
    if (ret < 0 && ret != -E2BIG) {
        error_setg(errp, "kvm: KVM_GET_MSR_INDEX_LIST failed: %s",
                   strerror(-ret));
        return ret;
    }
    s->msr_list = g_malloc0(sizeof(*s->msr_list) +
                            probe.nmsrs * sizeof(uint32_t));
    s->msr_list->nmsrs = probe.nmsrs;
    ret = kvm_ioctl(s, KVM_GET_MSR_INDEX_LIST, s->msr_list);
    if (ret < 0) {
        error_setg(errp, "kvm: KVM_GET_MSR_INDEX_LIST failed: %s",
                   strerror(-ret));
        return ret;
    }

    s->has_xsave = kvm_check_extension(s, KVM_CAP_XSAVE);
    s->has_xcrs = kvm_check_extension(s, KVM_CAP_XCRS);
    s->has_mp_state = kvm_check_extension(s, KVM_CAP_MP_STATE);
    s->has_vcpu_events = kvm_check_extension(s, KVM_CAP_VCPU_EVENTS);
    s->has_debugregs = kvm_check_extension(s, KVM_CAP_DEBUGREGS);
    s->has_tsc_control = kvm_check_extension(s, KVM_CAP_TSC_CONTROL);
    return 0;
}

/*
 * PC interrupt routing: GSI 0-15 drive the PICs (except 2, the cascade),
 * GSI 1-23 the IOAPIC pin of the same number, and GSI 0 (the PIT) IOAPIC
 * pin 2, as the MADT's interrupt source override promises.
 */
int kvm_arch_irqchip_create(KVMState *s, MachineState *ms, Error **errp)
{
    struct kvm_irq_routing *r;
    int n = 0, ret;

    if (kvm_check_extension(s, KVM_CAP_IRQ_ROUTING)) {
        r = g_malloc0(sizeof(*r) + 48 * sizeof(r->entries[0]));
        for (int i = 0; i < 16; i++) {
            if (i == 2) {
                continue;
            }
            r->entries[n].gsi = i;
            r->entries[n].type = KVM_IRQ_ROUTING_IRQCHIP;
            r->entries[n].u.irqchip.irqchip =
                i < 8 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE;
            r->entries[n].u.irqchip.pin = i & 7;
            n++;
        }
        for (int i = 0; i < KVM_IOAPIC_NUM_PINS; i++) {
            if (i == 2) {
                continue;
            }
            r->entries[n].gsi = i;
            r->entries[n].type = KVM_IRQ_ROUTING_IRQCHIP;
            r->entries[n].u.irqchip.irqchip = KVM_IRQCHIP_IOAPIC;
            r->entries[n].u.irqchip.pin = i == 0 ? 2 : i;
            n++;
        }
        r->nr = n;
        ret = kvm_vm_ioctl(s, KVM_SET_GSI_ROUTING, r);
        g_free(r);
        if (ret < 0) {
            error_setg(errp, "kvm: KVM_SET_GSI_ROUTING failed: %s",
                       strerror(-ret));
            return ret;
        }
    }

    if (kvm_check_extension(s, KVM_CAP_PIT2)) {
        struct kvm_pit_config pit = { .flags = 0 };
        ret = kvm_vm_ioctl(s, KVM_CREATE_PIT2, &pit);
        if (ret < 0) {
            error_setg(errp, "Create kernel PIC irqchip failed: %s",
                       strerror(-ret));
            return ret;
        }
        s->pit_in_kernel = true;
    }
    kvm_irqchip_save_reset_state(s);
    return 0;
}

/*
 * Without an in-kernel LAPIC the kernel drops IA32_TSC_DEADLINE writes:
 * make the MSR exit (KVM_EXIT_X86_RDMSR/WRMSR) so the software APIC gets
 * it.  Kernels without MSR filters keep the feature hidden from the guest.
 */
void kvm_arch_userspace_irqchip_init(KVMState *s)
{
    static uint8_t deny;            /* bitmap: bit clear = exit */
    struct kvm_enable_cap cap = {
        .cap = KVM_CAP_X86_USER_SPACE_MSR,
        .args[0] = KVM_MSR_EXIT_REASON_FILTER,
    };
    struct kvm_msr_filter filter = {
        .flags = KVM_MSR_FILTER_DEFAULT_ALLOW,
        .ranges[0] = {
            .flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE,
            .nmsrs = 1,
            .base = MSR_IA32_TSC_DEADLINE,
            .bitmap = &deny,
        },
    };

    if (!kvm_check_extension(s, KVM_CAP_X86_USER_SPACE_MSR) ||
        !kvm_check_extension(s, KVM_CAP_X86_MSR_FILTER) ||
        kvm_vm_ioctl(s, KVM_ENABLE_CAP, &cap) < 0 ||
        kvm_vm_ioctl(s, KVM_X86_SET_MSR_FILTER, &filter) < 0) {
        return;
    }
    s->tsc_deadline_filtered = true;
}

/*
 * Machine reset for the in-kernel PICs, IOAPIC and PIT: back to the state
 * the kernel created them in (the LAPICs are done per vCPU at RESET put).
 */
static void kvm_irqchip_reset(void *opaque)
{
    KVMState *s = opaque;

    for (int i = 0; s->irqchip_reset && i < 3; i++) {
        int ret = kvm_vm_ioctl(s, KVM_SET_IRQCHIP, &s->irqchip_reset[i]);
        if (ret < 0) {
            error_report("kvm: resetting irqchip %d failed: %s", i,
                         strerror(-ret));
        }
    }
    if (s->pit_reset) {
        int ret = kvm_vm_ioctl(s, KVM_SET_PIT2, s->pit_reset);
        if (ret < 0) {
            error_report("kvm: resetting the PIT failed: %s", strerror(-ret));
        }
    }
}

static void kvm_irqchip_save_reset_state(KVMState *s)
{
    static const int chips[3] = {
        KVM_IRQCHIP_PIC_MASTER, KVM_IRQCHIP_PIC_SLAVE, KVM_IRQCHIP_IOAPIC,
    };

    s->irqchip_reset = g_new0(struct kvm_irqchip, 3);
    for (int i = 0; i < 3; i++) {
        s->irqchip_reset[i].chip_id = chips[i];
        if (kvm_vm_ioctl(s, KVM_GET_IRQCHIP, &s->irqchip_reset[i]) < 0) {
            g_free(s->irqchip_reset);
            s->irqchip_reset = NULL;
            break;
        }
    }
    if (s->pit_in_kernel) {
        s->pit_reset = g_new0(struct kvm_pit_state2, 1);
        if (kvm_vm_ioctl(s, KVM_GET_PIT2, s->pit_reset) < 0) {
            g_free(s->pit_reset);
            s->pit_reset = NULL;
        }
    }
    qemu_register_reset(kvm_irqchip_reset, s);
}

/* ------------------------------------------------------------------ */
/* vCPU setup */

static int add_cpuid_entry(struct kvm_cpuid2 *c, CPUX86State *env,
                           uint32_t fn, uint32_t idx, bool indexed)
{
    if (c->nent >= KVM_MAX_CPUID_ENTRIES) {
        return -1;
    }
    struct kvm_cpuid_entry2 *e = &c->entries[c->nent++];
    memset(e, 0, sizeof(*e));
    e->function = fn;
    e->index = idx;
    e->flags = indexed ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
    cpu_x86_cpuid(env, fn, idx, &e->eax, &e->ebx, &e->ecx, &e->edx);
    return 0;
}

static struct kvm_cpuid2 *build_cpuid(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    KVMState *s = kvm_state;
    struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) + KVM_MAX_CPUID_ENTRIES *
                                                      sizeof(c->entries[0]));
    uint32_t limit = MIN(env->cpuid_level, 0x3f);

    for (uint32_t fn = 0; fn <= limit; fn++) {
        switch (fn) {
        case 4:
            for (uint32_t i = 0; i < 8; i++) {
                add_cpuid_entry(c, env, fn, i, true);
                if (!(c->entries[c->nent - 1].eax & 0x1f)) {
                    break;
                }
            }
            break;
        case 7:
        case 0x14:
            add_cpuid_entry(c, env, fn, 0, true);
            add_cpuid_entry(c, env, fn, 1, true);
            break;
        case 0xb:
            for (uint32_t i = 0; i < 4; i++) {
                add_cpuid_entry(c, env, fn, i, true);
                if (!(c->entries[c->nent - 1].ecx & 0xff00)) {
                    break;
                }
            }
            break;
        case 0xd: {
            for (uint32_t i = 0; i < 3; i++) {
                add_cpuid_entry(c, env, fn, i, true);
            }
            /* Never promise state components the host lacks. */
            struct kvm_cpuid_entry2 *e = &c->entries[c->nent - 3];
            e->eax &= kvm_arch_get_supported_cpuid(s, 0xd, 0, R_EAX);
            e->edx &= kvm_arch_get_supported_cpuid(s, 0xd, 0, R_EDX);
            break;
        }
        default:
            add_cpuid_entry(c, env, fn, 0, false);
            break;
        }
    }
    if (cpu->expose_kvm) {
        add_cpuid_entry(c, env, 0x40000000, 0, false);
        add_cpuid_entry(c, env, 0x40000001, 0, false);
        /* Only paravirt features this kernel offers. */
        c->entries[c->nent - 1].eax &=
            kvm_arch_get_supported_cpuid(s, 0x40000001, 0, R_EAX);
    }
    uint32_t xlimit = MIN(env->cpuid_xlevel, 0x80000021);
    for (uint32_t fn = 0x80000000; fn <= xlimit; fn++) {
        add_cpuid_entry(c, env, fn, 0, false);
    }
    if (env->cpuid_xlevel2 >= 0xC0000000) {
        uint32_t x2 = MIN(env->cpuid_xlevel2, 0xC0000004);
        for (uint32_t fn = 0xC0000000; fn <= x2; fn++) {
            add_cpuid_entry(c, env, fn, 0, false);
        }
    }
    return c;
}

int kvm_arch_init_vcpu(CPUState *cs, Error **errp)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    KVMState *s = kvm_state;

    if (!cpu->features_expanded && !x86_cpu_expand_features(cpu, errp)) {
        return -EINVAL;
    }
    struct kvm_cpuid2 *c = build_cpuid(cpu);
    int ret = kvm_vcpu_ioctl(cs, KVM_SET_CPUID2, c);
    g_free(c);
    if (ret < 0) {
        error_setg(errp, "kvm: KVM_SET_CPUID2 failed: %s", strerror(-ret));
        return ret;
    }

    if (env->tsc_khz) {
        ret = s->has_tsc_control
                  ? kvm_vcpu_ioctl(cs, KVM_SET_TSC_KHZ,
                                   (void *)(uintptr_t)env->tsc_khz)
                  : -ENOTSUP;
        if (ret < 0) {
            int cur = kvm_vcpu_ioctl(cs, KVM_GET_TSC_KHZ, NULL);
            if (cur <= 0 || (uint64_t)cur != env->tsc_khz) {
                error_setg(errp,
                           "TSC frequency mismatch between VM (%" PRIu64
                           " kHz) and host (%d kHz), and TSC scaling "
                           "unavailable", env->tsc_khz, cur);
                return ret;
            }
        }
    }

    /* The in-kernel LAPIC as created is its reset state. */
    g_free(cpu->kvm_lapic_reset);
    cpu->kvm_lapic_reset = NULL;
    if (kvm_irqchip_in_kernel()) {
        cpu->kvm_lapic_reset = g_new0(struct kvm_lapic_state, 1);
        if (kvm_vcpu_ioctl(cs, KVM_GET_LAPIC, cpu->kvm_lapic_reset) < 0) {
            g_free(cpu->kvm_lapic_reset);
            cpu->kvm_lapic_reset = NULL;
        }
    }

    g_free(cpu->kvm_msr_buf);
    cpu->kvm_msr_buf = g_malloc0(sizeof(struct kvm_msrs) +
                                 KVM_MAX_MSRS * sizeof(struct kvm_msr_entry));
    if (s->has_xsave && !xsave_broken) {
        int size = kvm_check_extension(s, KVM_CAP_XSAVE2);
        cpu->xsave_buf_len = MAX(size, (int)sizeof(struct kvm_xsave));
        g_free(cpu->xsave_buf);
        cpu->xsave_buf = g_malloc0(cpu->xsave_buf_len);
    }
    return 0;
}

void kvm_arch_reset_vcpu(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    env->xcr0 = XSTATE_FP_MASK;
    /*
     * Userspace irqchip: env->mp_state (APs wait for SIPI) and cs->halted
     * are ours; the kernel's vCPU stays RUNNABLE and is simply not run.
     */
    cs->vcpu_dirty = true;
}

/* ------------------------------------------------------------------ */
/* Segments */

static void seg_to_kvm(struct kvm_segment *k, const SegmentCache *sc,
                       bool vm86)
{
    memset(k, 0, sizeof(*k));
    k->base = sc->base;
    k->limit = sc->limit;
    k->selector = sc->selector;
    if (vm86) {
        /* Virtual-8086 segments: as the CPU loads them. */
        k->type = 3;
        k->present = 1;
        k->dpl = 3;
        k->s = 1;
        return;
    }
    uint32_t f = sc->flags;
    k->type = (f >> DESC_TYPE_SHIFT) & 15;
    k->present = !!(f & DESC_P_MASK);
    k->dpl = (f >> DESC_DPL_SHIFT) & 3;
    k->db = !!(f & DESC_B_MASK);
    k->s = !!(f & DESC_S_MASK);
    k->l = !!(f & DESC_L_MASK);
    k->g = !!(f & DESC_G_MASK);
    k->avl = !!(f & DESC_AVL_MASK);
    k->unusable = !k->present;
}

static void seg_from_kvm(SegmentCache *sc, const struct kvm_segment *k)
{
    sc->selector = k->selector;
    sc->base = k->base;
    sc->limit = k->limit;
    sc->flags = (k->type << DESC_TYPE_SHIFT) |
                ((k->present && !k->unusable) ? DESC_P_MASK : 0) |
                (k->dpl << DESC_DPL_SHIFT) | (k->db << DESC_B_SHIFT) |
                (k->s * DESC_S_MASK) | (k->l << DESC_L_SHIFT) |
                (k->g << DESC_G_SHIFT) | (k->avl << DESC_AVL_SHIFT);
}

/* ------------------------------------------------------------------ */
/* Put */

static int put_regs(CPUState *cs, CPUX86State *env)
{
    struct kvm_regs r = {
        .rax = env->regs[R_EAX], .rbx = env->regs[R_EBX],
        .rcx = env->regs[R_ECX], .rdx = env->regs[R_EDX],
        .rsi = env->regs[R_ESI], .rdi = env->regs[R_EDI],
        .rsp = env->regs[R_ESP], .rbp = env->regs[R_EBP],
        .r8 = env->regs[8],      .r9 = env->regs[9],
        .r10 = env->regs[10],    .r11 = env->regs[11],
        .r12 = env->regs[12],    .r13 = env->regs[13],
        .r14 = env->regs[14],    .r15 = env->regs[15],
        .rip = env->eip,         .rflags = env->eflags,
    };
    return kvm_vcpu_ioctl(cs, KVM_SET_REGS, &r);
}

static int put_sregs(CPUState *cs, CPUX86State *env)
{
    struct kvm_sregs sr;
    bool vm86 = (env->eflags & VM_MASK) && (env->cr[0] & CR0_PE_MASK);

    memset(&sr, 0, sizeof(sr));
    if (env->interrupt_injected >= 0 && env->interrupt_injected < 256) {
        sr.interrupt_bitmap[env->interrupt_injected / 64] |=
            1ULL << (env->interrupt_injected % 64);
    }
    seg_to_kvm(&sr.cs, &env->segs[R_CS], vm86);
    seg_to_kvm(&sr.ds, &env->segs[R_DS], vm86);
    seg_to_kvm(&sr.es, &env->segs[R_ES], vm86);
    seg_to_kvm(&sr.fs, &env->segs[R_FS], vm86);
    seg_to_kvm(&sr.gs, &env->segs[R_GS], vm86);
    seg_to_kvm(&sr.ss, &env->segs[R_SS], vm86);
    seg_to_kvm(&sr.tr, &env->tr, false);
    seg_to_kvm(&sr.ldt, &env->ldt, false);
    sr.idt.base = env->idt.base;
    sr.idt.limit = env->idt.limit;
    sr.gdt.base = env->gdt.base;
    sr.gdt.limit = env->gdt.limit;
    sr.cr0 = env->cr[0];
    sr.cr2 = env->cr[2];
    sr.cr3 = env->cr[3];
    sr.cr4 = env->cr[4];
    sr.cr8 = env->cr8;
    sr.efer = env->efer;
    sr.apic_base = env->apic_base;
    return kvm_vcpu_ioctl(cs, KVM_SET_SREGS, &sr);
}

static void fpu_to_legacy(CPUX86State *env, uint8_t *area)
{
    uint16_t fsw = x86_fpu_status(env);
    uint8_t ftw = 0;
    for (int i = 0; i < 8; i++) {
        ftw |= (!env->fptags[i]) << i;
    }
    memcpy(area + XSAVE_FCW, &env->fpuc, 2);
    memcpy(area + XSAVE_FSW, &fsw, 2);
    area[XSAVE_FTW] = ftw;
    memcpy(area + XSAVE_FOP, &env->fpop, 2);
    memcpy(area + XSAVE_FIP, &env->fpip, 8);
    memcpy(area + XSAVE_FDP, &env->fpdp, 8);
    memcpy(area + XSAVE_MXCSR, &env->mxcsr, 4);
    for (int i = 0; i < 8; i++) {
        /* Stored in stack order: slot i is ST(i). */
        const FPReg *r = &env->fpregs[(env->fpstt + i) & 7];
        memset(area + XSAVE_ST + i * 16, 0, 16);
        memcpy(area + XSAVE_ST + i * 16, &r->low, 8);
        memcpy(area + XSAVE_ST + i * 16 + 8, &r->high, 2);
    }
    for (int i = 0; i < CPU_NB_REGS; i++) {
        memcpy(area + XSAVE_XMM + i * 16, &env->xmm_regs[i].q[0], 16);
    }
}

static void fpu_from_legacy(CPUX86State *env, const uint8_t *area)
{
    uint16_t fsw;
    uint8_t ftw = area[XSAVE_FTW];
    memcpy(&env->fpuc, area + XSAVE_FCW, 2);
    memcpy(&fsw, area + XSAVE_FSW, 2);
    env->fpstt = (fsw >> 11) & 7;
    env->fpus = fsw & ~0x3800;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = !((ftw >> i) & 1);
    }
    memcpy(&env->fpop, area + XSAVE_FOP, 2);
    memcpy(&env->fpip, area + XSAVE_FIP, 8);
    memcpy(&env->fpdp, area + XSAVE_FDP, 8);
    memcpy(&env->mxcsr, area + XSAVE_MXCSR, 4);
    for (int i = 0; i < 8; i++) {
        FPReg *r = &env->fpregs[(env->fpstt + i) & 7];
        memcpy(&r->low, area + XSAVE_ST + i * 16, 8);
        memcpy(&r->high, area + XSAVE_ST + i * 16 + 8, 2);
    }
    for (int i = 0; i < CPU_NB_REGS; i++) {
        memcpy(&env->xmm_regs[i].q[0], area + XSAVE_XMM + i * 16, 16);
    }
}

static int put_fpu(CPUState *cs, CPUX86State *env)
{
    struct kvm_fpu fpu;
    memset(&fpu, 0, sizeof(fpu));
    uint8_t legacy[512] = { 0 };
    fpu_to_legacy(env, legacy);
    memcpy(fpu.fpr, legacy + XSAVE_ST, sizeof(fpu.fpr));
    fpu.fcw = env->fpuc;
    fpu.fsw = x86_fpu_status(env);
    fpu.ftwx = legacy[XSAVE_FTW];
    fpu.last_opcode = env->fpop;
    fpu.last_ip = env->fpip;
    fpu.last_dp = env->fpdp;
    memcpy(fpu.xmm, legacy + XSAVE_XMM, sizeof(fpu.xmm));
    fpu.mxcsr = env->mxcsr;
    return kvm_vcpu_ioctl(cs, KVM_SET_FPU, &fpu);
}

static int put_xsave(CPUState *cs, X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    if (!cpu->xsave_buf || xsave_broken) {
        return put_fpu(cs, env);
    }
    uint8_t *area = cpu->xsave_buf;
    memset(area, 0, cpu->xsave_buf_len);
    fpu_to_legacy(env, area);
    uint64_t bv = XSTATE_FP_MASK | XSTATE_SSE_MASK;
    if (env->xcr0 & XSTATE_YMM_MASK) {
        bv |= XSTATE_YMM_MASK;
        for (int i = 0; i < CPU_NB_REGS; i++) {
            memcpy(area + XSAVE_YMMH + i * 16, &env->xmm_regs[i].q[2], 16);
        }
    }
    memcpy(area + XSAVE_BV, &bv, 8);
    int ret = kvm_vcpu_ioctl(cs, KVM_SET_XSAVE, area);
    if (ret < 0) {
        /* Some (nested) hypervisors fail XRSTOR: fall back for good. */
        warn_report("KVM_SET_XSAVE failed (%s); using KVM_SET_FPU",
                    strerror(-ret));
        xsave_broken = true;
        return put_fpu(cs, env);
    }
    return 0;
}

static int put_xcrs(CPUState *cs, CPUX86State *env)
{
    if (!kvm_state->has_xcrs || xsave_broken) {
        return 0;
    }
    struct kvm_xcrs x = { .nr_xcrs = 1 };
    x.xcrs[0].xcr = 0;
    x.xcrs[0].value = env->xcr0;
    return kvm_vcpu_ioctl(cs, KVM_SET_XCRS, &x);
}

static void msr_add(struct kvm_msrs *m, uint32_t index, uint64_t value)
{
    if (m->nmsrs < KVM_MAX_MSRS) {
        m->entries[m->nmsrs].index = index;
        m->entries[m->nmsrs].reserved = 0;
        m->entries[m->nmsrs].data = value;
        m->nmsrs++;
    }
}

/* The MSRs we move, given what the kernel lists and the CPU model. */
static void msr_list_build(X86CPU *cpu, struct kvm_msrs *m, int level,
                           bool values)
{
    CPUX86State *env = &cpu->env;
    KVMState *s = kvm_state;
    m->nmsrs = 0;
#define ADD(idx, val) msr_add(m, (idx), values ? (uint64_t)(val) : 0)
    ADD(MSR_IA32_SYSENTER_CS, env->sysenter_cs);
    ADD(MSR_IA32_SYSENTER_ESP, env->sysenter_esp);
    ADD(MSR_IA32_SYSENTER_EIP, env->sysenter_eip);
    ADD(MSR_PAT, env->pat);
    if (kvm_arch_msr_supported(s, MSR_STAR)) {
        ADD(MSR_STAR, env->star);
    }
    if (kvm_arch_msr_supported(s, MSR_CSTAR)) {
        ADD(MSR_CSTAR, env->cstar);
    }
    if (kvm_arch_msr_supported(s, MSR_KERNELGSBASE)) {
        ADD(MSR_KERNELGSBASE, env->kernelgsbase);
    }
    if (kvm_arch_msr_supported(s, MSR_FMASK)) {
        ADD(MSR_FMASK, env->fmask);
    }
    if (kvm_arch_msr_supported(s, MSR_LSTAR)) {
        ADD(MSR_LSTAR, env->lstar);
    }
    if (kvm_arch_msr_supported(s, MSR_TSC_AUX) &&
        (env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_RDTSCP)) {
        ADD(MSR_TSC_AUX, env->tsc_aux);
    }
    if (kvm_arch_msr_supported(s, MSR_IA32_MISC_ENABLE)) {
        ADD(MSR_IA32_MISC_ENABLE, env->msr_ia32_misc_enable);
    }
    /* Writing the TSC at runtime would make it jump. */
    if (level >= KVM_PUT_RESET_STATE || !values) {
        ADD(MSR_IA32_TSC, env->tsc);
        if (env->features[FEAT_1_EDX] & CPUID_MTRR) {
            ADD(MSR_MTRRdefType, env->mtrr_deftype);
            ADD(MSR_MTRRfix64K_00000, env->mtrr_fixed[0]);
            ADD(MSR_MTRRfix16K_80000, env->mtrr_fixed[1]);
            ADD(MSR_MTRRfix16K_A0000, env->mtrr_fixed[2]);
            for (int i = 0; i < 8; i++) {
                ADD(MSR_MTRRfix4K_C0000 + i, env->mtrr_fixed[3 + i]);
            }
            for (int i = 0; i < MSR_MTRRcap_VCNT; i++) {
                ADD(MSR_MTRRphysBase(i), env->mtrr_var[i].base);
                ADD(MSR_MTRRphysMask(i), env->mtrr_var[i].mask);
            }
        }
    }
#undef ADD
}

static int put_msrs(CPUState *cs, X86CPU *cpu, int level)
{
    struct kvm_msrs *m = cpu->kvm_msr_buf;
    msr_list_build(cpu, m, level, true);
    int ret = kvm_vcpu_ioctl(cs, KVM_SET_MSRS, m);
    if (ret < 0) {
        return ret;
    }
    if ((uint32_t)ret < m->nmsrs) {
        error_report("error: failed to set MSR 0x%" PRIx32 " to 0x%" PRIx64,
                     m->entries[ret].index,
                     (uint64_t)m->entries[ret].data);
        return -EINVAL;
    }
    return 0;
}

static int put_events(CPUState *cs, CPUX86State *env, int level)
{
    if (!kvm_state->has_vcpu_events) {
        return 0;
    }
    struct kvm_vcpu_events ev;
    memset(&ev, 0, sizeof(ev));
    ev.exception.injected = env->exception_injected;
    ev.exception.nr = env->exception_nr >= 0 ? env->exception_nr : 0;
    ev.exception.has_error_code = env->has_error_code;
    ev.exception.error_code = env->error_code;
    ev.interrupt.injected = env->interrupt_injected >= 0;
    ev.interrupt.nr = env->interrupt_injected >= 0 ? env->interrupt_injected
                                                   : 0;
    ev.interrupt.soft = env->soft_interrupt;
    ev.nmi.injected = env->nmi_injected;
    ev.nmi.pending = env->nmi_pending;
    ev.nmi.masked = !!(env->hflags2 & HF2_NMI_MASK);
    ev.sipi_vector = env->sipi_vector;
    ev.flags = 0;
    if (level >= KVM_PUT_RESET_STATE) {
        ev.flags |= KVM_VCPUEVENT_VALID_NMI_PENDING |
                    KVM_VCPUEVENT_VALID_SIPI_VECTOR;
    }
    return kvm_vcpu_ioctl(cs, KVM_SET_VCPU_EVENTS, &ev);
}

static int put_debugregs(CPUState *cs, CPUX86State *env)
{
    if (!kvm_state->has_debugregs) {
        return 0;
    }
    struct kvm_debugregs d;
    memset(&d, 0, sizeof(d));
    for (int i = 0; i < 4; i++) {
        d.db[i] = env->dr[i];
    }
    d.dr6 = env->dr[6];
    d.dr7 = env->dr[7];
    return kvm_vcpu_ioctl(cs, KVM_SET_DEBUGREGS, &d);
}

static int put_mp_state(CPUState *cs, CPUX86State *env)
{
    if (!kvm_state->has_mp_state) {
        return 0;
    }
    /* Non-runnable states need the in-kernel LAPIC. */
    struct kvm_mp_state mp = {
        .mp_state = kvm_irqchip_in_kernel() ? env->mp_state
                                            : KVM_MP_STATE_RUNNABLE,
    };
    return kvm_vcpu_ioctl(cs, KVM_SET_MP_STATE, &mp);
}

int kvm_arch_put_registers(CPUState *cs, int level)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    int ret;

    if ((ret = put_xsave(cs, cpu)) < 0 || (ret = put_xcrs(cs, env)) < 0 ||
        (ret = put_sregs(cs, env)) < 0 || (ret = put_regs(cs, env)) < 0 ||
        (ret = put_msrs(cs, cpu, level)) < 0) {
        return ret;
    }
    if (level >= KVM_PUT_RESET_STATE && (ret = put_mp_state(cs, env)) < 0) {
        return ret;
    }
    /* Machine reset: the in-kernel LAPIC too (after SREGS' APIC base). */
    if (level == KVM_PUT_RESET_STATE && cpu->kvm_lapic_reset &&
        kvm_irqchip_in_kernel() &&
        (ret = kvm_vcpu_ioctl(cs, KVM_SET_LAPIC, cpu->kvm_lapic_reset)) < 0) {
        return ret;
    }
    if ((ret = put_events(cs, env, level)) < 0 ||
        (ret = put_debugregs(cs, env)) < 0) {
        return ret;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Get */

static int get_regs(CPUState *cs, CPUX86State *env)
{
    struct kvm_regs r;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_REGS, &r);
    if (ret < 0) {
        return ret;
    }
    env->regs[R_EAX] = r.rax;
    env->regs[R_EBX] = r.rbx;
    env->regs[R_ECX] = r.rcx;
    env->regs[R_EDX] = r.rdx;
    env->regs[R_ESI] = r.rsi;
    env->regs[R_EDI] = r.rdi;
    env->regs[R_ESP] = r.rsp;
    env->regs[R_EBP] = r.rbp;
    env->regs[8] = r.r8;
    env->regs[9] = r.r9;
    env->regs[10] = r.r10;
    env->regs[11] = r.r11;
    env->regs[12] = r.r12;
    env->regs[13] = r.r13;
    env->regs[14] = r.r14;
    env->regs[15] = r.r15;
    env->eip = r.rip;
    env->eflags = r.rflags;
    return 0;
}

static int get_sregs(CPUState *cs, CPUX86State *env)
{
    struct kvm_sregs sr;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_SREGS, &sr);
    if (ret < 0) {
        return ret;
    }
    env->interrupt_injected = -1;
    for (int i = 0; i < 4; i++) {
        if (sr.interrupt_bitmap[i]) {
            env->interrupt_injected =
                i * 64 + __builtin_ctzll(sr.interrupt_bitmap[i]);
            break;
        }
    }
    seg_from_kvm(&env->segs[R_CS], &sr.cs);
    seg_from_kvm(&env->segs[R_DS], &sr.ds);
    seg_from_kvm(&env->segs[R_ES], &sr.es);
    seg_from_kvm(&env->segs[R_FS], &sr.fs);
    seg_from_kvm(&env->segs[R_GS], &sr.gs);
    seg_from_kvm(&env->segs[R_SS], &sr.ss);
    seg_from_kvm(&env->tr, &sr.tr);
    seg_from_kvm(&env->ldt, &sr.ldt);
    env->idt.base = sr.idt.base;
    env->idt.limit = sr.idt.limit;
    env->gdt.base = sr.gdt.base;
    env->gdt.limit = sr.gdt.limit;
    env->cr[0] = sr.cr0;
    env->cr[2] = sr.cr2;
    env->cr[3] = sr.cr3;
    env->cr[4] = sr.cr4;
    env->cr8 = sr.cr8;
    env->efer = sr.efer;
    env->apic_base = sr.apic_base;
    x86_update_hflags(env);
    return 0;
}

static int get_fpu(CPUState *cs, CPUX86State *env)
{
    struct kvm_fpu fpu;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_FPU, &fpu);
    if (ret < 0) {
        return ret;
    }
    uint8_t legacy[512] = { 0 };
    memcpy(legacy + XSAVE_FCW, &fpu.fcw, 2);
    memcpy(legacy + XSAVE_FSW, &fpu.fsw, 2);
    legacy[XSAVE_FTW] = fpu.ftwx;
    memcpy(legacy + XSAVE_FOP, &fpu.last_opcode, 2);
    memcpy(legacy + XSAVE_FIP, &fpu.last_ip, 8);
    memcpy(legacy + XSAVE_FDP, &fpu.last_dp, 8);
    memcpy(legacy + XSAVE_MXCSR, &fpu.mxcsr, 4);
    memcpy(legacy + XSAVE_ST, fpu.fpr, sizeof(fpu.fpr));
    memcpy(legacy + XSAVE_XMM, fpu.xmm, sizeof(fpu.xmm));
    fpu_from_legacy(env, legacy);
    return 0;
}

static int get_xsave(CPUState *cs, X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    if (!cpu->xsave_buf || xsave_broken) {
        return get_fpu(cs, env);
    }
    uint8_t *area = cpu->xsave_buf;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_XSAVE, area);
    if (ret < 0) {
        return get_fpu(cs, env);
    }
    fpu_from_legacy(env, area);
    memcpy(&env->xstate_bv, area + XSAVE_BV, 8);
    if (env->xstate_bv & XSTATE_YMM_MASK) {
        for (int i = 0; i < CPU_NB_REGS; i++) {
            memcpy(&env->xmm_regs[i].q[2], area + XSAVE_YMMH + i * 16, 16);
        }
    }
    if (kvm_state->has_xcrs) {
        struct kvm_xcrs x;
        if (kvm_vcpu_ioctl(cs, KVM_GET_XCRS, &x) == 0) {
            for (uint32_t i = 0; i < x.nr_xcrs && i < KVM_MAX_XCRS; i++) {
                if (x.xcrs[i].xcr == 0) {
                    env->xcr0 = x.xcrs[i].value;
                }
            }
        }
    }
    return 0;
}

static int get_msrs(CPUState *cs, X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    struct kvm_msrs *m = cpu->kvm_msr_buf;
    msr_list_build(cpu, m, KVM_PUT_FULL_STATE, false);
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_MSRS, m);
    if (ret < 0) {
        return ret;
    }
    for (int i = 0; i < ret; i++) {
        uint32_t idx = m->entries[i].index;
        uint64_t v = m->entries[i].data;
        switch (idx) {
        case MSR_IA32_SYSENTER_CS: env->sysenter_cs = v; break;
        case MSR_IA32_SYSENTER_ESP: env->sysenter_esp = v; break;
        case MSR_IA32_SYSENTER_EIP: env->sysenter_eip = v; break;
        case MSR_PAT: env->pat = v; break;
        case MSR_STAR: env->star = v; break;
        case MSR_CSTAR: env->cstar = v; break;
        case MSR_KERNELGSBASE: env->kernelgsbase = v; break;
        case MSR_FMASK: env->fmask = v; break;
        case MSR_LSTAR: env->lstar = v; break;
        case MSR_TSC_AUX: env->tsc_aux = v; break;
        case MSR_IA32_MISC_ENABLE: env->msr_ia32_misc_enable = v; break;
        case MSR_IA32_TSC: env->tsc = v; break;
        case MSR_MTRRdefType: env->mtrr_deftype = v; break;
        case MSR_MTRRfix64K_00000: env->mtrr_fixed[0] = v; break;
        case MSR_MTRRfix16K_80000: env->mtrr_fixed[1] = v; break;
        case MSR_MTRRfix16K_A0000: env->mtrr_fixed[2] = v; break;
        default:
            if (idx >= MSR_MTRRfix4K_C0000 && idx < MSR_MTRRfix4K_C0000 + 8) {
                env->mtrr_fixed[3 + idx - MSR_MTRRfix4K_C0000] = v;
            } else if (idx >= MSR_MTRRphysBase(0) &&
                       idx <= MSR_MTRRphysMask(MSR_MTRRcap_VCNT - 1)) {
                int n = (idx - MSR_MTRRphysBase(0)) / 2;
                if (idx & 1) {
                    env->mtrr_var[n].mask = v;
                } else {
                    env->mtrr_var[n].base = v;
                }
            }
            break;
        }
    }
    return 0;
}

static int get_events(CPUState *cs, CPUX86State *env)
{
    if (!kvm_state->has_vcpu_events) {
        return 0;
    }
    struct kvm_vcpu_events ev;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_VCPU_EVENTS, &ev);
    if (ret < 0) {
        return ret;
    }
    env->exception_injected = ev.exception.injected;
    env->exception_nr = ev.exception.injected ? ev.exception.nr : -1;
    env->has_error_code = ev.exception.has_error_code;
    env->error_code = ev.exception.error_code;
    env->interrupt_injected = ev.interrupt.injected ? ev.interrupt.nr : -1;
    env->soft_interrupt = ev.interrupt.soft;
    env->nmi_injected = ev.nmi.injected;
    env->nmi_pending = ev.nmi.pending;
    if (ev.nmi.masked) {
        env->hflags2 |= HF2_NMI_MASK;
    } else {
        env->hflags2 &= ~HF2_NMI_MASK;
    }
    env->sipi_vector = ev.sipi_vector;
    return 0;
}

static int get_debugregs(CPUState *cs, CPUX86State *env)
{
    if (!kvm_state->has_debugregs) {
        return 0;
    }
    struct kvm_debugregs d;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_DEBUGREGS, &d);
    if (ret < 0) {
        return ret;
    }
    for (int i = 0; i < 4; i++) {
        env->dr[i] = d.db[i];
    }
    env->dr[6] = d.dr6;
    env->dr[7] = d.dr7;
    return 0;
}

static int get_mp_state(CPUState *cs, CPUX86State *env)
{
    if (!kvm_state->has_mp_state || !kvm_irqchip_in_kernel()) {
        return 0;
    }
    struct kvm_mp_state mp;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_MP_STATE, &mp);
    if (ret < 0) {
        return ret;
    }
    env->mp_state = mp.mp_state;
    cs->halted = mp.mp_state == KVM_MP_STATE_HALTED;
    return 0;
}

int kvm_arch_get_registers(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    int ret;

    if ((ret = get_regs(cs, env)) < 0 || (ret = get_xsave(cs, cpu)) < 0 ||
        (ret = get_sregs(cs, env)) < 0 || (ret = get_msrs(cs, cpu)) < 0 ||
        (ret = get_mp_state(cs, env)) < 0 ||
        (ret = get_events(cs, env)) < 0 ||
        (ret = get_debugregs(cs, env)) < 0) {
        return ret;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Run loop hooks */

/*
 * Userspace irqchip: the vector of the interrupt the CPU acknowledges.  The
 * software local APIC first; the PIC when LINT0 takes ExtINT (or there is
 * no APIC).  A board may override it through x86_kvm_get_pic_interrupt.
 */
static int kvm_get_pic_interrupt(X86CPU *cpu)
{
    int intno = -1;

    if (x86_kvm_get_pic_interrupt) {
        return x86_kvm_get_pic_interrupt(&cpu->env);
    }
    if (cpu->apic_state) {
        intno = apic_get_interrupt(cpu->apic_state);
        if (intno >= 0 || !apic_accept_pic_intr(cpu->apic_state)) {
            return intno;
        }
    }
    return isa_pic ? pic_read_irq(isa_pic) : -1;
}

void kvm_arch_pre_run(CPUState *cs, struct kvm_run *run)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (cs->interrupt_request & CPU_INTERRUPT_NMI) {
        qemu_mutex_lock_iothread();
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        qemu_mutex_unlock_iothread();
        int ret = kvm_vcpu_ioctl(cs, KVM_NMI, NULL);
        if (ret < 0) {
            error_report("KVM: injection failed, NMI lost (%s)",
                         strerror(-ret));
        }
    }
    if (kvm_irqchip_in_kernel()) {
        return;
    }
    /*
     * INIT (even one the vCPU sent itself, which kicks nobody) is handled
     * by kvm_arch_process_async_events, outside KVM_RUN.
     */
    if (cs->interrupt_request & (CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI)) {
        __atomic_store_n(&cs->exit_request, 1, __ATOMIC_RELEASE);
    }

    /* The APIC and PIC are device state: the BQL protects them. */
    qemu_mutex_lock_iothread();
    if ((cs->interrupt_request & CPU_INTERRUPT_HARD) &&
        run->ready_for_interrupt_injection && (env->eflags & IF_MASK)) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
        int irq = kvm_get_pic_interrupt(cpu);
        if (irq >= 0 && irq < 256) {
            struct kvm_interrupt intr = { .irq = irq };
            int ret = kvm_vcpu_ioctl(cs, KVM_INTERRUPT, &intr);
            if (ret < 0) {
                error_report("KVM: injection failed, interrupt lost (%s)",
                             strerror(-ret));
            }
        }
    }
    /* Still something pending: exit as soon as the guest can take it. */
    run->request_interrupt_window =
        !!(cs->interrupt_request & CPU_INTERRUPT_HARD);
    if (cpu->apic_state) {
        run->cr8 = cpu_get_apic_tpr(cpu->apic_state);
    }
    qemu_mutex_unlock_iothread();
}

void kvm_arch_post_run(CPUState *cs, struct kvm_run *run)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (run->if_flag) {
        env->eflags |= IF_MASK;
    } else {
        env->eflags &= ~IF_MASK;
    }
    env->cr8 = run->cr8;
    if (kvm_irqchip_in_kernel() || !cpu->apic_state) {
        return;
    }
    /*
     * The kernel keeps CR8 and the APIC base MSR for a vCPU without an
     * in-kernel LAPIC; the software APIC must see the guest's writes
     * (a lowered TPR may unblock an interrupt, a new base moves the page).
     */
    qemu_mutex_lock_iothread();
    if (cpu_get_apic_tpr(cpu->apic_state) != (run->cr8 & 0xf)) {
        cpu_set_apic_tpr(cpu->apic_state, run->cr8);
    }
    if (cpu_get_apic_base(cpu->apic_state) != run->apic_base) {
        cpu_set_apic_base(cpu->apic_state, run->apic_base);
        env->apic_base = cpu_get_apic_base(cpu->apic_state);
    }
    qemu_mutex_unlock_iothread();
}

/*
 * INIT: the architectural INIT state (like reset, but MTRRs, PAT and the
 * APIC base MSR survive), the APIC's INIT state, then the BSP runs from the
 * reset vector and an AP waits for a SIPI.
 */
static void kvm_do_cpu_init(X86CPU *cpu)
{
    CPUState *cs = CPU(cpu);
    CPUX86State *env = &cpu->env;
    bool bsp = cpu->apic_state ? apic_is_bsp(cpu->apic_state)
                               : cs->cpu_index == 0;
    uint64_t mtrr_fixed[ARRAY_SIZE(env->mtrr_fixed)];
    MTRRVar mtrr_var[ARRAY_SIZE(env->mtrr_var)];
    uint64_t mtrr_deftype = env->mtrr_deftype, pat = env->pat;
    uint64_t apic_base = env->apic_base;

    memcpy(mtrr_fixed, env->mtrr_fixed, sizeof(mtrr_fixed));
    memcpy(mtrr_var, env->mtrr_var, sizeof(mtrr_var));
    x86_cpu_reset_state(env, bsp);
    memcpy(env->mtrr_fixed, mtrr_fixed, sizeof(mtrr_fixed));
    memcpy(env->mtrr_var, mtrr_var, sizeof(mtrr_var));
    env->mtrr_deftype = mtrr_deftype;
    env->pat = pat;
    env->apic_base = apic_base;
    env->cpuid_apic_id = cpu->apic_id;
    if (cpu->apic_state) {
        apic_init_reset(cpu->apic_state);
        env->apic_base = cpu_get_apic_base(cpu->apic_state);
    }
    env->mp_state = bsp ? X86_MP_STATE_RUNNABLE : X86_MP_STATE_INIT_RECEIVED;
    cs->halted = !bsp;
    cs->vcpu_dirty = true;
}

/* SIPI: an AP waiting for it starts in real mode at vector << 12. */
static void kvm_do_cpu_sipi(X86CPU *cpu)
{
    CPUState *cs = CPU(cpu);
    CPUX86State *env = &cpu->env;
    int vec;

    if (cpu->apic_state) {
        vec = apic_sipi_vector(cpu->apic_state);  /* -1: not waiting */
    } else {
        vec = env->mp_state == X86_MP_STATE_INIT_RECEIVED ? env->sipi_vector
                                                          : -1;
    }
    if (vec < 0) {
        return;
    }
    cpu_x86_load_seg_cache(env, R_CS, (vec & 0xff) << 8, (vec & 0xff) << 12,
                           0xffff, env->segs[R_CS].flags);
    env->eip = 0;
    env->mp_state = X86_MP_STATE_RUNNABLE;
    cs->halted = false;
    cs->vcpu_dirty = true;
}

bool kvm_arch_process_async_events(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (kvm_irqchip_in_kernel()) {
        return false;
    }
    if (cs->interrupt_request & CPU_INTERRUPT_POLL) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_POLL);
        if (cpu->apic_state) {
            apic_poll_irq(cpu->apic_state);
        }
    }
    if (cs->interrupt_request & CPU_INTERRUPT_INIT) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_INIT);
        kvm_cpu_synchronize_state(cs);
        kvm_do_cpu_init(cpu);
    }
    if (cs->interrupt_request & CPU_INTERRUPT_SIPI) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_SIPI);
        kvm_cpu_synchronize_state(cs);
        kvm_do_cpu_sipi(cpu);
    }
    /* Waiting for SIPI, nothing but INIT/SIPI wakes the CPU. */
    if (env->mp_state == X86_MP_STATE_INIT_RECEIVED ||
        env->mp_state == X86_MP_STATE_UNINITIALIZED) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        return cs->halted;
    }
    if (((cs->interrupt_request & CPU_INTERRUPT_HARD) &&
         (env->eflags & IF_MASK)) ||
        (cs->interrupt_request & CPU_INTERRUPT_NMI)) {
        cs->halted = 0;
    }
    return cs->halted;
}

/* The guest's TSC now (the vCPU is out of KVM_RUN). */
static bool kvm_get_guest_tsc(CPUState *cs, uint64_t *tsc)
{
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e;
    } m = { .hdr.nmsrs = 1, .e.index = MSR_IA32_TSC };

    if (kvm_vcpu_ioctl(cs, KVM_GET_MSRS, &m) != 1) {
        return false;
    }
    *tsc = m.e.data;
    return true;
}

/*
 * IA32_TSC_DEADLINE under a userspace irqchip (see the MSR filter): the
 * software APIC arms its timer at the QEMU_CLOCK_VIRTUAL time the deadline
 * stands for.  Anything else that exits is refused with #GP.
 */
static void kvm_handle_msr_exit(X86CPU *cpu, struct kvm_run *run)
{
    CPUState *cs = CPU(cpu);
    CPUX86State *env = &cpu->env;

    run->msr.error = 1;
    if (run->msr.index != MSR_IA32_TSC_DEADLINE || !cpu->apic_state) {
        return;
    }
    qemu_mutex_lock_iothread();
    if (run->exit_reason == KVM_EXIT_X86_RDMSR) {
        run->msr.data = apic_get_tsc_deadline(cpu->apic_state);
        run->msr.error = 0;
    } else {
        uint64_t v = run->msr.data, now = 0;
        int64_t expire = 0;
        uint64_t khz = env->tsc_khz;
        if (!khz) {
            int r = kvm_vcpu_ioctl(cs, KVM_GET_TSC_KHZ, NULL);
            khz = r > 0 ? (uint64_t)r : 1000000;
        }
        bool ok = !v || kvm_get_guest_tsc(cs, &now);
        if (v && ok) {
            uint64_t delta = v > now ? v - now : 0;
            /* Deadlines centuries away just never fire. */
            unsigned __int128 ns = (unsigned __int128)delta * 1000000 / khz;
            expire = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                     (int64_t)MIN(ns, (unsigned __int128)(INT64_MAX / 2));
        }
        if (ok) {
            env->tsc_deadline = v;
            apic_set_tsc_deadline(cpu->apic_state, v, v ? expire : 0);
            run->msr.error = 0;
        }
    }
    qemu_mutex_unlock_iothread();
}

static const char *const vmx_entry_hint =
    "\nIf you're running a guest on an Intel machine without unrestricted "
    "mode\nsupport, the failure can be most likely due to the guest "
    "entering an invalid\nstate for Intel VT. For example, the guest "
    "maybe running in big real mode\nwhich is not supported on less "
    "recent Intel processors.\n\n";

int kvm_arch_handle_exit(CPUState *cs, struct kvm_run *run)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    switch (run->exit_reason) {
    case KVM_EXIT_HLT:
        /* Only without in-kernel irqchip: idle until an interrupt. */
        if (!((cs->interrupt_request & CPU_INTERRUPT_HARD) &&
              (env->eflags & IF_MASK)) &&
            !(cs->interrupt_request & CPU_INTERRUPT_NMI)) {
            cs->halted = 1;
            return EXCP_HLT;
        }
        return 0;
    case KVM_EXIT_SET_TPR:
    case KVM_EXIT_TPR_ACCESS:
        return 0;       /* post_run gave the new CR8 to the APIC */
    case KVM_EXIT_X86_RDMSR:
    case KVM_EXIT_X86_WRMSR:
        kvm_handle_msr_exit(cpu, run);
        return 0;
    case KVM_EXIT_FAIL_ENTRY: {
        uint64_t code = run->fail_entry.hardware_entry_failure_reason;
        fprintf(stderr, "KVM: entry failed, hardware error 0x%" PRIx64 "\n",
                code);
        if (code == 0x80000021) {
            fputs(vmx_entry_hint, stderr);
        }
        return -1;
    }
    default:
        fprintf(stderr, "KVM: unknown exit reason %d\n", run->exit_reason);
        return -1;
    }
}
