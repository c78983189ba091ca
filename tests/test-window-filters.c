/* test-window-filters.c: the main window's filter, multiple selection, bulk delete and CSV export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "rt-test-util.h"
#include "rt-test-window.h"

/* Against the real service with its demo data (newest first):
 * ada-workstation, ci-pipeline, prod-cluster (Service), staging-pull
 * (Expiring Soon), laptop-mia and old-build-farm (Expired). */

static void
activate (RtWindow   *window,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

static void
choose (RtWindow   *window,
        const char *action,
        const char *value)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, "s", value));
}

static gboolean
shows_names (RtWindow   *window,
             const char *expected)
{
  g_autofree char *names = get_names (window);

  return g_str_equal (names, expected) &&
         rt_filter_list_get_pending (rt_token_table_get_filter_model (window->token_table)) == 0;
}

static void
search (RtWindow   *window,
        const char *text)
{
  activate (window, "win.search");
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), text);
}

static RtWindow *
open_demo (Fixture    *fixture,
           const char *key)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, key);

  rt_test_wait_until (shows_table (window));
  rt_test_wait_until (shows_names (window, "ada-workstation ci-pipeline prod-cluster staging-pull "
                                           "laptop-mia old-build-farm"));
  return window;
}

/* Filters {{{ */

static void
test_filter_status_and_search (Fixture       *fixture,
                               gconstpointer  user_data)
{
  RtWindow *window = open_demo (fixture, fixture->service->admin_key);

  g_assert_true (gtk_widget_get_visible (window->filter_button));
  g_assert_false (gtk_revealer_get_reveal_child (window->filter_bar));

  activate (window, "filter.status-expired");
  rt_test_wait_until (shows_names (window, "laptop-mia old-build-farm"));
  g_assert_true (gtk_revealer_get_reveal_child (window->filter_bar));
  g_assert_cmpstr (gtk_label_get_label (window->filter_label), ==, "Filtered: Expired");

  /* With the search: both must match. */
  search (window, "old");
  rt_test_wait_until (shows_names (window, "old-build-farm"));
  search (window, "");
  rt_test_wait_until (shows_names (window, "laptop-mia old-build-farm"));

  /* Statuses add up. */
  activate (window, "filter.status-expiring-soon");
  rt_test_wait_until (shows_names (window, "staging-pull laptop-mia old-build-farm"));
  g_assert_cmpstr (gtk_label_get_label (window->filter_label), ==, "Filtered: Expiring Soon, Expired");
  activate (window, "filter.status-expired");
  rt_test_wait_until (shows_names (window, "staging-pull"));

  /* Admins: type and creator, with the status. */
  activate (window, "filter.status-expiring-soon");
  choose (window, "filter.type", "service");
  rt_test_wait_until (shows_names (window, "prod-cluster"));
  choose (window, "filter.type", "");
  choose (window, "filter.created-by", "Mia Member");
  rt_test_wait_until (shows_names (window, "ci-pipeline staging-pull laptop-mia"));
  activate (window, "filter.status-expired");
  rt_test_wait_until (shows_names (window, "laptop-mia"));
  g_assert_cmpstr (gtk_label_get_label (window->filter_label), ==,
                   "Filtered: Expired · Created by Mia Member");

  /* Nothing matches: the status page, with Clear Filters. */
  search (window, "ci");
  rt_test_wait_until (g_str_equal (get_content (window), "no-results"));
  g_assert_true (gtk_widget_get_visible (window->no_results_clear_button));

  activate (window, "win.clear-filters");
  rt_test_wait_until (shows_names (window, "ada-workstation ci-pipeline prod-cluster staging-pull "
                                           "laptop-mia old-build-farm"));
  g_assert_cmpstr (get_content (window), ==, "table");
  g_assert_false (gtk_search_bar_get_search_mode (window->search_bar));
  g_assert_false (rt_token_filter_get_active (rt_token_table_get_filter (window->token_table)));
  rt_test_wait_until (!gtk_revealer_get_reveal_child (window->filter_bar));
}

