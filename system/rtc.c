/*
 * The guest's wall clock (-rtc): what date an RTC reports at start and
 * which clock it then follows.  base=utc|localtime|DATE sets the start;
 * clock=host (default) follows host time changes, rt and vm do not (vm
 * also stops while the VM is stopped).
 */
#include "qemu/osdep.h"
#include "sysemu/sysemu.h"
#include "qemu/error.h"
#include "qemu/timer.h"

typedef enum { RTC_BASE_UTC, RTC_BASE_LOCALTIME, RTC_BASE_DATETIME } RtcBase;

int rtc_clock = QEMU_CLOCK_HOST;
static RtcBase rtc_base_type = RTC_BASE_UTC;
/* Guest seconds at start-up (host time, or the DATE given). */
static time_t rtc_ref_start;
/* REALTIME seconds at start-up, for clock=rt/vm. */
static time_t rtc_rt_offset;
/* host time - DATE, for clock=host with a DATE base. */
static time_t rtc_host_offset;
static bool rtc_ready;

static time_t rtc_ref_now(void)
{
    time_t now = qemu_clock_get_ms(rtc_clock) / 1000;

    switch (rtc_clock) {
    case QEMU_CLOCK_REALTIME:
        return now - rtc_rt_offset + rtc_ref_start;
    case QEMU_CLOCK_VIRTUAL:
        return now + rtc_ref_start;
    default:
        return rtc_base_type == RTC_BASE_DATETIME ? now - rtc_host_offset
                                                  : now;
    }
}

static void rtc_defaults(void)
{
    if (!rtc_ready) {
        rtc_ref_start = time(NULL);
        rtc_rt_offset = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) / 1000;
        rtc_ready = true;
    }
}

void qemu_get_timedate(struct tm *tm, time_t offset)
{
    time_t t;

    rtc_defaults();
    t = rtc_ref_now() + offset;
    if (rtc_base_type == RTC_BASE_LOCALTIME) {
        localtime_r(&t, tm);
    } else {
        gmtime_r(&t, tm);
    }
}

time_t qemu_timedate_diff(struct tm *tm)
{
    struct tm copy = *tm;
    time_t seconds;

    rtc_defaults();
    if (rtc_base_type == RTC_BASE_LOCALTIME) {
        copy.tm_isdst = -1;
        seconds = mktime(&copy);
    } else {
        seconds = timegm(&copy);
    }
    return seconds - rtc_ref_now();
}

static bool parse_datetime(const char *s, time_t *out)
{
    struct tm tm = {0};
    int n = 0;

    if (sscanf(s, "%d-%d-%dT%d:%d:%d%n", &tm.tm_year, &tm.tm_mon,
               &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6 &&
        !s[n]) {
        /* full form */
    } else if (n = 0, tm = (struct tm){0},
               sscanf(s, "%d-%d-%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                      &n) == 3 && !s[n]) {
        /* date only */
    } else {
        return false;
    }
    if (tm.tm_year < 1970 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
        tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_hour < 0 ||
        tm.tm_min < 0 || tm.tm_sec < 0) {
        return false;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = timegm(&tm);
    return *out != (time_t)-1;
}

bool rtc_configure(const char *optarg, Error **errp)
{
    g_auto(GStrv) items = g_strsplit(optarg ? optarg : "", ",", 0);

    rtc_defaults();
    for (int i = 0; items[i]; i++) {
        const char *eq = strchr(items[i], '=');
        g_autofree char *key = NULL;
        const char *val;

        if (!*items[i]) {
            continue;
        }
        if (!eq) {
            error_setg(errp, "Invalid parameter '%s'", items[i]);
            return false;
        }
        key = g_strndup(items[i], eq - items[i]);
        val = eq + 1;
        if (g_str_equal(key, "base")) {
            if (g_str_equal(val, "utc")) {
                rtc_base_type = RTC_BASE_UTC;
            } else if (g_str_equal(val, "localtime")) {
                rtc_base_type = RTC_BASE_LOCALTIME;
            } else if (parse_datetime(val, &rtc_ref_start)) {
                rtc_base_type = RTC_BASE_DATETIME;
                rtc_host_offset = time(NULL) - rtc_ref_start;
            } else {
                error_setg(errp, "invalid datetime format");
                error_append_hint(errp, "valid formats: "
                                  "'2006-06-17T16:01:21' or '2006-06-17'\n");
                return false;
            }
        } else if (g_str_equal(key, "clock")) {
            if (g_str_equal(val, "host")) {
                rtc_clock = QEMU_CLOCK_HOST;
            } else if (g_str_equal(val, "rt")) {
                rtc_clock = QEMU_CLOCK_REALTIME;
            } else if (g_str_equal(val, "vm")) {
                rtc_clock = QEMU_CLOCK_VIRTUAL;
            } else {
                error_setg(errp, "invalid option value '%s'", val);
                return false;
            }
        } else if (g_str_equal(key, "driftfix")) {
            if (!g_str_equal(val, "none") && !g_str_equal(val, "slew")) {
                error_setg(errp, "invalid option value '%s'", val);
                return false;
            }
        } else {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    if (rtc_base_type != RTC_BASE_DATETIME) {
        rtc_ref_start = time(NULL);
    }
    return true;
}
