/* flows/flows.h: what the files of this folder share, as a program's own
 * header would: switches and their values are defined in switches.c. */
#ifndef FLOWS_H
#define FLOWS_H

extern const int FEATURE_ON;   /* const, defined as 1 in switches.c */
extern int log_level;          /* defined as 5, never stored into again */
extern int verbose;            /* defined as 0, set by flows_set_verbose() */
extern int close_on_finish;    /* defined in switches.c; flags.c sets it */
int feature_enabled(void);     /* returns 1 on every path */
int feature_disabled(void);    /* returns 0 on every path */
void flows_set_verbose(void);

#endif
