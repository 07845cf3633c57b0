/*
 * realmode: a 64 KiB firmware image for -bios.  No BIOS services exist:
 * the CPU starts at the reset vector (CS selector F000, base FFFF0000,
 * IP FFF0, i.e. the last 16 bytes of this image), we far-jump to
 * F000:start16 (the image is also visible at 0xF0000-0xFFFFF), then:
 *   1. real mode: segment arithmetic (1000:0010 and 1001:0000 name the
 *      same byte), a few 16-bit instructions, COM1 output by polling;
 *   2. 16-bit protected mode: GDT loaded, CR0.PE set, far jump to a 16-bit
 *      code segment whose base is 0xF0000 so the same offsets keep working;
 *   3. 32-bit protected mode: far jump to a 32-bit code segment (base
 *      0xF0000 too), flat data segment for RAM above 1 MiB.
 * All code is linked at offset 0 of the image; segment bases do the rest.
 * Unexpected exceptions print the vector (real mode: via the IVT; 32-bit:
 * via an IDT) and exit through isa-debug-exit with the failure code.
 */
#define COM1      0x3f8
#define EXIT_PORT 0xf4
#define PASS      0x10
#define FAIL      0x11
#define ROM_BASE  0xf0000
#define STACK     0x7000

/* GDT selectors */
#define SEL_CODE32 0x08         /* 32-bit code, base 0xF0000 */
#define SEL_ROM32  0x10         /* 32-bit data, base 0xF0000 (this image) */
#define SEL_CODE16 0x18         /* 16-bit code, base 0xF0000, limit 64K */
#define SEL_ROM16  0x20         /* 16-bit data, base 0xF0000, limit 64K */
#define SEL_FLAT   0x28         /* 32-bit data, base 0, 4 GiB */

    .text
    .code16
/* ---- 16-bit helpers: used from real mode and 16-bit protected mode;
 *      DS must address this image (F000 or SEL_ROM16). */
serial_init16:
    mov $COM1 + 1, %dx
    xor %al, %al
    out %al, %dx                /* IER = 0 */
    mov $COM1 + 3, %dx
    mov $0x80, %al
    out %al, %dx                /* DLAB */
    mov $COM1, %dx
    mov $1, %al
    out %al, %dx                /* divisor 1: 115200 */
    inc %dx
    xor %al, %al
    out %al, %dx
    mov $COM1 + 3, %dx
    mov $3, %al
    out %al, %dx                /* 8N1 */
    ret

putc16:                         /* %al */
    push %dx
    push %ax
    mov $COM1 + 5, %dx
1:  in %dx, %al
    test $0x20, %al             /* LSR.THRE */
    jz 1b
    pop %ax
    mov $COM1, %dx
    out %al, %dx
    pop %dx
    ret

puts16:                         /* DS:%si, NUL terminated */
    push %ax
1:  lodsb
    test %al, %al
    jz 2f
    call putc16
    jmp 1b
2:  pop %ax
    ret

puthex16:                       /* %ax as 4 hex digits */
    push %cx
    push %bx
    mov %ax, %bx
    mov $4, %cx
1:  rol $4, %bx
    mov %bl, %al
    and $0xf, %al
    add $'0', %al
    cmp $'9', %al
    jbe 2f
    add $'a' - '9' - 1, %al
2:  call putc16
    loop 1b
    pop %bx
    pop %cx
    ret

putdec16:                       /* %ax unsigned decimal */
    push %ax
    push %cx
    push %dx
    push %bx
    mov $10, %bx
    xor %cx, %cx
1:  xor %dx, %dx
    div %bx                     /* 16-bit divide: dx:ax / bx */
    push %dx
    inc %cx
    test %ax, %ax
    jnz 1b
2:  pop %ax
    add $'0', %al
    call putc16
    loop 2b
    pop %bx
    pop %dx
    pop %cx
    pop %ax
    ret

/* ---- real-mode exception stubs, 8 bytes apart, installed in the IVT */
    .align 8
rm_stubs:
vec = 0
    .rept 32
    .align 8
    push $vec
    jmp rm_trap
vec = vec + 1
    .endr
rm_trap:
    mov %cs, %ax
    mov %ax, %ds
    mov $msg_rm_exc, %si
    call puts16
    pop %ax                     /* vector */
    call puthex16
    mov $msg_at, %si
    call puts16
    mov %sp, %bp
    mov 2(%bp), %ax             /* CS of the faulting instruction */
    call puthex16
    mov $':', %al
    call putc16
    mov (%bp), %ax              /* IP */
    call puthex16
    mov $'\n', %al
    call putc16
    jmp fail16

