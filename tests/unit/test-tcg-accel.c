/*
 * accel/tcg without any real guest: a toy target defined here drives the
 * execution loop, the TB cache, chaining, invalidation and the soft-MMU.
 *
 * Toy ISA: 32-bit little-endian words, op[31:24] rd[23:20] rs[19:16]
 * imm[15:0].  8 registers of 64 bits, identity-mapped 4 KiB pages below
 * 0x80000000 (faults above), one mmu_idx.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/thread.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "exec/translator.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "hw/core/tcg-cpu-ops.h"
#include "tcg/tcg-op.h"
#include "accel/tcg/internal.h"

enum {
    OP_LI = 1,   /* rd = sext(imm) */
    OP_ADD,      /* rd += rs */
    OP_ADDI,     /* rd += sext(imm) */
    OP_STW,      /* [rd + imm] = rs (32 bits) */
    OP_LDW,      /* rd = [rs + imm] (32 bits) */
    OP_BNZ,      /* if rd != 0: pc = pc + 4 + imm * 4 */
    OP_JMP,      /* pc = pc + 4 + imm * 4 */
    OP_OUT,      /* out(rd) */
    OP_HALT,
    OP_LUI,      /* rd = imm << 16 */
    OP_STB,
    OP_STQ,
    OP_LDQ,
    OP_JR,       /* pc = rd (goto_ptr) */
    OP_ORI,      /* rd |= zext(imm) */
};

#define INSN(op, rd, rs, imm)                                                  \
    ((uint32_t)(op) << 24 | (uint32_t)(rd) << 20 | (uint32_t)(rs) << 16 |      \
     ((uint32_t)(imm) & 0xffff))
#define REL(from, to) ((int)((int64_t)(to) - (int64_t)(from) - 4) / 4)

#define EXCP_TOY_FAULT 5
#define RAM_SIZE (1 * MiB)
#define MMIO_BASE 0x200000
#define FAULT_BASE 0x80000000ull

struct CPUArchState {
    uint64_t regs[8];
    uint64_t pc;
    CPUTLBDescFast tlb_fast[1];
    uint64_t out[64];
    int nout;
    uint64_t handler;   /* where faults go */
    uint64_t fault_pc, fault_addr;
    int irqs;
    bool large_pages;   /* map 2 MiB pages */
    bool halt_sets_halted; /* HALT waits for an interrupt (thread test) */
};

typedef struct ToyCPU {
    CPUState parent_obj;
    CPUArchState env;
} ToyCPU;

#define TYPE_TOY_CPU "toy-cpu"

static TCGv_i64 cpu_regs[8], cpu_pc;
static int n_translations, n_fills;
static MemoryRegion *ram, *mmio;
static uint8_t *ram_host;
static CPUState *cs;
static CPUArchState *env;

/* ---- The toy target's helpers and hooks --------------------------------- */

static void helper_out(CPUArchState *e, uint64_t v)
{
    if (e->nout < (int)ARRAY_SIZE(e->out)) {
        e->out[e->nout++] = v;
    }
}

static void helper_halt(CPUArchState *e)
{
    CPUState *cpu = tcg_env_cpu(e);

    if (e->halt_sets_halted) {
        cpu->halted = true;
    }
    cpu->exception_index = EXCP_HLT;
    cpu_loop_exit(cpu);
}

