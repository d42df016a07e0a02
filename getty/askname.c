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

		enum name_event ev = NAME_MORE;
		while (ev == NAME_MORE) {
			int wait = -1;
			if (deadline >= 0) {
				long long left = deadline - clock_ms();
				if (left <= 0) {
					syslog(LOG_INFO, "%s: no login name within %ld seconds",
					       line, o->timeout);
					exit(EXIT_SUCCESS);
				}
				wait = left > 60000 ? 60000 : (int)left;
			}
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
				ev = name_reader_feed(&r, buf[i]);
				write_all(r.echo, r.echo_len);
			}
		}

		switch (ev) {
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
			/* With --keep-baud the first BREAK leaves the kept speed
			 * for the current entry's own; later ones hunt on. */
			if (*keep != B0)
				*keep = B0;
			else
				*entry = e->next;
			e = &defs->entries[*entry];
			set_reading_mode(e, cflags, B0);
			r.parmrk = (e->initial.set[FLAG_IFLAG] & PARMRK) != 0;
			write_str("\n");
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
