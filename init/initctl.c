/*
 * initctl: init's end of the /run/initctl FIFO (see initctl.h).
 */
#include "initctl.h"
#include "log.h"
#include "reqstream.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#define BAD_LOG_INTERVAL_MS 10000
#define READS_PER_WAKEUP    64   /* a flooding writer cannot starve the loop */

void initctl_init(struct initctl *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	c->watch = -1;
}

static void close_fifo(struct initctl *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->npartial = 0;   /* no request is made of two pipes' bytes */
}

static void watch_dir(struct initctl *c)
{
	struct stat st;

	if (c->inotify_fd < 0 || stat(PATH_RUNDIR, &st) != 0)
		return;
	if (c->watch >= 0 && st.st_dev == c->dir_dev && st.st_ino == c->dir_ino)
		return;
	/* The directory is new (a tmpfs mounted over /run): watch it. */
	if (c->watch >= 0)
		inotify_rm_watch(c->inotify_fd, c->watch);
	c->watch = inotify_add_watch(c->inotify_fd, PATH_RUNDIR,
				     IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
				     IN_CREATE | IN_ATTRIB | IN_ONLYDIR);
	c->dir_dev = st.st_dev;
	c->dir_ino = st.st_ino;
}

static bool still_ours(const struct initctl *c)
{
	struct stat st;

	return c->fd >= 0 && lstat(PATH_INITCTL, &st) == 0 && S_ISFIFO(st.st_mode) &&
	       st.st_dev == c->dev && st.st_ino == c->ino;
}

static void open_fifo(struct initctl *c)
{
	struct stat st;

	close_fifo(c);
	if (lstat(PATH_INITCTL, &st) == 0) {
		/* Anything but a FIFO of ours (a file, a link, someone else's
		 * FIFO) goes: requests must come through our own pipe. */
		if (!S_ISFIFO(st.st_mode) || st.st_uid != geteuid() ||
		    (st.st_mode & 0077)) {
			/* Something we cannot remove (a directory) stays until
			 * someone else acts: every wake-up retries, so say it once. */
			if (unlink(PATH_INITCTL) != 0 && errno != ENOENT) {
				log_once(&c->said_cannot, "%s is not init's FIFO and cannot be removed: %s",
					 PATH_INITCTL, strerror(errno));
				return;
			}
			log_msg("%s was not init's FIFO: replaced it", PATH_INITCTL);
		}
	}
	if (mkfifo(PATH_INITCTL, 0600) != 0 && errno != EEXIST) {
		log_once(&c->said_cannot, "cannot create %s: %s", PATH_INITCTL,
			 strerror(errno));
		return;
	}
	/* Read-write: we are a writer too, so the FIFO never reads as EOF
	 * and poll never spins when the last telinit closes. */
	int fd = open(PATH_INITCTL, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		log_once(&c->said_cannot, "cannot open %s: %s", PATH_INITCTL,
			 strerror(errno));
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode) || st.st_uid != geteuid()) {
		log_msg("%s changed while being opened: not using it", PATH_INITCTL);
		close(fd);
		return;
	}
	c->fd = fd;
	c->dev = st.st_dev;
	c->ino = st.st_ino;
	c->said_cannot = false;
}

void initctl_check(struct initctl *c)
{
	watch_dir(c);
	if (c->held_closed || still_ours(c))
		return;
	open_fifo(c);
}

void initctl_adopt(struct initctl *c, int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) {
		close(fd);
		return;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	/* Whatever the old init left it as: PID 1 never blocks on a read. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	c->fd = fd;
	c->dev = st.st_dev;
	c->ino = st.st_ino;
}

void initctl_reopen(struct initctl *c)
{
	int old = c->fd;

	/* The new descriptor first: a request written just before, still in
	 * the pipe, would go with the last reader. */
	c->held_closed = false;
	c->fd = -1;
	c->npartial = 0;
	initctl_check(c);
	if (old >= 0)
		close(old);
}

void initctl_hold_closed(struct initctl *c)
{
	c->held_closed = true;
	close_fifo(c);
}

