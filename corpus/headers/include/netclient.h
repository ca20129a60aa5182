/* The project header the headers case depends on.  The corpus runner also
 * analyzes client.c without this directory on the include path. */
#ifndef NETCLIENT_H
#define NETCLIENT_H
#include <curl/curl.h>
#include <sqlite3.h>

typedef struct netclient_opts {
    const char *url;
    long timeout;
} netclient_opts;

#endif
