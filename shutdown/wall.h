/*
 * wall: send a text to every user logged in (USER_PROCESS in utmp), with
 * sysvinit's banner, from a child process so that the caller never
 * waits on a terminal.  A terminal that does not read is skipped, never
 * waited for: each is opened O_NONBLOCK and a write that would block
 * ends the write to that terminal.
 */
#ifndef SHUTDOWN_WALL_H
#define SHUTDOWN_WALL_H

/* Fork the writer and return at once (SIGCHLD should be ignored or the
 * child reaped by the caller); the writer exits when done. */
void wall_broadcast(const char *text);

#endif
