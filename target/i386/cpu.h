/*
 * The x86 vCPU: architectural state (CPUX86State), the X86CPU object and
 * its CPU models.
 *
 * CPUX86State holds everything an accelerator must save and restore:
 * KVM copies it to and from the kernel (target/i386/kvm/kvm.c), TCG
 * executes on it directly.  Segment caches keep the descriptor fields in
 * the layout of the descriptor's second dword (flags), as QEMU does, so
 * "flags & DESC_P_MASK" tests the present bit.  hflags caches mode bits
 * derived from CR0/CR4/EFER/CS/SS; call x86_update_hflags() after changing
 * any of them.
 *
 * CPU models ("-cpu Nehalem,+avx,-x2apic") are QOM types named
 * "MODEL-x86_64-cpu"; their CPUID feature words are in cpu-models.c.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include "qemu/osdep.h"
#include "exec/memory.h"
#include "hw/core/cpu.h"
#include "tcg/tcg-ldst.h"

#define TYPE_X86_CPU "x86_64-cpu"
#define X86_CPU_TYPE_SUFFIX "-" TYPE_X86_CPU
#define X86_CPU_TYPE_NAME(name) (name X86_CPU_TYPE_SUFFIX)
OBJECT_DECLARE_TYPE(X86CPU, X86CPUClass, X86_CPU)

/* Accelerator loop return codes (shared with TCG). */
#ifndef EXCP_INTERRUPT
#define EXCP_INTERRUPT 0x10000 /* async interruption */
#define EXCP_HLT 0x10001       /* hlt instruction reached */
#define EXCP_DEBUG 0x10002     /* breakpoint or single step */
#define EXCP_HALTED 0x10003    /* cpu is halted (waiting for interrupt) */
#define EXCP_YIELD 0x10004
#define EXCP_ATOMIC 0x10005
#endif
#ifndef CPU_DUMP_CCOP
#define CPU_DUMP_CCOP 4
#endif

/* General registers */
enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI,
       R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15 };
#define CPU_NB_REGS 16
/* Segment registers */
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };

/* Descriptor flags, as bits of the descriptor's high dword. */
#define DESC_G_SHIFT 23
#define DESC_G_MASK (1 << DESC_G_SHIFT)
#define DESC_B_SHIFT 22
#define DESC_B_MASK (1 << DESC_B_SHIFT)
#define DESC_L_SHIFT 21
#define DESC_L_MASK (1 << DESC_L_SHIFT)
#define DESC_AVL_SHIFT 20
#define DESC_AVL_MASK (1 << DESC_AVL_SHIFT)
#define DESC_P_SHIFT 15
#define DESC_P_MASK (1 << DESC_P_SHIFT)
#define DESC_DPL_SHIFT 13
#define DESC_DPL_MASK (3 << DESC_DPL_SHIFT)
#define DESC_S_SHIFT 12
#define DESC_S_MASK (1 << DESC_S_SHIFT)
#define DESC_TYPE_SHIFT 8
#define DESC_TYPE_MASK (15 << DESC_TYPE_SHIFT)
#define DESC_A_MASK (1 << 8)
#define DESC_CS_MASK (1 << 11) /* 1 = code segment 0 = data segment */
#define DESC_C_MASK (1 << 10)  /* code: conforming */
#define DESC_R_MASK (1 << 9)   /* code: readable */
#define DESC_E_MASK (1 << 10)  /* data: expansion direction */
#define DESC_W_MASK (1 << 9)   /* data: writable */
#define DESC_TSS_BUSY_MASK (1 << 9)

/* EFLAGS */
#define CC_C 0x0001
#define CC_P 0x0004
#define CC_A 0x0010
#define CC_Z 0x0040
#define CC_S 0x0080
#define CC_O 0x0800
#define TF_MASK 0x00000100
#define IF_MASK 0x00000200
#define DF_MASK 0x00000400
#define IOPL_MASK 0x00003000
#define IOPL_SHIFT 12
#define NT_MASK 0x00004000
#define RF_MASK 0x00010000
#define VM_MASK 0x00020000
#define AC_MASK 0x00040000
#define VIF_MASK 0x00080000
#define VIP_MASK 0x00100000
#define ID_MASK 0x00200000

