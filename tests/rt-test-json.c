/* rt-test-json.c: fixture files and assertions for the JSON parser tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-test-json.h"

void
rt_test_json_init (int    *argc,
                   char ***argv)
{
  g_setenv ("RT_FAKE_NOW", "2026-11-20T12:00:00Z", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (argc, argv, NULL);
}

GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

void
assert_json_error (const GError *error,
                   RtJsonError   code,
                   const char   *path)
{
  g_autofree char *prefix = g_strconcat (path, ": ", NULL);

  g_assert_error (error, RT_JSON_ERROR, (int) code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("message “%s” does not name “%s”", error->message, path);
}

void
assert_date_time (GDateTime  *actual,
                  const char *expected)
{
  g_autoptr(GDateTime) want = g_date_time_new_from_iso8601 (expected, NULL);

  g_assert_nonnull (want);
  g_assert_nonnull (actual);
  if (!g_date_time_equal (actual, want))
    {
      g_autofree char *text = g_date_time_format_iso8601 (actual);
      g_error ("date-time %s is not %s", text, expected);
    }
  /* The parser hands out UTC. */
  g_assert_cmpint (g_date_time_get_utc_offset (actual), ==, 0);
}

void
assert_date (const GDate *actual,
             int          year,
             int          month,
             int          day)
{
  g_assert_nonnull (actual);
  g_assert_cmpint (g_date_get_year (actual), ==, year);
  g_assert_cmpint (g_date_get_month (actual), ==, month);
  g_assert_cmpint (g_date_get_day (actual), ==, day);
}

void
assert_product (GListModel *products,
                guint       position,
                const char *id,
                const char *name,
                const char *version)
{
  g_autoptr(RtProduct) product = g_list_model_get_item (products, position);

  g_assert_nonnull (product);
  g_assert_cmpstr (rt_product_get_id (product), ==, id);
  g_assert_cmpstr (rt_product_get_name (product), ==, name);
  g_assert_cmpstr (rt_product_get_version (product), ==, version);
}
