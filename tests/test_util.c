/* Unit tests for util.c and hash.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

START_TEST(sha256_known_vectors)
{
    char hex[65];
    sl_sha256_hex("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sl_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sl_sha256_hex(m, strlen(m), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(paths)
{
    char *p = sl_path_relative("/a/b/c.c", "/a");
    ck_assert_str_eq(p, "b/c.c");
    free(p);
    p = sl_path_relative("/ab/c.c", "/a");
    ck_assert_str_eq(p, "/ab/c.c");
    free(p);
    p = sl_path_absolute("/x/./y/../z");
    ck_assert_str_eq(p, "/x/z");
    free(p);
    p = sl_path_dirname("/x/y.c");
    ck_assert_str_eq(p, "/x");
    free(p);
}
END_TEST

START_TEST(strbuf)
{
    sl_strbuf b = {0};
    for (int i = 0; i < 1000; i++)
        sl_strbuf_printf(&b, "%d,", i);
    ck_assert(strncmp(b.s, "0,1,2,", 6) == 0);
    ck_assert(sl_str_ends_with(b.s, "998,999,"));
    char *s = sl_strbuf_detach(&b);
    ck_assert_ptr_null(b.s);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, sha256_known_vectors);
    tcase_add_test(tc, paths);
    tcase_add_test(tc, strbuf);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
