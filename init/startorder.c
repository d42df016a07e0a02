/*
 * startorder: the wire form of a start order (see startorder.h).
 *
 * A header of counts, then NUL-terminated strings: id, process, the
 * argv words, the envp words.  Both ends are the same binary (the
 * spawner is a fork of init), so the header is a plain struct.
 */
#include "startorder.h"

#include <stdint.h>
#include <string.h>

struct order_head {
	uint32_t magic;
	uint8_t ctty, utmp;
	uint16_t argc, envc;
};

#define ORDER_MAGIC 0x5354524fu     /* "STRO" */

static size_t count(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* Appends s with its NUL; false when it does not fit. */
static bool put(char *buf, size_t size, size_t *at, const char *s)
{
	size_t len = strlen(s) + 1;

	if (len > size - *at)
		return false;
	memcpy(buf + *at, s, len);
	*at += len;
	return true;
}

size_t start_order_encode(const struct start_order *o, char *buf, size_t size)
{
	size_t argc = count(o->argv), envc = count(o->envp), at = sizeof(struct order_head);
	struct order_head h = { ORDER_MAGIC, o->ctty, o->utmp, (uint16_t)argc, (uint16_t)envc };

	if (argc == 0 || argc > UINT16_MAX || envc > UINT16_MAX || size < at)
		return 0;
	memcpy(buf, &h, sizeof(h));
	if (!put(buf, size, &at, o->id) || !put(buf, size, &at, o->process))
		return 0;
	for (size_t i = 0; i < argc; i++)
		if (!put(buf, size, &at, o->argv[i]))
			return 0;
	for (size_t i = 0; i < envc; i++)
		if (!put(buf, size, &at, o->envp[i]))
			return 0;
	return at;
}

/* The next string from *at (inside buf[0..len), which ends in a NUL). */
static char *take(char *buf, size_t len, size_t *at)
{
	char *s = buf + *at;

	if (*at >= len)
		return NULL;
	*at += strlen(s) + 1;
	return s;
}

bool start_order_decode(char *buf, size_t len, struct start_order *o,
			char **vec, size_t cap)
{
	struct order_head h;
	size_t at = sizeof(h);

	if (len <= sizeof(h) || buf[len - 1] != '\0')
		return false;
	memcpy(&h, buf, sizeof(h));
	if (h.magic != ORDER_MAGIC || h.argc == 0 || (size_t)h.argc + h.envc + 2 > cap)
		return false;
	o->ctty = h.ctty;
	o->utmp = h.utmp;
	o->id = take(buf, len, &at);
	o->process = take(buf, len, &at);
	for (size_t i = 0; i < (size_t)h.argc + h.envc; i++)
		if (!(vec[i + (i >= h.argc)] = take(buf, len, &at)))
			return false;
	if (!o->id || !o->process || at != len)
		return false;
	vec[h.argc] = NULL;
	vec[h.argc + 1 + h.envc] = NULL;
	o->argv = vec;
	o->envp = vec + h.argc + 1;
	return true;
}
