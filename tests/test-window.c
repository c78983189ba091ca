/* test-window.c: the main window against the reference service, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtk/gtk.h>
#include <libsecret/secret.h>

#include "rt-application.h"
#include "rt-status-badge.h"
#include "rt-test-service.h"
#include "rt-token-name-cell.h"
#include "rt-test-util.h"
#include "rt-window-private.h"

/* Every test starts the service with the demo data at a fixed time, and the
 * app's clock (RT_FAKE_NOW) and time zone (TZ=UTC, from tests/meson.build)
 * are fixed too, so that every text in the table is known. The tests drive
 * the real widgets and wait for what the user would see. */

#define NOW "2026-11-18T12:00:00Z"
#define N_DEMO_TOKENS 6

typedef struct
{
  GSocketService *listener;
  GSocketClient  *client;
  char           *upstream;   /* host:port of the service now */
  char           *url;
} Proxy;

typedef struct
{
  RtTestService *service;
  RtApplication *app;
  GSettings     *settings;
  RtSecretStore *secret_store;
  RtWindow      *window;
  Proxy         *proxy;
} Fixture;

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
static void
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

static void
proxy_set_upstream (Proxy      *proxy,
                    const char *url)
{
  g_assert_true (g_str_has_prefix (url, "http://"));
  g_free (proxy->upstream);
  proxy->upstream = g_strdup (url + strlen ("http://"));
}

static Proxy *
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

static GtkWidget *
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

static GtkWidget *
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

static GtkEditable *
get_server_row (RtWindow *window)
{
  return GTK_EDITABLE (find_descendant (GTK_WIDGET (window->sign_in_page),
                                        ADW_TYPE_ENTRY_ROW, ADW_TYPE_PASSWORD_ENTRY_ROW));
}

static GtkEditable *
get_access_key_row (RtWindow *window)
{
  return GTK_EDITABLE (find_descendant (GTK_WIDGET (window->sign_in_page),
                                        ADW_TYPE_PASSWORD_ENTRY_ROW, G_TYPE_INVALID));
}

static const char *
get_page (RtWindow *window)
{
  return gtk_stack_get_visible_child_name (window->main_stack);
}

static const char *
get_content (RtWindow *window)
{
  return gtk_stack_get_visible_child_name (window->content_stack);
}

static gboolean
shows_sign_in (RtWindow *window)
{
  return g_strcmp0 (get_page (window), "sign-in") == 0 &&
         !rt_sign_in_page_get_busy (window->sign_in_page);
}

static gboolean
shows_table (RtWindow *window)
{
  return g_strcmp0 (get_page (window), "tokens") == 0 &&
         g_strcmp0 (get_content (window), "table") == 0 &&
         !rt_token_store_get_loading (rt_session_get_tokens (window->session));
}

static gboolean
shows_error (RtWindow *window)
{
  return g_strcmp0 (get_page (window), "error") == 0;
}

static gboolean
is_loaded (RtWindow *window)
{
  return rt_window_get_account (window) != NULL &&
         rt_token_store_get_loaded (rt_session_get_tokens (window->session)) &&
         !rt_token_store_get_loading (rt_session_get_tokens (window->session));
}

/* The names of the tokens shown, in the table's order. */
static char *
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

typedef struct
{
  GtkWidget *widget;
  guint      position;
  char      *column;
  char      *text;
} Cell;

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
  static const char * const columns[] = {
    "name", "end-date", "products", "created-on", "last-used", "status",
    "type", "created-for", "created-by", "actions",
  };
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (g_strcmp0 (id, columns[i]) == 0)
        return columns[i];
    }

  return NULL;
}

static void
collect_cells (GtkWidget *root,
               GPtrArray *cells)
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

          if (gtk_list_item_get_item (list_item) == NULL || !gtk_widget_get_mapped (child))
            continue;

          cell = g_new0 (Cell, 1);
          cell->widget = child;
          cell->position = gtk_list_item_get_position (list_item);
          cell->column = g_strdup (column);
          if (GTK_IS_LABEL (child))
            cell->text = g_strdup (gtk_label_get_label (GTK_LABEL (child)));
          else if (RT_IS_STATUS_BADGE (child))
            cell->text = g_strdup (rt_status_badge_get_label (RT_STATUS_BADGE (child)));
          else if (g_str_equal (column, "name"))
            cell->text = g_strdup (gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (child))));
          g_ptr_array_add (cells, cell);
          continue;
        }

      collect_cells (child, cells);
    }
}

static GPtrArray *
get_cells (RtWindow *window)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);

  collect_cells (GTK_WIDGET (window->column_view), cells);

  return cells;
}

static Cell *
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

/* The actions cell shows the menu button or, while busy, a spinner. */
static GtkStack *
get_actions_stack (Cell *cell)
{
  return GTK_STACK (gtk_widget_get_first_child (cell->widget));
}

typedef struct
{
  RtWindow *window;
  guint     n_rows;
} CellsReady;

/* The table has realized a cell for every row in every visible column. */
static gboolean
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

static RtWindow *
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

static void
close_window (Fixture *fixture)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* Replies still on their way hold the window until they arrive. */
  rt_test_wait_until (is_null ((gpointer *) &fixture->window));
}

static void
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

static RtSecret *
lookup_access_key (Fixture    *fixture,
                   const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtSecret *key;

  rt_secret_store_lookup_access_key_async (fixture->secret_store, server, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  key = rt_secret_store_lookup_access_key_finish (fixture->secret_store, result, &error);
  g_assert_no_error (error);

  return key;
}

static void
store_access_key (Fixture    *fixture,
                  const char *server,
                  const char *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) secret = rt_secret_new (key, -1);

  rt_secret_store_store_access_key_async (fixture->secret_store, server, secret, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_secret_store_store_access_key_finish (fixture->secret_store, result, &error));
  g_assert_no_error (error);
}

static void
assert_secret (RtSecret   *secret,
               const char *expected)
{
  g_assert_nonnull (secret);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, expected);
}

/* Signs in as the demo admin and waits for the six demo tokens. */
static RtWindow *
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
  "server-url", "visible-columns", "sort-column", "sort-descending",
  "window-width", "window-height", "window-maximized",
};

static void
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

static void
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
/* Sign-in and sign-out {{{ */

static gboolean
sign_in_failed (RtWindow *window)
{
  return !rt_sign_in_page_get_busy (window->sign_in_page) &&
         rt_sign_in_page_get_error (window->sign_in_page) != NULL;
}

