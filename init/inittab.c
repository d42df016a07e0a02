/*
 * The inittab parser.  One logical line at a time: split into four fields,
 * check each, and either append an entry or report exactly one diagnostic
 * naming the file, the line and the field.  A bad line never stops the rest
 * of the file from being used.
 */
#include "inittab.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <bsd/stdlib.h>
#include <bsd/string.h>

/*
 * What each action means, in one place: the state machine asks these
 * properties instead of listing actions.
 */
const struct action_info action_table[ACT__COUNT] = {
	[ACT_SYSINIT]      = { "sysinit",      AP_BOOT | AP_SYSINIT | AP_ONCE | AP_WAITED },
	[ACT_BOOT]         = { "boot",         AP_BOOT | AP_BOOTSTAGE | AP_ONCE | AP_LINGERS },
	[ACT_BOOTWAIT]     = { "bootwait",     AP_BOOT | AP_BOOTSTAGE | AP_ONCE | AP_WAITED },
	[ACT_WAIT]         = { "wait",         AP_LEVELS | AP_ONCE | AP_WAITED },
	[ACT_ONCE]         = { "once",         AP_LEVELS | AP_ONCE },
	[ACT_RESPAWN]      = { "respawn",      AP_LEVELS | AP_RESPAWN },
	[ACT_OFF]          = { "off",          0 },
	[ACT_ONDEMAND]     = { "ondemand",     AP_LEVELS | AP_RESPAWN | AP_ONDEMAND },
	[ACT_INITDEFAULT]  = { "initdefault",  AP_SETTING },
	[ACT_POWERWAIT]    = { "powerwait",    AP_EVENT | AP_ON_POWERFAIL | AP_WAITED |
					       AP_S_BY_DEFAULT },
	[ACT_POWERFAIL]    = { "powerfail",    AP_EVENT | AP_ON_POWERFAIL | AP_S_BY_DEFAULT },
	[ACT_POWEROKWAIT]  = { "powerokwait",  AP_EVENT | AP_ON_POWEROK | AP_WAITED |
					       AP_S_BY_DEFAULT },
	[ACT_POWERFAILNOW] = { "powerfailnow", AP_EVENT | AP_ON_POWERLOW | AP_WAITED |
					       AP_S_BY_DEFAULT },
	[ACT_CTRLALTDEL]   = { "ctrlaltdel",   AP_EVENT | AP_ON_CTRLALTDEL | AP_WAITED |
					       AP_S_BY_DEFAULT },
	[ACT_KBREQUEST]    = { "kbrequest",    AP_EVENT | AP_ON_KBREQUEST },
};

const char *action_name(enum action a)
{
	if ((unsigned)a >= ACT__COUNT)
		return NULL;
	return action_table[a].name;
}

enum action action_from_name(const char *name)
{
	for (unsigned a = 0; a < ACT__COUNT; a++)
		/* As sysvinit's strcasecmp: RESPAWN is respawn. */
		if (strcasecmp(action_table[a].name, name) == 0)
			return (enum action)a;
	return ACT__COUNT;
}


unsigned level_bit(char level)
{
	if (level >= '0' && level <= '9')
		return LEVEL_BIT(level - '0');
	if (level == 'S' || level == 's')
		return LEVEL_S_BIT;
	return 0;
}

/* Any character a runlevels field may hold, ondemand letters included. */
static unsigned field_level_bit(char c)
{
	switch (c) {
	case 'a': case 'A': return LEVEL_A_BIT;
	case 'b': case 'B': return LEVEL_B_BIT;
	case 'c': case 'C': return LEVEL_C_BIT;
	default: return level_bit(c);
	}
}

void levels_format(unsigned levels, char *buf, size_t size)
{
	static const char order[] = "0123456789Sabc";
	size_t n = 0;

	if (size == 0)
		return;
	for (const char *c = order; *c && n + 1 < size; c++)
		if (levels & field_level_bit(*c))
			buf[n++] = *c;
	buf[n] = '\0';
}

unsigned entry_levels(const struct entry *e)
{
	if (action_is(e->action, AP_BOOT) || action_is(e->action, AP_SETTING))
		return 0;
	if (e->levels_given)
		return e->levels;
	return LEVELS_ALL_DIGITS | (action_is(e->action, AP_S_BY_DEFAULT) ? LEVEL_S_BIT : 0);
}

