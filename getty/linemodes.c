/* The modes getty puts the line in: one while it reads a login name, one
 * for login. */
#include <string.h>

#include "linemodes.h"

void termios_for_reading(const struct flagset *initial, tcflag_t cflags, struct termios *t)
{
	flagset_to_termios(initial, t);
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | IUCLC);
	t->c_oflag |= OPOST | ONLCR;
	t->c_lflag = 0;
	t->c_cflag |= cflags;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

#define CC_CTRL(c) ((cc_t)((c) & 0x1f))

void termios_for_login(const struct flagset *final, tcflag_t cflags, bool uppercase,
		       unsigned char erase, struct termios *t)
{
	flagset_to_termios(final, t);
	t->c_cflag |= cflags;
	if (uppercase) {
		/* Linux applies IUCLC only with IEXTEN: without it the
		 * password would reach login in capitals. */
		t->c_iflag |= IUCLC;
		t->c_oflag |= OLCUC;
		t->c_lflag |= XCASE | IEXTEN;
	}
	memset(t->c_cc, 0, sizeof(t->c_cc));
	t->c_cc[VINTR] = CC_CTRL('C');
	t->c_cc[VQUIT] = CC_CTRL('\\');
	t->c_cc[VERASE] = erase ? erase : 0x7f;
	t->c_cc[VKILL] = CC_CTRL('U');
	t->c_cc[VEOF] = CC_CTRL('D');
	t->c_cc[VSTART] = CC_CTRL('Q');
	t->c_cc[VSTOP] = CC_CTRL('S');
	t->c_cc[VSUSP] = CC_CTRL('Z');
	t->c_cc[VREPRINT] = CC_CTRL('R');
	t->c_cc[VDISCARD] = CC_CTRL('O');
	t->c_cc[VWERASE] = CC_CTRL('W');
	t->c_cc[VLNEXT] = CC_CTRL('V');
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}