static void
test_sign_in_success (Fixture       *fixture,
                      gconstpointer  user_data)
{
  RtWindow *window = open_window (fixture);
  g_autoptr(RtSecret) stored = NULL;
  g_autofree char *stored_url = NULL;
  GtkWidget *generate_button;

  /* Nothing stored: the welcome page, and no token actions. */
  rt_test_wait_until (shows_sign_in (window));
  g_assert_null (rt_window_get_account (window));
  g_assert_false (gtk_widget_get_visible (window->generate_squeezer));

  gtk_editable_set_text (get_server_row (window), fixture->service->url);
  gtk_editable_set_text (get_access_key_row (window), fixture->service->admin_key);
  g_signal_emit_by_name (get_access_key_row (window), "entry-activated");

  /* Checking: a spinner, and the fields insensitive. */
  g_assert_true (rt_sign_in_page_get_busy (window->sign_in_page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (get_server_row (window))));

  rt_test_wait_until (is_loaded (window));
  g_assert_cmpstr (rt_window_get_server (window), ==, fixture->service->url);
  g_assert_cmpstr (rt_account_get_project_name (rt_window_get_account (window)), ==, "Acme Robotics");
  g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==, "Acme Robotics");
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "Registry Tokens");
  g_assert_true (gtk_widget_get_visible (window->generate_squeezer));
  generate_button = find_descendant (window->generate_squeezer, GTK_TYPE_BUTTON, G_TYPE_INVALID);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (generate_button)), ==, "win.generate-token");

  /* Stored: the key in the keyring, the URL in the settings; the field is
   * emptied. */
  stored = lookup_access_key (fixture, fixture->service->url);
  assert_secret (stored, fixture->service->admin_key);
  stored_url = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (stored_url, ==, fixture->service->url);
  g_assert_cmpstr (gtk_editable_get_text (get_access_key_row (window)), ==, "");

  rt_test_wait_until (shows_table (window));
}

static void
test_sign_in_wrong_key (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char *wrong_key = "rtkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  RtWindow *window = open_window (fixture);
  g_autoptr(RtSecret) stored = NULL;
  g_autofree char *stored_url = NULL;
  GtkWidget *error_label;
  GtkWidget *hint_label;

  /* Before any error: where the URL and the key come from. */
  rt_test_wait_until (shows_sign_in (window));
  hint_label = find_with_class (GTK_WIDGET (window->sign_in_page), GTK_TYPE_LABEL, "caption");
  g_assert_nonnull (hint_label);
  g_assert_true (gtk_widget_get_visible (hint_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (hint_label)), "https://"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (hint_label)), "access key"));

  sign_in_with_page (window, fixture->service->url, wrong_key);
  rt_test_wait_until (sign_in_failed (window));

  /* The message under the fields; what was typed is kept. */
  g_assert_cmpstr (get_page (window), ==, "sign-in");
  error_label = find_with_class (GTK_WIDGET (window->sign_in_page), GTK_TYPE_LABEL, "error");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   rt_sign_in_page_get_error (window->sign_in_page));
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, fixture->service->url);
  g_assert_cmpstr (gtk_editable_get_text (get_access_key_row (window)), ==, wrong_key);
  g_assert_null (rt_window_get_account (window));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (get_server_row (window))));

  /* Nothing stored. */
  stored = lookup_access_key (fixture, fixture->service->url);
  g_assert_null (stored);
  stored_url = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (stored_url, ==, "");

  /* Editing a field clears the old error; the hint comes back. */
  gtk_editable_set_text (get_access_key_row (window), "rtkey_");
  g_assert_null (rt_sign_in_page_get_error (window->sign_in_page));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_visible (hint_label));
  gtk_editable_set_text (get_access_key_row (window), wrong_key);

  /* A URL that is not one never reaches the network; the focus goes where
   * it is fixed. */
  gtk_editable_set_text (get_server_row (window), "not a url");
  g_signal_emit_by_name (get_server_row (window), "entry-activated");
  rt_test_wait_until (sign_in_failed (window));
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, "not a url");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (get_server_row (window)), "error"));
  g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         GTK_WIDGET (get_server_row (window))));

  gtk_editable_set_text (get_server_row (window), "not a url either");
  g_assert_null (rt_sign_in_page_get_error (window->sign_in_page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (get_server_row (window)), "error"));
}

/* Whether @widget lies wholly inside @window's content, unscrolled. */
static gboolean
fully_visible (GtkWidget *widget,
               RtWindow  *window)
{
  graphene_rect_t bounds;
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  if (!gtk_widget_get_mapped (widget) || scroller == NULL ||
      !gtk_widget_compute_bounds (widget, scroller, &bounds))
    return FALSE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  return gtk_adjustment_get_value (adjustment) == 0 &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) &&
         gtk_widget_get_height (GTK_WIDGET (window)) <= 620;
}

/* At 620 px tall, Sign In shows whole without scrolling, at @scale times
 * the normal text size, and still with an error under the fields. */
static void
assert_sign_in_fits (Fixture *fixture,
                     double   scale)
{
  GtkSettings *settings = gtk_settings_get_default ();
  RtWindow *window;
  GtkWidget *button;
  int dpi;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);

  window = open_window (fixture);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 620);
  rt_test_wait_until (shows_sign_in (window));
  /* (Not by its style: the entry rows' hidden apply buttons share it.) */
  button = find_with_class (GTK_WIDGET (window->sign_in_page), GTK_TYPE_BUTTON, "pill");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "sign-in.submit");

  /* (The default size counts the frame too: the window is a little less.) */
  rt_test_wait_until (gtk_widget_get_height (GTK_WIDGET (window)) > 600 &&
                      fully_visible (button, window));
  rt_sign_in_page_set_error (window->sign_in_page, "The access key was not accepted. Check it, or create a new one.");
  rt_test_run_for (100);
  rt_test_wait_until (fully_visible (button, window));

  close_window (fixture);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static void
test_sign_in_fits (Fixture       *fixture,
                   gconstpointer  user_data)
{
  assert_sign_in_fits (fixture, 1.0);
  assert_sign_in_fits (fixture, 1.5);
}