fail16:
    mov $FAIL, %ax
    out %ax, $EXIT_PORT
1:  cli
    hlt
    jmp 1b

/* ---- stage 1: real mode */
start16:
    cli
    cld
    xor %ax, %ax
    mov %ax, %ss
    mov $STACK, %sp
    mov %cs, %ax                /* F000 after the far jump */
    mov %ax, %ds

    /* IVT entries 0-31 -> F000:rm_stubs + 8 * vector */
    xor %ax, %ax
    mov %ax, %es
    xor %di, %di
    mov $rm_stubs, %ax
    mov $32, %cx
1:  mov %ax, %es:(%di)
    movw $0xf000, %es:2(%di)
    add $8, %ax
    add $4, %di
    loop 1b

    call serial_init16
    mov $msg_real, %si
    call puts16
    mov %cs, %ax
    call puthex16
    mov $msg_nl, %si
    call puts16

    /* Segment arithmetic: linear = segment * 16 + offset. */
    mov $0x1000, %ax
    mov %ax, %es
    movw $0xbeef, %es:0x0010
    mov $0x1001, %ax
    mov %ax, %fs
    mov %fs:0x0000, %ax
    cmp $0xbeef, %ax
    jne fail16
    mov $msg_seg, %si
    call puts16

    /* 16-bit arithmetic: sum 1..100 with LOOP, 0xffff+1 carry, XCHG. */
    xor %ax, %ax
    mov $100, %cx
2:  add %cx, %ax
    loop 2b
    mov %ax, %bx
    mov $0xffff, %dx
    add $1, %dx                 /* wraps to 0 and sets CF */
    jnc fail16
    jnz fail16
    xchg %ax, %bx
    mov $msg_sum, %si
    call puts16
    call putdec16
    mov $msg_nl, %si
    call puts16
    cmp $5050, %ax
    jne fail16

    /* Stage 2: load the GDT and set CR0.PE.  The 32-bit operand form of
     * LGDT takes all 32 bits of the base (0xF0000 + gdt). */
    lgdtl gdt_desc
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    /* The far jump reloads CS from the GDT: 16-bit protected mode. */
    ljmp $SEL_CODE16, $pm16

pm16:
    mov $SEL_ROM16, %ax
    mov %ax, %ds
    mov $SEL_FLAT, %ax
    mov %ax, %ss
    mov $STACK, %sp
    mov $msg_pm16, %si
    call puts16
    mov %cs, %ax
    call puthex16
    mov $msg_nl, %si
    call puts16
    /* Protected-mode segmentation: SEL_FLAT addresses 1 MiB + 64 KiB,
     * beyond anything a real-mode segment:offset can reach. */
    mov $SEL_FLAT, %ax
    mov %ax, %es
    /* 16-bit code with a 32-bit address (0x67 prefix) */
    mov $0x110000, %ebx
    movl $0x600dcafe, %es:(%ebx)
    cmpl $0x600dcafe, %es:(%ebx)
    jne fail16
    mov $msg_pm16_mem, %si
    call puts16
    /* 32-bit operand size far jump into the 32-bit code segment. */
    ljmpl $SEL_CODE32, $pm32

/* ---- stage 3: 32-bit protected mode */
    .code32
putc32:
    push %edx
    push %eax
    mov $COM1 + 5, %dx
1:  in %dx, %al
    test $0x20, %al
    jz 1b
    pop %eax
    mov $COM1, %dx
    out %al, %dx
    pop %edx
    ret

puts32:                         /* DS:%esi */
    push %eax
1:  lodsb
    test %al, %al
    jz 2f
    call putc32
    jmp 1b
2:  pop %eax
    ret

puthex32:                       /* %eax as 8 hex digits */
    push %ecx
    push %ebx
    mov %eax, %ebx
    mov $8, %ecx
1:  rol $4, %ebx
    mov %bl, %al
    and $0xf, %al
    add $'0', %al
    cmp $'9', %al
    jbe 2f
    add $'a' - '9' - 1, %al
2:  call putc32
    loop 1b
    pop %ebx
    pop %ecx
    ret

    .align 16
pm_stubs:
vec = 0
    .rept 32
    .align 16
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17)
    .else
    push $0
    .endif
    push $vec
    jmp pm_trap
