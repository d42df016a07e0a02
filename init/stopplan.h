/*
 * stopplan: what a stop request from outside asks of init, and how far
 * it has come.  Container managers and UPS daemons send signals, not
 * telinit requests: SIGRTMIN+4 powers off (systemd's machinectl, and
 * sysvinit since 3.10), SIGRTMIN+5 reboots (systemd's number), SIGPWR
 * powers off when inittab has nothing to run for a power failure (LXC).
 * Pure: the shell (stopreq.c) sends the requests and ends a container.
 */
#ifndef STOPPLAN_H
#define STOPPLAN_H

#include <stdint.h>

#include "inittab.h"
#include "sm.h"

enum stop_end {
	STOP_NONE,        /* not a stop request */
	STOP_POWEROFF,    /* as shutdown -h -P now: INIT_HALT=POWEROFF, level 0 */
	STOP_REBOOT,      /* as shutdown -r now: INIT_HALT unset, level 6 */
};

/* What signal signo asks for; power is the power-status file's letter
 * read for SIGPWR ('F', 'L' or 'O'), t the table init runs.  SIGPWR
 * stops only a system whose inittab has no powerwait, powerfail or
 * powerfailnow entry, and never for 'O' (the power is back). */
enum stop_end stop_for_signal(int signo, char power, const struct inittab *t);

/* The level that end goes to ('0' or '6'), and the SETENV string that
 * goes with it, as shutdown sends it ("INIT_HALT" alone unsets). */
char stop_level(enum stop_end end);
const char *stop_halt_var(enum stop_end end);

enum stop_progress {
	STOP_GOING,       /* still on the way (booting, changing, entries running) */
	STOP_REACHED,     /* in level `level`, and none of its entries runs or will */
	STOP_OVERRIDDEN,  /* a later request took init to another level */
};

/* How far the stop to level has come.  Entries that the level keeps
 * running (respawn) hold it back for good, as they would in sysvinit;
 * boot entries, which run whatever the level, do not count. */
enum stop_progress stop_progress(const struct sm *sm, char level, int64_t now);

#endif
