/* test-window-accounts.c: several accounts in the window, against two reference services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "rt-confirm.h"
#include "rt-generate-dialog.h"
#include "rt-secret-dialog.h"
#include "rt-test-keyring.h"
#include "rt-test-util.h"
#include "rt-test-window.h"

static guint
n_tokens (RtSession *session)
{
  return g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (session)));
}

/* The token named @name in @store, or NULL. */
static RtToken *
find_named (RtTokenStore *store,
            const char   *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (rt_token_get_name (token), name) == 0)
        return token;
    }

  return NULL;
}

static gboolean
shows_tokens_of (RtWindow  *window,
                 RtSession *session,
                 guint      n)
{
  return window->session == session && shows_table (window) && n_tokens (session) == n &&
         g_list_model_get_n_items (G_LIST_MODEL (rt_token_table_get_filter_model (window->token_table))) == n;
}

static void
switch_to (RtWindow  *window,
           RtSession *session)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-account", "s",
                              rt_session_get_id (session));
}

/* The switcher's menu: one item per account, then Add Account. */
static char *
menu_labels (RtWindow *window)
{
  g_autoptr(GString) labels = g_string_new (NULL);
  guint n_items = g_menu_model_get_n_items (G_MENU_MODEL (window->accounts_menu));

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *label = NULL;

      g_menu_model_get_item_attribute (G_MENU_MODEL (window->accounts_menu), i,
                                       G_MENU_ATTRIBUTE_LABEL, "s", &label);
      g_string_append_printf (labels, "%s%s", labels->len > 0 ? "|" : "", label);
    }

  return g_string_free (g_steal_pointer (&labels), FALSE);
}

/* Access key items of @server, keyed by a user when @keyed, by the server
 * alone (as before accounts) when not. */
static guint
count_key_items (const char *server,
                 gboolean    keyed)
{
  GList *items = rt_test_find_items ("xdg:schema", "io.github.regtokens.RegistryTokens.AccessKey",
                                     "server", server, NULL);
  guint n = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);

      if ((g_hash_table_lookup (attributes, "user") != NULL) == keyed)
        n++;
    }
  g_list_free_full (items, g_object_unref);

  return n;
}

/* Every access key of @service stops working, as when its keys are revoked. */
static void
revoke_keys (RtTestService *service)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (service->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM access_keys", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Deletes @token as a row's Delete does, answering its question. */
static void
delete_confirmed (RtWindow *window,
                  RtToken  *token)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", rt_token_get_id (token));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  respond (dialog, RT_CONFIRM_RESPONSE_CONFIRM);
}

/* Two accounts on two services: added without signing out, switched from
 * the header, each showing its own tokens; a deletion goes to the shown
 * account's server; a 401 on one leaves the other signed in; Sign Out
 * removes one account only. */
