/*
 * clock: the one time base of the suite, CLOCK_MONOTONIC in milliseconds
 * (it survives re-exec and never jumps with the date).
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

int64_t clock_ms(void);

#endif
