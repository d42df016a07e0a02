/*
 * wtmp: the record of a system going down, as sysvinit's halt and
 * shutdown -n write it: user "shutdown", id and line "~~", pid 0, type
 * RUN_LVL, the kernel release as host.  `last -x` shows it as
 * "shutdown system down".
 */
#ifndef SHUTDOWN_WTMP_H
#define SHUTDOWN_WTMP_H

/* Append the record to wtmp when that file exists (as sysvinit: no wtmp,
 * no record).  Returns 0, or -1 with errno. */
int wtmp_write_shutdown(void);

#endif
