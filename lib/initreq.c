/*
 * initreq: encoding and validation of /run/initctl requests.  Pure: no
 * I/O, no globals.  Requests are copied into an aligned struct before the
 * fields are read, since a FIFO read buffer carries no alignment promise.
 */
#include "initreq.h"
#include "errbuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define ENV_PREFIX "INIT_"
/* A grace beyond a day is a mistake; capping it keeps grace * 1000 (ms)
 * inside an int for the caller. */
#define GRACE_MAX_S (24 * 60 * 60)

/* The level as init acts on it, or 0 when c is not a level telinit may
 * send.  Case folds towards what sysvinit's init does with each. */
static char canonical_level(int c)
{
	if (c >= '0' && c <= '9')
		return (char)c;
	switch (c) {
	case 'S': case 's': return 'S';
	case 'Q': case 'q': return 'Q';
	case 'U': case 'u': return 'U';
	case 'A': case 'a': return 'a';
	case 'B': case 'b': return 'b';
	case 'C': case 'c': return 'c';
	default:            return 0;
	}
}

static bool nonce_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A nonce ends up as a space-separated token in the status file: only a
 * small, harmless character set keeps that file unambiguous. */
static bool nonce_valid(const char *s, size_t len)
{
	if (len == 0 || len > INITREQ_NONCE_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!nonce_char(s[i]))
			return false;
	return true;
}

