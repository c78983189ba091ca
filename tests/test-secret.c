/* test-secret.c: the wipeable secret buffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-secret.h"

static void
test_secret_copy (void)
{
  char source[] = "rtsec_abcdef";
  g_autoptr(RtSecret) secret = rt_secret_new (source, -1);
  gsize len = 0;

  g_assert_cmpstr (rt_secret_get (secret, &len), ==, "rtsec_abcdef");
  g_assert_cmpuint (len, ==, strlen (source));
  g_assert_cmpuint (rt_secret_get_len (secret), ==, len);

  /* A copy: wiping the source leaves the secret intact. */
  rt_secret_wipe (source, sizeof source);
  g_assert_cmpint (source[0], ==, 0);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, "rtsec_abcdef");
}

static void
test_secret_length (void)
{
  g_autoptr(RtSecret) secret = rt_secret_new ("abcdef", 3);

  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, "abc");
  g_assert_cmpuint (rt_secret_get_len (secret), ==, 3);
}

static void
test_secret_equal (void)
{
  g_autoptr(RtSecret) a = rt_secret_new ("same", -1);
  g_autoptr(RtSecret) b = rt_secret_new ("same", -1);
  g_autoptr(RtSecret) c = rt_secret_new ("samf", -1);
  g_autoptr(RtSecret) d = rt_secret_new ("sam", -1);

  g_assert_true (rt_secret_equal (a, b));
  g_assert_false (rt_secret_equal (a, c));
  g_assert_false (rt_secret_equal (a, d));
}

static void
test_secret_refcount (void)
{
  RtSecret *secret = rt_secret_new_take (g_strdup ("xyz"), 3);
  RtSecret *ref = rt_secret_ref (secret);

  g_assert_true (ref == secret);
  rt_secret_unref (secret);
  g_assert_cmpstr (rt_secret_get (ref, NULL), ==, "xyz");
  rt_secret_unref (ref);
}

static void
test_secret_boxed (void)
{
  g_autoptr(RtSecret) secret = rt_secret_new ("boxed", -1);
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, RT_TYPE_SECRET);
  g_value_set_boxed (&value, secret);
  g_assert_true (g_value_get_boxed (&value) == secret);
  g_assert_cmpstr (rt_secret_get (g_value_get_boxed (&value), NULL), ==, "boxed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/copy", test_secret_copy);
  g_test_add_func ("/secret/length", test_secret_length);
  g_test_add_func ("/secret/equal", test_secret_equal);
  g_test_add_func ("/secret/refcount", test_secret_refcount);
  g_test_add_func ("/secret/boxed", test_secret_boxed);

  return g_test_run ();
}
