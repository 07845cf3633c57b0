/*
 * The soft-MMU TLB: per vCPU and mmu_idx, a direct-mapped table of
 * CPU_TLB_SIZE entries.  The fast half (CPUTLBEntry, in the target's CPU
 * state at tlb_fast_ofs) is what generated code compares inline; the full
 * half (CPUTLBEntryFull) is ours.  Comparators carry flags in their low
 * bits so that special pages always take the slow path:
 *   TLB_MMIO          not plain RAM: every access goes to the memory API
 *   TLB_NOTDIRTY      RAM page holding translated code: stores invalidate
 *   TLB_DISCARD_WRITE ROM: stores are dropped
 * Large guest pages are entered 4 KiB at a time; their extent is remembered
 * per mmu_idx (one covering range, as in QEMU) so tlb_flush_page of any
 * address inside flushes the whole mmu_idx.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/thread.h"
#include "exec/memory.h"
#include "accel/tcg/internal.h"

static inline CPUTLBDescFast *tlb_fast(CPUState *cpu, int mmu_idx)
{
    return &cpu->tlb_fast[mmu_idx];
}

static inline CPUTLBDesc *tlb_desc(CPUState *cpu, int mmu_idx)
{
    return &tcg_priv(cpu)->desc[mmu_idx];
}

static inline unsigned tlb_index(vaddr addr)
{
    return (addr >> tcg_page_bits) & (CPU_TLB_SIZE - 1);
}

static inline bool tlb_hit(uint64_t tag, vaddr page)
{
    return (tag & (TCG_PAGE_MASK | TLB_INVALID_MASK)) == page;
}

static inline uint64_t tlb_tag(const CPUTLBEntry *e, MMUAccessType type)
{
    switch (type) {
    case MMU_DATA_LOAD:
        return e->addr_read;
    case MMU_DATA_STORE:
        return e->addr_write;
    default:
        return e->addr_code;
    }
}

static AddressSpace *cpu_as(CPUState *cpu)
{
    return cpu->as ? cpu->as : &address_space_memory;
}

bool tcg_bql_lock_if_unlocked(void)
{
    if (qemu_mutex_iothread_locked()) {
        return false;
    }
    qemu_mutex_lock_iothread();
    return true;
}

void tcg_bql_unlock_if_taken(bool taken)
{
    if (taken) {
        qemu_mutex_unlock_iothread();
    }
}

/* ---- Flushing ------------------------------------------------------- */

static void tlb_flush_one_mmuidx(CPUState *cpu, int mmu_idx)
{
    CPUTLBDesc *d = tlb_desc(cpu, mmu_idx);

    memset(d->table, 0xff, sizeof(CPUTLBEntry) * CPU_TLB_SIZE);
    memset(d->full, 0, sizeof(CPUTLBEntryFull) * CPU_TLB_SIZE);
    d->large_page_addr = -1;
    d->large_page_mask = 0;
}

void tlb_init(CPUState *cpu)
{
    TCGCPUPriv *p = tcg_priv(cpu);

    cpu->tlb_fast = (CPUTLBDescFast *)((char *)cpu->env_ptr +
                                       tcg_cpu_ops->tlb_fast_ofs);
    for (int i = 0; i < tcg_cpu_ops->nb_mmu_modes; i++) {
        p->desc[i].table = g_new(CPUTLBEntry, CPU_TLB_SIZE);
        p->desc[i].full = g_new0(CPUTLBEntryFull, CPU_TLB_SIZE);
        cpu->tlb_fast[i].mask = (uintptr_t)(CPU_TLB_SIZE - 1)
                                << CPU_TLB_ENTRY_BITS;
        cpu->tlb_fast[i].table = p->desc[i].table;
        tlb_flush_one_mmuidx(cpu, i);
    }
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    if (!tcg_priv(cpu)) {
        return;
    }
    for (int i = 0; i < tcg_cpu_ops->nb_mmu_modes; i++) {
        if (idxmap & (1u << i)) {
            tlb_flush_one_mmuidx(cpu, i);
        }
    }
    tb_jmp_cache_clear_all(cpu);
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_by_mmuidx(cpu, 0xffff);
}

void tlb_flush_all_cpus(CPUState *src)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tlb_flush(cpu);
    }
}

static void tlb_entry_drop(CPUTLBEntry *e, vaddr page)
{
    if (tlb_hit(e->addr_read, page) || tlb_hit(e->addr_write, page) ||
        tlb_hit(e->addr_code, page)) {
        memset(e, 0xff, sizeof(*e));
    }
}

