/*
 * The X86CPU object: model types, properties, -cpu parsing and help,
 * feature expansion against the accelerator, reset and register dumps.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qobject.h"
#include "hw/boards.h"
#include "sysemu/kvm.h"
#include "target/i386/cpu.h"

X86APICCreateFn x86_cpu_apic_create_fn;

const char *const x86_seg_names[6] = { "ES", "CS", "SS", "DS", "FS", "GS" };

/* -cpu features given on the command line, applied to each new CPU. */
static char *cmdline_cpu_type;
static char *cmdline_cpu_features;

/* ------------------------------------------------------------------ */
/* Feature names */

typedef struct FeatureRef {
    int word;   /* -1: recognized but unmodelled */
    int bit;
} FeatureRef;

/* Old spellings QEMU still accepts, besides '_' for '-'. */
static const struct {
    const char *alias, *name;
} feature_aliases[] = {
    { "sse3", "pni" },       { "pclmuldq", "pclmulqdq" },
    { "sse4-1", "sse4.1" },  { "sse4-2", "sse4.2" },
    { "xd", "nx" },          { "ffxsr", "fxsr-opt" },
    { "i64", "lm" },         { "hv-spinlocks", NULL },
};

/* Canonical form: '_' -> '-', aliases resolved.  Caller frees. */
static char *feature_canonical(const char *name)
{
    char *s = g_strdup(name);
    for (char *p = s; *p; p++) {
        if (*p == '_') {
            *p = '-';
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(feature_aliases); i++) {
        if (feature_aliases[i].name && !strcmp(s, feature_aliases[i].alias)) {
            g_free(s);
            return g_strdup(feature_aliases[i].name);
        }
    }
    return s;
}

static bool feature_lookup(const char *canon, FeatureRef *ref)
{
    for (int w = 0; w < FEATURE_WORDS; w++) {
        for (int b = 0; b < 32; b++) {
            const char *n = feature_word_info[w].feat_names[b];
            if (n && !strcmp(n, canon)) {
                ref->word = w;
                ref->bit = b;
                return true;
            }
        }
    }
    for (int i = 0; x86_unmodelled_feature_names[i]; i++) {
        if (!strcmp(x86_unmodelled_feature_names[i], canon)) {
            ref->word = -1;
            ref->bit = i;
            return true;
        }
    }
    return false;
}

const char *x86_feature_name(FeatureWord w, int bit)
{
    if (w >= FEATURE_WORDS || bit < 0 || bit >= 32) {
        return NULL;
    }
    return feature_word_info[w].feat_names[bit];
}

/* Set the words from a space separated list of canonical names. */
static void features_from_string(FeatureWordArray words, const char *list)
{
    g_auto(GStrv) names = g_strsplit(list, " ", -1);
    for (int i = 0; names[i]; i++) {
        FeatureRef ref;
        if (names[i][0] && feature_lookup(names[i], &ref) && ref.word >= 0) {
            words[ref.word] |= 1U << ref.bit;
        }
    }
}

bool x86_cpu_set_feature(X86CPU *cpu, const char *name, bool on,
                         Error **errp)
{
    g_autofree char *canon = feature_canonical(name);
    FeatureRef ref;
    if (!feature_lookup(canon, &ref)) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(OBJECT(cpu)), canon);
        return false;
    }
    if (ref.word < 0) {
        if (on) {
            g_hash_table_add(cpu->unmodelled_features, g_strdup(canon));
        } else {
            g_hash_table_remove(cpu->unmodelled_features, canon);
        }
        return true;
    }
    if (on) {
        cpu->env.features[ref.word] |= 1U << ref.bit;
    } else {
        cpu->env.features[ref.word] &= ~(1U << ref.bit);
    }
    cpu->env.user_features[ref.word] |= 1U << ref.bit;
    if (ref.word == FEAT_1_ECX && ref.bit == 31 && !on) {
        cpu->hypervisor_bit_user_off = true;
    }
    return true;
}

bool x86_cpu_has_feature(X86CPU *cpu, const char *name)
{
    g_autofree char *canon = feature_canonical(name);
    FeatureRef ref;
    if (!feature_lookup(canon, &ref)) {
        return false;
    }
    if (ref.word < 0) {
        return g_hash_table_contains(cpu->unmodelled_features, canon);
    }
    return cpu->env.features[ref.word] & (1U << ref.bit);
}

/* ------------------------------------------------------------------ */
/* Properties */

static QObject *prop_get_feature(Object *obj, ObjectProperty *prop,
                                 Error **errp)
{
    return QOBJECT(qbool_from_bool(x86_cpu_has_feature(X86_CPU(obj),
                                                       prop->name)));
}

