/*
 * X86CPU models and the KVM accelerator.
 *
 * The model tests need no KVM: feature parsing and its errors, -cpu help
 * (compared with Debian's qemu-system-x86_64 when installed), reset state
 * dump and topology leaves.  The KVM tests build a VM with 64 KiB of RAM
 * and one vCPU through kvm_init()/kvm_init_vcpu() and run tiny real-mode
 * programs that exit to test I/O and MMIO regions; they are skipped when
 * /dev/kvm cannot be used.  /kvm/userirq-init-sipi adds an AP and software
 * APICs: INIT/SIPI, KVM_INTERRUPT, KVM_NMI and the interrupt window.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/thread.h"
#include "qemu/timer.h"
#include "hw/boards.h"
#include "sysemu/kvm.h"
#include "target/i386/cpu.h"
#ifdef CONFIG_KVM
#include <linux/kvm.h>
#include "hw/intc/apic.h"
#endif

/* ------------------------------------------------------------------ */
/* Models */

static X86CPU *new_cpu(const char *model)
{
    g_autofree char *type = g_strdup_printf("%s-x86_64-cpu", model);
    return X86_CPU(object_new(type));
}

static void test_feature_parsing(void)
{
    X86CPU *cpu = new_cpu("Nehalem");
    Error *err = NULL;

    g_assert_true(x86_cpu_has_feature(cpu, "sse4.2"));
    g_assert_false(x86_cpu_has_feature(cpu, "avx"));
    g_assert_true(x86_cpu_parse_featurestr(
        cpu, "+avx,-sse4.2,sse4_1=off,x2apic=on,family=6,model=44", &err));
    g_assert_null(err);
    g_assert_true(cpu->env.features[FEAT_1_ECX] & CPUID_EXT_AVX);
    g_assert_false(x86_cpu_has_feature(cpu, "sse4.2"));
    g_assert_false(x86_cpu_has_feature(cpu, "sse4-1"));
    g_assert_true(x86_cpu_has_feature(cpu, "x2apic"));
    /* family 6, model 44 (0x2c): ext model 2, model c */
    g_assert_cmphex(cpu->env.cpuid_version & 0x0fff0ff0, ==, 0x000206c0);

    /* +feat/-feat win over feat=on whatever the order. */
    g_assert_true(x86_cpu_parse_featurestr(cpu, "-avx,avx=on", &err));
    g_assert_false(x86_cpu_has_feature(cpu, "avx"));

    g_assert_false(x86_cpu_parse_featurestr(cpu, "sse=maybe", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'sse' expects 'on' or 'off'");
    error_free(err);
    err = NULL;
    g_assert_false(x86_cpu_parse_featurestr(cpu, "family=999", &err));
    g_assert_nonnull(err);
    error_free(err);
    object_unref(cpu);
}

static void test_cpu_model_errors(void)
{
    Error *err = NULL;
    char *type;

    type = x86_cpu_parse_cpu_model("foo", &err);
    g_assert_null(type);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "unable to find CPU model 'foo'");
    error_free(err);
    err = NULL;

    type = x86_cpu_parse_cpu_model("qemu64,+foo", &err);
    g_assert_null(type);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'qemu64-x86_64-cpu.foo' not found");
    error_free(err);
    err = NULL;

    type = x86_cpu_parse_cpu_model("qemu64,foo=on", &err);
    g_assert_null(type);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "can't apply global qemu64-x86_64-cpu.foo=on: Property "
                    "'qemu64-x86_64-cpu.foo' not found");
    error_free(err);
    err = NULL;

    type = x86_cpu_parse_cpu_model("qemu64,sse=bar", &err);
    g_assert_null(type);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "can't apply global qemu64-x86_64-cpu.sse=bar: Parameter "
                    "'sse' expects 'on' or 'off'");
    error_free(err);
    err = NULL;

    type = x86_cpu_parse_cpu_model("Haswell,+vmx-ept,-hle,pdpe1gb", &err);
    g_assert_cmpstr(type, ==, "Haswell-x86_64-cpu");
    g_free(type);
    g_assert_null(err);
}

