/*
 * statusfile: the file init writes for `telinit status`, `telinit -W` and
 * `telinit u` (PATH_INITSTATUS), written and read here side by side so
 * that one test covers both ends.  Pure.
 *
 *   nonce=A B C          the requests this file answers
 *   refused=C WHY        one line per request init refused (telinit u)
 *   <listing>            what `telinit status` prints
 *   heap=N held=M        init's heap: bytes in use, bytes held (optional)
 */
#ifndef STATUSFILE_H
#define STATUSFILE_H

#include <stdbool.h>
#include <stddef.h>

/* The name of the memfd only a PID 1 that answers `telinit u` holds open
 * (close-on-exec: it goes with the program that made it, so neither a
 * file left from before nor the init a re-exec started can claim it).
 * telinit waits for U's answer only when /proc/1/fd shows it. */
#define STATUS_ANSWERS_U_MARK "initsuite-answers-u"

struct status_heap {
	size_t in_use, held;
};

/* The file's text (malloc'd), or NULL when memory ran out.  refused may
 * be NULL, else refused[i] is why request nonces[i] was refused, NULL or
 * "" when it was done (written on one line: control characters become
 * spaces).  heap may be NULL (no heap line). */
char *status_file_format(const char *const *nonces, const char *const *refused,
			 size_t nnonces, const char *listing, const struct status_heap *heap);

/* The listing (up to the end of text) when nonce is one of the answered
 * tokens, else NULL.  text need not be NUL-terminated. */
const char *status_file_answer(const char *text, size_t len, const char *nonce);

/* Why the request nonce was refused (*whylen bytes, not NUL-terminated),
 * or NULL when the file has no refusal for it. */
const char *status_file_refusal(const char *text, size_t len, const char *nonce,
				size_t *whylen);

/* Each answered nonce in turn, with its refusal (NULL, 0 when none). */
typedef void status_reply_fn(void *ctx, const char *nonce, size_t nlen,
			     const char *why, size_t whylen);
void status_file_replies(const char *text, size_t len, status_reply_fn *fn, void *ctx);

#endif
