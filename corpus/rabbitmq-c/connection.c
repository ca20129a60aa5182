/* rabbitmq-c connection state objects (amqp.connection, kind connector).
 *
 * amqp_new_connection returns the state or NULL; amqp_destroy_connection
 * releases it.  The TCP socket made by amqp_tcp_socket_new belongs to the
 * connection state and is destroyed with it, so it needs no release of
 * its own.  amqp_connection_close closes the AMQP connection, not the
 * state object.
 */
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: a failed socket open returns without destroying the state. */
amqp_connection_state_t amqp_case_open_leak(const char *host, int port)
{
    amqp_connection_state_t conn = amqp_new_connection();
    if (!conn)
        return NULL;
    amqp_socket_t *sock = amqp_tcp_socket_new(conn);
    if (!sock) {
        amqp_destroy_connection(conn);
        return NULL;
    }
    int status = amqp_socket_open(sock, host, port);
    if (status != AMQP_STATUS_OK) {
        fprintf(stderr, "amqp open: %s\n", amqp_error_string2(status));
        return NULL; // expect: leak.connector
    }
    return conn;
}

/* Clean: the state (and with it the socket) is destroyed on failure. */
amqp_connection_state_t amqp_case_open_clean(const char *host, int port)
{
    amqp_connection_state_t conn = amqp_new_connection();
    if (!conn)
        return NULL;
    amqp_socket_t *sock = amqp_tcp_socket_new(conn);
    if (!sock || amqp_socket_open(sock, host, port) != AMQP_STATUS_OK) {
        amqp_destroy_connection(conn);
        return NULL;
    }
    return conn;
}

/* Leaks: the connection is closed at the AMQP level after publishing, but
 * the state object is never destroyed. */
int amqp_case_publish_close_leak(const char *host, int port, const char *queue, const char *body)
{
    amqp_connection_state_t conn = amqp_new_connection();
    if (conn == NULL)
        return -1;
    amqp_socket_t *sock = amqp_tcp_socket_new(conn);
    if (sock == NULL || amqp_socket_open(sock, host, port) != AMQP_STATUS_OK) {
        amqp_destroy_connection(conn);
        return -1;
    }
    amqp_rpc_reply_t r = amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
    int rc = -1;
    if (r.reply_type == AMQP_RESPONSE_NORMAL) {
        amqp_channel_open(conn, 1);
        rc = amqp_basic_publish(conn, 1, amqp_cstring_bytes(""), amqp_cstring_bytes(queue), 0, 0,
                                NULL, amqp_cstring_bytes(body));
        amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    }
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    return rc; // expect: leak.connector
}

/* Clean: closed, then destroyed. */
int amqp_case_publish_close_clean(const char *host, int port, const char *queue, const char *body)
{
    amqp_connection_state_t conn = amqp_new_connection();
    if (conn == NULL)
        return -1;
    amqp_socket_t *sock = amqp_tcp_socket_new(conn);
    if (sock == NULL || amqp_socket_open(sock, host, port) != AMQP_STATUS_OK) {
        amqp_destroy_connection(conn);
        return -1;
    }
    amqp_rpc_reply_t r = amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
    int rc = -1;
    if (r.reply_type == AMQP_RESPONSE_NORMAL) {
        amqp_channel_open(conn, 1);
        rc = amqp_basic_publish(conn, 1, amqp_cstring_bytes(""), amqp_cstring_bytes(queue), 0, 0,
                                NULL, amqp_cstring_bytes(body));
        amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    }
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    return rc;
}
