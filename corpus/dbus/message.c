/* D-Bus messages (dbus.message) and pending calls (dbus.pending_call),
 * both of kind resource.
 *
 * dbus_message_new_method_call and the other constructors return a message
 * or NULL when out of memory; replies come from
 * dbus_connection_send_with_reply_and_block (NULL with the error set) and
 * dbus_pending_call_steal_reply.  dbus_message_unref releases a message.
 * dbus_connection_send queues the message with a reference of its own: the
 * caller still unrefs its message.  dbus_connection_send_with_reply
 * returns FALSE when out of memory and writes the pending call through its
 * third argument (NULL when the connection is disconnected).  The
 * connection is a parameter.
 */
#include <dbus/dbus.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: the signal is not unreferenced when it cannot be sent. */
int dbus_case_signal_leak(DBusConnection *conn, const char *path, dbus_uint32_t value)
{
    DBusMessage *msg = dbus_message_new_signal(path, "org.example.Sensor", "Changed");
    if (!msg)
        return -1;
    if (!dbus_message_append_args(msg, DBUS_TYPE_UINT32, &value, DBUS_TYPE_INVALID)) {
        dbus_message_unref(msg);
        return -1;
    }
    if (!dbus_connection_send(conn, msg, NULL))
        return -1; // expect: leak.resource
    dbus_connection_flush(conn);
    dbus_message_unref(msg);
    return 0;
}

/* Clean: sending does not take the caller's reference; it is dropped on
 * both paths. */
int dbus_case_signal_clean(DBusConnection *conn, const char *path, dbus_uint32_t value)
{
    DBusMessage *msg = dbus_message_new_signal(path, "org.example.Sensor", "Changed");
    if (!msg)
        return -1;
    int rc = -1;
    if (dbus_message_append_args(msg, DBUS_TYPE_UINT32, &value, DBUS_TYPE_INVALID) &&
        dbus_connection_send(conn, msg, NULL)) {
        dbus_connection_flush(conn);
        rc = 0;
    }
    dbus_message_unref(msg);
    return rc;
}

/* Leaks: a reply with unexpected arguments is not unreferenced (the call
 * message is). */
int dbus_case_call_reply_leak(DBusConnection *conn, const char *dest, dbus_int32_t *out)
{
    DBusMessage *call = dbus_message_new_method_call(dest, "/org/example/Counter",
                                                     "org.example.Counter", "Get");
    if (!call)
        return -1;
    DBusError err;
    dbus_error_init(&err);
    DBusMessage *reply = dbus_connection_send_with_reply_and_block(conn, call, 1000, &err);
    dbus_message_unref(call);
    if (!reply) {
        fprintf(stderr, "Get: %s\n", err.message);
        dbus_error_free(&err);
        return -1;
    }
    if (!dbus_message_get_args(reply, &err, DBUS_TYPE_INT32, out, DBUS_TYPE_INVALID)) {
        dbus_error_free(&err);
        return -1; // expect: leak.resource
    }
    dbus_message_unref(reply);
    return 0;
}

/* Clean: the reply is unreferenced on both paths. */
int dbus_case_call_reply_clean(DBusConnection *conn, const char *dest, dbus_int32_t *out)
{
    DBusMessage *call = dbus_message_new_method_call(dest, "/org/example/Counter",
                                                     "org.example.Counter", "Get");
    if (!call)
        return -1;
    DBusError err;
    dbus_error_init(&err);
    DBusMessage *reply = dbus_connection_send_with_reply_and_block(conn, call, 1000, &err);
    dbus_message_unref(call);
    if (!reply) {
        fprintf(stderr, "Get: %s\n", err.message);
        dbus_error_free(&err);
        return -1;
    }
    int rc = 0;
    if (!dbus_message_get_args(reply, &err, DBUS_TYPE_INT32, out, DBUS_TYPE_INVALID)) {
        dbus_error_free(&err);
        rc = -1;
    }
    dbus_message_unref(reply);
    return rc;
}

/* Leaks: the pending call is dropped when the reply is missing. */
int dbus_case_pending_leak(DBusConnection *conn, DBusMessage *call)
{
    DBusPendingCall *pending;
    if (!dbus_connection_send_with_reply(conn, call, &pending, DBUS_TIMEOUT_USE_DEFAULT))
        return -1;
    if (pending == NULL)
        return -1;
    dbus_pending_call_block(pending);
    DBusMessage *reply = dbus_pending_call_steal_reply(pending);
    if (reply == NULL)
        return -1; // expect: leak.resource
    int type = dbus_message_get_type(reply);
    dbus_message_unref(reply);
    dbus_pending_call_unref(pending);
    return type == DBUS_MESSAGE_TYPE_METHOD_RETURN ? 0 : -1;
}

/* Clean: the pending call is unreferenced as soon as the reply is taken. */
int dbus_case_pending_clean(DBusConnection *conn, DBusMessage *call)
{
    DBusPendingCall *pending;
    if (!dbus_connection_send_with_reply(conn, call, &pending, DBUS_TIMEOUT_USE_DEFAULT))
        return -1;
    if (pending == NULL)
        return -1;
    dbus_pending_call_block(pending);
    DBusMessage *reply = dbus_pending_call_steal_reply(pending);
    dbus_pending_call_unref(pending);
    if (reply == NULL)
        return -1;
    int type = dbus_message_get_type(reply);
    dbus_message_unref(reply);
    return type == DBUS_MESSAGE_TYPE_METHOD_RETURN ? 0 : -1;
}

/* Leaks: a popped message that is not a method call is skipped without
 * being unreferenced. */
int dbus_case_pop_leak(DBusConnection *conn, int (*dispatch)(DBusMessage *))
{
    int handled = 0;
    for (;;) {
        DBusMessage *msg = dbus_connection_pop_message(conn);
        if (msg == NULL)
            break;
        if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_METHOD_CALL)
            continue; // expect: leak.resource
        handled += dispatch(msg);
        dbus_message_unref(msg);
    }
    return handled;
}

/* Clean: every popped message is unreferenced. */
int dbus_case_pop_clean(DBusConnection *conn, int (*dispatch)(DBusMessage *))
{
    int handled = 0;
    for (;;) {
        DBusMessage *msg = dbus_connection_pop_message(conn);
        if (msg == NULL)
            break;
        if (dbus_message_get_type(msg) == DBUS_MESSAGE_TYPE_METHOD_CALL)
            handled += dispatch(msg);
        dbus_message_unref(msg);
    }
    return handled;
}