/* hflags: the CPU mode, cached (see x86_update_hflags) */
#define HF_CPL_SHIFT 0
#define HF_CPL_MASK (3 << HF_CPL_SHIFT)
#define HF_INHIBIT_IRQ_SHIFT 3 /* after MOV SS / STI */
#define HF_CS32_SHIFT 4        /* 32-bit code segment */
#define HF_SS32_SHIFT 5        /* 32-bit stack segment */
#define HF_ADDSEG_SHIFT 6      /* DS/ES/SS base may be non-zero */
#define HF_PE_SHIFT 7          /* CR0.PE */
#define HF_TF_SHIFT 8
#define HF_MP_SHIFT 9          /* CR0.MP, CR0.EM, CR0.TS: bits 9-11 */
#define HF_EM_SHIFT 10
#define HF_TS_SHIFT 11
#define HF_IOPL_SHIFT 12       /* must match EFLAGS IOPL */
#define HF_LMA_SHIFT 14        /* long mode active */
#define HF_CS64_SHIFT 15       /* 64-bit code segment (implies LMA) */
#define HF_RF_SHIFT 16
#define HF_VM_SHIFT 17         /* must match EFLAGS VM */
#define HF_AC_SHIFT 18
#define HF_SMM_SHIFT 19
#define HF_SVME_SHIFT 20
#define HF_GUEST_SHIFT 21
#define HF_OSFXSR_SHIFT 22     /* CR4.OSFXSR */
#define HF_SMAP_SHIFT 23
#define HF_IOBPT_SHIFT 24
#define HF_MPX_EN_SHIFT 25
#define HF_MPX_IU_SHIFT 26
#define HF_UMIP_SHIFT 27
#define HF_INHIBIT_IRQ_MASK (1 << HF_INHIBIT_IRQ_SHIFT)
#define HF_CS32_MASK (1 << HF_CS32_SHIFT)
#define HF_SS32_MASK (1 << HF_SS32_SHIFT)
#define HF_ADDSEG_MASK (1 << HF_ADDSEG_SHIFT)
#define HF_PE_MASK (1 << HF_PE_SHIFT)
#define HF_TF_MASK (1 << HF_TF_SHIFT)
#define HF_MP_MASK (1 << HF_MP_SHIFT)
#define HF_EM_MASK (1 << HF_EM_SHIFT)
#define HF_TS_MASK (1 << HF_TS_SHIFT)
#define HF_IOPL_MASK (3 << HF_IOPL_SHIFT)
#define HF_LMA_MASK (1 << HF_LMA_SHIFT)
#define HF_CS64_MASK (1 << HF_CS64_SHIFT)
#define HF_RF_MASK (1 << HF_RF_SHIFT)
#define HF_VM_MASK (1 << HF_VM_SHIFT)
#define HF_AC_MASK (1 << HF_AC_SHIFT)
#define HF_SMM_MASK (1 << HF_SMM_SHIFT)
#define HF_SVME_MASK (1 << HF_SVME_SHIFT)
#define HF_GUEST_MASK (1 << HF_GUEST_SHIFT)
#define HF_OSFXSR_MASK (1 << HF_OSFXSR_SHIFT)
#define HF_SMAP_MASK (1 << HF_SMAP_SHIFT)
#define HF_UMIP_MASK (1 << HF_UMIP_SHIFT)

/* hflags2 */
#define HF2_GIF_MASK (1 << 0)
#define HF2_HIF_MASK (1 << 1)
#define HF2_NMI_MASK (1 << 2)
#define HF2_VINTR_MASK (1 << 3)

