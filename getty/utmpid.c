/* The utmp id getty makes up for its line when init left no record to
 * take the inittab id from. */
#include <string.h>

#include "utmpid.h"

void utmp_id_for_line(const char *line, char *id, size_t size)
{
	size_t l = strlen(line);
	const char *src = strncmp(line, "tty", 3) == 0 ? line + 3 :
		l > size ? line + l - size : line;
	strncpy(id, src, size);
}
