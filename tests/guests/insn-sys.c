/*
 * insn-sys: system-level instruction behaviour in 32-bit protected mode,
 * with architecturally defined expected values (SDM):
 *   - string instructions with REP/REPE/REPNE and both directions (DF);
 *   - PUSH/POP corner cases, PUSHA/POPA, ENTER/LEAVE;
 *   - far CALL/RET (with an immediate) through a second code segment;
 *   - BCD adjust instructions (DAA, DAS, AAA, AAS, AAM, AAD);
 *   - exceptions and their error codes: #DE, #UD, #GP (selector beyond the
 *     GDT limit), #NP, #SS (segment limits are not checked: QEMU's TCG,
 *     the oracle, does not enforce them);
 *   - PAE paging: 4 KiB and 2 MiB pages, not-present, CR0.WP with a
 *     read-only page, NX, a reserved bit, accessed/dirty bits, #PF error
 *     codes and CR2.
 * Expected exceptions resume after the faulting instruction without IRET
 * (guest_resume_ip), so this runs on PVM's KVM too.
 */
#include "lib/guest.h"

static unsigned checks;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        checks++;                                                              \
        if (!(cond)) {                                                         \
            guest_fail(__VA_ARGS__);                                           \
        }                                                                      \
    } while (0)

/*
 * Run one instruction sequence that may fault; returns the vector taken or
 * -1.  The sequence must leave the stack as it found it when it faults.
 */
#define TRY(insns, ...)                                                        \
    ({                                                                         \
        guest_trap_vector = -1;                                                \
        __asm__ volatile("movl $1f, guest_resume_ip\n\t" insns "\n"            \
                         "1:\n\tmovl $0, guest_resume_ip" __VA_ARGS__);        \
        guest_trap_vector;                                                     \
    })

/* ---- strings ----------------------------------------------------------- */

static uint8_t sbuf[64], dbuf[64];

static void test_strings(void)
{
    uint32_t si, di, cx;

    for (int i = 0; i < 64; i++) {
        sbuf[i] = (uint8_t)(i * 7 + 1);
        dbuf[i] = 0;
    }
    /* rep movsl forward */
    __asm__ volatile("cld; rep movsl"
                     : "=S"(si), "=D"(di), "=c"(cx)
                     : "0"(sbuf), "1"(dbuf), "2"(5) : "memory");
    CHECK(cx == 0 && si == (uint32_t)sbuf + 20 && di == (uint32_t)dbuf + 20,
          "rep movsl pointers %x %x %x", si, di, cx);
    for (int i = 0; i < 64; i++) {
        CHECK(dbuf[i] == (i < 20 ? sbuf[i] : 0), "rep movsl byte %d", i);
    }
    /* rep movsw backward (DF=1): copies words at decreasing addresses */
    __asm__ volatile("std; rep movsw; cld"
                     : "=S"(si), "=D"(di), "=c"(cx)
                     : "0"(sbuf + 40), "1"(dbuf + 40), "2"(3) : "memory");
    CHECK(cx == 0 && si == (uint32_t)sbuf + 34 && di == (uint32_t)dbuf + 34,
          "std rep movsw pointers");
    CHECK(dbuf[36] == sbuf[36] && dbuf[41] == sbuf[41] && dbuf[35] == 0 &&
          dbuf[42] == 0, "std rep movsw data");
    /* rep stosb with count 0 does nothing */
    __asm__ volatile("rep stosb" : "=D"(di), "=c"(cx)
                     : "0"(dbuf), "1"(0), "a"(0xaa) : "memory");
    CHECK(di == (uint32_t)dbuf && dbuf[0] == sbuf[0], "rep stosb count 0");
    /* rep stosw */
    __asm__ volatile("rep stosw" : "=D"(di), "=c"(cx)
                     : "0"(dbuf + 48), "1"(4), "a"(0x1234) : "memory");
    CHECK(dbuf[48] == 0x34 && dbuf[49] == 0x12 && dbuf[55] == 0x12 &&
          dbuf[56] == 0 && di == (uint32_t)dbuf + 56, "rep stosw");
    /* repne scasb finds a byte: ECX counts down past it, EDI after it */
    __asm__ volatile("cld; repne scasb" : "=D"(di), "=c"(cx)
                     : "0"(sbuf), "1"(64), "a"(sbuf[10]) : "cc");
    CHECK(di == (uint32_t)sbuf + 11 && cx == 64 - 11, "repne scasb %x", cx);
    /* repe cmpsb stops at the first difference, ZF clear */
    dbuf[5] ^= 0xff;
    {
        uint8_t zf;
        __asm__ volatile("cld; repe cmpsb; setz %3"
                         : "=S"(si), "=D"(di), "=c"(cx), "=q"(zf)
                         : "0"(sbuf), "1"(dbuf), "2"(16) : "cc");
        CHECK(!zf && si == (uint32_t)sbuf + 6 && cx == 10, "repe cmpsb");
    }
    /* lodsb backwards */
    {
        uint32_t a;
        __asm__ volatile("std; lodsb; lodsb; cld"
                         : "=a"(a), "=S"(si) : "0"(0), "1"(sbuf + 9));
        CHECK((a & 0xff) == sbuf[8] && si == (uint32_t)sbuf + 7, "std lodsb");
    }
    guest_printf("strings: ok\n");
}

