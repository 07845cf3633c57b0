/*
 * CPUID leaves as the guest sees them, built from the CPU's model,
 * feature words and topology.  Cache geometry follows QEMU's legacy
 * defaults (L1 32 KiB, L2 4 MiB / AMD 512 KiB, L3 16 MiB).
 */
#include "qemu/osdep.h"
#include "sysemu/kvm.h"
#include "target/i386/cpu.h"

static X86CPU *env_cpu_of(CPUX86State *env)
{
    return env_archcpu(env);
}

/* Leaf 4 (Intel deterministic cache parameters), subleaf n. */
static void cache_leaf4(X86CPU *cpu, uint32_t n, uint32_t *eax,
                        uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
    static const struct {
        uint8_t type, level, ways;
        uint32_t sets;
        bool shared_pkg, inclusive;
    } caches[] = {
        { 1, 1, 8, 64, false, false },      /* L1d 32 KiB */
        { 2, 1, 8, 64, false, false },      /* L1i 32 KiB */
        { 3, 2, 16, 4096, false, false },   /* L2 4 MiB */
        { 3, 3, 16, 16384, true, true },    /* L3 16 MiB */
    };
    unsigned threads = cpu->topo.threads_per_core;
    unsigned cores = cpu->topo.cores_per_die * cpu->topo.dies_per_pkg;
    unsigned cores_bits = x86_topo_bits(MAX(cores, 1));
    unsigned threads_bits = x86_topo_bits(MAX(threads, 1));

    *eax = *ebx = *ecx = *edx = 0;
    if (n >= ARRAY_SIZE(caches)) {
        return;
    }
    unsigned sharing = caches[n].shared_pkg
                           ? (1U << (cores_bits + threads_bits))
                           : (1U << threads_bits);
    *eax = caches[n].type | (caches[n].level << 5) | (1 << 8) |
           ((sharing - 1) << 14) | (((1U << cores_bits) - 1) << 26);
    *ebx = (64 - 1) | (0 << 12) | ((caches[n].ways - 1) << 22);
    *ecx = caches[n].sets - 1;
    *edx = caches[n].inclusive ? 2 : 0;
}

static uint32_t xsave_area_size(uint64_t mask)
{
    uint32_t size = 512 + 64;
    if (mask & XSTATE_YMM_MASK) {
        size = 576 + 256;
    }
    return size;
}

static uint64_t supported_xcr0(CPUX86State *env)
{
    uint64_t m = XSTATE_FP_MASK | XSTATE_SSE_MASK;
    if (!(env->features[FEAT_1_ECX] & CPUID_EXT_XSAVE)) {
        return 0;
    }
    if (env->features[FEAT_1_ECX] & CPUID_EXT_AVX) {
        m |= XSTATE_YMM_MASK;
    }
    return m;
}

