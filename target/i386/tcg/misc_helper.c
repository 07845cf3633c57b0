/*
 * Miscellaneous system helpers: port I/O, CPUID, TSC, MSRs, control and
 * debug registers, descriptor table registers, HLT, interrupt flag.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/helper.h"
#include "exec/memory.h"
#include "hw/intc/apic.h"
#include "qemu/timer.h"
#include "qemu/log.h"

#define RA GETPC()

static int kernel_idx(CPUX86State *env)
{
    return MMU_KERNEL_IDX;
}

uint64_t helper_in(CPUX86State *env, uint32_t port, uint32_t ot)
{
    uint8_t buf[4] = {0};
    bool taken = tcg_bql_lock_if_unlocked();

    address_space_rw(&address_space_io, port, MEMTXATTRS_UNSPECIFIED, buf,
                     1 << ot, false);
    tcg_bql_unlock_if_taken(taken);
    uint32_t v;
    memcpy(&v, buf, 4);
    return v & (ot == MO_8 ? 0xff : ot == MO_16 ? 0xffff : 0xffffffff);
}

void helper_out(CPUX86State *env, uint32_t port, uint64_t val, uint32_t ot)
{
    uint8_t buf[4];
    bool taken = tcg_bql_lock_if_unlocked();

    uint32_t v = val;
    memcpy(buf, &v, 4);
    address_space_rw(&address_space_io, port, MEMTXATTRS_UNSPECIFIED, buf,
                     1 << ot, true);
    tcg_bql_unlock_if_taken(taken);
}

void helper_cpuid(CPUX86State *env)
{
    uint32_t a, b, c, d;

    cpu_x86_cpuid(env, env->regs[R_EAX], env->regs[R_ECX], &a, &b, &c, &d);
    env->regs[R_EAX] = a;
    env->regs[R_EBX] = b;
    env->regs[R_ECX] = c;
    env->regs[R_EDX] = d;
}

static uint64_t get_tsc(CPUX86State *env)
{
    uint64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t khz = env->tsc_khz ? env->tsc_khz : 1000000;
    return (uint64_t)((unsigned __int128)ns * khz / 1000000) + env->tsc_adjust;
}

void helper_rdtsc(CPUX86State *env)
{
    uint64_t t;

    if ((env->cr[4] & CR4_TSD_MASK) && (env->hflags & HF_CPL_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
    }
    t = get_tsc(env);
    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
}

void helper_rdtscp(CPUX86State *env)
{
    uint64_t t;

    if ((env->cr[4] & CR4_TSD_MASK) && (env->hflags & HF_CPL_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
    }
    t = get_tsc(env);
    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
    env->regs[R_ECX] = (uint32_t)env->tsc_aux;
}

void helper_rdpmc(CPUX86State *env)
{
    raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
}

static bool mtrr_msr(uint32_t idx, uint64_t **p, CPUX86State *env)
{
    if (idx >= 0x200 && idx < 0x200 + 2 * MSR_MTRRcap_VCNT) {
        int n = (idx - 0x200) / 2;
        *p = (idx & 1) ? &env->mtrr_var[n].mask : &env->mtrr_var[n].base;
        return true;
    }
    switch (idx) {
    case MSR_MTRRfix64K_00000:
        *p = &env->mtrr_fixed[0];
        return true;
    case MSR_MTRRfix16K_80000:
    case MSR_MTRRfix16K_A0000:
        *p = &env->mtrr_fixed[1 + idx - MSR_MTRRfix16K_80000];
        return true;
    case MSR_MTRRdefType:
        *p = &env->mtrr_deftype;
        return true;
    }
    if (idx >= MSR_MTRRfix4K_C0000 && idx < MSR_MTRRfix4K_C0000 + 8) {
        *p = &env->mtrr_fixed[3 + idx - MSR_MTRRfix4K_C0000];
        return true;
    }
    return false;
}

void helper_rdmsr(CPUX86State *env)
{
    uint32_t idx = env->regs[R_ECX];
    X86CPU *cpu = env_archcpu(env);
    uint64_t v, *p;

    switch (idx) {
    case MSR_IA32_TSC:
        v = get_tsc(env);
        break;
    case MSR_IA32_APICBASE:
        v = cpu->apic_state ? cpu_get_apic_base(cpu->apic_state)
                            : env->apic_base;
        break;
    case MSR_IA32_SYSENTER_CS:
        v = env->sysenter_cs;
        break;
    case MSR_IA32_SYSENTER_ESP:
        v = env->sysenter_esp;
        break;
    case MSR_IA32_SYSENTER_EIP:
        v = env->sysenter_eip;
        break;
    case MSR_PAT:
        v = env->pat;
        break;
    case MSR_EFER:
        v = env->efer;
        break;
    case MSR_STAR:
        v = env->star;
        break;
    case MSR_LSTAR:
        v = env->lstar;
        break;
    case MSR_CSTAR:
        v = env->cstar;
        break;
    case MSR_FMASK:
        v = env->fmask;
        break;
    case MSR_FSBASE:
        v = env->segs[R_FS].base;
        break;
    case MSR_GSBASE:
        v = env->segs[R_GS].base;
        break;
    case MSR_KERNELGSBASE:
        v = env->kernelgsbase;
        break;
    case MSR_TSC_AUX:
        v = env->tsc_aux;
        break;
    case MSR_IA32_MISC_ENABLE:
        v = env->msr_ia32_misc_enable;
        break;
    case MSR_MTRRcap:
        v = MSR_MTRRcap_VCNT | MSR_MTRRcap_FIXRANGE_SUPPORT |
            MSR_MTRRcap_WC_SUPPORTED;
        break;
    case MSR_MCG_CAP:
        v = env->mcg_cap;
        break;
    case MSR_MCG_STATUS:
        v = env->mcg_status;
        break;
    case MSR_IA32_TSC_DEADLINE:
        v = cpu->apic_state ? apic_get_tsc_deadline(cpu->apic_state)
                            : env->tsc_deadline;
        break;
    case MSR_IA32_FEATURE_CONTROL:
        v = env->msr_ia32_feature_control;
        break;
    default:
        if (mtrr_msr(idx, &p, env)) {
            v = *p;
            break;
        }
        /* As QEMU's TCG: unknown MSRs read as 0 (Linux reads AMD ones). */
        qemu_log_mask(LOG_UNIMP, "rdmsr: unknown MSR 0x%x\n", idx);
        v = 0;
        break;
    }
    env->regs[R_EAX] = (uint32_t)v;
    env->regs[R_EDX] = v >> 32;
}