/* ---- stack ------------------------------------------------------------- */

static void test_stack(void)
{
    uint32_t before, after, v, w;

    /* push %esp pushes the value before the push */
    __asm__ volatile("mov %%esp, %0; push %%esp; pop %1; mov %%esp, %2"
                     : "=&r"(before), "=&r"(v), "=&r"(after));
    CHECK(v == before && after == before, "push %%esp");
    /* 16-bit push moves ESP by 2 */
    __asm__ volatile("mov %%esp, %0; pushw $0x1234; mov %%esp, %1; "
                     "popw %w2; "
                     : "=&r"(before), "=&r"(after), "=&r"(v));
    CHECK(after == before - 2 && (v & 0xffff) == 0x1234, "pushw");
    /* push imm8 sign-extends */
    __asm__ volatile("push $-2; pop %0" : "=r"(v));
    CHECK(v == 0xfffffffe, "push imm8");
    /* pop to memory addressed through ESP uses the incremented ESP */
    __asm__ volatile("push $0x55; push $0x66; pop (%%esp); pop %0"
                     : "=r"(v));
    CHECK(v == 0x66, "pop (%%esp) %x", v);
    /* pusha/popa round trip; popa skips ESP */
    __asm__ volatile("mov $0x11, %%eax; mov $0x22, %%ecx; pusha; "
                     "mov $0, %%eax; mov $0, %%ecx; popa; mov %%eax, %0; "
                     "mov %%ecx, %1"
                     : "=m"(v), "=m"(w) : : "eax", "ecx");
    CHECK(v == 0x11 && w == 0x22, "pusha/popa");
    /* enter $16, $0 / leave */
    __asm__ volatile("mov %%esp, %0; push %%ebp; mov %%esp, %%ebp; "
                     "enter $16, $0; mov %%esp, %1; mov %%ebp, %2; leave; "
                     "pop %%ebp"
                     : "=&r"(before), "=&r"(after), "=&r"(v));
    CHECK(v == before - 8 && after == before - 24, "enter/leave");
    guest_printf("stack: ok\n");
}

/* ---- GDT with test descriptors ----------------------------------------- */

#define SEL_NP 0x28     /* data segment, not present */
#define SEL_CODE2 0x30  /* second flat 32-bit code segment */
#define SEL_BEYOND 0x80 /* beyond the GDT limit */

static uint64_t gdt[16] __attribute__((aligned(16)));

static void gdt_setup(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } g;

    __asm__ volatile("sgdt %0" : "=m"(g));
    for (unsigned i = 0; i < 5 && i * 8 < g.limit; i++) {
        gdt[i] = ((const uint64_t *)(uintptr_t)g.base)[i];
    }
    gdt[SEL_NP / 8] = 0x00cf13000000ffffull;
    gdt[SEL_CODE2 / 8] = 0x00cf9b000000ffffull;
    g.limit = sizeof(gdt) - 1;
    g.base = (uint32_t)gdt;
    __asm__ volatile("lgdt %0" : : "m"(g));
}

