/* A library with no rule file, written for the corpus: sesslint must read
 * its lifecycle from these declarations alone (rules inferred from
 * declarations, docs/rules.md). */
#ifndef WIDGET_WIDGET_H
#define WIDGET_WIDGET_H

/* a handle returned by its constructor */
typedef struct wg_conn wg_conn;
wg_conn *wg_conn_new(const char *url);
int wg_conn_send(wg_conn *c, const char *msg);
void wg_conn_free(wg_conn *c);

/* a handle written through an out-parameter, with a status */
typedef struct wg_token wg_token;
int wg_token_create(const char *secret, wg_token **out);
void wg_token_destroy(wg_token *t);

/* a destructor that takes the caller's pointer and clears it */
typedef struct wg_stream wg_stream;
wg_stream *wg_stream_open(const char *path);
int wg_stream_read(wg_stream *s, char *buf, int n);
void wg_stream_close(wg_stream **s);

/* reference counting: _new gives a reference, _ref shares one, _unref
 * drops one */
typedef struct wg_bus wg_bus;
wg_bus *wg_bus_new(void);
wg_bus *wg_bus_ref(wg_bus *b);
void wg_bus_unref(wg_bus *b);

/* a getter: the token belongs to the connection */
wg_token *wg_conn_get_token(wg_conn *c);

/* two handle types sharing a prefix */
typedef struct wg_pool wg_pool;
typedef struct wg_pool_entry wg_pool_entry;
wg_pool *wg_pool_new(int size);
void wg_pool_free(wg_pool *p);
wg_pool_entry *wg_pool_entry_new(wg_pool *p);
void wg_pool_entry_free(wg_pool_entry *e);

/* methods: one made for the caller, and the library's built-in one (a
 * function of no arguments with "Open" inside its name: a brand, not a
 * constructor) */
typedef struct wg_method wg_method;
wg_method *wg_method_new(void);
void wg_method_free(wg_method *m);
wg_method *WG_OpenWidget(void);

/* fills `to` from `from` and returns `to` (or NULL): not a constructor */
wg_conn *wg_conn_copy(wg_conn *to, const wg_conn *from);

/* a struct the caller sees whole is data, not a handle */
struct wg_point { int x, y; };
struct wg_point *wg_point_new(int x, int y);
void wg_point_free(struct wg_point *p);

#endif
