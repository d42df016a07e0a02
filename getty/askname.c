/* Asking for the login name on the line: prompt, read, hunt along the
 * chain on BREAK, give up at the timeout. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <bsd/string.h>

#include "askname.h"
#include "gettydefs.h"
#include "clock.h"
#include "issue.h"
#include "line.h"
#include "msg.h"
#include "namein.h"
#include "options.h"

/* How long the next poll may wait: -1 for ever without a timeout, else
 * what is left of it, at most a minute.  Once it has passed getty ends. */
static int poll_wait(long long deadline, long timeout, const char *line)
{
	if (deadline < 0)
		return -1;
	long long left = deadline - clock_ms();
	if (left <= 0) {
		syslog(LOG_INFO, "%s: no login name within %ld seconds", line, timeout);
		exit(EXIT_SUCCESS);
	}
	return left > 60000 ? 60000 : (int)left;
}

/* Read the line and feed the reader, echoing as it says, until it has
 * something other than NAME_MORE to tell. */
static enum name_event next_event(struct name_reader *r, long long deadline,
				  long timeout, const char *line)
{
	enum name_event ev = NAME_MORE;
	while (ev == NAME_MORE) {
		int wait = poll_wait(deadline, timeout, line);
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		int n = poll(&p, 1, wait);
		if (n < 0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (n <= 0)
			continue;
		unsigned char buf[64];
		ssize_t got = read(STDIN_FILENO, buf, sizeof(buf));
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0)
			fatal("%s: read: %s", line, strerror(errno));
		if (got == 0)
			fatal("%s: end of file on the line", line);
		for (ssize_t i = 0; i < got && ev == NAME_MORE; i++) {
			ev = name_reader_feed(r, buf[i]);
			write_all(r->echo, r->echo_len);
		}
	}
	return ev;
}

/* A BREAK: the line is read in the next entry's modes.  Returns that
 * entry. */
static const struct gettydef *hunt(const struct gettydefs *defs, size_t *entry,
				   tcflag_t cflags, speed_t *keep, struct name_reader *r)
{
	/* With --keep-baud the first BREAK leaves the kept speed for the
	 * current entry's own; later ones hunt on. */
	if (*keep != B0)
		*keep = B0;
	else
		*entry = defs->entries[*entry].next;
	const struct gettydef *e = &defs->entries[*entry];
	set_reading_mode(e, cflags, B0);
	r->parmrk = (e->initial.set[FLAG_IFLAG] & PARMRK) != 0;
	write_str("\n");
	return e;
}

void read_name(const struct getty_options *o, const struct gettydefs *defs,
	       size_t *entry, tcflag_t cflags, speed_t *keep, const char *line,
	       struct login_name *out)
{
	long long deadline = o->timeout > 0 ? clock_ms() + o->timeout * 1000LL : -1;
	bool issue = !o->no_issue;
	struct name_reader r;
	const struct gettydef *e = &defs->entries[*entry];
	name_reader_init(&r, (e->initial.set[FLAG_IFLAG] & PARMRK) != 0);

	for (;;) {
		if (issue)
			show_issue(o, line);
		issue = false;
		show(e->prompt, strlen(e->prompt), EXPAND_PROMPT, line);

		switch (next_event(&r, deadline, o->timeout, line)) {
		case NAME_DONE:
			strlcpy(out->name, r.name, sizeof(out->name));
			out->uppercase = r.uppercase;
			out->erase = r.erase_char;
			return;
		case NAME_REFUSED:
			write_str(r.problem);
			write_str("\n");
			break;
		case NAME_BREAK:
			e = hunt(defs, entry, cflags, keep, &r);
			issue = !o->no_issue;
			break;
		case NAME_EOF:
			exit(EXIT_SUCCESS);
		case NAME_EMPTY:
		case NAME_MORE:
			break;
		}
	}
}
