/* getty's command line: the SysV form, the agetty forms Debian's inittab
 * uses, and `-c FILE`; and which of the two a label operand means. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>

#include "flags.h"
#include "gettydefs.h"
#include "options.h"

struct long_opt {
	const char *name;
	char short_name;
	bool has_arg;
};

static const struct long_opt long_opts[] = {
	{ "noclear", 'J', false },
	{ "autologin", 'a', true },
	{ "login-program", 'l', true },
	{ "login-options", 'o', true },
	{ "local-line", 'L', false },
	{ "noissue", 'i', false },
	{ "host", 'H', true },
	{ "timeout", 't', true },
	{ "skip-login", 'n', false },
	{ "8bits", '8', false },
	{ "keep-baud", 's', false },
	{ "check", 'c', true },
	{ "issue-file", 'f', true },
	{ "gettydefs", 'd', true },
	{ "help", '?', false },
	{ NULL, 0, false },
};

static const char short_with_arg[] = "atloHcf";
static const char short_plain[] = "hJLin8s";

bool parse_speed_list(const char *text, long *speeds, size_t *n, char *err, size_t errlen)
{
	*n = 0;
	const char *p = text;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char word[16];
		speed_t sp;
		if (len == 0 || len >= sizeof(word)) {
			snprintf(err, errlen, "bad speed list '%s'", text);
			return false;
		}
		memcpy(word, p, len);
		word[len] = '\0';
		if (!speed_from_baud(word, &sp)) {
			snprintf(err, errlen, "unsupported speed '%s'", word);
			return false;
		}
		if (*n == MAX_SPEEDS) {
			snprintf(err, errlen, "more than %d speeds in '%s'", MAX_SPEEDS, text);
			return false;
		}
		speeds[(*n)++] = speed_to_baud(sp);
		if (!comma)
			return true;
		p = comma + 1;
	}
}

static bool looks_like_speeds(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != ',')
			return false;
	return true;
}

enum label_meaning resolve_label(const char *label, const struct gettydefs *defs,
				 size_t *entry, long speeds[MAX_SPEEDS], size_t *n_speeds)
{
	*entry = 0;
	*n_speeds = 0;
	long i = defs ? gettydefs_find(defs, label) : -1;
	if (i >= 0) {
		*entry = (size_t)i;
		return LABEL_ENTRY;
	}
	char ignored[128];
	if (looks_like_speeds(label) &&
	    parse_speed_list(label, speeds, n_speeds, ignored, sizeof(ignored)))
		return LABEL_SPEEDS;
	*n_speeds = 0;
	return LABEL_UNKNOWN;
}

bool hang_up_line(const struct getty_options *o, bool agetty_form)
{
	return agetty_form || !o->opt_h;
}

tcflag_t line_cflags(const struct getty_options *o, bool agetty_form)
{
	tcflag_t c = 0;
	if (o->local_line)
		c |= CLOCAL;
	if (agetty_form && o->opt_h)
		c |= CRTSCTS;
	return c;
}

const char *line_name(const char *operand)
{
	const char *name = operand;
	if (strncmp(name, "/dev/", 5) == 0)
		name += 5;
	if (*name == '\0' || strcmp(operand, "-") == 0 || name[0] == '/')
		return NULL;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20)
			return NULL;
	/* Only names below /dev: no way up and out of it. */
	for (const char *p = name; (p = strstr(p, "..")); p += 2)
		if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return NULL;
	return name;
}

static bool set_option(struct getty_options *o, char c, const char *arg,
		       char *err, size_t errlen)
{
	switch (c) {
	case 'c': o->check_file = arg; break;
	case 'h': o->opt_h = true; break;
	case 'J': o->noclear = true; break;
	case 'L': o->local_line = true; break;
	case 'i': o->no_issue = true; break;
	case 'n': o->skip_login = true; break;
	case '8': o->eight_bit = true; break;
	case 's': o->keep_baud = true; break;
	case 'a': o->autologin = arg; break;
	case 'l': o->login_program = arg; break;
	case 'o': o->login_options = arg; break;
	case 'H': o->host = arg; break;
	case 'f': o->issue_file = arg; break;
	case 'd': o->gettydefs_file = arg; break;
	case '?': o->help = true; break;
	case 't': {
		const char *e = NULL;
		o->timeout = (long)strtonum(arg, 0, 86400 * 365, &e);
		if (e) {
			snprintf(err, errlen, "invalid timeout '%s': %s", arg, e);
			return false;
		}
		break;
	}
	default:
		snprintf(err, errlen, "unknown option '-%c'", c);
		return false;
	}
	if (arg && *arg == '\0' && c != 'o') {
		snprintf(err, errlen, "option '-%c' needs a non-empty argument", c);
		return false;
	}
	if ((c == 'a' || c == 'l') && arg[0] == '-') {
		snprintf(err, errlen, "invalid argument '%s' for '-%c'", arg, c);
		return false;
	}
	return true;
}