static void
test_filter_member (Fixture       *fixture,
                    gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->member_key);

  rt_test_wait_until (shows_table (window));
  rt_test_wait_until (shows_names (window, "ci-pipeline staging-pull laptop-mia"));

  /* Type and creator are for admins. */
  g_assert_false (g_action_group_get_action_enabled (rt_token_filter_get_actions (rt_token_table_get_filter (window->token_table)),
                                                     "type"));
  gtk_widget_activate_action (GTK_WIDGET (window), "filter.type", "s", "service");
  g_assert_null (rt_token_filter_get_token_type (rt_token_table_get_filter (window->token_table)));

  activate (window, "filter.status-active");
  rt_test_wait_until (shows_names (window, "ci-pipeline"));
}

/* }}} */
/* Bulk delete {{{ */

static void
save_secret (Fixture    *fixture,
             RtWindow   *window,
             RtToken    *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = rt_secret_new ("rtsec_test_bulk_secret", -1);
  g_autoptr(GError) error = NULL;

  rt_secret_store_save_token_secret_async (fixture->secret_store, rt_window_get_server (window),
                                           rt_account_get_registry (rt_window_get_account (window)),
                                           rt_token_get_id (token), rt_token_get_name (token),
                                           rt_token_get_username (token), secret, FALSE, NULL,
                                           rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_secret_store_save_token_secret_finish (fixture->secret_store, result, NULL, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
has_saved_secret (Fixture    *fixture,
                  RtWindow   *window,
                  const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  rt_secret_store_lookup_token_secret_async (fixture->secret_store, fixture->service->url, id, NULL,
                                             rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  secret = rt_secret_store_lookup_token_secret_finish (fixture->secret_store, result, &error);
  g_assert_no_error (error);

  return secret != NULL;
}

/* Changes the service's database behind its back, as only a fault or
 * another client of the database could. */
static void
run_sql (Fixture    *fixture,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->service->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);
}

/* The service refuses to delete @id: a trigger makes the DELETE fail, as
 * a real fault would (500). */
static void
refuse_delete (Fixture    *fixture,
               const char *id)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("CREATE TRIGGER refuse_delete BEFORE DELETE ON tokens "
                         "WHEN old.id = '%s' BEGIN SELECT RAISE (ABORT, 'refused'); END", id);
  run_sql (fixture, sql);
}

static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_label (child, text))
        return TRUE;
    }

  return FALSE;
}

static guint
count_selected (RtWindow *window)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (window->selection));

  return (guint) gtk_bitset_get_size (selected);
}

static gboolean
no_token_busy (RtWindow *window)
{
  GListModel *model = G_LIST_MODEL (rt_session_get_tokens (window->session));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      if (rt_token_get_busy (token))
        return FALSE;
    }

  return TRUE;
}

