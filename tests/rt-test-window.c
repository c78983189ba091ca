/* rt-test-window.c: the main window tests' harness: the fixture, waiting, finding cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-cell-label.h"
#include "rt-status-badge.h"
#include "rt-test-util.h"
#include "rt-test-keyring.h"
#include "rt-test-window.h"
#include "rt-token-actions-cell.h"
#include "rt-token-name-cell.h"
#include "rt-token-table-private.h"

/* Waiting {{{ */

typedef struct
{
  GdkFrameClock *clock;
  gint64         frame;
} FrameWait;

static gboolean
frame_reached (FrameWait *wait)
{
  return gdk_frame_clock_get_frame_counter (wait->clock) >= wait->frame;
}

/* Lets the window lay out and draw what changed, twice: a list view makes
 * and drops its rows' widgets while it lays out. */
void
wait_for_frames (RtWindow *window)
{
  FrameWait wait = { gtk_widget_get_frame_clock (GTK_WIDGET (window)), 0 };

  g_assert_nonnull (wait.clock);

  for (int i = 0; i < 2; i++)
    {
      wait.frame = gdk_frame_clock_get_frame_counter (wait.clock) + 1;
      gtk_widget_queue_resize (GTK_WIDGET (window));
      rt_test_wait_until (frame_reached (&wait));
    }
}

/* }}} */
/* A TCP proxy with a fixed port, so that the window's server URL survives a
 * restart of the service (which always picks a new port) {{{ */

static void
splice_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static void
upstream_connected_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GSocketConnection) downstream = user_data;
  g_autoptr(GSocketConnection) upstream = NULL;

  upstream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, NULL);
  if (upstream == NULL)
    {
      /* The service is down: the client sees the connection close. */
      g_io_stream_close (G_IO_STREAM (downstream), NULL, NULL);
      return;
    }

  g_io_stream_splice_async (G_IO_STREAM (downstream), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, splice_done_cb, NULL);
}

static gboolean
proxy_incoming_cb (GSocketService    *listener,
                   GSocketConnection *connection,
                   GObject           *source,
                   Proxy             *proxy)
{
  g_socket_client_connect_to_host_async (proxy->client, proxy->upstream, 0, NULL,
                                         upstream_connected_cb, g_object_ref (connection));
  return TRUE;
}

void
proxy_set_upstream (Proxy      *proxy,
                    const char *url)
{
  g_assert_true (g_str_has_prefix (url, "http://"));
  g_free (proxy->upstream);
  proxy->upstream = g_strdup (url + strlen ("http://"));
}

Proxy *
proxy_new (const char *upstream_url)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  proxy->listener = g_socket_service_new ();
  proxy->client = g_socket_client_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->listener), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->listener, "incoming", G_CALLBACK (proxy_incoming_cb), proxy);
  g_socket_service_start (proxy->listener);

  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  proxy_set_upstream (proxy, upstream_url);

  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  g_socket_service_stop (proxy->listener);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->listener));
  g_signal_handlers_disconnect_by_data (proxy->listener, proxy);
  g_clear_object (&proxy->listener);
  g_clear_object (&proxy->client);
  g_free (proxy->upstream);
  g_free (proxy->url);
  g_free (proxy);
}

/* }}} */
/* Widgets {{{ */

GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type,
                 GType      not_type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (not_type == G_TYPE_INVALID || !G_TYPE_CHECK_INSTANCE_TYPE (child, not_type)))
        return child;

      found = find_descendant (child, type, not_type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
find_with_class (GtkWidget  *root,
                 GType       type,
                 const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_has_css_class (child, css_class))
        return child;

      found = find_with_class (child, type, css_class);
      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkEditable *
get_server_row (RtWindow *window)
{
  return GTK_EDITABLE (find_descendant (GTK_WIDGET (window->sign_in_page),
                                        ADW_TYPE_ENTRY_ROW, ADW_TYPE_PASSWORD_ENTRY_ROW));
}

GtkEditable *
get_access_key_row (RtWindow *window)
{
  return GTK_EDITABLE (find_descendant (GTK_WIDGET (window->sign_in_page),
                                        ADW_TYPE_PASSWORD_ENTRY_ROW, G_TYPE_INVALID));
}

const char *
get_page (RtWindow *window)
{
  return gtk_stack_get_visible_child_name (window->main_stack);
}

const char *
get_content (RtWindow *window)
{
  return gtk_stack_get_visible_child_name (window->content_stack);
}

gboolean
shows_sign_in (RtWindow *window)
{
  return g_strcmp0 (get_page (window), "sign-in") == 0 &&
         !rt_sign_in_page_get_busy (window->sign_in_page);
}

gboolean
shows_table (RtWindow *window)
{
  return g_strcmp0 (get_page (window), "tokens") == 0 &&
         g_strcmp0 (get_content (window), "table") == 0 &&
         !rt_token_store_get_loading (rt_session_get_tokens (window->session));
}

gboolean
shows_error (RtWindow *window)
{
  return g_strcmp0 (get_page (window), "error") == 0;
}

gboolean
is_loaded (RtWindow *window)
{
  /* The table lets a long list in over a few frames. */
  return rt_window_get_account (window) != NULL &&
         rt_token_store_get_loaded (rt_session_get_tokens (window->session)) &&
         !rt_token_store_get_loading (rt_session_get_tokens (window->session)) &&
         rt_token_table_get_caught_up (window->token_table);
}

/* The names of the tokens shown, in the table's order. */
char *
get_names (RtWindow *window)
{
  GListModel *model = G_LIST_MODEL (window->selection);
  guint n_items = g_list_model_get_n_items (model);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append (names, " ");
      g_string_append (names, rt_token_get_name (token));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
cell_free (Cell *cell)
{
  g_free (cell->column);
  g_free (cell->text);
  g_free (cell);
}

/* The cells' top widgets have their column's id as builder id; the list
 * item of their row is known to the row's name cell. */
static GtkListItem *
get_row_list_item (GtkWidget *cell)
{
  GtkWidget *row = gtk_widget_get_parent (gtk_widget_get_parent (cell));

  for (GtkWidget *child = gtk_widget_get_first_child (row);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *grandchild = gtk_widget_get_first_child (child);

      if (grandchild != NULL && RT_IS_TOKEN_NAME_CELL (grandchild))
        return rt_token_name_cell_get_list_item (RT_TOKEN_NAME_CELL (grandchild));
    }

  return NULL;
}

static const char *
get_cell_column (GtkWidget *widget)
{
  return _rt_token_table_get_cell_column (widget);
}

static void
collect_cells (GtkWidget *root,
               GPtrArray *cells,
               gboolean   unmapped)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *column = get_cell_column (child);
      GtkListItem *list_item = column != NULL ? get_row_list_item (child) : NULL;

      if (list_item != NULL && column != NULL)
        {
          Cell *cell;

          if (gtk_list_item_get_item (list_item) == NULL || (!unmapped && !gtk_widget_get_mapped (child)))
            continue;

          cell = g_new0 (Cell, 1);
          cell->widget = child;
          cell->position = gtk_list_item_get_position (list_item);
          cell->column = g_strdup (column);
          if (RT_IS_CELL_LABEL (child))
            cell->text = g_strdup (rt_cell_label_get_label (RT_CELL_LABEL (child)));
          else if (RT_IS_STATUS_BADGE (child))
            cell->text = g_strdup (rt_status_badge_get_label (RT_STATUS_BADGE (child)));
          else if (g_str_equal (column, "name"))
            cell->text = g_strdup (rt_cell_label_get_label (RT_CELL_LABEL (gtk_widget_get_first_child (child))));
          g_ptr_array_add (cells, cell);
          continue;
        }

      collect_cells (child, cells, unmapped);
    }
}

GPtrArray *
get_cells (RtWindow *window)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);

  collect_cells (GTK_WIDGET (window->column_view), cells, FALSE);

  return cells;
}

