/* nghttp2 sessions (nghttp2.session, kind session), options
 * (nghttp2.option) and callback sets (nghttp2.callbacks).
 *
 * The constructors write through argument 0 and return 0 on success; the
 * session copies the callbacks and options it is given, so the caller still
 * frees them with nghttp2_session_callbacks_del / nghttp2_option_del.
 */
#include <nghttp2/nghttp2.h>
#include <stddef.h>

static ssize_t nghttp2_case_send(nghttp2_session *s, const uint8_t *data, size_t len,
                                 int flags, void *user)
{
    (void)s;
    (void)data;
    (void)flags;
    (void)user;
    return (ssize_t)len;
}

/* Leaks: the callbacks are copied into the session and never freed. */
nghttp2_session *leak_nghttp2_callbacks_after_session(void *user)
{
    nghttp2_session_callbacks *cbs;
    if (nghttp2_session_callbacks_new(&cbs) != 0)
        return NULL;
    nghttp2_session_callbacks_set_send_callback(cbs, nghttp2_case_send);
    nghttp2_session *s = NULL;
    if (nghttp2_session_client_new(&s, cbs, user) != 0) {
        nghttp2_session_callbacks_del(cbs);
        return NULL;
    }
    return s; // expect: leak.resource
}

/* Clean: the callbacks are freed once the session has copied them. */
nghttp2_session *clean_nghttp2_callbacks_after_session(void *user)
{
    nghttp2_session_callbacks *cbs;
    if (nghttp2_session_callbacks_new(&cbs) != 0)
        return NULL;
    nghttp2_session_callbacks_set_send_callback(cbs, nghttp2_case_send);
    nghttp2_session *s = NULL;
    int rv = nghttp2_session_client_new(&s, cbs, user);
    nghttp2_session_callbacks_del(cbs);
    return rv == 0 ? s : NULL;
}

/* Leaks: the session is not deleted when the SETTINGS frame cannot be
 * submitted. */
nghttp2_session *leak_nghttp2_session_on_settings(const nghttp2_session_callbacks *cbs,
                                                  void *user)
{
    nghttp2_session *s;
    if (nghttp2_session_client_new(&s, cbs, user) != 0)
        return NULL;
    nghttp2_settings_entry iv[1] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100}};
    if (nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, iv, 1) != 0)
        return NULL; // expect: leak.session
    return s;
}

/* Clean: nghttp2_session_del on the failure path. */
nghttp2_session *clean_nghttp2_session_on_settings(const nghttp2_session_callbacks *cbs,
                                                   void *user)
{
    nghttp2_session *s;
    if (nghttp2_session_client_new(&s, cbs, user) != 0)
        return NULL;
    nghttp2_settings_entry iv[1] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100}};
    if (nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, iv, 1) != 0) {
        nghttp2_session_del(s);
        return NULL;
    }
    return s;
}

/* Leaks: the option object is not freed when the server session cannot be
 * made. */
nghttp2_session *leak_nghttp2_option_on_failure(const nghttp2_session_callbacks *cbs,
                                                void *user)
{
    nghttp2_option *opt;
    if (nghttp2_option_new(&opt) != 0)
        return NULL;
    nghttp2_option_set_no_auto_window_update(opt, 1);
    nghttp2_session *s;
    if (nghttp2_session_server_new2(&s, cbs, user, opt) != 0)
        return NULL; // expect: leak.resource
    nghttp2_option_del(opt);
    return s;
}

/* Clean: the options are freed on both paths. */
nghttp2_session *clean_nghttp2_option_on_failure(const nghttp2_session_callbacks *cbs,
                                                 void *user)
{
    nghttp2_option *opt;
    if (nghttp2_option_new(&opt) != 0)
        return NULL;
    nghttp2_option_set_no_auto_window_update(opt, 1);
    nghttp2_session *s = NULL;
    int rv = nghttp2_session_server_new2(&s, cbs, user, opt);
    nghttp2_option_del(opt);
    return rv == 0 ? s : NULL;
}
