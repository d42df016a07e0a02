/*
 * pid1setup: the process made fit to be PID 1 (see pid1setup.h).
 */
#include "pid1setup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/kd.h>

#include "console.h"
#include "launch.h"
#include "log.h"
#include "proctitle.h"
#include "statusout.h"

/* The console's KeyboardSignal key (Alt-Up on a PC keymap) reaches init
 * as SIGWINCH only once init asks for it; without a virtual terminal (a
 * serial console, a container) there is nothing to ask. */
static void accept_keyboard_signal(void)
{
	int fd = open("/dev/tty0", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)ioctl(fd, KDSIGACCEPT, SIGWINCH);
	close(fd);
}

static int setup_signals(void)
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

void become_pid1(struct pid1 *p1, int argc, char **argv, bool booting)
{
	p1->self = argv[0][0] == '/' ? strdup(argv[0]) : PATH_SBIN_INIT;
	if (!p1->self)
		p1->self = PATH_SBIN_INIT;
	proctitle_init(argc, argv);
	console_choose();
	p1->sigfd = setup_signals();
	launch_prepare();
	umask(022);
	if (chdir("/") != 0)
		log_msg("cannot change to /: %s", strerror(errno));
	setsid();
	/* As sysvinit's init_main, at boot and after a re-exec. */
	console_make_sane();
	setenv("PATH", SPAWN_PATH, 1);
	status_advertise();
	if (booting) {
		/* In a container (a child PID namespace) the kernel refuses
		 * this with EINVAL: Ctrl-Alt-Del is not the container's. */
		if (reboot(RB_DISABLE_CAD) != 0 && errno != EINVAL)
			log_msg("cannot make Ctrl-Alt-Del send SIGINT: %s", strerror(errno));
		accept_keyboard_signal();
	}
}