static void test_models(void)
{
    static const struct {
        const char *name;
        uint32_t version;
        const char *id;
    } m[] = {
        { "qemu64", 0x00060fb1, "QEMU Virtual CPU version 2.5+" },
        { "Nehalem", 0x000106a3, "Intel Core i7 9xx (Nehalem Class Core i7)" },
        { "core2duo", 0x000006fb,
          "Intel(R) Core(TM)2 Duo CPU     T7700  @ 2.40GHz" },
        { "EPYC", 0x00800f12, "AMD EPYC Processor" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(m); i++) {
        X86CPU *cpu = new_cpu(m[i].name);
        g_autofree char *id = object_property_get_str(OBJECT(cpu),
                                                      "model-id", NULL);
        g_assert_cmphex(cpu->env.cpuid_version, ==, m[i].version);
        g_assert_cmpstr(id, ==, m[i].id);
        object_unref(cpu);
    }
    X86CPU *cpu = new_cpu("Skylake-Client");
    g_assert_true(x86_cpu_has_feature(cpu, "avx2"));
    g_assert_true(x86_cpu_has_feature(cpu, "xsavec"));
    g_assert_false(x86_cpu_has_feature(cpu, "avx512f"));
    object_unref(cpu);
}

static void test_cpu_help(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    x86_cpu_list(f);
    fclose(f);

    g_assert_true(g_str_has_prefix(buf, "Available CPUs:\n"));
    g_assert_nonnull(strstr(buf, "\nx86 Nehalem               (alias "
                                 "configured by machine type)\n"));
    g_assert_nonnull(strstr(buf, "\nx86 Nehalem-v1            Intel Core i7 "
                                 "9xx (Nehalem Class Core i7)\n"));
    g_assert_nonnull(strstr(buf, "\nRecognized CPUID flags:\n  3dnow "));

    /* The whole text as Debian's QEMU 7.2 prints it, when installed. */
    char *out = NULL;
    int status;
    if (g_file_test("/usr/bin/qemu-system-x86_64", G_FILE_TEST_EXISTS) &&
        g_spawn_command_line_sync("/usr/bin/qemu-system-x86_64 -cpu help",
                                  &out, NULL, &status, NULL) &&
        status == 0 && g_str_has_prefix(out, "Available CPUs:")) {
        g_assert_cmpstr(buf, ==, out);
    }
    g_free(out);
    free(buf);
}

static void test_reset_dump(void)
{
    X86CPU *cpu = new_cpu("qemu64");
    CPUClass *cc = CPU_GET_CLASS(cpu);
    GString *s = g_string_new(NULL);

    x86_cpu_reset_state(&cpu->env, true);
    cc->dump_state(CPU(cpu), s, 0);
    g_assert_true(g_str_has_prefix(
        s->str, "EAX=00000000 EBX=00000000 ECX=00000000 EDX=00060fb1\n"
                "ESI=00000000 EDI=00000000 EBP=00000000 ESP=00000000\n"
                "EIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 "
                "SMM=0 HLT=0\n"
                "ES =0000 00000000 0000ffff 00009300\n"
                "CS =f000 ffff0000 0000ffff 00009b00\n"));
    g_assert_nonnull(strstr(s->str, "LDT=0000 00000000 0000ffff 00008200\n"
                                    "TR =0000 00000000 0000ffff 00008b00\n"
                                    "GDT=     00000000 0000ffff\n"
                                    "IDT=     00000000 0000ffff\n"
                                    "CR0=60000010 CR2=00000000 CR3=00000000 "
                                    "CR4=00000000\n"));
    g_assert_nonnull(strstr(s->str, "DR6=00000000ffff0ff0 "
                                    "DR7=0000000000000400\n"
                                    "EFER=0000000000000000\n"));
    g_assert_cmpint(cpu->env.hflags & HF_ADDSEG_MASK, !=, 0);
    g_assert_cmpint(cpu->env.hflags & HF_PE_MASK, ==, 0);
    g_string_free(s, true);
    object_unref(cpu);
}

static void test_topology(void)
{
    X86CPUTopoInfo topo = { .dies_per_pkg = 1, .cores_per_die = 3,
                            .threads_per_core = 2 };
    g_assert_cmpuint(x86_cpu_apic_id_from_index(&topo, 0), ==, 0);
    g_assert_cmpuint(x86_cpu_apic_id_from_index(&topo, 5), ==, 5);
    g_assert_cmpuint(x86_cpu_apic_id_from_index(&topo, 6), ==, 8);
    g_assert_cmpuint(x86_cpu_apic_id_from_index(&topo, 9), ==, 11);

    X86CPU *cpu = new_cpu("Haswell");
    uint32_t a, b, c, d;
    cpu->topo = topo;
    cpu->env.cpuid_apic_id = 9;
    cpu_x86_cpuid(&cpu->env, 0xb, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 1);
    g_assert_cmphex(b, ==, 2);
    g_assert_cmphex(c, ==, 0x100);
    g_assert_cmphex(d, ==, 9);
    cpu_x86_cpuid(&cpu->env, 0xb, 1, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 3);
    g_assert_cmphex(b, ==, 6);
    g_assert_cmphex(c, ==, 0x201);
    cpu_x86_cpuid(&cpu->env, 0xb, 2, &a, &b, &c, &d);
    g_assert_cmphex(c & 0xff00, ==, 0);
    cpu_x86_cpuid(&cpu->env, 4, 0, &a, &b, &c, &d);
    g_assert_cmphex(a >> 26, ==, 3);       /* 4 core IDs per package */
    g_assert_cmphex((a >> 14) & 0xfff, ==, 1); /* L1 shared by 2 threads */
    cpu_x86_cpuid(&cpu->env, 1, 0, &a, &b, &c, &d);
    g_assert_cmphex((b >> 16) & 0xff, ==, 6);
    g_assert_true(d & CPUID_HT);
    g_assert_cmphex(b >> 24, ==, 9);
    cpu_x86_cpuid(&cpu->env, 0, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 0xd);
    g_assert_cmpmem(&b, 4, "Genu", 4);
    object_unref(cpu);
}

/* ------------------------------------------------------------------ */
/* KVM */

#ifdef CONFIG_KVM
#define RAM_SIZE (64 * KiB)
#define CODE_ADDR 0x1000
#define MMIO_ADDR 0x20000
#define ROM_ADDR 0x30000
#define TEST_PORT 0x80

static const char *kvm_skip_reason;
static X86CPU *vcpu;
static MemoryRegion ram, rom, io_region, mmio_region;
static GString *io_log;
static GString *mmio_log;

static uint64_t io_read(void *opaque, hwaddr addr, unsigned size)
{
    g_string_append_printf(io_log, "r%" PRIx64 "/%u ", addr, size);
    return 0x33;
}

static void io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    g_string_append_printf(io_log, "w%" PRIx64 "=%02" PRIx64 " ", addr, val);
}