/* Those too of the rows GTK keeps out of view, unmapped. */
GPtrArray *
get_all_cells (RtWindow *window)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);

  collect_cells (GTK_WIDGET (window->column_view), cells, TRUE);

  return cells;
}

Cell *
find_cell (GPtrArray  *cells,
           guint       position,
           const char *column)
{
  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (cells, i);

      if (cell->position == position && g_str_equal (cell->column, column))
        return cell;
    }

  g_error ("No realized cell in row %u, column %s", position, column);
  return NULL;
}

/* The actions cell's menu button; while the token is busy, a spinner
 * stands in for it. */
GtkWidget *
get_actions_button (Cell *cell)
{
  return rt_token_actions_cell_get_button (RT_TOKEN_ACTIONS_CELL (cell->widget));
}

gboolean
actions_cell_busy (Cell *cell)
{
  GtkWidget *spinner = rt_token_actions_cell_get_spinner (RT_TOKEN_ACTIONS_CELL (cell->widget));

  g_assert_true ((spinner != NULL) == !gtk_widget_get_visible (get_actions_button (cell)));

  return spinner != NULL && gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

/* The table has realized a cell for every row in every visible column. */
gboolean
cells_ready (CellsReady *ready)
{
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);

  if (!shows_table (ready->window))
    return FALSE;

  cells = get_cells (ready->window);
  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (cells, i);

      if (g_str_equal (cell->column, "name"))
        g_hash_table_add (rows, GUINT_TO_POINTER (cell->position + 1));
    }

  return g_hash_table_size (rows) == ready->n_rows;
}

/* }}} */
/* Fixture {{{ */

RtWindow *
open_window (Fixture *fixture)
{
  g_assert_null (fixture->window);

  fixture->window = rt_window_new (fixture->app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));

  return fixture->window;
}

static gboolean
is_null (gpointer *pointer)
{
  return *pointer == NULL;
}

void
close_window (Fixture *fixture)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* Replies still on their way hold the window until they arrive. */
  rt_test_wait_until (is_null ((gpointer *) &fixture->window));
}

void
sign_in_with_page (RtWindow   *window,
                   const char *url,
                   const char *key)
{
  rt_test_wait_until (shows_sign_in (window));

  gtk_editable_set_text (get_server_row (window), url);
  gtk_editable_set_text (get_access_key_row (window), key);
  /* Enter in the access key field submits. */
  g_signal_emit_by_name (get_access_key_row (window), "entry-activated");
}

/* The key saved for @server and @user (a demo user id, "u_ada" or "u_mia"). */
RtSecret *
lookup_access_key (Fixture    *fixture,
                   const char *server,
                   const char *user)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtSecret *key;

  rt_secret_store_lookup_access_key_async (fixture->secret_store, server, user, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  key = rt_secret_store_lookup_access_key_finish (fixture->secret_store, result, &error);
  g_assert_no_error (error);

  return key;
}

/* As a version before accounts did: the tests of start-up are migrations. */
void
store_access_key (Fixture    *fixture,
                  const char *server,
                  const char *key)
{
  rt_test_store_unkeyed_access_key (server, key);
}

/* Where the shown account keeps its table's columns and sort. */
GSettings *
view_settings (RtWindow *window)
{
  GSettings *settings = rt_account_list_get_settings (window->accounts, window->session);

  g_assert_nonnull (settings);

  return settings;
}

/* The servers of the saved accounts, in order, separated by spaces. */
char *
saved_servers (Fixture *fixture)
{
  g_autoptr(RtAccountList) accounts = rt_account_list_new (fixture->settings);
  g_autoptr(GString) servers = g_string_new (NULL);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (accounts));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtSession) session = g_list_model_get_item (G_LIST_MODEL (accounts), i);

      if (rt_account_list_is_saved (accounts, session))
        g_string_append_printf (servers, "%s%s", servers->len > 0 ? " " : "",
                                rt_session_get_server (session));
    }

  return g_string_free (g_steal_pointer (&servers), FALSE);
}

