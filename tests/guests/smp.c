/*
 * smp: bring up every application processor.  The BSP reads the CPU count
 * from fw_cfg, copies the real-mode trampoline below 1 MiB and sends the
 * INIT-SIPI-SIPI sequence as a broadcast through the local APIC ICR.  Each
 * AP switches to 32-bit protected mode, counts itself atomically and
 * prints "AP <apic id> up" under a spinlock.  The BSP waits (bounded) and
 * checks that every CPU came up exactly once.
 */
#include "lib/guest.h"

#define LAPIC_BASE     0xfee00000u
#define LAPIC_ID       0x20
#define LAPIC_SVR      0xf0
#define LAPIC_ICR_LO   0x300
#define LAPIC_ICR_HI   0x310
#define ICR_BUSY       (1u << 12)
#define ICR_ALL_BUT_ME (3u << 18)
#define ICR_ASSERT     (1u << 14)
#define ICR_INIT       (5u << 8)
#define ICR_STARTUP    (6u << 8)

#define SMP_TRAMPOLINE 0x8000 /* page aligned, below 1 MiB: SIPI vector 8 */
#define SMP_MAX_CPUS   16

extern const char smp_trampoline_start[], smp_trampoline_end[];
void guest_main(uint32_t mb_magic, uint32_t mb_info);
void ap_main(void);

static volatile uint32_t ap_count;   /* incremented as each AP arrives */
static volatile uint32_t ap_done;    /* ... and after it has printed */
static volatile uint32_t apic_ids;   /* bit per APIC ID seen */
static volatile uint32_t print_lock;

static void spin_lock(volatile uint32_t *lock)
{
    while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) {
        while (*lock) {
            cpu_relax();
        }
    }
}

static void spin_unlock(volatile uint32_t *lock)
{
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

static unsigned popcount(uint32_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1) {
        n++;
    }
    return n;
}

static uint32_t lapic_id(void)
{
    return mmio_read32(LAPIC_BASE + LAPIC_ID) >> 24;
}

void ap_main(void)
{
    idt_load();
    uint32_t id = lapic_id();
    __atomic_fetch_add(&ap_count, 1, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&apic_ids, 1u << (id & 31), __ATOMIC_SEQ_CST);
    spin_lock(&print_lock);
    guest_printf("AP %u up\n", id);
    spin_unlock(&print_lock);
    __atomic_fetch_add(&ap_done, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

static void send_ipi(uint32_t icr_lo)
{
    mmio_write32(LAPIC_BASE + LAPIC_ICR_HI, 0);
    mmio_write32(LAPIC_BASE + LAPIC_ICR_LO, icr_lo); /* the write sends */
    for (int i = 0; i < 100000; i++) {
        if (!(mmio_read32(LAPIC_BASE + LAPIC_ICR_LO) & ICR_BUSY)) {
            return;
        }
        cpu_relax();
    }
    guest_fail("IPI 0x%x never delivered", icr_lo);
}

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    uint16_t ncpus = 0;
    fw_cfg_read(FW_CFG_NB_CPUS, &ncpus, sizeof(ncpus));
    guest_printf("BSP: fw_cfg reports %u CPUs\n", ncpus);
    if (ncpus < 1 || ncpus > SMP_MAX_CPUS) {
        guest_fail("CPU count %u outside 1..%u", ncpus, SMP_MAX_CPUS);
    }
    uint32_t bsp = lapic_id();
    apic_ids = 1u << bsp;

    size_t len = smp_trampoline_end - smp_trampoline_start;
    __builtin_memcpy((void *)SMP_TRAMPOLINE, smp_trampoline_start, len);

    /* Software-enable the local APIC (SVR bit 8, spurious vector 0xff). */
    mmio_write32(LAPIC_BASE + LAPIC_SVR, 0x1ff);

    /* The MP specification's sequence: INIT, 10 ms, SIPI, 200 us, SIPI.
     * The second SIPI is ignored by APs that already left wait-for-SIPI. */
    guest_printf("BSP: INIT-SIPI-SIPI, trampoline at 0x%x\n", SMP_TRAMPOLINE);
    send_ipi(ICR_ALL_BUT_ME | ICR_ASSERT | ICR_INIT);
    pit_delay_us(10000);
    for (int i = 0; i < 2; i++) {
        send_ipi(ICR_ALL_BUT_ME | ICR_ASSERT | ICR_STARTUP |
                 (SMP_TRAMPOLINE >> 12));
        pit_delay_us(200);
    }

    /* Wait up to 10 s for every AP to arrive and finish printing. */
    for (int ms = 0; ms < 10000 && ap_done < ncpus - 1u; ms++) {
        pit_delay_us(1000);
    }
    uint32_t up = ap_count + 1;
    spin_lock(&print_lock);
    guest_printf("BSP: %u of %u CPUs up\n", up, ncpus);
    spin_unlock(&print_lock);
    if (up != ncpus || ap_done != ncpus - 1u ||
        popcount(apic_ids) != ncpus) {
        guest_fail("%u APs arrived, APIC ID mask 0x%x", ap_count,
                   apic_ids);
    }
}
