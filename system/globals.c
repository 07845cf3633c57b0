/*
 * Settings from the command line that other subsystems read (see
 * sysemu/sysemu.h); their defaults are QEMU's.
 */
#include "qemu/osdep.h"
#include "sysemu/sysemu.h"

const char *qemu_name;
bool qemu_debug_threads;
uint8_t qemu_uuid[16];
bool qemu_uuid_set;
bool autostart = true;
bool singlestep;
bool nographic;
bool display_none;
const char *vga_model = "none";
bool acpi_disabled;
bool (*monitor_init_hook)(const MonitorConfig *cfg, Error **errp);