void cpu_x86_cpuid(CPUX86State *env, uint32_t index, uint32_t count,
                   uint32_t *eax, uint32_t *ebx, uint32_t *ecx,
                   uint32_t *edx)
{
    X86CPU *cpu = env_cpu_of(env);
    unsigned threads = MAX(cpu->topo.threads_per_core, 1);
    unsigned cores = MAX(cpu->topo.cores_per_die, 1) *
                     MAX(cpu->topo.dies_per_pkg, 1);
    unsigned logical = threads * cores;
    bool kvm_leaves = kvm_enabled() && cpu->expose_kvm;

    /* Out-of-range leaves return the highest basic leaf (Intel). */
    if (index >= 0xC0000000) {
        if (index > env->cpuid_xlevel2) {
            index = env->cpuid_xlevel2 ? env->cpuid_xlevel2 : env->cpuid_level;
        }
    } else if (index >= 0x80000000) {
        if (index > env->cpuid_xlevel) {
            index = env->cpuid_level;
        }
    } else if (index >= 0x40000000) {
        if (!kvm_leaves || index > 0x40000001) {
            index = env->cpuid_level;
        }
    } else if (index > env->cpuid_level) {
        index = env->cpuid_level;
    }

    *eax = *ebx = *ecx = *edx = 0;
    switch (index) {
    case 0:
        *eax = env->cpuid_level;
        *ebx = env->cpuid_vendor1;
        *edx = env->cpuid_vendor2;
        *ecx = env->cpuid_vendor3;
        break;
    case 1:
        *eax = env->cpuid_version;
        *ebx = (env->cpuid_apic_id << 24) | (8 << 8); /* CLFLUSH 64 bytes */
        *ecx = env->features[FEAT_1_ECX];
        if (env->cr[4] & CR4_OSXSAVE_MASK) {
            *ecx |= CPUID_EXT_OSXSAVE;
        }
        *edx = env->features[FEAT_1_EDX];
        if (logical > 1) {
            *ebx |= MIN(logical, 255) << 16;
            *edx |= CPUID_HT;
        }
        break;
    case 2:
        *eax = 1;  /* one descriptor round: 0xff means "use leaf 4" */
        *edx = 0xff;
        break;
    case 4:
        cache_leaf4(cpu, count, eax, ebx, ecx, edx);
        break;
    case 5:
        if (env->features[FEAT_1_ECX] & CPUID_EXT_MONITOR) {
            *eax = 64;
            *ebx = 64;
            *ecx = 3;
        }
        break;
    case 6:
        *eax = env->features[FEAT_6_EAX];
        break;
    case 7:
        if (count == 0) {
            *eax = env->features[FEAT_7_1_EAX] ? 1 : 0;
            *ebx = env->features[FEAT_7_0_EBX];
            *ecx = env->features[FEAT_7_0_ECX];
            if ((*ecx & CPUID_7_0_ECX_PKU) && (env->cr[4] & CR4_PKE_MASK)) {
                *ecx |= CPUID_7_0_ECX_OSPKE;
            }
            *edx = env->features[FEAT_7_0_EDX];
        } else if (count == 1) {
            *eax = env->features[FEAT_7_1_EAX];
        }
        break;
    case 0xb: {
        unsigned smt_bits = x86_topo_bits(threads);
        unsigned core_bits = x86_topo_bits(MAX(cpu->topo.cores_per_die, 1)) +
                             x86_topo_bits(MAX(cpu->topo.dies_per_pkg, 1));
        *edx = env->cpuid_apic_id;
        if (count == 0) {
            *eax = smt_bits;
            *ebx = threads;
            *ecx = count | (1 << 8); /* SMT level */
        } else if (count == 1) {
            *eax = smt_bits + core_bits;
            *ebx = logical;
            *ecx = count | (2 << 8); /* core level */
        } else {
            *ecx = count & 0xff;
        }
        *ebx &= 0xffff;
        break;
    }
    case 0xd: {
        uint64_t mask = supported_xcr0(env);
        if (!mask) {
            break;
        }
        if (count == 0) {
            *eax = (uint32_t)mask;
            *edx = (uint32_t)(mask >> 32);
            *ebx = xsave_area_size(env->xcr0 & mask);
            *ecx = xsave_area_size(mask);
        } else if (count == 1) {
            *eax = env->features[FEAT_XSAVE];
        } else if (count == XSTATE_YMM_BIT && (mask & XSTATE_YMM_MASK)) {
            *eax = 256;
            *ebx = 576;
        }
        break;
    }
    case 0x40000000:
        *eax = 0x40000001;
        memcpy(ebx, "KVMK", 4);
        memcpy(ecx, "VMKV", 4);
        memcpy(edx, "M\0\0\0", 4);
        break;
    case 0x40000001:
        *eax = env->features[FEAT_KVM];
        *edx = env->features[FEAT_KVM_HINTS];
        break;
    case 0x80000000:
        *eax = env->cpuid_xlevel;
        *ebx = env->cpuid_vendor1;
        *edx = env->cpuid_vendor2;
        *ecx = env->cpuid_vendor3;
        break;
    case 0x80000001:
        *eax = env->cpuid_version;
        *ecx = env->features[FEAT_8000_0001_ECX];
        *edx = env->features[FEAT_8000_0001_EDX];
        if (env->cpuid_vendor1 == 0x68747541) { /* "Auth": AMD mirrors */
            *edx |= env->features[FEAT_1_EDX] & CPUID_EXT2_AMD_ALIASES;
        }
        if (logical > 1 && env->cpuid_vendor1 == 0x68747541) {
            *ecx |= CPUID_EXT3_CMP_LEG;
        }
        break;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
        const uint32_t *m = &env->cpuid_model[(index - 0x80000002) * 4];
        *eax = m[0];
        *ebx = m[1];
        *ecx = m[2];
        *edx = m[3];
        break;
    }
    case 0x80000005:
        *eax = 0x01ff01ff;
        *ebx = 0x01ff01ff;
        *ecx = 0x40020140;  /* L1d: 64 KiB, 2-way, 64 byte lines */
        *edx = 0x40020140;
        break;
    case 0x80000006:
        *ecx = (512 << 16) | (0x6 << 12) | (1 << 8) | 64; /* L2 512K 8-way */
        *edx = (16384 / 512 << 18) | (0x8 << 12) | (1 << 8) | 64;
        break;
    case 0x80000007:
        *edx = env->features[FEAT_8000_0007_EDX];
        break;
    case 0x80000008: {
        uint32_t phys = cpu->phys_bits ? cpu->phys_bits : 40;
        uint32_t virt =
            (env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_LM) ? 48 : 32;
        if (!(env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_LM) &&
            !(env->features[FEAT_1_EDX] & CPUID_PAE)) {
            phys = 32;
        }
        *eax = phys | (virt << 8);
        *ebx = env->features[FEAT_8000_0008_EBX];
        if (logical > 1) {
            *ecx = logical - 1;
        }
        break;
    }
    case 0x8000000A:
        if (env->features[FEAT_8000_0001_ECX] & CPUID_EXT3_SVM) {
            *eax = 1;
            *ebx = 0x10;
            *edx = env->features[FEAT_SVM];
        }
        break;
    case 0xC0000000:
        *eax = env->cpuid_xlevel2;
        break;
    case 0xC0000001:
        *edx = env->features[FEAT_C000_0001_EDX];
        break;
    default:
        break;
    }
}
