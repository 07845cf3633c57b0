/*
 * CPU models and feature names.
 *
 * The models' vendor, family/model/stepping, levels, brand strings and
 * feature sets reproduce QEMU 7.2's (as its query-cpu-model-expansion
 * reports them); features are listed by name and turned into CPUID bits
 * through feature_word_info when a model's class is initialised.
 */
#include "qemu/osdep.h"
#include "target/i386/cpu.h"

/* Names of the CPUID feature bits, as QEMU spells them in -cpu. */
const FeatureWordInfo feature_word_info[FEATURE_WORDS] = {
    [FEAT_1_EDX] = {
        .cpuid_eax = 1, .cpuid_reg = R_EDX,
        .feat_names = {
            "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
            "cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
            "pat", "pse36", "pn", "clflush", NULL, "ds", "acpi", "mmx",
            "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
        },
    },
    [FEAT_1_ECX] = {
        .cpuid_eax = 1, .cpuid_reg = R_ECX,
        .feat_names = {
            "pni", "pclmulqdq", "dtes64", "monitor", "ds-cpl", "vmx",
            "smx", "est", "tm2", "ssse3", "cid", NULL, "fma", "cx16",
            "xtpr", "pdcm", NULL, "pcid", "dca", "sse4.1", "sse4.2",
            "x2apic", "movbe", "popcnt", "tsc-deadline", "aes", "xsave",
            NULL, "avx", "f16c", "rdrand", "hypervisor",
        },
    },
    [FEAT_7_0_EBX] = {
        .cpuid_eax = 7, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EBX,
        .feat_names = {
            "fsgsbase", "tsc-adjust", "sgx", "bmi1", "hle", "avx2",
            NULL, "smep", "bmi2", "erms", "invpcid", "rtm", NULL, NULL,
            "mpx", NULL, "avx512f", "avx512dq", "rdseed", "adx", "smap",
            "avx512ifma", "pcommit", "clflushopt", "clwb", "intel-pt",
            "avx512pf", "avx512er", "avx512cd", "sha-ni", "avx512bw",
            "avx512vl",
        },
    },
    [FEAT_7_0_ECX] = {
        .cpuid_eax = 7, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_ECX,
        .feat_names = {
            NULL, "avx512vbmi", "umip", "pku", NULL, "waitpkg",
            "avx512vbmi2", NULL, "gfni", "vaes", "vpclmulqdq",
            "avx512vnni", "avx512bitalg", NULL, "avx512-vpopcntdq", NULL,
            "la57", NULL, NULL, NULL, NULL, NULL, "rdpid", NULL,
            "bus-lock-detect", "cldemote", NULL, "movdiri", "movdir64b",
            NULL, "sgxlc", "pks",
        },
    },
    [FEAT_7_0_EDX] = {
        .cpuid_eax = 7, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EDX,
        .feat_names = {
            NULL, NULL, "avx512-4vnniw", "avx512-4fmaps", "fsrm", NULL,
            NULL, NULL, "avx512-vp2intersect", NULL, "md-clear", NULL,
            NULL, NULL, "serialize", NULL, "tsx-ldtrk", NULL, NULL,
            "arch-lbr", NULL, NULL, "amx-bf16", "avx512-fp16",
            "amx-tile", "amx-int8", "spec-ctrl", "stibp", NULL,
            "arch-capabilities", "core-capability", "ssbd",
        },
    },
    [FEAT_7_1_EAX] = {
        .cpuid_eax = 7, .cpuid_needs_ecx = true, .cpuid_ecx = 1,
        .cpuid_reg = R_EAX,
        .feat_names = {
            NULL, NULL, NULL, NULL, "avx-vnni", "avx512-bf16", NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        },
    },
    [FEAT_8000_0001_EDX] = {
        .cpuid_eax = 0x80000001, .cpuid_reg = R_EDX,
        .feat_names = {
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, "syscall", NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, "nx", NULL, "mmxext", NULL,
            NULL, "fxsr-opt", "pdpe1gb", "rdtscp", NULL, "lm",
            "3dnowext", "3dnow",
        },
    },
    [FEAT_8000_0001_ECX] = {
        .cpuid_eax = 0x80000001, .cpuid_reg = R_ECX,
        .feat_names = {
            "lahf-lm", "cmp-legacy", "svm", "extapic", "cr8legacy", "abm",
            "sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop",
            "skinit", "wdt", NULL, "lwp", "fma4", "tce", NULL,
            "nodeid-msr", NULL, "tbm", "topoext", "perfctr-core",
            "perfctr-nb", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        },
    },
    [FEAT_8000_0007_EDX] = {
        .cpuid_eax = 0x80000007, .cpuid_reg = R_EDX,
        .feat_names = {
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            "invtsc",
        },
    },
    [FEAT_8000_0008_EBX] = {
        .cpuid_eax = 0x80000008, .cpuid_reg = R_EBX,
        .feat_names = {
            "clzero", NULL, "xsaveerptr", NULL, NULL, NULL, NULL, NULL,
            NULL, "wbnoinvd", NULL, NULL, "ibpb", NULL, "ibrs",
            "amd-stibp", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            "amd-ssbd", "virt-ssbd", "amd-no-ssb",
        },
    },
    [FEAT_C000_0001_EDX] = {
        .cpuid_eax = 0xC0000001, .cpuid_reg = R_EDX,
        .feat_names = {
            NULL, NULL, "xstore", "xstore-en", NULL, NULL, "xcrypt",
            "xcrypt-en", "ace2", "ace2-en", "phe", "phe-en", "pmm",
            "pmm-en",
        },
    },
    [FEAT_KVM] = {
        .cpuid_eax = 0x40000001, .cpuid_reg = R_EAX,
        .feat_names = {
            "kvmclock", "kvm-nopiodelay", "kvm-mmu", "kvmclock",
            "kvm-asyncpf", "kvm-steal-time", "kvm-pv-eoi", "kvm-pv-unhalt",
            NULL, "kvm-pv-tlb-flush", NULL, "kvm-pv-ipi",
            "kvm-poll-control", "kvm-pv-sched-yield", "kvm-asyncpf-int",
            "kvm-msi-ext-dest-id", NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, "kvmclock-stable-bit",
        },
    },
    [FEAT_KVM_HINTS] = {
        .cpuid_eax = 0x40000001, .cpuid_reg = R_EDX,
        .feat_names = { "kvm-hint-dedicated" },
    },
    [FEAT_SVM] = {
        .cpuid_eax = 0x8000000A, .cpuid_reg = R_EDX,
        .feat_names = {
            "npt", "lbrv", "svm-lock", "nrip-save", "tsc-scale",
            "vmcb-clean", "flushbyasid", "decodeassists", NULL, NULL,
            "pause-filter", NULL, "pfthreshold", "avic", NULL,
            "v-vmsave-vmload", "vgif", NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, "svme-addr-chk",
        },
    },
    [FEAT_XSAVE] = {
        .cpuid_eax = 0xd, .cpuid_needs_ecx = true, .cpuid_ecx = 1,
        .cpuid_reg = R_EAX,
        .feat_names = { "xsaveopt", "xsavec", "xgetbv1", "xsaves", "xfd" },
    },
    [FEAT_6_EAX] = {
        .cpuid_eax = 6, .cpuid_reg = R_EAX,
        .feat_names = { NULL, NULL, "arat" },
    },
    [FEAT_14_0_ECX] = {
        .cpuid_eax = 0x14, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_ECX,
        .feat_names = {
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, "intel-pt-lip",
        },
    },
};


