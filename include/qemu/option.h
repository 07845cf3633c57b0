/*
 * QemuOpts: the "key=value,key2=value2" option syntax of the command line.
 *
 * A QemuOptsList is an option group (-device, -chardev, ...).  Each parse
 * of an argument creates one QemuOpts (or extends the single one of a
 * merge_lists group such as -m) holding its QemuOpt entries in order.
 *
 * Syntax (as QEMU 7.2): "a=1,b=x,,y" gives a=1, b="x,y" (",," is a literal
 * comma).  With an implied first key (list->implied_opt_name, and
 * permit_abbrev) a leading value without '=' names it: "-m 512" is
 * size=512.  Later a bare "key" means key=on and "nokey" key=off; the
 * noisy parser warns "short-form boolean option 'key' deprecated".  "help"
 * or "?" as a bare key asks for help.  "id=" names the QemuOpts: it must
 * be well-formed and unique within its group.
 *
 * If list->desc has entries, keys are validated and typed:
 * "Invalid parameter 'foo'", "Parameter 'x' expects 'on' or 'off'",
 * "Parameter 'size' expects a non-negative number below 2^64" (with a
 * hint about suffixes), "Parameter 'n' expects a number".  An empty desc
 * accepts any key; the getters then parse on demand.
 */
#ifndef QEMU_OPTION_H
#define QEMU_OPTION_H

#include "qemu/osdep.h"
#include "qobject/qobject.h"

typedef enum QemuOptType {
    QEMU_OPT_STRING = 0, /* no parsing (use string as-is) */
    QEMU_OPT_BOOL,       /* on/off */
    QEMU_OPT_NUMBER,     /* simple number */
    QEMU_OPT_SIZE,       /* size, accepts (K)ilo, (M)ega, (G)iga, ... */
} QemuOptType;

typedef struct QemuOptDesc {
    const char *name;
    QemuOptType type;
    const char *help;
    const char *def_value_str;  /* used by the getters when absent */
} QemuOptDesc;

typedef struct QemuOpts QemuOpts;
typedef struct QemuOpt QemuOpt;

typedef struct QemuOptsList {
    const char *name;
    const char *implied_opt_name;
    bool merge_lists;   /* one QemuOpts for all occurrences, no id */
    GQueue head;        /* of QemuOpts *; zero-initialised is empty */
    QemuOptDesc desc[]; /* terminated by { NULL } */
} QemuOptsList;

struct QemuOpt {
    char *name;
    char *str;
    const QemuOptDesc *desc;
    union {
        bool boolean;
        uint64_t uint;
    } value;
    QemuOpts *opts;
};

struct QemuOpts {
    char *id;
    QemuOptsList *list;
    GQueue opts;        /* of QemuOpt *, in parse order */
};

/* "help" or "?".  */
bool is_help_option(const char *s);
/* Does a comma-separated parameter string contain a help option?  */
bool has_help_option(const char *param);

/* The last value given for name, or NULL (no default applied).  */
QemuOpt *qemu_opt_find(QemuOpts *opts, const char *name);
/* The last value, else the desc default, else NULL.  */
const char *qemu_opt_get(QemuOpts *opts, const char *name);
/* As qemu_opt_get but the caller owns the result and every occurrence
 * of name is removed.  */
char *qemu_opt_get_del(QemuOpts *opts, const char *name);
bool qemu_opt_has_help_opt(QemuOpts *opts);
bool qemu_opt_get_bool(QemuOpts *opts, const char *name, bool defval);
uint64_t qemu_opt_get_number(QemuOpts *opts, const char *name,
                             uint64_t defval);
uint64_t qemu_opt_get_size(QemuOpts *opts, const char *name,
                           uint64_t defval);
int qemu_opt_unset(QemuOpts *opts, const char *name);
bool qemu_opt_set(QemuOpts *opts, const char *name, const char *value,
                  Error **errp);
bool qemu_opt_set_bool(QemuOpts *opts, const char *name, bool val,
                       Error **errp);
bool qemu_opt_set_number(QemuOpts *opts, const char *name, int64_t val,
                         Error **errp);
typedef int (*qemu_opt_loopfunc)(void *opaque, const char *name,
                                 const char *value, Error **errp);
/* Calls func for every option in order; stops at the first non-zero. */
int qemu_opt_foreach(QemuOpts *opts, qemu_opt_loopfunc func, void *opaque,
                     Error **errp);

QemuOpts *qemu_opts_find(QemuOptsList *list, const char *id);
/*
 * New QemuOpts.  With an id that exists: "Duplicate ID 'x' for chardev"
 * if fail_if_exists, else the existing one is returned.
 */
QemuOpts *qemu_opts_create(QemuOptsList *list, const char *id,
                           int fail_if_exists, Error **errp);
void qemu_opts_reset(QemuOptsList *list);
const char *qemu_opts_id(QemuOpts *opts);
void qemu_opts_set_id(QemuOpts *opts, char *id);   /* takes ownership */
void qemu_opts_del(QemuOpts *opts);
/* Check opts against desc (for lists without their own desc).  */
bool qemu_opts_validate(QemuOpts *opts, const QemuOptDesc *desc,
                        Error **errp);
/* Parse params into existing opts; firstname is the implied key or NULL. */
bool qemu_opts_do_parse(QemuOpts *opts, const char *params,
                        const char *firstname, Error **errp);
/* Parse without warnings; errors go to errp.  */
QemuOpts *qemu_opts_parse(QemuOptsList *list, const char *params,
                          bool permit_abbrev, Error **errp);
/*
 * Command-line flavour: warns about short-form booleans, reports errors
 * with error_report and prints the option help when "help" is asked for
 * (returning NULL in both cases).
 */
QemuOpts *qemu_opts_parse_noisily(QemuOptsList *list, const char *params,
                                  bool permit_abbrev);
/* Build from a QDict of scalars ("Parameter 'x' expects ...").  */
QemuOpts *qemu_opts_from_qdict(QemuOptsList *list, const QDict *qdict,
                               Error **errp);
/* Append string values (id first) to qdict, or a new one if NULL.  */
QDict *qemu_opts_to_qdict(QemuOpts *opts, QDict *qdict);
typedef int (*qemu_opts_loopfunc)(void *opaque, QemuOpts *opts, Error **errp);
/* Every QemuOpts of the list in command-line order.  */
int qemu_opts_foreach(QemuOptsList *list, qemu_opts_loopfunc func,
                      void *opaque, Error **errp);
/* "name options:" and one "  key=<type>  - help" line per desc, sorted. */
void qemu_opts_print_help(QemuOptsList *list, bool print_caption);
/* Render back as "id=x,key=value,..." (for messages and tests).  */
char *qemu_opts_to_string(QemuOpts *opts);

/*
 * Option group registry (the lists of the emulator's command line).
 * qemu_find_opts() of an unknown group is fatal; _err sets "There is no
 * option group 'x'".
 */
void qemu_add_opts(QemuOptsList *list);
QemuOptsList *qemu_find_opts(const char *group);
QemuOptsList *qemu_find_opts_err(const char *group, Error **errp);
/* The one QemuOpts of a merge_lists group (created on demand).  */
QemuOpts *qemu_find_opts_singleton(const char *group);
/* -global driver.prop=value or driver=,property=,value=; 0 or -1.  */
int qemu_global_option(const char *str);

#endif