/* Far call target in SEL_CODE2: returns CS in EAX, pops 4 bytes of args. */
void far_target(void);
__asm__(".text\n"
        "far_target:\n\t"
        "mov %cs, %eax\n\t"
        "lret $4\n");

static void test_far(void)
{
    struct __attribute__((packed)) {
        uint32_t off;
        uint16_t sel;
    } ptr = { (uint32_t)far_target, SEL_CODE2 };
    uint32_t cs, before, after;

    __asm__ volatile("mov %%esp, %1; push $0x99; lcall *%3; mov %%esp, %2"
                     : "=a"(cs), "=&r"(before), "=&r"(after) : "m"(ptr)
                     : "memory");
    CHECK((cs & 0xffff) == SEL_CODE2 && after == before, "far call/ret %x",
          cs);
    guest_printf("far call/ret: ok\n");
}

/* ---- BCD --------------------------------------------------------------- */

static uint32_t bcd(uint32_t ax, uint32_t flags, int op, uint32_t *fl_out)
{
    uint32_t fl;
    switch (op) {
    case 0: __asm__ volatile("push %2; popf; daa; pushf; pop %1"
                             : "+a"(ax), "=r"(fl) : "r"(flags) : "cc"); break;
    case 1: __asm__ volatile("push %2; popf; das; pushf; pop %1"
                             : "+a"(ax), "=r"(fl) : "r"(flags) : "cc"); break;
    case 2: __asm__ volatile("push %2; popf; aaa; pushf; pop %1"
                             : "+a"(ax), "=r"(fl) : "r"(flags) : "cc"); break;
    case 3: __asm__ volatile("push %2; popf; aas; pushf; pop %1"
                             : "+a"(ax), "=r"(fl) : "r"(flags) : "cc"); break;
    case 4: __asm__ volatile("push %2; popf; aam; pushf; pop %1"
                             : "+a"(ax), "=r"(fl) : "r"(flags) : "cc"); break;
    default: __asm__ volatile("push %2; popf; aad; pushf; pop %1"
                              : "+a"(ax), "=r"(fl) : "r"(flags) : "cc"); break;
    }
    *fl_out = fl;
    return ax & 0xffff;
}

static void test_bcd(void)
{
    uint32_t fl, r;

    /* 0x79 + 0x35 = 0xae; DAA -> 0x14, CF=1, AF=1 */
    r = bcd(0xae, 0x2, 0, &fl);
    CHECK((r & 0xff) == 0x14 && (fl & 0x11) == 0x11, "daa %x %x", r, fl);
    /* 0x35 - 0x47 = 0xee, CF=1, AF=1; DAS -> 0x88, CF=1 */
    r = bcd(0xee, 0x2 | 0x11, 1, &fl);
    CHECK((r & 0xff) == 0x88 && (fl & 1), "das %x %x", r, fl);
    /* AAA: AL=0x0b -> AX=0x0101, CF=AF=1 */
    r = bcd(0x000b, 0x2, 2, &fl);
    CHECK(r == 0x0101 && (fl & 0x11) == 0x11, "aaa %x %x", r, fl);
    /* AAA without adjustment clears AF/CF and the high nibble */
    r = bcd(0x0235, 0x2, 2, &fl);
    CHECK(r == 0x0205 && !(fl & 0x11), "aaa noadj %x %x", r, fl);
    /* AAS: AX=0x02ff (0x00 - 0x01 borrow), AF=1 -> AH=1, AL=9 */
    r = bcd(0x02ff, 0x2 | 0x10, 3, &fl);
    CHECK(r == 0x0109 && (fl & 0x11) == 0x11, "aas %x %x", r, fl);
    /* AAM: AL=0x3f (63) -> AH=6, AL=3; SF ZF PF from AL */
    r = bcd(0x003f, 0x2, 4, &fl);
    CHECK(r == 0x0603 && !(fl & 0x40) && (fl & 0x04), "aam %x %x", r, fl);
    /* AAD: AX=0x0603 -> AL=63, AH=0 */
    r = bcd(0x0603, 0x2, 5, &fl);
    CHECK(r == 0x003f, "aad %x", r);
    /* AAM 0 raises #DE */
    CHECK(TRY(".byte 0xd4, 0x00", : : : "eax", "memory") == 0, "aam 0 #DE");
    guest_printf("bcd: ok\n");
}

