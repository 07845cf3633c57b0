/* The null backend: swallows output, never produces input. */
#include "qemu/osdep.h"
#include "chardev/char.h"

static void null_chr_open(Chardev *chr, bool *be_opened, Error **errp)
{
    *be_opened = false;
}

static int null_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

static void null_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = null_chr_open;
    cc->chr_write = null_chr_write;
}

static const TypeInfo null_chr_type = {
    .name = "chardev-null",
    .parent = TYPE_CHARDEV,
    .class_init = null_chr_class_init,
};

static void null_chr_register(void)
{
    type_register_static(&null_chr_type);
}

type_init(null_chr_register)
