/*
 * TYPE_MACHINE: the abstract board.  Holds what the command line asked for
 * (RAM, CPU topology, kernel, firmware) as properties of /machine, looks
 * machine types up by name or alias, and runs the board's init.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "qemu/error.h"
#include "qobject/qobject.h"

MachineState *current_machine;

MachineState *qdev_get_machine(void)
{
    Object *obj = object_resolve_path_component(object_get_root(), "machine");

    if (!obj || !object_dynamic_cast(obj, TYPE_MACHINE)) {
        return NULL;
    }
    return MACHINE(obj);
}

/* Machine types are "NAME-machine"; the class knows itself as NAME. */
static void machine_class_base_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    const char *tn = object_class_get_name(oc);
    size_t len = strlen(tn), slen = strlen(TYPE_MACHINE_SUFFIX);

    if (len > slen && g_str_has_suffix(tn, TYPE_MACHINE_SUFFIX)) {
        mc->name = g_strndup(tn, len - slen);
    }
}

/* Families first (alphabetically, newest version first), then the rest. */
static gint machine_class_cmp(gconstpointer a, gconstpointer b)
{
    const MachineClass *mc1 = a, *mc2 = b;
    const char *n1 = object_class_get_name(OBJECT_CLASS(a));
    const char *n2 = object_class_get_name(OBJECT_CLASS(b));
    int res;

    if (!mc1->family || !mc2->family) {
        if (!mc1->family && !mc2->family) {
            return strcmp(n1, n2);
        }
        return mc1->family ? -1 : 1;
    }
    res = strcmp(mc1->family, mc2->family);
    return res ? res : strcmp(n2, n1);
}

static GSList *machine_list_sorted(void)
{
    GSList *l = object_class_get_list_sorted(TYPE_MACHINE, false);

    return g_slist_sort(l, machine_class_cmp);
}

void machine_print_help(FILE *out)
{
    GSList *l = machine_list_sorted();

    fprintf(out, "Supported machines are:\n");
    for (GSList *el = l; el; el = el->next) {
        MachineClass *mc = el->data;

        if (mc->alias) {
            fprintf(out, "%-20s %s (alias of %s)\n", mc->alias, mc->desc,
                    mc->name);
        }
        fprintf(out, "%-20s %s%s%s\n", mc->name, mc->desc ? mc->desc : "",
                mc->is_default ? " (default)" : "",
                mc->deprecation_reason ? " (deprecated)" : "");
    }
    g_slist_free(l);
}

MachineClass *machine_find_class(const char *name)
{
    GSList *l = object_class_get_list_sorted(TYPE_MACHINE, false);
    MachineClass *found = NULL;

    for (GSList *el = l; el && !found; el = el->next) {
        MachineClass *mc = el->data;

        if (g_strcmp0(mc->name, name) == 0 ||
            g_strcmp0(mc->alias, name) == 0) {
            found = mc;
        }
    }
    g_slist_free(l);
    return found;
}

MachineClass *machine_find_default(void)
{
    GSList *l = object_class_get_list_sorted(TYPE_MACHINE, false);
    MachineClass *found = NULL;

    for (GSList *el = l; el && !found; el = el->next) {
        if (MACHINE_CLASS(el->data)->is_default) {
            found = el->data;
        }
    }
    g_slist_free(l);
    return found;
}

static gint prop_cmp(gconstpointer a, gconstpointer b)
{
    const ObjectProperty *p1 = a, *p2 = b;

    return strcmp(p1->name, p2->name);
}

void machine_print_props(FILE *out, MachineClass *mc)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GList *props = NULL;

    object_class_property_iter_init(&iter, OBJECT_CLASS(mc));
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->set) {
            props = g_list_insert_sorted(props, prop, prop_cmp);
        }
    }
    fprintf(out, "%s options:\n", object_class_get_name(OBJECT_CLASS(mc)));
    for (GList *l = props; l; l = l->next) {
        ObjectProperty *p = l->data;
        /* QEMU's help says "string" for the "str" type. */
        g_autofree char *head = g_strdup_printf(
            "%s=<%s>", p->name, g_str_equal(p->type, "str") ? "string"
                                                             : p->type);

        if (p->description) {
            fprintf(out, "  %-22s - %s\n", head, p->description);
        } else {
            fprintf(out, "  %s\n", head);
        }
    }
    g_list_free(props);
}