static void toy_initialize(void)
{
    static const char *names[8] = {"r0", "r1", "r2", "r3",
                                   "r4", "r5", "r6", "r7"};

    for (int i = 0; i < 8; i++) {
        cpu_regs[i] = tcg_global_mem_new_i64(
            tcg_env, offsetof(CPUArchState, regs[i]), names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env, offsetof(CPUArchState, pc),
                                    "pc");
}

static void gen_goto(TranslationBlock *tb, int n, vaddr dest)
{
    if (translator_use_goto_tb(tb, dest)) {
        tcg_gen_goto_tb(n);
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_exit_tb(tb, n);
    } else {
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_lookup_and_goto_ptr();
    }
}

static void toy_translate(CPUState *cpu, TranslationBlock *tb, int max_insns)
{
    CPUArchState *e = cpu->env_ptr;
    vaddr pc = tb->pc;
    int n = 0;
    bool end = false;

    n_translations++;
    gen_tb_start(tb);
    while (!end) {
        uint32_t insn;
        int op, rd, rs;
        int64_t simm;
        uint64_t uimm;
        vaddr next = pc + 4;
        TCGv_i64 t = tcg_temp_new_i64();
        TCGLabel *l;

        tcg_gen_insn_start(pc);
        insn = translator_ldl(e, pc);
        n++;
        op = insn >> 24;
        rd = (insn >> 20) & 7;
        rs = (insn >> 16) & 7;
        simm = (int16_t)insn;
        uimm = insn & 0xffff;
        switch (op) {
        case OP_LI:
            tcg_gen_movi_i64(cpu_regs[rd], simm);
            break;
        case OP_LUI:
            tcg_gen_movi_i64(cpu_regs[rd], uimm << 16);
            break;
        case OP_ORI:
            tcg_gen_ori_i64(cpu_regs[rd], cpu_regs[rd], uimm);
            break;
        case OP_ADD:
            tcg_gen_add_i64(cpu_regs[rd], cpu_regs[rd], cpu_regs[rs]);
            break;
        case OP_ADDI:
            tcg_gen_addi_i64(cpu_regs[rd], cpu_regs[rd], simm);
            break;
        case OP_STW:
        case OP_STB:
        case OP_STQ:
            tcg_gen_addi_i64(t, cpu_regs[rd], simm);
            tcg_gen_qemu_st_i64(cpu_regs[rs], t, 0,
                                op == OP_STW ? MO_32
                                : op == OP_STB ? MO_8 : MO_64);
            break;
        case OP_LDW:
        case OP_LDQ:
            tcg_gen_addi_i64(t, cpu_regs[rs], simm);
            tcg_gen_qemu_ld_i64(cpu_regs[rd], t, 0,
                                op == OP_LDW ? MO_UL : MO_UQ);
            break;
        case OP_BNZ:
            l = gen_new_label();
            tcg_gen_brcondi_i64(TCG_COND_EQ, cpu_regs[rd], 0, l);
            gen_goto(tb, 1, next + simm * 4);
            gen_set_label(l);
            gen_goto(tb, 0, next);
            end = true;
            break;
        case OP_JMP:
            gen_goto(tb, 0, next + simm * 4);
            end = true;
            break;
        case OP_JR:
            tcg_gen_mov_i64(cpu_pc, cpu_regs[rd]);
            tcg_gen_lookup_and_goto_ptr();
            end = true;
            break;
        case OP_OUT:
            tcg_gen_call2(helper_out, 0, NULL, tcg_env, cpu_regs[rd]);
            break;
        default: /* HALT and anything unknown */
            tcg_gen_movi_i64(cpu_pc, next);
            tcg_gen_call1(helper_halt, 0, NULL, tcg_env);
            tcg_gen_exit_tb(NULL, 0);
            end = true;
            break;
        }
        pc = next;
        if (!end && (n >= max_insns || tcg_op_buf_full() ||
                     !translator_is_same_page(tb, pc))) {
            gen_goto(tb, 0, pc);
            end = true;
        }
    }
    tb->size = pc - tb->pc;
    tb->icount = n;
    gen_tb_end(tb, n);
}

static void toy_get_tb_cpu_state(CPUArchState *e, vaddr *pc,
                                 uint64_t *cs_base, uint32_t *flags)
{
    *pc = e->pc;
    *cs_base = 0;
    *flags = 0;
}

static void toy_synchronize_from_tb(CPUState *cpu, const TranslationBlock *tb)
{
    ((CPUArchState *)cpu->env_ptr)->pc = tb->pc;
}

static void toy_restore_state(CPUState *cpu, const TranslationBlock *tb,
                              const uint64_t *data)
{
    ((CPUArchState *)cpu->env_ptr)->pc = data[0];
}

static bool toy_exec_interrupt(CPUState *cpu, int request)
{
    if (request & CPU_INTERRUPT_HARD) {
        ((CPUArchState *)cpu->env_ptr)->irqs++;
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
        return true;
    }
    return false;
}

static void toy_do_interrupt(CPUState *cpu)
{
    CPUArchState *e = cpu->env_ptr;

    e->fault_pc = e->pc;
    e->pc = e->handler;
}

static bool toy_tlb_fill(CPUState *cpu, vaddr addr, int size,
                         MMUAccessType type, int mmu_idx, bool probe,
                         uintptr_t ra)
{
    CPUArchState *e = cpu->env_ptr;

    if (addr >= FAULT_BASE) {
        if (probe) {
            return false;
        }
        e->fault_addr = addr;
        cpu->exception_index = EXCP_TOY_FAULT;
        cpu_loop_exit_restore(cpu, ra);
    }
    n_fills++;
    tlb_set_page(cpu, addr & ~0xfffull, addr & ~0xfffull,
                 PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx,
                 e->large_pages ? 2 * MiB : 4096);
    return true;
}

static int toy_mmu_index(CPUState *cpu, bool ifetch)
{
    return 0;
}

static bool toy_has_work(CPUState *cpu)
{
    return cpu->interrupt_request & CPU_INTERRUPT_HARD;
}

static const TCGCPUOps toy_tcg_ops = {
    .initialize = toy_initialize,
    .page_bits = 12,
    .nb_mmu_modes = 1,
    .tlb_fast_ofs = offsetof(CPUArchState, tlb_fast),
    .insn_start_words = 1,
    .get_tb_cpu_state = toy_get_tb_cpu_state,
    .translate_code = toy_translate,
    .synchronize_from_tb = toy_synchronize_from_tb,
    .restore_state_to_opc = toy_restore_state,
    .cpu_exec_interrupt = toy_exec_interrupt,
    .do_interrupt = toy_do_interrupt,
    .tlb_fill = toy_tlb_fill,
    .mmu_index = toy_mmu_index,
};

static void toy_cpu_initfn(Object *obj)
{
    ToyCPU *cpu = (ToyCPU *)obj;

    cpu->parent_obj.env_ptr = &cpu->env;
}

static void toy_cpu_class_init(ObjectClass *oc, void *data)
{
    CPUClass *cc = CPU_CLASS(oc);

    cc->tcg_ops = &toy_tcg_ops;
    cc->has_work = toy_has_work;
}

static const TypeInfo toy_cpu_type = {
    .name = TYPE_TOY_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(ToyCPU),
    .instance_init = toy_cpu_initfn,
    .class_init = toy_cpu_class_init,
};

/* ---- A test device ------------------------------------------------------- */

static uint64_t mmio_last_addr, mmio_last_val;
static unsigned mmio_last_size, mmio_writes, mmio_reads;

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    mmio_reads++;
    return 0x1200 + addr;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    mmio_writes++;
    mmio_last_addr = addr;
    mmio_last_val = val;
    mmio_last_size = size;
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .valid = {.min_access_size = 1, .max_access_size = 8},
    .impl = {.min_access_size = 1, .max_access_size = 8},
};

