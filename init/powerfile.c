/*
 * powerfile: the power-status files read (see powerfile.h).
 */
#include "powerfile.h"

#include "log.h"

#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

char power_file_read(void)
{
	static const char *const files[] = {
		PATH_POWERSTATUS_RUN, PATH_POWERSTATUS_VAR, PATH_POWERSTATUS_ETC,
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char c = 0;
		int fd = open(files[i], O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
		if (fd < 0)
			continue;
		/* As sysvinit, which moved the file in 2010. */
		if (strcmp(files[i], PATH_POWERSTATUS_ETC) == 0)
			log_msg("warning: found obsolete path %s, use %s instead",
				PATH_POWERSTATUS_ETC, PATH_POWERSTATUS_VAR);
		ssize_t r = read(fd, &c, 1);
		close(fd);
		unlink(files[i]);
		if (r == 1 && (c == 'F' || c == 'O' || c == 'L'))
			return c;
		return 'F';
	}
	return 'F';   /* no file: sysvinit assumes the power is failing */
}