/* Control registers */
#define CR0_PE_MASK (1U << 0)
#define CR0_MP_MASK (1U << 1)
#define CR0_EM_MASK (1U << 2)
#define CR0_TS_MASK (1U << 3)
#define CR0_ET_MASK (1U << 4)
#define CR0_NE_MASK (1U << 5)
#define CR0_WP_MASK (1U << 16)
#define CR0_AM_MASK (1U << 18)
#define CR0_NW_MASK (1U << 29)
#define CR0_CD_MASK (1U << 30)
#define CR0_PG_MASK (1U << 31)

#define CR4_VME_MASK (1U << 0)
#define CR4_PVI_MASK (1U << 1)
#define CR4_TSD_MASK (1U << 2)
#define CR4_DE_MASK (1U << 3)
#define CR4_PSE_MASK (1U << 4)
#define CR4_PAE_MASK (1U << 5)
#define CR4_MCE_MASK (1U << 6)
#define CR4_PGE_MASK (1U << 7)
#define CR4_PCE_MASK (1U << 8)
#define CR4_OSFXSR_MASK (1U << 9)
#define CR4_OSXMMEXCPT_MASK (1U << 10)
#define CR4_UMIP_MASK (1U << 11)
#define CR4_LA57_MASK (1U << 12)
#define CR4_VMXE_MASK (1U << 13)
#define CR4_SMXE_MASK (1U << 14)
#define CR4_FSGSBASE_MASK (1U << 16)
#define CR4_PCIDE_MASK (1U << 17)
#define CR4_OSXSAVE_MASK (1U << 18)
#define CR4_SMEP_MASK (1U << 20)
#define CR4_SMAP_MASK (1U << 21)
#define CR4_PKE_MASK (1U << 22)

/* EFER */
#define MSR_EFER_SCE (1 << 0)
#define MSR_EFER_LME (1 << 8)
#define MSR_EFER_LMA (1 << 10)
#define MSR_EFER_NXE (1 << 11)
#define MSR_EFER_SVME (1 << 12)
#define MSR_EFER_FFXSR (1 << 14)

/* MSR numbers */
#define MSR_IA32_TSC 0x10
#define MSR_IA32_APICBASE 0x1b
#define MSR_IA32_APICBASE_BSP (1 << 8)
#define MSR_IA32_APICBASE_ENABLE (1 << 11)
#define MSR_IA32_APICBASE_BASE (0xfffffU << 12)
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define MSR_TSC_ADJUST 0x3b
#define MSR_IA32_SPEC_CTRL 0x48
#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_IA32_MISC_ENABLE_DEFAULT 1  /* fast string */
#define MSR_MTRRphysBase(n) (0x200 + 2 * (n))
#define MSR_MTRRphysMask(n) (0x201 + 2 * (n))
#define MSR_MTRRfix64K_00000 0x250
#define MSR_MTRRfix16K_80000 0x258
#define MSR_MTRRfix16K_A0000 0x259
#define MSR_MTRRfix4K_C0000 0x268
#define MSR_PAT 0x277
#define MSR_MTRRdefType 0x2ff
#define MSR_MTRRcap 0xfe
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_FMASK 0xc0000084
#define MSR_FSBASE 0xc0000100
#define MSR_GSBASE 0xc0000101
#define MSR_KERNELGSBASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define MSR_IA32_TSC_DEADLINE 0x6e0

#define MSR_MTRRcap_VCNT 8
#define MSR_MTRRcap_FIXRANGE_SUPPORT (1 << 8)
#define MSR_MTRRcap_WC_SUPPORTED (1 << 10)

/* Exceptions */
#define EXCP00_DIVZ 0
#define EXCP01_DB 1
#define EXCP02_NMI 2
#define EXCP03_INT3 3
#define EXCP04_INTO 4
#define EXCP05_BOUND 5
#define EXCP06_ILLOP 6
#define EXCP07_PREX 7
#define EXCP08_DBLE 8
#define EXCP09_XERR 9
#define EXCP0A_TSS 10
#define EXCP0B_NOSEG 11
#define EXCP0C_STACK 12
#define EXCP0D_GPF 13
#define EXCP0E_PAGE 14
#define EXCP10_COPR 16
#define EXCP11_ALGN 17
#define EXCP12_MCHK 18
#define EXCP13_XMM 19

