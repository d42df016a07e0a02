/*
 * initreq: the /run/initctl wire format shared by init and telinit.
 *
 * Binary-compatible with sysvinit's struct init_request (384 bytes, host
 * byte order), so sysvinit's telinit and shutdown can drive our init and
 * our telinit can drive sysvinit.  The codec is pure: bytes in, a
 * validated request out (or a one-line reason for rejecting it).
 *
 * Extensions (ignored by sysvinit, which logs cmd 100 as unimplemented):
 *  - RUNLVL with data "initsuite:wait=NONCE": init writes the status file
 *    with that nonce once the requested change has completed.
 *  - cmd INITCMD_STATUS with data "NONCE": init writes the status file
 *    (PATH_INITSTATUS) with that nonce on its first line.
 */
#ifndef INITREQ_H
#define INITREQ_H

#include <stdbool.h>
#include <stddef.h>

#define INITREQ_MAGIC      0x03091969
#define INITREQ_SIZE       384
#define INITREQ_DATA_SIZE  368
#define INITREQ_ENV_MAX    16      /* extra INIT_* variables init keeps */
#define INITREQ_NONCE_MAX  64
#define INITREQ_WAIT_PREFIX "initsuite:wait="

enum initreq_cmd {
	INITCMD_START        = 0,
	INITCMD_RUNLVL       = 1,
	INITCMD_POWERFAIL    = 2,
	INITCMD_POWERFAILNOW = 3,
	INITCMD_POWEROK      = 4,
	INITCMD_BSD          = 5,
	INITCMD_SETENV       = 6,
	INITCMD_UNSETENV     = 7,
	INITCMD_STATUS       = 100,  /* initsuite extension */
};

/* The BSD sub-structure (old telnetd); sysvinit never implemented it. */
struct init_request_bsd {
	char gen_id[8];
	char tty_id[16];
	char host[64];
	char term_type[16];
	int signal;
	int pid;
	char exec_name[128];
	char reserved[128];
};

struct init_request {
	int magic;
	int cmd;
	int runlevel;
	int sleeptime;
	union {
		struct init_request_bsd bsd;
		char data[INITREQ_DATA_SIZE];
	} i;
};

_Static_assert(sizeof(struct init_request) == INITREQ_SIZE,
	       "struct init_request must be 384 bytes");

/* Why initreq_decode refused a request, as sysvinit words it: "got bogus
 * initrequest", "got unimplemented initrequest.", "bad runlevel". */
enum initreq_fault {
	INITREQ_BOGUS,
	INITREQ_UNIMPLEMENTED,
	INITREQ_BAD_RUNLEVEL,
};

/* A validated request. */
struct initreq_msg {
	enum initreq_cmd cmd;
	/* RUNLVL: '0'..'9', 'S', 'Q' (reload), 'U' (re-exec), 'a', 'b', 'c' */
	char level;
	/* RUNLVL: grace in seconds between SIGTERM and SIGKILL (0: KILL at
	 * once); -1 = default */
	int grace;
	/* RUNLVL with wait, STATUS: the nonce to answer with; "" when none */
	char nonce[INITREQ_NONCE_MAX + 1];
	/* SETENV/UNSETENV: nvars strings back to back in vars, each
	 * NUL-terminated: "VAR=VALUE" sets, "VAR" unsets; INIT_ names only */
	size_t nvars;
	char vars[INITREQ_DATA_SIZE + 1];
	/* SETENV/UNSETENV: names that are not INIT_ names, skipped (as
	 * sysvinit skips them); the first of them, printable, for a log */
	size_t nskipped;
	char skipped[33];
	/* After a refusal, the only field set: which kind it was. */
	enum initreq_fault fault;
};

/*
 * Decode len bytes read from the FIFO.  Returns 0 and fills out, or -1 and
 * writes a one-line reason (e.g. `bad magic 0x12345678`) into err.
 * Rejects: a size other than 384, a bad magic, an unknown or unimplemented
 * command (START, BSD), a runlevel outside the set above, or SETENV data
 * that is not NUL-terminated.  A variable whose name is not INIT_ followed
 * by letters, digits or _ is skipped (counted in nskipped), not the
 * request: sysvinit does the same, and keeps the first 16 variables.
 */
int initreq_decode(const void *buf, size_t len, struct initreq_msg *out,
		   char *err, size_t errsize);

/* Fill r (zeroed first) for a runlevel request.  level is as telinit gets
 * it ('0'..'9', 'S', 's', 'Q', 'q', 'U', 'u', 'A'..'C', 'a'..'c');
 * sleeptime < 0 sends sysvinit's default, 3; nonce may be NULL.  Returns 0, or
 * -1 for a level outside that set or a nonce too long. */
int initreq_encode_runlevel(struct init_request *r, char level,
			    int sleeptime, const char *nonce);

/* Power requests: cmd is INITCMD_POWERFAIL, _POWERFAILNOW or _POWEROK. */
int initreq_encode_power(struct init_request *r, enum initreq_cmd cmd);

/* SETENV with the given "VAR=VALUE" / "VAR" strings, any number of them.
 * Returns -1 when a name is not an INIT_ name or the strings do not fit
 * in 368 bytes. */
int initreq_encode_setenv(struct init_request *r, const char *const *vars,
			  size_t nvars);

/* "INIT_NAME" or "INIT_NAME=VALUE": the name must be INIT_ followed by
 * at least one of [A-Za-z0-9_], so that it is a usable environment name. */
bool initreq_env_name_ok(const char *var);

/* STATUS request with a nonce. */
int initreq_encode_status(struct init_request *r, const char *nonce);

#endif
