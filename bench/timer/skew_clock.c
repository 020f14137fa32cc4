/*
 * A wall clock that is wrong by a fixed amount, for the timer benchmark's node B
 * (bench-timer --two-node --node-b-skew-ms N), as a second machine whose clock drifted.
 *
 * Loaded with LD_PRELOAD; shifts CLOCK_REALTIME (and gettimeofday, time) by
 * BENCH_SKEW_MS milliseconds and leaves the monotonic clocks alone, so timeouts and
 * intervals are unchanged and only wall-clock readings (Date()) are wrong. Debian's
 * libfaketime would do the same, but a Swift program loaded with it sees no command-line
 * arguments (CommandLine.arguments is empty), so `atelier serve` cannot start under it.
 *
 * Built by bench/timer/bench_timer.py when needed:
 *   gcc -O2 -shared -fPIC -o skew_clock.so skew_clock.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long long skew_ns;
static int (*real_clock_gettime)(clockid_t, struct timespec *);

__attribute__((constructor)) static void init(void) {
    const char *ms = getenv("BENCH_SKEW_MS");
    skew_ns = ms ? (long long)(atof(ms) * 1e6) : 0;
    real_clock_gettime = dlsym(RTLD_NEXT, "clock_gettime");
}

int clock_gettime(clockid_t id, struct timespec *ts) {
    if (!real_clock_gettime) real_clock_gettime = dlsym(RTLD_NEXT, "clock_gettime");
    int r = real_clock_gettime(id, ts);
    if (r == 0 && skew_ns && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
        long long ns = (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec + skew_ns;
        ts->tv_sec = ns / 1000000000LL;
        ts->tv_nsec = ns % 1000000000LL;
    }
    return r;
}

int gettimeofday(struct timeval *tv, void *tz) {
    (void)tz;
    struct timespec ts;
    int r = clock_gettime(CLOCK_REALTIME, &ts);
    if (r == 0 && tv) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return r;
}

time_t time(time_t *t) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (t) *t = ts.tv_sec;
    return ts.tv_sec;
}
