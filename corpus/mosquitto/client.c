/* Mosquitto client instances (mosquitto.client, kind connector).
 *
 * mosquitto_new returns an instance or NULL (errno ENOMEM or EINVAL);
 * mosquitto_destroy frees it.  mosquitto_disconnect only leaves the broker,
 * and mosquitto_lib_init / mosquitto_lib_cleanup handle the library's
 * global state, not an instance.
 */
#include <mosquitto.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: a refused connection returns without destroying the instance. */
struct mosquitto *mosq_case_connect_leak(const char *id, const char *host, int port)
{
    struct mosquitto *m = mosquitto_new(id, true, NULL);
    if (!m)
        return NULL;
    int rc = mosquitto_connect(m, host, port, 60);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "mqtt connect: %s\n", mosquitto_strerror(rc));
        return NULL; // expect: leak.connector
    }
    return m;
}

/* Clean: destroyed when the connection is refused. */
struct mosquitto *mosq_case_connect_clean(const char *id, const char *host, int port)
{
    struct mosquitto *m = mosquitto_new(id, true, NULL);
    if (!m)
        return NULL;
    int rc = mosquitto_connect(m, host, port, 60);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "mqtt connect: %s\n", mosquitto_strerror(rc));
        mosquitto_destroy(m);
        return NULL;
    }
    return m;
}

/* Leaks: mosquitto_disconnect is not mosquitto_destroy. */
int mosq_case_publish_once_leak(const char *host, const char *topic, const char *text, int len)
{
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new(NULL, true, NULL);
    if (m == NULL) {
        mosquitto_lib_cleanup();
        return -1;
    }
    mosquitto_username_pw_set(m, "sensor", "secret");
    int rc = mosquitto_connect(m, host, 1883, 30);
    if (rc == MOSQ_ERR_SUCCESS) {
        rc = mosquitto_publish(m, NULL, topic, len, text, 1, false);
        mosquitto_loop(m, 1000, 1);
        mosquitto_disconnect(m);
    }
    mosquitto_lib_cleanup();
    return rc; // expect: leak.connector
}

/* Clean: disconnected, then destroyed before the library is cleaned up. */
int mosq_case_publish_once_clean(const char *host, const char *topic, const char *text, int len)
{
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new(NULL, true, NULL);
    if (m == NULL) {
        mosquitto_lib_cleanup();
        return -1;
    }
    mosquitto_username_pw_set(m, "sensor", "secret");
    int rc = mosquitto_connect(m, host, 1883, 30);
    if (rc == MOSQ_ERR_SUCCESS) {
        rc = mosquitto_publish(m, NULL, topic, len, text, 1, false);
        mosquitto_loop(m, 1000, 1);
        mosquitto_disconnect(m);
    }
    mosquitto_destroy(m);
    mosquitto_lib_cleanup();
    return rc;
}