/* Accepts a QBool, or a string as the command line gives it. */
static bool qobject_to_onoff(QObject *v, const char *name, bool *out,
                             Error **errp)
{
    QBool *qb = qobject_to(QBool, v);
    QString *qs = qobject_to(QString, v);
    if (qb) {
        *out = qbool_get_bool(qb);
        return true;
    }
    if (qs) {
        const char *s = qstring_get_str(qs);
        if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true")) {
            *out = true;
            return true;
        }
        if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false")) {
            *out = false;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

static bool prop_set_feature(Object *obj, ObjectProperty *prop, QObject *v,
                             Error **errp)
{
    bool on;
    if (!qobject_to_onoff(v, prop->name, &on, errp)) {
        return false;
    }
    return x86_cpu_set_feature(X86_CPU(obj), prop->name, on, errp);
}

/* Integer property with bounds, stored in a uint32_t of X86CPU. */
typedef struct X86IntProp {
    const char *name;
    int64_t min, max;
    uint32_t (*get)(X86CPU *cpu);
    void (*set)(X86CPU *cpu, uint32_t v);
} X86IntProp;

static uint32_t get_family(X86CPU *cpu)
{
    uint32_t v = cpu->env.cpuid_version;
    uint32_t f = (v >> 8) & 0xf;
    return f == 0xf ? f + ((v >> 20) & 0xff) : f;
}
static void set_family(X86CPU *cpu, uint32_t f)
{
    CPUX86State *env = &cpu->env;
    env->cpuid_version &= ~0xff00f00U;
    if (f > 0x0f) {
        env->cpuid_version |= 0xf00 | ((f - 0x0f) << 20);
    } else {
        env->cpuid_version |= f << 8;
    }
}
static uint32_t get_model(X86CPU *cpu)
{
    uint32_t v = cpu->env.cpuid_version;
    return ((v >> 4) & 0xf) | ((v >> 12) & 0xf0);
}
static void set_model(X86CPU *cpu, uint32_t m)
{
    cpu->env.cpuid_version &= ~0xf00f0U;
    cpu->env.cpuid_version |= ((m & 0xf) << 4) | ((m >> 4) << 16);
}
static uint32_t get_stepping(X86CPU *cpu)
{
    return cpu->env.cpuid_version & 0xf;
}
static void set_stepping(X86CPU *cpu, uint32_t s)
{
    cpu->env.cpuid_version = (cpu->env.cpuid_version & ~0xfU) | s;
}
static uint32_t get_level(X86CPU *cpu) { return cpu->env.cpuid_level; }
static void set_level(X86CPU *cpu, uint32_t v) { cpu->env.cpuid_level = v; }
static uint32_t get_xlevel(X86CPU *cpu) { return cpu->env.cpuid_xlevel; }
static void set_xlevel(X86CPU *cpu, uint32_t v) { cpu->env.cpuid_xlevel = v; }
static uint32_t get_apic_id(X86CPU *cpu) { return cpu->apic_id; }
static void set_apic_id(X86CPU *cpu, uint32_t v) { cpu->apic_id = v; }
static uint32_t get_phys_bits(X86CPU *cpu) { return cpu->phys_bits; }
static void set_phys_bits(X86CPU *cpu, uint32_t v) { cpu->phys_bits = v; }

static const X86IntProp int_props[] = {
    { "family", 0, 0xff + 0xf, get_family, set_family },
    { "model", 0, 0xff, get_model, set_model },
    { "stepping", 0, 0xf, get_stepping, set_stepping },
    { "level", 0, UINT32_MAX, get_level, set_level },
    { "xlevel", 0, UINT32_MAX, get_xlevel, set_xlevel },
    { "apic-id", 0, UINT32_MAX, get_apic_id, set_apic_id },
    { "phys-bits", 0, 52, get_phys_bits, set_phys_bits },
};

static QObject *prop_get_int(Object *obj, ObjectProperty *prop, Error **errp)
{
    const X86IntProp *p = prop->opaque;
    return QOBJECT(qnum_from_uint(p->get(X86_CPU(obj))));
}

static bool prop_set_int(Object *obj, ObjectProperty *prop, QObject *v,
                         Error **errp)
{
    const X86IntProp *p = prop->opaque;
    QNum *qn = qobject_to(QNum, v);
    QString *qs = qobject_to(QString, v);
    int64_t val;
    if (qn) {
        if (!qnum_get_try_int(qn, &val)) {
            uint64_t u;
            if (!qnum_get_try_uint(qn, &u)) {
                goto bad;
            }
            val = u > INT64_MAX ? INT64_MAX : (int64_t)u;
        }
    } else if (qs) {
        const char *s = qstring_get_str(qs);
        char *end;
        errno = 0;
        val = strtoll(s, &end, 0);
        if (!*s || *end || errno) {
            goto bad;
        }
    } else {
        goto bad;
    }
    if (val < p->min || val > p->max) {
        error_setg(errp,
                   "Property %s.%s doesn't take value %" PRId64
                   " (minimum: %" PRId64 ", maximum: %" PRId64 ")",
                   object_get_typename(obj), p->name, val, p->min, p->max);
        return false;
    }
    p->set(X86_CPU(obj), val);
    return true;
bad:
    error_setg(errp, "Parameter '%s' expects uint32", p->name);
    return false;
}

static void vendor_to_words(CPUX86State *env, const char *v)
{
    char buf[12] = { 0 };
    memcpy(buf, v, MIN(strlen(v), sizeof(buf)));
    memcpy(&env->cpuid_vendor1, buf, 4);
    memcpy(&env->cpuid_vendor2, buf + 4, 4);
    memcpy(&env->cpuid_vendor3, buf + 8, 4);
}

static char *x86_cpu_get_vendor(Object *obj, Error **errp)
{
    CPUX86State *env = &X86_CPU(obj)->env;
    char *v = g_malloc0(13);
    memcpy(v, &env->cpuid_vendor1, 4);
    memcpy(v + 4, &env->cpuid_vendor2, 4);
    memcpy(v + 8, &env->cpuid_vendor3, 4);
    return v;
}

static void x86_cpu_set_vendor(Object *obj, const char *value, Error **errp)
{
    if (strlen(value) != 12) {
        error_setg(errp, "Property '%s.vendor' doesn't take value '%s'",
                   object_get_typename(obj), value);
        return;
    }
    vendor_to_words(&X86_CPU(obj)->env, value);
}

static char *x86_cpu_get_model_id(Object *obj, Error **errp)
{
    CPUX86State *env = &X86_CPU(obj)->env;
    char *s = g_malloc0(49);
    memcpy(s, env->cpuid_model, 48);
    return s;
}

static void set_model_id(CPUX86State *env, const char *id)
{
    memset(env->cpuid_model, 0, sizeof(env->cpuid_model));
    memcpy(env->cpuid_model, id, MIN(strlen(id), 48));
}

static void x86_cpu_set_model_id(Object *obj, const char *value,
                                 Error **errp)
{
    set_model_id(&X86_CPU(obj)->env, value ? value : "");
}

static QObject *prop_get_tsc_freq(Object *obj, ObjectProperty *prop,
                                  Error **errp)
{
    return QOBJECT(qnum_from_uint(X86_CPU(obj)->env.tsc_khz * 1000));
}

static bool prop_set_tsc_freq(Object *obj, ObjectProperty *prop, QObject *v,
                              Error **errp)
{
    QNum *qn = qobject_to(QNum, v);
    QString *qs = qobject_to(QString, v);
    uint64_t hz;
    if (qn && qnum_get_try_uint(qn, &hz)) {
        /* ok */
    } else if (qs) {
        const char *s = qstring_get_str(qs);
        char *end;
        double d = strtod(s, &end);
        uint64_t mul = 1;
        switch (*end) {
        case 'k': case 'K': mul = 1000; end++; break;
        case 'M': mul = 1000 * 1000; end++; break;
        case 'G': mul = 1000 * 1000 * 1000; end++; break;
        default: break;
        }
        if (end == s || *end || d < 0 || d * mul > (double)INT64_MAX) {
            error_setg(errp, "Parameter 'tsc-frequency' expects a size");
            return false;
        }
        hz = (uint64_t)(d * mul);
    } else {
        error_setg(errp, "Parameter 'tsc-frequency' expects a size");
        return false;
    }
    X86_CPU(obj)->env.tsc_khz = hz / 1000;
    return true;
}

#define DEFINE_BOOL_PROP(fn, field)                                            \
    static bool get_##fn(Object *obj, Error **errp)                            \
    {                                                                          \
        return X86_CPU(obj)->field;                                            \
    }                                                                          \
    static void set_##fn(Object *obj, bool v, Error **errp)                    \
    {                                                                          \
        X86_CPU(obj)->field = v;                                               \
    }
DEFINE_BOOL_PROP(enforce, enforce_cpuid)
DEFINE_BOOL_PROP(check, check_cpuid)
DEFINE_BOOL_PROP(kvm, expose_kvm)
DEFINE_BOOL_PROP(pmu, enable_pmu)
DEFINE_BOOL_PROP(migratable, migratable)

static void x86_cpu_add_props(ObjectClass *oc)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (int w = 0; w < FEATURE_WORDS; w++) {
        for (int b = 0; b < 32; b++) {
            const char *n = feature_word_info[w].feat_names[b];
            if (n && g_hash_table_add(seen, (gpointer)n)) {
                object_class_property_add(oc, n, "bool", prop_get_feature,
                                          prop_set_feature, NULL, NULL);
            }
        }
    }
    for (int i = 0; x86_unmodelled_feature_names[i]; i++) {
        const char *n = x86_unmodelled_feature_names[i];
        if (g_hash_table_add(seen, (gpointer)n)) {
            object_class_property_add(oc, n, "bool", prop_get_feature,
                                      prop_set_feature, NULL, NULL);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(feature_aliases); i++) {
        if (feature_aliases[i].name) {
            object_class_property_add(oc, feature_aliases[i].alias, "bool",
                                      prop_get_feature, prop_set_feature,
                                      NULL, NULL);
        }
    }
    g_hash_table_destroy(seen);
    for (size_t i = 0; i < ARRAY_SIZE(int_props); i++) {
        object_class_property_add(oc, int_props[i].name, "uint32",
                                  prop_get_int, prop_set_int, NULL,
                                  (void *)&int_props[i]);
    }
    object_class_property_add_str(oc, "vendor", x86_cpu_get_vendor,
                                  x86_cpu_set_vendor);
    object_class_property_add_str(oc, "model-id", x86_cpu_get_model_id,
                                  x86_cpu_set_model_id);
    object_class_property_add(oc, "tsc-frequency", "int", prop_get_tsc_freq,
                              prop_set_tsc_freq, NULL, NULL);
    object_class_property_add_bool(oc, "enforce", get_enforce, set_enforce);
    object_class_property_add_bool(oc, "check", get_check, set_check);
    object_class_property_add_bool(oc, "kvm", get_kvm, set_kvm);
    object_class_property_add_bool(oc, "pmu", get_pmu, set_pmu);
    object_class_property_add_bool(oc, "migratable", get_migratable,
                                   set_migratable);
}

/* ------------------------------------------------------------------ */
/* -cpu parsing */

static bool is_feature_name(const char *name)
{
    g_autofree char *canon = feature_canonical(name);
    FeatureRef ref;
    return feature_lookup(canon, &ref);
}

/*
 * Validate "feat,+feat,-feat,key=val" against the class, as QEMU reports
 * it: unknown names name the property of the type.
 */
static bool check_featurestr(ObjectClass *oc, const char *features,
                             Error **errp)
{
    const char *type = object_class_get_name(oc);
    g_auto(GStrv) items = g_strsplit(features, ",", -1);
    for (int i = 0; items[i]; i++) {
        char *item = items[i];
        if (!*item) {
            continue;
        }
        if (item[0] == '+' || item[0] == '-') {
            g_autofree char *canon = feature_canonical(item + 1);
            if (!is_feature_name(item + 1)) {
                error_setg(errp, "Property '%s.%s' not found", type, canon);
                return false;
            }
            continue;
        }
        char *eq = strchr(item, '=');
        g_autofree char *key =
            eq ? g_strndup(item, eq - item) : g_strdup(item);
        for (char *p = key; *p; p++) {
            if (*p == '_') {
                *p = '-';
            }
        }
        if (!strcmp(key, "tsc-freq")) {
            continue;
        }
        if (!object_class_property_find(oc, key)) {
            if (eq) {
                error_setg(errp,
                           "can't apply global %s.%s=%s: Property '%s.%s' "
                           "not found", type, key, eq + 1, type, key);
            } else {
                error_setg(errp, "Property '%s.%s' not found", type, key);
            }
            return false;
        }
        if (eq && is_feature_name(key)) {
            bool on;
            QString *qs = qstring_from_str(eq + 1);
            Error *err = NULL;
            bool ok = qobject_to_onoff(QOBJECT(qs), key, &on, &err);
            qobject_unref(qs);
            if (!ok) {
                error_setg(errp, "can't apply global %s.%s=%s: %s", type, key,
                           eq + 1, error_get_pretty(err));
                error_free(err);
                return false;
            }
        }
    }
    return true;
}

bool x86_cpu_parse_featurestr(X86CPU *cpu, const char *features,
                              Error **errp)
{
    Object *obj = OBJECT(cpu);
    GPtrArray *plus = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *minus = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) items = g_strsplit(features ? features : "", ",", -1);
    bool ok = false;

    for (int i = 0; items[i]; i++) {
        char *item = items[i];
        if (!*item) {
            continue;
        }
        /* +feat/-feat win over feat=on|off whatever the order. */
        if (item[0] == '+') {
            g_ptr_array_add(plus, g_strdup(item + 1));
            continue;
        }
        if (item[0] == '-') {
            g_ptr_array_add(minus, g_strdup(item + 1));
            continue;
        }
        char *eq = strchr(item, '=');
        g_autofree char *key =
            eq ? g_strndup(item, eq - item) : g_strdup(item);
        const char *val = eq ? eq + 1 : "on";
        for (char *p = key; *p; p++) {
            if (*p == '_') {
                *p = '-';
            }
        }
        if (!strcmp(key, "tsc-freq")) {
            g_free(key);
            key = g_strdup("tsc-frequency");
        }
        QString *qs = qstring_from_str(val);
        bool set = object_property_set_qobject(obj, key, QOBJECT(qs), errp);
        qobject_unref(qs);
        if (!set) {
            goto out;
        }
    }
    for (guint i = 0; i < plus->len; i++) {
        if (!x86_cpu_set_feature(cpu, plus->pdata[i], true, errp)) {
            goto out;
        }
    }
    for (guint i = 0; i < minus->len; i++) {
        if (!x86_cpu_set_feature(cpu, minus->pdata[i], false, errp)) {
            goto out;
        }
    }
    ok = true;
out:
    g_ptr_array_free(plus, true);
    g_ptr_array_free(minus, true);
    return ok;
}

