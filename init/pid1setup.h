/*
 * pid1setup: the process made fit to be PID 1: descriptors it inherited
 * closed, signals taken through a signalfd, the keyboard's signal asked
 * for.
 */
#ifndef PID1SETUP_H
#define PID1SETUP_H

#include <stddef.h>

void accept_keyboard_signal(void);
int setup_signals(void);
void close_inherited(const int *keep, size_t n);

#endif