/*
 * Accepted on the command line; no CPUID bit is modelled for them.  QEMU
 * 7.2 names two VMX bits "vmx-invept-single-context": kept twice so that
 * -cpu help lists what it lists.
 */
const char *const x86_unmodelled_feature_names[] = {
    "full-width-write", "ibrs-all", "mds-no", "pschange-mc-no", "rdctl-no",
    "rsba", "sgx-debug", "sgx-exinfo", "sgx-kss", "sgx-mode64",
    "sgx-provisionkey", "sgx-tokenkey", "sgx1", "sgx2", "skip-l1dfl-vmentry",
    "split-lock-detect", "ssb-no", "taa-no", "tsx-ctrl", "vmx-activity-hlt",
    "vmx-activity-shutdown", "vmx-activity-wait-sipi", "vmx-apicv-register",
    "vmx-apicv-vid", "vmx-apicv-x2apic", "vmx-apicv-xapic",
    "vmx-cr3-load-noexit", "vmx-cr3-store-noexit", "vmx-cr8-load-exit",
    "vmx-cr8-store-exit", "vmx-desc-exit", "vmx-encls-exit",
    "vmx-entry-ia32e-mode", "vmx-entry-load-bndcfgs", "vmx-entry-load-efer",
    "vmx-entry-load-pat", "vmx-entry-load-perf-global-ctrl",
    "vmx-entry-load-pkrs", "vmx-entry-load-rtit-ctl",
    "vmx-entry-noload-debugctl", "vmx-ept", "vmx-ept-1gb", "vmx-ept-2mb",
    "vmx-ept-advanced-exitinfo", "vmx-ept-execonly", "vmx-eptad",
    "vmx-eptp-switching", "vmx-exit-ack-intr", "vmx-exit-clear-bndcfgs",
    "vmx-exit-clear-rtit-ctl", "vmx-exit-load-efer", "vmx-exit-load-pat",
    "vmx-exit-load-perf-global-ctrl", "vmx-exit-load-pkrs",
    "vmx-exit-nosave-debugctl", "vmx-exit-save-efer", "vmx-exit-save-pat",
    "vmx-exit-save-preemption-timer", "vmx-flexpriority", "vmx-hlt-exit",
    "vmx-ins-outs", "vmx-intr-exit", "vmx-invept", "vmx-invept-all-context",
    "vmx-invept-single-context",
    "vmx-invept-single-context", "vmx-invept-single-context-noglobals",
    "vmx-invlpg-exit", "vmx-invpcid-exit", "vmx-invvpid",
    "vmx-invvpid-all-context", "vmx-invvpid-single-addr", "vmx-io-bitmap",
    "vmx-io-exit", "vmx-monitor-exit", "vmx-movdr-exit", "vmx-msr-bitmap",
    "vmx-mtf", "vmx-mwait-exit", "vmx-nmi-exit", "vmx-page-walk-4",
    "vmx-page-walk-5", "vmx-pause-exit", "vmx-ple", "vmx-pml",
    "vmx-posted-intr", "vmx-preemption-timer", "vmx-rdpmc-exit",
    "vmx-rdrand-exit", "vmx-rdseed-exit", "vmx-rdtsc-exit", "vmx-rdtscp-exit",
    "vmx-secondary-ctls", "vmx-shadow-vmcs", "vmx-store-lma", "vmx-true-ctls",
    "vmx-tsc-offset", "vmx-tsc-scaling", "vmx-unrestricted-guest",
    "vmx-vintr-pending", "vmx-vmfunc", "vmx-vmwrite-vmexit-fields", "vmx-vnmi",
    "vmx-vnmi-pending", "vmx-vpid", "vmx-wbinvd-exit", "vmx-xsaves",
    "vmx-zero-len-inject",
    NULL,
};

