/*
 * pid1setup: the process made fit to be PID 1 (see pid1setup.h).
 */
#include "pid1setup.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/kd.h>

/* The console's KeyboardSignal key (Alt-Up on a PC keymap) reaches init
 * as SIGWINCH only once init asks for it; without a virtual terminal (a
 * serial console, a container) there is nothing to ask. */
void accept_keyboard_signal(void)
{
	int fd = open("/dev/tty0", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)ioctl(fd, KDSIGACCEPT, SIGWINCH);
	close(fd);
}

int setup_signals(void)
{
	sigset_t all;

	/* Everything is blocked and read from the signalfd; what init does
	 * not act on is read and dropped, so nothing can kill PID 1. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	return signalfd(-1, &all, SFD_NONBLOCK | SFD_CLOEXEC);
}

/* Every descriptor init did not open itself is closed, but those it is
 * still to read (keep, ascending): nothing inherited reaches a child or
 * is held for good. */
void close_inherited(const int *keep, size_t n)
{
	int from = 3;

	for (size_t i = 0; i <= n; i++) {
		int to = i < n ? keep[i] - 1 : INT_MAX;
		if (to >= from && syscall(SYS_close_range, (unsigned)from, (unsigned)to, 0) != 0)
			for (int fd = from; fd <= to && fd < 1024; fd++)
				close(fd);
		if (i < n)
			from = keep[i] + 1;
	}
}
