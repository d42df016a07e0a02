/* Reading a whole (small, regular) file into memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slurp.h"

char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	int e = 0;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	if (e != 0) {
		close(fd);
		errno = e;
		return NULL;
	}
	size_t cap = 4096, used = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			close(fd);
			errno = ENOMEM;
			return NULL;
		}
		if (used == cap) {
			if (cap >= (1u << 24)) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			char *n = realloc(buf, cap * 2);
			if (!n)
				free(buf);
			buf = n;
			cap *= 2;
			continue;
		}
		ssize_t r = read(fd, buf + used, cap - used);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		used += (size_t)r;
	}
	close(fd);
	*len = used;
	return buf;
}