static void
test_bulk_delete (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(RtClient) other = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  RtTokenStore *store;
  RtWindow *window = open_demo (fixture, fixture->service->admin_key);
  AdwMessageDialog *dialog;

  store = rt_session_get_tokens (window->session);
  save_secret (fixture, window, rt_token_store_find (store, "tok_demo2", NULL));
  save_secret (fixture, window, rt_token_store_find (store, "tok_demo3", NULL));
  save_secret (fixture, window, rt_token_store_find (store, "tok_demo5", NULL));
  save_secret (fixture, window, rt_token_store_find (store, "tok_demo1", NULL));

  /* Expiring Soon and Expired, all selected. */
  activate (window, "filter.status-expiring-soon");
  activate (window, "filter.status-expired");
  rt_test_wait_until (shows_names (window, "staging-pull laptop-mia old-build-farm"));
  g_assert_false (gtk_revealer_get_reveal_child (window->selection_bar));
  activate (window, "win.select-all");
  g_assert_cmpuint (count_selected (window), ==, 3);
  g_assert_true (gtk_revealer_get_reveal_child (window->selection_bar));
  g_assert_cmpstr (gtk_label_get_label (window->selection_label), ==, "3 tokens selected");
  g_assert_cmpstr (gtk_label_get_label (window->delete_selected_label), ==, "_Delete 3 Tokens…");

  /* A token busy with another action is neither asked about nor deleted. */
  rt_token_set_busy (rt_token_store_find (store, "tok_demo2", NULL), TRUE);
  activate (window, "win.delete-selected");
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 2 Tokens?");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "staging-pull, old-build-farm\n\n"));
  respond (dialog, "cancel");
  rt_token_set_busy (rt_token_store_find (store, "tok_demo2", NULL), FALSE);

  /* One question, naming them. */
  activate (window, "win.delete-selected");
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 3 Tokens?");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "staging-pull, laptop-mia, old-build-farm\n\n"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");

  /* Meanwhile staging-pull goes elsewhere (a 404: gone all the same), and
   * the service will refuse old-build-farm. */
  delete_token (other, "tok_demo3");
  refuse_delete (fixture, "tok_demo5");
  respond (dialog, "confirm");

  rt_test_wait_until ((dialog = find_message_dialog (window)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "1 Token Was Not Deleted");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), "“old-build-farm”: "));
  respond (dialog, "close");

  rt_test_wait_until (shows_names (window, "old-build-farm"));
  rt_test_wait_until (no_token_busy (window));
  g_assert_false (server_has_token (other, "tok_demo2"));
  g_assert_false (server_has_token (other, "tok_demo3"));
  g_assert_true (server_has_token (other, "tok_demo5"));

  /* The deleted tokens' saved secrets went with them; the others stay. */
  g_assert_false (has_saved_secret (fixture, window, "tok_demo2"));
  g_assert_false (has_saved_secret (fixture, window, "tok_demo3"));
  g_assert_true (has_saved_secret (fixture, window, "tok_demo5"));
  g_assert_true (has_saved_secret (fixture, window, "tok_demo1"));
}

static void
test_delete_expired (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(RtClient) other = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  RtWindow *window = open_demo (fixture, fixture->service->admin_key);
  AdwMessageDialog *dialog;

  /* Whatever is shown: every expired token. */
  search (window, "ci");
  activate (window, "win.delete-expired");
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 2 Tokens?");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), "laptop-mia, old-build-farm\n\n"));
  respond (dialog, "confirm");
  /* A refresh while they go brings none of them back. */
  activate (window, "win.refresh");

  rt_test_wait_until (rt_token_store_find (rt_session_get_tokens (window->session), "tok_demo5", NULL) == NULL &&
                      rt_token_store_find (rt_session_get_tokens (window->session), "tok_demo2", NULL) == NULL &&
                      !rt_token_store_get_loading (rt_session_get_tokens (window->session)));
  g_assert_false (server_has_token (other, "tok_demo2"));
  g_assert_false (server_has_token (other, "tok_demo5"));
  g_assert_true (server_has_token (other, "tok_demo3"));
  g_assert_null (find_message_dialog (window));
  rt_test_wait_until (shows_label (GTK_WIDGET (window), "Deleted 2 tokens: laptop-mia, old-build-farm"));

  /* None left: the menu item says so. */
  activate (window, "win.delete-expired");
  g_assert_null (find_message_dialog (window));
}

/* What Ctrl+A (the list's select-all) and Delete (the table's
 * delete-selected) do, from the keyboard. */
