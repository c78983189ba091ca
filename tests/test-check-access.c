/* test-check-access.c: Check Access and the Last Used column, in the real
 * window, against the real service and Debian's docker-registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "rt-application.h"
#include "rt-cell-label.h"
#include "rt-test-backend.h"
#include "rt-test-gtk.h"
#include "rt-test-util.h"
#include "rt-token-menu.h"
#include "rt-token-name-cell.h"
#include "rt-token-table-private.h"
#include "rt-window-private.h"

static RtTestBackend *backend;
static RtWindow *window;

/* --- The backend's side ------------------------------------------------------ */

typedef struct
{
  char *id;
  char *name;
  char *username;
  char *secret;
} Created;

static void
created_free (Created *created)
{
  g_free (created->id);
  g_free (created->name);
  g_free (created->username);
  g_free (created->secret);
  g_free (created);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Created, created_free)

/* A token of the demo admin, covering the products with an active
 * subscription (not Edge OS). */
static Created *
create_token (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\"}", name);
  g_autoptr(JsonObject) reply = rt_test_backend_call (backend, "POST", "/tokens", body, 201);
  JsonObject *token = json_object_get_object_member (reply, "token");
  Created *created = g_new0 (Created, 1);

  created->id = g_strdup (json_object_get_string_member (token, "id"));
  created->name = g_strdup (name);
  created->username = g_strdup (json_object_get_string_member (token, "username"));
  created->secret = g_strdup (json_object_get_string_member (reply, "secret"));

  return created;
}

/* Adds Edge OS, whose only subscription ended, to the token's products: as
 * when a subscription ends after the token was made. The API cannot: it
 * gives new tokens only the products subscribed now. */
