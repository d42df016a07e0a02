/*
 * errbuf: a one-line reason for a failure, formatted into a buffer the
 * caller owns (the err, errsize pair the pure parsers take).
 */
#ifndef ERRBUF_H
#define ERRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* Formats the reason into err (cut to errsize, NUL-terminated); writes
 * nothing when err is NULL or errsize is 0.  Returns -1, so that a parser
 * can `return errbuf_set(...)`. */
int errbuf_set(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int errbuf_vset(char *err, size_t errsize, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
