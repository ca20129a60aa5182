/* libuv event loops (libuv.loop, kind resource).
 *
 * uv_loop_init(&loop) sets up a loop struct of the caller's in place and
 * returns 0 on success or a negative error code; uv_loop_close(&loop)
 * releases the loop's internal resources (its epoll descriptor, its
 * signal pipe).  The deprecated uv_loop_new returns a heap loop or NULL,
 * freed with uv_loop_delete.  uv_default_loop is shared and not tracked.
 */
#include <stddef.h>
#include <stdio.h>
#include <uv.h>

/* Leaks: the loop is left open when configuring it fails. */
int uv_case_loop_configure_leak(void)
{
    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc != 0)
        return rc;
    rc = uv_loop_configure(&loop, UV_LOOP_BLOCK_SIGNAL, SIGPROF);
    if (rc != 0) {
        fprintf(stderr, "uv: %s\n", uv_strerror(rc));
        return rc; // expect: leak.resource
    }
    rc = uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return rc;
}

/* Clean: the loop is closed on the error path too. */
int uv_case_loop_configure_clean(void)
{
    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc != 0)
        return rc;
    rc = uv_loop_configure(&loop, UV_LOOP_BLOCK_SIGNAL, SIGPROF);
    if (rc != 0) {
        fprintf(stderr, "uv: %s\n", uv_strerror(rc));
        uv_loop_close(&loop);
        return rc;
    }
    rc = uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return rc;
}

/* Clean: a failed uv_loop_init leaves nothing to close. */
int uv_case_loop_init_failed_clean(int (*work)(uv_loop_t *))
{
    uv_loop_t loop;
    if (uv_loop_init(&loop) < 0)
        return -1;
    int rc = work(&loop);
    uv_loop_close(&loop);
    return rc;
}

/* Leaks: the deprecated heap loop is not deleted when it has nothing to
 * run. */
int uv_case_loop_new_leak(void)
{
    uv_loop_t *loop = uv_loop_new();
    if (!loop)
        return -1;
    if (!uv_loop_alive(loop))
        return 0; // expect: leak.resource
    int rc = uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_delete(loop);
    return rc;
}

/* Clean: deleted on both paths. */
int uv_case_loop_new_clean(void)
{
    uv_loop_t *loop = uv_loop_new();
    if (!loop)
        return -1;
    int rc = 0;
    if (uv_loop_alive(loop))
        rc = uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_delete(loop);
    return rc;
}

/* Clean: the default loop is shared; running it needs no close here. */
int uv_case_default_loop_clean(void)
{
    uv_loop_t *loop = uv_default_loop();
    if (!loop)
        return -1;
    return uv_run(loop, UV_RUN_NOWAIT);
}
