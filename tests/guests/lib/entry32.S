/*
 * Multiboot v1 entry for 32-bit guests (ELF32, loaded by the multiboot
 * loader behind QEMU's -kernel).  On entry EAX holds the multiboot magic,
 * EBX the physical address of the info struct, paging is off and the GDT
 * is undefined, so we install our own before touching segment registers.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003     /* page-align modules, provide mem info */

#ifndef GUEST_PVH
    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
#else
/*
 * PVH instead (Xen's arch-x86/hvm/start_info.h): an ELF note naming the
 * 32-bit entry; EBX points at the hvm_start_info, EAX is undefined.
 */
    .section .note.Xen, "a", @note
    .align 4
    .long 4                     /* name size: "Xen" */
    .long 4                     /* descriptor size */
    .long 18                    /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long _start
#endif

    .text
    .globl _start
_start:
    cli
    mov $stack_top, %esp
    mov %eax, %esi              /* keep magic and info pointer */
    mov %ebx, %ebp
    lgdt gdt_desc
    ljmp $0x08, $1f
1:  mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    /* Clear .bss ourselves rather than trusting the loader. */
    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    cld
    rep stosb
    push %ebp
    push %esi
    call guest_start
2:  cli
    hlt
    jmp 2b

    .section .rodata
    .align 8
    .globl guest_gdt
guest_gdt:
    .quad 0                     /* 0x00 null */
    .quad 0x00cf9a000000ffff    /* 0x08 flat 32-bit code */
    .quad 0x00cf92000000ffff    /* 0x10 flat data */
    .quad 0x008f9a000000ffff    /* 0x18 16-bit code, 4 GiB limit */
    .quad 0x008f92000000ffff    /* 0x20 16-bit data */
gdt_end:
    .globl gdt_desc
gdt_desc:
    .word gdt_end - guest_gdt - 1
    .long guest_gdt

    .bss
    .align 16
    .space 16384
    .globl stack_top
stack_top:
    .section .note.GNU-stack, "", @progbits
