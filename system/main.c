/*
 * qemu-system-x86_64: set up from the command line, run until the VM
 * exits, clean up.  The exit status is the VM's (isa-debug-exit, ...).
 */
#include "qemu/osdep.h"
#include "sysemu/sysemu.h"
#include "sysemu/runstate.h"

int main(int argc, char **argv)
{
    int status;

    qemu_init(argc, argv);
    status = qemu_main_loop();
    qemu_cleanup();
    return status;
}