static AdwMessageDialog *
find_message_dialog (RtWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_items = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Answers like a click on the button would, closing the dialog. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_autoptr(AdwMessageDialog) ref = g_object_ref (dialog);

  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWidget *
find_button_with_label (GtkWidget  *widget,
                        const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* GTK 4.8 names a button whose label has a mnemonic twice, "_Cancel Cancel":
 * its label property, underline and all, and its mnemonic label. The button
 * with @label must go by its mnemonic label alone. */
static void
assert_button_named_once (GtkWidget  *widget,
                          const char *label)
{
  GtkWidget *button = find_button_with_label (widget, label);

  g_assert_nonnull (button);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  g_autoptr(RtSecret) stored = NULL;
  g_autofree char *stored_url = NULL;
  AdwMessageDialog *dialog;

  stored = lookup_access_key (fixture, fixture->service->url);
  assert_secret (stored, fixture->service->admin_key);
  g_clear_pointer (&stored, rt_secret_unref);

  /* Cancelling changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  respond (dialog, "cancel");
  g_assert_nonnull (rt_window_get_account (window));
  g_assert_cmpstr (get_page (window), ==, "tokens");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  assert_button_named_once (GTK_WIDGET (dialog), "_Cancel");
  assert_button_named_once (GTK_WIDGET (dialog), "_Sign Out");
  respond (dialog, "sign-out");

  /* The table is cleared at once; the key is forgotten; the URL is kept. */
  g_assert_null (rt_window_get_account (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, 0);
  rt_test_wait_until (shows_sign_in (window));
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, fixture->service->url);
  g_assert_cmpstr (gtk_editable_get_text (get_access_key_row (window)), ==, "");
  g_assert_false (gtk_widget_get_visible (window->generate_squeezer));

  stored = lookup_access_key (fixture, fixture->service->url);
  g_assert_null (stored);
  stored_url = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (stored_url, ==, fixture->service->url);
}

/* Start-up with a stored URL: the key from the keyring signs in silently;
 * without one, the sign-in page has the URL filled in. */
static void
test_stored_sign_in (Fixture       *fixture,
                     gconstpointer  user_data)
{
  RtWindow *window;

  g_settings_set_string (fixture->settings, "server-url", fixture->service->url);

  window = open_window (fixture);
  rt_test_wait_until (shows_sign_in (window));
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, fixture->service->url);
  g_assert_null (rt_sign_in_page_get_error (window->sign_in_page));
  close_window (fixture);

  store_access_key (fixture, fixture->service->url, fixture->service->member_key);
  window = open_window (fixture);
  rt_test_wait_until (is_loaded (window));
  g_assert_cmpstr (rt_account_get_user_name (rt_window_get_account (window)), ==, "Mia Member");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, 3);
  rt_test_wait_until (shows_table (window));

  /* Members do not get the admin columns, nor their menu items. */
  g_assert_false (gtk_column_view_column_get_visible (rt_token_table_get_column (window->token_table, "type")));
  g_assert_false (gtk_column_view_column_get_visible (rt_token_table_get_column (window->token_table, "created-by")));
  /* (A disabled action ignores activation.) */
  gtk_widget_activate_action (GTK_WIDGET (window->token_table), "columns.type", NULL);
  {
    g_auto(GStrv) visible = g_settings_get_strv (fixture->settings, "visible-columns");

    g_assert_true (g_strv_contains ((const char * const *) visible, "type"));
  }
}

/* A key the server no longer accepts: back to sign-in, URL filled in, the
 * message shown. */
static void
test_stored_key_revoked (Fixture       *fixture,
                         gconstpointer  user_data)
{
  RtWindow *window;

  g_settings_set_string (fixture->settings, "server-url", fixture->service->url);
  store_access_key (fixture, fixture->service->url, "rtkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

  window = open_window (fixture);
  rt_test_wait_until (sign_in_failed (window));
  g_assert_cmpstr (get_page (window), ==, "sign-in");
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, fixture->service->url);
}

typedef struct
{
  Fixture  *fixture;
  gboolean  checked;
} ServerOptionRun;

