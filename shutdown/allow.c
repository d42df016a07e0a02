/*
 * allow: /etc/shutdown.allow (see allow.h).
 */
#include "allow.h"

#include <string.h>

#define VC_MAJOR     4
#define VC_MINOR_MAX 63

void allow_parse(const char *text, size_t len, struct allow_list *list)
{
	size_t i = 0;

	list->n = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t linelen = end - i;
		if (linelen > 0 && text[i] != '#' && list->n < ALLOW_MAX) {
			if (linelen > ALLOW_NAME_MAX)
				linelen = ALLOW_NAME_MAX;
			memcpy(list->names[list->n], text + i, linelen);
			list->names[list->n][linelen] = '\0';
			list->n++;
		}
		i = end + 1;
	}
}

bool allow_user_ok(const struct allow_list *list, const char *user)
{
	if (strcmp(user, "root") == 0)
		return true;
	for (size_t i = 0; i < list->n; i++)
		if (strncmp(list->names[i], user, ALLOW_NAME_MAX) == 0)
			return true;
	return false;
}

bool allow_is_console(unsigned major, unsigned minor)
{
	return major == VC_MAJOR && minor <= VC_MINOR_MAX;
}
