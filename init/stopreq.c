/*
 * stopreq: stop requests from outside carried out (see stopreq.h).
 */
#include "stopreq.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include <bsd/string.h>

#include "clock.h"
#include "log.h"
#include "stopplan.h"

bool stop_requested(struct pid1 *p1, int signo, char power, stop_send_fn *send)
{
	enum stop_end end = stop_for_signal(signo, power, sm_table(p1->sm));
	struct initreq_msg m;

	if (end == STOP_NONE)
		return false;
	log_msg("signal %d (%s): %s", signo, signo == SIGPWR ? "SIGPWR" :
		signo == SIGRTMIN + 4 ? "SIGRTMIN+4" : "SIGRTMIN+5",
		end == STOP_REBOOT ? "rebooting" : "powering off");
	/* What shutdown -h -P now or shutdown -r now sends. */
	memset(&m, 0, sizeof(m));
	m.cmd = INITCMD_SETENV;
	m.nvars = 1;
	strlcpy(m.vars, stop_halt_var(end), sizeof(m.vars));
	send(p1, &m);
	memset(&m, 0, sizeof(m));
	m.cmd = INITCMD_RUNLVL;
	m.level = stop_level(end);
	m.grace = -1;
	send(p1, &m);
	p1->stop_level = m.level;
	return true;
}

/* The kernel refuses this in a child PID namespace, and only there:
 * Ctrl-Alt-Del is not a container's.  Elsewhere PID 1 asks for it at
 * boot anyway (pid1setup.c), so asking again changes nothing. */
static bool in_child_pid_namespace(void)
{
	return reboot(RB_DISABLE_CAD) != 0 && errno == EINVAL;
}

static bool halt_asked(const struct sm *sm)
{
	for (const char *const *v = sm_env(sm); v && *v; v++)
		if (strcmp(*v, "INIT_HALT=HALT") == 0)
			return true;
	return false;
}

void stop_check(struct pid1 *p1)
{
	if (!p1->stop_level)
		return;
	enum stop_progress progress = stop_progress(p1->sm, p1->stop_level, clock_ms());
	if (progress == STOP_GOING)
		return;
	char level = p1->stop_level;
	p1->stop_level = 0;
	if (progress == STOP_OVERRIDDEN || !in_child_pid_namespace())
		return;
	log_msg("runlevel %c reached and nothing runs any more: the container stops", level);
	sync();
	/* In a child PID namespace this ends PID 1 and every process of the
	 * namespace; the parent sees SIGHUP for a restart, SIGINT else. */
	reboot(level == '6' ? RB_AUTOBOOT : halt_asked(p1->sm) ? RB_HALT_SYSTEM : RB_POWER_OFF);
	log_msg("reboot(2) at the end of runlevel %c: %s", level, strerror(errno));
}
