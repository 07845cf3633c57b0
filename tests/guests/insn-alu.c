/*
 * insn-alu32 / insn-alu64: integer instructions against the host CPU.
 * Every kernel of insn-kernels.h runs here on every input vector and is
 * compared with the table the generator recorded on the build host
 * (insn-table.h): registers, flags masked to the defined ones, and #DE for
 * divides that must fault.  Built -m32 (protected mode, 8/16/32-bit forms)
 * and -m64 (long mode, all forms).  POPCNT, LZCNT and TZCNT are tested only
 * where both the host and this CPU's CPUID advertise them.
 */
#include "lib/guest.h"
#include "insn-kernels.h"
#include "insn-table.h"

#ifdef __x86_64__
#define KDEFINE64 KDEFINE
#else
#define KDEFINE64(...)
#endif
KERNELS(KDEFINE, KDEFINE64)

struct kdesc {
    const char *name;
    enum kclass cls;
    int size, shc;
    enum kfeat feat;
    void (*fn)(struct kregs *);
    const struct kout *tv;
    unsigned tn;
};

#define KD(name, cls, size, shc, feat, text)                                   \
    { #name, cls, size, shc, feat, k_##name, tv_##name, tn_##name },
#ifdef __x86_64__
#define KD64 KD
#else
#define KD64(...)
#endif
static const struct kdesc kernels[] = { KERNELS(KD, KD64) };

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static bool guest_has(enum kfeat f)
{
    uint32_t r[4];

    switch (f) {
    case KF_NONE:
        return true;
    case KF_POPCNT:
        cpuid(1, 0, r);
        return r[2] & (1u << 23);
    case KF_LZCNT:
        cpuid(0x80000000, 0, r);
        if (r[0] < 0x80000001) {
            return false;
        }
        cpuid(0x80000001, 0, r);
        return r[2] & (1u << 5);
    case KF_BMI1:
        cpuid(0, 0, r);
        if (r[0] < 7) {
            return false;
        }
        cpuid(7, 0, r);
        return r[1] & (1u << 3);
    }
    return false;
}

static const char *const feat_names[] = {
    [KF_POPCNT] = "popcnt", [KF_LZCNT] = "lzcnt", [KF_BMI1] = "tzcnt",
};

static unsigned failures;
static bool pvm_quirks;

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void report(const struct kdesc *k, unsigned v, const struct kregs *in,
                   const struct kregs *got, int vec, const struct kout *want)
{
    if (++failures > 20) {
        return;
    }
    guest_printf("MISMATCH %s #%u: in a=%lx b=%lx c=%lx d=%lx fl=%lx\n",
                 k->name, v, in->a, in->b, in->c, in->d, in->fl);
    guest_printf("  got  a=%lx b=%lx c=%lx d=%lx fl=%lx%s\n", got->a,
                 got->b, got->c, got->d, got->fl & want->flmask,
                 vec == 0 ? " #DE" : "");
    guest_printf("  want a=%lx b=%lx c=%lx d=%lx fl=%x%s (flags mask %x, "
                 "check %x)\n", (unsigned long)want->a,
                 (unsigned long)want->b, (unsigned long)want->c,
                 (unsigned long)want->d, want->fl,
                 (want->chk & KCHK_DE) ? " #DE" : "", want->flmask,
                 want->chk);
}

static bool run_kernel(const struct kdesc *k)
{
    unsigned before = failures;

    for (unsigned v = 0; v < k->tn; v++) {
        const struct kout *w = &k->tv[v];
        struct kregs in, r;
        bool ok;

        kin_make(k->cls, v, &in);
        r = in;
        guest_trap_vector = -1;
        k->fn(&r);
        ok = ((r.fl & w->flmask) == w->fl) &&
             (!(w->chk & KCHK_A) || r.a == (unsigned long)w->a) &&
             (!(w->chk & KCHK_B) || r.b == (unsigned long)w->b) &&
             (!(w->chk & KCHK_C) || r.c == (unsigned long)w->c ||
              (pvm_quirks && k->cls == KC_CMPXCHG && k->size == 4 &&
               (uint32_t)r.c == (uint32_t)w->c)) &&
             (!(w->chk & KCHK_D) || r.d == (unsigned long)w->d) &&
             ((w->chk & KCHK_DE) ? guest_trap_vector == 0
                                 : guest_trap_vector == -1);
        if (!ok) {
            report(k, v, &in, &r, guest_trap_vector, w);
        }
    }
    return failures == before;
}

/* Is word in the multiboot command line? */
static bool cmdline_has(uint32_t mb_info, const char *word)
{
    const uint32_t *info = (const uint32_t *)(uintptr_t)mb_info;
    const char *p;

    if (!mb_info || !(info[0] & 4)) {
        return false;
    }
    for (p = (const char *)(uintptr_t)info[4]; *p; p++) {
        const char *a = p, *b = word;
        while (*b && *a == *b) {
            a++;
            b++;
        }
        if (!*b && (*a == ' ' || !*a)) {
            return true;
        }
    }
    return false;
}

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    /*
     * 'pvm-quirks': running on PVM's KVM, i.e. in KVM's instruction
     * emulator, which knows no POPCNT & co. and zero-extends the
     * destination of a failing 32-bit CMPXCHG (CPUs leave it alone).
     */
    pvm_quirks = cmdline_has(mb_info, "pvm-quirks");
    /* Groups are reported by the first kernel name's prefix change. */
    static const struct { const char *first, *label; } groups[] = {
        {"addb", "alu"}, {"shlb", "shift/rotate"}, {"shldw", "shld/shrd"},
        {"mulb", "mul/imul"}, {"divb", "div/idiv"}, {"bsfw", "bsf/bsr"},
        {"popcntw", NULL}, {"btw", "bt/bts/btr/btc"},
        {"bswapl", "bswap/extend/lea"}, {"seto", "setcc/cmovcc/jcc"},
        {"cmpxchgb", "cmpxchg/xadd"},
    };
    unsigned g = 0, gfail = 0;
    const char *label = NULL;
    bool feat_ok[4] = { true, true, true, true };
    bool feat_skip[4] = { false, false, false, false };

    for (size_t i = 0; i <= sizeof(kernels) / sizeof(kernels[0]); i++) {
        const struct kdesc *k = i < sizeof(kernels) / sizeof(kernels[0])
                                    ? &kernels[i] : NULL;
        if (!k || (g < sizeof(groups) / sizeof(groups[0]) &&
                   streq(k->name, groups[g].first))) {
            if (label) {
                guest_printf("%s: %s\n", label, gfail ? "FAILED" : "ok");
            }
            if (k) {
                label = groups[g++].label;
                gfail = 0;
            }
        }
        if (!k) {
            break;
        }
        if (k->feat != KF_NONE) {
            if (pvm_quirks) {
                continue;
            }
            if (!k->tn || !guest_has(k->feat)) {
                feat_skip[k->feat] = true;
                continue;
            }
            if (!run_kernel(k)) {
                feat_ok[k->feat] = false;
            }
            continue;
        }
        if (!run_kernel(k)) {
            gfail++;
        }
    }
    for (int f = KF_POPCNT; f <= KF_BMI1; f++) {
        guest_printf("%s: %s\n", feat_names[f],
                     pvm_quirks ? "not tested" :
                     feat_skip[f] ? "not advertised" :
                     feat_ok[f] ? "ok" : "FAILED");
    }
    if (failures) {
        guest_fail("%u mismatches", failures);
    }
}
