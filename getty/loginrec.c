/* The LOGIN_PROCESS record getty leaves in utmp and wtmp for its line. */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <utmpx.h>

#include "loginrec.h"
#include "utmpid.h"

/* init's INIT_PROCESS record for us carries the inittab id: keep it. */
void write_utmp(const char *line, const char *host)
{
	const char *utmp_file = getenv("GETTY_UTMP");
	if (utmp_file && utmpxname(utmp_file) != 0)
		return;
	struct utmpx ut, *u;
	memset(&ut, 0, sizeof(ut));
	pid_t pid = getpid();
	setutxent();
	while ((u = getutxent()))
		if (u->ut_pid == pid &&
		    (u->ut_type == INIT_PROCESS || u->ut_type == LOGIN_PROCESS)) {
			memcpy(ut.ut_id, u->ut_id, sizeof(ut.ut_id));
			break;
		}
	if (ut.ut_id[0] == '\0')
		utmp_id_for_line(line, ut.ut_id, sizeof(ut.ut_id));
	ut.ut_type = LOGIN_PROCESS;
	ut.ut_pid = pid;
	strncpy(ut.ut_line, line, sizeof(ut.ut_line));
	strncpy(ut.ut_user, "LOGIN", sizeof(ut.ut_user));
	if (host)
		strncpy(ut.ut_host, host, sizeof(ut.ut_host));
	struct timeval tv;
	gettimeofday(&tv, NULL);
	ut.ut_tv.tv_sec = (int32_t)tv.tv_sec;
	ut.ut_tv.tv_usec = (int32_t)tv.tv_usec;
	setutxent();
	(void)pututxline(&ut);	/* no utmp (read-only /run): log in anyway */
	endutxent();
	const char *wtmp = getenv("GETTY_WTMP");
	updwtmpx(wtmp ? wtmp : _PATH_WTMP, &ut);
}