/* CPUID feature words: one 32-bit register of one leaf each. */
typedef enum FeatureWord {
    FEAT_1_EDX,         /* CPUID[1].EDX */
    FEAT_1_ECX,         /* CPUID[1].ECX */
    FEAT_7_0_EBX,       /* CPUID[EAX=7,ECX=0].EBX */
    FEAT_7_0_ECX,       /* CPUID[EAX=7,ECX=0].ECX */
    FEAT_7_0_EDX,       /* CPUID[EAX=7,ECX=0].EDX */
    FEAT_7_1_EAX,       /* CPUID[EAX=7,ECX=1].EAX */
    FEAT_8000_0001_EDX, /* CPUID[8000_0001].EDX */
    FEAT_8000_0001_ECX, /* CPUID[8000_0001].ECX */
    FEAT_8000_0007_EDX, /* CPUID[8000_0007].EDX */
    FEAT_8000_0008_EBX, /* CPUID[8000_0008].EBX */
    FEAT_C000_0001_EDX, /* CPUID[C000_0001].EDX */
    FEAT_KVM,           /* CPUID[4000_0001].EAX */
    FEAT_KVM_HINTS,     /* CPUID[4000_0001].EDX */
    FEAT_SVM,           /* CPUID[8000_000A].EDX */
    FEAT_XSAVE,         /* CPUID[EAX=0xd,ECX=1].EAX */
    FEAT_6_EAX,         /* CPUID[6].EAX */
    FEAT_14_0_ECX,      /* CPUID[EAX=0x14,ECX=0].ECX */
    FEATURE_WORDS,
} FeatureWord;
typedef uint32_t FeatureWordArray[FEATURE_WORDS];

/* Bits used by the code (names are in cpu-models.c). */
#define CPUID_FP87 (1U << 0)
#define CPUID_VME (1U << 1)
#define CPUID_DE (1U << 2)
#define CPUID_PSE (1U << 3)
#define CPUID_TSC (1U << 4)
#define CPUID_MSR (1U << 5)
#define CPUID_PAE (1U << 6)
#define CPUID_MCE (1U << 7)
#define CPUID_CX8 (1U << 8)
#define CPUID_APIC (1U << 9)
#define CPUID_SEP (1U << 11)
#define CPUID_MTRR (1U << 12)
#define CPUID_PGE (1U << 13)
#define CPUID_MCA (1U << 14)
#define CPUID_CMOV (1U << 15)
#define CPUID_PAT (1U << 16)
#define CPUID_PSE36 (1U << 17)
#define CPUID_CLFLUSH (1U << 19)
#define CPUID_MMX (1U << 23)
#define CPUID_FXSR (1U << 24)
#define CPUID_SSE (1U << 25)
#define CPUID_SSE2 (1U << 26)
#define CPUID_HT (1U << 28)
#define CPUID_EXT_SSE3 (1U << 0)
#define CPUID_EXT_MONITOR (1U << 3)
#define CPUID_EXT_VMX (1U << 5)
#define CPUID_EXT_X2APIC (1U << 21)
#define CPUID_EXT_TSC_DEADLINE_TIMER (1U << 24)
#define CPUID_EXT_XSAVE (1U << 26)
#define CPUID_EXT_OSXSAVE (1U << 27)
#define CPUID_EXT_AVX (1U << 28)
#define CPUID_EXT_HYPERVISOR (1U << 31)
#define CPUID_EXT2_SYSCALL (1U << 11)
#define CPUID_EXT2_NX (1U << 20)
#define CPUID_EXT2_RDTSCP (1U << 27)
#define CPUID_EXT2_LM (1U << 29)
/* CPUID[8000_0001].EDX bits that mirror CPUID[1].EDX on AMD */
#define CPUID_EXT2_AMD_ALIASES                                                 \
    (CPUID_FP87 | CPUID_VME | CPUID_DE | CPUID_PSE | CPUID_TSC | CPUID_MSR |   \
     CPUID_PAE | CPUID_MCE | CPUID_CX8 | CPUID_APIC | CPUID_MTRR |             \
     CPUID_PGE | CPUID_MCA | CPUID_CMOV | CPUID_PAT | CPUID_PSE36 |           \
     CPUID_MMX | CPUID_FXSR)