static gboolean
server_option_check (gpointer user_data)
{
  ServerOptionRun *run = user_data;
  Fixture *fixture = run->fixture;
  GtkApplication *app = GTK_APPLICATION (fixture->app);
  RtWindow *window = RT_WINDOW (gtk_application_get_active_window (app));
  g_autoptr(RtSecret) stored = NULL;
  g_autofree char *stored_url = NULL;

  g_assert_nonnull (window);
  rt_test_wait_until (is_loaded (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, N_DEMO_TOKENS);
  g_assert_cmpstr (rt_window_get_server (window), ==, fixture->service->url);

  /* Used for this run only: not inherited, not stored. */
  g_assert_null (g_getenv ("REGISTRY_TOKENS_ACCESS_KEY"));
  stored = lookup_access_key (fixture, fixture->service->url);
  g_assert_null (stored);
  stored_url = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (stored_url, ==, "");

  run->checked = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
server_option_activate_cb (GApplication    *app,
                           ServerOptionRun *run)
{
  g_idle_add (server_option_check, run);
}

/* --server URL with REGISTRY_TOKENS_ACCESS_KEY, as build-aux/demo.sh runs it.
 * It runs the application itself, so in a process of its own. */
static void
test_server_option (Fixture       *fixture,
                    gconstpointer  user_data)
{
  ServerOptionRun run = { fixture, FALSE };
  char *argv[] = { (char *) "registry-tokens", (char *) "--server", fixture->service->url, NULL };
  int status;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_null (fixture->app);
  fixture->app = rt_application_new ();
  g_application_set_flags (G_APPLICATION (fixture->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (fixture->app, "activate", G_CALLBACK (server_option_activate_cb), &run);

  g_setenv ("REGISTRY_TOKENS_ACCESS_KEY", fixture->service->admin_key, TRUE);
  status = g_application_run (G_APPLICATION (fixture->app), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
}

/* }}} */
/* The table {{{ */

typedef struct
{
  const char *name;
  const char *end_date;
  const char *end_date_tooltip;
  const char *products;
  const char *created_on;
  const char *created_on_tooltip;
  const char *status;
  const char *status_class;
  const char *type;
  const char *created_for;
  const char *created_by;
} ExpectedRow;

/* Newest first, the default sort. */
static const ExpectedRow demo_rows[] = {
  { "ada-workstation", "Sep 14, 2027", "in 10 months", "Motion SDK, Vision Kit",
    "Nov 13, 2026", "5 days ago", "Active", "success", "User", "Ada Admin", "Ada Admin" },
  { "ci-pipeline", "Sep 14, 2027", "in 10 months", "Data Lake, Fleet Manager, Motion SDK, Vision Kit",
    "Nov 8, 2026", "10 days ago", "Active", "success", "User", "Mia Member", "Mia Member" },
  { "prod-cluster", "Sep 14, 2027", "in 10 months", "Data Lake, Fleet Manager, Motion SDK",
    "Oct 19, 2026", "30 days ago", "Active", "success", "Service", "deploy-bot", "Ada Admin" },
  { "staging-pull", "Dec 8, 2026", "in 20 days", "Vision Kit",
    "Sep 19, 2026", "2 months ago", "Expiring Soon", "warning", "User", "Mia Member", "Mia Member" },
  { "laptop-mia", "Oct 4, 2026", "1 month ago", "Edge OS",
    "May 2, 2026", "7 months ago", "Expired", "error", "User", "Mia Member", "Mia Member" },
  { "old-build-farm", "Oct 4, 2026", "1 month ago", "Edge OS",
    "Nov 18, 2025", "1 year ago", "Expired", "error", "User", "Ada Admin", "Ada Admin" },
};

static void
assert_cell (GPtrArray  *cells,
             guint       position,
             const char *column,
             const char *text,
             const char *tooltip)
{
  Cell *cell = find_cell (cells, position, column);

  g_assert_cmpstr (cell->text, ==, text);
  if (tooltip != NULL)
    g_assert_cmpstr (gtk_widget_get_tooltip_text (cell->widget), ==, tooltip);
}

static void
test_table_cells (Fixture       *fixture,
                  gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  CellsReady ready = { window, N_DEMO_TOKENS };
  g_autoptr(GPtrArray) cells = NULL;
  g_autofree char *names = NULL;
  const char *columns[] = {
    "name", "end-date", "products", "created-on", "last-used", "status", "type", "created-for",
    "created-by",
  };

  rt_test_wait_until (cells_ready (&ready));

  /* Admins see every column at this width. */
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_true (gtk_column_view_column_get_visible (rt_token_table_get_column (window->token_table, columns[i])));

  names = get_names (window);
  g_assert_cmpstr (names, ==, "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm");

  cells = get_cells (window);
  for (guint i = 0; i < G_N_ELEMENTS (demo_rows); i++)
    {
      const ExpectedRow *row = &demo_rows[i];
      Cell *status;
      Cell *actions;
      g_autofree char *actions_label = NULL;

      assert_cell (cells, i, "name", row->name, NULL);
      assert_cell (cells, i, "end-date", row->end_date, row->end_date_tooltip);
      assert_cell (cells, i, "products", row->products, NULL);
      assert_cell (cells, i, "created-on", row->created_on, row->created_on_tooltip);
      assert_cell (cells, i, "status", row->status, NULL);
      assert_cell (cells, i, "type", row->type, NULL);
      assert_cell (cells, i, "created-for", row->created_for, NULL);
      assert_cell (cells, i, "created-by", row->created_by, NULL);

      status = find_cell (cells, i, "status");
      g_assert_true (gtk_widget_has_css_class (status->widget, row->status_class));

      /* The row's menu button, named for screen readers. */
      actions = find_cell (cells, i, "actions");
      actions_label = g_strdup_printf ("Actions for %s", row->name);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_stack_get_child_by_name (get_actions_stack (actions), "menu")),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, actions_label);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (get_actions_stack (actions)), ==, "menu");
    }

  /* The products' tooltip lists them with their versions. */
  assert_cell (cells, 0, "products", "Motion SDK, Vision Kit", "Motion SDK 5.2\nVision Kit 3.0");

  /* Only ci-pipeline has logged in to the registry: yesterday at 18:00. */
  for (guint i = 0; i < G_N_ELEMENTS (demo_rows); i++)
    {
      if (g_str_equal (demo_rows[i].name, "ci-pipeline"))
        assert_cell (cells, i, "last-used", "yesterday", "Last registry login: Nov 17, 2026, 18:00");
      else
        assert_cell (cells, i, "last-used", "Never", "No registry login with this token yet");
    }
}

/* The saved-secret icon and the busy spinner follow the token. */
static void
test_table_token_state (Fixture       *fixture,
                        gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  CellsReady ready = { window, N_DEMO_TOKENS };
  g_autoptr(GPtrArray) cells = NULL;
  RtToken *token;
  GtkWidget *icon;
  Cell *actions;

  rt_test_wait_until (cells_ready (&ready));
  token = rt_token_store_find (rt_session_get_tokens (window->session), "tok_demo1", NULL);
  g_assert_nonnull (token);

  cells = get_cells (window);
  icon = gtk_widget_get_last_child (find_cell (cells, 1, "name")->widget);
  g_assert_true (GTK_IS_IMAGE (icon));
  g_assert_false (gtk_widget_get_visible (icon));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (icon), ==, "Secret saved in keyring");

  rt_token_set_has_saved_secret (token, TRUE);
  g_assert_true (gtk_widget_get_visible (icon));

  actions = find_cell (cells, 1, "actions");
  rt_token_set_busy (token, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_actions_stack (actions)), ==, "busy");
  rt_token_set_busy (token, FALSE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_actions_stack (actions)), ==, "menu");
}

typedef struct
{
  const char *column;
  const char *ascending;
  const char *descending;
} ExpectedSort;

static const ExpectedSort sorts[] = {
  { "name",
    "ada-workstation ci-pipeline laptop-mia old-build-farm prod-cluster staging-pull",
    "staging-pull prod-cluster old-build-farm laptop-mia ci-pipeline ada-workstation" },
  /* Soonest end first; equal ones stay newest first. */
  { "end-date",
    "laptop-mia old-build-farm staging-pull ada-workstation ci-pipeline prod-cluster",
    "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm" },
  { "products",
    "prod-cluster ci-pipeline laptop-mia old-build-farm ada-workstation staging-pull",
    "staging-pull ada-workstation laptop-mia old-build-farm ci-pipeline prod-cluster" },
  { "created-on",
    "old-build-farm laptop-mia staging-pull prod-cluster ci-pipeline ada-workstation",
    "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm" },
  /* Never used counts as oldest; equal ones keep the order sorted by before. */
  { "last-used",
    "ada-workstation prod-cluster staging-pull laptop-mia old-build-farm ci-pipeline",
    "ci-pipeline ada-workstation prod-cluster staging-pull laptop-mia old-build-farm" },
  /* Active, Expiring Soon, Expired. */
  { "status",
    "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm",
    "laptop-mia old-build-farm staging-pull ada-workstation ci-pipeline prod-cluster" },
  { "type",
    "prod-cluster ada-workstation ci-pipeline staging-pull laptop-mia old-build-farm",
    "ada-workstation ci-pipeline staging-pull laptop-mia old-build-farm prod-cluster" },
  { "created-for",
    "ada-workstation old-build-farm prod-cluster ci-pipeline staging-pull laptop-mia",
    "ci-pipeline staging-pull laptop-mia prod-cluster ada-workstation old-build-farm" },
  { "created-by",
    "ada-workstation prod-cluster old-build-farm ci-pipeline staging-pull laptop-mia",
    "ci-pipeline staging-pull laptop-mia ada-workstation prod-cluster old-build-farm" },
};

