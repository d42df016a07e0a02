/*
 * client: send one request to init through PATH_INITCTL and, for
 * `status`, -W and U (from an init that answers it), wait for init's
 * answer in PATH_INITSTATUS.  telinit is
 * this alone; init run by a user (not as PID 1) is this too, so that it
 * never has to exec another program that may be init again.
 */
#ifndef TELINIT_CLIENT_H
#define TELINIT_CLIENT_H

/* For U: init answered that it did not re-execute (its reason printed).
 * Apart from 1, so that a package's script can tell "the running init
 * refused the new program" from "init did not take the request". */
#define TELINIT_NOT_REEXECUTED 3

/* The whole command: argv as telinit's.  Returns the exit status: 0
 * done, 1 failure (not root, init not listening, no answer in time),
 * 2 usage error, or TELINIT_NOT_REEXECUTED. */
int telinit_main(int argc, char *argv[]);

#endif