void
assert_secret (RtSecret   *secret,
               const char *expected)
{
  g_assert_nonnull (secret);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, expected);
}

/* Signs in as the demo admin and waits for the six demo tokens. */
RtWindow *
open_signed_in (Fixture    *fixture,
                const char *url,
                const char *key)
{
  RtWindow *window = open_window (fixture);

  sign_in_with_page (window, url, key);
  rt_test_wait_until (is_loaded (window));

  return window;
}

static RtApplication *application;

static const char * const settings_keys[] = {
  "server-url", "accounts", "current-account", "visible-columns", "sort-column", "sort-descending",
  "window-width", "window-height", "window-maximized",
};

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->service = rt_test_service_start (NOW);
  fixture->settings = g_settings_new (APPLICATION_ID);
  for (guint i = 0; i < G_N_ELEMENTS (settings_keys); i++)
    g_settings_reset (fixture->settings, settings_keys[i]);
  fixture->secret_store = rt_secret_store_new ();

  /* One registered application for the whole run: its D-Bus object path
   * can only be exported once. */
  if (application == NULL && !g_test_subprocess ())
    {
      application = rt_application_new ();
      g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (application), NULL, &error);
      g_assert_no_error (error);
    }
  fixture->app = application != NULL ? g_object_ref (application) : NULL;
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    close_window (fixture);

  /* Dialogs left open. */
  if (fixture->app != NULL)
    {
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL; )
        {
          GtkWindow *window = l->data;

          l = l->next;
          gtk_window_destroy (window);
        }
    }

  g_clear_object (&fixture->app);
  g_clear_object (&fixture->secret_store);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->proxy, proxy_free);
  rt_test_service_stop (fixture->service);
  g_clear_pointer (&fixture->service, rt_test_service_free);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* }}} */
/* Shared by the tests {{{ */

AdwMessageDialog *
find_message_dialog (RtWindow *window)
{
  return (AdwMessageDialog *) find_dialog (window, ADW_TYPE_MESSAGE_DIALOG);
}

/* The shown dialog of @type over @window, or NULL. */
GtkWindow *
find_dialog (RtWindow *window,
             GType     type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_items = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

/* Answers like a click on the button would, closing the dialog. */
void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_autoptr(AdwMessageDialog) ref = g_object_ref (dialog);

  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

gboolean
filtered (Filtered *filtered)
{
  RtFilterList *filter_model = rt_token_table_get_filter_model (filtered->window->token_table);

  /* Many rows come back a few at a time. */
  return rt_filter_list_get_pending (filter_model) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (filter_model)) == filtered->n_items &&
         rt_token_table_get_caught_up (filtered->window->token_table);
}

RtToken *
create_token (RtClient   *client,
              const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  RtToken *token;

  rt_client_create_token_async (client, name, RT_TOKEN_TYPE_USER, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_create_token_finish (client, result, &secret, NULL, &error);
  g_assert_no_error (error);

  return token;
}

/* Deletes @id behind the window's back. */
void
delete_token (RtClient   *client,
              const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rt_client_delete_token_async (client, id, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_client_delete_token_finish (client, result, &error));
  g_assert_no_error (error);
}

/* Whether the service still has @id: asked of the service, not the window. */
gboolean
server_has_token (RtClient   *client,
                  const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtToken) token = NULL;

  rt_client_get_token_async (client, id, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_get_token_finish (client, result, &error);
  if (token == NULL)
    g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);

  return token != NULL;
}

/* }}} */
/* Running {{{ */

void
rt_test_window_init (int    *argc,
                     char ***argv)
{
  g_setenv ("RT_FAKE_NOW", NOW, TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (argc, argv, NULL);
  /* Xvfb has no window manager, so no window is ever "active"; GtkText's
   * cursor-blink timer then warns that a focused entry "did not receive a
   * focus-out event", which gtk_test_init makes fatal. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  adw_init ();
}

int
rt_test_window_run (void)
{
  int status;

  status = g_test_run ();

  g_clear_object (&application);

  return status;
}

/* }}} */
