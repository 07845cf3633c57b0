/*
 * The execution loop of one vCPU (QEMU's cpu_exec): deliver exceptions
 * and interrupts, find or translate the next TB, run it, chain it to the
 * previous one.  Guest exceptions and cpu_loop_exit*() come back here by
 * siglongjmp; the loop then resumes with the state in env.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/log.h"
#include "qemu/thread.h"
#include "sysemu/sysemu.h"
#include "accel/tcg/internal.h"

const TCGCPUOps *tcg_cpu_ops;
intptr_t tcg_env_offset;
int tcg_page_bits = 12;
__thread bool tcg_in_tb;

uint64_t helper_ld_mmu(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra);
void helper_st_mmu(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                   uintptr_t ra);
static const void *helper_lookup_tb_ptr(void *env);

void tcg_exec_init(const TCGCPUOps *ops, size_t code_size)
{
    if (tcg_cpu_ops) {
        return;
    }
    if (!ops || !ops->translate_code || !ops->tlb_fill ||
        !ops->get_tb_cpu_state || !ops->mmu_index ||
        ops->nb_mmu_modes <= 0 || ops->nb_mmu_modes > TCG_MAX_MMU_IDX ||
        ops->page_bits < 10 || ops->page_bits > 16) {
        error_report("tcg: the CPU does not provide usable TCG hooks");
        exit(1);
    }
    tcg_init(code_size ? code_size : 256 * MiB, 1);
    tcg_cpu_ops = ops;
    tcg_page_bits = ops->page_bits;
    tcg_ctx->page_bits = ops->page_bits;
    tcg_ctx->tlb_fast_ofs = ops->tlb_fast_ofs;
    tcg_ctx->insn_start_words = ops->insn_start_words ? ops->insn_start_words
                                                      : 1;
    for (int i = 0; i < 8; i++) {
        tcg_ctx->ld_helpers[i] = helper_ld_mmu;
    }
    for (int i = 0; i < 4; i++) {
        tcg_ctx->st_helpers[i] = helper_st_mmu;
    }
    tcg_ctx->lookup_tb_ptr = helper_lookup_tb_ptr;
    if (ops->initialize) {
        ops->initialize();
    }
}

void tcg_cpu_init(CPUState *cpu)
{
    const TCGCPUOps *ops = CPU_GET_CLASS(cpu)->tcg_ops;
    TCGCPUPriv *p;
    intptr_t ofs;

    if (cpu->tlb_priv) {
        return;
    }
    if (!ops || ops != tcg_cpu_ops || !cpu->env_ptr) {
        error_report("tcg: CPU %d has no TCG support",
                     cpu->cpu_index);
        exit(1);
    }
    ofs = (char *)cpu->env_ptr - (char *)cpu;
    if (tcg_env_offset && tcg_env_offset != ofs) {
        error_report("tcg: CPUs with different layouts");
        exit(1);
    }
    tcg_env_offset = ofs;
    p = g_new0(TCGCPUPriv, 1);
    p->cflags_next_tb = -1;
    cpu->tlb_priv = p;
    cpu->jmp_env = &p->jmp_env;
    cpu->tb_jmp_cache = p->jc;
    cpu->exception_index = -1;
    tlb_init(cpu);
}

uint32_t curr_cflags(CPUState *cpu)
{
    uint32_t cflags = 0;

    if (singlestep || cpu->singlestep_enabled) {
        cflags |= CF_NO_GOTO_TB | CF_NO_GOTO_PTR | CF_SINGLE_STEP | 1;
    } else if (qemu_loglevel_mask(CPU_LOG_TB_NOCHAIN)) {
        cflags |= CF_NO_GOTO_TB | CF_NO_GOTO_PTR;
    }
    return cflags;
}

/* ---- Leaving the loop ---------------------------------------------------- */

bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc)
{
    uint64_t data[TCG_MAX_INSN_START_WORDS] = {0};
    TranslationBlock *tb;

    if (!host_pc) {
        return false;
    }
    tb = tb_find_by_host_pc(host_pc);
    if (!tb || tcg_search_insn_data(&tb->tc, host_pc, data) < 0) {
        return false;
    }
    if (tcg_cpu_ops->restore_state_to_opc) {
        tcg_cpu_ops->restore_state_to_opc(cpu, tb, data);
    }
    return true;
}

