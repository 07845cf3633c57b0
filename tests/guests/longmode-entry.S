/*
 * longmode entry: a 64-bit ELF flattened to a raw binary, so the multiboot
 * header uses the a.out kludge (flag bit 16) to give the load addresses.
 * The 32-bit entry builds identity page tables, enables long mode in the
 * architectural order (CR4.PAE, CR3, EFER.LME, then CR0.PG; the far jump
 * into a 64-bit code segment then leaves compatibility mode) and calls the
 * common C entry in 64-bit mode.
 *
 * Page tables (all in .bss):
 *   PML4[0] -> PDPT;  PDPT[0] -> PD covering 0-1 GiB:
 *     PD[0]      -> PT with 512 4 KiB pages (0-2 MiB, includes this image)
 *     PD[1..511] -> 2 MiB pages
 *   PDPT[1] -> PD_ALIAS[0] -> PT_ALIAS[0]: virtual 0x40000000 is a 4 KiB
 *     alias of alias_page, which longmode.c checks through both addresses.
 *   PDPT[3] -> PD_HIGH: 2 MiB pages for 3-4 GiB (IOAPIC, LAPIC).
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00010003     /* page-align, mem info, a.out kludge */

#define PTE_P    0x001
#define PTE_RW   0x002
#define PTE_PS   0x080          /* 2 MiB page in a PD entry */
#define PTE_PCD  0x010

    .section .multiboot, "a"
    .align 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header             /* header_addr */
    .long __load_start          /* load_addr */
    .long __load_end            /* load_end_addr */
    .long __bss_end             /* bss_end_addr */
    .long _start32              /* entry_addr */

    .text
    .code32
    .globl _start32
_start32:
    cli
    mov $stack_top, %esp
    mov %eax, %esi              /* multiboot magic */
    mov %ebx, %ebp              /* multiboot info */
    lgdt gdt_desc
    ljmp $0x08, $1f
1:  mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs

    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    cld
    rep stosb

    /* Long mode available?  CPUID 0x80000001 EDX bit 29. */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode

    /* PML4 and PDPT */
    movl $pdpt + PTE_P + PTE_RW, pml4
    movl $pd + PTE_P + PTE_RW, pdpt
    movl $pd_alias + PTE_P + PTE_RW, pdpt + 8
    movl $pd_high + PTE_P + PTE_RW, pdpt + 24
    /* PD[0] -> 4 KiB page table for the first 2 MiB */
    movl $pt + PTE_P + PTE_RW, pd
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $12, %eax
    or $PTE_P + PTE_RW, %eax
    mov %eax, pt(,%ecx,8)
    inc %ecx
    cmp $512, %ecx
    jb 2b
    /* PD[1..511]: 2 MiB pages */
    mov $1, %ecx
3:  mov %ecx, %eax
    shl $21, %eax
    or $PTE_P + PTE_RW + PTE_PS, %eax
    mov %eax, pd(,%ecx,8)
    inc %ecx
    cmp $512, %ecx
    jb 3b
    /* 3-4 GiB, uncached: MMIO of the APICs lives there */
    xor %ecx, %ecx
4:  mov %ecx, %eax
    shl $21, %eax
    or $0xc0000000 + PTE_P + PTE_RW + PTE_PS + PTE_PCD, %eax
    mov %eax, pd_high(,%ecx,8)
    inc %ecx
    cmp $512, %ecx
    jb 4b
    /* The 4 KiB alias at 0x40000000 */
    movl $pt_alias + PTE_P + PTE_RW, pd_alias
    movl $alias_page + PTE_P + PTE_RW, pt_alias

    /* The enabling sequence: PAE, CR3, EFER.LME, then paging. */
    mov %cr4, %eax
    or $0x20, %eax              /* CR4.PAE */
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx       /* IA32_EFER */
    rdmsr
    or $0x100, %eax             /* LME */
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax        /* PG | PE: long mode becomes active */
    mov %eax, %cr0
    ljmp $0x18, $long_entry     /* 64-bit code segment: leave compat mode */

no_long_mode:
    mov $0x11, %eax             /* GUEST_FAIL through isa-debug-exit */
    out %eax, $0xf4
5:  hlt
    jmp 5b

    .code64
long_entry:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $stack_top, %rsp
    mov %esi, %edi              /* guest_start(magic, info) */
    mov %ebp, %esi
    call guest_start
6:  cli
    hlt
    jmp 6b

/*
 * uint32_t compat_mode_test(const char *msg): far-return into the 32-bit
 * code segment (L=0, D=1), i.e. compatibility mode, print msg there with
 * 32-bit code, and come back with a far jump to the 64-bit segment.
 * Returns 0x7fffffff if byte 0x40 acted as 'inc %eax' (32-bit decoding);
 * in 64-bit mode it would have been a REX prefix, leaving 0x7ffffffe.
 */
    .globl compat_mode_test
compat_mode_test:
    push %rbx
    push %rbp
    mov %rsp, %rbp
    mov %rdi, %rsi              /* msg is below 4 GiB: %esi suffices */
    pushq $0x08
    lea compat32(%rip), %rax
    push %rax
    lretq

    .code32
compat32:
7:  lodsb                       /* uses %esi in compatibility mode */
    test %al, %al
    jz 9f
    mov %al, %bl
    mov $0x3fd, %dx             /* COM1 LSR: wait for THRE */
8:  in %dx, %al
    test $0x20, %al
    jz 8b
    mov $0x3f8, %dx
    mov %bl, %al
    out %al, %dx
    jmp 7b
9:  mov $0x7ffffffe, %eax
    .byte 0x40                  /* inc %eax here; REX in 64-bit mode */
    nop
    ljmp $0x18, $back64

    .code64
back64:
    mov %rbp, %rsp
    pop %rbp
    pop %rbx
    ret

    .section .rodata
    .align 8
gdt:
    .quad 0                     /* 0x00 null */
    .quad 0x00cf9a000000ffff    /* 0x08 32-bit code (compat mode in LM) */
    .quad 0x00cf92000000ffff    /* 0x10 flat data */
    .quad 0x00af9a000000ffff    /* 0x18 64-bit code: L=1, D=0 */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long gdt

    .bss
    .align 4096
pml4:       .space 4096
pdpt:       .space 4096
pd:         .space 4096
pt:         .space 4096
pd_alias:   .space 4096
pt_alias:   .space 4096
pd_high:    .space 4096
    .globl alias_page
alias_page: .space 4096
    .align 16
    .space 16384
stack_top:
    .section .note.GNU-stack, "", @progbits