void entry_levels_text(const struct entry *e, char *buf, size_t size)
{
	const char *text = e->levels_text;

	if (action_is(e->action, AP_SYSINIT))
		text = "#";
	else if (action_is(e->action, AP_BOOT))
		text = "*";
	else if (!e->levels_given)
		text = action_is(e->action, AP_S_BY_DEFAULT) ? "S0123456789" : "0123456789";
	strlcpy(buf, text, size);
}

bool entry_same(const struct entry *a, const struct entry *b)
{
	return strcmp(a->id, b->id) == 0 && a->levels == b->levels &&
	       a->action == b->action && a->no_utmp == b->no_utmp &&
	       strcmp(a->process, b->process) == 0;
}

void inittab_init(struct inittab *t)
{
	memset(t, 0, sizeof(*t));
}

void inittab_free(struct inittab *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->entries[i].process);
	free(t->entries);
	for (size_t i = 0; i < t->nfiles; i++)
		free(t->files[i]);
	free(t->files);
	inittab_init(t);
}

const struct entry *inittab_find(const struct inittab *t, const char *id)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->entries[i].id, id) == 0)
			return &t->entries[i];
	return NULL;
}

/* Where diagnostics for one text go, and how many there were. */
struct reporter {
	const char *file;
	inittab_diag_fn diag;
	void *ctx;
	unsigned count;
};

static void report(struct reporter *r, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct reporter *r, unsigned line, const char *fmt, ...)
{
	char what[256], msg[512];
	va_list ap;

	r->count++;
	if (!r->diag)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "%s:%u: %s", r->file, line, what);
	r->diag(r->ctx, msg);
}

/*
 * A field's text made safe to quote in a one-line message: control bytes
 * become '?' and long values are cut, so garbage input cannot forge log
 * lines or flood the console.
 */
static const char *quotable(const char *s, size_t len, char *buf, size_t size)
{
	size_t max = size - 4, n = 0;

	for (; n < len && n < max; n++) {
		unsigned char c = (unsigned char)s[n];
		buf[n] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (n < len)
		memcpy(buf + n, "...", 4);
	else
		buf[n] = '\0';
	return buf;
}

static bool has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

struct span {
	const char *s;
	size_t len;
};

/* strspn over len bytes that need not end in a NUL. */
static size_t strspn_n(const char *s, size_t len, const char *set)
{
	size_t n = 0;

	while (n < len && s[n] && strchr(set, s[n]))
		n++;
	return n;
}

static int add_file(struct inittab *t, const char *file, const char **pooled)
{
	char **files = reallocarray(t->files, t->nfiles + 1, sizeof(*files));
	if (!files)
		return -1;
	t->files = files;
	if (!(files[t->nfiles] = strdup(file)))
		return -1;
	*pooled = files[t->nfiles++];
	return 0;
}

static struct entry *new_entry(struct inittab *t)
{
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct entry *e = reallocarray(t->entries, cap, sizeof(*e));
		if (!e)
			return NULL;
		t->entries = e;
		t->cap = cap;
	}
	return &t->entries[t->count];
}

/* The four fields of a logical line; the process keeps its colons. */
struct fields {
	struct span id, levels, action, process;
};

/* Each check_* returns NULL when the field is good, else the message (in
 * buf when it quotes the field). */

static const char *split_fields(const char *line, size_t len, struct fields *out)
{
	static const char *const missing[] = {
		"missing runlevels field (expected id:runlevels:action:process)",
		"missing action field (expected id:runlevels:action:process)",
		"missing process field (expected id:runlevels:action:process)",
	};
	struct span *f[] = { &out->id, &out->levels, &out->action };
	size_t nf = 0, start = 0;

	for (size_t i = 0; i < len && nf < 3; i++) {
		if (line[i] == ':') {
			*f[nf++] = (struct span){ line + start, i - start };
			start = i + 1;
		}
	}
	if (nf < 3)
		return missing[nf];
	out->process = (struct span){ line + start, len - start };
	if (memchr(line, '\0', len))
		return "line contains a NUL byte";
	return NULL;
}

static const char *check_id(const struct span *f, char *buf, size_t size)
{
	char q[64];

	if (f->len == 0)
		return "missing id field";
	if (f->len > INITTAB_ID_MAX) {
		snprintf(buf, size, "id field \"%s\" too long (max %d characters)",
			 quotable(f->s, f->len, q, sizeof(q)), INITTAB_ID_MAX);
		return buf;
	}
	if (has_control(f->s, f->len) || memchr(f->s, ' ', f->len)) {
		snprintf(buf, size, "id field \"%s\" holds a blank or control character",
			 quotable(f->s, f->len, q, sizeof(q)));
		return buf;
	}
	return NULL;
}

