/* test-window.c: the main window against the reference service, under Xvfb: sign-in, states, refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-test-util.h"
#include "rt-test-window.h"

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

  /* Stored: the key in the keyring, the URL in the account's settings; the
   * field is emptied. */
  stored = lookup_access_key (fixture, fixture->service->url, "u_ada");
  assert_secret (stored, fixture->service->admin_key);
  stored_url = saved_servers (fixture);
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
  stored = lookup_access_key (fixture, fixture->service->url, "u_ada");
  g_assert_null (stored);
  stored_url = saved_servers (fixture);
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

  stored = lookup_access_key (fixture, fixture->service->url, "u_ada");
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

  /* The table is cleared at once; the key and the account are forgotten;
   * the page keeps the URL. */
  g_assert_null (rt_window_get_account (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session))), ==, 0);
  rt_test_wait_until (shows_sign_in (window));
  g_assert_cmpstr (gtk_editable_get_text (get_server_row (window)), ==, fixture->service->url);
  g_assert_cmpstr (gtk_editable_get_text (get_access_key_row (window)), ==, "");
  g_assert_false (gtk_widget_get_visible (window->generate_squeezer));

  stored = lookup_access_key (fixture, fixture->service->url, "u_ada");
  g_assert_null (stored);
  stored_url = saved_servers (fixture);
  g_assert_cmpstr (stored_url, ==, "");
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
    g_auto(GStrv) visible = g_settings_get_strv (view_settings (window), "visible-columns");

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
  stored = lookup_access_key (fixture, fixture->service->url, "u_ada");
  g_assert_null (stored);
  stored_url = saved_servers (fixture);
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

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;

  return G_SOURCE_CONTINUE;
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
  guint frames = 0;
  guint tick;

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
  /* Every row built and laid out, so that the scroll range is the real one
   * rather than GTK's guess from the rows built so far. */
  rt_test_wait_until (rt_token_table_get_caught_up (window->token_table));
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window->column_view), count_frame, &frames, NULL);
  rt_test_wait_until (frames >= 3);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window->column_view), tick);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 20, TRUE);
  selected = rt_token_table_get_selected_token (window->token_table);
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

  g_assert_true (rt_token_table_get_selected_token (window->token_table) == selected);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (window->selection), 20));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, scrolled_to);
}
/* }}} */
/* The clipboard {{{ */

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

/* }}} */

int
main (int   argc,
      char *argv[])
{
  rt_test_window_init (&argc, &argv);

  ADD ("/window/sign-in/success", test_sign_in_success);
  ADD ("/window/sign-in/wrong-key", test_sign_in_wrong_key);
  ADD ("/window/sign-in/fits", test_sign_in_fits);
  ADD ("/window/sign-in/stored", test_stored_sign_in);
  ADD ("/window/sign-in/stored-key-revoked", test_stored_key_revoked);
  ADD ("/window/sign-in/server-option", test_server_option);
  ADD ("/window/sign-out", test_sign_out);
  ADD ("/window/state/empty", test_empty);
  ADD ("/window/state/error-and-try-again", test_error_and_try_again);
  ADD ("/window/state/refresh-error-banner", test_refresh_error_banner);
  ADD ("/window/refresh", test_refresh);
  ADD ("/window/clipboard-cleared-with-window", test_clipboard_cleared_with_window);

  return rt_test_window_run ();
}
