/* flows/arrays.c: handles kept in a local array (its elements are one
 * place: storing into one keeps the others), given to callees that close
 * them or not, and counters that say how many are held. */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static void close_all(FILE *v[], int n)
{
    for (int i = 0; i < n; i++)
        if (v[i])
            fclose(v[i]);
}

static void count_open(FILE *v[], int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (v[i])
            k++;
    printf("%d\n", k);
}

void array_closed_by_callee(void)
{
    FILE *v[2];
    v[0] = fopen("/tmp/a", "r");
    v[1] = fopen("/tmp/b", "r");
    close_all(v, 2);
}

void array_only_counted(void)
{
    FILE *v[2];
    v[0] = fopen("/tmp/a", "r");
    v[1] = NULL;
    count_open(v, 2);
} // expect: leak.resource

/* filled in a loop, closed in a loop */
void array_filled_and_closed(int n)
{
    int fds[8];
    int k = 0;
    for (int i = 0; i < n && k < 8; i++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0)
            break;
        fds[k++] = s;
    }
    for (int i = 0; i < k; i++)
        close(fds[i]);
}

/* the counter says whether anything is held: after fds[k++] = s, k > 0,
 * so the early return under k == 0 holds no socket */
int array_counter_guard(int tries)
{
    int fds[4];
    int k = 0;
    for (int t = 0; t < tries; t++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0)
            continue;
        fds[k++] = s;
        if (k == 4)
            break;
    }
    if (k == 0)
        return -1;
    for (int i = 0; i < k; i++)
        close(fds[i]);
    return 0;
}

int array_counter_guard_leaks(int tries)
{
    int fds[4];
    int k = 0;
    for (int t = 0; t < tries; t++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0)
            continue;
        fds[k++] = s;
        if (k == 4)
            break;
    }
    if (k < 4)
        return -1; // expect: leak.connector
    for (int i = 0; i < k; i++)
        close(fds[i]);
    return 0;
}
