/*
 * libFuzzer target for QMP's input path: bytes -> JSONStreamer (fed in
 * chunks whose sizes come from the input) -> qmp_dispatch in both
 * negotiation and command mode -> schema argument checks of commands
 * with varied argument types.  Built with clang -fsanitize=fuzzer,address
 * by tests/qtest/meson.build and run for a bounded time (suite qmp-fuzz).
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "qobject/json.h"

const char *qemu_progname = "test-qmp-fuzz";

static const char *const checked[] = {
    "qom-get", "qom-set", "set-action", "qmp_capabilities",
    "human-monitor-command", "query-machines", "qom-list-types",
    "query-command-line-options", "query-status",
};

static void parsed(void *opaque, QObject *obj, Error *err)
{
    QmpSession *s = opaque;

    if (err) {
        QDict *rsp = qmp_error_response(err);
        qobject_unref(rsp);
        error_free(err);
        return;
    }
    {
        /* qobject_unref() evaluates its argument twice. */
        QDict *rsp = qmp_dispatch(s, obj);
        qobject_unref(rsp);
    }
    if (qobject_to(QDict, obj)) {
        QDict *args = qdict_get_qdict(qobject_to(QDict, obj), "arguments");
        for (size_t i = 0; i < ARRAY_SIZE(checked); i++) {
            Error *e = NULL;
            if (!qmp_schema_check_args(checked[i],
                                       args ? args : qobject_to(QDict, obj),
                                       &e)) {
                error_free(e);
            }
        }
    }
    {
        QObject *o = qobject_qemu_order(obj);
        g_free(qobject_to_json(o));
        qobject_unref(o);
    }
    qobject_unref(obj);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QmpSession s = { .oob_offered = true };
    JSONStreamer *js = json_streamer_new(parsed, &s);
    size_t chunk = size ? (data[0] % 64) + 1 : 1;

    for (size_t off = 0; off < size; off += chunk) {
        json_streamer_feed(js, (const char *)data + off,
                           MIN(chunk, size - off));
    }
    json_streamer_flush(js);
    json_streamer_free(js);
    return 0;
}