/* ---- CPU topology (-smp) ---- */

typedef struct SMPConfiguration {
    bool has[7];
    int64_t val[7];
} SMPConfiguration;

enum { SMP_CPUS, SMP_SOCKETS, SMP_DIES, SMP_CLUSTERS, SMP_CORES,
       SMP_THREADS, SMP_MAXCPUS };
static const char *const smp_keys[] = {
    "cpus", "sockets", "dies", "clusters", "cores", "threads", "maxcpus",
};

static bool smp_parse_one(SMPConfiguration *cfg, const char *optarg,
                          Error **errp)
{
    g_auto(GStrv) items = g_strsplit(optarg, ",", 0);

    for (int i = 0; items[i]; i++) {
        const char *item = items[i];
        const char *eq = strchr(item, '=');
        g_autofree char *key = NULL;
        const char *value;
        int k;
        char *end;

        if (!*item) {
            continue;
        }
        if (!eq && i == 0) {
            key = g_strdup("cpus");
            value = item;
        } else if (!eq) {
            key = g_strdup(item);
            value = "on";
        } else {
            key = g_strndup(item, eq - item);
            value = eq + 1;
        }
        for (k = 0; k < (int)ARRAY_SIZE(smp_keys); k++) {
            if (g_str_equal(key, smp_keys[k])) {
                break;
            }
        }
        if (k == ARRAY_SIZE(smp_keys)) {
            error_setg(errp, "Parameter 'smp.%s' is unexpected", key);
            return false;
        }
        errno = 0;
        cfg->val[k] = strtoll(value, &end, 0);
        if (!*value || *end || errno) {
            error_setg(errp, "Parameter 'smp.%s' expects integer", key);
            return false;
        }
        cfg->has[k] = true;
    }
    return true;
}

char *cpu_hierarchy_to_string(MachineState *ms)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "sockets (%u)", ms->smp.sockets);
    if (mc->smp_props.dies_supported) {
        g_string_append_printf(s, " * dies (%u)", ms->smp.dies);
    }
    if (mc->smp_props.clusters_supported) {
        g_string_append_printf(s, " * clusters (%u)", ms->smp.clusters);
    }
    g_string_append_printf(s, " * cores (%u)", ms->smp.cores);
    g_string_append_printf(s, " * threads (%u)", ms->smp.threads);
    return g_string_free(s, false);
}

/*
 * Fill in what was omitted the way QEMU 7.2 does: since 6.2 cores are
 * preferred over sockets; threads are computed last.
 */