static enum action action_of(const struct span *f)
{
	char text[16];

	if (f->len >= sizeof(text))
		return ACT__COUNT;
	memcpy(text, f->s, f->len);
	text[f->len] = '\0';
	return action_from_name(text);
}

static const char *check_action(const struct span *f, char *buf, size_t size)
{
	char q[64];

	if (f->len == 0)
		return "missing action field";
	if (action_of(f) == ACT__COUNT) {
		snprintf(buf, size, "unknown action \"%s\"",
			 quotable(f->s, f->len, q, sizeof(q)));
		return buf;
	}
	return NULL;
}

static const char *check_levels(const struct span *f, char *buf, size_t size)
{
	char q[64], c[8];

	if (f->len > INITTAB_LEVELS_MAX) {
		snprintf(buf, size, "runlevels field \"%s\" too long (max %d characters)",
			 quotable(f->s, f->len, q, sizeof(q)), INITTAB_LEVELS_MAX);
		return buf;
	}
	for (size_t i = 0; i < f->len; i++) {
		if (!field_level_bit(f->s[i])) {
			snprintf(buf, size, "runlevels field \"%s\": '%s' is not a runlevel "
				 "(use 0-9, S, a, b, c)", quotable(f->s, f->len, q, sizeof(q)),
				 quotable(f->s + i, 1, c, sizeof(c)));
			return buf;
		}
	}
	return NULL;
}

/* As sysvinit: the highest of the levels named, S above the digits. */
static char initdefault_of(const struct span *f)
{
	char best = 0;

	for (size_t i = 0; i < f->len; i++) {
		char c = f->s[i] == 's' ? 'S' : f->s[i];
		if (level_bit(c) && c > best)
			best = c;
	}
	return best;
}

static const char *check_initdefault(const struct span *f, char *buf, size_t size)
{
	char q[64];

	for (size_t i = 0; i < f->len; i++) {
		if (!level_bit(f->s[i])) {
			snprintf(buf, size, "runlevels field \"%s\": initdefault takes "
				 "runlevels 0-9 or S", quotable(f->s, f->len, q, sizeof(q)));
			return buf;
		}
	}
	if (f->len == 0)
		return "runlevels field \"\": initdefault needs a runlevel (0-9 or S)";
	return NULL;
}

/* The process field without its '+' (no utmp records). */
static struct span process_of(const struct span *f, bool *no_utmp)
{
	struct span p = *f;

	*no_utmp = p.len > 0 && p.s[0] == '+';
	if (*no_utmp) {
		p.s++;
		p.len--;
	}
	return p;
}

static const char *check_process(const struct span *f, char *buf, size_t size)
{
	bool no_utmp;
	struct span p = process_of(f, &no_utmp);

	if (p.len == strspn_n(p.s, p.len, " \t"))
		return "missing process field";
	if (p.len > INITTAB_PROCESS_MAX) {
		snprintf(buf, size, "process field too long (%zu characters, max %d)",
			 p.len, INITTAB_PROCESS_MAX);
		return buf;
	}
	for (size_t i = 0; i < p.len; i++)
		if (p.s[i] != '\t' && ((unsigned char)p.s[i] < 0x20 || p.s[i] == 0x7f))
			return "process field holds a control character";
	return NULL;
}

/* Where a line may not go although each field is good. */
static const char *check_unique(const struct inittab *t, const struct fields *f,
				bool initdefault, char *buf, size_t size)
{
	char id[INITTAB_ID_MAX + 1];
	const struct entry *first;

	memcpy(id, f->id.s, f->id.len);
	id[f->id.len] = '\0';
	if ((first = inittab_find(t, id))) {
		snprintf(buf, size, "id field \"%s\" duplicates the entry at %s:%u: line skipped",
			 id, first->file, first->line);
		return buf;
	}
	if (initdefault && t->initdefault) {
		snprintf(buf, size, "another initdefault (runlevel %c is already the "
			 "default): line skipped", t->initdefault);
		return buf;
	}
	return NULL;
}

static const char *check_line(const struct inittab *t, const struct fields *f,
			      char *buf, size_t size)
{
	const char *why;

	/* The action first: the runlevels' meaning depends on it. */
	if ((why = check_id(&f->id, buf, size)) || (why = check_action(&f->action, buf, size)))
		return why;
	bool initdefault = action_of(&f->action) == ACT_INITDEFAULT;
	if ((why = check_levels(&f->levels, buf, size)) ||
	    (initdefault && (why = check_initdefault(&f->levels, buf, size))))
		return why;
	if (!initdefault && (why = check_process(&f->process, buf, size)))
		return why;
	return check_unique(t, f, initdefault, buf, size);
}