static void
test_table_sort (Fixture       *fixture,
                 gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtTokenTable *table = window->token_table;
  RtWindow *second;

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    {
      GtkColumnViewColumn *column = rt_token_table_get_column (table, sorts[i].column);
      g_autofree char *ascending = NULL;
      g_autofree char *descending = NULL;
      g_autofree char *saved = NULL;

      gtk_column_view_sort_by_column (window->column_view, column, GTK_SORT_ASCENDING);
      ascending = get_names (window);
      g_assert_cmpstr (ascending, ==, sorts[i].ascending);
      saved = g_settings_get_string (fixture->settings, "sort-column");
      g_assert_cmpstr (saved, ==, sorts[i].column);
      g_assert_false (g_settings_get_boolean (fixture->settings, "sort-descending"));

      gtk_column_view_sort_by_column (window->column_view, column, GTK_SORT_DESCENDING);
      descending = get_names (window);
      g_assert_cmpstr (descending, ==, sorts[i].descending);
      g_assert_true (g_settings_get_boolean (fixture->settings, "sort-descending"));
    }

  /* The chosen sort is remembered by the next window. */
  gtk_column_view_sort_by_column (window->column_view,
                                  rt_token_table_get_column (table, "name"),
                                  GTK_SORT_ASCENDING);
  close_window (fixture);
  second = open_window (fixture);
  rt_test_wait_until (is_loaded (second));
  {
    g_autofree char *names = get_names (second);

    g_assert_cmpstr (names, ==, sorts[0].ascending);
  }
}

typedef struct
{
  RtWindow *window;
  guint     n_items;
} Filtered;

static gboolean
filtered (Filtered *filtered)
{
  GtkFilterListModel *filter_model = rt_token_table_get_filter_model (filtered->window->token_table);

  return gtk_filter_list_model_get_pending (filter_model) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (filter_model)) == filtered->n_items;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  GtkFilterListModel *filter_model = rt_token_table_get_filter_model (window->token_table);
  Filtered expected = { window, 0 };
  g_autofree char *names = NULL;

  g_assert_true (gtk_filter_list_model_get_incremental (filter_model));
  rt_test_wait_until (shows_table (window));

  /* The tooltips name the shortcuts as GTK writes them, not from the .ui. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->search_button), ==, "Search (Ctrl+F)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->refresh_button), ==, "Refresh (F5)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->generate_icon_button), ==,
                   "Generate a New Token (Ctrl+N)");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (window->search_bar));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (window->search_button)));

  /* By product name… */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "vision");
  expected.n_items = 3;
  rt_test_wait_until (filtered (&expected));
  names = get_names (window);
  g_assert_cmpstr (names, ==, "ada-workstation ci-pipeline staging-pull");
  g_clear_pointer (&names, g_free);

  /* …and by token name, ignoring case. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "PIPE");
  expected.n_items = 1;
  rt_test_wait_until (filtered (&expected));
  names = get_names (window);
  g_assert_cmpstr (names, ==, "ci-pipeline");
  g_assert_cmpstr (get_content (window), ==, "table");

  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "no such thing");
  expected.n_items = 0;
  rt_test_wait_until (filtered (&expected));
  g_assert_cmpstr (get_content (window), ==, "no-results");

  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
  g_assert_cmpstr (get_content (window), ==, "table");

  /* Closing the search bar clears the search. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "edge");
  expected.n_items = 2;
  rt_test_wait_until (filtered (&expected));
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
}

static void
test_column_menu (Fixture       *fixture,
                  gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  GtkColumnViewColumn *products = rt_token_table_get_column (window->token_table, "products");
  GtkWidget *table = GTK_WIDGET (window->token_table);
  g_auto(GStrv) visible = NULL;
  GMenuModel *menu;

  g_assert_true (gtk_column_view_column_get_visible (products));
  menu = gtk_column_view_column_get_header_menu (products);
  g_assert_nonnull (menu);

  g_assert_true (gtk_widget_activate_action (table, "columns.products", NULL));
  visible = g_settings_get_strv (fixture->settings, "visible-columns");
  g_assert_false (g_strv_contains ((const char * const *) visible, "products"));
  g_assert_true (g_strv_contains ((const char * const *) visible, "status"));
  g_assert_false (gtk_column_view_column_get_visible (products));
  g_clear_pointer (&visible, g_strfreev);

  g_assert_true (gtk_widget_activate_action (table, "columns.products", NULL));
  visible = g_settings_get_strv (fixture->settings, "visible-columns");
  g_assert_true (g_strv_contains ((const char * const *) visible, "products"));
  g_assert_true (gtk_column_view_column_get_visible (products));

  /* The name column cannot be hidden: it has no action. */
  g_assert_false (gtk_widget_activate_action (table, "columns.name", NULL));
}

static gboolean
column_shown (RtWindow   *window,
              const char *column)
{
  return gtk_column_view_column_get_visible (rt_token_table_get_column (window->token_table, column));
}

typedef struct
{
  RtWindow *window;
  int       width;
} Layout;

/* The window has the width asked for, and the table has laid out its
 * columns for it: every row's menu button lies inside the window. */
static gboolean
laid_out (Layout *layout)
{
  g_autoptr(GPtrArray) cells = NULL;
  int n_actions = 0;
  int width = gtk_widget_get_width (GTK_WIDGET (layout->window));

  /* The default size counts the window's frame too; large text can make
   * the window's minimum wider than asked. */
  if (width < layout->width - 16 || !shows_table (layout->window))
    return FALSE;
  if (width > layout->width)
    g_test_message ("the window is %d px wide", width);

  cells = get_cells (layout->window);
  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (cells, i);
      GtkWidget *button;
      graphene_rect_t bounds;

      if (!g_str_equal (cell->column, "actions"))
        continue;

      button = gtk_stack_get_child_by_name (get_actions_stack (cell), "menu");
      if (!gtk_widget_compute_bounds (button, GTK_WIDGET (layout->window), &bounds) ||
          bounds.origin.x < 0 ||
          bounds.origin.x + bounds.size.width > width)
        return FALSE;
      n_actions++;
    }

  return n_actions == N_DEMO_TOKENS;
}

/* At every width and text scale the row menus show and no name is cut;
 * lower-priority columns give way first, and products shows from 600 px. */
