/*
 * powerfile: the power-status files a UPS daemon leaves for SIGPWR.
 */
#ifndef POWERFILE_H
#define POWERFILE_H


char power_status(void);

#endif
