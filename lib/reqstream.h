/*
 * reqstream: cutting the bytes read from /run/initctl into requests.
 *
 * One write of a request is atomic (384 < PIPE_BUF), but a writer may
 * write less (a writer stopped half-way, or one that writes a request in
 * pieces), and the next writer's request then lies behind those bytes in
 * the same pipe.  The reader resynchronises on the magic number: a
 * candidate request is the 384 bytes that start with the magic and hold
 * no other magic (one that does was cut short, and the magic inside starts
 * the next writer's request); bytes before a magic can be no request.  So
 * a whole request beside a partial one is kept, and no request is made of
 * the pieces of two writes.  Pure: no I/O.
 */
#ifndef REQSTREAM_H
#define REQSTREAM_H

#include <stddef.h>

enum reqstream_piece {
	REQSTREAM_REQUEST,  /* a whole candidate request (INITREQ_SIZE bytes) */
	REQSTREAM_GARBAGE,  /* bytes that can be no request's */
	REQSTREAM_PARTIAL,  /* the start of a request: all of buf, fewer than
	                     * INITREQ_SIZE bytes; the rest may still come */
};

/* What the front of buf[0..len) (len > 0) is; *n is its length. */
enum reqstream_piece reqstream_next(const void *buf, size_t len, size_t *n);

#endif