void initctl_drain_inotify(struct initctl *c)
{
	char buf[4096];

	while (c->inotify_fd >= 0 && read(c->inotify_fd, buf, sizeof(buf)) > 0)
		;
}

/* sysvinit's words for a request it drops, then ours: why, and (rate
 * limited, unlike sysvinit's, so a flood cannot fill the console) how
 * many were not reported. */
static void complain(struct initctl *c, int64_t now, const char *words, const char *why)
{
	if (c->bad_logged_at && now - c->bad_logged_at < BAD_LOG_INTERVAL_MS) {
		c->bad_unlogged++;
		return;
	}
	if (c->bad_unlogged)
		log_msg("%s (%s: %s; and %u more since the last report)",
			words, PATH_INITCTL, why, c->bad_unlogged);
	else
		log_msg("%s (%s: %s)", words, PATH_INITCTL, why);
	c->bad_logged_at = now ? now : 1;
	c->bad_unlogged = 0;
}

/* A request initreq_decode refused, in sysvinit's words. */
static void complain_decoded(struct initctl *c, int64_t now, const unsigned char *req,
			     enum initreq_fault fault, const char *why)
{
	char words[40];
	int level;

	switch (fault) {
	case INITREQ_BAD_RUNLEVEL:
		memcpy(&level, req + offsetof(struct init_request, runlevel), sizeof(level));
		if (level > ' ' && level < 0x7f)
			snprintf(words, sizeof(words), "bad runlevel: %c", level);
		else
			snprintf(words, sizeof(words), "bad runlevel: 0x%x", (unsigned)level);
		break;
	case INITREQ_UNIMPLEMENTED:
		snprintf(words, sizeof(words), "got unimplemented initrequest.");
		break;
	default:
		snprintf(words, sizeof(words), "got bogus initrequest");
		break;
	}
	complain(c, now, words, why);
}

/* Act on the requests in buf[0..len); what can be no request is counted
 * in *dropped.  Returns how many bytes at the end are the start of a
 * request whose rest may still come. */
static size_t take_requests(struct initctl *c, int64_t now, const unsigned char *buf,
			    size_t len, size_t *dropped,
			    void (*handle)(void *ctx, const struct initreq_msg *m), void *ctx)
{
	struct initreq_msg msg;
	char why[128];
	size_t off = 0, n;

	while (off < len) {
		switch (reqstream_next(buf + off, len - off, &n)) {
		case REQSTREAM_PARTIAL:
			return len - off;
		case REQSTREAM_GARBAGE:
			*dropped += n;
			break;
		case REQSTREAM_REQUEST:
			if (initreq_decode(buf + off, n, &msg, why, sizeof(why)) != 0)
				complain_decoded(c, now, buf + off, msg.fault, why);
			else
				handle(ctx, &msg);
			break;
		}
		off += n;
	}
	return 0;
}

void initctl_read(struct initctl *c, int64_t now,
		  void (*handle)(void *ctx, const struct initreq_msg *m), void *ctx)
{
	/* Room for what is carried over (less than a request) and 8 more. */
	unsigned char buf[INITREQ_SIZE * 9];
	size_t dropped = 0;
	char why[128];

	for (int n = 0; c->fd >= 0 && n < READS_PER_WAKEUP; n++) {
		memcpy(buf, c->partial, c->npartial);
		ssize_t r = read(c->fd, buf + c->npartial, sizeof(buf) - c->npartial);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* The pipe is empty: a request's start with nothing
			 * behind it was cut short by its writer. */
			dropped += c->npartial;
			c->npartial = 0;
			break;
		}
		size_t len = c->npartial + (size_t)r;
		c->npartial = take_requests(c, now, buf, len, &dropped, handle, ctx);
		memcpy(c->partial, buf + len - c->npartial, c->npartial);
	}
	if (dropped) {
		snprintf(why, sizeof(why), "%zu bytes that are no whole request", dropped);
		complain(c, now, "got bogus initrequest", why);
	}
}
