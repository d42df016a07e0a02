/* getty's command line: the SysV form, the agetty forms Debian's inittab
 * uses, and `-c FILE`; and what it means once read: which of the two a
 * label operand is, the line's name, whether to hang the line up, the
 * control flags the options add. */
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

/* Where getty_options_parse() is in argv, and the operands it gathered. */
struct parse {
	struct getty_options *o;
	int argc;
	char *const *argv;
	int i;				/* the argument being read */
	const char *ops[8];
	size_t n_ops;
	bool only_operands;		/* after "--" */
	char *err;
	size_t errlen;
};

/* The argument after the current one, as an option's value; NULL when
 * there is none. */
static const char *next_arg(struct parse *ps)
{
	return ps->i + 1 < ps->argc ? ps->argv[++ps->i] : NULL;
}

static bool take_operand(struct parse *ps, const char *a)
{
	if (ps->n_ops == sizeof(ps->ops) / sizeof(ps->ops[0])) {
		snprintf(ps->err, ps->errlen, "too many operands");
		return false;
	}
	ps->ops[ps->n_ops++] = a;
	return true;
}

/* "--name", "--name=value" or "--name value". */
static bool long_option(struct parse *ps, const char *a)
{
	const char *name = a + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct long_opt *lo = long_opts;
	while (lo->name && (strlen(lo->name) != len || strncmp(lo->name, name, len) != 0))
		lo++;
	if (!lo->name) {
		snprintf(ps->err, ps->errlen, "unknown option '%s'", a);
		return false;
	}
	const char *arg = NULL;
	if (lo->has_arg) {
		arg = eq ? eq + 1 : next_arg(ps);
		if (!arg) {
			snprintf(ps->err, ps->errlen, "option '--%s' needs an argument", lo->name);
			return false;
		}
	} else if (eq) {
		snprintf(ps->err, ps->errlen, "option '--%s' takes no argument", lo->name);
		return false;
	}
	return set_option(ps->o, lo->short_name, arg, ps->err, ps->errlen);
}

/* "-hL", "-t30", "-t 30": letters until one that takes a value. */
static bool short_options(struct parse *ps, const char *a)
{
	for (const char *p = a + 1; *p; p++) {
		if (strchr(short_plain, *p)) {
			if (!set_option(ps->o, *p, NULL, ps->err, ps->errlen))
				return false;
			continue;
		}
		if (!strchr(short_with_arg, *p)) {
			snprintf(ps->err, ps->errlen, "unknown option '-%c'", *p);
			return false;
		}
		const char *arg = p[1] != '\0' ? p + 1 : next_arg(ps);
		if (!arg) {
			snprintf(ps->err, ps->errlen, "option '-%c' needs an argument", *p);
			return false;
		}
		return set_option(ps->o, *p, arg, ps->err, ps->errlen);
	}
	return true;
}

/* Every option set, every operand gathered. */
static bool scan_args(struct parse *ps)
{
	for (ps->i = 1; ps->i < ps->argc; ps->i++) {
		const char *a = ps->argv[ps->i];
		bool ok;
		if (ps->only_operands || a[0] != '-' || strcmp(a, "-") == 0)
			ok = take_operand(ps, a);
		else if (strcmp(a, "--") == 0)
			ok = ps->only_operands = true;
		else if (a[1] == '-')
			ok = long_option(ps, a);
		else
			ok = short_options(ps, a);
		if (!ok)
			return false;
	}
	return true;
}

/* agetty's "SPEEDS LINE [TERM]", as in Debian's inittab; a speed list
 * where the SysV label goes is read the same way. */
static bool place_agetty_operands(struct parse *ps)
{
	struct getty_options *o = ps->o;
	if (ps->n_ops > 3) {
		snprintf(ps->err, ps->errlen, "too many operands for 'SPEEDS LINE [TERMTYPE]'");
		return false;
	}
	o->line = ps->ops[1];
	o->termtype = ps->n_ops > 2 ? ps->ops[2] : NULL;
	return parse_speed_list(ps->ops[0], o->speeds, &o->n_speeds, ps->err, ps->errlen);
}

/* System V's "LINE [LABEL [TERMTYPE [LINEDISC]]]". */
static bool place_sysv_operands(struct parse *ps)
{
	struct getty_options *o = ps->o;
	if (ps->n_ops > 4) {
		snprintf(ps->err, ps->errlen, "too many operands");
		return false;
	}
	o->line = ps->ops[0];
	o->label = ps->n_ops > 1 ? ps->ops[1] : NULL;
	o->termtype = ps->n_ops > 2 ? ps->ops[2] : NULL;
	o->linedisc = ps->n_ops > 3 ? ps->ops[3] : NULL;
	/* Speeds here wait for resolve_label(): only gettydefs can say
	 * whether "19200" is a label. */
	return true;
}

/* The operands read as the form the options call for. */
static bool place_operands(struct parse *ps)
{
	struct getty_options *o = ps->o;
	if (o->help)
		return true;
	if (o->check_file) {
		if (ps->n_ops > 0) {
			snprintf(ps->err, ps->errlen, "-c takes a file and no other operands");
			return false;
		}
		return true;
	}
	if (ps->n_ops == 0) {
		snprintf(ps->err, ps->errlen, "no line given");
		return false;
	}
	bool placed = ps->n_ops >= 2 && looks_like_speeds(ps->ops[0]) ?
		place_agetty_operands(ps) : place_sysv_operands(ps);
	if (!placed)
		return false;
	if (strcmp(o->line, "-") != 0 && !line_name(o->line)) {
		snprintf(ps->err, ps->errlen, "invalid line '%s'", o->line);
		return false;
	}
	if (o->label && *o->label == '\0')
		o->label = NULL;
	return true;
}

bool getty_options_parse(int argc, char *const argv[], struct getty_options *o,
			 char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	struct parse ps = {
		.o = o, .argc = argc, .argv = argv, .err = err, .errlen = errlen,
	};
	return scan_args(&ps) && place_operands(&ps);
}
