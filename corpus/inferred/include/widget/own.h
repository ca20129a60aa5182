/* Declared like a constructor and a destructor, but the project defines
 * them (own.c): their bodies, not their names, say what they do. */
#ifndef WIDGET_OWN_H
#define WIDGET_OWN_H
typedef struct inf_own inf_own;
inf_own *inf_own_new(void);
void inf_own_free(inf_own *o);
#endif