static void
test_two_accounts (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(RtTestService) other = rt_test_service_start (NOW);
  g_autoptr(RtClient) client_a = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  g_autoptr(RtClient) client_b = rt_test_new_client (other->url, other->admin_key);
  g_autoptr(RtToken) only_b = create_token (client_b, "only-on-b");
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtSession *a = window->session;
  RtSession *b;
  g_autoptr(RtToken) victim = NULL;
  g_autoptr(RtSecret) key_a = NULL;
  g_autoptr(RtSecret) key_b = NULL;
  g_autofree char *servers = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *both = g_strdup_printf ("%s %s", fixture->service->url, other->url);
  AdwMessageDialog *dialog;

  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));
  labels = menu_labels (window);
  g_assert_cmpstr (labels, ==, "Acme Robotics");

  /* Add Account: the sign-in page, empty, while A stays signed in. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL);
  rt_test_wait_until (shows_sign_in (window));
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, "");
  g_assert_cmpint (rt_session_get_state (a), ==, RT_SESSION_STATE_READY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->accounts)), ==, 1);

  sign_in_with_page (window, other->url, other->member_key);
  rt_test_wait_until (rt_window_get_account (window) != NULL && window->session != a);
  b = window->session;
  /* The demo member sees her 3 tokens; "only-on-b" is the admin's. */
  rt_test_wait_until (shows_tokens_of (window, b, 3));
  g_assert_cmpstr (rt_account_get_user_name (rt_window_get_account (window)), ==, "Mia Member");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->accounts)), ==, 2);
  servers = saved_servers (fixture);
  g_assert_cmpstr (servers, ==, both);
  /* Both demo projects have one name: the server's host tells them apart. */
  g_clear_pointer (&labels, g_free);
  labels = menu_labels (window);
  {
    g_autofree char *expected = g_strdup_printf ("Acme Robotics (%s)|Acme Robotics (%s)",
                                                 fixture->service->url + strlen ("http://"),
                                                 other->url + strlen ("http://"));

    g_assert_cmpstr (labels, ==, expected);
  }

  /* One key each in the keyring, keyed by server and user. */
  key_a = lookup_access_key (fixture, fixture->service->url, "u_ada");
  assert_secret (key_a, fixture->service->admin_key);
  key_b = lookup_access_key (fixture, other->url, "u_mia");
  assert_secret (key_b, other->member_key);
  g_assert_cmpuint (count_key_items (fixture->service->url, TRUE), ==, 1);
  g_assert_cmpuint (count_key_items (other->url, TRUE), ==, 1);

  /* Switching shows each one's tokens, and the switch is what is saved. */
  switch_to (window, a);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));
  g_assert_cmpstr (rt_window_get_server (window), ==, fixture->service->url);
  g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==, "Acme Robotics");
  {
    g_autofree char *current = g_settings_get_string (fixture->settings, "current-account");

    g_assert_cmpstr (current, ==, rt_session_get_id (a));
  }
  switch_to (window, b);
  rt_test_wait_until (shows_tokens_of (window, b, 3));
  switch_to (window, a);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));

  /* Delete on A goes to A's server; B's server keeps its tokens. */
  victim = g_list_model_get_item (G_LIST_MODEL (rt_session_get_tokens (a)), 0);
  delete_confirmed (window, victim);
  rt_test_wait_until (n_tokens (a) == N_DEMO_TOKENS - 1);
  g_assert_false (server_has_token (client_a, rt_token_get_id (victim)));
  g_assert_true (server_has_token (client_b, rt_token_get_id (only_b)));
  g_assert_cmpuint (n_tokens (b), ==, 3);

  /* A's keys are revoked: A signs out with the reason; B is untouched. */
  revoke_keys (fixture->service);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  rt_test_wait_until (rt_session_get_state (a) == RT_SESSION_STATE_SIGNED_OUT && shows_sign_in (window));
  g_assert_nonnull (rt_sign_in_page_get_error (window->sign_in_page));
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, fixture->service->url);
  g_assert_cmpint (rt_session_get_state (b), ==, RT_SESSION_STATE_READY);
  g_assert_nonnull (rt_session_get_account (b));
  g_assert_cmpuint (n_tokens (b), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->accounts)), ==, 2);

  switch_to (window, b);
  rt_test_wait_until (shows_tokens_of (window, b, 3));

  /* B still acts, on B's server. */
  g_clear_object (&victim);
  victim = g_list_model_get_item (G_LIST_MODEL (rt_session_get_tokens (b)), 0);
  delete_confirmed (window, victim);
  rt_test_wait_until (shows_tokens_of (window, b, 2));
  g_assert_false (server_has_token (client_b, rt_token_get_id (victim)));

  /* Sign Out removes B only: its key and settings; A shows, still saying
   * why it was signed out. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  respond (dialog, "sign-out");
  rt_test_wait_until (window->session == a && shows_sign_in (window));
  g_assert_nonnull (rt_sign_in_page_get_error (window->sign_in_page));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->accounts)), ==, 1);
  g_clear_pointer (&servers, g_free);
  servers = saved_servers (fixture);
  g_assert_cmpstr (servers, ==, fixture->service->url);
  rt_test_wait_until (count_key_items (other->url, TRUE) == 0);
  g_assert_cmpuint (count_key_items (fixture->service->url, TRUE), ==, 1);

  rt_test_service_stop (other);
}

static gboolean
none_busy (GPtrArray *tokens)
{
  for (guint i = 0; i < tokens->len; i++)
    if (rt_token_get_busy (g_ptr_array_index (tokens, i)))
      return FALSE;

  return TRUE;
}

/* Once @window shows its first account's tokens: adds and shows another. */
static RtSession *
add_account (RtWindow   *window,
             const char *server,
             const char *access_key)
{
  RtSession *first = window->session;

  rt_test_wait_until (shows_tokens_of (window, first, N_DEMO_TOKENS));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL);
  rt_test_wait_until (shows_sign_in (window));
  sign_in_with_page (window, server, access_key);
  rt_test_wait_until (rt_window_get_account (window) != NULL && window->session != first);

  return window->session;
}

