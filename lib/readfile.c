/*
 * readfile: a whole file into memory (see readfile.h).
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *fail(int fd, char *buf, int err)
{
	free(buf);
	close(fd);
	errno = err;
	return NULL;
}

char *read_file(const char *path, int oflags, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | oflags);
	struct stat st;
	char *buf;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0)
		return fail(fd, NULL, errno);
	if (!S_ISREG(st.st_mode))
		return fail(fd, NULL, S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
	if ((unsigned long long)st.st_size > max)
		return fail(fd, NULL, EFBIG);
	if (!(buf = malloc((size_t)st.st_size + 1)))
		return fail(fd, NULL, ENOMEM);
	/* A file growing under us is cut at the size it had. */
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return fail(fd, buf, errno);
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}
