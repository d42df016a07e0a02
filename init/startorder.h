/*
 * startorder: what a process needs to become an inittab entry's program,
 * and its wire form between init and its spawner (one datagram each way).
 * Pure: encoding and decoding only.
 */
#ifndef STARTORDER_H
#define STARTORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct start_order {
	const char *id;             /* the entry's id */
	const char *process;        /* as written, for what is said of it */
	bool ctty;                  /* runs under a keeper, console as ctty */
	bool utmp;                  /* writes INIT_PROCESS/DEAD_PROCESS */
	char *const *argv;          /* NULL-terminated */
	char *const *envp;          /* NULL-terminated */
};

/* The largest order that travels: a larger one is started without the
 * spawner.  (A datagram this size fits the default socket buffer.) */
#define START_ORDER_MAX (64 * 1024)

/* The order in buf; returns its length, or 0 when it does not fit in
 * size bytes. */
size_t start_order_encode(const struct start_order *o, char *buf, size_t size);

/* The order read from buf[0..len) (which it points into, so buf must
 * outlive it, and end in a NUL byte, as every encoded order does), with
 * its argv and envp in vec (cap pointers).  Returns false for anything
 * that start_order_encode() did not write. */
bool start_order_decode(char *buf, size_t len, struct start_order *o,
			char **vec, size_t cap);

/* The spawner's answer: the new process, or the errno of the start. */
struct start_reply {
	pid_t pid;                  /* > 0, or -1 */
	int err;
};

#endif
