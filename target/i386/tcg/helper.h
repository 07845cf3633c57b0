/*
 * Integer and system helpers called from x86 translated code, and the
 * exception-raising functions helpers share.  Helpers that can raise a
 * guest exception take the default call flags (globals in env) and use
 * GETPC() for precise state.
 */
#ifndef TARGET_I386_TCG_HELPER_H
#define TARGET_I386_TCG_HELPER_H

#include "target/i386/cpu.h"
#include "exec/exec-all.h"

/* MMU indexes */
#define MMU_KERNEL_IDX 0
#define MMU_USER_IDX 1
#define MMU_PHYS_IDX 2
#define X86_NB_MMU_MODES 3

static inline int cpu_mmu_index_of(CPUX86State *env)
{
    return (env->hflags & HF_CPL_MASK) == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

/* Lazy flags (cc_helper.c) */
uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src1, uint64_t src2,
                               uint32_t op);
uint64_t helper_cc_compute_c(uint64_t dst, uint64_t src1, uint64_t src2,
                             uint32_t op);
void cpu_load_eflags(CPUX86State *env, uint64_t eflags, uint64_t mask);
uint64_t helper_read_eflags(CPUX86State *env);
void helper_write_eflags(CPUX86State *env, uint64_t v, uint32_t mask);
/* Shifts/rotates/shld/shrd: kind | ot << 4; flags through env. */
uint64_t helper_shift(CPUX86State *env, uint64_t val, uint64_t count,
                      uint32_t kind_ot);
uint64_t helper_shxd(CPUX86State *env, uint64_t dst, uint64_t src,
                     uint64_t count, uint32_t right_ot);
void helper_muldiv(CPUX86State *env, uint64_t val, uint32_t kind_ot);
uint64_t helper_imul2(CPUX86State *env, uint64_t a, uint64_t b, uint32_t ot);
void helper_bcd(CPUX86State *env, uint32_t kind, uint32_t imm);

/* Exceptions (excp_helper.c) */
G_NORETURN void raise_exception(CPUX86State *env, int intno);
G_NORETURN void raise_exception_ra(CPUX86State *env, int intno,
                                   uintptr_t ra);
G_NORETURN void raise_exception_err(CPUX86State *env, int intno, int err);
G_NORETURN void raise_exception_err_ra(CPUX86State *env, int intno, int err,
                                       uintptr_t ra);
G_NORETURN void raise_interrupt(CPUX86State *env, int intno, int is_int,
                                int error_code, int next_eip_addend);
G_NORETURN void helper_raise_exception(CPUX86State *env, uint32_t intno);
G_NORETURN void helper_raise_exception_err(CPUX86State *env, uint32_t intno,
                                           uint32_t err);
G_NORETURN void helper_raise_interrupt(CPUX86State *env, uint32_t intno,
                                       uint32_t next_eip_addend);
G_NORETURN void helper_into(CPUX86State *env, uint32_t next_eip_addend);
bool x86_cpu_tlb_fill(CPUState *cs, vaddr addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr);
hwaddr x86_cpu_get_phys_page_debug(CPUState *cs, uint64_t addr);

/* Interrupt delivery and segments (seg_helper.c) */
void do_interrupt_all(X86CPU *cpu, int intno, int is_int, int error_code,
                      uint64_t next_eip, int is_hw);
void x86_cpu_do_interrupt(CPUState *cs);
bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request);
void helper_load_seg(CPUX86State *env, uint32_t seg, uint32_t selector);
void helper_ljmp(CPUX86State *env, uint32_t sel, uint64_t eip,
                 uint32_t next_eip_addend);
void helper_lcall(CPUX86State *env, uint32_t sel, uint64_t eip,
                  uint32_t shift, uint32_t next_eip_addend);
void helper_lret(CPUX86State *env, uint32_t shift, uint32_t addend);
void helper_iret(CPUX86State *env, uint32_t shift, uint32_t next_eip);
void helper_lldt(CPUX86State *env, uint32_t sel);
void helper_ltr(CPUX86State *env, uint32_t sel);
uint64_t helper_lar_lsl(CPUX86State *env, uint32_t sel, uint32_t lsl);
void helper_verrw(CPUX86State *env, uint32_t sel, uint32_t wr);
void helper_syscall(CPUX86State *env, uint32_t next_eip_addend);
void helper_sysret(CPUX86State *env, uint32_t shift);
void helper_sysenter(CPUX86State *env);
void helper_sysexit(CPUX86State *env, uint32_t shift);
void helper_check_io(CPUX86State *env, uint32_t port, uint32_t size);
void helper_enter_level(CPUX86State *env, uint32_t level, uint32_t ot,
                        uint64_t frame_temp);

/* Misc (misc_helper.c) */
uint64_t helper_in(CPUX86State *env, uint32_t port, uint32_t ot);
void helper_out(CPUX86State *env, uint32_t port, uint64_t val, uint32_t ot);
void helper_cpuid(CPUX86State *env);
void helper_rdtsc(CPUX86State *env);
void helper_rdtscp(CPUX86State *env);
void helper_rdpmc(CPUX86State *env);
void helper_rdmsr(CPUX86State *env);
void helper_wrmsr(CPUX86State *env);
uint64_t helper_read_cr(CPUX86State *env, uint32_t reg);
void helper_write_cr(CPUX86State *env, uint32_t reg, uint64_t v);
void helper_set_dr(CPUX86State *env, uint32_t reg, uint64_t v);
void helper_lmsw(CPUX86State *env, uint64_t v);
void helper_clts(CPUX86State *env);
void helper_invlpg(CPUX86State *env, uint64_t addr);
void helper_hlt(CPUX86State *env, uint32_t next_eip_addend);
void helper_set_inhibit_irq(CPUX86State *env);
void helper_reset_inhibit_irq(CPUX86State *env);
void helper_cli(CPUX86State *env);
void helper_sti(CPUX86State *env);
void helper_lgdt_lidt(CPUX86State *env, uint64_t addr, uint32_t which_ot);
void helper_sgdt_sidt(CPUX86State *env, uint64_t addr, uint32_t which_ot);
void helper_cmpxchg8b(CPUX86State *env, uint64_t addr, uint32_t is16);
void helper_bound(CPUX86State *env, uint64_t addr, uint64_t idx,
                  uint32_t ot);
void helper_swapgs(CPUX86State *env);
/* helper_fwait: fpu-helper.h (x86-fpu) */
void x86_cpu_set_a20(X86CPU *cpu, int enable);
void cpu_x86_update_cr0(CPUX86State *env, uint64_t cr0);
void cpu_x86_update_cr3(CPUX86State *env, uint64_t cr3);
void cpu_x86_update_cr4(CPUX86State *env, uint64_t cr4);
void cpu_x86_update_efer(CPUX86State *env, uint64_t efer);

#endif