static void
test_layout (Fixture       *fixture,
             gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  const int widths[] = { 360, 600, 960, 1280, 960 };
  const double scales[] = { 1.0, 1.5 };
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi;

  rt_test_wait_until (shows_table (window));
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      g_object_set (settings, "gtk-xft-dpi", (int) (dpi * scales[s]), NULL);

      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          Layout layout = { window, widths[w] };
          g_autoptr(GPtrArray) cells = NULL;

          g_test_message ("window %d px wide, text at %g×", widths[w], scales[s]);
          gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 600);
          wait_for_frames (window);
          rt_test_wait_until (laid_out (&layout));
          wait_for_frames (window);
          g_assert_true (laid_out (&layout));

          g_assert_true (column_shown (window, "name"));
          g_assert_true (column_shown (window, "status") || scales[s] > 1.0);
          g_assert_true (column_shown (window, "products") == (widths[w] >= 600));
          /* By priority: the admin columns go before the dates. */
          if (column_shown (window, "created-by"))
            g_assert_true (column_shown (window, "created-on"));
          if (column_shown (window, "created-on"))
            g_assert_true (column_shown (window, "end-date") && column_shown (window, "products"));
          if (column_shown (window, "last-used"))
            g_assert_true (column_shown (window, "created-on"));
          if (widths[w] >= 1280 && scales[s] == 1.0)
            g_assert_true (column_shown (window, "last-used"));

          /* The demo's names are short enough never to be ellipsized. */
          cells = get_cells (window);
          for (guint i = 0; i < cells->len; i++)
            {
              Cell *cell = g_ptr_array_index (cells, i);
              GtkWidget *label;

              if (!g_str_equal (cell->column, "name"))
                continue;
              label = gtk_widget_get_first_child (cell->widget);
              g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
            }
        }
    }

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

/* Column widths follow all the tokens, not the rows shown: a search keeps
 * them, and so does a re-sync. */
static void
test_stable_widths (Fixture       *fixture,
                    gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  const char *columns[] = { "name", "end-date", "products", "created-on", "status" };
  Filtered expected = { window, 1 };
  Layout layout = { window, 1100 };
  int before[G_N_ELEMENTS (columns)];

  rt_test_wait_until (laid_out (&layout));
  wait_for_frames (window);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      before[i] = gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, columns[i]));
      g_assert_cmpint (before[i], >, 0);
    }

  /* Only the token with the shortest name and products. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "laptop");
  rt_test_wait_until (filtered (&expected));
  wait_for_frames (window);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_cmpint (gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, columns[i])), ==, before[i]);

  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  rt_test_wait_until (!rt_token_store_get_loading (rt_session_get_tokens (window->session)));
  wait_for_frames (window);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_cmpint (gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, columns[i])), ==, before[i]);

  /* A width the user drags stays. */
  gtk_column_view_column_set_fixed_width (rt_token_table_get_column (window->token_table, "end-date"), before[1] + 40);
  wait_for_frames (window);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, "end-date")), ==, before[1] + 40);
}

/* }}} */
/* States {{{ */

static gboolean
shows_empty (RtWindow *window)
{
  return g_strcmp0 (get_page (window), "tokens") == 0 &&
         g_strcmp0 (get_content (window), "empty") == 0;
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *key = rt_test_service_add_key (fixture->service, "member");
  RtWindow *window = open_signed_in (fixture, fixture->service->url, key);

  rt_test_wait_until (shows_empty (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, 0);
  g_assert_true (gtk_widget_get_mapped (find_descendant (GTK_WIDGET (window->content_stack),
                                                         GTK_TYPE_BUTTON, G_TYPE_INVALID)));
}

static void
test_error_and_try_again (Fixture       *fixture,
                          gconstpointer  user_data)
{
  RtWindow *window;
  GtkWidget *try_again;

  fixture->proxy = proxy_new (fixture->service->url);

  /* Signed in once through the proxy, so the URL and key are stored. */
  window = open_signed_in (fixture, fixture->proxy->url, fixture->service->admin_key);
  rt_test_wait_until (shows_table (window));

  /* The service goes away while the table shows: it stays. */
  rt_test_service_stop (fixture->service);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (rt_token_store_get_loading (rt_session_get_tokens (window->session)));
  rt_test_wait_until (shows_table (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, N_DEMO_TOKENS);
  close_window (fixture);

  /* Starting while it is away: the error page. */
  window = open_window (fixture);
  rt_test_wait_until (shows_error (window));
  g_assert_nonnull (adw_status_page_get_description (window->error_page));
  g_assert_cmpstr (adw_status_page_get_description (window->error_page), !=, "");
  g_assert_null (rt_window_get_account (window));

  /* Back: Try Again recovers. Earlier keys stay valid over a restart. */
  rt_test_service_restart (fixture->service);
  proxy_set_upstream (fixture->proxy, fixture->service->url);
  try_again = find_descendant (GTK_WIDGET (window->error_page), GTK_TYPE_BUTTON, G_TYPE_INVALID);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (try_again)), ==, "win.refresh");
  gtk_widget_activate (try_again);
  rt_test_wait_until (is_loaded (window));
  rt_test_wait_until (shows_table (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, N_DEMO_TOKENS);
}

static gboolean
banner_shown (RtWindow *window)
{
  return gtk_revealer_get_child_revealed (window->error_banner);
}

static gboolean
banner_hidden (RtWindow *window)
{
  return !gtk_revealer_get_reveal_child (window->error_banner) &&
         !gtk_revealer_get_child_revealed (window->error_banner);
}

/* A refresh that fails while the table shows: the banner above it shows
 * the whole message, wrapped at a narrow width, and Try Again recovers. */
static void
test_refresh_error_banner (Fixture       *fixture,
                           gconstpointer  user_data)
{
  RtWindow *window;
  GtkWidget *try_again;
  PangoLayout *layout;
  int text_height;

  fixture->proxy = proxy_new (fixture->service->url);
  window = open_signed_in (fixture, fixture->proxy->url, fixture->service->admin_key);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  rt_test_wait_until (shows_table (window));
  g_assert_false (gtk_revealer_get_reveal_child (window->error_banner));

  rt_test_service_stop (fixture->service);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  rt_test_wait_until (banner_shown (window));
  rt_test_wait_until (shows_table (window));
  wait_for_frames (window);

  /* The whole message, as the client gave it, on as many lines as it takes. */
  g_test_message ("banner: %s", gtk_label_get_label (window->error_banner_label));
  g_assert_cmpint (strlen (gtk_label_get_label (window->error_banner_label)), >, 40);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->error_banner_label)));
  layout = gtk_label_get_layout (window->error_banner_label);
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (pango_layout_get_line_count (layout), >, 1);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->error_banner_label)), >=, text_height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window->error_banner)), <=,
                   gtk_widget_get_width (GTK_WIDGET (window)));

  /* Try Again, once the service is back: the banner goes. */
  rt_test_service_restart (fixture->service);
  proxy_set_upstream (fixture->proxy, fixture->service->url);
  try_again = find_descendant (GTK_WIDGET (window->error_banner), GTK_TYPE_BUTTON, G_TYPE_INVALID);
  g_assert_true (gtk_widget_get_mapped (try_again));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (try_again), GTK_ACCESSIBLE_PROPERTY_LABEL, "Try Again");
  gtk_widget_activate (try_again);
  rt_test_wait_until (banner_hidden (window));
  rt_test_wait_until (shows_table (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, N_DEMO_TOKENS);
}

