/*
 * Applying an X86BootState to a CPU: flat segments loaded straight into
 * the descriptor caches (so the GDT in memory only matters once the kernel
 * reloads a selector), control registers and EFER as the boot protocol
 * asks, interrupts off.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc.h"
#include "target/i386/cpu.h"

void x86_cpu_apply_boot_state(X86CPU *cpu, const X86BootState *bs)
{
    CPUX86State *env = &cpu->env;
    unsigned code = DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK |
                    DESC_A_MASK | DESC_G_MASK;
    unsigned data = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK |
                    DESC_G_MASK | DESC_B_MASK;

    if (bs->mode == X86_BOOT_FIRMWARE) {
        return;
    }
    code |= bs->mode == X86_BOOT_LONG64 ? DESC_L_MASK : DESC_B_MASK;
    env->cr[0] = bs->cr0;
    env->cr[3] = bs->cr3;
    env->cr[4] = bs->cr4;
    env->efer = bs->efer;
    env->gdt.base = bs->gdt_base;
    env->gdt.limit = bs->gdt_limit;
    env->idt.base = 0;
    env->idt.limit = 0;
    cpu_x86_load_seg_cache(env, R_CS, X86_BOOT_CS, 0, 0xffffffff, code);
    for (int seg = 0; seg < 6; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, X86_BOOT_DS, 0, 0xffffffff,
                                   data);
        }
    }
    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_EAX] = bs->rax;
    env->regs[R_EBX] = bs->rbx;
    env->regs[R_ESI] = bs->rsi;
    env->regs[R_ESP] = bs->rsp;
    env->eip = bs->rip;
    env->eflags = 0x2;                  /* reserved bit; IF clear */
    x86_update_hflags(env);
}
