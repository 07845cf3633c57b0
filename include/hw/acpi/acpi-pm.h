/*
 * ACPI fixed hardware of the pc machine (PIIX4-PM compatible layout at
 * I/O base 0x600): PM1a event block (status/enable), PM1a control block
 * (SLP_TYP/SLP_EN: S5 powers off), the 3.579545 MHz PM timer (32-bit) and
 * a GPE0 block.  The SCI is level-triggered on ISA IRQ 9.  A host
 * power-down request (QMP system_powerdown) sets PWRBTN_STS.
 */
#ifndef HW_ACPI_PM_H
#define HW_ACPI_PM_H

#include "hw/isa/isa.h"

#define TYPE_ACPI_PM "acpi-pm"
#define ACPI_PM_BASE 0x600
#define ACPI_PM1_EVT_LEN 4
#define ACPI_PM1_CNT_OFS 4
#define ACPI_PM1_CNT_LEN 2
#define ACPI_PM_TMR_OFS 8
#define ACPI_PM_TMR_LEN 4
#define ACPI_GPE0_BASE 0xafe0
#define ACPI_GPE0_LEN 4
#define ACPI_SCI_IRQ 9
#define ACPI_PM_TIMER_FREQUENCY 3579545
/* SLP_TYP value the DSDT's \_S5 names. */
#define ACPI_S5_SLP_TYP 0

#endif
