/* test-csv.c: RFC 4180 quoting and formula-safe cells of the CSV export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-csv.h"

static char *
record (const char * const *cells)
{
  GString *csv = g_string_new (NULL);

  rt_csv_append_record (csv, cells);

  return g_string_free (csv, FALSE);
}

static void
assert_cell (const char *cell,
             const char *expected)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  rt_csv_append_cell (csv, cell);
  g_assert_cmpstr (csv->str, ==, expected);
}

static void
test_plain (void)
{
  g_autofree char *text = NULL;

  assert_cell ("ci-pipeline", "ci-pipeline");
  assert_cell ("", "");
  assert_cell (NULL, "");
  assert_cell ("Vision Kit 3.0", "Vision Kit 3.0");
  assert_cell ("Grüße ✓", "Grüße ✓");
  /* Not at the start: no formula. */
  assert_cell ("a=b", "a=b");
  assert_cell ("2026-12-18", "2026-12-18");

  text = record ((const char *[]) { "Token Name", "Status", "", NULL });
  g_assert_cmpstr (text, ==, "Token Name,Status,\r\n");
}

static void
test_quoting (void)
{
  assert_cell ("Vision Kit, Robot Arm", "\"Vision Kit, Robot Arm\"");
  assert_cell ("say \"hi\"", "\"say \"\"hi\"\"\"");
  assert_cell ("\"", "\"\"\"\"");
  assert_cell ("two\nlines", "\"two\nlines\"");
  assert_cell ("two\r\nlines", "\"two\r\nlines\"");
  assert_cell ("'quoted'", "'quoted'");
}

static void
test_formulas (void)
{
  assert_cell ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
  assert_cell ("=1+2", "'=1+2");
  assert_cell ("+1", "'+1");
  assert_cell ("-1", "'-1");
  assert_cell ("@SUM(A1)", "'@SUM(A1)");
  assert_cell ("\tx", "'\tx");
  assert_cell ("\rx", "\"'\rx\"");
  assert_cell ("=a,b", "\"'=a,b\"");
}

static void
test_records (void)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  rt_csv_append_record (csv, (const char *[]) { "Name", "Products", NULL });
  rt_csv_append_record (csv, (const char *[]) { "=evil", "A, B", NULL });
  rt_csv_append_record (csv, (const char *[]) { "only", NULL });
  g_assert_cmpstr (csv->str, ==,
                   "Name,Products\r\n"
                   "'=evil,\"A, B\"\r\n"
                   "only\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/plain", test_plain);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/formulas", test_formulas);
  g_test_add_func ("/csv/records", test_records);

  return g_test_run ();
}
