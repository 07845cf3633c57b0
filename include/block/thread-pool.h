/*
 * A pool of worker threads for blocking work (file I/O).  The work
 * function runs in a worker; the completion callback runs later in the
 * main loop (a bottom half, so with the BQL held), never in the caller's
 * stack.
 */
#ifndef BLOCK_THREAD_POOL_H
#define BLOCK_THREAD_POOL_H

#include "qemu/osdep.h"

typedef int ThreadPoolFunc(void *opaque);
typedef void BlockCompletionFunc(void *opaque, int ret);

void thread_pool_submit_aio(ThreadPoolFunc *func, void *arg,
                            BlockCompletionFunc *cb, void *opaque);
/* Requests submitted and not yet completed (for draining). */
unsigned thread_pool_in_flight(void);

#endif