static void
test_keyboard_selection (Fixture       *fixture,
                         gconstpointer  user_data)
{
  RtWindow *window = open_demo (fixture, fixture->service->admin_key);
  GtkWidget *list_view = find_descendant (GTK_WIDGET (window->column_view), GTK_TYPE_LIST_VIEW, G_TYPE_INVALID);
  AdwMessageDialog *dialog;

  g_assert_nonnull (list_view);
  activate (window, "filter.status-active");
  rt_test_wait_until (shows_names (window, "ada-workstation ci-pipeline prod-cluster"));

  g_assert_true (gtk_widget_activate_action (list_view, "list.select-all", NULL));
  g_assert_cmpuint (count_selected (window), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->token_table), "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 3 Tokens?");
  respond (dialog, "cancel");

  /* The row menu of one of them keeps all three selected, as the context
   * menu does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->token_table), "table.select-token", "s", "tok_demo1"));
  g_assert_cmpuint (count_selected (window), ==, 3);

  /* One selected: Delete asks about that one, as before. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 1, TRUE);
  g_assert_cmpuint (count_selected (window), ==, 1);
  g_assert_false (gtk_revealer_get_reveal_child (window->selection_bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->token_table), "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “ci-pipeline”?");
  respond (dialog, "cancel");
}

/* }}} */
/* Export {{{ */

static void
export_to (RtWindow *window,
           GFile    *file)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rt_token_table_export_csv_async (window->token_table, file, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_token_table_export_csv_finish (window->token_table, result, &error));
  g_assert_no_error (error);
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "tokens.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  RtWindow *window;

  window = open_demo (fixture, fixture->service->admin_key);

  /* The rows shown, the columns chosen, ISO dates. */
  activate (window, "filter.status-expired");
  rt_test_wait_until (shows_names (window, "laptop-mia old-build-farm"));
  export_to (window, file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==,
                   "Token Name,Subscription End Date,Products,Created On,Last Used,Status,Type,Created For,Created By\r\n"
                   "laptop-mia,2026-10-04,Edge OS,2026-05-02T09:30:00Z,,Expired,User,Mia Member,Mia Member\r\n"
                   "old-build-farm,2026-10-04,Edge OS,2025-11-18T09:30:00Z,,Expired,User,Ada Admin,Ada Admin\r\n");
  g_clear_pointer (&contents, g_free);

  /* A hidden column is not exported; a name a spreadsheet would run is
   * defused; products with commas are quoted; no secret anywhere. */
  g_settings_set_strv (view_settings (window), "visible-columns",
                       (const char *[]) { "products", "status", NULL });
  run_sql (fixture, "UPDATE tokens SET name = '=cmd' WHERE id = 'tok_demo6';"
                    "UPDATE projects SET revision = revision + 1");
  activate (window, "win.clear-filters");
  activate (window, "win.refresh");
  rt_test_wait_until (g_str_equal (rt_token_get_name (rt_token_store_find (rt_session_get_tokens (window->session),
                                                                            "tok_demo6", NULL)), "=cmd"));
  search (window, "=cmd");
  rt_test_wait_until (shows_names (window, "=cmd"));
  export_to (window, file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  expected = g_strdup ("Token Name,Products,Status\r\n"
                       "'=cmd,\"Motion SDK, Vision Kit\",Active\r\n");
  g_assert_cmpstr (contents, ==, expected);
  g_assert_null (strstr (contents, "rtsec_"));
  g_clear_pointer (&contents, g_free);

  search (window, "ci-pipeline");
  rt_test_wait_until (shows_names (window, "ci-pipeline"));
  export_to (window, file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==,
                   "Token Name,Products,Status\r\n"
                   "ci-pipeline,\"Data Lake, Fleet Manager, Motion SDK, Vision Kit\",Active\r\n");

  /* Nothing shown, nothing to export: no file chooser opens. */
  search (window, "no token is called this");
  rt_test_wait_until (g_str_equal (get_content (window), "no-results"));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint n_toplevels = g_list_model_get_n_items (toplevels);

    activate (window, "win.export-csv");
    g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_toplevels);
  }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  rt_test_window_init (&argc, &argv);

  ADD ("/window-filters/status-and-search", test_filter_status_and_search);
  ADD ("/window-filters/member", test_filter_member);
  ADD ("/window-filters/bulk-delete", test_bulk_delete);
  ADD ("/window-filters/delete-expired", test_delete_expired);
  ADD ("/window-filters/keyboard", test_keyboard_selection);
  ADD ("/window-filters/export-csv", test_export_csv);

  return rt_test_window_run ();
}