void tlb_flush_page(CPUState *cpu, vaddr addr)
{
    vaddr page = addr & TCG_PAGE_MASK;
    bool large = false;

    if (!tcg_priv(cpu)) {
        return;
    }
    for (int i = 0; i < tcg_cpu_ops->nb_mmu_modes; i++) {
        CPUTLBDesc *d = tlb_desc(cpu, i);

        if (d->large_page_addr != (vaddr)-1 &&
            (page & d->large_page_mask) == d->large_page_addr) {
            tlb_flush_one_mmuidx(cpu, i);
            large = true;
            continue;
        }
        tlb_entry_drop(&d->table[tlb_index(page)], page);
    }
    /* Cached TB lookups depend on the mappings just dropped. */
    if (large) {
        tb_jmp_cache_clear_all(cpu);
    } else {
        tb_jmp_cache_clear_page(cpu, page);
    }
}

/* ---- Filling -------------------------------------------------------- */

static void tlb_add_large_page(CPUTLBDesc *d, vaddr addr, uint64_t size)
{
    vaddr mask = -(vaddr)size;

    if (d->large_page_addr == (vaddr)-1) {
        d->large_page_addr = addr & mask;
        d->large_page_mask = mask;
        return;
    }
    /* Widen the remembered range until it covers both. */
    mask &= d->large_page_mask;
    while (((d->large_page_addr ^ addr) & mask) != 0) {
        mask <<= 1;
    }
    d->large_page_addr &= mask;
    d->large_page_mask = mask;
}

void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                  int mmu_idx, uint64_t size)
{
    vaddr page = addr & TCG_PAGE_MASK;
    hwaddr ppage = paddr & TCG_PAGE_MASK;
    CPUTLBDesc *d;
    CPUTLBEntry *e;
    CPUTLBEntryFull *f;
    MemoryRegionSection sec;
    uint64_t rflags = 0, wflags = 0;
    uintptr_t host = 0;

    if (!tcg_priv(cpu) || mmu_idx < 0 ||
        mmu_idx >= tcg_cpu_ops->nb_mmu_modes) {
        error_report("tlb_set_page: bad mmu_idx %d", mmu_idx);
        abort();
    }
    d = tlb_desc(cpu, mmu_idx);
    if (size > TCG_PAGE_SIZE) {
        tlb_add_large_page(d, addr, size);
    }

    sec = address_space_find_section(cpu_as(cpu), ppage);
    if (sec.mr && sec.mr->ram && sec.mr->ram_ptr &&
        sec.size >= TCG_PAGE_SIZE) {
        host = (uintptr_t)sec.mr->ram_ptr + sec.offset_within_region;
        if (sec.mr->rom_device) {
            wflags = TLB_MMIO;        /* ROMD: writes go to the device */
        } else if (sec.readonly || sec.mr->readonly) {
            wflags = TLB_DISCARD_WRITE;
        } else if (tb_host_range_has_code(host, TCG_PAGE_SIZE)) {
            wflags = TLB_NOTDIRTY;
        }
    } else {
        /* MMIO, unassigned, or RAM covering only part of the page. */
        rflags = wflags = TLB_MMIO;
    }

    e = &d->table[tlb_index(page)];
    f = &d->full[tlb_index(page)];
    e->addr_read = (prot & PAGE_READ) ? (page | rflags) : (uint64_t)-1;
    e->addr_write = (prot & PAGE_WRITE) ? (page | wflags) : (uint64_t)-1;
    e->addr_code = (prot & PAGE_EXEC) ? (page | rflags) : (uint64_t)-1;
    e->addend = host ? host - page : 0;
    f->phys = ppage;
    f->host = host;
    f->prot = prot;
}

void tlb_protect_code(uintptr_t hpage)
{
    CPUState *cpu;
    uintptr_t psize = TCG_PAGE_SIZE;

    CPU_FOREACH(cpu) {
        if (!tcg_priv(cpu)) {
            continue;
        }
        for (int i = 0; i < tcg_cpu_ops->nb_mmu_modes; i++) {
            CPUTLBDesc *d = tlb_desc(cpu, i);

            for (int j = 0; j < CPU_TLB_SIZE; j++) {
                CPUTLBEntry *e = &d->table[j];
                uintptr_t h = d->full[j].host;

                if (e->addr_write & (TLB_INVALID_MASK | TLB_MMIO |
                                     TLB_DISCARD_WRITE)) {
                    continue;
                }
                if (h < hpage + psize && hpage < h + psize) {
                    e->addr_write |= TLB_NOTDIRTY;
                }
            }
        }
    }
}

