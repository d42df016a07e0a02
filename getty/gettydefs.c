/* The /etc/gettydefs table: entries split into fields and checked, label
 * chains resolved, problems reported in line order (gettydefs_print.c
 * shows them back). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

#include "escape.h"
#include "gettydefs.h"

#define MAX_FIELDS 6

/* A problem waiting for its turn: a next-label is checked only once
 * every label is known, yet problems are reported in line order. */
struct held_diag {
	unsigned line;
	char field[16];		/* "label", "initial-flags", ... */
	char message[160];
};

struct parser {
	struct gettydefs *d;
	struct held_diag *held;
	size_t n_held;
	bool oom;
};

static void add_diag(struct parser *p, unsigned line, const char *field,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_diag(struct parser *p, unsigned line, const char *field,
		     const char *fmt, ...)
{
	struct held_diag *n = reallocarray(p->held, p->n_held + 1, sizeof(*n));
	if (!n) {
		p->oom = true;
		return;
	}
	p->held = n;
	struct held_diag *g = &p->held[p->n_held++];
	g->line = line;
	strlcpy(g->field, field, sizeof(g->field));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->message, sizeof(g->message), fmt, ap);
	va_end(ap);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A copy of [s, e) without surrounding blanks. */
static char *trimmed(const char *s, const char *e)
{
	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	return strndup(s, (size_t)(e - s));
}

static bool has_blank(const char *s)
{
	return strpbrk(s, " \t\r");
}

static void entry_free(struct gettydef *e)
{
	free(e->label);
	free(e->prompt);
	free(e->next_label);
	free(e->login_program);
}

void gettydefs_free(struct gettydefs *defs)
{
	if (!defs)
		return;
	for (size_t i = 0; i < defs->n_entries; i++)
		entry_free(&defs->entries[i]);
	free(defs->entries);
	free(defs->filename);
	free(defs);
}

long gettydefs_find(const struct gettydefs *defs, const char *label)
{
	for (size_t i = 0; i < defs->n_entries; i++)
		if (strcmp(defs->entries[i].label, label) == 0)
			return (long)i;
	return -1;
}

/* Split at '#' not escaped by a backslash; fields point into line.
 * Returns the number of fields, also when more than MAX_FIELDS. */
static size_t split_fields(char *line, char *fields[MAX_FIELDS])
{
	size_t n = 0;
	fields[n++] = line;
	for (char *p = line; *p; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '#') {
			*p = '\0';
			if (n < MAX_FIELDS)
				fields[n] = p + 1;
			n++;
		}
	}
	return n;
}

static void parse_flags(struct parser *p, unsigned ln, const char *field,
			const char *text, struct flagset *fs)
{
	char err[128];
	if (!flagset_parse(text, fs, err, sizeof(err)))
		add_diag(p, ln, field, "%s", err);
}

/* The label, next-label and login-program fields, trimmed.  False when
 * out of memory. */
static bool take_names(struct parser *p, struct gettydef *e, char *f[MAX_FIELDS],
		       size_t nf)
{
	e->label = trimmed(f[0], f[0] + strlen(f[0]));
	e->next_label = trimmed(f[4], f[4] + strlen(f[4]));
	bool program_oom = false;
	if (nf == 6) {
		e->login_program = trimmed(f[5], f[5] + strlen(f[5]));
		program_oom = !e->login_program;
		if (e->login_program && *e->login_program == '\0') {
			free(e->login_program);
			e->login_program = NULL;
		}
	}
	if (!e->label || !e->next_label || program_oom) {
		p->oom = true;
		return false;
	}
	return true;
}

/* Whether the entry's label can name it: not empty, no blanks, not
 * taken by an earlier entry.  A problem is reported. */
static bool label_usable(struct parser *p, const struct gettydef *e)
{
	if (*e->label == '\0') {
		add_diag(p, e->line, "label", "empty label");
		return false;
	}
	if (has_blank(e->label)) {
		add_diag(p, e->line, "label", "label '%s' contains blanks", e->label);
		return false;
	}
	long dup = gettydefs_find(p->d, e->label);
	if (dup >= 0) {
		add_diag(p, e->line, "label", "duplicate label '%s' (first defined on line %u)",
			 e->label, p->d->entries[dup].line);
		return false;
	}
	return true;
}

/* The flag fields and the prompt; a bad one is reported and the entry
 * kept (a bad prompt reads as "login: ").  False when out of memory. */
static bool read_modes_and_prompt(struct parser *p, struct gettydef *e,
				  char *f[MAX_FIELDS])
{
	parse_flags(p, e->line, "initial-flags", f[1], &e->initial);
	parse_flags(p, e->line, "final-flags", f[2], &e->final);

	char err[128];
	e->prompt = unescape_field(f[3], err, sizeof(err));
	if (!e->prompt) {
		add_diag(p, e->line, "login-prompt", "%s", err);
		e->prompt = strdup("login: ");
		if (!e->prompt) {
			p->oom = true;
			return false;
		}
	}
	return true;
}

/* Problems in the next-label and login-program fields, reported; the
 * entry is kept all the same. */
static void check_next_and_program(struct parser *p, const struct gettydef *e)
{
	if (*e->next_label == '\0') {
		add_diag(p, e->line, "next-label", "empty next-label");
	} else if (has_blank(e->next_label)) {
		add_diag(p, e->line, "next-label", "next-label '%s' contains blanks",
			 e->next_label);
	}
	if (e->login_program && e->login_program[0] != '/')
		add_diag(p, e->line, "login-program", "'%s' is not an absolute path",
			 e->login_program);
}