const X86CPUDefinition x86_cpu_defs[] = {
    {
        .name = "486-v1", .vendor = "GenuineIntel",
        .family = 4, .model = 8, .stepping = 0,
        .level = 0x1, .xlevel = 0x0,
        .model_id = "",
        .features =
            "fpu hypervisor pse",
    },
    {
        .name = "Broadwell-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 61, .stepping = 2,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Broadwell)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hle hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp rtm sep "
            "smap smep sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline "
            "x2apic xsave xsaveopt",
    },
    {
        .name = "Broadwell-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 61, .stepping = 2,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Broadwell, no TSX)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp sep smap "
            "smep sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline "
            "x2apic xsave xsaveopt",
    },
    {
        .name = "Broadwell-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 61, .stepping = 2,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Broadwell, IBRS)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hle hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp rtm sep "
            "smap smep spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc "
            "tsc-deadline x2apic xsave xsaveopt",
    },
    {
        .name = "Broadwell-v4", .vendor = "GenuineIntel",
        .family = 6, .model = 61, .stepping = 2,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Broadwell, no TSX, IBRS)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp sep smap "
            "smep spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc "
            "tsc-deadline x2apic xsave xsaveopt",
    },
    {
        .name = "Cascadelake-Server-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 6,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cascadelake)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512bw avx512cd "
            "avx512dq avx512f avx512vl avx512vnni bmi1 bmi2 clflush "
            "clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr "
            "hle hypervisor invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx "
            "pae pat pcid pclmulqdq pdpe1gb pge pku pni popcnt pse pse36 "
            "rdrand rdseed rdtscp rtm sep smap smep spec-ctrl ssbd sse sse2 "
            "sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 "
            "xsave xsavec xsaveopt",
    },
    {
        .name = "Cascadelake-Server-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 6,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cascadelake)",
        .description =
            "Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES]",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512bw avx512cd avx512dq avx512f avx512vl avx512vnni bmi1 bmi2 "
            "clflush clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fxsr hle hypervisor ibrs-all invpcid lahf-lm lm mca mce "
            "mds-no mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge "
            "pku pni popcnt pse pse36 rdctl-no rdrand rdseed rdtscp rtm sep "
            "skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 xsave "
            "xsavec xsaveopt",
    },
    {
        .name = "Cascadelake-Server-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 6,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cascadelake)",
        .description =
            "Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES, no TSX]",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512bw avx512cd avx512dq avx512f avx512vl avx512vnni bmi1 bmi2 "
            "clflush clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fxsr hypervisor ibrs-all invpcid lahf-lm lm mca mce "
            "mds-no mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge "
            "pku pni popcnt pse pse36 rdctl-no rdrand rdseed rdtscp sep "
            "skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 xsave "
            "xsavec xsaveopt",
    },
    {
        .name = "Cascadelake-Server-v4", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 6,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cascadelake)",
        .description =
            "Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES, EPT "
            "switching, no TSX]",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512bw avx512cd avx512dq avx512f avx512vl avx512vnni bmi1 bmi2 "
            "clflush clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fxsr hypervisor ibrs-all invpcid lahf-lm lm mca mce "
            "mds-no mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge "
            "pku pni popcnt pse pse36 rdctl-no rdrand rdseed rdtscp sep "
            "skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 xsave "
            "xsavec xsaveopt",
    },
    {
        .name = "Cascadelake-Server-v5", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 6,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cascadelake)",
        .description =
            "Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES, EPT "
            "switching, XSAVES, no TSX]",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512bw avx512cd avx512dq avx512f avx512vl avx512vnni bmi1 bmi2 "
            "clflush clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fxsr hypervisor ibrs-all invpcid lahf-lm lm mca mce "
            "mds-no mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge "
            "pku pni popcnt pse pse36 rdctl-no rdrand rdseed rdtscp sep "
            "skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 xsave "
            "xsavec xsaveopt xsaves",
    },
    {
        .name = "Conroe-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 15, .stepping = 3,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel Celeron_4x0 (Conroe/Merom Class Core 2)",
        .features =
            "apic clflush cmov cx8 de fpu fxsr hypervisor lahf-lm lm mca mce "
            "mmx msr mtrr nx pae pat pge pni pse pse36 sep sse sse2 ssse3 "
            "syscall tsc",
    },
    {
        .name = "Cooperlake-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 10,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cooperlake)",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512-bf16 avx512bw avx512cd avx512dq avx512f avx512vl "
            "avx512vnni bmi1 bmi2 clflush clflushopt clwb cmov cx16 cx8 de "
            "erms f16c fma fpu fsgsbase fxsr hle hypervisor ibrs-all invpcid "
            "lahf-lm lm mca mce mds-no mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pdpe1gb pge pku pni popcnt pschange-mc-no pse pse36 "
            "rdctl-no rdrand rdseed rdtscp rtm sep skip-l1dfl-vmentry smap "
            "smep spec-ctrl ssbd sse sse2 sse4.1 sse4.2 ssse3 stibp syscall "
            "taa-no tsc tsc-deadline x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Cooperlake-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 10,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cooperlake)",
        .description =
            "Intel Xeon Processor (Cooperlake) [XSAVES]",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512-bf16 avx512bw avx512cd avx512dq avx512f avx512vl "
            "avx512vnni bmi1 bmi2 clflush clflushopt clwb cmov cx16 cx8 de "
            "erms f16c fma fpu fsgsbase fxsr hle hypervisor ibrs-all invpcid "
            "lahf-lm lm mca mce mds-no mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pdpe1gb pge pku pni popcnt pschange-mc-no pse pse36 "
            "rdctl-no rdrand rdseed rdtscp rtm sep skip-l1dfl-vmentry smap "
            "smep spec-ctrl ssbd sse sse2 sse4.1 sse4.2 ssse3 stibp syscall "
            "taa-no tsc tsc-deadline x2apic xgetbv1 xsave xsavec xsaveopt "
            "xsaves",
    },
    {
        .name = "Denverton-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 95, .stepping = 1,
        .level = 0x15, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (Denverton)",
        .features =
            "3dnowprefetch aes apic arat arch-capabilities clflush clflushopt "
            "cmov cx16 cx8 de erms fpu fsgsbase fxsr hypervisor lahf-lm lm "
            "mca mce mmx monitor movbe mpx msr mtrr nx pae pat pclmulqdq "
            "pdpe1gb pge pni popcnt pse pse36 rdctl-no rdrand rdseed rdtscp "
            "sep sha-ni skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 "
            "sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 "
            "xsave xsavec xsaveopt",
    },
    {
        .name = "Denverton-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 95, .stepping = 1,
        .level = 0x15, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (Denverton)",
        .description =
            "Intel Atom Processor (Denverton) [no MPX, no MONITOR]",
        .features =
            "3dnowprefetch aes apic arat arch-capabilities clflush clflushopt "
            "cmov cx16 cx8 de erms fpu fsgsbase fxsr hypervisor lahf-lm lm "
            "mca mce mmx movbe msr mtrr nx pae pat pclmulqdq pdpe1gb pge pni "
            "popcnt pse pse36 rdctl-no rdrand rdseed rdtscp sep sha-ni "
            "skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 xsave "
            "xsavec xsaveopt",
    },
    {
        .name = "Denverton-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 95, .stepping = 1,
        .level = 0x15, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (Denverton)",
        .description =
            "Intel Atom Processor (Denverton) [XSAVES, no MPX, no MONITOR]",
        .features =
            "3dnowprefetch aes apic arat arch-capabilities clflush clflushopt "
            "cmov cx16 cx8 de erms fpu fsgsbase fxsr hypervisor lahf-lm lm "
            "mca mce mmx movbe msr mtrr nx pae pat pclmulqdq pdpe1gb pge pni "
            "popcnt pse pse36 rdctl-no rdrand rdseed rdtscp sep sha-ni "
            "skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline x2apic xgetbv1 xsave "
            "xsavec xsaveopt xsaves",
    },
    {
        .name = "Dhyana-v1", .vendor = "HygonGenuine",
        .family = 24, .model = 0, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "Hygon Dhyana Processor",
        .features =
            "3dnowprefetch abm adx apic arat avx avx2 bmi1 bmi2 clflush "
            "clflushopt cmov cr8legacy cx16 cx8 de f16c fma fpu fsgsbase fxsr "
            "fxsr-opt hypervisor ibpb lahf-lm lm mca mce misalignsse mmx "
            "mmxext monitor movbe msr mtrr npt nrip-save nx osvw pae pat "
            "pdpe1gb pge pni popcnt pse pse36 rdrand rdseed rdtscp sep smap "
            "smep sse sse2 sse4.1 sse4.2 sse4a ssse3 svm syscall topoext tsc "
            "xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Dhyana-v2", .vendor = "HygonGenuine",
        .family = 24, .model = 0, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "Hygon Dhyana Processor",
        .description =
            "Hygon Dhyana Processor [XSAVES]",
        .features =
            "3dnowprefetch abm adx apic arat avx avx2 bmi1 bmi2 clflush "
            "clflushopt cmov cr8legacy cx16 cx8 de f16c fma fpu fsgsbase fxsr "
            "fxsr-opt hypervisor ibpb lahf-lm lm mca mce misalignsse mmx "
            "mmxext monitor movbe msr mtrr npt nrip-save nx osvw pae pat "
            "pdpe1gb pge pni popcnt pse pse36 rdrand rdseed rdtscp sep smap "
            "smep sse sse2 sse4.1 sse4.2 sse4a ssse3 svm syscall topoext tsc "
            "xgetbv1 xsave xsavec xsaveopt xsaves",
    },
    {
        .name = "EPYC-Milan-v1", .vendor = "AuthenticAMD",
        .family = 25, .model = 1, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC-Milan Processor",
        .features =
            "3dnowprefetch abm adx aes amd-ssbd amd-stibp apic arat avx avx2 "
            "bmi1 bmi2 clflush clflushopt clwb clzero cmov cr8legacy cx16 cx8 "
            "de erms f16c fma fpu fsgsbase fsrm fxsr fxsr-opt hypervisor ibpb "
            "ibrs invpcid lahf-lm lm mca mce misalignsse mmx mmxext monitor "
            "movbe msr mtrr npt nrip-save nx osvw pae pat pcid pclmulqdq "
            "pdpe1gb perfctr-core pge pku pni popcnt pse pse36 rdpid rdrand "
            "rdseed rdtscp sep sha-ni smap smep sse sse2 sse4.1 sse4.2 sse4a "
            "ssse3 svm svme-addr-chk syscall topoext tsc umip wbnoinvd "
            "xgetbv1 xsave xsavec xsaveerptr xsaveopt xsaves",
    },
    {
        .name = "EPYC-Rome-v1", .vendor = "AuthenticAMD",
        .family = 23, .model = 49, .stepping = 0,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC-Rome Processor",
        .features =
            "3dnowprefetch abm adx aes amd-stibp apic arat avx avx2 bmi1 bmi2 "
            "clflush clflushopt clwb clzero cmov cr8legacy cx16 cx8 de f16c "
            "fma fpu fsgsbase fxsr fxsr-opt hypervisor ibpb lahf-lm lm mca "
            "mce misalignsse mmx mmxext monitor movbe msr mtrr npt nrip-save "
            "nx osvw pae pat pclmulqdq pdpe1gb perfctr-core pge pni popcnt "
            "pse pse36 rdpid rdrand rdseed rdtscp sep sha-ni smap smep sse "
            "sse2 sse4.1 sse4.2 sse4a ssse3 svm syscall topoext tsc umip "
            "wbnoinvd xgetbv1 xsave xsavec xsaveerptr xsaveopt xsaves",
    },
    {
        .name = "EPYC-Rome-v2", .vendor = "AuthenticAMD",
        .family = 23, .model = 49, .stepping = 0,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC-Rome Processor",
        .features =
            "3dnowprefetch abm adx aes amd-ssbd amd-stibp apic arat avx avx2 "
            "bmi1 bmi2 clflush clflushopt clwb clzero cmov cr8legacy cx16 cx8 "
            "de f16c fma fpu fsgsbase fxsr fxsr-opt hypervisor ibpb ibrs "
            "lahf-lm lm mca mce misalignsse mmx mmxext monitor movbe msr mtrr "
            "npt nrip-save nx osvw pae pat pclmulqdq pdpe1gb perfctr-core pge "
            "pni popcnt pse pse36 rdpid rdrand rdseed rdtscp sep sha-ni smap "
            "smep sse sse2 sse4.1 sse4.2 sse4a ssse3 svm syscall topoext tsc "
            "umip wbnoinvd xgetbv1 xsave xsavec xsaveerptr xsaveopt xsaves",
    },
    {
        .name = "EPYC-v1", .vendor = "AuthenticAMD",
        .family = 23, .model = 1, .stepping = 2,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC Processor",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "clflushopt cmov cr8legacy cx16 cx8 de f16c fma fpu fsgsbase fxsr "
            "fxsr-opt hypervisor lahf-lm lm mca mce misalignsse mmx mmxext "
            "monitor movbe msr mtrr npt nrip-save nx osvw pae pat pclmulqdq "
            "pdpe1gb pge pni popcnt pse pse36 rdrand rdseed rdtscp sep sha-ni "
            "smap smep sse sse2 sse4.1 sse4.2 sse4a ssse3 svm syscall topoext "
            "tsc xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "EPYC-v2", .vendor = "AuthenticAMD",
        .family = 23, .model = 1, .stepping = 2,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC Processor (with IBPB)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "clflushopt cmov cr8legacy cx16 cx8 de f16c fma fpu fsgsbase fxsr "
            "fxsr-opt hypervisor ibpb lahf-lm lm mca mce misalignsse mmx "
            "mmxext monitor movbe msr mtrr npt nrip-save nx osvw pae pat "
            "pclmulqdq pdpe1gb pge pni popcnt pse pse36 rdrand rdseed rdtscp "
            "sep sha-ni smap smep sse sse2 sse4.1 sse4.2 sse4a ssse3 svm "
            "syscall topoext tsc xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "EPYC-v3", .vendor = "AuthenticAMD",
        .family = 23, .model = 1, .stepping = 2,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC Processor",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "clflushopt clzero cmov cr8legacy cx16 cx8 de f16c fma fpu "
            "fsgsbase fxsr fxsr-opt hypervisor ibpb lahf-lm lm mca mce "
            "misalignsse mmx mmxext monitor movbe msr mtrr npt nrip-save nx "
            "osvw pae pat pclmulqdq pdpe1gb perfctr-core pge pni popcnt pse "
            "pse36 rdrand rdseed rdtscp sep sha-ni smap smep sse sse2 sse4.1 "
            "sse4.2 sse4a ssse3 svm syscall topoext tsc xgetbv1 xsave xsavec "
            "xsaveerptr xsaveopt xsaves",
    },
    {
        .name = "Haswell-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 60, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Haswell)",
        .features =
            "abm aes apic arat avx avx2 bmi1 bmi2 clflush cmov cx16 cx8 de "
            "erms f16c fma fpu fsgsbase fxsr hle hypervisor invpcid lahf-lm "
            "lm mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq pge pni "
            "popcnt pse pse36 rdrand rdtscp rtm sep smep sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline x2apic xsave xsaveopt",
    },
    {
        .name = "Haswell-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 60, .stepping = 1,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Haswell, no TSX)",
        .features =
            "abm aes apic arat avx avx2 bmi1 bmi2 clflush cmov cx16 cx8 de "
            "erms f16c fma fpu fsgsbase fxsr hypervisor invpcid lahf-lm lm "
            "mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq pge pni "
            "popcnt pse pse36 rdrand rdtscp sep smep sse sse2 sse4.1 sse4.2 "
            "ssse3 syscall tsc tsc-deadline x2apic xsave xsaveopt",
    },
    {
        .name = "Haswell-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 60, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Haswell, IBRS)",
        .features =
            "abm aes apic arat avx avx2 bmi1 bmi2 clflush cmov cx16 cx8 de "
            "erms f16c fma fpu fsgsbase fxsr hle hypervisor invpcid lahf-lm "
            "lm mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq pge pni "
            "popcnt pse pse36 rdrand rdtscp rtm sep smep spec-ctrl sse sse2 "
            "sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline x2apic xsave "
            "xsaveopt",
    },
    {
        .name = "Haswell-v4", .vendor = "GenuineIntel",
        .family = 6, .model = 60, .stepping = 1,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Haswell, no TSX, IBRS)",
        .features =
            "abm aes apic arat avx avx2 bmi1 bmi2 clflush cmov cx16 cx8 de "
            "erms f16c fma fpu fsgsbase fxsr hypervisor invpcid lahf-lm lm "
            "mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq pge pni "
            "popcnt pse pse36 rdrand rdtscp sep smep spec-ctrl sse sse2 "
            "sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline x2apic xsave "
            "xsaveopt",
    },
    {
        .name = "Icelake-Server-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Icelake)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512-vpopcntdq "
            "avx512bitalg avx512bw avx512cd avx512dq avx512f avx512vbmi "
            "avx512vbmi2 avx512vl avx512vnni bmi1 bmi2 clflush clflushopt "
            "clwb cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr gfni hle "
            "hypervisor invpcid la57 lahf-lm lm mca mce mmx movbe msr mtrr nx "
            "pae pat pcid pclmulqdq pdpe1gb pge pku pni popcnt pse pse36 "
            "rdrand rdseed rdtscp rtm sep smap smep spec-ctrl ssbd sse sse2 "
            "sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline umip vaes "
            "vpclmulqdq wbnoinvd x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Icelake-Server-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Icelake)",
        .description =
            "Intel Xeon Processor (Icelake) [no TSX]",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512-vpopcntdq "
            "avx512bitalg avx512bw avx512cd avx512dq avx512f avx512vbmi "
            "avx512vbmi2 avx512vl avx512vnni bmi1 bmi2 clflush clflushopt "
            "clwb cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr gfni "
            "hypervisor invpcid la57 lahf-lm lm mca mce mmx movbe msr mtrr nx "
            "pae pat pcid pclmulqdq pdpe1gb pge pku pni popcnt pse pse36 "
            "rdrand rdseed rdtscp sep smap smep spec-ctrl ssbd sse sse2 "
            "sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline umip vaes "
            "vpclmulqdq wbnoinvd x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Icelake-Server-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Icelake)",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512-vpopcntdq avx512bitalg avx512bw avx512cd avx512dq avx512f "
            "avx512vbmi avx512vbmi2 avx512vl avx512vnni bmi1 bmi2 clflush "
            "clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr "
            "gfni hypervisor ibrs-all invpcid la57 lahf-lm lm mca mce mds-no "
            "mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge pku pni "
            "popcnt pschange-mc-no pse pse36 rdctl-no rdrand rdseed rdtscp "
            "sep skip-l1dfl-vmentry smap smep spec-ctrl ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall taa-no tsc tsc-deadline umip vaes "
            "vpclmulqdq wbnoinvd x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Icelake-Server-v4", .vendor = "GenuineIntel",
        .family = 6, .model = 106, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Icelake)",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512-vpopcntdq avx512bitalg avx512bw avx512cd avx512dq avx512f "
            "avx512ifma avx512vbmi avx512vbmi2 avx512vl avx512vnni bmi1 bmi2 "
            "clflush clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fsrm fxsr gfni hypervisor ibrs-all invpcid la57 lahf-lm "
            "lm mca mce mds-no mmx movbe msr mtrr nx pae pat pcid pclmulqdq "
            "pdpe1gb pge pku pni popcnt pschange-mc-no pse pse36 rdctl-no "
            "rdpid rdrand rdseed rdtscp sep sha-ni skip-l1dfl-vmentry smap "
            "smep spec-ctrl ssbd sse sse2 sse4.1 sse4.2 ssse3 syscall taa-no "
            "tsc tsc-deadline umip vaes vpclmulqdq wbnoinvd x2apic xgetbv1 "
            "xsave xsavec xsaveopt",
    },
    {
        .name = "Icelake-Server-v5", .vendor = "GenuineIntel",
        .family = 6, .model = 106, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Icelake)",
        .description =
            "Intel Xeon Processor (Icelake) [XSAVES]",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512-vpopcntdq avx512bitalg avx512bw avx512cd avx512dq avx512f "
            "avx512ifma avx512vbmi avx512vbmi2 avx512vl avx512vnni bmi1 bmi2 "
            "clflush clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fsrm fxsr gfni hypervisor ibrs-all invpcid la57 lahf-lm "
            "lm mca mce mds-no mmx movbe msr mtrr nx pae pat pcid pclmulqdq "
            "pdpe1gb pge pku pni popcnt pschange-mc-no pse pse36 rdctl-no "
            "rdpid rdrand rdseed rdtscp sep sha-ni skip-l1dfl-vmentry smap "
            "smep spec-ctrl ssbd sse sse2 sse4.1 sse4.2 ssse3 syscall taa-no "
            "tsc tsc-deadline umip vaes vpclmulqdq wbnoinvd x2apic xgetbv1 "
            "xsave xsavec xsaveopt xsaves",
    },
    {
        .name = "Icelake-Server-v6", .vendor = "GenuineIntel",
        .family = 6, .model = 106, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Icelake)",
        .description =
            "Intel Xeon Processor (Icelake) [5-level EPT]",
        .features =
            "3dnowprefetch abm adx aes apic arat arch-capabilities avx avx2 "
            "avx512-vpopcntdq avx512bitalg avx512bw avx512cd avx512dq avx512f "
            "avx512ifma avx512vbmi avx512vbmi2 avx512vl avx512vnni bmi1 bmi2 "
            "clflush clflushopt clwb cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fsrm fxsr gfni hypervisor ibrs-all invpcid la57 lahf-lm "
            "lm mca mce mds-no mmx movbe msr mtrr nx pae pat pcid pclmulqdq "
            "pdpe1gb pge pku pni popcnt pschange-mc-no pse pse36 rdctl-no "
            "rdpid rdrand rdseed rdtscp sep sha-ni skip-l1dfl-vmentry smap "
            "smep spec-ctrl ssbd sse sse2 sse4.1 sse4.2 ssse3 syscall taa-no "
            "tsc tsc-deadline umip vaes vpclmulqdq wbnoinvd x2apic xgetbv1 "
            "xsave xsavec xsaveopt xsaves",
    },
    {
        .name = "IvyBridge-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 58, .stepping = 9,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon E3-12xx v2 (Ivy Bridge)",
        .features =
            "aes apic arat avx clflush cmov cx16 cx8 de erms f16c fpu "
            "fsgsbase fxsr hypervisor lahf-lm lm mca mce mmx msr mtrr nx pae "
            "pat pclmulqdq pge pni popcnt pse pse36 rdrand rdtscp sep smep "
            "sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline x2apic "
            "xsave xsaveopt",
    },
    {
        .name = "IvyBridge-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 58, .stepping = 9,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon E3-12xx v2 (Ivy Bridge, IBRS)",
        .features =
            "aes apic arat avx clflush cmov cx16 cx8 de erms f16c fpu "
            "fsgsbase fxsr hypervisor lahf-lm lm mca mce mmx msr mtrr nx pae "
            "pat pclmulqdq pge pni popcnt pse pse36 rdrand rdtscp sep smep "
            "spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline "
            "x2apic xsave xsaveopt",
    },
    {
        .name = "KnightsMill-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 133, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Phi Processor (Knights Mill)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512-4fmaps "
            "avx512-4vnniw avx512-vpopcntdq avx512cd avx512er avx512f "
            "avx512pf bmi1 bmi2 clflush cmov cx16 cx8 de erms f16c fma fpu "
            "fsgsbase fxsr hypervisor lahf-lm lm mca mce mmx movbe msr mtrr "
            "nx pae pat pclmulqdq pdpe1gb pge pni popcnt pse pse36 rdrand "
            "rdseed rdtscp sep smep ss sse sse2 sse4.1 sse4.2 ssse3 syscall "
            "tsc tsc-deadline x2apic xsave xsaveopt",
    },
    {
        .name = "Nehalem-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 26, .stepping = 3,
        .level = 0xb, .xlevel = 0x80000008,
        .model_id = "Intel Core i7 9xx (Nehalem Class Core i7)",
        .features =
            "apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lahf-lm lm mca "
            "mce mmx msr mtrr nx pae pat pge pni popcnt pse pse36 sep sse "
            "sse2 sse4.1 sse4.2 ssse3 syscall tsc",
    },
    {
        .name = "Nehalem-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 26, .stepping = 3,
        .level = 0xb, .xlevel = 0x80000008,
        .model_id = "Intel Core i7 9xx (Nehalem Core i7, IBRS update)",
        .features =
            "apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lahf-lm lm mca "
            "mce mmx msr mtrr nx pae pat pge pni popcnt pse pse36 sep "
            "spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc",
    },
    {
        .name = "Opteron_G1-v1", .vendor = "AuthenticAMD",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0x5, .xlevel = 0x80000008,
        .model_id = "AMD Opteron 240 (Gen 1 Class Opteron)",
        .features =
            "apic clflush cmov cx8 de fpu fxsr hypervisor lm mca mce mmx msr "
            "mtrr nx pae pat pge pni pse pse36 sep sse sse2 syscall tsc",
    },
    {
        .name = "Opteron_G2-v1", .vendor = "AuthenticAMD",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0x5, .xlevel = 0x8000000a,
        .model_id = "AMD Opteron 22xx (Gen 2 Class Opteron)",
        .features =
            "apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lahf-lm lm mca "
            "mce mmx msr mtrr nx pae pat pge pni pse pse36 sep sse sse2 svm "
            "syscall tsc",
    },
    {
        .name = "Opteron_G3-v1", .vendor = "AuthenticAMD",
        .family = 16, .model = 2, .stepping = 3,
        .level = 0x5, .xlevel = 0x8000000a,
        .model_id = "AMD Opteron 23xx (Gen 3 Class Opteron)",
        .features =
            "abm apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lahf-lm lm "
            "mca mce misalignsse mmx monitor msr mtrr nx pae pat pge pni "
            "popcnt pse pse36 rdtscp sep sse sse2 sse4a svm syscall tsc",
    },
    {
        .name = "Opteron_G4-v1", .vendor = "AuthenticAMD",
        .family = 21, .model = 1, .stepping = 2,
        .level = 0xd, .xlevel = 0x8000001a,
        .model_id = "AMD Opteron 62xx class CPU",
        .features =
            "3dnowprefetch abm aes apic avx clflush cmov cx16 cx8 de fma4 fpu "
            "fxsr hypervisor lahf-lm lm mca mce misalignsse mmx msr mtrr npt "
            "nrip-save nx pae pat pclmulqdq pdpe1gb pge pni popcnt pse pse36 "
            "rdtscp sep sse sse2 sse4.1 sse4.2 sse4a ssse3 svm syscall tsc "
            "xop xsave",
    },
    {
        .name = "Opteron_G5-v1", .vendor = "AuthenticAMD",
        .family = 21, .model = 2, .stepping = 0,
        .level = 0xd, .xlevel = 0x8000001a,
        .model_id = "AMD Opteron 63xx class CPU",
        .features =
            "3dnowprefetch abm aes apic avx clflush cmov cx16 cx8 de f16c fma "
            "fma4 fpu fxsr hypervisor lahf-lm lm mca mce misalignsse mmx msr "
            "mtrr npt nrip-save nx pae pat pclmulqdq pdpe1gb pge pni popcnt "
            "pse pse36 rdtscp sep sse sse2 sse4.1 sse4.2 sse4a ssse3 svm "
            "syscall tbm tsc xop xsave",
    },
    {
        .name = "Penryn-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 23, .stepping = 3,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel Core 2 Duo P9xxx (Penryn Class Core 2)",
        .features =
            "apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lahf-lm lm mca "
            "mce mmx msr mtrr nx pae pat pge pni pse pse36 sep sse sse2 "
            "sse4.1 ssse3 syscall tsc",
    },
    {
        .name = "SandyBridge-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 42, .stepping = 1,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon E312xx (Sandy Bridge)",
        .features =
            "aes apic arat avx clflush cmov cx16 cx8 de fpu fxsr hypervisor "
            "lahf-lm lm mca mce mmx msr mtrr nx pae pat pclmulqdq pge pni "
            "popcnt pse pse36 rdtscp sep sse sse2 sse4.1 sse4.2 ssse3 syscall "
            "tsc tsc-deadline x2apic xsave xsaveopt",
    },
    {
        .name = "SandyBridge-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 42, .stepping = 1,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon E312xx (Sandy Bridge, IBRS update)",
        .features =
            "aes apic arat avx clflush cmov cx16 cx8 de fpu fxsr hypervisor "
            "lahf-lm lm mca mce mmx msr mtrr nx pae pat pclmulqdq pge pni "
            "popcnt pse pse36 rdtscp sep spec-ctrl sse sse2 sse4.1 sse4.2 "
            "ssse3 syscall tsc tsc-deadline x2apic xsave xsaveopt",
    },
    {
        .name = "Skylake-Client-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 94, .stepping = 3,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Skylake)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hle hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp rtm sep "
            "smap smep sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline "
            "x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Skylake-Client-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 94, .stepping = 3,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Skylake, IBRS)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hle hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp rtm sep "
            "smap smep spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc "
            "tsc-deadline x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Skylake-Client-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 94, .stepping = 3,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Skylake, IBRS, no TSX)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp sep smap "
            "smep spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc "
            "tsc-deadline x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Skylake-Client-v4", .vendor = "GenuineIntel",
        .family = 6, .model = 94, .stepping = 3,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Skylake, IBRS, no TSX)",
        .description =
            "Intel Core Processor (Skylake, IBRS, no TSX) [IBRS, XSAVES, no "
            "TSX]",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 bmi1 bmi2 clflush "
            "cmov cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pge pni popcnt pse pse36 rdrand rdseed rdtscp sep smap "
            "smep spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc "
            "tsc-deadline x2apic xgetbv1 xsave xsavec xsaveopt xsaves",
    },
    {
        .name = "Skylake-Server-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Skylake)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512bw avx512cd "
            "avx512dq avx512f avx512vl bmi1 bmi2 clflush clflushopt clwb cmov "
            "cx16 cx8 de erms f16c fma fpu fsgsbase fxsr hle hypervisor "
            "invpcid lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid "
            "pclmulqdq pdpe1gb pge pku pni popcnt pse pse36 rdrand rdseed "
            "rdtscp rtm sep smap smep sse sse2 sse4.1 sse4.2 ssse3 syscall "
            "tsc tsc-deadline x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Skylake-Server-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Skylake, IBRS)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512bw avx512cd "
            "avx512dq avx512f avx512vl bmi1 bmi2 clflush clwb cmov cx16 cx8 "
            "de erms f16c fma fpu fsgsbase fxsr hle hypervisor invpcid "
            "lahf-lm lm mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq "
            "pdpe1gb pge pku pni popcnt pse pse36 rdrand rdseed rdtscp rtm "
            "sep smap smep spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc "
            "tsc-deadline x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Skylake-Server-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Skylake, IBRS, no TSX)",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512bw avx512cd "
            "avx512dq avx512f avx512vl bmi1 bmi2 clflush clwb cmov cx16 cx8 "
            "de erms f16c fma fpu fsgsbase fxsr hypervisor invpcid lahf-lm lm "
            "mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge "
            "pku pni popcnt pse pse36 rdrand rdseed rdtscp sep smap smep "
            "spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline "
            "x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Skylake-Server-v4", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Skylake, IBRS, no TSX)",
        .description =
            "Intel Xeon Processor (Skylake, IBRS, no TSX) [IBRS, EPT "
            "switching, no TSX]",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512bw avx512cd "
            "avx512dq avx512f avx512vl bmi1 bmi2 clflush clwb cmov cx16 cx8 "
            "de erms f16c fma fpu fsgsbase fxsr hypervisor invpcid lahf-lm lm "
            "mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge "
            "pku pni popcnt pse pse36 rdrand rdseed rdtscp sep smap smep "
            "spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline "
            "x2apic xgetbv1 xsave xsavec xsaveopt",
    },
    {
        .name = "Skylake-Server-v5", .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Skylake, IBRS, no TSX)",
        .description =
            "Intel Xeon Processor (Skylake, IBRS, no TSX) [IBRS, XSAVES, EPT "
            "switching, no TSX]",
        .features =
            "3dnowprefetch abm adx aes apic arat avx avx2 avx512bw avx512cd "
            "avx512dq avx512f avx512vl bmi1 bmi2 clflush clwb cmov cx16 cx8 "
            "de erms f16c fma fpu fsgsbase fxsr hypervisor invpcid lahf-lm lm "
            "mca mce mmx movbe msr mtrr nx pae pat pcid pclmulqdq pdpe1gb pge "
            "pku pni popcnt pse pse36 rdrand rdseed rdtscp sep smap smep "
            "spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline "
            "x2apic xgetbv1 xsave xsavec xsaveopt xsaves",
    },
    {
        .name = "Snowridge-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 1,
        .level = 0x1b, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (SnowRidge)",
        .features =
            "3dnowprefetch aes apic arat arch-capabilities cldemote clflush "
            "clflushopt clwb cmov core-capability cx16 cx8 de erms fpu "
            "fsgsbase fxsr gfni hypervisor lahf-lm lm mca mce mmx monitor "
            "movbe movdir64b movdiri mpx msr mtrr nx pae pat pclmulqdq "
            "pdpe1gb pge pni popcnt pse pse36 rdrand rdseed rdtscp sep sha-ni "
            "smap smep spec-ctrl split-lock-detect ssbd sse sse2 sse4.1 "
            "sse4.2 ssse3 syscall tsc tsc-deadline umip x2apic xgetbv1 xsave "
            "xsavec xsaveopt",
    },
    {
        .name = "Snowridge-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 1,
        .level = 0x1b, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (Snowridge, no MPX)",
        .features =
            "3dnowprefetch aes apic arat arch-capabilities cldemote clflush "
            "clflushopt clwb cmov core-capability cx16 cx8 de erms fpu "
            "fsgsbase fxsr gfni hypervisor lahf-lm lm mca mce mmx monitor "
            "movbe movdir64b movdiri msr mtrr nx pae pat pclmulqdq pdpe1gb "
            "pge pni popcnt pse pse36 rdrand rdseed rdtscp sep sha-ni smap "
            "smep spec-ctrl split-lock-detect ssbd sse sse2 sse4.1 sse4.2 "
            "ssse3 syscall tsc tsc-deadline umip x2apic xgetbv1 xsave xsavec "
            "xsaveopt",
    },
    {
        .name = "Snowridge-v3", .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 1,
        .level = 0x1b, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (Snowridge, no MPX)",
        .description =
            "Intel Atom Processor (Snowridge, no MPX) [XSAVES, no MPX]",
        .features =
            "3dnowprefetch aes apic arat arch-capabilities cldemote clflush "
            "clflushopt clwb cmov core-capability cx16 cx8 de erms fpu "
            "fsgsbase fxsr gfni hypervisor lahf-lm lm mca mce mmx monitor "
            "movbe movdir64b movdiri msr mtrr nx pae pat pclmulqdq pdpe1gb "
            "pge pni popcnt pse pse36 rdrand rdseed rdtscp sep sha-ni smap "
            "smep spec-ctrl split-lock-detect ssbd sse sse2 sse4.1 sse4.2 "
            "ssse3 syscall tsc tsc-deadline umip x2apic xgetbv1 xsave xsavec "
            "xsaveopt xsaves",
    },
    {
        .name = "Snowridge-v4", .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 1,
        .level = 0x1b, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (Snowridge, no MPX)",
        .description =
            "Intel Atom Processor (Snowridge, no MPX) [no split lock detect, "
            "no core-capability]",
        .features =
            "3dnowprefetch aes apic arat arch-capabilities cldemote clflush "
            "clflushopt clwb cmov cx16 cx8 de erms fpu fsgsbase fxsr gfni "
            "hypervisor lahf-lm lm mca mce mmx monitor movbe movdir64b "
            "movdiri msr mtrr nx pae pat pclmulqdq pdpe1gb pge pni popcnt pse "
            "pse36 rdrand rdseed rdtscp sep sha-ni smap smep spec-ctrl ssbd "
            "sse sse2 sse4.1 sse4.2 ssse3 syscall tsc tsc-deadline umip "
            "x2apic xgetbv1 xsave xsavec xsaveopt xsaves",
    },
    {
        .name = "Westmere-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 44, .stepping = 1,
        .level = 0xb, .xlevel = 0x80000008,
        .model_id = "Westmere E56xx/L56xx/X56xx (Nehalem-C)",
        .features =
            "aes apic arat clflush cmov cx16 cx8 de fpu fxsr hypervisor "
            "lahf-lm lm mca mce mmx msr mtrr nx pae pat pclmulqdq pge pni "
            "popcnt pse pse36 sep sse sse2 sse4.1 sse4.2 ssse3 syscall tsc",
    },
    {
        .name = "Westmere-v2", .vendor = "GenuineIntel",
        .family = 6, .model = 44, .stepping = 1,
        .level = 0xb, .xlevel = 0x80000008,
        .model_id = "Westmere E56xx/L56xx/X56xx (IBRS update)",
        .features =
            "aes apic arat clflush cmov cx16 cx8 de fpu fxsr hypervisor "
            "lahf-lm lm mca mce mmx msr mtrr nx pae pat pclmulqdq pge pni "
            "popcnt pse pse36 sep spec-ctrl sse sse2 sse4.1 sse4.2 ssse3 "
            "syscall tsc",
    },
    {
        .name = "athlon-v1", .vendor = "AuthenticAMD",
        .family = 6, .model = 2, .stepping = 3,
        .level = 0x2, .xlevel = 0x80000008,
        .model_id = "QEMU Virtual CPU version 2.5+",
        .features =
            "3dnow 3dnowext apic cmov cx8 de fpu fxsr hypervisor mca mce mmx "
            "mmxext msr mtrr pae pat pge pse pse36 sep sse sse2 tsc",
    },
    {
        .name = "core2duo-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 15, .stepping = 11,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel(R) Core(TM)2 Duo CPU     T7700  @ 2.40GHz",
        .features =
            "acpi apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lahf-lm "
            "lm mca mce mmx monitor msr mtrr nx pae pat pge pni pse pse36 sep "
            "ss sse sse2 ssse3 syscall tsc",
    },
    {
        .name = "coreduo-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 14, .stepping = 8,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Genuine Intel(R) CPU           T2600  @ 2.16GHz",
        .features =
            "acpi apic clflush cmov cx8 de fpu fxsr hypervisor mca mce mmx "
            "monitor msr mtrr nx pae pat pge pni pse sep ss sse sse2 tsc",
    },
    {
        .name = "kvm32-v1", .vendor = "GenuineIntel",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0x5, .xlevel = 0x80000008,
        .model_id = "Common 32-bit KVM processor",
        .features =
            "apic clflush cmov cx8 de fpu fxsr hypervisor mca mce mmx msr "
            "mtrr pae pat pge pni pse pse36 sep sse sse2 tsc",
    },
    {
        .name = "kvm64-v1", .vendor = "GenuineIntel",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Common KVM processor",
        .features =
            "apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lm mca mce mmx "
            "msr mtrr nx pae pat pge pni pse pse36 sep sse sse2 syscall tsc",
    },
    {
        .name = "n270-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 28, .stepping = 2,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel(R) Atom(TM) CPU N270   @ 1.60GHz",
        .features =
            "acpi apic clflush cmov cx8 de fpu fxsr hypervisor lahf-lm mca "
            "mce mmx monitor movbe msr mtrr nx pae pat pge pni pse sep ss sse "
            "sse2 ssse3 tsc",
    },
    {
        .name = "pentium-v1", .vendor = "GenuineIntel",
        .family = 5, .model = 4, .stepping = 3,
        .level = 0x1, .xlevel = 0x0,
        .model_id = "",
        .features =
            "apic cx8 de fpu hypervisor mce mmx msr pse tsc",
    },
    {
        .name = "pentium2-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 5, .stepping = 2,
        .level = 0x2, .xlevel = 0x0,
        .model_id = "",
        .features =
            "apic cmov cx8 de fpu fxsr hypervisor mca mce mmx msr mtrr pae "
            "pat pge pse pse36 sep tsc",
    },
    {
        .name = "pentium3-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 7, .stepping = 3,
        .level = 0x3, .xlevel = 0x0,
        .model_id = "",
        .features =
            "apic cmov cx8 de fpu fxsr hypervisor mca mce mmx msr mtrr pae "
            "pat pge pse pse36 sep sse tsc",
    },
    {
        .name = "phenom-v1", .vendor = "AuthenticAMD",
        .family = 16, .model = 2, .stepping = 3,
        .level = 0x5, .xlevel = 0x8000001a,
        .model_id = "AMD Phenom(tm) 9550 Quad-Core Processor",
        .features =
            "3dnow 3dnowext abm apic clflush cmov cx16 cx8 de fpu fxsr "
            "fxsr-opt hypervisor lahf-lm lm mca mce mmx mmxext monitor msr "
            "mtrr npt nx pae pat pdpe1gb pge pni popcnt pse pse36 rdtscp sep "
            "sse sse2 sse4a svm syscall tsc",
    },
    {
        .name = "qemu32-v1", .vendor = "GenuineIntel",
        .family = 6, .model = 6, .stepping = 3,
        .level = 0x4, .xlevel = 0x80000004,
        .model_id = "QEMU Virtual CPU version 2.5+",
        .features =
            "apic cmov cx8 de fpu fxsr hypervisor mce mmx msr pae pat pge pni "
            "pse sep sse sse2 tsc",
    },
    {
        .name = "qemu64-v1", .vendor = "AuthenticAMD",
        .family = 15, .model = 107, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000000a,
        .model_id = "QEMU Virtual CPU version 2.5+",
        .features =
            "apic clflush cmov cx16 cx8 de fpu fxsr hypervisor lahf-lm lm mca "
            "mce mmx msr mtrr nx pae pat pge pni pse pse36 sep sse sse2 svm "
            "syscall tsc",
    },
    { NULL },
};

