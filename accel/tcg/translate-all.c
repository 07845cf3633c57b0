/*
 * Translation blocks: generation, the lookup tables, chaining and
 * invalidation.
 *
 * A TB is keyed by the "ram address" (host address) of its first byte plus
 * (pc, cs_base, flags, cflags).  Tables:
 *   - tb_htable: hash of that key, chains through tb->hash_next;
 *   - page_map: aligned host page -> TBs with bytes in it (a TB spanning
 *     two pages is on both lists); a page on this map has its TLB write
 *     entries flagged TLB_NOTDIRTY so stores come here to invalidate;
 *   - all_tbs: every TB since the last flush, in code-address order (one
 *     code region), for host pc -> TB lookups (binary search).
 * Invalidated TBs leave the tables but keep their memory until tb_flush:
 * a vCPU may still be executing one (self-modifying code).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "sysemu/accel.h"
#include "tcg/tcg-op.h"
#include "accel/tcg/internal.h"

#define TB_HTABLE_BITS 16
#define TB_HTABLE_SIZE (1 << TB_HTABLE_BITS)

static TranslationBlock *tb_htable[TB_HTABLE_SIZE];
static GHashTable *page_map;  /* uintptr_t host page -> GPtrArray of TBs */
static GPtrArray *all_tbs;
static TranslationBlock *spare_tb; /* survives a fault during translation */
unsigned tcg_tb_flush_count;
QemuThread *tcg_rr_thread;

/* RAM writes from threads other than the vCPU thread, applied later. */
typedef struct PendingRange {
    uintptr_t start;
    size_t len;
} PendingRange;
static QemuMutex pending_lock;
static GArray *pending_ranges;
static bool pending_flush;
static bool pending_tlb_flush;
volatile int tb_pending_work;

static void __attribute__((constructor)) tb_tables_init(void)
{
    qemu_mutex_init(&pending_lock);
    pending_ranges = g_array_new(false, false, sizeof(PendingRange));
    page_map = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify)g_ptr_array_unref);
    all_tbs = g_ptr_array_new();
}

static unsigned tb_hash(hwaddr phys_pc, vaddr pc, uint32_t flags,
                        uint32_t cflags)
{
    uint64_t h = phys_pc * 0x9e3779b97f4a7c15ull;

    h ^= (pc + flags) * 0xc2b2ae3d27d4eb4full;
    h ^= cflags * 0x165667b19e3779f9ull;
    return (h >> 32 ^ h) & (TB_HTABLE_SIZE - 1);
}

static hwaddr tb_phys_pc(const TranslationBlock *tb)
{
    return tb->page_addr[0] + (tb->pc & ~TCG_PAGE_MASK);
}

/* Host byte ranges of a TB: piece 0 on its first page, piece 1 on the
 * second (len 0 when none). */
static void tb_host_pieces(const TranslationBlock *tb, uintptr_t start[2],
                           size_t len[2])
{
    size_t off = tb->pc & ~TCG_PAGE_MASK;
    size_t l0 = MIN((size_t)tb->size, TCG_PAGE_SIZE - off);

    start[0] = tb_phys_pc(tb);
    len[0] = MAX(l0, (size_t)1);
    start[1] = tb->page_addr[1];
    len[1] = tb->page_addr[1] == (hwaddr)-1 ? 0 : tb->size - l0;
}

static bool tb_overlaps(const TranslationBlock *tb, uintptr_t start,
                        size_t len)
{
    uintptr_t s[2];
    size_t l[2];

    tb_host_pieces(tb, s, l);
    for (int i = 0; i < 2; i++) {
        if (l[i] && s[i] < start + len && start < s[i] + l[i]) {
            return true;
        }
    }
    return false;
}

/* ---- Lookup ------------------------------------------------------------ */

static TranslationBlock *tb_htable_lookup(hwaddr phys_pc, vaddr pc,
                                          uint64_t cs_base, uint32_t flags,
                                          uint32_t cflags)
{
    TranslationBlock *tb = tb_htable[tb_hash(phys_pc, pc, flags, cflags)];

    for (; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
            tb->cflags == cflags && tb_phys_pc(tb) == phys_pc) {
            return tb;
        }
    }
    return NULL;
}

TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags)
{
    TCGCPUPriv *p = tcg_priv(cpu);
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = p->jc[h];
    hwaddr phys_pc;

    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == cflags) {
        return tb;
    }
    phys_pc = get_page_addr_code_probe(cpu->env_ptr, pc);
    if (phys_pc == (hwaddr)-1) {
        return NULL;
    }
    tb = tb_htable_lookup(phys_pc, pc, cs_base, flags, cflags);
    if (tb) {
        p->jc[h] = tb;
    }
    return tb;
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    unsigned lo = 0, hi = all_tbs->len;

    /* Last TB whose code starts before host_pc. */
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        TranslationBlock *tb = g_ptr_array_index(all_tbs, mid);

        if ((uintptr_t)tb->tc.ptr < host_pc) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    TranslationBlock *tb = g_ptr_array_index(all_tbs, lo - 1);
    if (host_pc > (uintptr_t)tb->tc.ptr + tb->tc.size) {
        return NULL;
    }
    return tb;
}

bool tb_host_range_has_code(uintptr_t start, size_t len)
{
    uintptr_t psize = TCG_PAGE_SIZE;

    if (!len) {
        return false;
    }
    for (uintptr_t pg = start & ~(psize - 1); pg < start + len; pg += psize) {
        if (g_hash_table_contains(page_map, (gpointer)pg)) {
            return true;
        }
    }
    return false;
}

/* ---- Jump caches -------------------------------------------------------- */

void tb_jmp_cache_clear_all(CPUState *cpu)
{
    TCGCPUPriv *p = tcg_priv(cpu);

    if (p) {
        memset(p->jc, 0, sizeof(p->jc));
    }
}

/* TBs starting in page or in the page before (they may run into it). */
void tb_jmp_cache_clear_page(CPUState *cpu, vaddr page)
{
    TCGCPUPriv *p = tcg_priv(cpu);

    if (!p) {
        return;
    }
    for (int k = 0; k < 2; k++) {
        vaddr pg = (page & TCG_PAGE_MASK) - k * TCG_PAGE_SIZE;
        unsigned base = tb_jmp_cache_hash(pg) & TB_JMP_PAGE_MASK;

        memset(&p->jc[base], 0, TB_JMP_PAGE_SIZE * sizeof(p->jc[0]));
    }
}

/* ---- Chaining ------------------------------------------------------------ */

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next)
{
    if (n < 0 || n > 1 || !tb->tc.has_jmp[n] || tb->jmp_dest[n] ||
        (tb->cflags & (CF_INVALID | CF_NO_GOTO_TB | CF_NOCACHE)) ||
        (next->cflags & (CF_INVALID | CF_NOCACHE))) {
        return;
    }
    tb_target_set_jmp_target(&tb->tc, n, (uintptr_t)next->tc.ptr);
    tb->jmp_dest[n] = next;
    tb->jmp_list_next[n] = next->jmp_list_head;
    next->jmp_list_head = (uintptr_t)tb | n;
}

static void tb_unlink_incoming(TranslationBlock *dest, TranslationBlock *src,
                               int n)
{
    uintptr_t *pp = &dest->jmp_list_head;

    while (*pp) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)1);
        int tn = *pp & 1;

        if (t == src && tn == n) {
            *pp = src->jmp_list_next[n];
            return;
        }
        pp = &t->jmp_list_next[tn];
    }
}

/* ---- Insertion and invalidation ----------------------------------------- */

static void page_map_add(uintptr_t pg, TranslationBlock *tb)
{
    GPtrArray *a = g_hash_table_lookup(page_map, (gpointer)pg);

    if (!a) {
        a = g_ptr_array_new();
        g_hash_table_insert(page_map, (gpointer)pg, a);
        tlb_protect_code(pg);
    }
    for (unsigned i = 0; i < a->len; i++) {
        if (g_ptr_array_index(a, i) == tb) {
            return;
        }
    }
    g_ptr_array_add(a, tb);
}

static void tb_for_each_host_page(TranslationBlock *tb,
                                  void (*fn)(uintptr_t, TranslationBlock *))
{
    uintptr_t s[2], psize = TCG_PAGE_SIZE;
    size_t l[2];

    tb_host_pieces(tb, s, l);
    for (int i = 0; i < 2; i++) {
        if (!l[i]) {
            continue;
        }
        for (uintptr_t pg = s[i] & ~(psize - 1); pg < s[i] + l[i];
             pg += psize) {
            fn(pg, tb);
        }
    }
}

static void page_map_remove(uintptr_t pg, TranslationBlock *tb)
{
    GPtrArray *a = g_hash_table_lookup(page_map, (gpointer)pg);

    if (a) {
        g_ptr_array_remove_fast(a, tb);
        if (!a->len) {
            g_hash_table_remove(page_map, (gpointer)pg);
        }
    }
}