void cpu_loop_exit(CPUState *cpu)
{
    TCGCPUPriv *p = tcg_priv(cpu);

    tcg_in_tb = false;
    siglongjmp(p->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    cpu_restore_state(cpu, retaddr);
    cpu_loop_exit(cpu);
}

void cpu_loop_exit_noexc(CPUState *cpu)
{
    cpu->exception_index = -1;
    cpu_loop_exit(cpu);
}

/* ---- Logging ---------------------------------------------------------------- */

static void log_cpu_exec(CPUState *cpu, TranslationBlock *tb)
{
    if (qemu_loglevel_mask(CPU_LOG_EXEC)) {
        qemu_log("Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x] \n",
                 cpu->cpu_index, tb->tc.ptr, tb->cs_base, (uint64_t)tb->pc,
                 tb->flags, tb->cflags);
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_CPU)) {
        GString *s = g_string_new(NULL);
        FILE *f;

        cpu_dump_state(cpu, s, qemu_loglevel_mask(CPU_LOG_TB_FPU)
                                   ? CPU_DUMP_FPU : 0);
        f = qemu_log_trylock();
        if (f) {
            fputs(s->str, f);
            qemu_log_unlock(f);
        }
        g_string_free(s, true);
    }
}

/* ---- The loop -------------------------------------------------------------- */

static const void *helper_lookup_tb_ptr(void *env)
{
    CPUState *cpu = tcg_env_cpu(env);
    uint32_t cflags = curr_cflags(cpu);
    TranslationBlock *tb;
    vaddr pc;
    uint64_t cs_base;
    uint32_t flags;

    if ((cflags & CF_NO_GOTO_PTR) || tb_pending_work) {
        return NULL;
    }
    tcg_cpu_ops->get_tb_cpu_state(env, &pc, &cs_base, &flags);
    tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
    if (!tb) {
        return NULL;
    }
    log_cpu_exec(cpu, tb);
    return tb->tc.ptr;
}

static bool cpu_handle_halt(CPUState *cpu)
{
    if (cpu->halted) {
        bool leave;

        if (tcg_cpu_ops->cpu_exec_halt) {
            bool taken = tcg_bql_lock_if_unlocked();
            leave = tcg_cpu_ops->cpu_exec_halt(cpu);
            tcg_bql_unlock_if_taken(taken);
        } else {
            leave = cpu_has_work(cpu);
        }
        if (!leave) {
            return true;
        }
        cpu->halted = false;
    }
    return false;
}

static bool cpu_handle_exception(CPUState *cpu, int *ret)
{
    if (cpu->exception_index < 0) {
        return false;
    }
    if (cpu->exception_index >= EXCP_INTERRUPT) {
        *ret = cpu->exception_index;
        cpu->exception_index = -1;
        return true;
    }
    if (tcg_cpu_ops->do_interrupt) {
        bool taken = tcg_bql_lock_if_unlocked();
        tcg_cpu_ops->do_interrupt(cpu);
        tcg_bql_unlock_if_taken(taken);
    }
    cpu->exception_index = -1;
    return false;
}

static bool cpu_handle_interrupt(CPUState *cpu, TranslationBlock **last_tb)
{
    uint32_t ir = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE);

    if (unlikely(ir)) {
        bool taken = tcg_bql_lock_if_unlocked();

        ir = cpu->interrupt_request;
        if (ir & CPU_INTERRUPT_HALT) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_HALT);
            cpu->halted = true;
            cpu->exception_index = EXCP_HLT;
            tcg_bql_unlock_if_taken(taken);
            return true;
        }
        if (tcg_cpu_ops->cpu_exec_interrupt &&
            tcg_cpu_ops->cpu_exec_interrupt(cpu, ir)) {
            cpu->exception_index = -1;
            *last_tb = NULL;
        }
        if (cpu->interrupt_request & CPU_INTERRUPT_EXITTB) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
            *last_tb = NULL;
        }
        tcg_bql_unlock_if_taken(taken);
        /* The hook may have halted the CPU or raised an exception. */
        if (cpu->halted || cpu->exception_index >= 0) {
            if (cpu->halted && cpu->exception_index < 0) {
                cpu->exception_index = EXCP_HALTED;
            }
            return true;
        }
    }
    if (unlikely(__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE))) {
        __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELEASE);
        if (cpu->exception_index == -1) {
            cpu->exception_index = EXCP_INTERRUPT;
        }
        return true;
    }
    return false;
}

