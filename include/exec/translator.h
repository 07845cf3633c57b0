/*
 * Services for a target's translator (TCGCPUOps.translate_code), as in
 * QEMU's exec/translator.h and exec/gen-icount.h:
 *
 *   gen_tb_start(tb);            -- first thing in every TB
 *   for each insn: tcg_gen_insn_start(pc, ...); fetch with translator_ld*;
 *                  emit ops; stop at max_insns, tcg_op_buf_full(), a
 *                  jump, or before an insn that would start in the next
 *                  page (only the last insn may cross a page boundary)
 *   end: goto_tb n + exit_tb(tb, n) when translator_use_goto_tb(tb, dest),
 *        else tcg_gen_lookup_and_goto_ptr() or tcg_gen_exit_tb(NULL, 0)
 *   gen_tb_end(tb, num_insns);   -- last thing in every TB
 *   tb->size = guest bytes, tb->icount = num_insns.
 *
 * gen_tb_start emits a check of the vCPU's exit_request (read through env):
 * kicks, interrupts and stop requests make the next TB to start exit with
 * TB_EXIT_REQUESTED before executing any guest instruction, so the loop
 * then resynchronises the pc with TCGCPUOps.synchronize_from_tb(tb).
 * Guest state (globals) must therefore be in env at every TB entry.
 */
#ifndef EXEC_TRANSLATOR_H
#define EXEC_TRANSLATOR_H

#include "exec/exec-all.h"

void gen_tb_start(const TranslationBlock *tb);
void gen_tb_end(const TranslationBlock *tb, int num_insns);

/*
 * May slot goto_tb jump directly to guest pc dest?  Only within the page
 * of tb->pc (a chained jump bypasses the TLB, so it must not depend on a
 * mapping other than the one checked when this TB was looked up), and
 * never in singlestep / nochain mode (CF_NO_GOTO_TB).
 */
bool translator_use_goto_tb(const TranslationBlock *tb, vaddr dest);

/*
 * Fetch code bytes (little-endian) at guest virtual pc, through the TLB
 * with MMU_INST_FETCH.  A fault (page not present/executable) raises the
 * guest exception as for the first byte of the instruction: tlb_fill runs
 * with retaddr 0 and the loop delivers it; the partial TB is dropped.
 */
uint8_t translator_ldub(CPUArchState *env, vaddr pc);
uint16_t translator_lduw(CPUArchState *env, vaddr pc);
uint32_t translator_ldl(CPUArchState *env, vaddr pc);
uint64_t translator_ldq(CPUArchState *env, vaddr pc);

/* Is pc on the same guest page as the TB start?  (Page-crossing rule.) */
bool translator_is_same_page(const TranslationBlock *tb, vaddr pc);

#endif
