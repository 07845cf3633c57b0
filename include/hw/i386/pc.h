/*
 * The pc machine's pieces that other files of hw/i386 share.
 */
#ifndef HW_I386_PC_H
#define HW_I386_PC_H

#include "hw/boards.h"
#include "hw/i386/x86-boot.h"

#define PC_NUM_GSI 24

typedef struct FWCfgState FWCfgState;
typedef struct X86CPU X86CPU;

/*
 * ACPI tables (RSDP, XSDT, FADT, MADT, DSDT) and the PM device behind
 * them (PM1 event/control, PM timer, power button).  Tables are placed
 * in guest RAM below 1 MiB; pc_acpi_rsdp_addr() is 0 until built or when
 * -no-acpi was given.
 */
void pc_acpi_init(MachineState *ms, uint64_t below_4g, uint64_t above_4g,
                  FWCfgState *fw_cfg);
uint64_t pc_acpi_rsdp_addr(void);
/* The DSDT's AML (no table header), for tests: iasl -d must accept it. */
GByteArray *pc_acpi_build_dsdt_aml(uint64_t below_4g);

/* Put the boot CPU in the state a directly booted kernel expects. */
void x86_cpu_apply_boot_state(X86CPU *cpu, const X86BootState *bs);

#endif
