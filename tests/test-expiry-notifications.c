/* test-expiry-notifications.c: expiry warnings as the notification server receives them
 *
 * The real application, the real reference service (through a proxy whose
 * URL stays when the service restarts on another day), a real keyring, and
 * org.gtk.Notifications owned by this process on the private session bus:
 * GApplication sends its notifications there when that name has an owner,
 * so each AddNotification and RemoveNotification is recorded as the desktop
 * would receive it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "rt-application.h"
#include "rt-background.h"
#include "rt-expiry-watch.h"
#include "rt-preferences-window.h"
#include "rt-secret-store.h"
#include "rt-test-keyring.h"
#include "rt-test-proxy.h"
#include "rt-test-service.h"
#include "rt-test-util.h"
#include "rt-window-private.h"

#define DAY_1 "2026-11-18T08:00:00Z"
#define DAY_1_EVENING "2026-11-18T20:00:00Z"
#define DAY_2 "2026-12-09T08:00:00Z"

static RtTestService *service;
static Proxy *proxy;
static RtApplication *app;
static GDBusConnection *server_bus;
/* What the notification server received, one line a call. */
static GPtrArray *calls;
/* What the Background portal was asked, one line a call, and how it answers. */
static GPtrArray *portal_calls;
static guint32 portal_response;
static char *config_home;
static char *data_home;

/* --- The notification server ------------------------------------------------ */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static char *
lookup_string (GVariant   *dict,
               const char *key)
{
  const char *value = NULL;

  return g_variant_lookup (dict, key, "&s", &value) ? g_strdup (value) : g_strdup ("(none)");
}

static void
notifications_method_call (GDBusConnection       *connection,
                           const char            *sender,
                           const char            *object_path,
                           const char            *interface_name,
                           const char            *method_name,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation,
                           gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    {
      const char *app_id;
      const char *id;
      g_autoptr(GVariant) notification = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autoptr(GVariant) buttons = NULL;
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;
      g_autofree char *action = NULL;
      g_autofree char *target_text = NULL;
      g_autofree char *button = g_strdup ("(none)");

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &notification);
      g_assert_cmpstr (app_id, ==, APPLICATION_ID);
      title = lookup_string (notification, "title");
      body = lookup_string (notification, "body");
      action = lookup_string (notification, "default-action");
      target = g_variant_lookup_value (notification, "default-action-target", NULL);
      target_text = target != NULL ? g_variant_print (target, TRUE) : g_strdup ("(none)");
      buttons = g_variant_lookup_value (notification, "buttons", G_VARIANT_TYPE ("aa{sv}"));
      if (buttons != NULL && g_variant_n_children (buttons) == 1)
        {
          g_autoptr(GVariant) first = g_variant_get_child_value (buttons, 0);
          g_autofree char *label = lookup_string (first, "label");
          g_autofree char *button_action = lookup_string (first, "action");

          g_free (button);
          button = g_strdup_printf ("%s→%s", label, button_action);
        }

      g_ptr_array_add (calls, g_strdup_printf ("add %s | %s | %s | %s %s | %s",
                                               id, title, body, action, target_text, button));
    }
  else
    {
      const char *id;

      g_variant_get (parameters, "(&s&s)", NULL, &id);
      g_ptr_array_add (calls, g_strdup_printf ("remove %s", id));
    }

  g_test_message ("notification server: %s", (char *) g_ptr_array_index (calls, calls->len - 1));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

/* --- The Background portal ---------------------------------------------------- */

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "      <arg type='o' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* Answers as xdg-desktop-portal does: the Request's path from the caller's
 * name and handle_token, then its Response signal. */
