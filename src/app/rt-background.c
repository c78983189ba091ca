/* rt-background.c: warning in the background: autostart, the Background portal, the checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "rt-account-list.h"
#include "rt-background.h"
#include "rt-secret-store.h"

/* While "warn-in-background" is on, the application is held (so it stays
 * without a window, as `--gapplication-service` starts it at login) and
 * checks the saved account twice a day. Each check signs in afresh with
 * the key from the keyring, reads the list, lets the notifier decide, and
 * drops the session: no key stays in memory between checks.
 *
 * Turning the switch on or off registers the login start: an XDG autostart
 * entry, or under Flatpak, where the sandbox cannot write one, the
 * Background portal (called with GDBus: libportal is not a dependency). */

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND_INTERFACE "org.freedesktop.portal.Background"
#define PORTAL_REQUEST_INTERFACE "org.freedesktop.portal.Request"

struct _RtBackground
{
  GObject           parent_instance;

  /* Weak: the application owns this. */
  GApplication     *application;
  RtExpiryNotifier *notifier;
  GSettings        *settings;
  RtSecretStore    *secret_store;
  /* Cancelled when the checks stop. */
  GCancellable     *cancellable;

  guint             timeout_id;
  guint             idle_id;
  guint             portal_response_id;
  guint             running : 1;
  guint             sandboxed : 1;
  guint             scheduled_check : 1;   /* one at a time, however long */
};