/*
 * Make sure the entry for addr allows access type; fill it on a miss.
 * Returns NULL only when probing and the page is not accessible.
 */
static CPUTLBEntry *tlb_lookup_fill(CPUState *cpu, vaddr addr, int size,
                                    MMUAccessType type, int mmu_idx,
                                    bool probe, uintptr_t ra,
                                    CPUTLBEntryFull **pfull)
{
    vaddr page = addr & TCG_PAGE_MASK;
    unsigned idx = tlb_index(addr);
    CPUTLBDesc *d;
    CPUTLBEntry *e;

    if (mmu_idx < 0 || mmu_idx >= tcg_cpu_ops->nb_mmu_modes) {
        error_report("tcg: guest access with bad mmu_idx %d", mmu_idx);
        abort();
    }
    d = tlb_desc(cpu, mmu_idx);
    e = &d->table[idx];
    if (!tlb_hit(tlb_tag(e, type), page)) {
        if (!tcg_cpu_ops->tlb_fill(cpu, addr, size, type, mmu_idx, probe,
                                   ra)) {
            return NULL;
        }
        if (!tlb_hit(tlb_tag(e, type), page)) {
            if (probe) {
                return NULL;
            }
            error_report("tcg: tlb_fill did not map 0x%" PRIx64
                         " for access type %d", (uint64_t)addr, type);
            abort();
        }
    }
    *pfull = &d->full[idx];
    return e;
}

/* ---- Access paths ----------------------------------------------------- */

static uint64_t ld_le_host(const void *p, int size)
{
    uint8_t b[8];
    uint64_t v = 0;

    memcpy(b, p, size);
    for (int i = size - 1; i >= 0; i--) {
        v = (v << 8) | b[i];
    }
    return v;
}

static void st_le_host(void *p, int size, uint64_t v)
{
    uint8_t b[8];

    for (int i = 0; i < size; i++) {
        b[i] = v >> (8 * i);
    }
    memcpy(p, b, size);
}

static uint64_t io_read(CPUState *cpu, hwaddr phys, int size)
{
    bool taken = tcg_bql_lock_if_unlocked();
    MemoryRegionSection sec = address_space_find_section(cpu_as(cpu), phys);
    uint64_t v = 0;

    if (sec.mr && !sec.mr->ram && sec.mr->ops && sec.size >= (hwaddr)size) {
        memory_region_dispatch_read(sec.mr, sec.offset_within_region, &v,
                                    size, MEMTXATTRS_UNSPECIFIED);
    } else {
        uint8_t b[8];

        address_space_read(cpu_as(cpu), phys, MEMTXATTRS_UNSPECIFIED, b,
                           size);
        v = ld_le_host(b, size);
    }
    tcg_bql_unlock_if_taken(taken);
    return v;
}

static void io_write(CPUState *cpu, hwaddr phys, int size, uint64_t v)
{
    bool taken = tcg_bql_lock_if_unlocked();
    MemoryRegionSection sec = address_space_find_section(cpu_as(cpu), phys);

    if (sec.mr && !sec.mr->ram && sec.mr->ops && sec.size >= (hwaddr)size) {
        memory_region_dispatch_write(sec.mr, sec.offset_within_region, v,
                                     size, MEMTXATTRS_UNSPECIFIED);
    } else {
        uint8_t b[8];

        st_le_host(b, size, v);
        address_space_write(cpu_as(cpu), phys, MEMTXATTRS_UNSPECIFIED, b,
                            size);
    }
    tcg_bql_unlock_if_taken(taken);
}

/* A store to RAM that holds code: drop the TBs it touches first. */
static void notdirty_write(CPUState *cpu, CPUTLBEntry *e,
                           CPUTLBEntryFull *f, uintptr_t host, int size,
                           uintptr_t ra)
{
    TranslationBlock *cur = tb_invalidate_host_range(host, size, ra);

    if (cur) {
        /*
         * The running TB changed under us: re-execute the store alone in a
         * one-instruction TB (translated from the new bytes), as QEMU does.
         */
        cpu_restore_state(cpu, ra);
        tcg_priv(cpu)->cflags_next_tb = curr_cflags(cpu) | CF_NO_GOTO_TB | 1;
        cpu_loop_exit_noexc(cpu);
    }
    if (!tb_host_range_has_code(f->host, TCG_PAGE_SIZE)) {
        e->addr_write &= ~(uint64_t)TLB_NOTDIRTY;
    }
}