static bool machine_apply_smp(MachineState *ms, const SMPConfiguration *c,
                              Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    unsigned cpus = c->has[SMP_CPUS] ? c->val[SMP_CPUS] : 0;
    unsigned sockets = c->has[SMP_SOCKETS] ? c->val[SMP_SOCKETS] : 0;
    unsigned dies = c->has[SMP_DIES] ? c->val[SMP_DIES] : 0;
    unsigned clusters = c->has[SMP_CLUSTERS] ? c->val[SMP_CLUSTERS] : 0;
    unsigned cores = c->has[SMP_CORES] ? c->val[SMP_CORES] : 0;
    unsigned threads = c->has[SMP_THREADS] ? c->val[SMP_THREADS] : 0;
    unsigned maxcpus = c->has[SMP_MAXCPUS] ? c->val[SMP_MAXCPUS] : 0;
    unsigned long long prod;

    for (int k = 0; k < (int)ARRAY_SIZE(smp_keys); k++) {
        if (c->has[k] && c->val[k] == 0) {
            warn_report("Deprecated CPU topology (considered invalid): "
                        "CPU topology parameters must be greater than zero");
            break;
        }
    }
    if (!mc->smp_props.dies_supported && dies > 1) {
        error_setg(errp, "dies not supported by this machine's CPU topology");
        return false;
    }
    if (!mc->smp_props.clusters_supported && clusters > 1) {
        error_setg(errp,
                   "clusters not supported by this machine's CPU topology");
        return false;
    }
    dies = dies ? dies : 1;
    clusters = clusters ? clusters : 1;

    if (cpus == 0 && maxcpus == 0) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (mc->smp_props.prefer_sockets) {
            if (sockets == 0) {
                cores = cores ? cores : 1;
                threads = threads ? threads : 1;
                sockets = maxcpus / (dies * clusters * cores * threads);
            } else if (cores == 0) {
                threads = threads ? threads : 1;
                cores = maxcpus / (sockets * dies * clusters * threads);
            }
        } else {
            if (cores == 0) {
                sockets = sockets ? sockets : 1;
                threads = threads ? threads : 1;
                cores = maxcpus / (sockets * dies * clusters * threads);
            } else if (sockets == 0) {
                threads = threads ? threads : 1;
                sockets = maxcpus / (dies * clusters * cores * threads);
            }
        }
        if (threads == 0) {
            threads = maxcpus / (sockets * dies * clusters * cores);
        }
    }
    prod = (unsigned long long)sockets * dies * clusters * cores * threads;
    maxcpus = maxcpus ? maxcpus : (unsigned)prod;
    cpus = cpus ? cpus : maxcpus;

    ms->smp.cpus = cpus;
    ms->smp.sockets = sockets;
    ms->smp.dies = dies;
    ms->smp.clusters = clusters;
    ms->smp.cores = cores;
    ms->smp.threads = threads;
    ms->smp.max_cpus = maxcpus;

    if (prod != maxcpus) {
        g_autofree char *topo = cpu_hierarchy_to_string(ms);

        error_setg(errp, "Invalid CPU topology: product of the hierarchy "
                   "must match maxcpus: %s != maxcpus (%u)", topo, maxcpus);
        return false;
    }
    if (maxcpus < cpus) {
        g_autofree char *topo = cpu_hierarchy_to_string(ms);

        error_setg(errp, "Invalid CPU topology: maxcpus must be equal to or "
                   "greater than smp: %s == maxcpus (%u) < smp_cpus (%u)",
                   topo, maxcpus, cpus);
        return false;
    }
    if (ms->smp.cpus < (unsigned)mc->min_cpus) {
        error_setg(errp, "Invalid SMP CPUs %d. The min CPUs supported by "
                   "machine '%s' is %d", ms->smp.cpus, mc->name,
                   mc->min_cpus);
        return false;
    }
    if (ms->smp.max_cpus > (unsigned)mc->max_cpus) {
        error_setg(errp, "Invalid SMP CPUs %d. The max CPUs supported by "
                   "machine '%s' is %d", ms->smp.max_cpus, mc->name,
                   mc->max_cpus);
        return false;
    }
    return true;
}

bool machine_parse_smp_list(MachineState *ms, char **optargs, Error **errp)
{
    SMPConfiguration cfg = {0};

    for (int i = 0; optargs && optargs[i]; i++) {
        if (!smp_parse_one(&cfg, optargs[i], errp)) {
            return false;
        }
    }
    return machine_apply_smp(ms, &cfg, errp);
}

bool machine_parse_smp(MachineState *ms, const char *optarg, Error **errp)
{
    char *list[] = {(char *)optarg, NULL};

    return machine_parse_smp_list(ms, list, errp);
}

void machine_smp_defaults(MachineState *ms)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    ms->smp.cpus = mc->default_cpus;
    ms->smp.max_cpus = mc->default_cpus;
    ms->smp.sockets = 1;
    ms->smp.dies = 1;
    ms->smp.clusters = 1;
    ms->smp.cores = 1;
    ms->smp.threads = 1;
}

/* ---- memory (-m) ---- */

