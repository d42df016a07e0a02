/*
 * wtmp: the shutdown record (see wtmp.h).
 */
#include "wtmp.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <utmp.h>
#include <utmpx.h>

int wtmp_write_shutdown(void)
{
	struct utmpx u;
	struct utsname uts;
	struct timeval tv;

	if (access(_PATH_WTMP, W_OK) != 0)
		return -1;
	memset(&u, 0, sizeof(u));
	u.ut_type = RUN_LVL;
	u.ut_pid = 0;
	strncpy(u.ut_user, "shutdown", sizeof(u.ut_user));
	strncpy(u.ut_id, "~~", sizeof(u.ut_id));
	strncpy(u.ut_line, "~~", sizeof(u.ut_line));
	if (uname(&uts) == 0)
		strncpy(u.ut_host, uts.release, sizeof(u.ut_host));
	gettimeofday(&tv, NULL);
	u.ut_tv.tv_sec = (int32_t)tv.tv_sec;
	u.ut_tv.tv_usec = (int32_t)tv.tv_usec;
	updwtmpx(_PATH_WTMP, &u);
	return 0;
}
