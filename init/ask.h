/*
 * ask: with no initdefault, the console is asked for a runlevel, as
 * sysvinit asks.  Driven from the event loop (the console descriptor is
 * polled), so PID 1 goes on reaping and serving the FIFO meanwhile.
 */
#ifndef ASK_H
#define ASK_H

struct ask {
	int fd;         /* the console while asking; -1 otherwise */
	int tries;
};

#define ASK_IDLE { .fd = -1 }

/* What ask_start and ask_read return when no level could be had: the
 * console cannot be used, or gave 10 answers that are not a level. */
#define ASK_NO_ANSWER '-'

/* Prompt.  Returns 0 while the answer is awaited, or ASK_NO_ANSWER. */
char ask_start(struct ask *a);

/* The console is readable.  0 while the answer is awaited, else the
 * level typed (s as S), or ASK_NO_ANSWER. */
char ask_read(struct ask *a);

/* Stop asking (also when the answer came another way). */
void ask_stop(struct ask *a);

#endif
