/* test-expiry-watch.c: which tokens are warned about, and when again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rt-expiry-watch.h"

#define SERVER "https://tokens.example.com"
#define USER "u_ada"

static RtToken *
token_new (const char    *id,
           const char    *name,
           RtTokenStatus  status,
           const char    *end_date)
{
  RtToken *token = rt_token_new (id);

  rt_token_set_name (token, name);
  rt_token_set_status (token, status);
  if (end_date != NULL)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_parse (&date, end_date);
      g_assert_true (g_date_valid (&date));
      rt_token_set_subscription_end_date (token, &date);
    }

  return token;
}

static GDate *
date_new (const char *text)
{
  GDate *date = g_date_new ();

  g_date_set_parse (date, text);
  g_assert_true (g_date_valid (date));

  return date;
}

/* The changes as "id:kind[:YYYY-MM-DD]" lines, for one comparison. */
static char *
describe (GPtrArray *changes)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      RtExpiryChange *change = g_ptr_array_index (changes, i);
      static const char * const kinds[] = { "none", "soon", "expired" };

      g_string_append_printf (out, "%s:%s", change->token_id, kinds[change->expiry]);
      if (g_date_valid (&change->end_date))
        g_string_append_printf (out, ":%04d-%02d-%02d",
                                g_date_get_year (&change->end_date),
                                g_date_get_month (&change->end_date),
                                g_date_get_day (&change->end_date));
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
check (RtExpiryWatch *watch,
       GListModel    *tokens,
       const char    *today,
       guint          days)
{
  g_autoptr(GDate) date = date_new (today);
  g_autoptr(GPtrArray) changes = rt_expiry_watch_check (watch, SERVER, USER, tokens, date, days);

  return describe (changes);
}

static void
test_classify (void)
{
  g_autoptr(GDate) today = date_new ("2026-11-18");
  g_autoptr(RtToken) none = token_new ("t1", "a", RT_TOKEN_STATUS_ACTIVE, NULL);
  g_autoptr(RtToken) far = token_new ("t2", "b", RT_TOKEN_STATUS_ACTIVE, "2026-12-19");
  g_autoptr(RtToken) edge = token_new ("t3", "c", RT_TOKEN_STATUS_ACTIVE, "2026-12-18");
  g_autoptr(RtToken) last_day = token_new ("t4", "d", RT_TOKEN_STATUS_ACTIVE, "2026-11-18");
  g_autoptr(RtToken) passed = token_new ("t5", "e", RT_TOKEN_STATUS_ACTIVE, "2026-11-17");
  g_autoptr(RtToken) expired = token_new ("t6", "f", RT_TOKEN_STATUS_EXPIRED, "2026-11-17");

  g_assert_cmpint (rt_expiry_classify (none, today, 30), ==, RT_EXPIRY_NONE);
  g_assert_cmpint (rt_expiry_classify (far, today, 30), ==, RT_EXPIRY_NONE);
  g_assert_cmpint (rt_expiry_classify (far, today, 31), ==, RT_EXPIRY_EXPIRING_SOON);
  g_assert_cmpint (rt_expiry_classify (edge, today, 30), ==, RT_EXPIRY_EXPIRING_SOON);
  g_assert_cmpint (rt_expiry_classify (last_day, today, 1), ==, RT_EXPIRY_EXPIRING_SOON);
  /* The server has not caught up yet: our clock says it has ended. */
  g_assert_cmpint (rt_expiry_classify (passed, today, 30), ==, RT_EXPIRY_EXPIRED);
  g_assert_cmpint (rt_expiry_classify (expired, today, 30), ==, RT_EXPIRY_EXPIRED);
}