static TranslationBlock *tb_find(CPUState *cpu, TranslationBlock *last_tb,
                                 int tb_exit, uint32_t cflags)
{
    TranslationBlock *tb;
    vaddr pc;
    uint64_t cs_base;
    uint32_t flags;
    unsigned flush_count = tcg_tb_flush_count;

    tcg_cpu_ops->get_tb_cpu_state(cpu->env_ptr, &pc, &cs_base, &flags);
    tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
    if (!tb) {
        tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
        if (!(tb->cflags & CF_NOCACHE)) {
            tcg_priv(cpu)->jc[tb_jmp_cache_hash(pc)] = tb;
        }
    }
    if (last_tb && flush_count == tcg_tb_flush_count) {
        tb_add_jump(last_tb, tb_exit, tb);
    }
    return tb;
}

static void cpu_loop_exec_tb(CPUState *cpu, TranslationBlock *tb,
                             TranslationBlock **last_tb, int *tb_exit)
{
    uintptr_t ret;
    TranslationBlock *last;

    log_cpu_exec(cpu, tb);
    tcg_in_tb = true;
    ret = tcg_qemu_tb_exec(cpu->env_ptr, tb->tc.ptr);
    tcg_in_tb = false;

    last = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
    *tb_exit = ret & TB_EXIT_MASK;
    if (*tb_exit > TB_EXIT_IDX1) {
        /* Left at a TB start: pc of that TB, nothing of it executed. */
        if (last && tcg_cpu_ops->synchronize_from_tb) {
            tcg_cpu_ops->synchronize_from_tb(cpu, last);
        }
        *last_tb = NULL;
        return;
    }
    *last_tb = last;
}

static int cpu_exec_loop(CPUState *cpu, TCGCPUPriv *p)
{
    int ret = EXCP_INTERRUPT;

    while (!cpu_handle_exception(cpu, &ret)) {
        TranslationBlock *last_tb = NULL;
        int tb_exit = 0;

        while (!cpu_handle_interrupt(cpu, &last_tb)) {
            uint32_t cflags;
            TranslationBlock *tb;

            if (unlikely(tb_pending_work)) {
                tb_process_pending();
                last_tb = NULL;
            }
            cflags = p->cflags_next_tb;
            if (cflags == (uint32_t)-1) {
                cflags = curr_cflags(cpu);
            } else {
                p->cflags_next_tb = -1;
            }
            tb = tb_find(cpu, last_tb, tb_exit, cflags);
            cpu_loop_exec_tb(cpu, tb, &last_tb, &tb_exit);
        }
    }
    return ret;
}

static int cpu_exec_setjmp(CPUState *cpu, TCGCPUPriv *p)
{
    if (sigsetjmp(p->jmp_env, 0) != 0) {
        /* Back from cpu_loop_exit: helpers may have taken the BQL. */
        tcg_in_tb = false;
        if (!p->bql_on_entry && qemu_mutex_iothread_locked()) {
            qemu_mutex_unlock_iothread();
        }
    }
    return cpu_exec_loop(cpu, p);
}

int cpu_exec(CPUState *cpu)
{
    TCGCPUPriv *p;
    int ret;

    tcg_cpu_init(cpu);
    p = tcg_priv(cpu);
    if (cpu_handle_halt(cpu)) {
        return EXCP_HALTED;
    }
    current_cpu = cpu;
    p->bql_on_entry = qemu_mutex_iothread_locked();
    if (tcg_cpu_ops->cpu_exec_enter) {
        tcg_cpu_ops->cpu_exec_enter(cpu);
    }
    ret = cpu_exec_setjmp(cpu, p);
    if (tcg_cpu_ops->cpu_exec_exit) {
        tcg_cpu_ops->cpu_exec_exit(cpu);
    }
    return ret;
}