void helper_wrmsr(CPUX86State *env)
{
    uint32_t idx = env->regs[R_ECX];
    uint64_t v = ((uint64_t)(uint32_t)env->regs[R_EDX] << 32) |
                 (uint32_t)env->regs[R_EAX];
    X86CPU *cpu = env_archcpu(env);
    uint64_t *p;

    switch (idx) {
    case MSR_IA32_TSC:
        env->tsc_adjust += v - get_tsc(env);
        break;
    case MSR_IA32_APICBASE:
        env->apic_base = v;
        if (cpu->apic_state) {
            bool taken = tcg_bql_lock_if_unlocked();
            cpu_set_apic_base(cpu->apic_state, v);
            tcg_bql_unlock_if_taken(taken);
        }
        break;
    case MSR_IA32_SYSENTER_CS:
        env->sysenter_cs = v & 0xffff;
        break;
    case MSR_IA32_SYSENTER_ESP:
        env->sysenter_esp = v;
        break;
    case MSR_IA32_SYSENTER_EIP:
        env->sysenter_eip = v;
        break;
    case MSR_PAT:
        env->pat = v;
        break;
    case MSR_EFER: {
        uint64_t ok = MSR_EFER_SCE | MSR_EFER_LME | MSR_EFER_NXE;
        if (!(env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_NX)) {
            ok &= ~MSR_EFER_NXE;
        }
        if (v & ~(ok | MSR_EFER_LMA)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
        }
        /* LME cannot change while paging is on */
        if ((env->cr[0] & CR0_PG_MASK) &&
            ((v ^ env->efer) & MSR_EFER_LME)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
        }
        cpu_x86_update_efer(env, (v & ok) | (env->efer & MSR_EFER_LMA));
        tlb_flush(env_cpu(env));
        break;
    }
    case MSR_STAR:
        env->star = v;
        break;
    case MSR_LSTAR:
        env->lstar = v;
        break;
    case MSR_CSTAR:
        env->cstar = v;
        break;
    case MSR_FMASK:
        env->fmask = v;
        break;
    case MSR_FSBASE:
        env->segs[R_FS].base = v;
        break;
    case MSR_GSBASE:
        env->segs[R_GS].base = v;
        break;
    case MSR_KERNELGSBASE:
        env->kernelgsbase = v;
        break;
    case MSR_TSC_AUX:
        env->tsc_aux = (uint32_t)v;
        break;
    case MSR_IA32_MISC_ENABLE:
        env->msr_ia32_misc_enable = v;
        break;
    case MSR_MCG_STATUS:
        env->mcg_status = v;
        break;
    case MSR_IA32_TSC_DEADLINE:
        env->tsc_deadline = v;
        if (cpu->apic_state) {
            bool taken = tcg_bql_lock_if_unlocked();
            uint64_t now = get_tsc(env);
            uint64_t khz = env->tsc_khz ? env->tsc_khz : 1000000;
            int64_t ns = v > now ? (int64_t)((v - now) * 1000000 / khz) : 0;
            apic_set_tsc_deadline(cpu->apic_state, v,
                                  v ? qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                          ns
                                    : 0);
            tcg_bql_unlock_if_taken(taken);
        }
        break;
    case MSR_IA32_FEATURE_CONTROL:
        env->msr_ia32_feature_control = v;
        break;
    default:
        if (mtrr_msr(idx, &p, env)) {
            *p = v;
            break;
        }
        /* As QEMU's TCG: writes to unknown MSRs are ignored. */
        qemu_log_mask(LOG_UNIMP, "wrmsr: unknown MSR 0x%x\n", idx);
        break;
    }
}