static void tb_insert(TranslationBlock *tb)
{
    unsigned h = tb_hash(tb_phys_pc(tb), tb->pc, tb->flags, tb->cflags);

    tb->hash_next = tb_htable[h];
    tb_htable[h] = tb;
    tb_for_each_host_page(tb, page_map_add);
}

static void tb_invalidate(TranslationBlock *tb)
{
    CPUState *cpu;

    if (tb->cflags & CF_INVALID) {
        return;
    }
    if (!(tb->cflags & CF_NOCACHE)) {
        unsigned h = tb_hash(tb_phys_pc(tb), tb->pc, tb->flags, tb->cflags);
        TranslationBlock **pp = &tb_htable[h];

        while (*pp && *pp != tb) {
            pp = &(*pp)->hash_next;
        }
        if (*pp) {
            *pp = tb->hash_next;
        }
        tb_for_each_host_page(tb, page_map_remove);
    }
    tb->cflags |= CF_INVALID;
    CPU_FOREACH(cpu) {
        TCGCPUPriv *p = tcg_priv(cpu);
        unsigned h = tb_jmp_cache_hash(tb->pc);

        if (p && p->jc[h] == tb) {
            p->jc[h] = NULL;
        }
    }
    /* Outgoing jumps. */
    for (int n = 0; n < 2; n++) {
        if (tb->jmp_dest[n]) {
            tb_unlink_incoming(tb->jmp_dest[n], tb, n);
            tb->jmp_dest[n] = NULL;
            tb_target_reset_jmp(&tb->tc, n);
        }
    }
    /* Incoming jumps. */
    while (tb->jmp_list_head) {
        TranslationBlock *src = (void *)(tb->jmp_list_head & ~(uintptr_t)1);
        int n = tb->jmp_list_head & 1;

        tb_target_reset_jmp(&src->tc, n);
        src->jmp_dest[n] = NULL;
        tb->jmp_list_head = src->jmp_list_next[n];
    }
}

TranslationBlock *tb_invalidate_host_range(uintptr_t start, size_t len,
                                           uintptr_t retaddr)
{
    uintptr_t psize = TCG_PAGE_SIZE;
    TranslationBlock *cur = retaddr ? tb_find_by_host_pc(retaddr) : NULL;
    bool cur_modified = false;

    if (!len) {
        return NULL;
    }
    for (uintptr_t pg = start & ~(psize - 1); pg < start + len; pg += psize) {
        GPtrArray *a = g_hash_table_lookup(page_map, (gpointer)pg);

        /* tb_invalidate edits the array: restart after each hit. */
        while (a) {
            TranslationBlock *hit = NULL;

            for (unsigned i = 0; i < a->len; i++) {
                TranslationBlock *tb = g_ptr_array_index(a, i);
                if (tb_overlaps(tb, start, len)) {
                    hit = tb;
                    break;
                }
            }
            if (!hit) {
                break;
            }
            if (hit == cur) {
                cur_modified = true;
            }
            tb_invalidate(hit);
            a = g_hash_table_lookup(page_map, (gpointer)pg);
        }
    }
    /* A one-instruction TB may finish the store that modifies it. */
    if (cur_modified && cur->icount > 1) {
        return cur;
    }
    return NULL;
}

void tb_flush_now(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tb_jmp_cache_clear_all(cpu);
    }
    memset(tb_htable, 0, sizeof(tb_htable));
    g_hash_table_remove_all(page_map);
    for (unsigned i = 0; i < all_tbs->len; i++) {
        g_free(g_ptr_array_index(all_tbs, i));
    }
    g_ptr_array_set_size(all_tbs, 0);
    tcg_region_reset_all();
    tcg_tb_flush_count++;
}

void tb_flush(CPUState *cpu)
{
    if (tcg_in_tb || (tcg_rr_thread && !qemu_thread_is_self(tcg_rr_thread))) {
        /* Not at a safe point: the loop flushes before its next TB. */
        qemu_mutex_lock(&pending_lock);
        pending_flush = true;
        __atomic_store_n(&tb_pending_work, 1, __ATOMIC_RELEASE);
        qemu_mutex_unlock(&pending_lock);
        if (cpu) {
            cpu_exit(cpu);
        }
        return;
    }
    tb_flush_now();
}

/* ---- RAM writes from outside generated code ---------------------------- */

