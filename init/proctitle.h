/*
 * proctitle: PID 1's title as ps(1) shows it, "init [2]", written over
 * the argument strings the kernel gave init, as sysvinit writes it (no
 * room is taken from the environment, so nothing else moves).
 */
#ifndef PROCTITLE_H
#define PROCTITLE_H

#include <stddef.h>

void proctitle_init(int argc, char **argv);

/* The title, cut to the room the arguments had. */
void proctitle_set(const char *title);

/* The title as it is now (empty when there is no room), cut to size. */
void proctitle_get(char *buf, size_t size);

#endif
