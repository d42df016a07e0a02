/*
 * console: which device is init's console, and making it sane.
 *
 * As sysvinit's console_init: the device named by CONSOLE= (a word of the
 * kernel command line, which the kernel passes to init in its
 * environment) when it opens, else /dev/console, else /dev/tty0, else
 * /dev/null.  init's messages, the runlevel question and its children's
 * standard input and output go there, and children get CONSOLE=<device>.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

/* Choose the device; once at start (and again after a re-exec, from the
 * environment the old init left). */
void console_choose(void);

/* The device, and "CONSOLE=<device>" for a child's environment. */
const char *console_path(void);
const char *console_env(void);

/*
 * Put the console's line back in a sane, cooked state, as sysvinit's
 * console_stty: echo, canonical input, output processing, the usual
 * control characters; the speed and character size are kept.  A program
 * that left it raw (and died) no longer garbles what follows.  Done at
 * boot, before the runlevel question, when a process that had the
 * console as its terminal has ended, and when a change to S, 0, 1 or 6 is
 * asked for.  Never blocks; a console that is no terminal is left alone.
 */
void console_make_sane(void);

#endif
