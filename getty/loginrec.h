/* The LOGIN_PROCESS record getty leaves in utmp and wtmp for its line. */
#ifndef GETTY_LOGINREC_H
#define GETTY_LOGINREC_H

/* host: -H's, or NULL. */
void write_utmp(const char *line, const char *host);

#endif
