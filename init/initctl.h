/*
 * initctl: init's end of the /run/initctl FIFO.  Keeps a FIFO (and only a
 * FIFO) at the path, re-creating it when it vanishes or is replaced, and
 * turns what is written into it into validated requests.
 */
#ifndef INITCTL_H
#define INITCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "initreq.h"

struct initctl {
	int fd;                 /* -1 when closed */
	dev_t dev;
	ino_t ino;
	bool held_closed;       /* SIGUSR2: stay closed until SIGUSR1 */
	int inotify_fd;         /* watches the FIFO's directory */
	int watch;
	dev_t dir_dev;
	ino_t dir_ino;
	bool said_cannot;
	int64_t bad_logged_at;  /* rate limit for complaints about bad requests */
	unsigned bad_unlogged;
	/* The start of a request whose rest was not read yet. */
	unsigned char partial[INITREQ_SIZE];
	size_t npartial;
};

void initctl_init(struct initctl *c);
/* Make sure the FIFO exists and is ours, (re)opening it as needed. Cheap
 * when nothing changed: call it after every batch of events. */
void initctl_check(struct initctl *c);
/* SIGUSR1 and SIGUSR2. */
void initctl_reopen(struct initctl *c);
void initctl_hold_closed(struct initctl *c);
/* Drain the inotify descriptor (its only job is to wake the loop). */
void initctl_drain_inotify(struct initctl *c);

/* Read what is pending; call `handle` for each valid request (see
 * reqstream.h for how whole requests are told from pieces).  Bad input
 * is logged, rate-limited to one line per 10 s, and dropped. */
void initctl_read(struct initctl *c, int64_t now,
		  void (*handle)(void *ctx, const struct initreq_msg *m), void *ctx);

/* Adopt an already open FIFO descriptor (kept across re-exec). */
void initctl_adopt(struct initctl *c, int fd);

#endif