static RtToken *
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

static void
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

static gboolean
is_refreshed (RtWindow *window)
{
  return !rt_token_store_get_loading (rt_session_get_tokens (window->session));
}

static gboolean
can_scroll (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 200;
}

static gboolean
is_scrolled (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) > 0;
}

/* A refresh updates in place: the selection and the scroll position stay,
 * a token added elsewhere appears, one deleted elsewhere goes. */
static void
test_refresh (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(RtClient) other = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  g_autoptr(RtToken) added = NULL;
  g_autoptr(RtToken) doomed = NULL;
  RtWindow *window;
  GtkAdjustment *vadjustment;
  RtToken *selected;
  double scrolled_to;
  guint n_items;

  /* Enough rows to scroll; sorted by name so that the changes below happen
   * after the rows in view. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("build-%02u", i);
      g_autoptr(RtToken) token = create_token (other, name);
    }
  doomed = create_token (other, "zz-doomed");
  g_settings_set_string (fixture->settings, "sort-column", "name");
  g_settings_set_boolean (fixture->settings, "sort-descending", FALSE);

  window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 500);
  rt_test_wait_until (shows_table (window));
  n_items = g_list_model_get_n_items (G_LIST_MODEL (window->selection));
  g_assert_cmpuint (n_items, ==, N_DEMO_TOKENS + 41);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 20, TRUE);
  selected = gtk_single_selection_get_selected_item (window->selection);
  /* ada-workstation, then build-00… */
  g_assert_cmpstr (rt_token_get_name (selected), ==, "build-19");

  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (window->column_view));
  rt_test_wait_until (can_scroll (vadjustment));
  gtk_adjustment_set_value (vadjustment, 200);
  rt_test_wait_until (is_scrolled (vadjustment));
  scrolled_to = gtk_adjustment_get_value (vadjustment);

  added = create_token (other, "zz-added");
  delete_token (other, rt_token_get_id (doomed));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (rt_token_store_get_loading (rt_session_get_tokens (window->session)));
  rt_test_wait_until (is_refreshed (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_nonnull (rt_token_store_find (rt_session_get_tokens (window->session), rt_token_get_id (added), NULL));
  g_assert_null (rt_token_store_find (rt_session_get_tokens (window->session), rt_token_get_id (doomed), NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, n_items);

  g_assert_true (gtk_single_selection_get_selected_item (window->selection) == selected);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 20);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, scrolled_to);
}

/* The actions (with their token id) of a token menu, as "action(id)". */
static void
collect_menu_actions (GMenuModel *menu,
                      GString    *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      if (section != NULL)
        {
          collect_menu_actions (section, actions);
          continue;
        }

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_assert_nonnull (target);
      g_string_append_printf (actions, "%s%s(%s)", actions->len > 0 ? " " : "",
                              action, g_variant_get_string (target, NULL));
    }
}

static GtkPopover *
find_context_menu (RtWindow *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->token_table));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER_MENU (child))
        return GTK_POPOVER (child);
    }

  return NULL;
}

/* The keyboard's context menu and Delete act on the selected token. */
static void
test_keyboard_on_selected (Fixture       *fixture,
                           gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  GtkWidget *table;
  GtkPopover *context_menu;
  AdwMessageDialog *dialog;
  RtToken *token;
  Filtered expected = { window, 0 };
  g_autoptr(GString) actions = g_string_new (NULL);

  rt_test_wait_until (shows_table (window));
  table = GTK_WIDGET (window->token_table);

  /* No row selected or focused: nothing happens. */
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_activate_action (table, "table.delete-selected", NULL));
  g_assert_null (find_message_dialog (window));

  /* A search drops rows, and with them their name cells: the menu must not
   * look for its row among the cells of rows that are gone. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "PIPE");
  expected.n_items = 1;
  rt_test_wait_until (filtered (&expected));
  wait_for_frames (window);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
  wait_for_frames (window);
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);

  /* ci-pipeline, second newest. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 1, TRUE);
  token = gtk_single_selection_get_selected_item (window->selection);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_demo1");

  g_assert_true (gtk_widget_activate_action (table, "table.popup-menu", NULL));
  context_menu = find_context_menu (window);
  g_assert_nonnull (context_menu);
  rt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (context_menu)));
  collect_menu_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (context_menu)), actions);
  g_assert_cmpstr (actions->str, ==,
                   "win.resync-products(tok_demo1) win.regenerate-secret(tok_demo1) "
                   "win.copy-name(tok_demo1) win.delete-token(tok_demo1)");
  gtk_popover_popdown (context_menu);

  /* With a saved secret, its access can be checked and it can be forgotten. */
  rt_token_set_has_saved_secret (token, TRUE);
  g_assert_true (gtk_widget_activate_action (table, "table.popup-menu", NULL));
  g_string_truncate (actions, 0);
  collect_menu_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (context_menu)), actions);
  g_assert_cmpstr (actions->str, ==,
                   "win.resync-products(tok_demo1) win.regenerate-secret(tok_demo1) "
                   "win.copy-name(tok_demo1) win.check-access(tok_demo1) "
                   "win.forget-secret(tok_demo1) win.delete-token(tok_demo1)");
  gtk_popover_popdown (context_menu);

  g_assert_true (gtk_widget_activate_action (table, "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “ci-pipeline”?");
  respond (dialog, "cancel");
  g_assert_nonnull (rt_token_store_find (rt_session_get_tokens (window->session), "tok_demo1", NULL));

  /* A busy token's actions are disabled. */
  rt_token_set_busy (token, TRUE);
  g_assert_true (gtk_widget_activate_action (table, "table.delete-selected", NULL));
  g_assert_null (find_message_dialog (window));
  rt_token_set_busy (token, FALSE);
}

/* Moves the focus as Tab does: on from the focus, and round again from the
 * start once it has gone through everything. */
static void
press_tab (RtWindow *window)
{
  if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
    {
      gtk_root_set_focus (GTK_ROOT (window), NULL);
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
    }
}

static gboolean
focus_in_table (RtWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (window->token_table));
}

/* The row widget of @position's name cell, where the focus goes by arrow. */
static GtkWidget *
get_row (RtWindow *window,
         guint     position)
{
  g_autoptr(GPtrArray) cells = get_cells (window);

  return gtk_widget_get_parent (gtk_widget_get_parent (find_cell (cells, position, "name")->widget));
}

