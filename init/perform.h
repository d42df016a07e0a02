/*
 * perform: the state machine driven: an event stepped in (a console's
 * answer among them), the actions it returns performed.
 */
#ifndef PERFORM_H
#define PERFORM_H

#include "pid1.h"

/* ev given to the machine; its actions wait in p1->acts. */
void step(struct pid1 *p1, const struct sm_event *ev);
/* The console answered (or cannot): the level as if requested. */
void asked(struct pid1 *p1, char level);
/* Every action waiting performed, those that performing adds too. */
void perform(struct pid1 *p1);

#endif
