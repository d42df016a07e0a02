/*
 * ask: the console prompt for a runlevel (see ask.h).
 */
#include "ask.h"

#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define ASK_PROMPT     "\nEnter runlevel: "
#define ASK_MAX_TRIES  10

static void prompt(const struct ask *a)
{
	(void)!write(a->fd, ASK_PROMPT, sizeof(ASK_PROMPT) - 1);
}

void ask_stop(struct ask *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
}

static char answer(struct ask *a, char level)
{
	ask_stop(a);
	return level;
}

char ask_start(struct ask *a)
{
	/* As sysvinit: whatever a program left the line as, the question
	 * and its answer need echo and a line discipline. */
	if (a->fd < 0)
		console_make_sane();
	/* Non-blocking: PID 1 must never wait on a console. */
	if (a->fd < 0)
		a->fd = open(console_path(), O_RDWR | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (a->fd < 0)
		return ASK_NO_ANSWER;
	a->tries = 1;
	prompt(a);
	return 0;
}

char ask_read(struct ask *a)
{
	char line[64];
	ssize_t r = read(a->fd, line, sizeof(line) - 1);

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (r <= 0)
		return answer(a, ASK_NO_ANSWER);
	if (strchr("0123456789Ss", line[0]) && (r == 1 || line[1] == '\n' || line[1] == '\r'))
		return answer(a, line[0] == 's' ? 'S' : line[0]);
	if (++a->tries > ASK_MAX_TRIES)
		return answer(a, ASK_NO_ANSWER);
	prompt(a);
	return 0;
}