#define CPUID_EXT3_LAHF_LM (1U << 0)
#define CPUID_EXT3_CMP_LEG (1U << 1)
#define CPUID_EXT3_SVM (1U << 2)
#define CPUID_EXT3_TOPOEXT (1U << 22)
#define CPUID_7_0_EBX_INVPCID (1U << 10)
#define CPUID_7_0_ECX_PKU (1U << 3)
#define CPUID_7_0_ECX_OSPKE (1U << 4)
#define CPUID_7_0_EDX_ARCH_CAPABILITIES (1U << 29)
#define CPUID_8000_0008_EBX_WBNOINVD (1U << 9)

#define CPUID_VENDOR_INTEL "GenuineIntel"
#define CPUID_VENDOR_AMD "AuthenticAMD"

/* XSAVE components */
#define XSTATE_FP_BIT 0
#define XSTATE_SSE_BIT 1
#define XSTATE_YMM_BIT 2
#define XSTATE_FP_MASK (1ULL << XSTATE_FP_BIT)
#define XSTATE_SSE_MASK (1ULL << XSTATE_SSE_BIT)
#define XSTATE_YMM_MASK (1ULL << XSTATE_YMM_BIT)

typedef struct SegmentCache {
    uint32_t selector;
    uint64_t base;
    uint32_t limit;
    uint32_t flags;
} SegmentCache;

typedef union ZMMReg {
    uint8_t b[64];
    uint16_t w[32];
    uint32_t l[16];
    uint64_t q[8];
} ZMMReg;

/* One x87 register: 64-bit mantissa and sign+exponent (80 bits). */
typedef struct FPReg {
    uint64_t low;
    uint16_t high;
} FPReg;

typedef struct MTRRVar {
    uint64_t base;
    uint64_t mask;
} MTRRVar;

/* Lazy condition codes: TCG's business; KVM only keeps eflags. */
typedef enum {
    CC_OP_DYNAMIC, /* must use dynamic code to get cc_op */
    CC_OP_EFLAGS,  /* all cc are explicitly computed, CC_SRC = flags */
    /* TCG lazy flags (QEMU numbering); B/W/L/Q = operand size */
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL, CC_OP_MULQ, /* src: high != 0 */
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL, CC_OP_ADDQ, /* dst=res src=src2 */
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL, CC_OP_ADCQ, /* src2 = carry in */
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL, CC_OP_SUBQ, /* dst=res src=src2 */
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL, CC_OP_SBBQ, /* src2 = borrow in */
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL, CC_OP_LOGICQ, /* dst=res */
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL, CC_OP_INCQ, /* src = old C */
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL, CC_OP_DECQ, /* src = old C */
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL, CC_OP_SHLQ, /* src = val<<(n-1) */
    CC_OP_SARB, CC_OP_SARW, CC_OP_SARL, CC_OP_SARQ, /* src = val>>(n-1) */
    CC_OP_BMILGB, CC_OP_BMILGW, CC_OP_BMILGL, CC_OP_BMILGQ,
    CC_OP_ADCX, CC_OP_ADOX, CC_OP_ADCOX,
    CC_OP_CLR,     /* Z and P set, all others clear */
    CC_OP_POPCNT,  /* Z from src, all others clear */
    CC_OP_NB,
} CCOp;