/* A delete, single or bulk, started on one account finishes on it after a
 * switch to another: every token goes, from its server and from its
 * account's list, not from the list shown. */
static void
test_delete_then_switch (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(RtTestService) other = rt_test_service_start (NOW);
  g_autoptr(RtClient) client_a = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtSession *a = window->session;
  RtSession *b;
  g_autoptr(RtToken) single = NULL;
  g_autoptr(GPtrArray) bulk = NULL;
  AdwMessageDialog *dialog;

  b = add_account (window, other->url, other->member_key);
  rt_test_wait_until (shows_tokens_of (window, b, 3));
  switch_to (window, a);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));

  /* One token, then a switch before the reply. */
  single = g_list_model_get_item (G_LIST_MODEL (rt_session_get_tokens (a)), 0);
  delete_confirmed (window, single);
  switch_to (window, b);
  g_assert_true (window->session == b);
  rt_test_wait_until (n_tokens (a) == N_DEMO_TOKENS - 1);
  g_assert_false (server_has_token (client_a, rt_token_get_id (single)));
  rt_test_wait_until (shows_tokens_of (window, b, 3));

  /* Three tokens at once, then a switch before the first reply. */
  switch_to (window, a);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS - 1));
  gtk_selection_model_select_range (GTK_SELECTION_MODEL (window->selection), 0, 3, TRUE);
  bulk = rt_token_table_get_selected_tokens (window->token_table);
  g_assert_cmpuint (bulk->len, ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selected", NULL);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  respond (dialog, RT_CONFIRM_RESPONSE_CONFIRM);
  switch_to (window, b);
  g_assert_true (window->session == b);
  rt_test_wait_until (n_tokens (a) == N_DEMO_TOKENS - 4 && none_busy (bulk));
  for (guint i = 0; i < bulk->len; i++)
    g_assert_false (server_has_token (client_a, rt_token_get_id (g_ptr_array_index (bulk, i))));
  g_assert_cmpuint (n_tokens (b), ==, 3);
  g_assert_cmpint (rt_session_get_state (a), ==, RT_SESSION_STATE_READY);

  rt_test_service_stop (other);
}

/* A token generated on one account joins that account's list after a
 * switch to another before the reply, not the list shown; its secret is
 * shown all the same. */
static void
test_generate_then_switch (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(RtTestService) other = rt_test_service_start (NOW);
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtSession *a = window->session;
  RtSession *b;
  GtkWindow *dialog = NULL;
  GtkWindow *secret_dialog = NULL;

  b = add_account (window, other->url, other->member_key);
  rt_test_wait_until (shows_tokens_of (window, b, 3));
  switch_to (window, a);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.generate-token", NULL));
  rt_test_wait_until ((dialog = find_dialog (window, RT_TYPE_GENERATE_DIALOG)) != NULL);
  rt_generate_dialog_set_name (RT_GENERATE_DIALOG (dialog), "made-on-a");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL));
  switch_to (window, b);
  g_assert_true (window->session == b);

  rt_test_wait_until ((secret_dialog = find_dialog (window, RT_TYPE_SECRET_DIALOG)) != NULL);
  rt_test_wait_until (n_tokens (a) == N_DEMO_TOKENS + 1);
  g_assert_nonnull (find_named (rt_session_get_tokens (a), "made-on-a"));
  g_assert_null (find_named (rt_session_get_tokens (b), "made-on-a"));
  g_assert_cmpuint (n_tokens (b), ==, 3);
  gtk_window_destroy (secret_dialog);

  rt_test_service_stop (other);
}