static uint64_t load_page(CPUState *cpu, vaddr addr, int size, int mmu_idx,
                          MMUAccessType type, uintptr_t ra)
{
    CPUTLBEntryFull *f;
    CPUTLBEntry *e = tlb_lookup_fill(cpu, addr, size, type, mmu_idx, false,
                                     ra, &f);

    if (tlb_tag(e, type) & TLB_MMIO) {
        return io_read(cpu, f->phys | (addr & ~TCG_PAGE_MASK), size);
    }
    return ld_le_host((void *)(uintptr_t)(addr + e->addend), size);
}

static void store_page(CPUState *cpu, vaddr addr, int size, uint64_t val,
                       int mmu_idx, uintptr_t ra)
{
    CPUTLBEntryFull *f;
    CPUTLBEntry *e = tlb_lookup_fill(cpu, addr, size, MMU_DATA_STORE,
                                     mmu_idx, false, ra, &f);
    uint64_t tag = e->addr_write;
    uintptr_t host;

    if (tag & TLB_MMIO) {
        io_write(cpu, f->phys | (addr & ~TCG_PAGE_MASK), size, val);
        return;
    }
    if (tag & TLB_DISCARD_WRITE) {
        return;
    }
    host = (uintptr_t)(addr + e->addend);
    if (tag & TLB_NOTDIRTY) {
        notdirty_write(cpu, e, f, host, size, ra);
    }
    st_le_host((void *)host, size, val);
}

static bool crosses_page(vaddr addr, int size)
{
    return (addr & ~TCG_PAGE_MASK) + size > TCG_PAGE_SIZE;
}

static uint64_t do_load(CPUState *cpu, vaddr addr, MemOp mop, int mmu_idx,
                        MMUAccessType type, uintptr_t ra)
{
    int size = memop_size(mop);
    uint64_t v = 0;

    if (unlikely(crosses_page(addr, size))) {
        vaddr page2 = (addr & TCG_PAGE_MASK) + TCG_PAGE_SIZE;
        CPUTLBEntryFull *f;

        /* Both pages must be accessible before any byte is read. */
        tlb_lookup_fill(cpu, addr, page2 - addr, type, mmu_idx, false, ra,
                        &f);
        tlb_lookup_fill(cpu, page2, addr + size - page2, type, mmu_idx,
                        false, ra, &f);
        for (int i = 0; i < size; i++) {
            v |= load_page(cpu, addr + i, 1, mmu_idx, type, ra) << (8 * i);
        }
    } else {
        v = load_page(cpu, addr, size, mmu_idx, type, ra);
    }
    if (mop & MO_SIGN) {
        int sh = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    return v;
}

static void do_store(CPUState *cpu, vaddr addr, uint64_t val, MemOp mop,
                     int mmu_idx, uintptr_t ra)
{
    int size = memop_size(mop);

    if (unlikely(crosses_page(addr, size))) {
        vaddr page2 = (addr & TCG_PAGE_MASK) + TCG_PAGE_SIZE;
        CPUTLBEntryFull *f;

        /* No partial store: check both pages first. */
        tlb_lookup_fill(cpu, addr, page2 - addr, MMU_DATA_STORE, mmu_idx,
                        false, ra, &f);
        tlb_lookup_fill(cpu, page2, addr + size - page2, MMU_DATA_STORE,
                        mmu_idx, false, ra, &f);
        for (int i = 0; i < size; i++) {
            store_page(cpu, addr + i, 1, val >> (8 * i), mmu_idx, ra);
        }
        return;
    }
    store_page(cpu, addr, size, val, mmu_idx, ra);
}

/* The slow-path helpers generated code calls (tcg_ctx->ld/st_helpers). */
uint64_t helper_ld_mmu(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra);
void helper_st_mmu(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                   uintptr_t ra);

uint64_t helper_ld_mmu(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    return do_load(tcg_env_cpu(env), addr, get_memop(oi), get_mmuidx(oi),
                   MMU_DATA_LOAD, ra);
}

void helper_st_mmu(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                   uintptr_t ra)
{
    do_store(tcg_env_cpu(env), addr, val, get_memop(oi), get_mmuidx(oi), ra);
}

/* ---- Accessors for target helpers --------------------------------------- */

#define CPU_LD(NAME, RT, MOP)                                                  \
    RT cpu_##NAME##_mmuidx_ra(CPUArchState *env, vaddr addr, int mmu_idx,     \
                              uintptr_t ra)                                    \
    {                                                                          \
        return do_load(tcg_env_cpu(env), addr, MOP, mmu_idx, MMU_DATA_LOAD,   \
                       ra);                                                    \
    }                                                                          \
    RT cpu_##NAME##_data_ra(CPUArchState *env, vaddr addr, uintptr_t ra)      \
    {                                                                          \
        CPUState *cpu = tcg_env_cpu(env);                                      \
        return do_load(cpu, addr, MOP, tcg_cpu_ops->mmu_index(cpu, false),    \
                       MMU_DATA_LOAD, ra);                                     \
    }                                                                          \
    RT cpu_##NAME##_code(CPUArchState *env, vaddr addr)                       \
    {                                                                          \
        CPUState *cpu = tcg_env_cpu(env);                                      \
        return do_load(cpu, addr, MOP, tcg_cpu_ops->mmu_index(cpu, true),     \
                       MMU_INST_FETCH, 0);                                     \
    }