/* Append the entry of a line check_line accepted.  -1: out of memory. */
static int add_entry(struct inittab *t, const struct fields *f, const char *file,
		     unsigned lineno)
{
	struct entry *e = new_entry(t);
	bool no_utmp;
	struct span p = process_of(&f->process, &no_utmp);

	if (!e)
		return -1;
	memset(e, 0, sizeof(*e));
	if (!(e->process = strndup(p.s, p.len)))
		return -1;
	memcpy(e->id, f->id.s, f->id.len);
	e->id[f->id.len] = '\0';
	e->action = action_of(&f->action);
	e->levels_given = f->levels.len > 0;
	e->levels = e->levels_given ? 0 : LEVELS_ALL_DIGITS;
	for (size_t i = 0; i < f->levels.len; i++)
		e->levels |= field_level_bit(f->levels.s[i]);
	e->no_utmp = no_utmp;
	e->file = file;
	e->line = lineno;
	t->count++;
	memcpy(e->levels_text, f->levels.s, f->levels.len);
	e->levels_text[f->levels.len] = '\0';
	if (e->action == ACT_INITDEFAULT)
		t->initdefault = initdefault_of(&f->levels);
	return 0;
}

/* Reads a text as logical lines; lineno counts physical ones. */
struct joiner {
	const char *text;
	size_t len, pos;
	unsigned lineno;
	char *buf;
	size_t cap;
};

/*
 * The next logical line: physical lines ending in a backslash joined,
 * trailing blanks and CRs dropped, leading blanks skipped; *first is its
 * first physical line.  Returns 1, 0 at the end of the text, or -1 when
 * memory ran out.
 */
static int next_logical_line(struct joiner *j, struct span *out, unsigned *first)
{
	size_t n = 0;
	bool more = true;

	if (j->pos >= j->len)
		return 0;
	*first = j->lineno + 1;
	while (more && j->pos < j->len) {
		const char *nl = memchr(j->text + j->pos, '\n', j->len - j->pos);
		size_t end = nl ? (size_t)(nl - j->text) : j->len;
		size_t seg = end - j->pos;
		j->lineno++;
		more = seg > 0 && j->text[end - 1] == '\\';
		/* A comment ends at its own newline, backslash or not: it
		 * must never swallow the entry below it. */
		if (n == 0) {
			size_t b = j->pos + strspn_n(j->text + j->pos, seg, " \t");
			if (b < end && j->text[b] == '#')
				more = false;
		}
		if (more)
			seg--;
		if (n + seg + 1 > j->cap) {
			size_t cap = (n + seg + 1) * 2;
			char *b = realloc(j->buf, cap);
			if (!b)
				return -1;
			j->buf = b;
			j->cap = cap;
		}
		memcpy(j->buf + n, j->text + j->pos, seg);
		n += seg;
		j->pos = nl ? end + 1 : j->len;
	}
	/* Trailing blanks and CRs (DOS files) are never meaningful. */
	while (n > 0 && (j->buf[n - 1] == ' ' || j->buf[n - 1] == '\t' || j->buf[n - 1] == '\r'))
		n--;
	size_t lead = n ? strspn_n(j->buf, n, " \t") : 0;
	*out = (struct span){ j->buf + lead, n - lead };
	return 1;
}

int inittab_parse(struct inittab *t, const char *file, const char *text,
		  size_t len, inittab_diag_fn diag, void *ctx)
{
	struct reporter r = { .file = file, .diag = diag, .ctx = ctx };
	struct joiner j = { .text = text, .len = len };
	const char *pooled;
	struct span line;
	unsigned lineno;
	int more, rc = 0;

	if (add_file(t, file, &pooled) != 0)
		return -1;
	while ((more = next_logical_line(&j, &line, &lineno)) > 0) {
		struct fields f;
		char buf[512];
		const char *why;

		if (line.len == 0 || line.s[0] == '#')
			continue;
		if (!(why = split_fields(line.s, line.len, &f)))
			why = check_line(t, &f, buf, sizeof(buf));
		if (why)
			report(&r, lineno, "%s", why);
		else if (add_entry(t, &f, pooled, lineno) != 0)
			break;
	}
	if (more != 0)
		rc = -1;
	free(j.buf);
	t->errors += r.count;
	return rc < 0 ? -1 : (int)r.count;
}