bool getty_options_parse(int argc, char *const argv[], struct getty_options *o,
			 char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	const char *ops[8];
	size_t n_ops = 0;
	bool only_operands = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_operands || a[0] != '-' || strcmp(a, "-") == 0) {
			if (n_ops == sizeof(ops) / sizeof(ops[0])) {
				snprintf(err, errlen, "too many operands");
				return false;
			}
			ops[n_ops++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_operands = true;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct long_opt *lo = long_opts;
			while (lo->name && (strlen(lo->name) != len || strncmp(lo->name, name, len) != 0))
				lo++;
			if (!lo->name) {
				snprintf(err, errlen, "unknown option '%s'", a);
				return false;
			}
			const char *arg = NULL;
			if (lo->has_arg) {
				if (eq)
					arg = eq + 1;
				else if (i + 1 < argc)
					arg = argv[++i];
				else {
					snprintf(err, errlen, "option '--%s' needs an argument", lo->name);
					return false;
				}
			} else if (eq) {
				snprintf(err, errlen, "option '--%s' takes no argument", lo->name);
				return false;
			}
			if (!set_option(o, lo->short_name, arg, err, errlen))
				return false;
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			if (strchr(short_plain, *p)) {
				if (!set_option(o, *p, NULL, err, errlen))
					return false;
				continue;
			}
			if (!strchr(short_with_arg, *p)) {
				snprintf(err, errlen, "unknown option '-%c'", *p);
				return false;
			}
			const char *arg;
			if (p[1] != '\0')
				arg = p + 1;
			else if (i + 1 < argc)
				arg = argv[++i];
			else {
				snprintf(err, errlen, "option '-%c' needs an argument", *p);
				return false;
			}
			if (!set_option(o, *p, arg, err, errlen))
				return false;
			break;
		}
	}

	if (o->help)
		return true;
	if (o->check_file) {
		if (n_ops > 0) {
			snprintf(err, errlen, "-c takes a file and no other operands");
			return false;
		}
		return true;
	}
	if (n_ops == 0) {
		snprintf(err, errlen, "no line given");
		return false;
	}

	/* agetty's "SPEEDS LINE [TERM]", as in Debian's inittab; a speed list
	 * where the SysV label goes is read the same way. */
	const char *speeds = NULL;
	if (n_ops >= 2 && looks_like_speeds(ops[0])) {
		if (n_ops > 3) {
			snprintf(err, errlen, "too many operands for 'SPEEDS LINE [TERMTYPE]'");
			return false;
		}
		speeds = ops[0];
		o->line = ops[1];
		o->termtype = n_ops > 2 ? ops[2] : NULL;
	} else {
		if (n_ops > 4) {
			snprintf(err, errlen, "too many operands");
			return false;
		}
		o->line = ops[0];
		o->label = n_ops > 1 ? ops[1] : NULL;
		o->termtype = n_ops > 2 ? ops[2] : NULL;
		o->linedisc = n_ops > 3 ? ops[3] : NULL;
		/* Speeds here wait for resolve_label(): only gettydefs
		 * can say whether "19200" is a label. */
	}
	if (speeds && !parse_speed_list(speeds, o->speeds, &o->n_speeds, err, errlen))
		return false;
	if (strcmp(o->line, "-") != 0 && !line_name(o->line)) {
		snprintf(err, errlen, "invalid line '%s'", o->line);
		return false;
	}
	if (o->label && *o->label == '\0')
		o->label = NULL;
	return true;
}
