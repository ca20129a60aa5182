/* ZeroMQ messages (zmq.msg, kind resource).
 *
 * A zmq_msg_t is a struct of the caller's, set up in place by
 * zmq_msg_init, zmq_msg_init_size or zmq_msg_init_data (0 on success, -1
 * on failure) and released by zmq_msg_close.  A successful zmq_msg_send
 * takes the message ("You do not need to call zmq_msg_close() after a
 * successful zmq_msg_send()"); a failed one (-1) leaves it with the caller.
 * zmq_msg_recv reuses the message it is given.  Sockets are parameters.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

/* Leaks: a failed receive returns without closing the message. */
int zmq_case_msg_recv_leak(void *sock, char *out, size_t cap)
{
    zmq_msg_t msg;
    if (zmq_msg_init(&msg) != 0)
        return -1;
    if (zmq_msg_recv(&msg, sock, 0) < 0)
        return -1; // expect: leak.resource
    size_t n = zmq_msg_size(&msg);
    if (n > cap)
        n = cap;
    memcpy(out, zmq_msg_data(&msg), n);
    zmq_msg_close(&msg);
    return (int)n;
}

/* Clean: the message is closed on both paths. */
int zmq_case_msg_recv_clean(void *sock, char *out, size_t cap)
{
    zmq_msg_t msg;
    if (zmq_msg_init(&msg) != 0)
        return -1;
    int rc = zmq_msg_recv(&msg, sock, 0);
    if (rc >= 0) {
        size_t n = zmq_msg_size(&msg);
        rc = (int)(n > cap ? cap : n);
        memcpy(out, zmq_msg_data(&msg), (size_t)rc);
    }
    zmq_msg_close(&msg);
    return rc;
}

/* Leaks: when zmq_msg_send fails (-1) the message is still the caller's. */
int zmq_case_msg_send_leak(void *sock, const char *text)
{
    size_t len = strlen(text);
    zmq_msg_t msg;
    if (zmq_msg_init_size(&msg, len) != 0)
        return -1;
    memcpy(zmq_msg_data(&msg), text, len);
    int rc = zmq_msg_send(&msg, sock, ZMQ_DONTWAIT);
    if (rc == -1)
        return -1; // expect: leak.resource
    return 0;
}

/* Clean: a sent message needs no close; a message that was not sent is
 * closed. */
int zmq_case_msg_send_clean(void *sock, const char *text)
{
    size_t len = strlen(text);
    zmq_msg_t msg;
    if (zmq_msg_init_size(&msg, len) != 0)
        return -1;
    memcpy(zmq_msg_data(&msg), text, len);
    int rc = zmq_msg_send(&msg, sock, ZMQ_DONTWAIT);
    if (rc == -1) {
        zmq_msg_close(&msg);
        return -1;
    }
    return 0;
}

static void zmq_case_free_buf(void *data, void *hint)
{
    (void)hint;
    free(data);
}

/* Leaks: a message built on the caller's buffer is left unclosed when the
 * multipart header cannot be queued. */
int zmq_case_msg_init_data_leak(void *sock, char *buf, size_t len)
{
    zmq_msg_t body;
    if (zmq_msg_init_data(&body, buf, len, zmq_case_free_buf, NULL) != 0)
        return -1;
    if (zmq_send(sock, "hdr", 3, ZMQ_SNDMORE) != 3)
        return -1; // expect: leak.resource
    if (zmq_msg_send(&body, sock, 0) < 0) {
        zmq_msg_close(&body);
        return -1;
    }
    return 0;
}

/* Clean: the body is closed when the header cannot be queued. */
int zmq_case_msg_init_data_clean(void *sock, char *buf, size_t len)
{
    zmq_msg_t body;
    if (zmq_msg_init_data(&body, buf, len, zmq_case_free_buf, NULL) != 0)
        return -1;
    if (zmq_send(sock, "hdr", 3, ZMQ_SNDMORE) != 3) {
        zmq_msg_close(&body);
        return -1;
    }
    if (zmq_msg_send(&body, sock, 0) < 0) {
        zmq_msg_close(&body);
        return -1;
    }
    return 0;
}

/* Clean: zmq_msg_move hands the content to the destination, which is
 * closed; the emptied source needs nothing more. */
int zmq_case_msg_move_clean(void *sock, zmq_msg_t *keep)
{
    zmq_msg_t part;
    if (zmq_msg_init(&part) != 0)
        return -1;
    if (zmq_msg_recv(&part, sock, 0) < 0) {
        zmq_msg_close(&part);
        return -1;
    }
    return zmq_msg_move(keep, &part);
}
