/* gettydefs_print: each /etc/gettydefs entry shown back as `getty -c`
 * lists it (see gettydefs.h).  Pure: it writes to the stream it is given. */
#include <stdio.h>
#include <string.h>
#include <termios.h>

#include "escape.h"
#include "flags.h"
#include "gettydefs.h"

static void print_flagset(FILE *out, const char *title, const struct flagset *fs)
{
	struct termios t;
	memset(&t, 0, sizeof(t));
	flagset_to_termios(fs, &t);
	fprintf(out, "  %s:", title);
	if (fs->has_speed)
		fprintf(out, " speed %ld", speed_to_baud(fs->speed));
	else
		fputs(" speed unchanged", out);
	if (fs->sane)
		fputs(", SANE", out);
	fputs("\n    iflag: ", out);
	flag_print_word(out, FLAG_IFLAG, t.c_iflag);
	fputs("\n    oflag: ", out);
	flag_print_word(out, FLAG_OFLAG, t.c_oflag);
	fputs("\n    cflag: ", out);
	flag_print_word(out, FLAG_CFLAG, t.c_cflag);
	fputs("\n    lflag: ", out);
	flag_print_word(out, FLAG_LFLAG, t.c_lflag);
	fputc('\n', out);
}

static void print_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		case '\v': fputs("\\v", out); break;
		case '\\': fputs("\\\\", out); break;
		case '"': fputs("\\\"", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\%03o", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void gettydefs_print_entry(FILE *out, const struct gettydef *e)
{
	fprintf(out, "label: %s (line %u)\n", e->label, e->line);
	print_flagset(out, "initial flags", &e->initial);
	print_flagset(out, "final flags", &e->final);
	fputs("  login prompt: ", out);
	print_quoted(out, e->prompt);
	fprintf(out, "\n  next label: %s\n", e->next_label);
	if (e->login_program)
		fprintf(out, "  login program: %s\n", e->login_program);
}

void gettydefs_print_entries(FILE *out, const struct gettydefs *defs)
{
	for (size_t i = 0; i < defs->n_entries; i++) {
		gettydefs_print_entry(out, &defs->entries[i]);
		fputc('\n', out);
	}
}

bool gettydefs_print_summary(FILE *out, const struct gettydefs *defs)
{
	fprintf(out, "%s: %zu entr%s, %u error%s\n", defs->filename, defs->n_entries,
		defs->n_entries == 1 ? "y" : "ies", defs->errors,
		defs->errors == 1 ? "" : "s");
	return defs->errors == 0;
}