/* ---- Harness ---------------------------------------------------------------- */

static void load(uint64_t addr, const uint32_t *words, int n)
{
    for (int i = 0; i < n; i++) {
        memcpy(ram_host + addr + 4 * i, &words[i], 4);
    }
}

static uint32_t rd32(uint64_t addr)
{
    uint32_t v;

    memcpy(&v, ram_host + addr, 4);
    return v;
}

/* Fresh state, no TBs, empty TLB; code written directly to RAM. */
static void reset_cpu(uint64_t pc)
{
    tb_flush(cs);
    tlb_flush(cs);
    memset(env->regs, 0, sizeof(env->regs));
    env->nout = 0;
    env->pc = pc;
    env->handler = 0;
    env->fault_pc = env->fault_addr = 0;
    env->large_pages = false;
    cs->exception_index = -1;
    cs->exit_request = 0;
    n_translations = n_fills = 0;
}

static int run(void)
{
    int r = cpu_exec(cs);

    g_assert_cmpint(r, ==, EXCP_HLT);
    return r;
}

static TranslationBlock *find_tb(vaddr pc)
{
    return tb_lookup(cs, pc, 0, 0, curr_cflags(cs));
}

/* ---- Tests -------------------------------------------------------------------- */

static void test_exec(void)
{
    const uint32_t prog[] = {
        INSN(OP_LI, 1, 0, 40),
        INSN(OP_LI, 2, 0, 2),
        INSN(OP_ADD, 1, 2, 0),
        INSN(OP_ADDI, 1, 0, -10),      /* 32 */
        INSN(OP_LUI, 3, 0, 0x1),       /* 0x10000 */
        INSN(OP_STW, 3, 1, 0x20),
        INSN(OP_LDW, 4, 3, 0x20),
        INSN(OP_OUT, 4, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };

    reset_cpu(0x1000);
    load(0x1000, prog, ARRAY_SIZE(prog));
    run();
    g_assert_cmpint(env->nout, ==, 1);
    g_assert_cmpuint(env->out[0], ==, 32);
    g_assert_cmpuint(rd32(0x10020), ==, 32);
    g_assert_cmpuint(env->pc, ==, 0x1000 + 4 * ARRAY_SIZE(prog));
}

static void test_tb_cache(void)
{
    const uint32_t prog[] = {
        INSN(OP_LI, 1, 0, 1000),
        /* loop: */
        INSN(OP_ADDI, 2, 0, 3),
        INSN(OP_ADDI, 1, 0, -1),
        INSN(OP_BNZ, 1, 0, -3),
        INSN(OP_OUT, 2, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };
    TranslationBlock *loop;

    reset_cpu(0x1000);
    load(0x1000, prog, ARRAY_SIZE(prog));
    run();
    g_assert_cmpuint(env->out[0], ==, 3000);
    /* entry, loop body, exit: each translated once */
    g_assert_cmpint(n_translations, ==, 3);

    /* The loop chains to itself (slot 1, taken) and to the exit. */
    loop = find_tb(0x1004);
    g_assert_nonnull(loop);
    g_assert_true(loop->jmp_dest[1] == loop);
    g_assert_nonnull(loop->jmp_dest[0]);

    /* Running again translates nothing. */
    env->pc = 0x1000;
    env->nout = 0;
    run();
    g_assert_cmpint(n_translations, ==, 3);
    g_assert_cmpuint(env->out[0], ==, 6000);
}

static void test_invalidate_dma(void)
{
    const uint32_t prog[] = {
        INSN(OP_LI, 1, 0, 10),
        INSN(OP_JMP, 0, 0, 0),
        /* loop: 0x3008 */
        INSN(OP_ADDI, 2, 0, 1),
        INSN(OP_ADDI, 1, 0, -1),
        INSN(OP_BNZ, 1, 0, -3),
        INSN(OP_OUT, 2, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };
    uint32_t patch = INSN(OP_ADDI, 2, 0, 5);
    TranslationBlock *loop, *entry;

    reset_cpu(0x3000);
    load(0x3000, prog, ARRAY_SIZE(prog));
    run();
    g_assert_cmpuint(env->out[0], ==, 10);
    loop = find_tb(0x3008);
    entry = find_tb(0x3000);
    g_assert_nonnull(loop);
    g_assert_true(entry->jmp_dest[0] == loop);
    g_assert_true(loop->jmp_dest[1] == loop);

    /* A device writes the loop body: the TB goes, chains are undone. */
    address_space_write(&address_space_memory, 0x3008,
                        MEMTXATTRS_UNSPECIFIED, &patch, 4);
    g_assert_true(loop->cflags & CF_INVALID);
    g_assert_null(entry->jmp_dest[0]);
    g_assert_null(loop->jmp_dest[0]);
    g_assert_null(loop->jmp_dest[1]);
    g_assert_cmpuint(loop->jmp_list_head, ==, 0);
    g_assert_false(entry->cflags & CF_INVALID);
    g_assert_null(find_tb(0x3008));

    env->pc = 0x3000;
    env->nout = 0;
    env->regs[2] = 0;
    run();
    g_assert_cmpuint(env->out[0], ==, 50);

    /* Writes elsewhere in RAM leave TBs alone. */
    loop = find_tb(0x3008);
    address_space_write(&address_space_memory, 0x3800,
                        MEMTXATTRS_UNSPECIFIED, &patch, 4);
    g_assert_false(loop->cflags & CF_INVALID);
    tb_invalidate_phys_range(0x300c, 0x3010);
    g_assert_true(loop->cflags & CF_INVALID);
}

static void test_smc_other_tb(void)
{
    uint32_t new_insn = INSN(OP_LI, 3, 0, 2);
    const uint32_t target[] = {
        INSN(OP_LI, 3, 0, 1),
        INSN(OP_OUT, 3, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };
    const uint32_t writer[] = {
        INSN(OP_LUI, 1, 0, new_insn >> 16),
        INSN(OP_ORI, 1, 0, new_insn & 0xffff),
        INSN(OP_LI, 2, 0, 0x4100),
        INSN(OP_STW, 2, 1, 0),
        INSN(OP_JMP, 0, 0, REL(0x4210, 0x4100)),
    };

    reset_cpu(0x4100);
    load(0x4100, target, ARRAY_SIZE(target));
    load(0x4200, writer, ARRAY_SIZE(writer));
    run();
    g_assert_cmpuint(env->out[0], ==, 1);

    /* Same page: the store takes the NOTDIRTY path and drops the TB. */
    env->pc = 0x4200;
    env->nout = 0;
    run();
    g_assert_cmpint(env->nout, ==, 1);
    g_assert_cmpuint(env->out[0], ==, 2);
}

static void test_smc_same_tb(void)
{
    uint32_t new_insn = INSN(OP_LI, 3, 0, 7);
    const uint32_t prog[] = {
        INSN(OP_LUI, 1, 0, new_insn >> 16),
        INSN(OP_ORI, 1, 0, new_insn & 0xffff),
        INSN(OP_LI, 2, 0, 0x5014),
        INSN(OP_STW, 2, 1, 0),
        INSN(OP_ADDI, 4, 0, 1),        /* runs once */
        INSN(OP_LI, 3, 0, 5),          /* 0x5014: rewritten */
        INSN(OP_OUT, 3, 0, 0),
        INSN(OP_OUT, 4, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };

    reset_cpu(0x5000);
    load(0x5000, prog, ARRAY_SIZE(prog));
    run();
    g_assert_cmpint(env->nout, ==, 2);
    g_assert_cmpuint(env->out[0], ==, 7);
    g_assert_cmpuint(env->out[1], ==, 1);
}

static void test_tlb(void)
{
    const uint32_t prog[] = {
        INSN(OP_LUI, 1, 0, 0x0001),
        INSN(OP_ORI, 1, 0, 0x7ffc),    /* 0x17ffc: crosses into 0x18000 */
        INSN(OP_LUI, 2, 0, 0x1122),
        INSN(OP_ORI, 2, 0, 0x3344),
        INSN(OP_STQ, 1, 2, 0),
        INSN(OP_LDQ, 3, 1, 0),
        INSN(OP_OUT, 3, 0, 0),
        INSN(OP_LDW, 4, 1, 4),         /* 0x18000 */
        INSN(OP_OUT, 4, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };
    int fills;

    reset_cpu(0x6000);
    load(0x6000, prog, ARRAY_SIZE(prog));
    run();
    g_assert_cmpuint(env->out[0], ==, 0x11223344);
    g_assert_cmpuint(env->out[1], ==, 0);
    g_assert_cmpuint(rd32(0x17ffc), ==, 0x11223344);
    /* code page + the two data pages */
    g_assert_cmpint(n_fills, ==, 3);

    /* Filled pages stay; a flush of one page refills just that one. */
    fills = n_fills;
    env->pc = 0x6000;
    run();
    g_assert_cmpint(n_fills, ==, fills);
    tlb_flush_page(cs, 0x18000);
    env->pc = 0x6000;
    run();
    g_assert_cmpint(n_fills, ==, fills + 1);
    tlb_flush(cs);
    env->pc = 0x6000;
    run();
    g_assert_cmpint(n_fills, ==, fills + 4);

    /* A large page: flushing any 4K of it drops all of its entries. */
    tlb_flush(cs);
    env->large_pages = true;
    env->pc = 0x6000;
    run();
    fills = n_fills;
    tlb_flush_page(cs, 0x1f0000);
    env->pc = 0x6000;
    run();
    g_assert_cmpint(n_fills, ==, fills + 3);
}

static void test_mmio(void)
{
    const uint32_t prog[] = {
        INSN(OP_LUI, 2, 0, MMIO_BASE >> 16),
        INSN(OP_LI, 1, 0, 0x55),
        INSN(OP_STW, 2, 1, 4),
        INSN(OP_LDW, 3, 2, 8),
        INSN(OP_OUT, 3, 0, 0),
        INSN(OP_STB, 2, 1, 0x11),
        INSN(OP_HALT, 0, 0, 0),
    };

    reset_cpu(0x7000);
    load(0x7000, prog, ARRAY_SIZE(prog));
    mmio_writes = mmio_reads = 0;
    run();
    g_assert_cmpuint(mmio_writes, ==, 2);
    g_assert_cmpuint(mmio_reads, ==, 1);
    g_assert_cmpuint(env->out[0], ==, 0x1208);
    g_assert_cmpuint(mmio_last_addr, ==, 0x11);
    g_assert_cmpuint(mmio_last_size, ==, 1);
    g_assert_cmpuint(mmio_last_val, ==, 0x55);
}

static void test_precise_fault(void)
{
    const uint32_t prog[] = {
        INSN(OP_LI, 1, 0, 1),
        INSN(OP_LI, 2, 0, 2),
        INSN(OP_LUI, 4, 0, 0x8000),
        INSN(OP_ADDI, 2, 0, 1),
        INSN(OP_LDW, 5, 4, 0x10),      /* 0x8010: faults */
        INSN(OP_LI, 6, 0, 3),
        INSN(OP_HALT, 0, 0, 0),
    };
    const uint32_t handler[] = {
        INSN(OP_OUT, 2, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };

    reset_cpu(0x8000);
    load(0x8000, prog, ARRAY_SIZE(prog));
    load(0x8800, handler, ARRAY_SIZE(handler));
    env->handler = 0x8800;
    run();
    g_assert_cmpuint(env->fault_pc, ==, 0x8010);
    g_assert_cmpuint(env->fault_addr, ==, 0x80000010);
    g_assert_cmpuint(env->regs[1], ==, 1);
    g_assert_cmpuint(env->out[0], ==, 3);
    g_assert_cmpuint(env->regs[6], ==, 0);
}

static void test_interrupt_and_kick(void)
{
    const uint32_t prog[] = {
        INSN(OP_ADDI, 1, 0, 1),
        INSN(OP_JMP, 0, 0, -2),
    };
    int r;

    reset_cpu(0x9000);
    load(0x9000, prog, ARRAY_SIZE(prog));
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    cpu_exit(cs);
    r = cpu_exec(cs);
    g_assert_cmpint(r, ==, EXCP_INTERRUPT);
    g_assert_cmpint(env->irqs, ==, 1);
}

static gpointer kicker(gpointer opaque)
{
    g_usleep(50 * 1000);
    cpu_exit(cs);
    return NULL;
}

static void test_kick_chained_loop(void)
{
    const uint32_t prog[] = {
        INSN(OP_ADDI, 1, 0, 1),
        INSN(OP_JMP, 0, 0, -2),
    };
    GThread *t;
    int r;

    reset_cpu(0x9000);
    load(0x9000, prog, ARRAY_SIZE(prog));
    t = g_thread_new("kicker", kicker, NULL);
    r = cpu_exec(cs);
    g_thread_join(t);
    g_assert_cmpint(r, ==, EXCP_INTERRUPT);
    g_assert_cmpuint(env->regs[1], >, 1000);
    /* Left at a TB start with pc synchronised. */
    g_assert_cmpuint(env->pc, ==, 0x9000);
}

static void test_goto_ptr(void)
{
    const uint32_t prog[] = {
        INSN(OP_LI, 1, 0, 100),
        INSN(OP_ORI, 5, 0, 0xa008),
        /* 0xa008: */
        INSN(OP_ADDI, 1, 0, -1),
        INSN(OP_BNZ, 1, 0, 1),
        INSN(OP_HALT, 0, 0, 0),
        INSN(OP_JR, 5, 0, 0),
    };

    reset_cpu(0xa000);
    load(0xa000, prog, ARRAY_SIZE(prog));
    run();
    g_assert_cmpuint(env->regs[1], ==, 0);
    g_assert_cmpint(n_translations, <=, 4);
}

static void test_buffer_full(void)
{
    /* 8000 blocks of "addi r1, 1; jmp next": more code than 256 KiB. */
    const int nblocks = 8000;
    const uint64_t base = 0x20000;
    unsigned flushes;

    reset_cpu(base);
    for (int i = 0; i < nblocks; i++) {
        uint32_t b[2] = {INSN(OP_ADDI, 1, 0, 1), INSN(OP_JMP, 0, 0, 0)};
        load(base + 8 * i, b, 2);
    }
    {
        uint32_t h[2] = {INSN(OP_OUT, 1, 0, 0), INSN(OP_HALT, 0, 0, 0)};
        load(base + 8 * nblocks, h, 2);
    }
    flushes = tcg_tb_flush_count;
    run();
    g_assert_cmpuint(env->out[0], ==, nblocks);
    g_assert_cmpuint(tcg_tb_flush_count, >, flushes);
    /* Still correct when run again over the flushed cache. */
    env->pc = base;
    env->nout = 0;
    env->regs[1] = 0;
    run();
    g_assert_cmpuint(env->out[0], ==, nblocks);
}

static void test_memory_map_change(void)
{
    const uint32_t prog[] = {
        INSN(OP_LUI, 1, 0, 0x000c),    /* 0xc0000 */
        INSN(OP_LDW, 2, 1, 0),
        INSN(OP_OUT, 2, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };
    MemoryRegion *over = g_new0(MemoryRegion, 1);
    uint32_t v = 0x600d;

    reset_cpu(0xb000);
    load(0xb000, prog, ARRAY_SIZE(prog));
    memcpy(ram_host + 0xc0000, &v, 4);
    run();
    g_assert_cmpuint(env->out[0], ==, 0x600d);

    /* A region now covers the page: the TLB must not keep the old one. */
    memory_region_init_ram(over, NULL, "toy.over", 0x1000, &error_abort);
    v = 0xbeef;
    memcpy(memory_region_get_ram_ptr(over), &v, 4);
    memory_region_add_subregion_overlap(get_system_memory(), 0xc0000, over,
                                        1);
    env->pc = 0xb000;
    env->nout = 0;
    run();
    g_assert_cmpuint(env->out[0], ==, 0xbeef);
    memory_region_del_subregion(get_system_memory(), over);
    env->pc = 0xb000;
    env->nout = 0;
    run();
    g_assert_cmpuint(env->out[0], ==, 0x600d);
}

static bool wait_for(volatile int *v, int want)
{
    for (int i = 0; i < 500 && *v != want; i++) {
        g_usleep(10 * 1000);
    }
    return *v == want;
}

/* The real vCPU thread (round-robin), in a child process of its own. */
static void test_rr_thread_child(void)
{
    const uint32_t prog[] = {
        INSN(OP_LI, 1, 0, 42),
        INSN(OP_OUT, 1, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
        INSN(OP_ADDI, 1, 0, 1),
        INSN(OP_OUT, 1, 0, 0),
        INSN(OP_HALT, 0, 0, 0),
    };
    ObjectClass *oc = object_class_by_name("tcg-accel-ops");

    g_assert_nonnull(oc);
    cpus_register_accel(ACCEL_OPS_CLASS(oc));
    cs = cpu_create(TYPE_TOY_CPU);
    env = cs->env_ptr;
    env->pc = 0x1000;
    env->halt_sets_halted = true;
    load(0x1000, prog, ARRAY_SIZE(prog));
    qemu_init_vcpu(cs);

    qemu_mutex_lock_iothread();
    runstate_set(RUN_STATE_RUNNING);
    resume_all_vcpus();
    qemu_mutex_unlock_iothread();

    g_assert_true(wait_for(&env->nout, 1));
    g_assert_cmpuint(env->out[0], ==, 42);
    /* Halted: the thread sleeps until an interrupt arrives. */
    g_usleep(50 * 1000);
    g_assert_cmpint(env->nout, ==, 1);
    g_assert_true(cs->halted);

    qemu_mutex_lock_iothread();
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    qemu_mutex_unlock_iothread();
    g_assert_true(wait_for(&env->nout, 2));
    g_assert_cmpuint(env->out[1], ==, 43);
    g_assert_cmpint(env->irqs, ==, 1);

    /* Pausing stops the vCPU through the kick. */
    qemu_mutex_lock_iothread();
    pause_all_vcpus();
    g_assert_true(cs->stopped);
    qemu_mutex_unlock_iothread();
}

static void test_rr_thread(void)
{
    if (g_test_subprocess()) {
        test_rr_thread_child();
        return;
    }
    g_test_trap_subprocess(NULL, 20 * 1000000,
                           G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    Error *err = NULL;

    g_test_init(&argc, &argv, NULL);
    type_register_static(&toy_cpu_type);

    ram = g_new0(MemoryRegion, 1);
    memory_region_init_ram(ram, NULL, "toy.ram", RAM_SIZE, &err);
    g_assert_null(err);
    memory_region_add_subregion(get_system_memory(), 0, ram);
    ram_host = memory_region_get_ram_ptr(ram);
    mmio = g_new0(MemoryRegion, 1);
    memory_region_init_io(mmio, NULL, &mmio_ops, NULL, "toy.mmio", 0x1000);
    memory_region_add_subregion(get_system_memory(), MMIO_BASE, mmio);
    memory_notify_ram_write = tcg_notify_ram_write;
    tcg_register_memory_listener();

    if (g_test_subprocess()) {
        /* Only the vCPU thread may set TCG up there. */
        g_test_add_func("/tcg-accel/rr-thread", test_rr_thread);
        return g_test_run();
    }
    tcg_exec_init(&toy_tcg_ops, 256 * KiB);
    cs = cpu_create(TYPE_TOY_CPU);
    env = cs->env_ptr;
    tcg_cpu_init(cs);

    g_test_add_func("/tcg-accel/exec", test_exec);
    g_test_add_func("/tcg-accel/tb-cache-and-chaining", test_tb_cache);
    g_test_add_func("/tcg-accel/invalidate-dma", test_invalidate_dma);
    g_test_add_func("/tcg-accel/smc-other-tb", test_smc_other_tb);
    g_test_add_func("/tcg-accel/smc-same-tb", test_smc_same_tb);
    g_test_add_func("/tcg-accel/tlb", test_tlb);
    g_test_add_func("/tcg-accel/mmio", test_mmio);
    g_test_add_func("/tcg-accel/precise-fault", test_precise_fault);
    g_test_add_func("/tcg-accel/interrupt", test_interrupt_and_kick);
    g_test_add_func("/tcg-accel/kick-chained-loop", test_kick_chained_loop);
    g_test_add_func("/tcg-accel/goto-ptr", test_goto_ptr);
    g_test_add_func("/tcg-accel/buffer-full", test_buffer_full);
    g_test_add_func("/tcg-accel/memory-map-change", test_memory_map_change);
    g_test_add_func("/tcg-accel/rr-thread", test_rr_thread);
    return g_test_run();
}