/* ---- exceptions -------------------------------------------------------- */

static void test_exceptions(void)
{
    int v;

    v = TRY("xor %%edx, %%edx; xor %%ecx, %%ecx; mov $1, %%eax; div %%ecx",
            : : : "eax", "ecx", "edx", "memory");
    CHECK(v == 0, "#DE: vector %d", v);
    v = TRY("ud2", : : : "memory");
    CHECK(v == 6, "#UD: vector %d", v);
    v = TRY("mov %0, %%ds", : : "r"(SEL_BEYOND) : "memory");
    CHECK(v == 13 && guest_trap_error == SEL_BEYOND,
          "#GP beyond GDT: vector %d error %lx", v, guest_trap_error);
    v = TRY("mov %0, %%es", : : "r"(SEL_NP) : "memory");
    CHECK(v == 11 && guest_trap_error == SEL_NP,
          "#NP: vector %d error %lx", v, guest_trap_error);
    v = TRY("mov %0, %%ss", : : "r"(SEL_NP) : "memory");
    CHECK(v == 12 && guest_trap_error == SEL_NP,
          "#SS: vector %d error %lx", v, guest_trap_error);
    guest_printf("exceptions: ok\n");
}

/* ---- paging ------------------------------------------------------------ */

#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_A 0x20ull
#define PTE_D 0x40ull
#define PTE_PS 0x80ull
#define PTE_NX (1ull << 63)

static uint64_t pdpt[4] __attribute__((aligned(32)));
static uint64_t pd0[512] __attribute__((aligned(4096)));
static uint64_t pd3[512] __attribute__((aligned(4096)));
static uint64_t pt0[512] __attribute__((aligned(4096)));
static uint8_t tpage[3][4096] __attribute__((aligned(4096)));

static void invlpg(const void *p)
{
    __asm__ volatile("invlpg (%0)" : : "r"(p) : "memory");
}

/* Page table entries are read back volatile: the CPU writes A/D bits. */
static volatile uint64_t *pte_of(const void *p)
{
    return &pt0[((uint32_t)p >> 12) & 511];
}

static void set_pte(const void *p, uint64_t flags)
{
    *pte_of(p) = ((uint32_t)p & ~0xfffu) | flags;
    invlpg(p);
}

static void set_wp(bool on)
{
    uint32_t cr0;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = on ? cr0 | 0x10000 : cr0 & ~0x10000u;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
}

static void paging_enable(void)
{
    uint32_t cr0, cr4, lo, hi;

    for (unsigned i = 0; i < 512; i++) {
        pt0[i] = (i << 12) | PTE_P | PTE_RW;
        pd0[i] = ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS;
        pd3[i] = (0xc0000000ull + ((uint64_t)i << 21)) | PTE_P | PTE_RW |
                 PTE_PS;
    }
    pd0[0] = (uint32_t)pt0 | PTE_P | PTE_RW;
    /* virtual 2-4 MiB: a 2 MiB page aliasing physical 0-2 MiB */
    pd0[1] = 0 | PTE_P | PTE_RW | PTE_PS;
    pdpt[0] = (uint32_t)pd0 | PTE_P;
    pdpt[3] = (uint32_t)pd3 | PTE_P;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080));
    lo |= 1u << 11; /* EFER.NXE */
    __asm__ volatile("wrmsr" : : "a"(lo), "d"(hi), "c"(0xc0000080));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | 0x20)); /* PAE */
    __asm__ volatile("mov %0, %%cr3" : : "r"(pdpt));
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | 0x80000000)); /* PG */
    set_wp(true);
}

static int try_read(volatile uint8_t *p)
{
    return TRY("movb (%0), %%al", : : "r"(p) : "eax", "memory");
}

static int try_write(volatile uint8_t *p)
{
    return TRY("movb $0x5a, (%0)", : : "r"(p) : "memory");
}