static const MemoryRegionOps io_ops = {
    .read = io_read,
    .write = io_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    g_string_append_printf(mmio_log, "r%" PRIx64 "/%u ", addr, size);
    return 0x77;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    g_string_append_printf(mmio_log, "w%" PRIx64 "=%02" PRIx64 " ", addr,
                           val);
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static bool kvm_setup(void)
{
    static bool done;
    Error *err = NULL;

    if (done) {
        return !kvm_skip_reason;
    }
    done = true;
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        kvm_skip_reason = g_strdup_printf("/dev/kvm unusable: %s",
                                          strerror(errno));
        return false;
    }
    close(fd);

    /* A machine without in-kernel irqchip, so HLT reaches userspace. */
    MachineState *ms = g_new0(MachineState, 1);
    ms->kernel_irqchip_allowed = false;
    ms->smp = (CpuTopology){ 1, 1, 1, 1, 1, 1 };

    memory_region_init_ram(&ram, NULL, "test.ram", RAM_SIZE, &error_abort);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    memory_region_init_rom(&rom, NULL, "test.rom", 4 * KiB, &error_abort);
    memory_region_add_subregion(get_system_memory(), ROM_ADDR, &rom);
    memory_region_init_io(&mmio_region, NULL, &mmio_ops, NULL, "test.mmio",
                          4 * KiB);
    memory_region_add_subregion(get_system_memory(), MMIO_ADDR,
                                &mmio_region);
    memory_region_init_io(&io_region, NULL, &io_ops, NULL, "test.io", 4);
    memory_region_add_subregion(get_system_io(), TEST_PORT, &io_region);
    uint8_t rom_byte = 0xa5;
    address_space_write_rom(&address_space_memory, ROM_ADDR,
                            MEMTXATTRS_UNSPECIFIED, &rom_byte, 1);

    if (kvm_init(ms, &err) < 0) {
        kvm_skip_reason = g_strdup_printf("kvm_init failed: %s",
                                          error_get_pretty(err));
        error_free(err);
        return false;
    }
    g_assert_true(kvm_enabled());
    vcpu = X86_CPU(object_new("qemu64-x86_64-cpu"));
    CPU(vcpu)->cpu_index = 0;
    vcpu->topo = (X86CPUTopoInfo){ 1, 1, 1 };
    vcpu->apic_id = 0;
    if (kvm_init_vcpu(CPU(vcpu), &err) < 0) {
        kvm_skip_reason = g_strdup_printf("kvm_init_vcpu failed: %s",
                                          error_get_pretty(err));
        error_free(err);
        return false;
    }
    io_log = g_string_new(NULL);
    mmio_log = g_string_new(NULL);
    return true;
}