static void
portal_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GVariant) commandline = NULL;
  g_autofree char *commandline_text = NULL;
  g_autofree char *caller = g_strdup (sender + 1);
  g_autofree char *handle = NULL;
  const char *token = "none";
  const char *reason = "";
  gboolean autostart = FALSE;
  GVariantBuilder results;

  g_variant_get (parameters, "(&s@a{sv})", NULL, &options);
  g_variant_lookup (options, "handle_token", "&s", &token);
  g_variant_lookup (options, "reason", "&s", &reason);
  g_variant_lookup (options, "autostart", "b", &autostart);
  commandline = g_variant_lookup_value (options, "commandline", G_VARIANT_TYPE_STRING_ARRAY);
  commandline_text = commandline != NULL ? g_variant_print (commandline, FALSE) : g_strdup ("(none)");
  g_ptr_array_add (portal_calls, g_strdup_printf ("autostart=%s commandline=%s reason=%s",
                                                  autostart ? "true" : "false",
                                                  commandline_text, reason));

  g_strdelimit (caller, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", caller, token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (portal_response == 0));
  g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (portal_response == 0 && autostart));
  g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})", portal_response, &results), NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Owns org.gtk.Notifications on a connection of its own, as a notification
 * server in another process would. */
static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  gboolean acquired = FALSE;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  server_bus = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (server_bus, "/org/gtk/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);

  g_bus_own_name_on_connection (server_bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, NULL, &acquired, NULL);
  rt_test_wait_until (acquired);

  {
    static const GDBusInterfaceVTable portal_vtable = { portal_method_call, NULL, NULL, { 0 } };
    g_autoptr(GDBusNodeInfo) portal_info = g_dbus_node_info_new_for_xml (portal_xml, &error);

    g_assert_no_error (error);
    g_dbus_connection_register_object (server_bus, "/org/freedesktop/portal/desktop",
                                       portal_info->interfaces[0], &portal_vtable, NULL, NULL, &error);
    g_assert_no_error (error);
    acquired = FALSE;
    g_bus_own_name_on_connection (server_bus, "org.freedesktop.portal.Desktop", G_BUS_NAME_OWNER_FLAGS_NONE,
                                  name_acquired_cb, NULL, &acquired, NULL);
    rt_test_wait_until (acquired);
    portal_calls = g_ptr_array_new_with_free_func (g_free);
  }

  calls = g_ptr_array_new_with_free_func (g_free);
}

static void sync_with_bus (void);

/* The calls received since the last time, one a line, once there are at
 * least @n_expected and nothing else is on its way. */