typedef struct CPUArchState {
    /* Integer state */
    uint64_t regs[CPU_NB_REGS];
    uint64_t eip;
    uint64_t eflags;   /* without CC_* bits when TCG computes them lazily */
    uint64_t cc_dst, cc_src, cc_src2;
    uint32_t cc_op;
    int32_t df;        /* TCG: D flag as +1/-1 */
    uint32_t hflags;
    uint32_t hflags2;

    /* Segments */
    SegmentCache segs[6];
    SegmentCache ldt;
    SegmentCache tr;
    SegmentCache gdt; /* only base and limit used */
    SegmentCache idt; /* only base and limit used */

    uint64_t cr[5];   /* CR0..CR4; cr[1] unused */
    uint64_t cr8;     /* TPR as seen through CR8 (KVM syncs it) */
    uint64_t a20_mask;

    /* FPU / x87 */
    unsigned int fpstt; /* top of stack index */
    uint16_t fpus;
    uint16_t fpuc;
    uint8_t fptags[8];  /* 0 = valid, 1 = empty */
    FPReg fpregs[8];
    uint16_t fpop;
    uint64_t fpip;
    uint64_t fpdp;
    uint16_t fpcs, fpds;

    /* SSE / AVX */
    uint32_t mxcsr;
    ZMMReg xmm_regs[CPU_NB_REGS];
    /* TCG: memory operands of vector instructions are loaded here */
    ZMMReg xmm_t0;
    uint64_t mmx_t0;
    uint64_t opmask_regs[8];
    uint64_t xcr0;
    uint64_t xss;
    uint64_t xstate_bv;

    /* System MSRs */
    uint64_t efer;
    uint64_t star;
    uint64_t lstar;
    uint64_t cstar;
    uint64_t fmask;
    uint64_t kernelgsbase;
    uint32_t sysenter_cs;
    uint64_t sysenter_esp;
    uint64_t sysenter_eip;
    uint64_t tsc;
    uint64_t tsc_aux;
    uint64_t tsc_adjust;
    uint64_t tsc_deadline;
    uint64_t pat;
    uint64_t apic_base;        /* IA32_APIC_BASE */
    uint64_t msr_ia32_misc_enable;
    uint64_t msr_ia32_feature_control;
    uint64_t spec_ctrl;
    uint64_t mcg_cap, mcg_status;
    uint32_t smbase;

    /* MTRRs */
    uint64_t mtrr_fixed[11];
    uint64_t mtrr_deftype;
    MTRRVar mtrr_var[MSR_MTRRcap_VCNT];

    /* Debug registers */
    uint64_t dr[8];

    /* Interrupts and exceptions */
    int exception_nr;          /* pending exception, -1 if none */
    int error_code;
    int exception_is_int;
    uint64_t exception_next_eip;
    bool exception_pending;
    bool exception_injected;
    bool exception_has_payload;
    uint64_t exception_payload;
    int interrupt_injected;    /* vector, -1 if none */
    uint8_t soft_interrupt;
    uint8_t nmi_injected;
    uint8_t nmi_pending;
    uint8_t has_error_code;
    uint32_t sipi_vector;
    uint32_t mp_state;         /* KVM_MP_STATE_* */
    int old_exception;         /* TCG: double fault detection */

    /* Not reset: the model and configuration */
    FeatureWordArray features;
    FeatureWordArray user_features; /* explicitly set by the user */
    uint32_t cpuid_level;      /* max basic leaf */
    uint32_t cpuid_xlevel;     /* max extended leaf */
    uint32_t cpuid_xlevel2;    /* max Centaur leaf */
    uint32_t cpuid_min_level;
    uint32_t cpuid_vendor1, cpuid_vendor2, cpuid_vendor3;
    uint32_t cpuid_version;
    uint32_t cpuid_model[12];  /* brand string, 48 bytes */
    uint32_t cpuid_apic_id;
    uint64_t tsc_khz;          /* 0: host frequency */
    uint32_t nr_dies;
    uint64_t mtrr_default_mask;

    /* TCG: soft-MMU fast path (TCGCPUOps.tlb_fast_ofs points here). */
    CPUTLBDescFast tlb_fast[TCG_MAX_MMU_IDX];
} CPUX86State;

