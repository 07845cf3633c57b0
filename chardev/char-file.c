/*
 * The file backend: path= (output), append=, input-path= (optional input).
 */
#include "qemu/osdep.h"
#include "chardev/char-io.h"
#include "qemu/option.h"
#include "qemu/error.h"

typedef struct FileChardev {
    FDChardev parent;
    char *path;
    char *in_path;
    bool append;
} FileChardev;

#define TYPE_CHARDEV_FILE "chardev-file"
OBJECT_DECLARE_SIMPLE_TYPE(FileChardev, CHARDEV_FILE)

static void file_chr_parse(QemuOpts *opts, Chardev *chr, Error **errp)
{
    FileChardev *s = CHARDEV_FILE(chr);
    const char *path = qemu_opt_get(opts, "path");

    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return;
    }
    s->path = g_strdup(path);
    s->in_path = g_strdup(qemu_opt_get(opts, "input-path"));
    s->append = qemu_opt_get_bool(opts, "append", false);
}

static void file_chr_open(Chardev *chr, bool *be_opened, Error **errp)
{
    FileChardev *s = CHARDEV_FILE(chr);
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    int out, in = -1;

    if (!s->path) {
        error_setg(errp, "chardev: file: no filename given");
        return;
    }
    flags |= s->append ? O_APPEND : O_TRUNC;
    out = open(s->path, flags, 0666);
    if (out < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", s->path);
        return;
    }
    if (s->in_path) {
        in = open(s->in_path, O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", s->in_path);
            close(out);
            return;
        }
    }
    chr->filename = g_strdup_printf("file:%s", s->path);
    qemu_chr_fd_set(chr, in, out);
}

static void file_chr_finalize(Object *obj)
{
    FileChardev *s = CHARDEV_FILE(obj);

    g_free(s->path);
    g_free(s->in_path);
}

static void file_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = file_chr_parse;
    cc->open = file_chr_open;
}

static const TypeInfo file_chr_type = {
    .name = TYPE_CHARDEV_FILE,
    .parent = TYPE_CHARDEV_FD,
    .instance_size = sizeof(FileChardev),
    .instance_finalize = file_chr_finalize,
    .class_init = file_chr_class_init,
};

static void file_chr_register(void)
{
    type_register_static(&file_chr_type);
}

type_init(file_chr_register)