static char *
take_calls (guint n_expected)
{
  g_autoptr(GString) out = g_string_new (NULL);

  rt_test_wait_until (calls->len >= n_expected);
  sync_with_bus ();

  for (guint i = 0; i < calls->len; i++)
    {
      g_string_append (out, g_ptr_array_index (calls, i));
      g_string_append_c (out, '\n');
    }
  g_ptr_array_set_size (calls, 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A D-Bus round trip to the bus and back: what the app sent before it has
 * reached the server's connection by then. */
static void
sync_with_bus (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GDBusConnection *app_bus = g_application_get_dbus_connection (G_APPLICATION (app));

  /* The app's messages are in order on its connection; a call through it
   * to the server's connection arrives after them. */
  g_dbus_connection_call (app_bus, g_dbus_connection_get_unique_name (server_bus),
                          "/org/freedesktop/DBus", "org.freedesktop.DBus.Peer", "Ping",
                          NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          rt_test_async_ready, &result);
  reply = g_dbus_connection_call_finish (app_bus, rt_test_wait_result (&result), &error);
  g_assert_no_error (error);

  /* GDBus answers Ping in its own thread; the calls it received before
   * wait in the main context. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* --- Helpers ------------------------------------------------------------------- */

/* As a single-account version saved it: the account list migrates it. */
static void
store_access_key (const char *key)
{
  rt_test_store_unkeyed_access_key (proxy->url, key);
}

/* One background check, as the twice-daily timer runs it. */
static void
background_check (void)
{
  RtBackground *background = rt_application_get_background (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rt_background_check_async (background, NULL, rt_test_async_ready, &result);
  g_assert_true (rt_background_check_finish (background, rt_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static char *
expected_add (const char *token_id,
              const char *title,
              const char *body)
{
  g_autofree char *id = NULL;

  /* The admin demo user, u_ada, on the proxy's URL. */
  id = rt_expiry_notifier_dup_notification_id (proxy->url, "u_ada", token_id);
  g_assert_true (g_str_has_suffix (id, token_id));

  /* The action names the account as well as the token. */
  return g_strdup_printf ("add %s | %s | %s | app.open-token ('%s', 'u_ada', '%s') | Open→app.open-token\n",
                          id, title, body, proxy->url, token_id);
}

static char *
state_file_contents (void)
{
  g_autofree char *path = rt_expiry_watch_dup_default_path ();
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_str_has_prefix (path, data_home));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  return contents;
}

/* --- Tests ------------------------------------------------------------------- */

#define SOON_BODY "Its subscription ends in 20 days, on Dec 8, 2026. Renew it to keep pulling images with this token."
#define LATER_BODY "Its subscription ends in 10 months, on Sep 14, 2027. Renew it to keep pulling images with this token."
#define ENDED_BODY "Its subscription ended on Dec 8, 2026. Images can no longer be pulled with this token."

static char *
expected_remove (const char *token_id)
{
  g_autofree char *id = rt_expiry_notifier_dup_notification_id (proxy->url, "u_ada", token_id);

  return g_strdup_printf ("remove %s\n", id);
}

/* Day 1: staging-pull, the one token whose subscriptions all end in 20
 * days, is warned about once; twelve hours later, and after a restart,
 * nothing again. With "expiring soon" at 365 days the three tokens whose
 * subscriptions end in 300 days are warned about; back at 30, those
 * warnings are withdrawn. Day 2: staging-pull's subscription has ended, and
 * it is warned about once more. The two tokens that had expired before the
 * app first looked are never mentioned. */
static void
test_two_days (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = rt_expiry_watch_dup_default_path ();

  g_settings_set_string (settings, "server-url", proxy->url);
  store_access_key (service->admin_key);

  g_setenv ("RT_FAKE_NOW", DAY_1, TRUE);
  background_check ();
  text = take_calls (1);
  expected = expected_add ("tok_demo3", "staging-pull stops working on Dec 9", SOON_BODY);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* The state: ids and dates, no secret, no key. */
  state = state_file_contents ();
  g_assert_nonnull (strstr (state, "2026-12-08 tok_demo3"));
  g_assert_null (strstr (state, service->admin_key));
  g_assert_null (strstr (state, service->member_key));
  g_assert_null (strstr (state, "rtkey_"));
  g_assert_null (strstr (state, "rtsec_"));

  /* The second check of the day. */
  g_setenv ("RT_FAKE_NOW", DAY_1_EVENING, TRUE);
  background_check ();
  text = take_calls (0);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* A restart: a new notifier reads the same file and warns about nothing. */
  {
    g_autoptr(RtExpiryNotifier) restarted = rt_expiry_notifier_new (G_APPLICATION (app));
    g_autoptr(RtSession) session = rt_session_new ();
    g_autoptr(RtSecret) key = rt_secret_new (service->admin_key, -1);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    rt_session_sign_in_async (session, proxy->url, key, NULL, rt_test_async_ready, &result);
    g_assert_true (rt_session_sign_in_finish (session, rt_test_wait_result (&result), &error));
    g_assert_no_error (error);
    rt_test_wait_until (rt_session_get_state (session) == RT_SESSION_STATE_READY);

    rt_expiry_notifier_check (restarted, session);
    text = take_calls (0);
    g_assert_cmpstr (text, ==, "");
    g_clear_pointer (&text, g_free);

    /* Without the file, the same warning again: the file is what remembers. */
    g_assert_cmpint (g_remove (path), ==, 0);
    rt_expiry_notifier_check (restarted, session);
    text = take_calls (1);
    g_assert_cmpstr (text, ==, expected);
    g_clear_pointer (&text, g_free);
  }
  g_clear_pointer (&expected, g_free);

  /* "Expiring soon" from the preferences. */
  g_settings_set_uint (settings, "expiring-soon-days", 365);
  background_check ();
  text = take_calls (3);
  {
    g_autofree char *add1 = expected_add ("tok_demo1", "ci-pipeline stops working on Sep 15", LATER_BODY);
    g_autofree char *add4 = expected_add ("tok_demo4", "prod-cluster stops working on Sep 15", LATER_BODY);
    g_autofree char *add6 = expected_add ("tok_demo6", "ada-workstation stops working on Sep 15", LATER_BODY);

    expected = g_strconcat (add1, add4, add6, NULL);
  }
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  g_settings_reset (settings, "expiring-soon-days");
  background_check ();
  text = take_calls (3);
  {
    g_autofree char *remove1 = expected_remove ("tok_demo1");
    g_autofree char *remove4 = expected_remove ("tok_demo4");
    g_autofree char *remove6 = expected_remove ("tok_demo6");

    expected = g_strconcat (remove1, remove4, remove6, NULL);
  }
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* Day 2: the service too lives on that day now. Its keys are new. */
  g_free (service->now);
  service->now = g_strdup (DAY_2);
  rt_test_service_restart (service);
  g_free (proxy->upstream);
  proxy->upstream = g_strdup (service->url);
  store_access_key (service->admin_key);
  g_setenv ("RT_FAKE_NOW", DAY_2, TRUE);

  background_check ();
  text = take_calls (1);
  expected = expected_add ("tok_demo3", "staging-pull has stopped working", ENDED_BODY);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  background_check ();
  text = take_calls (0);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  g_clear_pointer (&state, g_free);
  state = state_file_contents ();
  g_assert_null (strstr (state, service->admin_key));
  g_assert_nonnull (strstr (state, "expired=2026-12-08 tok_demo3"));
}

/* The notification's action, as the desktop activates it over D-Bus: a
 * window opens, signs in from the keyring, and selects that token. */
static void
test_open (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  RtWindow *window = NULL;
  GVariantBuilder parameter;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_variant_builder_init (&parameter, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameter, "v", g_variant_new ("(sss)", proxy->url, "u_ada", "tok_demo3"));
  g_dbus_connection_call (server_bus, APPLICATION_ID,
                          g_application_get_dbus_object_path (G_APPLICATION (app)),
                          "org.freedesktop.Application", "ActivateAction",
                          g_variant_new ("(sava{sv})", "open-token", &parameter, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          rt_test_async_ready, &result);
  reply = g_dbus_connection_call_finish (server_bus, rt_test_wait_result (&result), &error);
  g_assert_no_error (error);

  rt_test_wait_until (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  window = RT_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  rt_test_wait_until (rt_window_get_account (window) != NULL &&
                      window->pending_token_id == NULL);

  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (window->selection));
    g_autoptr(RtToken) token = NULL;

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
    token = g_list_model_get_item (G_LIST_MODEL (window->selection), gtk_bitset_get_nth (selected, 0));
    g_assert_cmpstr (rt_token_get_id (token), ==, "tok_demo3");
  }

  /* The window's own check found nothing new. */
  sync_with_bus ();
  g_assert_cmpuint (calls->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  rt_test_wait_until (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);
}

/* How many expiry checks the log shows so far. */
static guint
count_checks (void)
{
  const char *log = rt_test_get_captured_log ();
  guint n = 0;

  for (const char *p = strstr (log, " for expiry: "); p != NULL; p = strstr (p + 1, " for expiry: "))
    n++;

  return n;
}

/* The Preferences switch writes and removes the autostart entry, and holds
 * the application while it is on. */
static void
test_autostart (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  RtPreferencesWindow *preferences = rt_preferences_window_new (NULL);
  RtBackground *background = rt_application_get_background (app);
  GtkSwitch *toggle;
  g_autofree char *path = rt_background_dup_autostart_path ();
  g_autofree char *expected_path = g_build_filename (config_home, "autostart", APPLICATION_ID ".desktop", NULL);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *contents = NULL;
  guint n_checks;

  g_assert_cmpstr (path, ==, expected_path);
  toggle = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                      RT_TYPE_PREFERENCES_WINDOW,
                                                      "warn_in_background_switch"));
  g_assert_nonnull (toggle);
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (toggle),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Warn in the Background"));

  /* Off by default. */
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (rt_background_get_running (background));

  n_checks = count_checks ();
  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "warn-in-background"));
  g_assert_true (rt_background_get_running (background));
  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "registry-tokens --gapplication-service");
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", NULL));
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, NULL));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_null (strstr (contents, service->admin_key));

  /* With no window, the background starts with a check of its own; it
   * finds nothing new today. */
  rt_test_wait_until (count_checks () > n_checks);

  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "warn-in-background"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (rt_background_get_running (background));

  gtk_window_destroy (GTK_WINDOW (preferences));
  sync_with_bus ();
  g_assert_cmpuint (calls->len, ==, 0);
}

