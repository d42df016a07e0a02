/*
 * pid1setup: the process made fit to be PID 1: descriptors it inherited
 * closed; its title, path, signals (taken through a signalfd), umask,
 * directory, session and PATH; at boot, Ctrl-Alt-Del and the keyboard's
 * signal asked for.
 */
#ifndef PID1SETUP_H
#define PID1SETUP_H

#include <stdbool.h>
#include <stddef.h>

#include "pid1.h"

/* Every descriptor init did not open itself closed, but keep's
 * (ascending, n of them). */
void close_inherited(const int *keep, size_t n);
/* p1's path to re-exec and its signalfd set, and the process readied;
 * booting: the first init of this system, not one executed into it. */
void become_pid1(struct pid1 *p1, int argc, char **argv, bool booting);

#endif