G_DEFINE_FINAL_TYPE (RtBackground, rt_background, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Checking {{{ */

/* Every saved account in turn, one session at a time. */
typedef struct
{
  GPtrArray *servers;
  GPtrArray *users;      /* NULL for an account not signed in since it was migrated */
  guint      next;
  guint      checked;
  GError    *error;      /* the first account's that failed */
  RtSession *session;
  char      *server;
} Check;

static void
check_free (Check *check)
{
  g_clear_pointer (&check->servers, g_ptr_array_unref);
  g_clear_pointer (&check->users, g_ptr_array_unref);
  g_clear_error (&check->error);
  g_clear_object (&check->session);
  g_free (check->server);
  g_free (check);
}

static void check_next (GTask *task);

static gboolean
is_settled (RtSessionState state)
{
  return state == RT_SESSION_STATE_READY ||
         state == RT_SESSION_STATE_ERROR ||
         state == RT_SESSION_STATE_SIGNED_OUT;
}

/* The list is read, or could not be. */
static void
finish_check (GTask *task)
{
  RtBackground *self = g_task_get_source_object (task);
  Check *check = g_task_get_task_data (task);
  const GError *error = rt_session_get_error (check->session);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (rt_session_get_state (check->session) == RT_SESSION_STATE_READY)
    {
      rt_expiry_notifier_check (self->notifier, check->session);
      check->checked++;
    }
  else if (check->error == NULL && error != NULL)
    check->error = g_error_copy (error);
  else if (check->error == NULL)
    check->error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                "Could not sign in to %s", check->server);

  check_next (task);
}

static void
session_state_cb (RtSession  *session,
                  GParamSpec *pspec,
                  GTask      *task)
{
  if (!is_settled (rt_session_get_state (session)))
    return;

  g_signal_handlers_disconnect_by_func (session, session_state_cb, task);
  finish_check (task);
  g_object_unref (task);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtSession *session = RT_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!rt_session_sign_in_finish (session, result, &error))
    {
      Check *check = g_task_get_task_data (task);

      if (g_task_return_error_if_cancelled (task))
        return;
      if (check->error == NULL)
        check->error = g_steal_pointer (&error);
      check_next (task);
      return;
    }

  /* Signed in; the list is on its way. The handler holds the task. */
  if (is_settled (rt_session_get_state (session)))
    finish_check (task);
  else
    g_signal_connect (session, "notify::state", G_CALLBACK (session_state_cb),
                      g_steal_pointer (&task));
}

static void
lookup_access_key_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(RtSecret) access_key = NULL;
  g_autoptr(GError) error = NULL;

  access_key = rt_secret_store_lookup_access_key_finish (RT_SECRET_STORE (object), result, &error);
  if (access_key == NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      if (error != NULL && check->error == NULL)
        check->error = g_steal_pointer (&error);
      else if (error == NULL)
        g_debug ("Background check: no access key saved for %s", check->server);
      check_next (task);
      return;
    }

  g_clear_object (&check->session);
  check->session = rt_session_new ();
  rt_session_sign_in_async (check->session, check->server, access_key,
                            g_task_get_cancellable (task),
                            sign_in_cb, g_object_ref (task));
}

/* Checks the next account, or ends: with %TRUE once any account could be
 * checked, the first error when none could, %FALSE when none is saved. */
static void
check_next (GTask *task)
{
  RtBackground *self = g_task_get_source_object (task);
  Check *check = g_task_get_task_data (task);

  if (check->next >= check->servers->len)
    {
      g_clear_object (&check->session);
      if (check->checked > 0 || check->error == NULL)
        g_task_return_boolean (task, check->checked > 0);
      else
        g_task_return_error (task, g_steal_pointer (&check->error));
      return;
    }

  g_free (check->server);
  check->server = g_strdup (g_ptr_array_index (check->servers, check->next));
  g_debug ("Background check of %s", check->server);
  rt_secret_store_lookup_access_key_async (self->secret_store, check->server,
                                           g_ptr_array_index (check->users, check->next),
                                           g_task_get_cancellable (task),
                                           lookup_access_key_cb, g_object_ref (task));
  check->next++;
}

/**
 * rt_background_check_async:
 *
 * Signs in to each saved account with its key in the keyring, the way the
 * window does at start, reads its tokens and has the notifier warn about
 * them. Finishes with %FALSE when no account is saved.
 */
void
rt_background_check_async (RtBackground        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtAccountList) accounts = NULL;
  Check *check;
  guint n_accounts;

  g_return_if_fail (RT_IS_BACKGROUND (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_background_check_async);

  check = g_new0 (Check, 1);
  check->servers = g_ptr_array_new_with_free_func (g_free);
  check->users = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  /* Read afresh each time: accounts come and go while the app runs. */
  accounts = rt_account_list_new (self->settings);
  n_accounts = g_list_model_get_n_items (G_LIST_MODEL (accounts));
  for (guint i = 0; i < n_accounts; i++)
    {
      g_autoptr(RtSession) session = g_list_model_get_item (G_LIST_MODEL (accounts), i);

      if (!rt_account_list_is_saved (accounts, session))
        continue;
      g_ptr_array_add (check->servers, g_strdup (rt_session_get_server (session)));
      g_ptr_array_add (check->users, g_strdup (rt_session_get_user_id (session)));
    }

  if (check->servers->len == 0)
    g_debug ("Background check: not signed in");

  check_next (task);
}

gboolean
rt_background_check_finish (RtBackground  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RT_IS_BACKGROUND (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
scheduled_check_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RtBackground *self = RT_BACKGROUND (object);
  g_autoptr(GError) error = NULL;

  self->scheduled_check = FALSE;
  if (!rt_background_check_finish (self, result, &error) && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Background check failed: %s", error->message);
}

static void
start_scheduled_check (RtBackground *self)
{
  if (self->scheduled_check)
    {
      g_debug ("Background check: the last one is still running");
      return;
    }

  self->scheduled_check = TRUE;
  rt_background_check_async (self, self->cancellable, scheduled_check_cb, NULL);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  start_scheduled_check (user_data);

  return G_SOURCE_CONTINUE;
}

/* Started without a window (at login): check now. A window checks by itself. */
static gboolean
first_check_cb (gpointer user_data)
{
  RtBackground *self = user_data;

  self->idle_id = 0;
  if (GTK_IS_APPLICATION (self->application) &&
      gtk_application_get_windows (GTK_APPLICATION (self->application)) == NULL)
    start_scheduled_check (self);

  return G_SOURCE_REMOVE;
}

/* }}} */
/* Running {{{ */

static void
update_running (RtBackground *self)
{
  gboolean running;

  running = self->application != NULL &&
            g_settings_get_boolean (self->settings, "warn-in-background") &&
            !(g_application_get_flags (self->application) & G_APPLICATION_NON_UNIQUE);

  if (running == self->running)
    return;

  self->running = running;
  if (running)
    {
      g_message ("Warning in the background: checking twice a day");
      g_application_hold (self->application);
      self->timeout_id = g_timeout_add_seconds (RT_BACKGROUND_CHECK_SECONDS, check_timeout_cb, self);
      self->idle_id = g_idle_add (first_check_cb, self);
    }
  else
    {
      g_message ("No longer warning in the background");
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      g_clear_handle_id (&self->idle_id, g_source_remove);
      if (self->application != NULL)
        g_application_release (self->application);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* }}} */
/* Starting at login {{{ */

/**
 * rt_background_dup_autostart_path:
 *
 * Returns: (transfer full): the XDG autostart entry written outside Flatpak
 */
char *
rt_background_dup_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APPLICATION_ID ".desktop", NULL);
}

static void
write_autostart (void)
{
  g_autofree char *path = rt_background_dup_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         _("Registry Tokens"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Warns when a registry token is about to stop working"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON,
                         APPLICATION_ID);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                         "registry-tokens --gapplication-service");
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_warning ("Could not make %s: %s", dir, g_strerror (saved_errno));
      return;
    }
  if (!g_key_file_save_to_file (entry, path, &error))
    g_warning ("Could not write the autostart entry: %s", error->message);
  else
    g_debug ("Wrote %s", path);
}

static void
remove_autostart (void)
{
  g_autofree char *path = rt_background_dup_autostart_path ();

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_warning ("Could not remove %s: %s", path, g_strerror (saved_errno));
    }
  else
    g_debug ("Removed %s", path);
}