ObjectClass *x86_cpu_class_by_name(const char *cpu_model)
{
    g_autofree char *type = g_strdup_printf("%s" X86_CPU_TYPE_SUFFIX,
                                            cpu_model);
    ObjectClass *oc = object_class_by_name(type);
    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_X86_CPU)) {
        return NULL;
    }
    return oc;
}

char *x86_cpu_parse_cpu_model(const char *cpu_model, Error **errp)
{
    const char *comma = strchr(cpu_model, ',');
    g_autofree char *name = comma ? g_strndup(cpu_model, comma - cpu_model)
                                  : g_strdup(cpu_model);
    ObjectClass *oc = x86_cpu_class_by_name(name);
    if (!oc) {
        error_setg(errp, "unable to find CPU model '%s'", name);
        return NULL;
    }
    if (comma && !check_featurestr(oc, comma + 1, errp)) {
        return NULL;
    }
    g_free(cmdline_cpu_type);
    g_free(cmdline_cpu_features);
    cmdline_cpu_type = g_strdup(object_class_get_name(oc));
    cmdline_cpu_features = comma ? g_strdup(comma + 1) : NULL;
    return g_strdup(cmdline_cpu_type);
}

/* ------------------------------------------------------------------ */
/* -cpu help */

static gint list_compare(gconstpointer a, gconstpointer b)
{
    X86CPUClass *ca = X86_CPU_CLASS((ObjectClass *)a);
    X86CPUClass *cb = X86_CPU_CLASS((ObjectClass *)b);
    if (ca->ordering != cb->ordering) {
        return ca->ordering - cb->ordering;
    }
    /* By model name: "Haswell" before "Haswell-IBRS" before "Haswell-v1" */
    const char *na = object_class_get_name((ObjectClass *)a);
    const char *nb = object_class_get_name((ObjectClass *)b);
    size_t la = strlen(na) - strlen(X86_CPU_TYPE_SUFFIX);
    size_t lb = strlen(nb) - strlen(X86_CPU_TYPE_SUFFIX);
    int c = strncmp(na, nb, MIN(la, lb));
    return c ? c : (la > lb) - (la < lb);
}

