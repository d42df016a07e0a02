/* Escapes in getty's texts: the backslash escapes of a gettydefs field,
 * decoded once when the table is read, and the substitutions of the
 * prompt and /etc/issue, expanded each time they are shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

char *unescape_field(const char *text, char *err, size_t errlen)
{
	size_t n = strlen(text);
	char *out = malloc(n + 1);
	if (!out) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c != '\\') {
			out[o++] = c;
			continue;
		}
		if (++i == n) {
			snprintf(err, errlen, "backslash at the end of the field");
			free(out);
			return NULL;
		}
		c = text[i];
		switch (c) {
		case 'b': out[o++] = '\b'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'f': out[o++] = '\f'; break;
		case 'v': out[o++] = '\v'; break;
		case '\\': out[o++] = '\\'; break;
		case '#': out[o++] = '#'; break;
		case 'c': out[o] = '\0'; return out;
		default:
			if (c >= '0' && c <= '7') {
				unsigned v = 0;
				size_t k = 0;
				while (k < 3 && i < n && text[i] >= '0' && text[i] <= '7') {
					v = v * 8 + (unsigned)(text[i] - '0');
					i++;
					k++;
				}
				i--;
				if (v == 0 || v > 0377) {
					snprintf(err, errlen, "octal escape '\\%.*s' out of range (\\001 to \\377)",
						 (int)k, text + i + 1 - k);
					free(out);
					return NULL;
				}
				out[o++] = (char)v;
				break;
			}
			snprintf(err, errlen, "unknown escape '\\%c'", c);
			free(out);
			return NULL;
		}
	}
	out[o] = '\0';
	return out;
}

struct growbuf {
	char *data;
	size_t len, cap;
	bool failed;
};

static void put(struct growbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d) {
			b->failed = true;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void puts_(struct growbuf *b, const char *s)
{
	if (s)
		put(b, s, strlen(s));
}

static void put_date(struct growbuf *b, const struct tm *tm)
{
	char tmp[64];
	size_t n = strftime(tmp, sizeof(tmp), "%a %b %e %Y", tm);
	put(b, tmp, n);
}

static void put_clock(struct growbuf *b, const struct tm *tm)
{
	char tmp[64];
	size_t n = strftime(tmp, sizeof(tmp), "%H:%M:%S", tm);
	put(b, tmp, n);
}

static void put_number(struct growbuf *b, long v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%ld", v);
	put(b, tmp, (size_t)n);
}

/* Returns true when c was a known @ substitution. */
static bool expand_at(struct growbuf *b, char c, const struct escape_values *v)
{
	switch (c) {
	case 'S': puts_(b, v->nodename); return true;
	case 'L': puts_(b, v->line); return true;
	case 'B':
		if (v->speed >= 0)
			put_number(b, v->speed);
		return true;
	case 'D': put_date(b, &v->now); return true;
	case 'T': put_clock(b, &v->now); return true;
	case 'V': puts_(b, v->release); return true;
	case 'U': put_number(b, (long)v->users); return true;
	case '@': put(b, "@", 1); return true;
	default: return false;
	}
}

static bool expand_backslash(struct growbuf *b, char c, const struct escape_values *v)
{
	switch (c) {
	case 'l': puts_(b, v->line); return true;
	case 'n': puts_(b, v->nodename); return true;
	case 's': puts_(b, v->sysname); return true;
	case 'r': puts_(b, v->release); return true;
	case 'v': puts_(b, v->version); return true;
	case 'm': puts_(b, v->machine); return true;
	case 'o':
		puts_(b, v->domainname && *v->domainname ? v->domainname : "(none)");
		return true;
	case 'd': put_date(b, &v->now); return true;
	case 't': put_clock(b, &v->now); return true;
	case 'b':
		if (v->speed >= 0)
			put_number(b, v->speed);
		return true;
	case 'u': put_number(b, (long)v->users); return true;
	case 'U':
		put_number(b, (long)v->users);
		puts_(b, v->users == 1 ? " user" : " users");
		return true;
	case '\\': put(b, "\\", 1); return true;
	default: return false;
	}
}

char *escape_expand(const char *text, size_t len, enum expand_mode mode,
		    const struct escape_values *v, size_t *out_len)
{
	struct growbuf b = { 0 };
	put(&b, "", 0);
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '@' && i + 1 < len && expand_at(&b, text[i + 1], v)) {
			i++;
			continue;
		}
		if (mode == EXPAND_ISSUE && c == '\\' && i + 1 < len &&
		    expand_backslash(&b, text[i + 1], v)) {
			i++;
			continue;
		}
		put(&b, &c, 1);
	}
	if (b.failed) {
		free(b.data);
		return NULL;
	}
	*out_len = b.len;
	return b.data;
}