/* Warned once per change, across checks on two days. */
static void
test_once_per_change (void)
{
  g_autoptr(RtExpiryWatch) watch = rt_expiry_watch_new ();
  g_autoptr(GListStore) tokens = g_list_store_new (RT_TYPE_TOKEN);
  g_autoptr(RtToken) ci = token_new ("tok_ci", "ci-pipeline", RT_TOKEN_STATUS_ACTIVE, "2026-12-08");
  g_autoptr(RtToken) old = token_new ("tok_old", "old-farm", RT_TOKEN_STATUS_EXPIRED, "2026-10-01");
  g_autoptr(RtToken) prod = token_new ("tok_prod", "prod", RT_TOKEN_STATUS_ACTIVE, "2027-09-01");
  g_autoptr(RtToken) staging = token_new ("tok_stg", "staging", RT_TOKEN_STATUS_ACTIVE, "2026-11-25");
  GDate date;
  char *text;

  g_list_store_append (tokens, ci);
  g_list_store_append (tokens, old);
  g_list_store_append (tokens, prod);
  g_list_store_append (tokens, staging);

  /* First look: what ends soon; not what had ended before the app looked. */
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-18", 30);
  g_assert_cmpstr (text, ==, "tok_ci:soon:2026-12-08\ntok_stg:soon:2026-11-25\n");
  g_free (text);

  /* Twice a day, and the next day: nothing new. */
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-18", 30);
  g_assert_cmpstr (text, ==, "");
  g_free (text);
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-19", 30);
  g_assert_cmpstr (text, ==, "");
  g_free (text);

  /* staging ends; the server says so. */
  rt_token_set_status (staging, RT_TOKEN_STATUS_EXPIRED);
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-26", 30);
  g_assert_cmpstr (text, ==, "tok_stg:expired:2026-11-25\n");
  g_free (text);
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-27", 30);
  g_assert_cmpstr (text, ==, "");
  g_free (text);

  /* ci-pipeline is renewed: its warning is withdrawn; a longer
   * "expiring soon" brings prod in. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 6, 2028);
  rt_token_set_subscription_end_date (ci, &date);
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-27", 300);
  g_assert_cmpstr (text, ==, "tok_ci:none\ntok_prod:soon:2027-09-01\n");
  g_free (text);

  /* Back to 30 days: prod is withdrawn; when it ends much later, having been
   * active at the last check, it is warned about as expired. */
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-27", 30);
  g_assert_cmpstr (text, ==, "tok_prod:none\n");
  g_free (text);
  rt_token_set_status (prod, RT_TOKEN_STATUS_EXPIRED);
  text = check (watch, G_LIST_MODEL (tokens), "2027-09-05", 30);
  g_assert_cmpstr (text, ==, "tok_prod:expired:2027-09-01\n");
  g_free (text);

  /* A deleted token is forgotten, and its warning withdrawn. */
  g_list_store_remove (tokens, 3);
  text = check (watch, G_LIST_MODEL (tokens), "2027-09-05", 30);
  g_assert_cmpstr (text, ==, "tok_stg:none\n");
  g_free (text);
}

/* A signed-out account's warnings are handed back to withdraw, and the
 * account starts afresh if it comes back; another account keeps its own. */
static void
test_forget (void)
{
  g_autoptr(RtExpiryWatch) watch = rt_expiry_watch_new ();
  g_autoptr(GListStore) tokens = g_list_store_new (RT_TYPE_TOKEN);
  g_autoptr(RtToken) ci = token_new ("tok_ci", "ci-pipeline", RT_TOKEN_STATUS_ACTIVE, "2026-12-08");
  g_autoptr(RtToken) stg = token_new ("tok_stg", "staging", RT_TOKEN_STATUS_ACTIVE, "2026-11-25");
  g_autoptr(RtToken) prod = token_new ("tok_prod", "prod", RT_TOKEN_STATUS_ACTIVE, "2027-09-01");
  g_autoptr(GDate) today = date_new ("2026-11-18");
  g_autoptr(GPtrArray) other_changes = NULL;
  g_autoptr(GPtrArray) forgotten = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autofree char *data = NULL;
  g_autofree char *hash = rt_expiry_watch_dup_account_hash (SERVER, USER);
  char *text;

  g_list_store_append (tokens, stg);
  g_list_store_append (tokens, ci);
  g_list_store_append (tokens, prod);
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-18", 30);
  g_assert_cmpstr (text, ==, "tok_ci:soon:2026-12-08\ntok_stg:soon:2026-11-25\n");
  g_free (text);
  other_changes = rt_expiry_watch_check (watch, SERVER, "u_other", G_LIST_MODEL (tokens), today, 30);
  g_assert_cmpuint (other_changes->len, ==, 2);

  forgotten = rt_expiry_watch_forget (watch, SERVER, USER);
  g_assert_cmpuint (forgotten->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (forgotten, 0), ==, "tok_ci");
  g_assert_cmpstr (g_ptr_array_index (forgotten, 1), ==, "tok_stg");
  nothing = rt_expiry_watch_forget (watch, SERVER, USER);
  g_assert_cmpuint (nothing->len, ==, 0);

  data = rt_expiry_watch_to_data (watch, NULL);
  g_assert_null (strstr (data, hash));

  /* The other account has nothing new; the forgotten one starts afresh. */
  g_clear_pointer (&other_changes, g_ptr_array_unref);
  other_changes = rt_expiry_watch_check (watch, SERVER, "u_other", G_LIST_MODEL (tokens), today, 30);
  g_assert_cmpuint (other_changes->len, ==, 0);
  text = check (watch, G_LIST_MODEL (tokens), "2026-11-18", 30);
  g_assert_cmpstr (text, ==, "tok_ci:soon:2026-12-08\ntok_stg:soon:2026-11-25\n");
  g_free (text);
}

