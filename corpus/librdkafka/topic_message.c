/* librdkafka topic configurations (rdkafka.topic_conf), topics
 * (rdkafka.topic) and consumed messages (rdkafka.message), all of kind
 * resource.
 *
 * rd_kafka_topic_new(rk, name, tconf) returns a topic or NULL and always
 * takes its topic conf ("The conf object is freed by this function").
 * rd_kafka_consumer_poll and rd_kafka_consume return a message or NULL; a
 * message whose ->err is set is still a message to
 * rd_kafka_message_destroy.  The client handle is a parameter.
 */
#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: the topic conf is dropped when a property is refused. */
rd_kafka_topic_t *rdkafka_case_topic_conf_leak(rd_kafka_t *rk, const char *name)
{
    char errstr[256];
    rd_kafka_topic_conf_t *tconf = rd_kafka_topic_conf_new();
    if (!tconf)
        return NULL;
    if (rd_kafka_topic_conf_set(tconf, "acks", "all", errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
        return NULL; // expect: leak.resource
    return rd_kafka_topic_new(rk, name, tconf);
}

/* Clean: destroyed on the error path; given to rd_kafka_topic_new, which
 * frees it whatever it returns, on the other. */
rd_kafka_topic_t *rdkafka_case_topic_conf_clean(rd_kafka_t *rk, const char *name)
{
    char errstr[256];
    rd_kafka_topic_conf_t *tconf = rd_kafka_topic_conf_new();
    if (!tconf)
        return NULL;
    if (rd_kafka_topic_conf_set(tconf, "acks", "all", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        rd_kafka_topic_conf_destroy(tconf);
        return NULL;
    }
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, name, tconf);
    if (!rkt)
        fprintf(stderr, "topic %s: %s\n", name, rd_kafka_err2str(rd_kafka_last_error()));
    return rkt;
}

/* Leaks: a produce error returns without destroying the topic handle. */
int rdkafka_case_topic_produce_leak(rd_kafka_t *rk, const char *name, char *buf, size_t len)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, name, NULL);
    if (rkt == NULL)
        return -1;
    if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, buf, len, NULL, 0,
                         NULL) == -1) {
        fprintf(stderr, "produce to %s: %s\n", rd_kafka_topic_name(rkt),
                rd_kafka_err2str(rd_kafka_last_error()));
        return -1; // expect: leak.resource
    }
    rd_kafka_poll(rk, 0);
    rd_kafka_topic_destroy(rkt);
    return 0;
}

/* Clean: the topic handle is destroyed on both paths. */
int rdkafka_case_topic_produce_clean(rd_kafka_t *rk, const char *name, char *buf, size_t len)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, name, NULL);
    if (rkt == NULL)
        return -1;
    int rc = rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, buf, len, NULL, 0,
                              NULL);
    if (rc == -1)
        fprintf(stderr, "produce to %s: %s\n", rd_kafka_topic_name(rkt),
                rd_kafka_err2str(rd_kafka_last_error()));
    rd_kafka_poll(rk, 0);
    rd_kafka_topic_destroy(rkt);
    return rc == -1 ? -1 : 0;
}

/* Leaks: a message that carries an error is still a message, and this
 * path does not destroy it. */
int rdkafka_case_poll_error_leak(rd_kafka_t *rk, void (*handle)(const void *, size_t))
{
    rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 1000);
    if (!m)
        return 0;
    if (m->err) {
        fprintf(stderr, "consume: %s\n", rd_kafka_message_errstr(m));
        return -1; // expect: leak.resource
    }
    handle(m->payload, m->len);
    rd_kafka_message_destroy(m);
    return 1;
}

/* Clean: the error message is destroyed too. */
int rdkafka_case_poll_error_clean(rd_kafka_t *rk, void (*handle)(const void *, size_t))
{
    rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 1000);
    if (!m)
        return 0;
    int rc = 1;
    if (m->err) {
        fprintf(stderr, "consume: %s\n", rd_kafka_message_errstr(m));
        rc = -1;
    } else {
        handle(m->payload, m->len);
    }
    rd_kafka_message_destroy(m);
    return rc;
}

/* Leaks: the legacy consumer skips end-of-partition messages without
 * destroying them. */
long rdkafka_case_consume_eof_leak(rd_kafka_topic_t *rkt, int32_t partition)
{
    long total = 0;
    for (;;) {
        rd_kafka_message_t *m = rd_kafka_consume(rkt, partition, 1000);
        if (m == NULL)
            break;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            continue; // expect: leak.resource
        total += (long)m->len;
        rd_kafka_message_destroy(m);
    }
    return total;
}

/* Clean: every message is destroyed before the next one is read. */
long rdkafka_case_consume_eof_clean(rd_kafka_topic_t *rkt, int32_t partition)
{
    long total = 0;
    for (;;) {
        rd_kafka_message_t *m = rd_kafka_consume(rkt, partition, 1000);
        if (m == NULL)
            break;
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            total += (long)m->len;
        rd_kafka_message_destroy(m);
    }
    return total;
}
