/*
 * 256 interrupt entry stubs, 16 bytes apart so idt.c can compute their
 * addresses.  Each stub makes the stack uniform (a dummy error code for the
 * vectors where the CPU pushes none), pushes its vector number and joins
 * trap_common, which calls guest_trap(vector, error, ip) in C.
 */
    .text
    .globl guest_vector_stubs
    .align 16
guest_vector_stubs:
vec = 0
    .rept 256
    .align 16
    /* Exceptions that push an error code: #DF #TS #NP #SS #GP #PF #AC #CP
     * #VC #SX */
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    push $0
    .endif
    push $vec
    jmp trap_common
vec = vec + 1
    .endr

trap_common:
#ifdef __x86_64__
    /* Caller-saved registers only: guest_trap follows the SysV ABI.  With
     * the 7-qword frame above, 9 pushes leave %rsp 16-byte aligned. */
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    cld
    mov 72(%rsp), %rdi          /* vector */
    mov 80(%rsp), %rsi          /* error code */
    mov 88(%rsp), %rdx          /* RIP */
    lea 88(%rsp), %rcx          /* where it is saved */
    call guest_trap
    mov %eax, 76(%rsp)          /* the vector slot's high half: a flag */
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
    cmpl $0, 4(%rsp)
    jne 1f
    add $16, %rsp
    iretq
    /*
     * Return without IRET (same privilege level, interrupts stay as the
     * frame says): EFLAGS by POPF, RIP by RET, then drop CS, RFLAGS, RSP,
     * SS and the padding the CPU added if it aligned the stack (the saved
     * RSP says which).
     */
1:  add $16, %rsp
    push %rax
    lea 48(%rsp), %rax
    cmp %rax, 32(%rsp)
    pop %rax
    jne 2f
    pushq 16(%rsp)
    popfq
    ret $32
2:  pushq 16(%rsp)
    popfq
    ret $40
#else
    pushal
    cld
    mov 32(%esp), %eax          /* vector */
    mov 36(%esp), %edx          /* error code */
    mov 40(%esp), %ecx          /* EIP */
    lea 40(%esp), %ebx          /* where it is saved (popal restores ebx) */
    push %ebx
    push %ecx
    push %edx
    push %eax
    call guest_trap
    add $16, %esp
    mov %eax, 32(%esp)          /* the vector slot: a flag for below */
    popal
    cmpl $0, (%esp)
    jne 1f
    add $8, %esp
    iret
    /* Return without IRET (same privilege level): POPF, RET, drop CS and
     * EFLAGS. */
1:  add $8, %esp
    pushl 8(%esp)
    popfl
    ret $8
#endif
    .section .note.GNU-stack, "", @progbits
