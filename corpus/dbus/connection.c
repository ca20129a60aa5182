/* D-Bus connections (dbus.connection, kind connector).
 *
 * dbus_bus_get returns the shared bus connection with a reference the
 * caller owns, or NULL with the DBusError set; dbus_connection_open does
 * the same for an address.  dbus_connection_unref gives the reference
 * back.  A private connection (dbus_bus_get_private) is closed with
 * dbus_connection_close and then unreferenced; the close alone keeps the
 * reference.
 */
#include <dbus/dbus.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: the bus reference is dropped when the name cannot be taken. */
DBusConnection *dbus_case_bus_name_leak(const char *name)
{
    DBusError err;
    dbus_error_init(&err);
    DBusConnection *conn = dbus_bus_get(DBUS_BUS_SYSTEM, &err);
    if (!conn) {
        fprintf(stderr, "bus: %s\n", err.message);
        dbus_error_free(&err);
        return NULL;
    }
    int ret = dbus_bus_request_name(conn, name, DBUS_NAME_FLAG_DO_NOT_QUEUE, &err);
    if (ret != DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
        if (dbus_error_is_set(&err))
            dbus_error_free(&err);
        return NULL; // expect: leak.connector
    }
    return conn;
}

/* Clean: the reference is given back when the name cannot be taken. */
DBusConnection *dbus_case_bus_name_clean(const char *name)
{
    DBusError err;
    dbus_error_init(&err);
    DBusConnection *conn = dbus_bus_get(DBUS_BUS_SYSTEM, &err);
    if (!conn) {
        fprintf(stderr, "bus: %s\n", err.message);
        dbus_error_free(&err);
        return NULL;
    }
    int ret = dbus_bus_request_name(conn, name, DBUS_NAME_FLAG_DO_NOT_QUEUE, &err);
    if (ret != DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
        if (dbus_error_is_set(&err))
            dbus_error_free(&err);
        dbus_connection_unref(conn);
        return NULL;
    }
    return conn;
}

/* Leaks: a private bus connection that is closed but never unreferenced. */
int dbus_case_private_close_leak(void)
{
    DBusConnection *conn = dbus_bus_get_private(DBUS_BUS_SESSION, NULL);
    if (conn == NULL)
        return -1;
    dbus_connection_set_exit_on_disconnect(conn, FALSE);
    int ok = dbus_bus_name_has_owner(conn, "org.freedesktop.Notifications", NULL);
    dbus_connection_close(conn);
    return ok; // expect: leak.connector
}

/* Clean: closed, then unreferenced. */
int dbus_case_private_close_clean(void)
{
    DBusConnection *conn = dbus_bus_get_private(DBUS_BUS_SESSION, NULL);
    if (conn == NULL)
        return -1;
    dbus_connection_set_exit_on_disconnect(conn, FALSE);
    int ok = dbus_bus_name_has_owner(conn, "org.freedesktop.Notifications", NULL);
    dbus_connection_close(conn);
    dbus_connection_unref(conn);
    return ok;
}

/* Leaks: a peer connection is dropped when registration fails. */
DBusConnection *dbus_case_open_register_leak(const char *address)
{
    DBusConnection *conn = dbus_connection_open(address, NULL);
    if (!conn)
        return NULL;
    if (!dbus_bus_register(conn, NULL))
        return NULL; // expect: leak.connector
    return conn;
}

/* Clean: unreferenced when registration fails. */
DBusConnection *dbus_case_open_register_clean(const char *address)
{
    DBusConnection *conn = dbus_connection_open(address, NULL);
    if (!conn)
        return NULL;
    if (!dbus_bus_register(conn, NULL)) {
        dbus_connection_unref(conn);
        return NULL;
    }
    return conn;
}