static void collect_class(ObjectClass *oc, void *opaque)
{
    GSList **list = opaque;
    *list = g_slist_prepend(*list, oc);
}

static void print_wrapped_flags(FILE *out, GPtrArray *names)
{
    size_t len = 0;
    for (guint i = 0; i < names->len; i++) {
        const char *n = names->pdata[i];
        if (len + strlen(n) + 1 >= 75) {
            fputc('\n', out);
            len = 0;
        }
        fprintf(out, "%s%s", len == 0 ? "  " : " ", n);
        len += strlen(n) + 1;
    }
    fputc('\n', out);
}

static gint str_compare(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void x86_cpu_list(FILE *out)
{
    GSList *list = NULL;
    object_class_foreach(collect_class, TYPE_X86_CPU, false, &list);
    list = g_slist_sort(list, list_compare);

    fprintf(out, "Available CPUs:\n");
    for (GSList *l = list; l; l = l->next) {
        X86CPUClass *xcc = X86_CPU_CLASS(l->data);
        const char *type = object_class_get_name(l->data);
        g_autofree char *name =
            g_strndup(type, strlen(type) - strlen(X86_CPU_TYPE_SUFFIX));
        g_autofree char *desc = NULL;
        if (xcc->alias_of) {
            desc = g_strdup_printf("(alias of %s)", xcc->alias_of);
        } else if (xcc->model_description) {
            desc = g_strdup(xcc->model_description);
        } else {
            desc = g_strdup(xcc->cpu_def->description
                                ? xcc->cpu_def->description
                                : xcc->cpu_def->model_id);
        }
        fprintf(out, "x86 %-20s  %s\n", name, desc);
    }
    g_slist_free(list);

    fprintf(out, "\nRecognized CPUID flags:\n");
    GPtrArray *names = g_ptr_array_new();
    for (int w = 0; w < FEATURE_WORDS; w++) {
        for (int b = 0; b < 32; b++) {
            if (feature_word_info[w].feat_names[b]) {
                g_ptr_array_add(names,
                                (gpointer)feature_word_info[w].feat_names[b]);
            }
        }
    }
    for (int i = 0; x86_unmodelled_feature_names[i]; i++) {
        g_ptr_array_add(names, (gpointer)x86_unmodelled_feature_names[i]);
    }
    g_ptr_array_sort(names, str_compare);
    print_wrapped_flags(out, names);
    fputc('\n', out);
    g_ptr_array_free(names, true);
}

/* ------------------------------------------------------------------ */
/* Feature expansion */

static void host_cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
                       uint32_t *c, uint32_t *d)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("cpuid"
                     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                     : "0"(leaf), "2"(sub));
#else
    *a = *b = *c = *d = 0;
#endif
}

/* host/max under KVM: the host's identity. */
static void load_host_identity(CPUX86State *env)
{
    uint32_t a, b, c, d;
    host_cpuid(0, 0, &a, &b, &c, &d);
    env->cpuid_vendor1 = b;
    env->cpuid_vendor2 = d;
    env->cpuid_vendor3 = c;
    host_cpuid(1, 0, &a, &b, &c, &d);
    env->cpuid_version = a;
    host_cpuid(0x80000000, 0, &a, &b, &c, &d);
    if (a >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++) {
            host_cpuid(0x80000002 + i, 0, &env->cpuid_model[i * 4],
                       &env->cpuid_model[i * 4 + 1],
                       &env->cpuid_model[i * 4 + 2],
                       &env->cpuid_model[i * 4 + 3]);
        }
    }
}

static const char *const reg_names[] = { "EAX", "ECX", "EDX", "EBX" };

static void report_missing(X86CPU *cpu, FeatureWord w, uint32_t mask,
                           const char *who)
{
    const FeatureWordInfo *fi = &feature_word_info[w];
    for (int b = 0; b < 32; b++) {
        if (!(mask & (1U << b)) || !cpu->check_cpuid) {
            continue;
        }
        const char *n = fi->feat_names[b];
        if (fi->cpuid_eax >= 0x80000000 || fi->cpuid_eax >= 0x40000000) {
            warn_report("%s doesn't support requested feature: "
                        "CPUID.%XH:%s%s%s [bit %d]", who, fi->cpuid_eax,
                        reg_names[fi->cpuid_reg], n ? "." : "",
                        n ? n : "", b);
        } else {
            warn_report("%s doesn't support requested feature: "
                        "CPUID.%02XH:%s%s%s [bit %d]", who, fi->cpuid_eax,
                        reg_names[fi->cpuid_reg], n ? "." : "",
                        n ? n : "", b);
        }
    }
}

/* From target/i386/tcg (absent without TCG). */
void x86_tcg_fpu_features(uint32_t *edx1, uint32_t *ecx1, uint32_t *ecx81)
    __attribute__((weak));

