/*
 * Translator services: the exit-request check at TB start (QEMU's
 * gen_tb_start/gen_tb_end), the chaining rule and code fetch.
 */
#include "qemu/osdep.h"
#include "tcg/tcg-op.h"
#include "exec/translator.h"
#include "accel/tcg/internal.h"

static __thread TCGLabel *exitreq_label;

void gen_tb_start(const TranslationBlock *tb)
{
    TCGv_i32 flag = tcg_temp_new_i32();
    intptr_t ofs = offsetof(CPUState, exit_request) - tcg_env_offset;

    exitreq_label = gen_new_label();
    tcg_gen_ld_i32(flag, tcg_env, ofs);
    tcg_gen_brcondi_i32(TCG_COND_NE, flag, 0, exitreq_label);
}

void gen_tb_end(const TranslationBlock *tb, int num_insns)
{
    if (exitreq_label) {
        gen_set_label(exitreq_label);
        tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);
        exitreq_label = NULL;
    }
}

bool translator_use_goto_tb(const TranslationBlock *tb, vaddr dest)
{
    if (tb->cflags & (CF_NO_GOTO_TB | CF_NOCACHE)) {
        return false;
    }
    return ((tb->pc ^ dest) & TCG_PAGE_MASK) == 0;
}

bool translator_is_same_page(const TranslationBlock *tb, vaddr pc)
{
    return ((tb->pc ^ pc) & TCG_PAGE_MASK) == 0;
}

uint8_t translator_ldub(CPUArchState *env, vaddr pc)
{
    return cpu_ldub_code(env, pc);
}

uint16_t translator_lduw(CPUArchState *env, vaddr pc)
{
    return cpu_lduw_code(env, pc);
}

uint32_t translator_ldl(CPUArchState *env, vaddr pc)
{
    return cpu_ldl_code(env, pc);
}

uint64_t translator_ldq(CPUArchState *env, vaddr pc)
{
    return cpu_ldq_code(env, pc);
}