bool machine_set_memory(MachineState *ms, const MemorySizeConfiguration *mem,
                        Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    uint64_t size = mem->has_size && mem->size ? mem->size
                                               : mc->default_ram_size;

    if (size > UINT64_MAX - 8191) {
        error_setg(errp, "ram size too large");
        return false;
    }
    size = QEMU_ALIGN_UP(size, 8192);
    if (mem->has_max_size) {
        if (mem->max_size < size) {
            error_setg(errp, "invalid value of maxmem: maximum memory size "
                       "(0x%" PRIx64 ") must be at least the initial "
                       "memory size (0x%" PRIx64 ")", mem->max_size, size);
            return false;
        }
        if (mem->has_slots && mem->slots && mem->max_size == size) {
            error_setg(errp, "invalid value of maxmem: memory slots were "
                       "specified but maximum memory size (0x%" PRIx64
                       ") is equal to the initial memory size (0x%" PRIx64
                       ")", mem->max_size, size);
            return false;
        }
        ms->maxram_size = mem->max_size;
    } else {
        if (mem->has_slots) {
            error_setg(errp, "slots specified but no max-size");
            return false;
        }
        ms->maxram_size = size;
    }
    ms->ram_size = size;
    ms->ram_slots = mem->has_slots ? mem->slots : 0;
    return true;
}

/* ---- properties ---- */

#define STR_PROP(field)                                                        \
    static char *machine_get_##field(Object *obj, Error **errp)                \
    {                                                                          \
        return g_strdup(MACHINE(obj)->field);                                  \
    }                                                                          \
    static void machine_set_##field(Object *obj, const char *v, Error **errp)  \
    {                                                                          \
        MachineState *ms = MACHINE(obj);                                       \
        g_free(ms->field);                                                     \
        ms->field = g_strdup(v);                                               \
    }

STR_PROP(kernel_filename)
STR_PROP(initrd_filename)
STR_PROP(kernel_cmdline)
STR_PROP(firmware)
STR_PROP(dtb)
STR_PROP(dumpdtb)
STR_PROP(memory_encryption)

static char *machine_get_boot(Object *obj, Error **errp)
{
    return g_strdup(MACHINE(obj)->boot_order);
}

/* Boot devices are drive letters a..p, each at most once. */
static void machine_set_boot(Object *obj, const char *v, Error **errp)
{
    MachineState *ms = MACHINE(obj);
    uint32_t seen = 0;

    for (const char *p = v; *p; p++) {
        if (*p < 'a' || *p > 'p') {
            error_setg(errp, "Invalid boot device '%c'", *p);
            return;
        }
        if (seen & (1u << (*p - 'a'))) {
            error_setg(errp, "Boot device '%c' was given twice", *p);
            return;
        }
        seen |= 1u << (*p - 'a');
    }
    g_free(ms->boot_order);
    ms->boot_order = g_strdup(v);
}

#define BOOL_PROP(name, field)                                                 \
    static bool machine_get_##name(Object *obj, Error **errp)                  \
    {                                                                          \
        return MACHINE(obj)->field;                                            \
    }                                                                          \
    static void machine_set_##name(Object *obj, bool v, Error **errp)          \
    {                                                                          \
        MACHINE(obj)->field = v;                                               \
    }

BOOL_PROP(usb, usb)
BOOL_PROP(graphics, enable_graphics)
BOOL_PROP(suppress_vmdesc, suppress_vmdesc)

static const char *const irqchip_names[] = {"on", "off", "split", NULL};

static int machine_get_kernel_irqchip(Object *obj, Error **errp)
{
    MachineState *ms = MACHINE(obj);

    if (ms->kernel_irqchip_split) {
        return 2;
    }
    return ms->kernel_irqchip_allowed ? 0 : 1;
}

static void machine_set_kernel_irqchip(Object *obj, int v, Error **errp)
{
    MachineState *ms = MACHINE(obj);

    ms->kernel_irqchip_allowed = v != 1;
    ms->kernel_irqchip_required = v == 0;
    ms->kernel_irqchip_split = v == 2;
}