bool x86_cpu_expand_features(X86CPU *cpu, Error **errp)
{
    CPUX86State *env = &cpu->env;
    X86CPUClass *xcc = X86_CPU_GET_CLASS(cpu);
    bool missing = false;

    if (cpu->features_expanded) {
        return true;
    }
    if (xcc->max_features && kvm_enabled()) {
        FeatureWordArray user_off = { 0 };
        for (int w = 0; w < FEATURE_WORDS; w++) {
            user_off[w] = cpu->env.user_features[w] & ~env->features[w];
        }
        load_host_identity(env);
        env->cpuid_level =
            kvm_arch_get_supported_cpuid(kvm_state, 0, 0, R_EAX);
        env->cpuid_xlevel =
            kvm_arch_get_supported_cpuid(kvm_state, 0x80000000, 0, R_EAX);
        for (int w = 0; w < FEATURE_WORDS; w++) {
            const FeatureWordInfo *fi = &feature_word_info[w];
            env->features[w] = kvm_arch_get_supported_cpuid(
                kvm_state, fi->cpuid_eax, fi->cpuid_ecx, fi->cpuid_reg);
            env->features[w] &= ~user_off[w];
        }
    }
    /* Every guest is told it runs on a hypervisor unless asked not to. */
    if (!cpu->hypervisor_bit_user_off) {
        env->features[FEAT_1_ECX] |= CPUID_EXT_HYPERVISOR;
    }
    if (kvm_enabled()) {
        /* QEMU's KVM defaults: paravirt clock & co, x2apic. */
        if (cpu->expose_kvm) {
            uint32_t pv = (1U << 0) | (1U << 1) | (1U << 3) | (1U << 4) |
                          (1U << 5) | (1U << 6) | (1U << 24);
            env->features[FEAT_KVM] |= pv & ~env->user_features[FEAT_KVM];
        }
        if (!(env->user_features[FEAT_1_ECX] & CPUID_EXT_X2APIC)) {
            env->features[FEAT_1_ECX] |= CPUID_EXT_X2APIC;
        }
        for (int w = 0; w < FEATURE_WORDS; w++) {
            const FeatureWordInfo *fi = &feature_word_info[w];
            uint32_t host = kvm_arch_get_supported_cpuid(
                kvm_state, fi->cpuid_eax, fi->cpuid_ecx, fi->cpuid_reg);
            if (w == FEAT_1_ECX) {
                host |= CPUID_EXT_HYPERVISOR;
            }
            uint32_t lost = env->features[w] & ~host;
            if (lost) {
                report_missing(cpu, w, lost, "host");
                cpu->filtered_features[w] |= lost;
                env->features[w] &= ~lost;
                missing = true;
            }
        }
        if (missing && cpu->enforce_cpuid) {
            error_setg(errp, "Host doesn't support requested features");
            return false;
        }
    }
    if (tcg_enabled()) {
        /*
         * Advertise only what our TCG implements.  Features the model
         * asks for by default (qemu64 has svm) are dropped quietly; ones
         * the user asked for get QEMU's warning.
         */
        FeatureWordArray impl = { 0 };
        features_from_string(impl, x86_tcg_supported_features);
        if (x86_tcg_fpu_features) {
            uint32_t edx1, ecx1, ecx81;
            x86_tcg_fpu_features(&edx1, &ecx1, &ecx81);
            impl[FEAT_1_EDX] |= edx1;
            impl[FEAT_1_ECX] |= ecx1;
            impl[FEAT_8000_0001_ECX] |= ecx81;
        }
        impl[FEAT_1_ECX] |= CPUID_EXT_HYPERVISOR;
        for (int w = 0; w < FEATURE_WORDS; w++) {
            uint32_t lost = env->features[w] & ~impl[w];
            if (lost) {
                report_missing(cpu, w, lost & env->user_features[w], "TCG");
                cpu->filtered_features[w] |= lost;
                env->features[w] &= ~lost;
            }
        }
    }
    /* Levels high enough for the leaves the features live in. */
    if (env->features[FEAT_7_0_EBX] || env->features[FEAT_7_0_ECX] ||
        env->features[FEAT_7_0_EDX]) {
        env->cpuid_level = MAX(env->cpuid_level, 7);
    }
    if (env->features[FEAT_SVM]) {
        env->cpuid_xlevel = MAX(env->cpuid_xlevel, 0x8000000A);
    }
    if (env->features[FEAT_C000_0001_EDX]) {
        env->cpuid_xlevel2 = MAX(env->cpuid_xlevel2, 0xC0000001);
    }
    cpu->features_expanded = true;
    return true;
}

/* ------------------------------------------------------------------ */
/* Topology */

unsigned x86_topo_bits(unsigned count)
{
    unsigned bits = 0;
    while (count > 1 && (1U << bits) < count) {
        bits++;
    }
    return bits;
}

uint32_t x86_cpu_apic_id_from_index(const X86CPUTopoInfo *topo,
                                    unsigned cpu_index)
{
    unsigned threads = MAX(topo->threads_per_core, 1);
    unsigned cores = MAX(topo->cores_per_die, 1);
    unsigned dies = MAX(topo->dies_per_pkg, 1);
    unsigned smt = cpu_index % threads;
    unsigned core = (cpu_index / threads) % cores;
    unsigned die = (cpu_index / threads / cores) % dies;
    unsigned pkg = cpu_index / threads / cores / dies;
    unsigned core_off = x86_topo_bits(threads);
    unsigned die_off = core_off + x86_topo_bits(cores);
    unsigned pkg_off = die_off + x86_topo_bits(dies);
    return (pkg << pkg_off) | (die << die_off) | (core << core_off) | smt;
}

/* ------------------------------------------------------------------ */
/* Mode flags and reset */

void x86_update_hflags(CPUX86State *env)
{
    uint32_t keep = env->hflags & (HF_INHIBIT_IRQ_MASK | HF_SMM_MASK |
                                   HF_SVME_MASK | HF_GUEST_MASK);
    uint32_t hf = keep;
    uint64_t cr0 = env->cr[0], cr4 = env->cr[4];

    if (cr0 & CR0_PE_MASK) {
        hf |= HF_PE_MASK;
        if (env->eflags & VM_MASK) {
            hf |= 3 << HF_CPL_SHIFT;
        } else {
            hf |= (env->segs[R_SS].flags >> DESC_DPL_SHIFT) & 3;
        }
    }
    hf |= ((cr0 >> 1) & 7) << HF_MP_SHIFT;
    hf |= env->eflags & (TF_MASK | VM_MASK | IOPL_MASK | RF_MASK | AC_MASK);
    if (cr4 & CR4_OSFXSR_MASK) {
        hf |= HF_OSFXSR_MASK;
    }
    if (cr4 & CR4_SMAP_MASK) {
        hf |= HF_SMAP_MASK;
    }
    if (cr4 & CR4_UMIP_MASK) {
        hf |= HF_UMIP_MASK;
    }
    if (env->efer & MSR_EFER_LMA) {
        hf |= HF_LMA_MASK;
    }
    if (env->efer & MSR_EFER_SVME) {
        hf |= HF_SVME_MASK;
    }
    if ((hf & HF_LMA_MASK) && (env->segs[R_CS].flags & DESC_L_MASK)) {
        hf |= HF_CS32_MASK | HF_SS32_MASK | HF_CS64_MASK;
    } else {
        if (env->segs[R_CS].flags & DESC_B_MASK) {
            hf |= HF_CS32_MASK;
        }
        if (env->segs[R_SS].flags & DESC_B_MASK) {
            hf |= HF_SS32_MASK;
        }
        if (!(hf & HF_PE_MASK) || (hf & HF_VM_MASK) ||
            !(hf & HF_CS32_MASK)) {
            hf |= HF_ADDSEG_MASK;
        } else if (env->segs[R_DS].base | env->segs[R_ES].base |
                   env->segs[R_SS].base) {
            hf |= HF_ADDSEG_MASK;
        }
    }
    env->hflags = hf;
}

void cpu_x86_load_seg_cache(CPUX86State *env, int seg_reg,
                            unsigned int selector, uint64_t base,
                            unsigned int limit, unsigned int flags)
{
    SegmentCache *sc = &env->segs[seg_reg];
    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;
    x86_update_hflags(env);
}

static void seg_reset(SegmentCache *sc, uint32_t sel, uint64_t base,
                      uint32_t flags)
{
    sc->selector = sel;
    sc->base = base;
    sc->limit = 0xffff;
    sc->flags = flags;
}