typedef struct X86CPUDefinition X86CPUDefinition;

struct X86CPUClass {
    CPUClass parent_class;
    /* NULL for host/max/base: computed from the accelerator. */
    const X86CPUDefinition *cpu_def;
    const char *model_description;
    const char *alias_of;      /* "alias of X" / NULL: "configured by ..." */
    bool host_cpuid_required;  /* -cpu host */
    bool max_features;         /* max, host */
    bool static_model;         /* "base" */
    int ordering;              /* -cpu help sorting: models, then base/host/max */
};

typedef struct X86CPUTopoInfo {
    unsigned dies_per_pkg;
    unsigned cores_per_die;
    unsigned threads_per_core;
} X86CPUTopoInfo;

/* Creates the local APIC of a CPU when the irqchip is not in the kernel. */
typedef void (*X86APICCreateFn)(X86CPU *cpu, Error **errp);

struct X86CPU {
    CPUState parent_obj;
    CPUX86State env;

    /* Properties */
    uint32_t apic_id;          /* UINT32_MAX: from cpu_index and topology */
    bool enforce_cpuid;        /* "enforce": missing features are fatal */
    bool check_cpuid;          /* "check": missing features warn */
    bool expose_kvm;           /* KVM paravirt leaves 0x40000000.. */
    bool migratable;
    bool enable_pmu;
    bool hypervisor_bit_user_off;
    char *model_id_override;
    uint32_t phys_bits;
    /* Feature names accepted for compatibility but not modelled */
    GHashTable *unmodelled_features;

    /* Runtime state */
    X86CPUTopoInfo topo;
    DeviceState *apic_state;   /* software APIC, NULL when in-kernel */
    bool features_expanded;
    FeatureWordArray filtered_features; /* wanted but unsupported */
    void *kvm_msr_buf;         /* struct kvm_msrs, owned by kvm.c */
    void *xsave_buf;           /* struct kvm_xsave, owned by kvm.c */
    size_t xsave_buf_len;
    void *kvm_lapic_reset;     /* in-kernel LAPIC at creation (kvm.c) */
};

static inline X86CPU *env_archcpu(CPUX86State *env)
{
    return container_of(env, X86CPU, env);
}
static inline CPUState *env_cpu(CPUX86State *env)
{
    return &env_archcpu(env)->parent_obj;
}

/* The hook that creates software APICs; set by hw/intc's apic code. */
extern X86APICCreateFn x86_cpu_apic_create_fn;

/* Recompute hflags from CR0/CR4/EFER/EFLAGS and the CS/SS caches. */
void x86_update_hflags(CPUX86State *env);
/* Load a segment cache and update the hflags that depend on it. */
void cpu_x86_load_seg_cache(CPUX86State *env, int seg_reg,
                            unsigned int selector, uint64_t base,
                            unsigned int limit, unsigned int flags);
/* x87 status word with the top-of-stack field merged in. */
static inline uint16_t x86_fpu_status(const CPUX86State *env)
{
    return (env->fpus & ~0x3800) | ((env->fpstt & 7) << 11);
}

/*
 * CPUID as the guest sees it.  For KVM the result is then masked with
 * what the kernel supports (done once, when features are expanded).
 */
void cpu_x86_cpuid(CPUX86State *env, uint32_t index, uint32_t count,
                   uint32_t *eax, uint32_t *ebx, uint32_t *ecx,
                   uint32_t *edx);

/*
 * "-cpu MODEL,feat..." parsing: returns the CPU type name (caller frees)
 * and records the features as globals for that type, so every CPU of
 * the machine gets them.  NULL with errp set for an unknown model.
 */
