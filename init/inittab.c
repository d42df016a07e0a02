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
#include <bsd/stdlib.h>
#include <bsd/string.h>

static const char *const action_names[ACT__COUNT] = {
	[ACT_SYSINIT] = "sysinit",
	[ACT_BOOT] = "boot",
	[ACT_BOOTWAIT] = "bootwait",
	[ACT_WAIT] = "wait",
	[ACT_ONCE] = "once",
	[ACT_RESPAWN] = "respawn",
	[ACT_OFF] = "off",
	[ACT_ONDEMAND] = "ondemand",
	[ACT_INITDEFAULT] = "initdefault",
	[ACT_POWERWAIT] = "powerwait",
	[ACT_POWERFAIL] = "powerfail",
	[ACT_POWEROKWAIT] = "powerokwait",
	[ACT_POWERFAILNOW] = "powerfailnow",
	[ACT_CTRLALTDEL] = "ctrlaltdel",
	[ACT_KBREQUEST] = "kbrequest",
};

const char *action_name(enum action a)
{
	if ((unsigned)a >= ACT__COUNT)
		return NULL;
	return action_names[a];
}

enum action action_from_name(const char *name)
{
	for (unsigned a = 0; a < ACT__COUNT; a++)
		if (strcmp(action_names[a], name) == 0)
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

/*
 * Check one logical line (continuations already joined, no newline).
 * Returns 0 (added or reported), -1 when memory ran out.
 */
static int parse_line(struct inittab *t, struct reporter *r, const char *file,
		      unsigned lineno, const char *line, size_t len)
{
	char q[64];
	struct span f[4];
	size_t nf = 0, start = 0;

	/* The first three fields end at a colon; the process keeps its colons. */
	for (size_t i = 0; i < len && nf < 3; i++) {
		if (line[i] == ':') {
			f[nf++] = (struct span){ line + start, i - start };
			start = i + 1;
		}
	}
	if (nf < 3) {
		static const char *const names[] = { "runlevels", "action", "process" };
		report(r, lineno, "missing %s field (expected id:runlevels:action:process)",
		       names[nf]);
		return 0;
	}
	f[3] = (struct span){ line + start, len - start };

	if (memchr(line, '\0', len)) {
		report(r, lineno, "line contains a NUL byte");
		return 0;
	}

	/* id */
	if (f[0].len == 0) {
		report(r, lineno, "missing id field");
		return 0;
	}
	if (f[0].len > INITTAB_ID_MAX) {
		report(r, lineno, "id field \"%s\" too long (max %d characters)",
		       quotable(f[0].s, f[0].len, q, sizeof(q)), INITTAB_ID_MAX);
		return 0;
	}
	if (has_control(f[0].s, f[0].len) || memchr(f[0].s, ' ', f[0].len)) {
		report(r, lineno, "id field \"%s\" holds a blank or control character",
		       quotable(f[0].s, f[0].len, q, sizeof(q)));
		return 0;
	}

	/* action: checked before the runlevels, whose meaning depends on it */
	char action_text[16];
	enum action action = ACT__COUNT;
	if (f[2].len == 0) {
		report(r, lineno, "missing action field");
		return 0;
	}
	if (f[2].len < sizeof(action_text)) {
		memcpy(action_text, f[2].s, f[2].len);
		action_text[f[2].len] = '\0';
		action = action_from_name(action_text);
	}
	if (action == ACT__COUNT) {
		report(r, lineno, "unknown action \"%s\"",
		       quotable(f[2].s, f[2].len, q, sizeof(q)));
		return 0;
	}

	/* runlevels */
	unsigned levels = 0;
	for (size_t i = 0; i < f[1].len; i++) {
		unsigned bit = field_level_bit(f[1].s[i]);
		if (!bit) {
			report(r, lineno, "runlevels field \"%s\": '%s' is not a runlevel "
			       "(use 0-9, S, a, b, c)",
			       quotable(f[1].s, f[1].len, q, sizeof(q)),
			       quotable(f[1].s + i, 1, (char[8]){ 0 }, 8));
			return 0;
		}
		levels |= bit;
	}
	bool levels_given = f[1].len > 0;
	if (!levels_given)
		levels = LEVELS_ALL_DIGITS;

	char initdefault = 0;
	if (action == ACT_INITDEFAULT) {
		if (f[1].len != 1 || !level_bit(f[1].s[0])) {
			report(r, lineno, "runlevels field \"%s\": initdefault needs "
			       "exactly one runlevel (0-9 or S)",
			       quotable(f[1].s, f[1].len, q, sizeof(q)));
			return 0;
		}
		initdefault = f[1].s[0] == 's' ? 'S' : f[1].s[0];
	}

	/* process */
	bool no_utmp = false;
	struct span p = f[3];
	if (p.len > 0 && p.s[0] == '+') {
		no_utmp = true;
		p.s++;
		p.len--;
	}
	if (action != ACT_INITDEFAULT) {
		size_t lead = 0;
		while (lead < p.len && (p.s[lead] == ' ' || p.s[lead] == '\t'))
			lead++;
		if (lead == p.len) {
			report(r, lineno, "missing process field");
			return 0;
		}
	}
	if (p.len > INITTAB_PROCESS_MAX) {
		report(r, lineno, "process field too long (%zu characters, max %d)",
		       p.len, INITTAB_PROCESS_MAX);
		return 0;
	}
	if (has_control(p.s, p.len)) {
		for (size_t i = 0; i < p.len; i++) {
			if (p.s[i] != '\t' && ((unsigned char)p.s[i] < 0x20 || p.s[i] == 0x7f)) {
				report(r, lineno, "process field holds a control character");
				return 0;
			}
		}
	}

	char id[INITTAB_ID_MAX + 1];
	memcpy(id, f[0].s, f[0].len);
	id[f[0].len] = '\0';
	const struct entry *first = inittab_find(t, id);
	if (first) {
		report(r, lineno, "id field \"%s\" duplicates the entry at %s:%u: line skipped",
		       id, first->file, first->line);
		return 0;
	}
	if (initdefault && t->initdefault) {
		report(r, lineno, "another initdefault (runlevel %c is already the default): "
		       "line skipped", t->initdefault);
		return 0;
	}

	struct entry *e = new_entry(t);
	if (!e)
		return -1;
	memset(e, 0, sizeof(*e));
	if (!(e->process = strndup(p.s, p.len)))
		return -1;
	strlcpy(e->id, id, sizeof(e->id));
	e->levels = levels;
	e->levels_given = levels_given;
	e->action = action;
	e->no_utmp = no_utmp;
	e->file = file;
	e->line = lineno;
	t->count++;
	if (initdefault)
		t->initdefault = initdefault;
	return 0;
}

int inittab_parse(struct inittab *t, const char *file, const char *text,
		  size_t len, inittab_diag_fn diag, void *ctx)
{
	struct reporter r = { .file = file, .diag = diag, .ctx = ctx };
	const char *pooled;
	char *logical = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;

	if (add_file(t, file, &pooled) != 0)
		return -1;

	size_t pos = 0;
	while (pos < len) {
		/* Join physical lines that end in a backslash into one. */
		unsigned first_line = lineno + 1;
		size_t n = 0;
		bool more = true;
		while (more && pos < len) {
			const char *nl = memchr(text + pos, '\n', len - pos);
			size_t end = nl ? (size_t)(nl - text) : len;
			size_t seg = end - pos;
			lineno++;
			more = seg > 0 && text[end - 1] == '\\';
			/* A comment ends at its own newline, backslash or not:
			 * it must never swallow the entry below it. */
			if (n == 0) {
				size_t b = pos;
				while (b < end && (text[b] == ' ' || text[b] == '\t'))
					b++;
				if (b < end && text[b] == '#')
					more = false;
			}
			if (more)
				seg--;
			if (n + seg + 1 > cap) {
				size_t ncap = (n + seg + 1) * 2;
				char *b = realloc(logical, ncap);
				if (!b) {
					rc = -1;
					goto out;
				}
				logical = b;
				cap = ncap;
			}
			memcpy(logical + n, text + pos, seg);
			n += seg;
			pos = nl ? end + 1 : len;
		}
		/* Trailing blanks and CRs (DOS files) are never meaningful. */
		while (n > 0 && (logical[n - 1] == ' ' || logical[n - 1] == '\t' ||
				 logical[n - 1] == '\r'))
			n--;
		size_t lead = 0;
		while (lead < n && (logical[lead] == ' ' || logical[lead] == '\t'))
			lead++;
		if (lead == n || logical[lead] == '#')
			continue;
		if (parse_line(t, &r, pooled, first_line, logical + lead, n - lead) != 0) {
			rc = -1;
			goto out;
		}
	}
out:
	free(logical);
	t->errors += r.count;
	return rc < 0 ? -1 : (int)r.count;
}
