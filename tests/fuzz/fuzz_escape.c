/*
 * libFuzzer target: the gettydefs field unescaper and the prompt/issue
 * expander.  The first byte picks the mode and which values are NULL, so
 * both the @ and the backslash forms meet missing and long values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char longname[] =
		"a-node-name-much-longer-than-any-buffer-a-careless-expander-might-use-"
		"a-node-name-much-longer-than-any-buffer-a-careless-expander-might-use";
	struct escape_values v;
	unsigned char sel;
	char err[128];
	char *text, *out;
	size_t out_len = 0;

	if (size == 0)
		return 0;
	sel = data[0];
	data++;
	size--;

	memset(&v, 0, sizeof v);
	v.line = (sel & 2) ? "ttyS0" : NULL;
	v.nodename = (sel & 4) ? longname : NULL;
	v.sysname = (sel & 8) ? "Linux" : NULL;
	v.release = (sel & 16) ? "6.1.0" : NULL;
	v.version = (sel & 16) ? "#1 SMP" : NULL;
	v.machine = (sel & 8) ? "x86_64" : NULL;
	v.domainname = (sel & 32) ? "(none)" : NULL;
	v.speed = (sel & 64) ? 4000000 : -1;
	v.users = (sel & 128) ? 4294967295u : 0;
	v.now.tm_year = (sel & 1) ? 126 : -1900;  /* 2026, and the year 0 */
	v.now.tm_mon = 10;
	v.now.tm_mday = 25;
	v.now.tm_hour = 23;
	v.now.tm_min = 59;
	v.now.tm_sec = 60;

	out = escape_expand((const char *)data, size,
			    (sel & 1) ? EXPAND_ISSUE : EXPAND_PROMPT, &v, &out_len);
	if (out != NULL) {
		if (out[out_len] != '\0')
			abort();
		free(out);
	}

	/* unescape_field takes a C string. */
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	out = unescape_field(text, err, sizeof err);
	if (out == NULL) {
		if (memchr(err, '\0', sizeof err) == NULL)
			abort();
	} else {
		free(out);
	}
	free(text);
	return 0;
}