void x86_cpu_reset_state(CPUX86State *env, bool is_bsp)
{
    /* Everything before 'features' is architectural state. */
    memset(env, 0, offsetof(CPUX86State, features));

    env->a20_mask = ~0ULL;
    env->old_exception = -1;
    env->exception_nr = -1;
    env->interrupt_injected = -1;
    env->hflags2 = HF2_GIF_MASK;
    env->cr[0] = CR0_CD_MASK | CR0_NW_MASK | CR0_ET_MASK;
    env->eflags = 0x2;
    env->eip = 0xfff0;
    env->regs[R_EDX] = env->cpuid_version;

    seg_reset(&env->segs[R_CS], 0xf000, 0xffff0000,
              DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK |
                  DESC_A_MASK);
    for (int i = 0; i < 6; i++) {
        if (i != R_CS) {
            seg_reset(&env->segs[i], 0, 0,
                      DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK);
        }
    }
    seg_reset(&env->ldt, 0, 0, DESC_P_MASK | (2 << DESC_TYPE_SHIFT));
    seg_reset(&env->tr, 0, 0, DESC_P_MASK | (11 << DESC_TYPE_SHIFT));
    env->gdt.limit = 0xffff;
    env->idt.limit = 0xffff;

    env->fpuc = 0x37f;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = 1;
    }
    env->mxcsr = 0x1f80;
    env->xcr0 = XSTATE_FP_MASK;
    env->xstate_bv = 0;

    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    env->pat = 0x0007040600070406ULL;
    env->apic_base = 0xfee00000ULL | MSR_IA32_APICBASE_ENABLE |
                     (is_bsp ? MSR_IA32_APICBASE_BSP : 0);
    env->msr_ia32_misc_enable = MSR_IA32_MISC_ENABLE_DEFAULT;
    env->smbase = 0x30000;
    env->mcg_cap = 0;

    env->mp_state = is_bsp ? X86_MP_STATE_RUNNABLE
                           : X86_MP_STATE_UNINITIALIZED;
    x86_update_hflags(env);
}

static void x86_cpu_reset(DeviceState *dev)
{
    CPUState *cs = CPU(dev);
    X86CPU *cpu = X86_CPU(dev);
    CPUClass *cc = CPU_GET_CLASS(cs);
    bool is_bsp = cs->cpu_index == 0;

    if (cc->parent_reset) {
        cc->parent_reset(dev);
    }
    x86_cpu_reset_state(&cpu->env, is_bsp);
    cpu->env.cpuid_apic_id = cpu->apic_id;
    /* APs wait for INIT/SIPI; the in-kernel LAPIC delivers them. */
    cs->halted = !is_bsp;
    /* The software APIC is on no bus: the machine reset reaches it here. */
    if (cpu->apic_state) {
        device_cold_reset(cpu->apic_state);
    }
#ifdef CONFIG_KVM
    if (kvm_enabled()) {
        kvm_arch_reset_vcpu(cs);
    }
#endif
}

/* ------------------------------------------------------------------ */
/* Dumps */

static void dump_seg(CPUX86State *env, GString *out, const char *name,
                     const SegmentCache *sc)
{
    bool lma = env->hflags & HF_LMA_MASK;
    if (lma) {
        g_string_append_printf(out, "%-3s=%04x %016" PRIx64 " %08x %08x",
                               name, sc->selector, sc->base, sc->limit,
                               sc->flags & 0x00ffff00);
    } else {
        g_string_append_printf(out, "%-3s=%04x %08x %08x %08x", name,
                               sc->selector, (uint32_t)sc->base, sc->limit,
                               sc->flags & 0x00ffff00);
    }
    if ((env->hflags & HF_PE_MASK) && (sc->flags & DESC_P_MASK)) {
        g_string_append_printf(out, " DPL=%d ",
                               (sc->flags & DESC_DPL_MASK) >> DESC_DPL_SHIFT);
        if (sc->flags & DESC_S_MASK) {
            if (sc->flags & DESC_CS_MASK) {
                g_string_append(out, (sc->flags & DESC_L_MASK) ? "CS64"
                                     : (sc->flags & DESC_B_MASK) ? "CS32"
                                                                 : "CS16");
                g_string_append_printf(out, " [%c%c",
                                       sc->flags & DESC_C_MASK ? 'C' : '-',
                                       sc->flags & DESC_R_MASK ? 'R' : '-');
            } else {
                g_string_append(out, (sc->flags & DESC_B_MASK) || lma
                                         ? "DS  " : "DS16");
                g_string_append_printf(out, " [%c%c",
                                       sc->flags & DESC_E_MASK ? 'E' : '-',
                                       sc->flags & DESC_W_MASK ? 'W' : '-');
            }
            g_string_append_printf(out, "%c]",
                                   sc->flags & DESC_A_MASK ? 'A' : '-');
        } else {
            static const char *const sys32[16] = {
                "Reserved", "TSS16-avl", "LDT", "TSS16-busy",
                "CallGate16", "TaskGate", "IntGate16", "TrapGate16",
                "Reserved", "TSS32-avl", "Reserved", "TSS32-busy",
                "CallGate32", "Reserved", "IntGate32", "TrapGate32",
            };
            static const char *const sys64[16] = {
                "<hiword>", "Reserved", "LDT", "Reserved", "Reserved",
                "Reserved", "Reserved", "Reserved", "Reserved",
                "TSS64-avl", "Reserved", "TSS64-busy", "CallGate64",
                "Reserved", "IntGate64", "TrapGate64",
            };
            unsigned t = (sc->flags & DESC_TYPE_MASK) >> DESC_TYPE_SHIFT;
            g_string_append(out, lma ? sys64[t] : sys32[t]);
        }
    }
    g_string_append_c(out, '\n');
}