/* The state survives a restart through the file, holds no secret, and keeps
 * accounts apart. */
static void
test_file (void)
{
  g_autoptr(RtExpiryWatch) watch = rt_expiry_watch_new ();
  g_autoptr(RtExpiryWatch) again = rt_expiry_watch_new ();
  g_autoptr(GListStore) tokens = g_list_store_new (RT_TYPE_TOKEN);
  g_autoptr(RtToken) ci = token_new ("tok_ci", "ci-pipeline", RT_TOKEN_STATUS_ACTIVE, "2026-12-08");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = date_new ("2026-11-18");
  g_autoptr(GPtrArray) other = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rt-expiry-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  char *text;

  g_assert_no_error (error);
  path = g_build_filename (dir, "sub", "state.ini", NULL);
  g_list_store_append (tokens, ci);

  /* Missing: empty. */
  g_assert_true (rt_expiry_watch_load_file (watch, path, &error));
  g_assert_no_error (error);

  text = check (watch, G_LIST_MODEL (tokens), "2026-11-18", 30);
  g_assert_cmpstr (text, ==, "tok_ci:soon:2026-12-08\n");
  g_free (text);
  g_assert_true (rt_expiry_watch_save_file (watch, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (rt_expiry_watch_load_file (again, path, &error));
  g_assert_no_error (error);
  text = check (again, G_LIST_MODEL (tokens), "2026-11-18", 30);
  g_assert_cmpstr (text, ==, "");
  g_free (text);

  /* Another user of the same server starts afresh. */
  other = rt_expiry_watch_check (again, SERVER, "u_mia", G_LIST_MODEL (tokens), today, 30);
  g_assert_cmpuint (other->len, ==, 1);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "2026-12-08 tok_ci"));
  g_assert_nonnull (strstr (contents, "server=" SERVER));
  /* Ids, dates, the server and the user only. */
  g_assert_null (strstr (contents, "ci-pipeline"));
  g_assert_null (strstr (contents, "rtsec_"));
  g_assert_null (strstr (contents, "rtkey_"));

  /* A broken file is an error, and an empty state. */
  g_assert_true (g_file_set_contents (path, "[broken", -1, &error));
  g_assert_false (rt_expiry_watch_load_file (again, path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  text = check (again, G_LIST_MODEL (tokens), "2026-11-18", 30);
  g_assert_cmpstr (text, ==, "tok_ci:soon:2026-12-08\n");
  g_free (text);

  g_assert_cmpint (g_remove (path), ==, 0);
  {
    g_autofree char *sub = g_path_get_dirname (path);

    g_assert_cmpint (g_rmdir (sub), ==, 0);
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Entries that do not parse are dropped, not fatal. */
static void
test_bad_entries (void)
{
  g_autoptr(RtExpiryWatch) watch = rt_expiry_watch_new ();
  g_autoptr(GListStore) tokens = g_list_store_new (RT_TYPE_TOKEN);
  g_autoptr(RtToken) ci = token_new ("tok_ci", "ci-pipeline", RT_TOKEN_STATUS_ACTIVE, "2026-12-08");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = date_new ("2026-11-18");
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *data = NULL;
  g_autofree char *group = NULL;

  g_list_store_append (tokens, ci);
  /* Learn the group name from a real check, then spoil its entries. */
  changes = rt_expiry_watch_check (watch, SERVER, USER, G_LIST_MODEL (tokens), today, 30);
  g_clear_pointer (&changes, g_ptr_array_unref);
  data = rt_expiry_watch_to_data (watch, NULL);
  group = g_strndup (data, strchr (data, '\n') - data);
  g_free (data);
  data = g_strdup_printf ("%s\nlast-checked=nonsense\nexpiring-soon=2026-13-40 tok_ci;nospace;\n", group);
  g_assert_true (rt_expiry_watch_load_data (watch, data, strlen (data), &error));
  g_assert_no_error (error);

  changes = rt_expiry_watch_check (watch, SERVER, USER, G_LIST_MODEL (tokens), today, 30);
  g_assert_cmpuint (changes->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/expiry-watch/classify", test_classify);
  g_test_add_func ("/expiry-watch/once-per-change", test_once_per_change);
  g_test_add_func ("/expiry-watch/forget", test_forget);
  g_test_add_func ("/expiry-watch/file", test_file);
  g_test_add_func ("/expiry-watch/bad-entries", test_bad_entries);

  return g_test_run ();
}
