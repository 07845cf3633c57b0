/*
 * The pipe backend: PATH.in and PATH.out if both exist, else PATH for both
 * directions (a FIFO opened read-write so it never sees EOF).
 */
#include "qemu/osdep.h"
#include "chardev/char-io.h"
#include "qemu/option.h"
#include "qemu/error.h"

typedef struct PipeChardev {
    FDChardev parent;
    char *path;
} PipeChardev;

#define TYPE_CHARDEV_PIPE "chardev-pipe"
OBJECT_DECLARE_SIMPLE_TYPE(PipeChardev, CHARDEV_PIPE)

static void pipe_chr_parse(QemuOpts *opts, Chardev *chr, Error **errp)
{
    const char *path = qemu_opt_get(opts, "path");

    if (!path) {
        error_setg(errp, "chardev: pipe: no device path given");
        return;
    }
    CHARDEV_PIPE(chr)->path = g_strdup(path);
}

static void pipe_chr_open(Chardev *chr, bool *be_opened, Error **errp)
{
    PipeChardev *s = CHARDEV_PIPE(chr);
    g_autofree char *in_path = NULL, *out_path = NULL;
    int fd_in, fd_out;

    if (!s->path) {
        error_setg(errp, "chardev: pipe: no device path given");
        return;
    }
    in_path = g_strdup_printf("%s.in", s->path);
    out_path = g_strdup_printf("%s.out", s->path);
    fd_in = open(in_path, O_RDWR | O_CLOEXEC);
    fd_out = open(out_path, O_WRONLY | O_CLOEXEC);
    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = open(s->path, O_RDWR | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", s->path);
            return;
        }
    }
    chr->filename = g_strdup_printf("pipe:%s", s->path);
    qemu_chr_fd_set(chr, fd_in, fd_out);
}

static void pipe_chr_finalize(Object *obj)
{
    g_free(CHARDEV_PIPE(obj)->path);
}

static void pipe_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = pipe_chr_parse;
    cc->open = pipe_chr_open;
}

static const TypeInfo pipe_chr_type = {
    .name = TYPE_CHARDEV_PIPE,
    .parent = TYPE_CHARDEV_FD,
    .instance_size = sizeof(PipeChardev),
    .instance_finalize = pipe_chr_finalize,
    .class_init = pipe_chr_class_init,
};

static void pipe_chr_register(void)
{
    type_register_static(&pipe_chr_type);
}

type_init(pipe_chr_register)