/* The table is one Tab stop, however many rows it has: the rows' menu
 * buttons are reached from their row (Menu, Shift+F10), not by Tab. */
static void
test_keyboard_one_tab_stop (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(RtClient) other = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  RtWindow *window;
  int n_tabs;

  for (guint i = 0; i < 100 - N_DEMO_TOKENS; i++)
    {
      g_autofree char *name = g_strdup_printf ("keyboard-%02u", i);
      g_autoptr(RtToken) token = create_token (other, name);
    }

  window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  rt_test_wait_until (shows_table (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, 100);
  wait_for_frames (window);

  /* Into the table by Tab, from wherever the focus starts. */
  for (n_tabs = 0; n_tabs < 50 && !focus_in_table (window); n_tabs++)
    press_tab (window);
  g_assert_true (focus_in_table (window));

  for (n_tabs = 1; n_tabs <= 200; n_tabs++)
    {
      press_tab (window);
      if (!focus_in_table (window))
        break;
    }
  g_assert_cmpint (n_tabs, ==, 1);

  /* The menu buttons are there for the pointer and screen readers. */
  {
    g_autoptr(GPtrArray) cells = get_cells (window);
    GtkWidget *button = gtk_stack_get_child_by_name (get_actions_stack (find_cell (cells, 0, "actions")), "menu");

    g_assert_false (gtk_widget_get_focusable (button));
    g_assert_true (gtk_widget_get_can_target (button));
    g_autoptr(RtToken) first = g_list_model_get_item (G_LIST_MODEL (window->selection), 0);
    g_autofree char *label = g_strdup_printf ("Actions for %s", rt_token_get_name (first));

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  }
}

/* Delete and the menu act on the row with the focus, or on the row whose
 * menu button was opened, not on some other selected row. */
static void
test_keyboard_focus_row (Fixture       *fixture,
                         gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  CellsReady ready = { window, N_DEMO_TOKENS };
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GString) actions = g_string_new (NULL);
  GtkMenuButton *button;
  GtkPopover *popover;
  GtkPopover *context_menu;
  AdwMessageDialog *dialog;
  g_autoptr(RtToken) prod_cluster = NULL;
  g_autofree char *expected_action = NULL;

  rt_test_wait_until (cells_ready (&ready));
  /* ada-workstation selected… */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 0, TRUE);

  /* …the focus on prod-cluster's row, as the arrows put it. */
  prod_cluster = g_list_model_get_item (G_LIST_MODEL (window->selection), 2);
  g_assert_cmpstr (rt_token_get_name (prod_cluster), ==, "prod-cluster");
  expected_action = g_strdup_printf ("win.resync-products(%s)", rt_token_get_id (prod_cluster));
  g_assert_true (gtk_widget_grab_focus (get_row (window, 2)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->token_table), "table.popup-menu", NULL));
  context_menu = find_context_menu (window);
  rt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (context_menu)));
  collect_menu_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (context_menu)), actions);
  g_assert_true (g_str_has_prefix (actions->str, expected_action));
  gtk_popover_popdown (context_menu);

  g_assert_true (gtk_widget_grab_focus (get_row (window, 2)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->token_table), "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “prod-cluster”?");
  respond (dialog, "cancel");

  /* From laptop-mia's menu button, opened as a click does: Delete pressed
   * in its menu reaches the table through the button. */
  cells = get_cells (window);
  button = GTK_MENU_BUTTON (gtk_stack_get_child_by_name (get_actions_stack (find_cell (cells, 4, "actions")), "menu"));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  rt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (popover), "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “laptop-mia”?");
  respond (dialog, "cancel");
  gtk_menu_button_popdown (button);
}

/* }}} */

typedef struct
{
  gboolean done;
  char    *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (ClipboardRead *read)
{
  return read->done;
}

/* The text on the display's clipboard, or NULL when it offers none. */
static char *
read_clipboard_text (void)
{
  ClipboardRead read = { FALSE, NULL };

  gdk_clipboard_read_text_async (gdk_display_get_clipboard (gdk_display_get_default ()),
                                 NULL, clipboard_read_cb, &read);
  rt_test_wait_until (clipboard_read_done (&read));

  return read.text;
}

static void
test_clipboard_cleared_with_window (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  RtWindow *window = open_window (fixture);
  g_autoptr(RtSecret) secret = rt_secret_new ("rtsec_copied_from_the_window", -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Copied, with the default 30 s timeout still far away... */
  g_assert_true (rt_clipboard_copy_secret (window->clipboard,
                                           gtk_widget_get_clipboard (GTK_WIDGET (window)),
                                           secret));
  before = read_clipboard_text ();
  g_assert_cmpstr (before, ==, "rtsec_copied_from_the_window");

  /* ...and gone when the window goes, as on quit. */
  close_window (fixture);
  after = read_clipboard_text ();
  g_assert_true (after == NULL || after[0] == '\0');
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("RT_FAKE_NOW", NOW, TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* Xvfb has no window manager, so no window is ever "active"; GtkText's
   * cursor-blink timer then warns that a focused entry "did not receive a
   * focus-out event", which gtk_test_init makes fatal. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/window/sign-in/success", test_sign_in_success);
  ADD ("/window/sign-in/wrong-key", test_sign_in_wrong_key);
  ADD ("/window/sign-in/fits", test_sign_in_fits);
  ADD ("/window/sign-in/stored", test_stored_sign_in);
  ADD ("/window/sign-in/stored-key-revoked", test_stored_key_revoked);
  ADD ("/window/sign-in/server-option", test_server_option);
  ADD ("/window/sign-out", test_sign_out);
  ADD ("/window/table/cells", test_table_cells);
  ADD ("/window/table/token-state", test_table_token_state);
  ADD ("/window/table/sort", test_table_sort);
  ADD ("/window/table/search", test_search);
  ADD ("/window/table/column-menu", test_column_menu);
  ADD ("/window/table/layout", test_layout);
  ADD ("/window/table/stable-widths", test_stable_widths);
  ADD ("/window/state/empty", test_empty);
  ADD ("/window/state/error-and-try-again", test_error_and_try_again);
  ADD ("/window/state/refresh-error-banner", test_refresh_error_banner);
  ADD ("/window/refresh", test_refresh);
  ADD ("/window/keyboard-on-selected", test_keyboard_on_selected);
  ADD ("/window/keyboard/one-tab-stop", test_keyboard_one_tab_stop);
  ADD ("/window/keyboard/focus-row", test_keyboard_focus_row);
  ADD ("/window/clipboard-cleared-with-window", test_clipboard_cleared_with_window);

#undef ADD

  status = g_test_run ();

  g_clear_object (&application);

  return status;
}