static bool on_vcpu_thread(void)
{
    return !tcg_rr_thread || qemu_thread_is_self(tcg_rr_thread);
}

static void tb_invalidate_host_or_queue(uintptr_t start, size_t len)
{
    if (on_vcpu_thread()) {
        if (tb_host_range_has_code(start, len)) {
            tb_invalidate_host_range(start, len, 0);
        }
        return;
    }
    qemu_mutex_lock(&pending_lock);
    PendingRange r = {start, len};
    g_array_append_val(pending_ranges, r);
    __atomic_store_n(&tb_pending_work, 1, __ATOMIC_RELEASE);
    qemu_mutex_unlock(&pending_lock);
    /* Stop chained execution so the vCPU applies it soon. */
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        cpu_exit(cpu);
    }
}

void tb_process_pending(void)
{
    GArray *ranges;
    bool flush, tlb_all;

    qemu_mutex_lock(&pending_lock);
    ranges = pending_ranges;
    pending_ranges = g_array_new(false, false, sizeof(PendingRange));
    flush = pending_flush;
    pending_flush = false;
    tlb_all = pending_tlb_flush;
    pending_tlb_flush = false;
    __atomic_store_n(&tb_pending_work, 0, __ATOMIC_RELEASE);
    qemu_mutex_unlock(&pending_lock);

    if (flush) {
        tb_flush_now();
    } else {
        for (unsigned i = 0; i < ranges->len; i++) {
            PendingRange *r = &g_array_index(ranges, PendingRange, i);
            if (tb_host_range_has_code(r->start, r->len)) {
                tb_invalidate_host_range(r->start, r->len, 0);
            }
        }
    }
    g_array_unref(ranges);
    if (tlb_all) {
        CPUState *cpu;

        CPU_FOREACH(cpu) {
            tlb_flush(cpu);
        }
    }
}

/*
 * The memory map changed (BARs, PAM, ROMD mode...): TLB entries cache host
 * pointers and I/O decisions, so every TLB is flushed (QEMU's tcg_commit).
 * TBs are keyed by host address and stay valid.
 */
static void tcg_commit(MemoryListener *l)
{
    CPUState *cpu;

    if (!tcg_cpu_ops) {
        return;
    }
    if (on_vcpu_thread()) {
        CPU_FOREACH(cpu) {
            tlb_flush(cpu);
        }
        return;
    }
    qemu_mutex_lock(&pending_lock);
    pending_tlb_flush = true;
    __atomic_store_n(&tb_pending_work, 1, __ATOMIC_RELEASE);
    qemu_mutex_unlock(&pending_lock);
    CPU_FOREACH(cpu) {
        cpu_exit(cpu);
    }
}

static MemoryListener tcg_memory_listener = {
    .commit = tcg_commit,
    .name = "tcg",
};

void tcg_register_memory_listener(void)
{
    static bool done;

    if (!done) {
        done = true;
        memory_listener_register(&tcg_memory_listener, &address_space_memory);
    }
}

/* memory_notify_ram_write hook (set by the accel). */
void tcg_notify_ram_write(MemoryRegion *mr, hwaddr offset, hwaddr len);
void tcg_notify_ram_write(MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    if (!mr->ram_ptr || !len || !tcg_cpu_ops) {
        return;
    }
    tb_invalidate_host_or_queue((uintptr_t)mr->ram_ptr + offset, len);
}

void tb_invalidate_phys_range(hwaddr start, hwaddr end)
{
    AddressSpace *as = &address_space_memory;

    while (start < end && tcg_cpu_ops) {
        MemoryRegionSection s = address_space_find_section(as, start);
        hwaddr l;

        if (!s.mr || !s.size) {
            /* Unmapped: skip to the next page. */
            l = TCG_PAGE_SIZE - (start & ~TCG_PAGE_MASK);
        } else {
            l = MIN(s.size, end - start);
            if (s.mr->ram && s.mr->ram_ptr) {
                tb_invalidate_host_or_queue(
                    (uintptr_t)s.mr->ram_ptr + s.offset_within_region, l);
            }
        }
        if (start + l < start) {
            break;
        }
        start += l;
    }
}

/* ---- Generation --------------------------------------------------------- */