char *x86_cpu_parse_cpu_model(const char *cpu_model, Error **errp);
/* Apply "+sse,-x2apic,avx=on,level=13,..." to one CPU (before realize). */
bool x86_cpu_parse_featurestr(X86CPU *cpu, const char *features,
                              Error **errp);
/* The type name for a -cpu model name ("Nehalem" -> its class). */
ObjectClass *x86_cpu_class_by_name(const char *cpu_model);
/* -cpu help */
void x86_cpu_list(FILE *out);
/*
 * Settle the feature words: model + user +/-, then drop what the
 * accelerator cannot provide ("host doesn't support requested feature"
 * warnings; an error with enforce).  Done by realize; tests call it.
 */
bool x86_cpu_expand_features(X86CPU *cpu, Error **errp);
/* Set/get a feature by its QEMU name ("sse4.1", "x2apic"). */
bool x86_cpu_set_feature(X86CPU *cpu, const char *name, bool on,
                         Error **errp);
bool x86_cpu_has_feature(X86CPU *cpu, const char *name);
/* Name of a feature bit, or NULL. */
const char *x86_feature_name(FeatureWord w, int bit);

/* Topology: APIC IDs as the hardware numbers them. */
uint32_t x86_cpu_apic_id_from_index(const X86CPUTopoInfo *topo,
                                    unsigned cpu_index);
unsigned x86_topo_bits(unsigned count); /* bits for count items */

/* Architectural reset values. */
void x86_cpu_reset_state(CPUX86State *env, bool is_bsp);

/* TCG hooks (set by target/i386/tcg when the translator is built). */
extern const struct TCGCPUOps *x86_tcg_ops;
/* EFLAGS with the lazily computed CC bits merged (TCG), or as stored. */
uint64_t cpu_compute_eflags(CPUX86State *env);

/* Register names, for dumps. */
extern const char *const x86_seg_names[6];

/* Feature word description: which leaf/register holds it. */
typedef struct FeatureWordInfo {
    const char *feat_names[32];
    uint32_t cpuid_eax;
    bool cpuid_needs_ecx;
    uint32_t cpuid_ecx;
    int cpuid_reg;   /* R_EAX, R_EBX, R_ECX, R_EDX */
} FeatureWordInfo;
extern const FeatureWordInfo feature_word_info[FEATURE_WORDS];
/* Recognized names with no modelled bit (vmx-*, sgx-*, MSR features). */
extern const char *const x86_unmodelled_feature_names[];

/* A model: what cpu-models.c lists. */
struct X86CPUDefinition {
    const char *name;         /* "Nehalem-v1" */
    const char *vendor;
    int family, model, stepping;
    uint32_t level, xlevel;
    const char *model_id;
    const char *features;     /* space separated QEMU feature names */
    const char *description;  /* -cpu help text when not model_id */
};
/* All named models, NULL-terminated; aliases alongside. */
extern const X86CPUDefinition x86_cpu_defs[];
typedef struct X86CPUAlias {
    const char *name;         /* "Nehalem", "Nehalem-IBRS" */
    const char *target;       /* "Nehalem-v1" */
    bool by_machine;          /* "(alias configured by machine type)" */
} X86CPUAlias;
extern const X86CPUAlias x86_cpu_aliases[];
/* Features of "max" under TCG, as a feature-name list. */
extern const char x86_cpu_max_tcg_features[];
/* Features our TCG implements (x87/SSE come from target/i386/tcg). */
extern const char x86_tcg_supported_features[];

/* Multiprocessor state (KVM_MP_STATE_* numbering). */
#define X86_MP_STATE_RUNNABLE 0
#define X86_MP_STATE_UNINITIALIZED 1
#define X86_MP_STATE_INIT_RECEIVED 2
#define X86_MP_STATE_HALTED 3
#define X86_MP_STATE_SIPI_RECEIVED 4

#endif