static bool env_name_valid(const char *s, size_t len)
{
	size_t plen = sizeof(ENV_PREFIX) - 1;

	if (len <= plen || strncmp(s, ENV_PREFIX, plen) != 0)
		return false;
	for (size_t i = plen; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

static size_t env_name_len(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq ? (size_t)(eq - s) : strlen(s);
}

bool initreq_env_name_ok(const char *var)
{
	return env_name_valid(var, env_name_len(var));
}

/* What a log line may show of untrusted bytes. */
static void printable_prefix(const char *s, size_t len, char *out, size_t outsize)
{
	size_t n = len < outsize - 1 ? len : outsize - 1;

	for (size_t i = 0; i < n; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"') ? s[i] : '?';
	out[n] = '\0';
}

static const char *cmd_name(int cmd)
{
	switch (cmd) {
	case INITCMD_START:        return "START";
	case INITCMD_RUNLVL:       return "RUNLVL";
	case INITCMD_POWERFAIL:    return "POWERFAIL";
	case INITCMD_POWERFAILNOW: return "POWERFAILNOW";
	case INITCMD_POWEROK:      return "POWEROK";
	case INITCMD_BSD:          return "BSD";
	case INITCMD_SETENV:       return "SETENV";
	case INITCMD_UNSETENV:     return "UNSETENV";
	case INITCMD_STATUS:       return "STATUS";
	default:                   return "?";
	}
}

/* ---- decoding ---------------------------------------------------------- */

static int decode_runlevel(const struct init_request *r, struct initreq_msg *out,
			   char *err, size_t errsize)
{
	static const char prefix[] = INITREQ_WAIT_PREFIX;
	const size_t plen = sizeof(prefix) - 1;

	out->level = canonical_level(r->runlevel);
	if (!out->level) {
		out->fault = INITREQ_BAD_RUNLEVEL;
		errbuf_set(err, errsize, "bad runlevel 0x%x", (unsigned)r->runlevel);
		return -1;
	}
	/* As sysvinit: 0 is no grace at all (KILL right after TERM). */
	if (r->sleeptime < 0)
		out->grace = -1;
	else
		out->grace = r->sleeptime > GRACE_MAX_S ? GRACE_MAX_S : r->sleeptime;

	/* Other senders leave data zeroed; only our prefix carries meaning. */
	if (memcmp(r->i.data, prefix, plen) != 0)
		return 0;
	const char *nonce = r->i.data + plen;
	const char *end = memchr(nonce, '\0', sizeof(r->i.data) - plen);
	if (!end || !nonce_valid(nonce, (size_t)(end - nonce))) {
		errbuf_set(err, errsize, "bad wait nonce in RUNLVL data");
		return -1;
	}
	memcpy(out->nonce, nonce, (size_t)(end - nonce) + 1);
	return 0;
}

static int decode_status(const struct init_request *r, struct initreq_msg *out,
			 char *err, size_t errsize)
{
	const char *end = memchr(r->i.data, '\0', sizeof(r->i.data));

	if (!end || !nonce_valid(r->i.data, (size_t)(end - r->i.data))) {
		errbuf_set(err, errsize, "bad nonce in STATUS data");
		return -1;
	}
	memcpy(out->nonce, r->i.data, (size_t)(end - r->i.data) + 1);
	return 0;
}

static int decode_env(const struct init_request *r, struct initreq_msg *out,
		      char *err, size_t errsize)
{
	const char *data = r->i.data;
	const size_t size = sizeof(r->i.data);
	size_t off = 0, used = 0;

	/* Strings back to back, ended by an empty one or the end of data. */
	while (off < size && data[off] != '\0') {
		const char *s = data + off;
		const char *end = memchr(s, '\0', size - off);
		if (!end) {
			errbuf_set(err, errsize, "%s data not NUL-terminated",
			           cmd_name(r->cmd));
			return -1;
		}
		size_t len = (size_t)(end - s);
		off += len + 1;
		/* As sysvinit: a name that is not INIT_ is skipped, the rest
		 * of the request stands. */
		if (!env_name_valid(s, env_name_len(s))) {
			if (out->nskipped++ == 0)
				printable_prefix(s, env_name_len(s), out->skipped,
						 sizeof(out->skipped));
			continue;
		}
		memcpy(out->vars + used, s, len + 1);
		used += len + 1;
		out->nvars++;
	}
	return 0;
}

int initreq_decode(const void *buf, size_t len, struct initreq_msg *out,
		   char *err, size_t errsize)
{
	struct init_request r;

	memset(out, 0, sizeof(*out));
	out->grace = -1;
	if (len < INITREQ_SIZE) {
		errbuf_set(err, errsize, "short request (%zu bytes)", len);
		return -1;
	}
	if (len > INITREQ_SIZE) {
		errbuf_set(err, errsize, "oversized request (%zu bytes)", len);
		return -1;
	}
	memcpy(&r, buf, sizeof(r));
	if (r.magic != INITREQ_MAGIC) {
		errbuf_set(err, errsize, "bad magic 0x%08x", (unsigned)r.magic);
		return -1;
	}

	int rc;
	switch (r.cmd) {
	case INITCMD_RUNLVL:
		rc = decode_runlevel(&r, out, err, errsize);
		break;
	case INITCMD_POWERFAIL:
	case INITCMD_POWERFAILNOW:
	case INITCMD_POWEROK:
		rc = 0;
		break;
	case INITCMD_SETENV:
	case INITCMD_UNSETENV:
		rc = decode_env(&r, out, err, errsize);
		break;
	case INITCMD_STATUS:
		rc = decode_status(&r, out, err, errsize);
		break;
	case INITCMD_START:
	case INITCMD_BSD:
		out->fault = INITREQ_UNIMPLEMENTED;
		errbuf_set(err, errsize, "unimplemented command %d (%s)", r.cmd, cmd_name(r.cmd));
		return -1;
	default:
		out->fault = INITREQ_UNIMPLEMENTED;
		errbuf_set(err, errsize, "unknown command %d", r.cmd);
		return -1;
	}
	if (rc != 0) {
		/* Leave nothing half-filled behind for a careless caller. */
		enum initreq_fault fault = out->fault;
		memset(out, 0, sizeof(*out));
		out->grace = -1;
		out->fault = fault;
		return -1;
	}
	out->cmd = (enum initreq_cmd)r.cmd;
	return 0;
}

/* ---- encoding ---------------------------------------------------------- */

static void init_header(struct init_request *r, enum initreq_cmd cmd)
{
	memset(r, 0, sizeof(*r));
	r->magic = INITREQ_MAGIC;
	r->cmd = cmd;
}

int initreq_encode_runlevel(struct init_request *r, char level,
			    int sleeptime, const char *nonce)
{
	static const char prefix[] = INITREQ_WAIT_PREFIX;

	init_header(r, INITCMD_RUNLVL);
	if (!canonical_level((unsigned char)level))
		return -1;
	if (nonce && !nonce_valid(nonce, strnlen(nonce, INITREQ_NONCE_MAX + 1)))
		return -1;
	/* Sent as typed, as sysvinit's telinit does: init folds the case. */
	r->runlevel = level;
	/* No wire value means "init's default": send sysvinit's own, 3. */
	r->sleeptime = sleeptime >= 0 ? sleeptime : 3;
	if (nonce) {
		memcpy(r->i.data, prefix, sizeof(prefix) - 1);
		memcpy(r->i.data + sizeof(prefix) - 1, nonce, strlen(nonce) + 1);
	}
	return 0;
}

int initreq_encode_power(struct init_request *r, enum initreq_cmd cmd)
{
	init_header(r, cmd);
	if (cmd != INITCMD_POWERFAIL && cmd != INITCMD_POWERFAILNOW &&
	    cmd != INITCMD_POWEROK) {
		r->cmd = 0;
		return -1;
	}
	return 0;
}

int initreq_encode_setenv(struct init_request *r, const char *const *vars,
			  size_t nvars)
{
	size_t off = 0;

	init_header(r, INITCMD_SETENV);
	for (size_t i = 0; i < nvars; i++) {
		size_t len = strlen(vars[i]);
		if (!env_name_valid(vars[i], env_name_len(vars[i])))
			return -1;
		/* Room for this string's NUL; the final empty string may be
		 * left out when the data is exactly full. */
		if (len + 1 > sizeof(r->i.data) - off) {
			memset(r->i.data, 0, sizeof(r->i.data));
			return -1;
		}
		memcpy(r->i.data + off, vars[i], len + 1);
		off += len + 1;
	}
	return 0;
}

int initreq_encode_status(struct init_request *r, const char *nonce)
{
	init_header(r, INITCMD_STATUS);
	if (!nonce || !nonce_valid(nonce, strnlen(nonce, INITREQ_NONCE_MAX + 1)))
		return -1;
	memcpy(r->i.data, nonce, strlen(nonce) + 1);
	return 0;
}