/* Under Flatpak the switch asks the Background portal instead, and a
 * refusal turns it back off. */
static void
test_portal (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  RtBackground *background = rt_application_get_background (app);
  g_autofree char *path = rt_background_dup_autostart_path ();
  const char *granted = "autostart=true commandline=['registry-tokens', '--gapplication-service'] "
                        "reason=Warn when a registry token is about to stop working";

  _rt_background_set_sandboxed (background, TRUE);

  portal_response = 0;
  g_settings_set_boolean (settings, "warn-in-background", TRUE);
  rt_test_wait_until (portal_calls->len == 1);
  g_assert_cmpstr (g_ptr_array_index (portal_calls, 0), ==, granted);
  g_assert_true (rt_background_get_running (background));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  rt_test_wait_until (strstr (rt_test_get_captured_log (), "Background portal: response 0, background 1, autostart 1") != NULL);
  g_assert_true (g_settings_get_boolean (settings, "warn-in-background"));

  g_settings_set_boolean (settings, "warn-in-background", FALSE);
  rt_test_wait_until (portal_calls->len == 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (portal_calls, 1), "autostart=false "));
  g_assert_false (rt_background_get_running (background));

  /* The user says no: the switch does not stay on. */
  portal_response = 1;
  g_settings_set_boolean (settings, "warn-in-background", TRUE);
  rt_test_wait_until (portal_calls->len == 3);
  g_assert_cmpstr (g_ptr_array_index (portal_calls, 2), ==, granted);
  rt_test_wait_until (!g_settings_get_boolean (settings, "warn-in-background"));
  g_assert_false (rt_background_get_running (background));
  /* Turning it off again asks to drop the autostart. */
  rt_test_wait_until (portal_calls->len == 4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (portal_calls, 3), "autostart=false "));

  _rt_background_set_sandboxed (background, FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  sync_with_bus ();
  g_assert_cmpuint (calls->len, ==, 0);
}

