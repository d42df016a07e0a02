/*
 * perform: the state machine driven: an event stepped in, the actions it
 * returns performed.
 */
#ifndef PERFORM_H
#define PERFORM_H

#include "pid1.h"

void step(struct pid1 *p1, const struct sm_event *ev);
void asked(struct pid1 *p1, char level);
void perform(struct pid1 *p1);

#endif