/* Load code at CODE_ADDR, start there in real mode, run to an exit. */
static int run_program(const uint8_t *code, size_t len)
{
    CPUX86State *env = &vcpu->env;
    CPUState *cs = CPU(vcpu);
    int ret;

    address_space_write(&address_space_memory, CODE_ADDR,
                        MEMTXATTRS_UNSPECIFIED, code, len);
    x86_cpu_reset_state(env, true);
    env->segs[R_CS].selector = 0;
    env->segs[R_CS].base = 0;
    env->eip = CODE_ADDR;
    env->regs[R_ESP] = 0x8000;
    g_assert_cmpint(kvm_arch_put_registers(cs, KVM_PUT_FULL_STATE), ==, 0);
    cs->vcpu_dirty = false;
    cs->halted = false;
    g_string_truncate(io_log, 0);
    g_string_truncate(mmio_log, 0);

    qemu_mutex_lock_iothread();
    ret = kvm_cpu_exec(cs);
    qemu_mutex_unlock_iothread();
    g_assert_cmpint(kvm_arch_get_registers(cs), ==, 0);
    return ret;
}

#define SKIP_WITHOUT_KVM()                                                     \
    do {                                                                       \
        if (!kvm_setup()) {                                                    \
            g_printerr("# skipping: %s\n", kvm_skip_reason);                  \
            g_test_skip(kvm_skip_reason);                                      \
            return;                                                            \
        }                                                                      \
    } while (0)

static void test_kvm_out_hlt(void)
{
    static const uint8_t code[] = {
        0xb0, 0x42,             /* mov al, 0x42 */
        0xe6, TEST_PORT,        /* out 0x80, al */
        0xe4, TEST_PORT,        /* in al, 0x80 */
        0xf4,                   /* hlt */
    };
    SKIP_WITHOUT_KVM();
    g_assert_cmpint(run_program(code, sizeof(code)), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "w0=42 r0/1 ");
    g_assert_cmphex(vcpu->env.regs[R_EAX] & 0xff, ==, 0x33);
    g_assert_cmphex(vcpu->env.eip, ==, CODE_ADDR + sizeof(code));
    g_assert_true(CPU(vcpu)->halted);
}

static void test_kvm_string_io(void)
{
    static const uint8_t code[] = {
        0xba, TEST_PORT, 0x00,  /* mov dx, 0x80 */
        0xbe, 0x00, 0x20,       /* mov si, 0x2000 */
        0xb9, 0x03, 0x00,       /* mov cx, 3 */
        0xfc,                   /* cld */
        0xf3, 0x6e,             /* rep outsb */
        0xf4,                   /* hlt */
    };
    SKIP_WITHOUT_KVM();
    address_space_write(&address_space_memory, 0x2000,
                        MEMTXATTRS_UNSPECIFIED, "\x01\x02\x03", 3);
    g_assert_cmpint(run_program(code, sizeof(code)), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "w0=01 w0=02 w0=03 ");
}

static void test_kvm_mmio(void)
{
    static const uint8_t code[] = {
        0xb8, 0x00, 0x20,             /* mov ax, 0x2000 */
        0x8e, 0xd8,                   /* mov ds, ax */
        0xc6, 0x06, 0x10, 0x00, 0x5a, /* mov byte [0x10], 0x5a */
        0xa0, 0x14, 0x00,             /* mov al, [0x14] */
        0xe6, TEST_PORT,              /* out 0x80, al */
        0xf4,                         /* hlt */
    };
    SKIP_WITHOUT_KVM();
    g_assert_cmpint(run_program(code, sizeof(code)), ==, EXCP_HLT);
    g_assert_cmpstr(mmio_log->str, ==, "w10=5a r14/1 ");
    g_assert_cmpstr(io_log->str, ==, "w0=77 ");
}

