/*
 * wall: write a broadcast to every logged-in terminal (see wall.h).
 */
#include "wall.h"

#include "warn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#define WALL_DEADLINE_S 10   /* the whole writer; each write never blocks */
#define WALL_TEXT_MAX   2048

/* Devices whose opening alone does something (printers, tapes...), as
 * sysvinit's list: never written to even if utmp names them. */
static bool risky_major(unsigned m)
{
	static const unsigned risky[] = { 1, 2, 6, 9, 12, 16, 21, 27, 37, 96, 97, 206, 230 };

	for (size_t i = 0; i < sizeof(risky) / sizeof(risky[0]); i++)
		if (risky[i] == m)
			return true;
	return false;
}

static void write_all(int fd, const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;     /* EAGAIN: the terminal does not read */
		s += n;
		len -= (size_t)n;
	}
}

static void write_to_line(const char *line, const char *banner, const char *body)
{
	char path[sizeof(((struct utmpx *)0)->ut_line) + 8];
	struct stat st;

	if (strncmp(line, "/dev/", 5) == 0)
		snprintf(path, sizeof(path), "%.*s", (int)sizeof(((struct utmpx *)0)->ut_line), line);
	else
		snprintf(path, sizeof(path), "/dev/%.*s", (int)sizeof(((struct utmpx *)0)->ut_line), line);
	if (strstr(path, "/../") != NULL)
		return;
	if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode) || risky_major(major(st.st_rdev)))
		return;
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (isatty(fd)) {
		write_all(fd, banner);
		write_all(fd, body);
	}
	close(fd);
}

static void make_banner(char *buf, size_t size)
{
	char host[HOST_NAME_MAX + 1] = "[unknown]";
	char user[40];
	const char *tty = ttyname(0);
	struct passwd *pw = getpwuid(getuid());
	time_t now = time(NULL);
	char date[64] = " ";

	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "[unknown]");
	host[sizeof(host) - 1] = '\0';
	if (pw != NULL)
		snprintf(user, sizeof(user), "%.32s", pw->pw_name);
	else if (getuid() == 0)
		snprintf(user, sizeof(user), "root");
	else
		snprintf(user, sizeof(user), "uid %d", (int)getuid());
	if (tty != NULL && strncmp(tty, "/dev/", 5) == 0)
		tty += 5;
	struct tm tm;
	if (localtime_r(&now, &tm) != NULL)
		strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm);
	warn_banner(buf, size, user, host, tty, date);
}

void wall_broadcast(const char *text)
{
	char banner[512];
	char body[WALL_TEXT_MAX];

	make_banner(banner, sizeof(banner));
	warn_escape(body, sizeof(body), text);
	fflush(NULL);
	pid_t pid = fork();
	if (pid != 0)
		return;     /* the parent, or no child: no wall rather than a wait */
	alarm(WALL_DEADLINE_S);
	setutxent();
	struct utmpx *u;
	while ((u = getutxent()) != NULL) {
		if (u->ut_type != USER_PROCESS || u->ut_user[0] == '\0')
			continue;
		char line[sizeof(u->ut_line) + 1];
		memcpy(line, u->ut_line, sizeof(u->ut_line));
		line[sizeof(u->ut_line)] = '\0';
		write_to_line(line, banner, body);
	}
	endutxent();
	_exit(0);
}
