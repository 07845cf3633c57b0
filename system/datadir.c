/*
 * Where firmware is found: the name itself if it is a readable path, then
 * each -L directory in order, then the installed data directory and the
 * distribution's firmware directories (Debian's seabios).
 */
#include "qemu/osdep.h"
#include "sysemu/sysemu.h"

static GPtrArray *data_dirs;

static const char *const default_dirs[] = {
    CONFIG_QEMU_DATADIR,
    "/usr/share/qemu",
    "/usr/share/seabios",
    "/usr/lib/ipxe/qemu",
};

void qemu_add_data_dir(const char *path)
{
    if (!data_dirs) {
        data_dirs = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(data_dirs, g_strdup(path));
}

static char *try_dir(const char *dir, const char *sub, const char *name)
{
    char *path = g_build_filename(dir, sub ? sub : name, sub ? name : NULL,
                                  NULL);

    if (access(path, R_OK) == 0) {
        return path;
    }
    g_free(path);
    return NULL;
}

char *qemu_find_file(int type, const char *name)
{
    const char *sub = type == QEMU_FILE_TYPE_KEYMAP ? "keymaps" : NULL;
    char *path;

    if (!name || !*name) {
        return NULL;
    }
    if (access(name, R_OK) == 0) {
        return g_strdup(name);
    }
    if (g_path_is_absolute(name)) {
        return NULL;
    }
    for (guint i = 0; data_dirs && i < data_dirs->len; i++) {
        path = try_dir(g_ptr_array_index(data_dirs, i), sub, name);
        if (path) {
            return path;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(default_dirs); i++) {
        path = try_dir(default_dirs[i], sub, name);
        if (path) {
            return path;
        }
    }
    return NULL;
}