static void test_kvm_rom(void)
{
    static const uint8_t code[] = {
        0xb8, 0x00, 0x30,             /* mov ax, 0x3000 */
        0x8e, 0xd8,                   /* mov ds, ax */
        0xc6, 0x06, 0x00, 0x00, 0x11, /* mov byte [0], 0x11: dropped */
        0xa0, 0x00, 0x00,             /* mov al, [0] */
        0xe6, TEST_PORT,              /* out 0x80, al */
        0xf4,                         /* hlt */
    };
    SKIP_WITHOUT_KVM();
    g_assert_cmpint(run_program(code, sizeof(code)), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "w0=a5 ");
}

static void on_sigusr1(int sig)
{
}

static void *watchdog(void *arg)
{
    CPUState *cs = arg;
    g_usleep(5 * G_USEC_PER_SEC);
    __atomic_store_n(&cs->exit_request, 1, __ATOMIC_RELEASE);
    pthread_kill(*(pthread_t *)cs->opaque, SIGUSR1);
    return NULL;
}

static void test_kvm_triple_fault(void)
{
    static const uint8_t code[] = {
        0x0f, 0x01, 0x1e, 0x00, 0x11, /* lidt [0x1100]: limit 0 */
        0xcc,                         /* int3 -> #GP -> #DF -> shutdown */
        0xf4,
    };
    SKIP_WITHOUT_KVM();
    address_space_write(&address_space_memory, 0x1100,
                        MEMTXATTRS_UNSPECIFIED, "\0\0\0\0\0\0", 6);

    /* Some nested hypervisors never report the shutdown: bound the wait
     * with a kick, which also exercises EINTR handling. */
    struct sigaction sa = { .sa_handler = on_sigusr1 };
    sigaction(SIGUSR1, &sa, NULL);
    pthread_t self = pthread_self(), wd;
    CPU(vcpu)->opaque = &self;
    pthread_create(&wd, NULL, watchdog, CPU(vcpu));
    int ret = run_program(code, sizeof(code));
    pthread_cancel(wd);
    pthread_join(wd, NULL);
    CPU(vcpu)->opaque = NULL;
    g_assert_cmpint(ret, ==, EXCP_INTERRUPT);
    if (CPU(vcpu)->kvm_run->exit_reason != KVM_EXIT_SHUTDOWN) {
        g_test_skip("this KVM did not report the triple fault within 5s");
        return;
    }
}

static void test_kvm_cpuid(void)
{
    static const uint8_t code[] = {
        0x66, 0x31, 0xc0,       /* xor eax, eax */
        0x0f, 0xa2,             /* cpuid */
        0xf4,                   /* hlt */
    };
    SKIP_WITHOUT_KVM();
    g_assert_cmpint(run_program(code, sizeof(code)), ==, EXCP_HLT);
    /* qemu64 is "AuthenticAMD" */
    uint32_t ebx = vcpu->env.regs[R_EBX];
    g_assert_cmpmem(&ebx, 4, "Auth", 4);
}

/*
 * Userspace irqchip: a second vCPU (an AP) with software local APICs on
 * both.  The "BSP" (the test, writing the BSP's ICR through the APIC's
 * MMIO page) sends INIT and a SIPI; the AP starts in real mode at the SIPI
 * vector, halts, takes a fixed interrupt through KVM_INTERRUPT and an NMI
 * through KVM_NMI.  Handlers end in HLT: no IRET is needed.
 */
#define AP_VECTOR 3                 /* SIPI: CS=0x0300, code at 0x3000 */
#define APIC_PAGE 0xfee00000u

static void apic_write(CPUState *as_cpu, uint32_t reg, uint32_t val)
{
    current_cpu = as_cpu;
    address_space_write(&address_space_memory, APIC_PAGE + reg,
                        MEMTXATTRS_UNSPECIFIED, &val, 4);
    current_cpu = NULL;
}