static void x86_cpu_dump_state(CPUState *cs, GString *out, int flags)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    uint32_t ef = env->eflags;
    char fl[8] = {
        ef & DF_MASK ? 'D' : '-', ef & CC_O ? 'O' : '-',
        ef & CC_S ? 'S' : '-',    ef & CC_Z ? 'Z' : '-',
        ef & CC_A ? 'A' : '-',    ef & CC_P ? 'P' : '-',
        ef & CC_C ? 'C' : '-',    0,
    };
    int cpl = env->hflags & HF_CPL_MASK;
    int ii = !!(env->hflags & HF_INHIBIT_IRQ_MASK);
    int a20 = (int)((env->a20_mask >> 20) & 1);
    int smm = !!(env->hflags & HF_SMM_MASK);

    if (env->hflags & HF_CS64_MASK) {
        static const char *const n[16] = {
            "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP",
            "R8 ", "R9 ", "R10", "R11", "R12", "R13", "R14", "R15",
        };
        static const int idx[16] = { R_EAX, R_EBX, R_ECX, R_EDX, R_ESI,
                                     R_EDI, R_EBP, R_ESP, 8, 9, 10, 11,
                                     12, 13, 14, 15 };
        for (int i = 0; i < 16; i++) {
            g_string_append_printf(out, "%s=%016" PRIx64 "%s", n[i],
                                   env->regs[idx[i]],
                                   (i & 3) == 3 ? "\n" : " ");
        }
        g_string_append_printf(out,
                               "RIP=%016" PRIx64 " RFL=%08x [%s] CPL=%d "
                               "II=%d A20=%d SMM=%d HLT=%d\n",
                               env->eip, ef, fl, cpl, ii, a20, smm,
                               cs->halted);
    } else {
        g_string_append_printf(out,
                               "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
                               "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
                               "EIP=%08x EFL=%08x [%s] CPL=%d II=%d "
                               "A20=%d SMM=%d HLT=%d\n",
                               (uint32_t)env->regs[R_EAX],
                               (uint32_t)env->regs[R_EBX],
                               (uint32_t)env->regs[R_ECX],
                               (uint32_t)env->regs[R_EDX],
                               (uint32_t)env->regs[R_ESI],
                               (uint32_t)env->regs[R_EDI],
                               (uint32_t)env->regs[R_EBP],
                               (uint32_t)env->regs[R_ESP],
                               (uint32_t)env->eip, ef, fl, cpl, ii, a20, smm,
                               cs->halted);
    }
    for (int i = 0; i < 6; i++) {
        dump_seg(env, out, x86_seg_names[i], &env->segs[i]);
    }
    dump_seg(env, out, "LDT", &env->ldt);
    dump_seg(env, out, "TR", &env->tr);
    if (env->hflags & HF_LMA_MASK) {
        g_string_append_printf(out, "GDT=     %016" PRIx64 " %08x\n",
                               env->gdt.base, env->gdt.limit);
        g_string_append_printf(out, "IDT=     %016" PRIx64 " %08x\n",
                               env->idt.base, env->idt.limit);
        g_string_append_printf(out,
                               "CR0=%08x CR2=%016" PRIx64 " CR3=%016" PRIx64
                               " CR4=%08x\n",
                               (uint32_t)env->cr[0], env->cr[2], env->cr[3],
                               (uint32_t)env->cr[4]);
    } else {
        g_string_append_printf(out, "GDT=     %08x %08x\n",
                               (uint32_t)env->gdt.base, env->gdt.limit);
        g_string_append_printf(out, "IDT=     %08x %08x\n",
                               (uint32_t)env->idt.base, env->idt.limit);
        g_string_append_printf(out, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n",
                               (uint32_t)env->cr[0], (uint32_t)env->cr[2],
                               (uint32_t)env->cr[3], (uint32_t)env->cr[4]);
    }
    for (int i = 0; i < 4; i++) {
        g_string_append_printf(out, "DR%d=%016" PRIx64 " ", i, env->dr[i]);
    }
    g_string_append_printf(out, "\nDR6=%016" PRIx64 " DR7=%016" PRIx64 "\n",
                           env->dr[6], env->dr[7]);
    if (flags & CPU_DUMP_CCOP) {
        g_string_append_printf(out, "CCS=%08x CCD=%08x CCO=%s\n",
                               (uint32_t)env->cc_src, (uint32_t)env->cc_dst,
                               env->cc_op == CC_OP_EFLAGS ? "EFLAGS"
                                                          : "DYNAMIC");
    }
    g_string_append_printf(out, "EFER=%016" PRIx64 "\n", env->efer);
    if (flags & CPU_DUMP_FPU) {
        uint8_t ftw = 0;
        for (int i = 0; i < 8; i++) {
            ftw |= (env->fptags[i] == 0) << i;
        }
        g_string_append_printf(out,
                               "FCW=%04x FSW=%04x [ST=%d] FTW=%02x "
                               "MXCSR=%08x\n",
                               env->fpuc, x86_fpu_status(env),
                               env->fpstt & 7, ftw, env->mxcsr);
        for (int i = 0; i < 8; i++) {
            g_string_append_printf(out, "FPR%d=%016" PRIx64 " %04x%s", i,
                                   env->fpregs[i].low, env->fpregs[i].high,
                                   (i & 1) ? "\n" : " ");
        }
        int nxmm = (env->hflags & HF_CS64_MASK) ? 16 : 8;
        for (int i = 0; i < nxmm; i++) {
            g_string_append_printf(out, "XMM%02d=%016" PRIx64 " %016" PRIx64
                                   "%s", i, env->xmm_regs[i].q[1],
                                   env->xmm_regs[i].q[0],
                                   (i & 1) ? "\n" : " ");
        }
    }
    if (flags & CPU_DUMP_CODE) {
        enum { TOTAL = 50, BACK = 20 };
        uint64_t base = env->segs[R_CS].base + env->eip;
        unsigned back = MIN(env->eip, (uint64_t)BACK);
        g_string_append(out, "Code=");
        for (unsigned i = 0; i < TOTAL; i++) {
            uint8_t byte;
            char hex[3] = "??";
            if (cpu_memory_rw_debug(cs, base - back + i, &byte, 1, false) ==
                0) {
                snprintf(hex, sizeof(hex), "%02x", byte);
            }
            g_string_append_printf(out, "%s%s%s%s", i ? " " : "",
                                   i == back ? "<" : "", hex,
                                   i == back ? ">" : "");
        }
        g_string_append_c(out, '\n');
    }
}

/* ------------------------------------------------------------------ */
/* CPU class hooks */

const struct TCGCPUOps *x86_tcg_ops;

static int64_t x86_cpu_get_arch_id(CPUState *cs)
{
    return X86_CPU(cs)->apic_id;
}

static void x86_cpu_set_pc(CPUState *cs, uint64_t pc)
{
    X86_CPU(cs)->env.eip = pc;
}

static uint64_t x86_cpu_get_pc(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    return env->segs[R_CS].base + env->eip;
}

static bool x86_cpu_has_work(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    uint32_t ir = cs->interrupt_request;
    return ((ir & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_POLL)) &&
            (env->eflags & IF_MASK)) ||
           (ir & (CPU_INTERRUPT_NMI | CPU_INTERRUPT_INIT |
                  CPU_INTERRUPT_SIPI | CPU_INTERRUPT_SMI));
}

static void x86_cpu_realize(DeviceState *dev, Error **errp)
{
    CPUState *cs = CPU(dev);
    X86CPU *cpu = X86_CPU(dev);
    CPUClass *cc = CPU_GET_CLASS(cs);
    MachineState *ms = current_machine;

    if (X86_CPU_GET_CLASS(cpu)->host_cpuid_required && !kvm_enabled()) {
        error_setg(errp, "CPU model 'host' requires KVM");
        return;
    }
    if (!x86_cpu_expand_features(cpu, errp)) {
        return;
    }
    if (ms) {
        cpu->topo.threads_per_core = MAX(ms->smp.threads, 1);
        cpu->topo.cores_per_die = MAX(ms->smp.cores, 1);
        cpu->topo.dies_per_pkg = MAX(ms->smp.dies, 1);
    } else {
        cpu->topo.threads_per_core = 1;
        cpu->topo.cores_per_die = 1;
        cpu->topo.dies_per_pkg = 1;
    }
    cs->nr_cores = cpu->topo.cores_per_die * cpu->topo.dies_per_pkg;
    cs->nr_threads = cpu->topo.threads_per_core;
    cpu->env.nr_dies = cpu->topo.dies_per_pkg;
    if (cpu->apic_id == UINT32_MAX) {
        cpu->apic_id = x86_cpu_apic_id_from_index(&cpu->topo,
                                                  cs->cpu_index);
    }
    cpu->env.cpuid_apic_id = cpu->apic_id;

    if ((cpu->env.features[FEAT_1_EDX] & CPUID_APIC) &&
        !kvm_irqchip_in_kernel() && x86_cpu_apic_create_fn) {
        Error *err = NULL;
        x86_cpu_apic_create_fn(cpu, &err);
        if (err) {
            error_propagate(errp, err);
            return;
        }
    }

    /* Join the CPU list before the vCPU thread starts: it walks it. */
    if (cc->parent_realize) {
        Error *err = NULL;
        cc->parent_realize(dev, &err);
        if (err) {
            error_propagate(errp, err);
            return;
        }
    }
    qemu_init_vcpu(cs);
    cpu_reset(cs);
}

