/*
 * What a guest target gives the TCG accelerator (one static instance per
 * architecture, pointed at by CPUClass.tcg_ops).  Everything about the
 * guest ISA lives behind these hooks, so accel/tcg stays target-neutral.
 */
#ifndef HW_CORE_TCG_CPU_OPS_H
#define HW_CORE_TCG_CPU_OPS_H

#include "exec/exec-all.h"

typedef struct TCGCPUOps {
    /* Create the TCG globals for the architectural state (once). */
    void (*initialize)(void);
    /* Guest page size bits (12 for x86) and number of MMU indexes. */
    int page_bits;
    int nb_mmu_modes;
    /*
     * Offset from env of the CPUTLBDescFast[nb_mmu_modes] array that the
     * target's CPU struct embeds (generated code reaches it from env).
     */
    intptr_t tlb_fast_ofs;
    /* Words per insn_start (x86: pc and cc_op = 2). */
    int insn_start_words;

    /* Current translation key: pc (with cs_base added), cs_base, flags. */
    void (*get_tb_cpu_state)(CPUArchState *env, vaddr *pc,
                             uint64_t *cs_base, uint32_t *flags);
    /*
     * Emit the ops of one TB starting at tb->pc, at most max_insns guest
     * instructions, never crossing into a second page except for the
     * last instruction.  Sets tb->size and tb->icount.
     */
    void (*translate_code)(CPUState *cpu, TranslationBlock *tb,
                           int max_insns);
    /* After an exit through a chained/unchained jump: set the PC. */
    void (*synchronize_from_tb)(CPUState *cpu, const TranslationBlock *tb);
    /* Put insn_start data back into the CPU state (precise faults). */
    void (*restore_state_to_opc)(CPUState *cpu, const TranslationBlock *tb,
                                 const uint64_t *data);

    /* Interrupts: take one if the CPU accepts it now; true if taken. */
    bool (*cpu_exec_interrupt)(CPUState *cpu, int interrupt_request);
    /* Deliver cpu->exception_index (through the IDT for x86). */
    void (*do_interrupt)(CPUState *cpu);
    /* Called when the loop finds the CPU halted; true = leave halt. */
    bool (*cpu_exec_halt)(CPUState *cpu);
    void (*cpu_exec_enter)(CPUState *cpu);
    void (*cpu_exec_exit)(CPUState *cpu);

    /*
     * Page walk for a TLB miss: on success call tlb_set_page and return
     * true.  On a fault: return false if probe, else raise the guest
     * exception (cpu_loop_exit_restore(cpu, retaddr); no return).
     */
    bool (*tlb_fill)(CPUState *cpu, vaddr addr, int size,
                     MMUAccessType access_type, int mmu_idx, bool probe,
                     uintptr_t retaddr);
    /* The mmu_idx for instruction fetch / data in the current mode. */
    int (*mmu_index)(CPUState *cpu, bool ifetch);
} TCGCPUOps;

#endif