const X86CPUAlias x86_cpu_aliases[] = {
    { "486", "486-v1", true },
    { "Broadwell", "Broadwell-v1", true },
    { "Broadwell-IBRS", "Broadwell-v3", false },
    { "Broadwell-noTSX", "Broadwell-v2", false },
    { "Broadwell-noTSX-IBRS", "Broadwell-v4", false },
    { "Cascadelake-Server", "Cascadelake-Server-v1", true },
    { "Cascadelake-Server-noTSX", "Cascadelake-Server-v3", false },
    { "Conroe", "Conroe-v1", true },
    { "Cooperlake", "Cooperlake-v1", true },
    { "Denverton", "Denverton-v1", true },
    { "Dhyana", "Dhyana-v1", true },
    { "EPYC", "EPYC-v1", true },
    { "EPYC-IBPB", "EPYC-v2", false },
    { "EPYC-Milan", "EPYC-Milan-v1", true },
    { "EPYC-Rome", "EPYC-Rome-v1", true },
    { "Haswell", "Haswell-v1", true },
    { "Haswell-IBRS", "Haswell-v3", false },
    { "Haswell-noTSX", "Haswell-v2", false },
    { "Haswell-noTSX-IBRS", "Haswell-v4", false },
    { "Icelake-Server", "Icelake-Server-v1", true },
    { "Icelake-Server-noTSX", "Icelake-Server-v2", false },
    { "IvyBridge", "IvyBridge-v1", true },
    { "IvyBridge-IBRS", "IvyBridge-v2", false },
    { "KnightsMill", "KnightsMill-v1", true },
    { "Nehalem", "Nehalem-v1", true },
    { "Nehalem-IBRS", "Nehalem-v2", false },
    { "Opteron_G1", "Opteron_G1-v1", true },
    { "Opteron_G2", "Opteron_G2-v1", true },
    { "Opteron_G3", "Opteron_G3-v1", true },
    { "Opteron_G4", "Opteron_G4-v1", true },
    { "Opteron_G5", "Opteron_G5-v1", true },
    { "Penryn", "Penryn-v1", true },
    { "SandyBridge", "SandyBridge-v1", true },
    { "SandyBridge-IBRS", "SandyBridge-v2", false },
    { "Skylake-Client", "Skylake-Client-v1", true },
    { "Skylake-Client-IBRS", "Skylake-Client-v2", false },
    { "Skylake-Client-noTSX-IBRS", "Skylake-Client-v3", false },
    { "Skylake-Server", "Skylake-Server-v1", true },
    { "Skylake-Server-IBRS", "Skylake-Server-v2", false },
    { "Skylake-Server-noTSX-IBRS", "Skylake-Server-v3", false },
    { "Snowridge", "Snowridge-v1", true },
    { "Westmere", "Westmere-v1", true },
    { "Westmere-IBRS", "Westmere-v2", false },
    { "athlon", "athlon-v1", true },
    { "core2duo", "core2duo-v1", true },
    { "coreduo", "coreduo-v1", true },
    { "kvm32", "kvm32-v1", true },
    { "kvm64", "kvm64-v1", true },
    { "n270", "n270-v1", true },
    { "pentium", "pentium-v1", true },
    { "pentium2", "pentium2-v1", true },
    { "pentium3", "pentium3-v1", true },
    { "phenom", "phenom-v1", true },
    { "qemu32", "qemu32-v1", true },
    { "qemu64", "qemu64-v1", true },
    { NULL },
};