/* Each account keeps its own sort: sorting one by name leaves the other as
 * it was, in the window and in its settings. */
static void
test_view_per_account (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(RtTestService) other = rt_test_service_start (NOW);
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtSession *a = window->session;
  RtSession *b;
  GSettings *settings_a;
  GSettings *settings_b;
  g_autofree char *sort_a = NULL;
  g_autofree char *sort_b = NULL;
  g_autofree char *names_a = NULL;
  g_autofree char *names_b = NULL;

  b = add_account (window, other->url, other->admin_key);
  rt_test_wait_until (shows_tokens_of (window, b, N_DEMO_TOKENS));
  settings_a = rt_account_list_get_settings (window->accounts, a);
  settings_b = rt_account_list_get_settings (window->accounts, b);
  g_assert_nonnull (settings_a);
  g_assert_nonnull (settings_b);

  gtk_column_view_sort_by_column (window->column_view,
                                  rt_token_table_get_column (window->token_table, "name"),
                                  GTK_SORT_ASCENDING);
  sort_b = g_settings_get_string (settings_b, "sort-column");
  g_assert_cmpstr (sort_b, ==, "name");
  g_assert_false (g_settings_get_boolean (settings_b, "sort-descending"));
  sort_a = g_settings_get_string (settings_a, "sort-column");
  g_assert_cmpstr (sort_a, ==, "created-on");

  switch_to (window, a);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));
  names_a = get_names (window);
  g_assert_cmpstr (names_a, ==, "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm");

  switch_to (window, b);
  rt_test_wait_until (shows_tokens_of (window, b, N_DEMO_TOKENS));
  names_b = get_names (window);
  g_assert_cmpstr (names_b, ==, "ada-workstation ci-pipeline laptop-mia old-build-farm prod-cluster staging-pull");

  rt_test_service_stop (other);
}

/* Switching accounts leaves the filter behind (its creators are the other
 * project's); a notification's token of an account no longer listed
 * selects nothing in the one shown, even a token of that id. */
static void
test_switch_clears_filter (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(RtTestService) other = rt_test_service_start (NOW);
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtTokenFilter *filter = rt_token_table_get_filter (window->token_table);
  RtSession *a = window->session;
  RtSession *b;
  g_autoptr(GtkBitset) selected = NULL;

  b = add_account (window, other->url, other->admin_key);
  rt_test_wait_until (shows_tokens_of (window, b, N_DEMO_TOKENS));

  /* Both admins: the type and creator choices stay enabled. */
  rt_token_filter_set_statuses (filter, RT_STATUS_FILTER_EXPIRED);
  rt_token_filter_set_created_by (filter, "Ada Admin");
  g_assert_true (rt_token_filter_get_active (filter));
  switch_to (window, a);
  g_assert_false (rt_token_filter_get_active (filter));
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));
  g_assert_false (gtk_revealer_get_reveal_child (window->filter_bar));

  rt_window_select_token (window, "http://127.0.0.1:9", NULL, "tok_demo1");
  g_assert_null (window->pending_token_id);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (window->selection));
  g_assert_true (gtk_bitset_is_empty (selected));
  g_assert_true (window->session == a);

  rt_test_service_stop (other);
}

/* A question answered after the shown account changed (a notification's
 * Open switches while it is open) acts on neither account: both demo
 * services have a tok_demo1, and Sign Out named the other server. */