static void x86_cpu_initfn(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    CPUState *cs = CPU(obj);
    X86CPUClass *xcc = X86_CPU_GET_CLASS(obj);
    CPUX86State *env = &cpu->env;
    const X86CPUDefinition *def = xcc->cpu_def;

    cs->env_ptr = env;
    cpu->apic_id = UINT32_MAX;
    cpu->check_cpuid = true;
    cpu->expose_kvm = true;
    cpu->migratable = true;
    cpu->unmodelled_features =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    if (def) {
        vendor_to_words(env, def->vendor);
        set_family(cpu, def->family);
        set_model(cpu, def->model);
        set_stepping(cpu, def->stepping);
        env->cpuid_level = def->level;
        env->cpuid_xlevel = def->xlevel;
        set_model_id(env, def->model_id);
        features_from_string(env->features, def->features);
        g_auto(GStrv) names = g_strsplit(def->features, " ", -1);
        for (int i = 0; names[i]; i++) {
            FeatureRef ref;
            if (feature_lookup(names[i], &ref) && ref.word < 0) {
                g_hash_table_add(cpu->unmodelled_features,
                                 g_strdup(names[i]));
            }
        }
    } else if (xcc->max_features) {
        /* TCG identity; KVM replaces it with the host's when expanded. */
        vendor_to_words(env, CPUID_VENDOR_AMD);
        set_family(cpu, 15);
        set_model(cpu, 107);
        set_stepping(cpu, 1);
        env->cpuid_level = 0xd;
        env->cpuid_xlevel = 0x8000000a;
        set_model_id(env, "QEMU TCG CPU version 2.5+");
        features_from_string(env->features, x86_cpu_max_tcg_features);
    }
}

static void x86_cpu_post_initfn(Object *obj)
{
    if (cmdline_cpu_features && cmdline_cpu_type &&
        !strcmp(object_get_typename(obj), cmdline_cpu_type)) {
        Error *err = NULL;
        if (!x86_cpu_parse_featurestr(X86_CPU(obj), cmdline_cpu_features,
                                      &err)) {
            error_report_err(err);
            exit(1);
        }
    }
}

static void x86_cpu_finalizefn(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    g_hash_table_destroy(cpu->unmodelled_features);
    g_free(cpu->kvm_msr_buf);
    g_free(cpu->xsave_buf);
    g_free(cpu->model_id_override);
}

static ObjectClass *x86_cpu_class_by_name_hook(const char *cpu_model)
{
    return x86_cpu_class_by_name(cpu_model);
}

/* The page walker lives with TCG (tcg/excp_helper.c); NULL without it. */
hwaddr x86_cpu_get_phys_page_debug(CPUState *cs, uint64_t addr)
    __attribute__((weak));

static void x86_cpu_common_class_init(ObjectClass *oc, void *data)
{
    CPUClass *cc = CPU_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    cc->parent_realize = dc->realize;
    cc->parent_reset = dc->reset;
    dc->realize = x86_cpu_realize;
    dc->reset = x86_cpu_reset;
    dc->user_creatable = true;
    dc->categories |= 1UL << DEVICE_CATEGORY_CPU;
    cc->class_by_name = x86_cpu_class_by_name_hook;
    cc->has_work = x86_cpu_has_work;
    cc->get_arch_id = x86_cpu_get_arch_id;
    cc->dump_state = x86_cpu_dump_state;
    cc->set_pc = x86_cpu_set_pc;
    cc->get_pc = x86_cpu_get_pc;
    cc->tcg_ops = x86_tcg_ops;
    cc->get_phys_page_debug = x86_cpu_get_phys_page_debug;
    x86_cpu_add_props(oc);
}

static void x86_cpu_model_class_init(ObjectClass *oc, void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);
    xcc->cpu_def = data;
    xcc->ordering = 0;
}

static void x86_cpu_alias_class_init(ObjectClass *oc, void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);
    const X86CPUAlias *a = data;
    for (int i = 0; x86_cpu_defs[i].name; i++) {
        if (!strcmp(x86_cpu_defs[i].name, a->target)) {
            xcc->cpu_def = &x86_cpu_defs[i];
        }
    }
    /* "-cpu help" tells unversioned names from explicit aliases. */
    xcc->alias_of = a->by_machine ? NULL : a->target;
    xcc->model_description =
        a->by_machine ? "(alias configured by machine type)" : NULL;
}

static void x86_cpu_special_class_init(ObjectClass *oc, void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);
    const char *kind = data;
    xcc->ordering = 9;
    if (!strcmp(kind, "base")) {
        xcc->static_model = true;
        xcc->ordering = 8;
        xcc->model_description =
            "base CPU model type with no features enabled";
    } else if (!strcmp(kind, "host")) {
        xcc->host_cpuid_required = true;
        xcc->max_features = true;
        xcc->model_description =
            "processor with all supported host features ";
    } else {
        xcc->max_features = true;
        xcc->model_description = "Enables all features supported by the "
                                 "accelerator in the current host";
    }
}

static void x86_cpu_register_types(void)
{
    static const TypeInfo base_info = {
        .name = TYPE_X86_CPU,
        .parent = TYPE_CPU,
        .instance_size = sizeof(X86CPU),
        .instance_init = x86_cpu_initfn,
        .instance_post_init = x86_cpu_post_initfn,
        .instance_finalize = x86_cpu_finalizefn,
        .abstract = true,
        .class_size = sizeof(X86CPUClass),
        .class_init = x86_cpu_common_class_init,
    };
    static const char *const specials[] = { "base", "host", "max" };

    type_register_static(&base_info);
    for (int i = 0; x86_cpu_defs[i].name; i++) {
        TypeInfo *ti = g_new0(TypeInfo, 1);
        *ti = (TypeInfo){
            .name = g_strdup_printf("%s" X86_CPU_TYPE_SUFFIX,
                                    x86_cpu_defs[i].name),
            .parent = TYPE_X86_CPU,
            .class_init = x86_cpu_model_class_init,
            .class_data = (void *)&x86_cpu_defs[i],
        };
        type_register_static(ti);
    }
    for (int i = 0; x86_cpu_aliases[i].name; i++) {
        TypeInfo *ti = g_new0(TypeInfo, 1);
        *ti = (TypeInfo){
            .name = g_strdup_printf("%s" X86_CPU_TYPE_SUFFIX,
                                    x86_cpu_aliases[i].name),
            .parent = TYPE_X86_CPU,
            .class_init = x86_cpu_alias_class_init,
            .class_data = (void *)&x86_cpu_aliases[i],
        };
        type_register_static(ti);
    }
    for (size_t i = 0; i < ARRAY_SIZE(specials); i++) {
        TypeInfo *ti = g_new0(TypeInfo, 1);
        *ti = (TypeInfo){
            .name = g_strdup_printf("%s" X86_CPU_TYPE_SUFFIX, specials[i]),
            .parent = TYPE_X86_CPU,
            .class_init = x86_cpu_special_class_init,
            .class_data = (void *)specials[i],
        };
        type_register_static(ti);
    }
}

type_init(x86_cpu_register_types)
