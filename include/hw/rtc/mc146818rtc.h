/*
 * Motorola MC146818A RTC and CMOS RAM ("mc146818rtc", ports 0x70/0x71,
 * ISA IRQ 8).  The calendar starts at qemu_get_timedate() (-rtc base=)
 * and follows rtc_clock (-rtc clock=, QEMU_CLOCK_HOST by default); the
 * periodic interrupt is paced by QEMU_CLOCK_VIRTUAL (so qtest's
 * clock_step drives it).  The board fills the CMOS memory-size fields with
 * rtc_set_memory().
 */
#ifndef HW_RTC_MC146818RTC_H
#define HW_RTC_MC146818RTC_H

#include "hw/isa/isa.h"

#define TYPE_MC146818_RTC "mc146818rtc"
#define RTC_ISA_IRQ 8
#define RTC_ISA_BASE 0x70

/* CMOS offsets the PC board fills in (SeaBIOS reads them). */
#define RTC_REG_EXT_MEM_KB_LO 0x17     /* also 0x30 */
#define RTC_REG_EXT_MEM_KB_HI 0x18     /* also 0x31 */
#define RTC_REG_MEM_ABOVE_16M_LO 0x34  /* in 64 KiB units */
#define RTC_REG_MEM_ABOVE_16M_HI 0x35
#define RTC_REG_MEM_ABOVE_4G 0x5b      /* 0x5b-0x5d, in 64 KiB units */
#define RTC_REG_CENTURY 0x32

/* Create at 0x70; IRQ goes to intercept_irq if set, else ISA IRQ 8. */
ISADevice *mc146818_rtc_init(ISABus *bus, int base_year,
                             qemu_irq intercept_irq);
/* addr 0-127; out-of-range addresses are reported and ignored. */
void rtc_set_memory(ISADevice *dev, int addr, int val);
int rtc_get_memory(ISADevice *dev, int addr);

#endif