static void
test_confirm_then_switch (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(RtTestService) other = rt_test_service_start (NOW);
  g_autoptr(RtClient) client_a = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  g_autoptr(RtClient) client_b = rt_test_new_client (other->url, other->admin_key);
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtSession *a = window->session;
  RtSession *b = add_account (window, other->url, other->admin_key);
  AdwMessageDialog *dialog;

  rt_test_wait_until (shows_tokens_of (window, b, N_DEMO_TOKENS));
  switch_to (window, a);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));

  /* Delete, asked on A, answered on B. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", "tok_demo1");
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  rt_window_select_token (window, other->url, NULL, "tok_demo2");
  g_assert_true (window->session == b);
  respond (dialog, RT_CONFIRM_RESPONSE_CONFIRM);
  rt_test_wait_until (shows_tokens_of (window, b, N_DEMO_TOKENS));
  g_assert_true (server_has_token (client_b, "tok_demo1"));
  g_assert_true (server_has_token (client_a, "tok_demo1"));

  /* Several tokens, asked on B, answered on A. */
  gtk_selection_model_select_range (GTK_SELECTION_MODEL (window->selection), 0, 2, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selected", NULL);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  switch_to (window, a);
  respond (dialog, RT_CONFIRM_RESPONSE_CONFIRM);
  rt_test_wait_until (shows_tokens_of (window, a, N_DEMO_TOKENS));
  g_assert_cmpuint (n_tokens (b), ==, N_DEMO_TOKENS);

  /* Sign Out, asked on A, answered on B. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  switch_to (window, b);
  respond (dialog, "sign-out");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->accounts)), ==, 2);
  g_assert_nonnull (rt_session_get_account (b));
  g_assert_nonnull (rt_session_get_account (a));

  rt_test_service_stop (other);
}

/* The single account of earlier versions (a server-url setting, a key for
 * the server alone) becomes the first account on start, silently; its key
 * is then keyed by server and user. */
static void
test_migration (Fixture       *fixture,
                gconstpointer  user_data)
{
  RtWindow *window;
  g_autofree char *legacy = NULL;
  g_autofree char *servers = NULL;
  g_auto(GStrv) ids = NULL;
  GList *items;

  g_settings_set_string (fixture->settings, "server-url", fixture->service->url);
  store_access_key (fixture, fixture->service->url, fixture->service->admin_key);

  window = open_window (fixture);
  rt_test_wait_until (is_loaded (window));
  rt_test_wait_until (shows_table (window));
  g_assert_null (find_message_dialog (window));

  legacy = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (legacy, ==, "");
  ids = g_settings_get_strv (fixture->settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, rt_session_get_id (window->session));
  servers = saved_servers (fixture);
  g_assert_cmpstr (servers, ==, fixture->service->url);

  /* One key item, now with the user. */
  rt_test_wait_until (count_key_items (fixture->service->url, TRUE) == 1 &&
                      count_key_items (fixture->service->url, FALSE) == 0);
  items = rt_test_find_items ("server", fixture->service->url,
                              "user", rt_account_get_user_id (rt_window_get_account (window)), NULL);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  rt_test_assert_item_secret (items->data, fixture->service->admin_key);
  g_list_free_full (items, g_object_unref);

  /* The next start finds the account, its user and project saved. */
  close_window (fixture);
  window = open_window (fixture);
  g_assert_cmpstr (rt_session_get_project_name (window->session), ==, "Acme Robotics");
  g_assert_nonnull (rt_session_get_user_id (window->session));
  rt_test_wait_until (is_loaded (window));
}

int
main (int   argc,
      char *argv[])
{
  rt_test_window_init (&argc, &argv);

  ADD ("/window/accounts/two-services", test_two_accounts);
  ADD ("/window/accounts/delete-then-switch", test_delete_then_switch);
  ADD ("/window/accounts/generate-then-switch", test_generate_then_switch);
  ADD ("/window/accounts/switch-clears-filter", test_switch_clears_filter);
  ADD ("/window/accounts/view-per-account", test_view_per_account);
  ADD ("/window/accounts/confirm-then-switch", test_confirm_then_switch);
  ADD ("/window/accounts/migration", test_migration);

  return rt_test_window_run ();
}