static void
portal_response_cb (GDBusConnection *bus,
                    const char      *sender_name,
                    const char      *object_path,
                    const char      *interface_name,
                    const char      *signal_name,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  RtBackground *self = user_data;
  g_autoptr(GVariant) results = NULL;
  guint32 response = 2;
  gboolean background = FALSE;
  gboolean autostart = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    {
      g_variant_get (parameters, "(u@a{sv})", &response, &results);
      g_variant_lookup (results, "background", "b", &background);
      g_variant_lookup (results, "autostart", "b", &autostart);
    }

  g_dbus_connection_signal_unsubscribe (bus, self->portal_response_id);
  self->portal_response_id = 0;

  g_debug ("Background portal: response %u, background %d, autostart %d",
           response, background, autostart);

  /* Refused: the switch says so, rather than promise warnings that will
   * not come. */
  if (g_settings_get_boolean (self->settings, "warn-in-background") &&
      (response != 0 || !background))
    {
      g_message ("The Background portal did not allow running in the background");
      g_settings_set_boolean (self->settings, "warn-in-background", FALSE);
    }
}

static void
request_background_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RtBackground) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_message ("Could not ask the Background portal: %s", error->message);
      if (self->portal_response_id != 0)
        g_dbus_connection_signal_unsubscribe (G_DBUS_CONNECTION (object), self->portal_response_id);
      self->portal_response_id = 0;
    }
}

static void
request_background (RtBackground *self,
                    gboolean      autostart)
{
  GDBusConnection *bus = self->application != NULL
                         ? g_application_get_dbus_connection (self->application) : NULL;
  g_autofree char *token = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *request_path = NULL;
  const char *commandline[] = { "registry-tokens", "--gapplication-service", NULL };
  GVariantBuilder options;

  if (bus == NULL)
    return;

  /* The portal answers on a Request object whose path it derives from our
   * bus name and this token; listen there before asking. */
  token = g_strdup_printf ("registry_tokens_%u", g_random_int ());
  sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_strdelimit (sender, ".", '_');
  request_path = g_strdup_printf (PORTAL_OBJECT_PATH "/request/%s/%s", sender, token);

  if (self->portal_response_id != 0)
    g_dbus_connection_signal_unsubscribe (bus, self->portal_response_id);
  self->portal_response_id =
    g_dbus_connection_signal_subscribe (bus, PORTAL_BUS_NAME, PORTAL_REQUEST_INTERFACE,
                                        "Response", request_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        portal_response_cb, self, NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Warn when a registry token is about to stop working")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_BACKGROUND_INTERFACE,
                          "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          request_background_cb, g_object_ref (self));
}

static void
warn_in_background_changed_cb (RtBackground *self)
{
  gboolean enabled = g_settings_get_boolean (self->settings, "warn-in-background");

  if (self->sandboxed)
    request_background (self, enabled);
  else if (enabled)
    write_autostart ();
  else
    remove_autostart ();

  update_running (self);
}

/* }}} */
/* GObject {{{ */

static void
rt_background_dispose (GObject *object)
{
  RtBackground *self = RT_BACKGROUND (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->portal_response_id != 0 && self->application != NULL &&
      g_application_get_dbus_connection (self->application) != NULL)
    g_dbus_connection_signal_unsubscribe (g_application_get_dbus_connection (self->application),
                                          self->portal_response_id);
  self->portal_response_id = 0;
  /* The application is going away: no release. */
  self->running = FALSE;

  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rt_background_parent_class)->dispose (object);
}

static void
rt_background_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RtBackground *self = RT_BACKGROUND (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_background_class_init (RtBackgroundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_background_dispose;
  object_class->get_property = rt_background_get_property;

  /**
   * RtBackground:running:
   *
   * Whether the application is held to check in the background.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_background_init (RtBackground *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->secret_store = rt_secret_store_new ();
  self->cancellable = g_cancellable_new ();
  self->sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/**
 * rt_background_new:
 * @application: the primary instance, registered
 *
 * Starts checking at once if the preferences say so.
 */
RtBackground *
rt_background_new (GApplication     *application,
                   RtExpiryNotifier *notifier)
{
  RtBackground *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RT_IS_EXPIRY_NOTIFIER (notifier), NULL);

  self = g_object_new (RT_TYPE_BACKGROUND, NULL);
  g_set_weak_pointer (&self->application, application);
  self->notifier = g_object_ref (notifier);

  g_signal_connect_swapped (self->settings, "changed::warn-in-background",
                            G_CALLBACK (warn_in_background_changed_cb), self);
  update_running (self);

  return self;
}

void
_rt_background_set_sandboxed (RtBackground *self,
                              gboolean      sandboxed)
{
  g_return_if_fail (RT_IS_BACKGROUND (self));

  self->sandboxed = !!sandboxed;
}

gboolean
rt_background_get_running (RtBackground *self)
{
  g_return_val_if_fail (RT_IS_BACKGROUND (self), FALSE);

  return self->running;
}

/* }}} */
