/* test-account-list.c: RtAccountList: saved accounts in GSettings, and the migration from one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-account-list.h"
#include "rt-test-service.h"
#include "rt-test-util.h"

#define NOW "2026-11-18T12:00:00Z"

typedef struct
{
  RtTestService *service;
  GSettings     *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "server-url");
  g_settings_reset (fixture->settings, "accounts");
  g_settings_reset (fixture->settings, "current-account");
  if (user_data != NULL)
    fixture->service = rt_test_service_start (NOW);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->settings);
  if (fixture->service != NULL)
    rt_test_service_stop (fixture->service);
  g_clear_pointer (&fixture->service, rt_test_service_free);
}

static GSettings *
account_settings (const char *id)
{
  g_autofree char *path = g_strdup_printf ("%saccounts/%s/", APP_ID_PATH, id);

  return g_settings_new_with_path (APPLICATION_ID ".Account", path);
}

static RtSession *
signed_in (Fixture    *fixture,
           const char *key)
{
  RtSession *session = rt_session_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = rt_secret_new (key, -1);
  g_autoptr(GError) error = NULL;

  rt_session_sign_in_async (session, fixture->service->url, secret, NULL, rt_test_async_ready, &result);
  g_assert_true (rt_session_sign_in_finish (session, rt_test_wait_result (&result), &error));
  g_assert_no_error (error);

  return session;
}

/* The server-url of a single-account version becomes the first account,
 * once; its user is not known until it signs in. */
static void
test_migration (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(RtAccountList) accounts = NULL;
  g_autoptr(RtAccountList) again = NULL;
  g_autoptr(RtSession) session = NULL;
  g_autoptr(GSettings) child = NULL;
  g_autofree char *legacy = NULL;
  g_autofree char *current = NULL;
  g_autofree char *child_url = NULL;
  g_auto(GStrv) ids = NULL;

  g_settings_set_string (fixture->settings, "server-url", "https://tokens.example.com/");

  accounts = rt_account_list_new (fixture->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);
  session = g_list_model_get_item (G_LIST_MODEL (accounts), 0);
  g_assert_true (rt_account_list_get_current (accounts) == session);
  g_assert_true (rt_account_list_is_saved (accounts, session));
  g_assert_cmpstr (rt_session_get_server (session), ==, "https://tokens.example.com");
  g_assert_null (rt_session_get_user_id (session));
  g_assert_null (rt_session_get_project_name (session));
  g_assert_cmpint (rt_session_get_state (session), ==, RT_SESSION_STATE_SIGNED_OUT);

  legacy = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (legacy, ==, "");
  ids = g_settings_get_strv (fixture->settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, rt_session_get_id (session));
  current = g_settings_get_string (fixture->settings, "current-account");
  g_assert_cmpstr (current, ==, ids[0]);
  child = account_settings (ids[0]);
  child_url = g_settings_get_string (child, "server-url");
  g_assert_cmpstr (child_url, ==, "https://tokens.example.com/");

  /* Read again: the same account, not a second one. */
  again = rt_account_list_new (fixture->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_nonnull (rt_account_list_lookup (again, ids[0]));
}

/* Saved accounts: user and project written as sign-ins learn them, read
 * back by the next start; one user of a server replaces its old account;
 * removing one leaves the others and resets its settings; an unsaved one is
 * in no setting. */
static void
test_save_and_remove (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(RtAccountList) accounts = rt_account_list_new (fixture->settings);
  g_autoptr(RtAccountList) read_back = NULL;
  g_autoptr(RtSession) admin = signed_in (fixture, fixture->service->admin_key);
  g_autoptr(RtSession) member = signed_in (fixture, fixture->service->member_key);
  g_autoptr(RtSession) admin_again = signed_in (fixture, fixture->service->admin_key);
  g_autoptr(RtSession) unsaved = signed_in (fixture, fixture->service->member_key);
  g_autoptr(GSettings) admin_settings = NULL;
  g_autofree char *admin_id = g_strdup (rt_session_get_id (admin));
  g_autofree char *user_id = NULL;
  g_autofree char *project_name = NULL;
  g_auto(GStrv) ids = NULL;
  RtSession *found;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
  g_assert_null (rt_account_list_get_current (accounts));

  rt_account_list_add (accounts, admin, TRUE);
  rt_account_list_add (accounts, member, TRUE);
  rt_account_list_set_current (accounts, member);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 2);

  admin_settings = account_settings (admin_id);
  user_id = g_settings_get_string (admin_settings, "user-id");
  g_assert_cmpstr (user_id, ==, rt_account_get_user_id (rt_session_get_account (admin)));
  project_name = g_settings_get_string (admin_settings, "project-name");
  g_assert_cmpstr (project_name, ==, "Acme Robotics");

  read_back = rt_account_list_new (fixture->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (read_back)), ==, 2);
  found = rt_account_list_lookup (read_back, admin_id);
  g_assert_nonnull (found);
  g_assert_cmpstr (rt_session_get_user_id (found), ==, user_id);
  g_assert_cmpstr (rt_session_get_project_name (found), ==, "Acme Robotics");
  g_assert_cmpstr (rt_session_get_server (found), ==, fixture->service->url);
  g_assert_true (rt_account_list_find (read_back, fixture->service->url,
                                       rt_session_get_user_id (member)) ==
                 rt_account_list_lookup (read_back, rt_session_get_id (member)));
  g_assert_true (rt_account_list_get_current (read_back) ==
                 rt_account_list_lookup (read_back, rt_session_get_id (member)));
  g_clear_object (&read_back);

  /* The same user of the same server again: it takes the old one's place. */
  rt_account_list_add (accounts, admin_again, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 2);
  g_assert_null (rt_account_list_lookup (accounts, admin_id));
  g_clear_pointer (&user_id, g_free);
  user_id = g_settings_get_string (admin_settings, "user-id");
  g_assert_cmpstr (user_id, ==, "");

  /* Not saved: listed, in no setting. */
  rt_account_list_add (accounts, unsaved, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 3);
  g_assert_false (rt_account_list_is_saved (accounts, unsaved));
  ids = g_settings_get_strv (fixture->settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_false (g_strv_contains ((const char * const *) ids, rt_session_get_id (unsaved)));

  /* Removing the current one shows the first left. */
  rt_account_list_remove (accounts, member);
  g_assert_true (rt_account_list_get_current (accounts) == admin_again);
  g_clear_pointer (&ids, g_strfreev);
  ids = g_settings_get_strv (fixture->settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, rt_session_get_id (admin_again));
  /* The other account's session is untouched. */
  rt_test_wait_until (rt_session_get_state (admin_again) == RT_SESSION_STATE_READY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/account-list/migration", Fixture, NULL,
              fixture_set_up, test_migration, fixture_tear_down);
  g_test_add ("/account-list/save-and-remove", Fixture, "service",
              fixture_set_up, test_save_and_remove, fixture_tear_down);

  return g_test_run ();
}