void cpu_x86_update_efer(CPUX86State *env, uint64_t efer)
{
    env->efer = efer;
    x86_update_hflags(env);
}

void cpu_x86_update_cr0(CPUX86State *env, uint64_t cr0)
{
    if ((cr0 ^ env->cr[0]) & (CR0_PG_MASK | CR0_WP_MASK | CR0_PE_MASK)) {
        tlb_flush(env_cpu(env));
    }
    /* long mode activation/deactivation with paging */
    if (!(env->cr[0] & CR0_PG_MASK) && (cr0 & CR0_PG_MASK) &&
        (env->efer & MSR_EFER_LME)) {
        env->efer |= MSR_EFER_LMA;
    } else if ((env->cr[0] & CR0_PG_MASK) && !(cr0 & CR0_PG_MASK) &&
               (env->efer & MSR_EFER_LMA)) {
        env->efer &= ~MSR_EFER_LMA;
    }
    env->cr[0] = cr0 | CR0_ET_MASK;
    x86_update_hflags(env);
}

void cpu_x86_update_cr3(CPUX86State *env, uint64_t cr3)
{
    env->cr[3] = cr3;
    if (env->cr[0] & CR0_PG_MASK) {
        /* global pages survive: flush the non-global approximation */
        tlb_flush(env_cpu(env));
    }
}

void cpu_x86_update_cr4(CPUX86State *env, uint64_t cr4)
{
    if ((cr4 ^ env->cr[4]) & (CR4_PGE_MASK | CR4_PAE_MASK | CR4_PSE_MASK |
                              CR4_SMEP_MASK | CR4_SMAP_MASK)) {
        tlb_flush(env_cpu(env));
    }
    env->cr[4] = cr4;
    x86_update_hflags(env);
}

uint64_t helper_read_cr(CPUX86State *env, uint32_t reg)
{
    X86CPU *cpu = env_archcpu(env);

    if (reg == 8) {
        if (cpu->apic_state) {
            bool taken = tcg_bql_lock_if_unlocked();
            uint8_t t = cpu_get_apic_tpr(cpu->apic_state);
            tcg_bql_unlock_if_taken(taken);
            return t;
        }
        return env->cr8;
    }
    return env->cr[reg];
}

