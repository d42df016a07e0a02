/* errbuf: a one-line reason formatted into the caller's buffer. */
#include "errbuf.h"

#include <stdio.h>

int errbuf_vset(char *err, size_t errsize, const char *fmt, va_list ap)
{
	if (err && errsize > 0)
		vsnprintf(err, errsize, fmt, ap);
	return -1;
}

int errbuf_set(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errbuf_vset(err, errsize, fmt, ap);
	va_end(ap);
	return -1;
}