static void
add_ended_product (const char *token_id)
{
  g_autofree char *db_path = g_build_filename (backend->tmpdir, "tokens.db", NULL);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  sql = sqlite3_mprintf ("INSERT INTO token_products (token_id, product_id) VALUES (%Q, 'edge-os')",
                         token_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (g_steal_pointer (&sql));
  sqlite3_close (db);
}

static void
save_secret (Created *created)
{
  g_autoptr(RtSecret) secret = rt_secret_new (created->secret, -1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rt_secret_store_save_token_secret_async (window->secret_store,
                                           rt_session_get_server (window->session),
                                           backend->registry,
                                           created->id, created->name, created->username,
                                           secret, FALSE, NULL,
                                           rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_secret_store_save_token_secret_finish (window->secret_store, result,
                                                          NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A real registry login and pull of the image's manifest. */
static void
skopeo_inspect (Created    *created,
                const char *repository)
{
  g_autofree char *creds = g_strconcat (created->username, ":", created->secret, NULL);
  g_autofree char *image = g_strdup_printf ("docker://%s/%s:1.0", backend->registry, repository);
  g_autoptr(GSubprocess) skopeo = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  skopeo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                             "skopeo", "inspect", "--tls-verify=false", "--creds", creds,
                             image, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (skopeo, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (g_subprocess_wait_finish (skopeo, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (skopeo));
}

/* --- The window's side ------------------------------------------------------- */

static RtToken *
table_token (const char *id)
{
  return rt_token_store_find (rt_session_get_tokens (window->session), id, NULL);
}

/* Refresh, as the header bar's button does; wait on what it should show. */
static void
refresh (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
}

static GtkWidget *
find_name_cell (GtkWidget *widget)
{
  if (RT_IS_TOKEN_NAME_CELL (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_name_cell (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The Last Used cell shown in @token's row, or NULL. */
static RtCellLabel *
find_last_used_cell (GtkWidget *widget,
                     RtToken   *token)
{
  if (RT_IS_CELL_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (_rt_token_table_get_cell_column (widget), "last-used") == 0)
    {
      /* Its row is its first ancestor that holds a name cell. */
      for (GtkWidget *row = gtk_widget_get_parent (widget); row != NULL; row = gtk_widget_get_parent (row))
        {
          GtkWidget *name_cell = find_name_cell (row);
          GtkListItem *item;

          if (name_cell == NULL)
            continue;
          item = rt_token_name_cell_get_list_item (RT_TOKEN_NAME_CELL (name_cell));
          return item != NULL && gtk_list_item_get_item (item) == (gpointer) token ? RT_CELL_LABEL (widget) : NULL;
        }
      return NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      RtCellLabel *found = find_last_used_cell (child, token);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
last_used_shows (RtToken    *token,
                 const char *text)
{
  RtCellLabel *label = find_last_used_cell (GTK_WIDGET (window->column_view), token);

  return label != NULL && g_strcmp0 (rt_cell_label_get_label (label), text) == 0;
}

static gboolean
last_used_not_never (RtToken *token)
{
  RtCellLabel *label = find_last_used_cell (GTK_WIDGET (window->column_view), token);

  return label != NULL && g_strcmp0 (rt_cell_label_get_label (label), "Never") != 0;
}

static gboolean
has_n_products (RtToken *token,
                guint    n_products)
{
  return token != NULL && g_list_model_get_n_items (rt_token_get_products (token)) == n_products;
}

static gboolean
was_used (RtToken *token)
{
  return token != NULL && rt_token_get_last_used_at (token) != NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) candidate = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (candidate) &&
          gtk_widget_get_visible (GTK_WIDGET (candidate)) &&
          gtk_window_get_transient_for (candidate) == GTK_WINDOW (window))
        return ADW_MESSAGE_DIALOG (candidate);
    }

  return NULL;
}

static gboolean
no_dialog (void)
{
  return find_dialog () == NULL;
}

/* As Escape does. */
static void
close_dialog (AdwMessageDialog *dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
  rt_test_wait_until (no_dialog ());
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *name = NULL;

      if (section != NULL && menu_has_action (section, action))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_saved_secret (RtToken *token)
{
  return token != NULL && rt_token_get_has_saved_secret (token);
}

/* --- Tests ------------------------------------------------------------------------ */

/* Vision Kit is subscribed, Edge OS's subscription ended: the dialog says
 * so per product, from the registry's own token server. */
static void
test_check_access (void)
{
  g_autoptr(Created) created = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(JsonObject) regenerated = NULL;
  g_autofree char *regenerate_path = NULL;
  AdwMessageDialog *dialog;
  RtToken *token;

  if (!rt_test_backend_require_tools ())
    return;

  created = create_token ("check-access-ui");
  add_ended_product (created->id);
  refresh ();
  /* Data Lake, Edge OS, Fleet Manager, Motion SDK, Vision Kit. */
  rt_test_wait_until (has_n_products (table_token (created->id), 5));
  token = table_token (created->id);

  /* Without a saved secret the menu does not offer it, and it does nothing. */
  menu = rt_token_menu_new (token);
  g_assert_false (menu_has_action (menu, "win.check-access"));
  g_clear_object (&menu);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-access", "s", created->id);
  g_assert_false (rt_token_get_busy (token));

  save_secret (created);
  _rt_window_reload_saved_secrets (window);
  rt_test_wait_until (has_saved_secret (table_token (created->id)));
  menu = rt_token_menu_new (token);
  g_assert_true (menu_has_action (menu, "win.check-access"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-access", "s", created->id);
  rt_test_wait_until (find_dialog () != NULL);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Check Access");
  rt_test_collect_action_rows (GTK_WIDGET (dialog), rows);
  g_test_message ("Check Access shows:\n%s", rows->str);
  g_assert_nonnull (strstr (rows->str, "Vision Kit: Can pull\n"));
  g_assert_nonnull (strstr (rows->str, "Motion SDK: Can pull\n"));
  g_assert_nonnull (strstr (rows->str, "Edge OS: Subscription ended\n"));
  close_dialog (dialog);
  rt_test_wait_until (!rt_token_get_busy (token));

  /* Re-generated elsewhere: the keyring's secret is refused, and the dialog
   * says why. */
  regenerate_path = g_strconcat ("/tokens/", created->id, "/regenerate-secret", NULL);
  regenerated = rt_test_backend_call (backend, "POST", regenerate_path, NULL, 200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-access", "s", created->id);
  rt_test_wait_until (find_dialog () != NULL);
  dialog = find_dialog ();
  g_test_message ("Check Access says: %s", adw_message_dialog_get_body (dialog));
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "“check-access-ui”: The registry refused this secret."));
  g_string_truncate (rows, 0);
  rt_test_collect_action_rows (GTK_WIDGET (dialog), rows);
  g_assert_cmpstr (rows->str, ==, "");
  close_dialog (dialog);

  /* The secret went to the token server only, never to the log. */
  g_assert_null (strstr (rt_test_get_captured_log (), created->secret));
}

/* A registry login shows in the Last Used column after a refresh. */
static void
test_last_used (void)
{
  g_autoptr(Created) created = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  RtCellLabel *cell;
  RtToken *token;

  if (!rt_test_backend_require_tools ())
    return;

  created = create_token ("last-used-ui");
  refresh ();
  rt_test_wait_until (table_token (created->id) != NULL);
  token = table_token (created->id);
  g_assert_null (rt_token_get_last_used_at (token));
  rt_test_wait_until (last_used_shows (token, "Never"));

  before = g_date_time_new_now_utc ();
  skopeo_inspect (created, "vision-kit/camera");
  after = g_date_time_new_now_utc ();

  refresh ();
  rt_test_wait_until (was_used (table_token (created->id)));
  token = table_token (created->id);
  /* The service keeps whole seconds. */
  g_assert_cmpint (g_date_time_to_unix (rt_token_get_last_used_at (token)), >=,
                   g_date_time_to_unix (before));
  g_assert_cmpint (g_date_time_to_unix (rt_token_get_last_used_at (token)), <=,
                   g_date_time_to_unix (after));
  rt_test_wait_until (last_used_not_never (token));
  cell = find_last_used_cell (GTK_WIDGET (window->column_view), token);
  g_test_message ("Last Used shows “%s”, “%s”", rt_cell_label_get_label (cell),
                  rt_cell_label_get_tooltip (cell));
  g_assert_cmpstr (rt_cell_label_get_label (cell), ==, "just now");
  g_assert_true (g_str_has_prefix (rt_cell_label_get_tooltip (cell),
                                   "Last registry login: "));
}

/* --- Running the tests inside the application ----------------------------------------- */

static int test_status = 1;

static void
on_activate (GApplication *application)
{
  window = RT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  /* Wide enough for every column, Last Used included. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 700);

  rt_test_wait_until (rt_session_get_client (window->session) != NULL &&
                      rt_window_get_account (window) != NULL &&
                      rt_token_store_get_loaded (rt_session_get_tokens (window->session)));
  g_assert_cmpstr (rt_account_get_registry (rt_window_get_account (window)), ==, backend->registry);

  g_application_hold (application);
  test_status = g_test_run ();
  g_application_release (application);

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (application);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RtApplication) app = NULL;
  char *app_argv[4];
  int status;

  rt_test_capture_log ();
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add_func ("/check-access/products", test_check_access);
  g_test_add_func ("/check-access/last-used", test_last_used);

  /* Without the registry's tools every test skips, saying which is missing. */
  for (const char * const *tool = (const char * const[]) { "docker-registry", "skopeo", "umoci",
                                                           "podman", "curl", NULL };
       *tool != NULL; tool++)
    {
      g_autofree char *found = g_find_program_in_path (*tool);

      if (found == NULL)
        return g_test_run ();
    }

  backend = rt_test_backend_start ();
  g_setenv ("REGISTRY_TOKENS_ACCESS_KEY", backend->admin_key, TRUE);

  app = g_object_new (RT_TYPE_APPLICATION,
                      "application-id", APPLICATION_ID,
                      "resource-base-path", "/io/github/regtokens/RegistryTokens/",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);

  app_argv[0] = (char *) "registry-tokens";
  app_argv[1] = (char *) "--server";
  app_argv[2] = backend->url;
  app_argv[3] = NULL;
  g_application_run (G_APPLICATION (app), 3, app_argv);

  g_clear_object (&app);
  rt_test_backend_free (backend);
  status = test_status;

  return status;
}
