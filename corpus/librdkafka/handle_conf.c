/* librdkafka client handles (rdkafka.handle, kind connector) and
 * configuration objects (rdkafka.conf, kind resource).
 *
 * rd_kafka_new(type, conf, errstr, size) returns the handle or NULL, and
 * takes the conf only when it succeeds: "The conf object is freed by this
 * function on success and must not be used or destroyed by the application
 * subsequently".  When it returns NULL the conf is still the caller's to
 * rd_kafka_conf_destroy.  rd_kafka_consumer_close is not rd_kafka_destroy.
 */
#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: a failed rd_kafka_new leaves the conf with the caller, and this
 * path drops it. */
rd_kafka_t *rdkafka_case_new_conf_leak(const char *brokers)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        fprintf(stderr, "kafka: %s\n", errstr);
        return NULL; // expect: leak.resource
    }
    return rk;
}

/* Clean: the conf is destroyed when rd_kafka_new fails, and belongs to the
 * handle when it succeeds. */
rd_kafka_t *rdkafka_case_new_conf_clean(const char *brokers)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        fprintf(stderr, "kafka: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    return rk;
}

/* Leaks: a configuration error returns without destroying the conf. */
rd_kafka_t *rdkafka_case_conf_set_leak(const char *brokers, const char *group)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "group.id", group, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "kafka conf: %s\n", errstr);
        return NULL; // expect: leak.resource
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!rk)
        rd_kafka_conf_destroy(conf);
    return rk;
}

/* Clean: the same with the conf destroyed on the error path. */
rd_kafka_t *rdkafka_case_conf_set_clean(const char *brokers, const char *group)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "group.id", group, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "kafka conf: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!rk)
        rd_kafka_conf_destroy(conf);
    return rk;
}

/* Leaks: rd_kafka_consumer_close leaves the group but does not free the
 * handle ("The application still needs to call rd_kafka_destroy()"). */
int rdkafka_case_consumer_close_leak(rd_kafka_conf_t *conf, rd_kafka_topic_partition_list_t *topics)
{
    char errstr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (rk == NULL)
        return -1;
    rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, topics);
    rd_kafka_consumer_close(rk);
    return err == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1; // expect: leak.connector
}

/* Clean: closed, then destroyed. */
int rdkafka_case_consumer_close_clean(rd_kafka_conf_t *conf, rd_kafka_topic_partition_list_t *topics)
{
    char errstr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (rk == NULL)
        return -1;
    rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, topics);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return err == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1;
}

/* Leaks: the producer handle is dropped when the flush times out. */
int rdkafka_case_produce_leak(rd_kafka_conf_t *conf, const char *topic, const char *payload, size_t len)
{
    char errstr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk)
        return -1;
    rd_kafka_resp_err_t err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                                                RD_KAFKA_V_VALUE((void *)payload, len),
                                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                                RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_destroy(rk);
        return -1;
    }
    if (rd_kafka_flush(rk, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return -1; // expect: leak.connector
    rd_kafka_destroy(rk);
    return 0;
}

/* Clean: every exit destroys the handle (rd_kafka_destroy_flags counts). */
int rdkafka_case_produce_clean(rd_kafka_conf_t *conf, const char *topic, const char *payload, size_t len)
{
    char errstr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk)
        return -1;
    int rc = -1;
    if (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE((void *)payload, len),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR &&
        rd_kafka_flush(rk, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR)
        rc = 0;
    rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    return rc;
}