/*
 * What our TCG implements besides x87/MMX/SSE (target/i386/tcg reports
 * those through x86_tcg_fpu_features): the integer and system features
 * the translator and helpers handle.  Every advertised feature must work.
 */
const char x86_tcg_supported_features[] =
    "abm apic clflush cmov cx16 cx8 de fxsr hypervisor lahf-lm lm mca mce "
    "msr mtrr nx pae pat pge pse pse36 rdtscp sep syscall tsc";

/* "max" under TCG: what QEMU 7.2's TCG implements. */
const char x86_cpu_max_tcg_features[] =
    "3dnow 3dnowext abm acpi adx aes apic arat avx avx2 bmi1 bmi2 clflush "
    "clflushopt clwb cmov cr8legacy cx16 cx8 de erms f16c fma fpu fsgsbase "
    "fxsr hypervisor la57 lahf-lm lm mca mce mmx mmxext monitor movbe mpx "
    "msr mtrr npt nx pae pat pclmulqdq pcommit pdpe1gb pge pks pku pni "
    "popcnt pse pse36 rdrand rdtscp sep smap smep ss sse sse2 sse4.1 sse4.2 "
    "sse4a ssse3 svm svme-addr-chk syscall tsc umip vaes vgif xgetbv1 xsave "
    "xsaveopt";