static void log_in_asm(CPUState *cpu, TranslationBlock *tb)
{
    FILE *f = qemu_log_trylock();

    if (!f) {
        return;
    }
    fprintf(f, "----------------\nIN: \n0x%016" PRIx64 ":", (uint64_t)tb->pc);
    for (unsigned i = 0; i < tb->size; i++) {
        fprintf(f, "%s%02x", (i % 16) ? " " : (i ? "\n  " : "  "),
                cpu_ldub_code(cpu->env_ptr, tb->pc + i) & 0xff);
    }
    fprintf(f, "\n\n");
    qemu_log_unlock(f);
}

TranslationBlock *tb_gen_code(CPUState *cpu, vaddr pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    CPUArchState *env = cpu->env_ptr;
    TranslationBlock *tb;
    hwaddr phys_pc;
    int max_insns;
    bool flushed = false;

    /* May raise the guest's fetch fault (longjmp): nothing allocated yet. */
    phys_pc = get_page_addr_code(env, pc);
    if (phys_pc == (hwaddr)-1) {
        /* Code outside RAM/ROM: one instruction, never cached. */
        cflags = (cflags & ~CF_COUNT_MASK) | 1 | CF_NOCACHE | CF_NO_GOTO_TB;
    }
    max_insns = cflags & CF_COUNT_MASK;
    if (max_insns == 0) {
        max_insns = TCG_MAX_INSNS;
    }

    if (!spare_tb) {
        spare_tb = g_new0(TranslationBlock, 1);
    }
    tb = spare_tb;

    for (;;) {
        FILE *logf = NULL;
        int r;

        memset(tb, 0, sizeof(*tb));
        tb->pc = pc;
        tb->cs_base = cs_base;
        tb->flags = flags;
        tb->cflags = cflags;
        tb->page_addr[0] = phys_pc == (hwaddr)-1 ? (hwaddr)-1
                                                 : phys_pc - (pc & ~TCG_PAGE_MASK);
        tb->page_addr[1] = -1;

        tcg_func_start(tcg_ctx);
        tcg_cpu_ops->translate_code(cpu, tb, max_insns);

        if (qemu_loglevel_mask(CPU_LOG_TB_OP | CPU_LOG_TB_OP_OPT |
                               CPU_LOG_TB_OUT_ASM)) {
            logf = qemu_log_trylock();
            if (logf && qemu_loglevel_mask(CPU_LOG_TB_OP)) {
                fprintf(logf, "OP:\n");
                tcg_ctx->log_op = logf;
            }
            if (logf && qemu_loglevel_mask(CPU_LOG_TB_OP_OPT)) {
                tcg_ctx->log_op_opt = logf;
            }
            if (logf && qemu_loglevel_mask(CPU_LOG_TB_OUT_ASM)) {
                tcg_ctx->log_out_asm = logf;
            }
        }
        r = tcg_gen_code(tcg_ctx, &tb->tc, pc);
        tcg_ctx->log_op = tcg_ctx->log_op_opt = tcg_ctx->log_out_asm = NULL;
        qemu_log_unlock(logf);

        if (r == -1) {
            if (flushed) {
                error_report("tcg: translation block does not fit in an "
                             "empty code buffer (tb-size too small)");
                exit(1);
            }
            tb_flush_now();
            flushed = true;
            continue;
        }
        if (r == -2) {
            if (max_insns <= 1) {
                error_report("tcg: a single guest instruction at 0x%" PRIx64
                             " does not fit in a TB", (uint64_t)pc);
                exit(1);
            }
            max_insns = tb->icount > 1 ? tb->icount / 2 : max_insns / 2;
            continue;
        }
        break;
    }
    spare_tb = NULL;

    if (tb->size == 0) {
        tb->size = 1;
    }
    if (tb->page_addr[0] != (hwaddr)-1) {
        vaddr last = pc + tb->size - 1;

        if ((last & TCG_PAGE_MASK) != (pc & TCG_PAGE_MASK)) {
            hwaddr p1 = get_page_addr_code(env, last & TCG_PAGE_MASK);
            if (p1 == (hwaddr)-1) {
                /* Second page is not RAM: do not cache this TB. */
                tb->cflags |= CF_NOCACHE;
            } else {
                tb->page_addr[1] = p1;
            }
        }
    }
    g_ptr_array_add(all_tbs, tb);
    if (!(tb->cflags & CF_NOCACHE)) {
        tb_insert(tb);
    }
    /* (Not for code in MMIO: reading it again could have side effects.) */
    if (qemu_loglevel_mask(CPU_LOG_TB_IN_ASM) &&
        tb->page_addr[0] != (hwaddr)-1) {
        log_in_asm(cpu, tb);
    }
    return tb;
}