/* ignore: error code bits not compared (QEMU's TCG, the oracle, reports
 * a reserved-bit fault without P; CPUs set it). */
static void expect_pf_m(int v, const void *addr, unsigned err,
                        unsigned ignore, const char *what)
{
    CHECK(v == 14 && guest_trap_cr2 == (uint32_t)addr &&
          (guest_trap_error & ~ignore) == (err & ~ignore),
          "%s: vector %d CR2 %lx error %lx (want #PF at %x error %x)", what,
          v, guest_trap_cr2, guest_trap_error, (uint32_t)addr, err);
}

static void expect_pf(int v, const void *addr, unsigned err, const char *what)
{
    expect_pf_m(v, addr, err, 0, what);
}

static void test_paging(void)
{
    uint8_t *p0 = tpage[0], *p1 = tpage[1], *p2 = tpage[2];
    static volatile uint32_t marker = 0xfeedf00d;
    int v;

    paging_enable();

    /* 2 MiB page alias */
    CHECK(*(volatile uint32_t *)((uint32_t)&marker + 0x200000) == 0xfeedf00d,
          "2 MiB alias");
    CHECK(*(volatile uint64_t *)&pd0[1] & PTE_A, "2 MiB page accessed bit");

    /* not present: read and write error codes, CR2 */
    set_pte(p0, 0);
    expect_pf(try_read(p0 + 0x123), p0 + 0x123, 0x0, "not-present read");
    expect_pf(try_write(p0 + 0x456), p0 + 0x456, 0x2, "not-present write");

    /* read-only page: CR0.WP decides for supervisor writes */
    set_pte(p1, PTE_P);
    CHECK(try_read(p1) == -1, "read-only read");
    expect_pf(try_write(p1 + 8), p1 + 8, 0x3, "read-only write with WP");
    set_wp(false);
    CHECK(try_write(p1 + 8) == -1 && p1[8] == 0x5a,
          "read-only write without WP");
    set_wp(true);

    /* accessed and dirty bits */
    set_pte(p2, PTE_P | PTE_RW);
    (void)*(volatile uint8_t *)p2;
    CHECK((*pte_of(p2) & (PTE_A | PTE_D)) == PTE_A, "accessed bit on read");
    *(volatile uint8_t *)(p2 + 1) = 1;
    CHECK((*pte_of(p2) & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "dirty bit on write");

    /* NX: instruction fetch faults with I/D set */
    p2[0] = 0xc3;
    set_pte(p2, PTE_P | PTE_RW | PTE_NX);
    v = TRY("jmp *%0", : : "r"(p2) : "memory");
    expect_pf(v, p2, 0x11, "NX fetch");
    CHECK(try_read(p2) == -1, "NX page data read");

    /* reserved bit (62) in a present PTE */
    set_pte(p2, PTE_P | PTE_RW | (1ull << 62));
    expect_pf_m(try_read(p2 + 4), p2 + 4, 0x9, 0x1, "reserved bit");

    set_pte(p0, PTE_P | PTE_RW);
    set_pte(p1, PTE_P | PTE_RW);
    set_pte(p2, PTE_P | PTE_RW);
    guest_printf("paging: ok\n");
}

/* Is word in the multiboot command line? */
static bool cmdline_has(uint32_t mb_info, const char *word)
{
    const uint32_t *info = (const uint32_t *)(uintptr_t)mb_info;

    if (!mb_info || !(info[0] & 4)) {
        return false;
    }
    for (const char *p = (const char *)(uintptr_t)info[4]; *p; p++) {
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
    gdt_setup();
    test_strings();
    test_stack();
    test_far();
    /* PVM's KVM runs this guest in KVM's instruction emulator, which has
     * no BCD instructions. */
    if (cmdline_has(mb_info, "pvm-quirks")) {
        guest_printf("bcd: not tested\n");
    } else {
        test_bcd();
    }
    test_exceptions();
    /* ... nor PAE paging (enabling it raises #GP there). */
    if (cmdline_has(mb_info, "pvm-quirks")) {
        guest_printf("paging: not tested\n");
    } else {
        test_paging();
    }
    guest_printf("insn-sys: %u checks passed\n", checks);
}