static void
test_no_secret_in_log (void)
{
  const char *log = rt_test_get_captured_log ();

  g_assert_null (strstr (log, service->admin_key));
  g_assert_null (strstr (log, service->member_key));
  g_assert_null (strstr (log, "rtkey_"));
  /* The warnings are in the log. */
  g_assert_nonnull (strstr (log, "Warning that token tok_demo3 (staging-pull) expires soon"));
  g_assert_nonnull (strstr (log, "Warning that token tok_demo3 (staging-pull) has expired"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything asks GLib for them: it keeps the first answer. */
  config_home = g_dir_make_tmp ("rt-config-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_dir_make_tmp ("rt-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  rt_test_capture_log ();
  g_setenv ("RT_FAKE_NOW", DAY_1, TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  start_notification_server ();
  service = rt_test_service_start (DAY_1);
  proxy = proxy_new (service->url);

  app = rt_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/expiry/two-days", test_two_days);
  g_test_add_func ("/expiry/open", test_open);
  g_test_add_func ("/expiry/autostart", test_autostart);
  g_test_add_func ("/expiry/portal", test_portal);
  g_test_add_func ("/expiry/no-secret-in-log", test_no_secret_in_log);

  status = g_test_run ();

  g_clear_object (&app);
  proxy_free (proxy);
  rt_test_service_free (service);
  g_clear_object (&server_bus);
  g_clear_pointer (&calls, g_ptr_array_unref);
  g_clear_pointer (&portal_calls, g_ptr_array_unref);
  {
    g_autofree char *state = rt_expiry_watch_dup_default_path ();
    g_autofree char *state_dir = g_path_get_dirname (state);
    g_autofree char *autostart = rt_background_dup_autostart_path ();
    g_autofree char *autostart_dir = g_path_get_dirname (autostart);

    g_remove (state);
    g_rmdir (state_dir);
    g_rmdir (autostart_dir);
    g_rmdir (config_home);
    g_rmdir (data_home);
  }
  g_free (config_home);
  g_free (data_home);

  return status;
}