void helper_write_cr(CPUX86State *env, uint32_t reg, uint64_t v)
{
    X86CPU *cpu = env_archcpu(env);
    uintptr_t ra = RA;

    switch (reg) {
    case 0:
        if ((v >> 32) || ((v & CR0_PG_MASK) && !(v & CR0_PE_MASK)) ||
            ((v & CR0_NW_MASK) && !(v & CR0_CD_MASK))) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        if ((v & CR0_PG_MASK) && !(env->cr[0] & CR0_PG_MASK) &&
            (env->efer & MSR_EFER_LME) && !(env->cr[4] & CR4_PAE_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        if (!(v & CR0_PG_MASK) && (env->hflags & HF_CS64_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_update_cr0(env, v);
        break;
    case 2:
        env->cr[2] = v;
        break;
    case 3:
        if ((env->hflags & HF_LMA_MASK) && (v >> 52)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_update_cr3(env, v);
        break;
    case 4: {
        uint64_t ok = CR4_VME_MASK | CR4_PVI_MASK | CR4_TSD_MASK |
                      CR4_DE_MASK | CR4_PSE_MASK | CR4_PAE_MASK |
                      CR4_MCE_MASK | CR4_PGE_MASK | CR4_PCE_MASK |
                      CR4_OSFXSR_MASK | CR4_OSXMMEXCPT_MASK;
        if ((v & ~ok) ||
            ((env->hflags & HF_LMA_MASK) && !(v & CR4_PAE_MASK))) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_update_cr4(env, v);
        break;
    }
    case 8:
        if (v > 15) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        env->cr8 = v;
        if (cpu->apic_state) {
            bool taken = tcg_bql_lock_if_unlocked();
            cpu_set_apic_tpr(cpu->apic_state, v);
            tcg_bql_unlock_if_taken(taken);
        }
        break;
    }
}

void helper_set_dr(CPUX86State *env, uint32_t reg, uint64_t v)
{
    if ((env->hflags & HF_LMA_MASK) && (reg == 6 || reg == 7) && (v >> 32)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
    }
    if (reg == 6) {
        v |= 0xffff0ff0;
    } else if (reg == 7) {
        v = (v | 0x400) & ~0x2000ULL;
    }
    env->dr[reg] = v;
}

void helper_lmsw(CPUX86State *env, uint64_t v)
{
    /* only PE, MP, EM, TS; PE cannot be cleared */
    uint64_t cr0 = (env->cr[0] & ~0xeULL) | (v & 0xf);
    cpu_x86_update_cr0(env, cr0);
}

void helper_clts(CPUX86State *env)
{
    env->cr[0] &= ~(uint64_t)CR0_TS_MASK;
    x86_update_hflags(env);
}

void helper_invlpg(CPUX86State *env, uint64_t addr)
{
    tlb_flush_page(env_cpu(env), addr);
}

void helper_hlt(CPUX86State *env, uint32_t next_eip_addend)
{
    CPUState *cs = env_cpu(env);

    env->hflags &= ~HF_INHIBIT_IRQ_MASK;
    env->eip += next_eip_addend;
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

void helper_set_inhibit_irq(CPUX86State *env)
{
    env->hflags |= HF_INHIBIT_IRQ_MASK;
}

void helper_reset_inhibit_irq(CPUX86State *env)
{
    env->hflags &= ~HF_INHIBIT_IRQ_MASK;
}

static bool if_allowed(CPUX86State *env)
{
    int cpl = env->hflags & HF_CPL_MASK;
    int iopl = (env->eflags >> IOPL_SHIFT) & 3;

    if (!(env->cr[0] & CR0_PE_MASK)) {
        return true;
    }
    if (env->eflags & VM_MASK) {
        return iopl == 3;
    }
    return cpl <= iopl;
}

void helper_cli(CPUX86State *env)
{
    if (!if_allowed(env)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
    }
    env->eflags &= ~(uint64_t)IF_MASK;
}

void helper_sti(CPUX86State *env)
{
    if (!if_allowed(env)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, RA);
    }
    if (!(env->eflags & IF_MASK)) {
        env->hflags |= HF_INHIBIT_IRQ_MASK;
    }
    env->eflags |= IF_MASK;
}

void helper_lgdt_lidt(CPUX86State *env, uint64_t addr, uint32_t which_ot)
{
    int ot = which_ot >> 4;
    uintptr_t ra = RA;
    int idx = kernel_idx(env);
    uint32_t limit = cpu_lduw_mmuidx_ra(env, addr, idx, ra);
    uint64_t base;

    if (env->hflags & HF_CS64_MASK) {
        base = cpu_ldq_mmuidx_ra(env, addr + 2, idx, ra);
    } else {
        base = cpu_ldl_mmuidx_ra(env, (uint32_t)(addr + 2), idx, ra);
        if (ot == MO_16) {
            base &= 0xffffff;
        }
    }
    if (which_ot & 1) {
        env->idt.base = base;
        env->idt.limit = limit;
    } else {
        env->gdt.base = base;
        env->gdt.limit = limit;
    }
}

void helper_sgdt_sidt(CPUX86State *env, uint64_t addr, uint32_t which_ot)
{
    uintptr_t ra = RA;
    int idx = cpu_mmu_index_of(env);
    SegmentCache *dt = (which_ot & 1) ? &env->idt : &env->gdt;

    cpu_stw_mmuidx_ra(env, addr, dt->limit, idx, ra);
    if (env->hflags & HF_CS64_MASK) {
        cpu_stq_mmuidx_ra(env, addr + 2, dt->base, idx, ra);
    } else {
        cpu_stl_mmuidx_ra(env, (uint32_t)(addr + 2), dt->base, idx, ra);
    }
}

void helper_cmpxchg8b(CPUX86State *env, uint64_t addr, uint32_t is16)
{
    uintptr_t ra = RA;
    int idx = cpu_mmu_index_of(env);
    uint32_t f = helper_cc_compute_all(env->cc_dst, env->cc_src,
                                       env->cc_src2, env->cc_op);

    if (is16) {
        uint64_t lo, hi;
        if (addr & 15) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        lo = cpu_ldq_mmuidx_ra(env, addr, idx, ra);
        hi = cpu_ldq_mmuidx_ra(env, addr + 8, idx, ra);
        if (lo == env->regs[R_EAX] && hi == env->regs[R_EDX]) {
            cpu_stq_mmuidx_ra(env, addr, env->regs[R_EBX], idx, ra);
            cpu_stq_mmuidx_ra(env, addr + 8, env->regs[R_ECX], idx, ra);
            f |= CC_Z;
        } else {
            cpu_stq_mmuidx_ra(env, addr, lo, idx, ra);
            cpu_stq_mmuidx_ra(env, addr + 8, hi, idx, ra);
            env->regs[R_EAX] = lo;
            env->regs[R_EDX] = hi;
            f &= ~CC_Z;
        }
    } else {
        uint64_t v = cpu_ldq_mmuidx_ra(env, addr, idx, ra);
        uint64_t cmp = ((uint64_t)(uint32_t)env->regs[R_EDX] << 32) |
                       (uint32_t)env->regs[R_EAX];
        if (v == cmp) {
            cpu_stq_mmuidx_ra(env, addr,
                              ((uint64_t)(uint32_t)env->regs[R_ECX] << 32) |
                                  (uint32_t)env->regs[R_EBX],
                              idx, ra);
            f |= CC_Z;
        } else {
            cpu_stq_mmuidx_ra(env, addr, v, idx, ra);
            env->regs[R_EAX] = (uint32_t)v;
            env->regs[R_EDX] = v >> 32;
            f &= ~CC_Z;
        }
    }
    env->cc_src = f;
    env->cc_op = CC_OP_EFLAGS;
}

void helper_bound(CPUX86State *env, uint64_t addr, uint64_t idx_v,
                  uint32_t ot)
{
    uintptr_t ra = RA;
    int idx = cpu_mmu_index_of(env);
    int64_t lo, hi, v;

    if (ot == MO_16) {
        lo = (int16_t)cpu_lduw_mmuidx_ra(env, addr, idx, ra);
        hi = (int16_t)cpu_lduw_mmuidx_ra(env, (uint32_t)(addr + 2), idx, ra);
        v = (int16_t)idx_v;
    } else {
        lo = (int32_t)cpu_ldl_mmuidx_ra(env, addr, idx, ra);
        hi = (int32_t)cpu_ldl_mmuidx_ra(env, (uint32_t)(addr + 4), idx, ra);
        v = (int32_t)idx_v;
    }
    if (v < lo || v > hi) {
        raise_exception_ra(env, EXCP05_BOUND, ra);
    }
}

void helper_swapgs(CPUX86State *env)
{
    uint64_t t = env->segs[R_GS].base;
    env->segs[R_GS].base = env->kernelgsbase;
    env->kernelgsbase = t;
}

void x86_cpu_set_a20(X86CPU *cpu, int enable)
{
    CPUX86State *env = &cpu->env;
    uint64_t mask = enable ? ~0ULL : ~(1ULL << 20);

    if (mask != env->a20_mask) {
        env->a20_mask = mask;
        tlb_flush(CPU(cpu));
    }
}