CPU_LD(ldub, uint32_t, MO_UB)
CPU_LD(lduw, uint32_t, MO_UW)
CPU_LD(ldl, uint32_t, MO_UL)
CPU_LD(ldq, uint64_t, MO_UQ)

#define CPU_ST(NAME, VT, MOP)                                                  \
    void cpu_##NAME##_mmuidx_ra(CPUArchState *env, vaddr addr, VT val,        \
                                int mmu_idx, uintptr_t ra)                     \
    {                                                                          \
        do_store(tcg_env_cpu(env), addr, val, MOP, mmu_idx, ra);               \
    }                                                                          \
    void cpu_##NAME##_data_ra(CPUArchState *env, vaddr addr, VT val,          \
                              uintptr_t ra)                                    \
    {                                                                          \
        CPUState *cpu = tcg_env_cpu(env);                                      \
        do_store(cpu, addr, val, MOP, tcg_cpu_ops->mmu_index(cpu, false), ra); \
    }

CPU_ST(stb, uint32_t, MO_8)
CPU_ST(stw, uint32_t, MO_16)
CPU_ST(stl, uint32_t, MO_32)
CPU_ST(stq, uint64_t, MO_64)

hwaddr get_page_addr_code(CPUArchState *env, vaddr addr)
{
    CPUState *cpu = tcg_env_cpu(env);
    CPUTLBEntryFull *f;
    CPUTLBEntry *e = tlb_lookup_fill(cpu, addr, 1, MMU_INST_FETCH,
                                     tcg_cpu_ops->mmu_index(cpu, true), false,
                                     0, &f);

    if (e->addr_code & TLB_MMIO) {
        return -1;
    }
    return f->host + (addr & ~TCG_PAGE_MASK);
}

hwaddr get_page_addr_code_probe(CPUArchState *env, vaddr addr)
{
    CPUState *cpu = tcg_env_cpu(env);
    CPUTLBEntryFull *f;
    CPUTLBEntry *e = tlb_lookup_fill(cpu, addr, 1, MMU_INST_FETCH,
                                     tcg_cpu_ops->mmu_index(cpu, true), true,
                                     0, &f);

    if (!e || (e->addr_code & TLB_MMIO)) {
        return -1;
    }
    return f->host + (addr & ~TCG_PAGE_MASK);
}

void *probe_access(CPUArchState *env, vaddr addr, int size,
                   MMUAccessType access_type, int mmu_idx, uintptr_t ra)
{
    CPUState *cpu = tcg_env_cpu(env);
    CPUTLBEntryFull *f;
    CPUTLBEntry *e;
    uint64_t tag;
    uintptr_t host;

    if (size < 0 || (size > 0 && crosses_page(addr, size))) {
        error_report("probe_access: bad size %d at 0x%" PRIx64, size,
                     (uint64_t)addr);
        abort();
    }
    e = tlb_lookup_fill(cpu, addr, size ? size : 1, access_type, mmu_idx,
                        false, ra, &f);
    tag = tlb_tag(e, access_type);
    if (tag & (TLB_MMIO | TLB_DISCARD_WRITE)) {
        return NULL;
    }
    host = (uintptr_t)(addr + e->addend);
    if (access_type == MMU_DATA_STORE && (tag & TLB_NOTDIRTY) && size) {
        notdirty_write(cpu, e, f, host, size, ra);
    }
    return (void *)host;
}