/* False when out of memory. */
static bool append_entry(struct parser *p, const struct gettydef *e)
{
	struct gettydefs *d = p->d;
	struct gettydef *n = reallocarray(d->entries, d->n_entries + 1, sizeof(*n));
	if (!n) {
		p->oom = true;
		return false;
	}
	d->entries = n;
	d->entries[d->n_entries++] = *e;
	return true;
}

static void parse_entry(struct parser *p, unsigned ln, const char *s, size_t len)
{
	char *copy = strndup(s, len);
	if (!copy) {
		p->oom = true;
		return;
	}
	char *f[MAX_FIELDS];
	size_t nf = split_fields(copy, f);
	if (nf != 5 && nf != 6) {
		add_diag(p, ln, "entry",
			 "expected 5 fields separated by '#' (label # initial-flags "
			 "# final-flags # login-prompt # next-label), found %zu", nf);
		free(copy);
		return;
	}

	struct gettydef e;
	memset(&e, 0, sizeof(e));
	e.line = ln;
	bool kept = take_names(p, &e, f, nf) && label_usable(p, &e) &&
		read_modes_and_prompt(p, &e, f);
	if (kept) {
		check_next_and_program(p, &e);
		kept = append_entry(p, &e);
	}
	if (!kept)
		entry_free(&e);
	free(copy);
}

/* Every next-label must name an entry.  A chain that loops back is how
 * speed hunting cycles; one that leads nowhere leaves a BREAK stranded. */
static void resolve_chains(struct parser *p)
{
	struct gettydefs *d = p->d;
	for (size_t i = 0; i < d->n_entries; i++) {
		struct gettydef *e = &d->entries[i];
		e->next = i;
		if (*e->next_label == '\0' || has_blank(e->next_label))
			continue;	/* already reported */
		long j = gettydefs_find(d, e->next_label);
		if (j < 0)
			add_diag(p, e->line, "next-label",
				 "no entry labelled '%s': the chain from '%s' dead-ends",
				 e->next_label, e->label);
		else
			e->next = (size_t)j;
	}
}

static void report_held(struct parser *p, gettydefs_diag_fn diag, void *ctx)
{
	/* Insertion sort: stable, and the lists are short. */
	for (size_t i = 1; i < p->n_held; i++) {
		struct held_diag t = p->held[i];
		size_t j = i;
		while (j > 0 && p->held[j - 1].line > t.line) {
			p->held[j] = p->held[j - 1];
			j--;
		}
		p->held[j] = t;
	}
	for (size_t i = 0; diag && i < p->n_held; i++) {
		const struct held_diag *g = &p->held[i];
		char msg[512];
		snprintf(msg, sizeof(msg), "%s:%u: %s: %s", p->d->filename, g->line,
			 g->field, g->message);
		diag(ctx, msg);
	}
}

struct gettydefs *gettydefs_parse(const char *filename, const char *text, size_t len,
				  gettydefs_diag_fn diag, void *ctx)
{
	struct gettydefs *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->filename = strdup(filename);
	if (!d->filename) {
		free(d);
		return NULL;
	}
	struct parser p = { .d = d };
	unsigned ln = 0;
	unsigned last_entry_line = 0;	/* 0 once a blank line was seen */
	size_t pos = 0;
	while (pos < len && !p.oom) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - s) : len - pos;
		pos += l + (nl ? 1 : 0);
		ln++;

		size_t k = 0;
		while (k < l && is_blank(s[k]))
			k++;
		if (k == l) {
			last_entry_line = 0;
			continue;
		}
		if (s[k] == '#')
			continue;
		if (memchr(s, '\0', l)) {
			add_diag(&p, ln, "entry", "NUL byte in the line");
			continue;
		}
		if (last_entry_line != 0)
			add_diag(&p, ln, "entry",
				 "not separated from the entry on line %u by a blank line",
				 last_entry_line);
		last_entry_line = ln;
		parse_entry(&p, ln, s, l);
	}
	if (!p.oom && d->n_entries == 0)
		add_diag(&p, ln ? ln : 1, "entry", "no entries");
	if (!p.oom)
		resolve_chains(&p);
	if (p.oom) {
		free(p.held);
		gettydefs_free(d);
		return NULL;
	}
	report_held(&p, diag, ctx);
	d->errors = (unsigned)p.n_held;
	free(p.held);
	return d;
}

struct gettydefs *gettydefs_builtin(void)
{
	static const char text[] =
		"9600# B9600 # B9600 SANE TAB3 #@S login: #9600\n";
	return gettydefs_parse("(built-in)", text, sizeof(text) - 1, NULL, NULL);
}

/* Modes agetty leaves a terminal in for login: 8-bit clean, unlike SANE's
 * ISTRIP. */
#define COOKED_FLAGS "CS8 HUPCL BRKINT ICRNL IXON IUTF8 OPOST ONLCR " \
	"ISIG ICANON IEXTEN ECHO ECHOE ECHOK ECHOCTL ECHOKE"

struct gettydefs *gettydefs_from_speeds(const long *bauds, size_t n)
{
	if (n == 0)
		return NULL;
	size_t cap = n * 256 + 1;
	char *text = malloc(cap);
	if (!text)
		return NULL;
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		long b = bauds[i], next = bauds[(i + 1) % n];
		int w = snprintf(text + used, cap - used,
				 "%ld# B%ld # B%ld " COOKED_FLAGS " #@S login: #%ld\n\n",
				 b, b, b, next);
		if (w < 0 || (size_t)w >= cap - used) {
			free(text);
			return NULL;
		}
		used += (size_t)w;
	}
	struct gettydefs *d = gettydefs_parse("(speed list)", text, used, NULL, NULL);
	free(text);
	if (d && d->errors) {
		gettydefs_free(d);
		return NULL;
	}
	return d;
}