vec = vec + 1
    .endr
pm_trap:
    mov $SEL_ROM32, %ax
    mov %ax, %ds
    mov $msg_pm_exc, %esi
    call puts32
    mov (%esp), %eax
    call puthex32
    mov $msg_err, %esi
    call puts32
    mov 4(%esp), %eax
    call puthex32
    mov $msg_at, %esi
    call puts32
    mov 8(%esp), %eax
    call puthex32
    mov $'\n', %al
    call putc32
    mov $FAIL, %eax
    out %eax, $EXIT_PORT
1:  cli
    hlt
    jmp 1b

pm32:
    mov $SEL_ROM32, %ax
    mov %ax, %ds
    mov $SEL_FLAT, %ax
    mov %ax, %es
    mov %ax, %ss
    mov $STACK, %esp
    lidt idt_desc
    mov $msg_pm32, %esi
    call puts32
    mov %cs, %eax
    call puthex32
    mov $msg_nl, %esi
    call puts32

    /* 32-bit arithmetic: 0x12345678 * 16 keeps the low 32 bits. */
    mov $0x12345678, %eax
    imul $16, %eax, %eax
    cmp $0x23456780, %eax
    jne pm_fail
    /* Flat data segment: RAM at 2 MiB (not affected by the A20 gate). */
    movl $0x13579bdf, %es:0x200000
    mov %es:0x200000, %ebx
    cmp $0x13579bdf, %ebx
    jne pm_fail
    mov $msg_pm32_ok, %esi
    call puts32
    mov %ebx, %eax
    call puthex32
    mov $msg_nl, %esi
    call puts32

    mov $PASS, %eax
    out %eax, $EXIT_PORT
    jmp pm_halt
pm_fail:
    mov $FAIL, %eax
    out %eax, $EXIT_PORT
pm_halt:
    cli
    hlt
    jmp pm_halt

/* ---- tables and strings */
    .align 8
/* The GDT lives in ROM, so every descriptor has its accessed bit preset:
 * otherwise loading a selector makes the CPU write that bit, a write the
 * ROM drops (KVM then retries the segment load forever). */
gdt:
    .quad 0
    .quad 0x00cf9b0f0000ffff    /* 0x08 32-bit code, base 0xF0000 */
    .quad 0x00cf930f0000ffff    /* 0x10 32-bit data, base 0xF0000 */
    .quad 0x00009b0f0000ffff    /* 0x18 16-bit code, base 0xF0000 */
    .quad 0x0000930f0000ffff    /* 0x20 16-bit data, base 0xF0000 */
    .quad 0x00cf93000000ffff    /* 0x28 flat data */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long ROM_BASE + gdt

    .align 8
idt:                            /* 32 interrupt gates, selector SEL_CODE32 */
vec = 0
    .rept 32
    .word pm_stubs + 16 * vec   /* offset 15:0 (within the 64 KiB image) */
    .word SEL_CODE32
    .word 0x8e00                /* present, DPL 0, 32-bit interrupt gate */
    .word 0                     /* offset 31:16 */
vec = vec + 1
    .endr
idt_end:
idt_desc:
    .word idt_end - idt - 1
    .long ROM_BASE + idt

msg_real:     .asciz "real mode: running at CS="
msg_seg:      .asciz "real mode: 1000:0010 and 1001:0000 alias\n"
msg_sum:      .asciz "real mode: sum 1..100 = "
msg_pm16:     .asciz "16-bit protected mode: CS="
msg_pm16_mem: .asciz "16-bit protected mode: wrote RAM at 1 MiB + 64 KiB\n"
msg_pm32:     .asciz "32-bit protected mode: CS="
msg_pm32_ok:  .asciz "32-bit protected mode: imul ok, RAM at 2 MiB = "
msg_rm_exc:   .asciz "EXCEPTION: real-mode vector 0x"
msg_pm_exc:   .asciz "EXCEPTION: vector 0x"
msg_err:      .asciz " error 0x"
msg_at:       .asciz " at "
msg_nl:       .asciz "\n"

/* ---- reset vector: the last 16 bytes of the image (0xFFFFFFF0) */
    .section .reset, "ax"
    .code16
    .globl reset
reset:
    ljmp $0xf000, $start16
    .align 16, 0xf4             /* pad with HLT */
    .section .note.GNU-stack, "", @progbits
