#define SMP_MAX_APS 15
/*
 * Application processor start-up.  smp.c copies the 16-bit part to
 * SMP_TRAMPOLINE (0x8000) and sends a SIPI with vector 0x08, so each AP
 * starts in real mode at 0800:0000.  The trampoline loads the kernel's
 * GDT, sets CR0.PE and far-jumps to ap_entry32 at its link address.
 */
    .section .rodata
    .code16
    .globl smp_trampoline_start, smp_trampoline_end
smp_trampoline_start:
    cli
    cld
    mov %cs, %ax
    mov %ax, %ds                /* offsets below are relative to 0x8000 */
    /* lgdtl: 32-bit operand size so all 32 bits of the base are used */
    lgdtl tramp_gdt_desc - smp_trampoline_start
    mov %cr0, %eax
    or $1, %eax                 /* PE */
    mov %eax, %cr0
    ljmpl $0x08, $ap_entry32    /* reloads CS: now in 32-bit mode */
    .align 4
tramp_gdt_desc:
    .word 5 * 8 - 1
    .long guest_gdt
smp_trampoline_end:

    .text
    .code32
ap_entry32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    /* Take the next free 4 KiB stack: index = ap_next_stack++ */
    mov $1, %eax
    lock xadd %eax, ap_next_stack
    cmp $SMP_MAX_APS, %eax
    jae 2f
    inc %eax
    shl $12, %eax
    add $ap_stacks, %eax
    mov %eax, %esp
    call ap_main
2:  cli
    hlt
    jmp 2b

    .data
    .align 4
ap_next_stack:
    .long 0
    .bss
    .align 4096
ap_stacks:
    .space SMP_MAX_APS * 4096
    .section .note.GNU-stack, "", @progbits