static uint32_t apic_read(CPUState *as_cpu, uint32_t reg)
{
    uint32_t val = 0;
    current_cpu = as_cpu;
    address_space_read(&address_space_memory, APIC_PAGE + reg,
                       MEMTXATTRS_UNSPECIFIED, &val, 4);
    current_cpu = NULL;
    return val;
}

/* As the vCPU thread would: EXCP_INTERRUPT (a kick) means run again. */
static int run_ap(CPUState *ap)
{
    int ret;

    g_string_truncate(io_log, 0);
    current_cpu = ap;
    qemu_mutex_lock_iothread();
    for (int i = 0; i < 10; i++) {
        ret = kvm_cpu_exec(ap);
        if (ret != EXCP_INTERRUPT) {
            break;
        }
    }
    qemu_mutex_unlock_iothread();
    current_cpu = NULL;
    return ret;
}

static void test_kvm_userirq_init_sipi(void)
{
    static const uint8_t ap_code[] = {
        0x8c, 0xc8,             /* mov ax, cs */
        0x88, 0xe0,             /* mov al, ah */
        0xe6, TEST_PORT,        /* out 0x80, al: 0x03 */
        0xfb,                   /* sti */
        0xf4,                   /* hlt */
        0xeb, 0xfd,             /* jmp hlt */
    };
    static const uint8_t irq_handler[] = {
        0xb0, 0x40,             /* mov al, 0x40 */
        0xe6, TEST_PORT,        /* out 0x80, al */
        0xf4,                   /* hlt (IF is clear in the handler) */
        0xeb, 0xfd,
    };
    static const uint8_t nmi_handler[] = {
        0xb0, 0x02,             /* mov al, 0x02 */
        0xe6, TEST_PORT,        /* out 0x80, al */
        0xf4,
        0xeb, 0xfd,
    };
    /* IVT: vector 0x40 -> 0300:0100, NMI (2) -> 0300:0200 */
    static const uint16_t ivt_irq[2] = { 0x0100, 0x0300 };
    static const uint16_t ivt_nmi[2] = { 0x0200, 0x0300 };
    Error *err = NULL;

    SKIP_WITHOUT_KVM();
    g_assert_false(kvm_irqchip_in_kernel());

    X86CPU *apcpu = X86_CPU(object_new("qemu64-x86_64-cpu"));
    CPUState *ap = CPU(apcpu);
    CPUState *bsp = CPU(vcpu);
    ap->cpu_index = 1;
    apcpu->topo = (X86CPUTopoInfo){ 1, 1, 1 };
    apcpu->apic_id = 1;
    if (kvm_init_vcpu(ap, &err) < 0) {
        g_test_skip(error_get_pretty(err));
        error_free(err);
        return;
    }
    vcpu->apic_state = apic_create(bsp, 0);
    apcpu->apic_state = apic_create(ap, 1);

    /* Power-on state of an AP: waiting for SIPI, not run. */
    x86_cpu_reset_state(&apcpu->env, false);
    ap->halted = true;
    ap->vcpu_dirty = true;
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);

    address_space_write(&address_space_memory, AP_VECTOR << 12,
                        MEMTXATTRS_UNSPECIFIED, ap_code, sizeof(ap_code));
    address_space_write(&address_space_memory, (AP_VECTOR << 12) + 0x100,
                        MEMTXATTRS_UNSPECIFIED, irq_handler,
                        sizeof(irq_handler));
    address_space_write(&address_space_memory, (AP_VECTOR << 12) + 0x200,
                        MEMTXATTRS_UNSPECIFIED, nmi_handler,
                        sizeof(nmi_handler));
    address_space_write(&address_space_memory, 0x40 * 4,
                        MEMTXATTRS_UNSPECIFIED, ivt_irq, 4);
    address_space_write(&address_space_memory, 2 * 4,
                        MEMTXATTRS_UNSPECIFIED, ivt_nmi, 4);

    /* INIT to APIC ID 1 (physical, level assert): the AP stays halted. */
    apic_write(bsp, 0x310, 1u << 24);
    apic_write(bsp, 0x300, (5 << 8) | (1 << 14));
    g_assert_true(ap->interrupt_request & CPU_INTERRUPT_INIT);
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);
    g_assert_true(ap->halted);
    g_assert_cmpint(apcpu->env.mp_state, ==, X86_MP_STATE_INIT_RECEIVED);
    g_assert_cmpstr(io_log->str, ==, "");

    /* A fixed interrupt does not wake a CPU waiting for SIPI. */
    apic_deliver_irq(1, 0, 0, 0x40, 0);
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "");

    /* SIPI: real mode at 0300:0000, runs to its HLT. */
    apic_write(bsp, 0x300, (6 << 8) | (1 << 14) | AP_VECTOR);
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "w0=03 ");
    g_assert_cmpint(kvm_arch_get_registers(ap), ==, 0);
    g_assert_cmphex(apcpu->env.segs[R_CS].selector, ==, AP_VECTOR << 8);
    g_assert_cmphex(apcpu->env.eip, ==, 8);       /* after the HLT */
    g_assert_true(apcpu->env.eflags & IF_MASK);
    g_assert_true(ap->halted);
    ap->vcpu_dirty = true;

    /* A second SIPI is ignored: the AP no longer waits for one. */
    apic_write(bsp, 0x300, (6 << 8) | (1 << 14) | 0x7);
    g_assert_false(ap->interrupt_request & CPU_INTERRUPT_SIPI);

    /*
     * The interrupt that came before SIPI was dropped by INIT's APIC
     * reset.  Software-enable the AP's APIC, then send vector 0x40: the
     * halted AP wakes and KVM_INTERRUPT runs the handler.
     */
    apic_write(ap, 0xf0, 0x1ff);
    g_assert_cmphex(apic_read(ap, 0x20) >> 24, ==, 1);   /* AP's page */
    apic_deliver_irq(1, 0, 0, 0x40, 0);
    g_assert_true(ap->interrupt_request & CPU_INTERRUPT_HARD);
    int ret = run_ap(ap);
    if (ret < 0) {
        g_test_skip("this KVM cannot deliver a real-mode interrupt");
        return;
    }
    g_assert_cmpint(ret, ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "w0=40 ");
    g_assert_cmphex(apic_read(ap, 0x120) & 1, ==, 1);    /* ISR: 0x40 */
    g_assert_false(ap->interrupt_request & CPU_INTERRUPT_HARD);

    /* IF is clear in the handler: vector 0x41 stays pending, no wake-up. */
    apic_write(ap, 0xb0, 0);                             /* EOI 0x40 */
    apic_deliver_irq(1, 0, 0, 0x41, 0);
    g_assert_true(ap->interrupt_request & CPU_INTERRUPT_HARD);
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "");

    /* NMI ignores IF: KVM_NMI, handler at 0300:0200. */
    apic_deliver_irq(1, 0, 4, 0, 0);
    g_assert_true(ap->interrupt_request & CPU_INTERRUPT_NMI);
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "w0=02 ");

    /*
     * Interrupt window: 0x41 is still pending; code that runs with IF
     * clear, then sets it, takes it right after STI's shadow.
     */
    static const uint8_t window_code[] = {
        0xfa,                   /* cli */
        0xb0, 0x55,             /* mov al, 0x55 */
        0xe6, TEST_PORT,        /* out 0x80, al */
        0xfb,                   /* sti */
        0x90,                   /* nop */
        0xf4,                   /* hlt (not reached) */
    };
    static const uint8_t irq41_handler[] = {
        0xb0, 0x41, 0xe6, TEST_PORT, 0xf4, 0xeb, 0xfd,
    };
    static const uint16_t ivt_41[2] = { 0x0300, 0x0300 };
    address_space_write(&address_space_memory, (AP_VECTOR << 12) + 0x400,
                        MEMTXATTRS_UNSPECIFIED, window_code,
                        sizeof(window_code));
    address_space_write(&address_space_memory, (AP_VECTOR << 12) + 0x300,
                        MEMTXATTRS_UNSPECIFIED, irq41_handler,
                        sizeof(irq41_handler));
    address_space_write(&address_space_memory, 0x41 * 4,
                        MEMTXATTRS_UNSPECIFIED, ivt_41, 4);
    g_assert_cmpint(kvm_arch_get_registers(ap), ==, 0);
    apcpu->env.eip = 0x400;
    apcpu->env.eflags &= ~IF_MASK;
    ap->vcpu_dirty = true;
    ap->halted = false;
    g_assert_true(ap->interrupt_request & CPU_INTERRUPT_HARD);
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);
    g_assert_cmpstr(io_log->str, ==, "w0=55 w0=41 ");
    g_assert_cmphex(apic_read(ap, 0x120) & 2, ==, 2);    /* ISR: 0x41 */

    /*
     * TSC deadline: WRMSR/RDMSR of IA32_TSC_DEADLINE exit (MSR filter) to
     * the software APIC, whose timer then raises vector 0x42.
     */
    static const uint8_t tscdl_code[] = {
        0x0f, 0x31,                         /* rdtsc */
        0x66, 0x05, 0x40, 0x42, 0x0f, 0x00, /* add eax, 1000000 */
        0x66, 0x83, 0xd2, 0x00,             /* adc edx, 0 */
        0x66, 0xb9, 0xe0, 0x06, 0, 0,       /* mov ecx, 0x6e0 */
        0x0f, 0x30,                         /* wrmsr */
        0x66, 0x89, 0xc6,                   /* mov esi, eax */
        0x66, 0x31, 0xc0,                   /* xor eax, eax */
        0x66, 0x31, 0xd2,                   /* xor edx, edx */
        0x0f, 0x32,                         /* rdmsr */
        0xf4,                               /* hlt */
    };
    if (!(kvm_arch_get_supported_cpuid(kvm_state, 1, 0, R_ECX) &
          CPUID_EXT_TSC_DEADLINE_TIMER)) {
        g_test_message("no TSC-deadline MSR exits here: not tested");
        return;
    }
    apic_write(ap, 0x320, (2 << 17) | 0x42);   /* LVT timer: TSC deadline */
    address_space_write(&address_space_memory, (AP_VECTOR << 12) + 0x500,
                        MEMTXATTRS_UNSPECIFIED, tscdl_code,
                        sizeof(tscdl_code));
    g_assert_cmpint(kvm_arch_get_registers(ap), ==, 0);
    apcpu->env.eip = 0x500;
    ap->vcpu_dirty = true;
    ap->halted = false;
    cpu_enable_ticks();
    g_assert_cmpint(run_ap(ap), ==, EXCP_HLT);
    g_assert_cmpint(kvm_arch_get_registers(ap), ==, 0);
    uint64_t deadline = apic_get_tsc_deadline(apcpu->apic_state);
    g_assert_cmphex(deadline, !=, 0);
    g_assert_cmphex((uint32_t)deadline, ==,
                    (uint32_t)apcpu->env.regs[R_ESI]);
    g_assert_cmphex(apcpu->env.regs[R_EAX] & 0xffffffff, ==,
                    (uint32_t)deadline);
    g_assert_cmphex(apcpu->env.regs[R_EDX] & 0xffffffff, ==,
                    deadline >> 32);
    /* 10^6 TSC ticks are well under a second: the timer fires. */
    for (int i = 0; i < 100 && !(apic_read(ap, 0x220) & 4); i++) {
        g_usleep(10000);
        qemu_mutex_lock_iothread();
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
        qemu_mutex_unlock_iothread();
    }
    g_assert_cmphex(apic_read(ap, 0x220) & 4, ==, 4);     /* IRR: 0x42 */
    g_assert_cmphex(apic_get_tsc_deadline(apcpu->apic_state), ==, 0);
}
#endif

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-cpu/feature-parsing", test_feature_parsing);
    g_test_add_func("/x86-cpu/model-errors", test_cpu_model_errors);
    g_test_add_func("/x86-cpu/models", test_models);
    g_test_add_func("/x86-cpu/help", test_cpu_help);
    g_test_add_func("/x86-cpu/reset-dump", test_reset_dump);
    g_test_add_func("/x86-cpu/topology", test_topology);
#ifdef CONFIG_KVM
    g_test_add_func("/kvm/out-hlt", test_kvm_out_hlt);
    g_test_add_func("/kvm/string-io", test_kvm_string_io);
    g_test_add_func("/kvm/mmio", test_kvm_mmio);
    g_test_add_func("/kvm/rom", test_kvm_rom);
    g_test_add_func("/kvm/cpuid", test_kvm_cpuid);
    g_test_add_func("/kvm/triple-fault", test_kvm_triple_fault);
    g_test_add_func("/kvm/userirq-init-sipi", test_kvm_userirq_init_sipi);
#endif
    return g_test_run();
}