static void machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->default_ram_size = 128 * MiB;
    mc->max_cpus = 1;
    mc->default_cpus = 1;
    mc->min_cpus = 0;

    object_class_property_add_str(oc, "kernel", machine_get_kernel_filename,
                                  machine_set_kernel_filename);
    object_class_property_set_description(oc, "kernel",
                                          "Linux kernel image file");
    object_class_property_add_str(oc, "initrd", machine_get_initrd_filename,
                                  machine_set_initrd_filename);
    object_class_property_set_description(oc, "initrd",
                                          "Linux initial ramdisk file");
    object_class_property_add_str(oc, "append", machine_get_kernel_cmdline,
                                  machine_set_kernel_cmdline);
    object_class_property_set_description(oc, "append",
                                          "Linux kernel command line");
    object_class_property_add_str(oc, "firmware", machine_get_firmware,
                                  machine_set_firmware);
    object_class_property_set_description(oc, "firmware", "Firmware image");
    object_class_property_add_str(oc, "dtb", machine_get_dtb,
                                  machine_set_dtb);
    object_class_property_set_description(oc, "dtb",
                                          "Linux kernel device tree file");
    object_class_property_add_str(oc, "dumpdtb", machine_get_dumpdtb,
                                  machine_set_dumpdtb);
    object_class_property_set_description(oc, "dumpdtb",
                                          "Dump current dtb to a file and "
                                          "quit");
    object_class_property_add_str(oc, "memory-encryption",
                                  machine_get_memory_encryption,
                                  machine_set_memory_encryption);
    object_class_property_set_description(oc, "memory-encryption",
                                          "Set memory encryption object to "
                                          "use");
    object_class_property_add_str(oc, "boot", machine_get_boot,
                                  machine_set_boot);
    object_class_property_set_description(oc, "boot", "Boot configuration");
    object_class_property_add_bool(oc, "usb", machine_get_usb,
                                   machine_set_usb);
    object_class_property_set_description(oc, "usb",
                                          "Set on/off to enable/disable usb");
    object_class_property_add_bool(oc, "graphics", machine_get_graphics,
                                   machine_set_graphics);
    object_class_property_set_description(oc, "graphics",
                                          "Set on/off to enable/disable "
                                          "graphics emulation");
    object_class_property_add_bool(oc, "suppress-vmdesc",
                                   machine_get_suppress_vmdesc,
                                   machine_set_suppress_vmdesc);
    object_class_property_set_description(oc, "suppress-vmdesc",
                                          "Set on to disable self-describing "
                                          "migration");
    object_class_property_add_enum(oc, "kernel-irqchip", "OnOffSplit",
                                   irqchip_names, machine_get_kernel_irqchip,
                                   machine_set_kernel_irqchip);
    object_class_property_set_description(oc, "kernel-irqchip",
                                          "Configure KVM in-kernel irqchip");
}

static void machine_initfn(Object *obj)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(obj);

    ms->kernel_irqchip_allowed = true;
    ms->kernel_irqchip_split = mc->default_kernel_irqchip_split;
    ms->enable_graphics = true;
    ms->ram_size = mc->default_ram_size;
    ms->maxram_size = mc->default_ram_size;
    ms->cpu_type = mc->default_cpu_type;
    ms->boot_order = g_strdup(mc->default_boot_order);
    machine_smp_defaults(ms);
}

static void machine_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    g_free(ms->kernel_filename);
    g_free(ms->initrd_filename);
    g_free(ms->kernel_cmdline);
    g_free(ms->firmware);
    g_free(ms->dtb);
    g_free(ms->dumpdtb);
    g_free(ms->memory_encryption);
    g_free(ms->boot_order);
    g_free(ms->name);
    if (current_machine == ms) {
        current_machine = NULL;
    }
}

bool machine_run_board_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (mc->no_kernel && (ms->kernel_filename || ms->initrd_filename ||
                          ms->kernel_cmdline)) {
        error_setg(errp, "The -kernel parameter is not supported (use the "
                   "generic 'loader' device instead).");
        return false;
    }
    if (mc->default_ram_id && !ms->ram && ms->ram_size) {
        MemoryRegion *ram = g_new0(MemoryRegion, 1);
        Error *err = NULL;

        if (!memory_region_init_ram(ram, OBJECT(ms), mc->default_ram_id,
                                    ms->ram_size, &err)) {
            g_free(ram);
            error_propagate(errp, err);
            return false;
        }
        ms->ram = ram;
    }
    if (mc->init) {
        mc->init(ms);
    }
    return true;
}

static const TypeInfo machine_info = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .class_base_init = machine_class_base_init,
    .instance_size = sizeof(MachineState),
    .instance_init = machine_initfn,
    .instance_finalize = machine_finalize,
};

static void machine_register_types(void)
{
    type_register_static(&machine_info);
}

type_init(machine_register_types)
