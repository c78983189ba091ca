/* rt-window-sign-in.c: signing the main window in and out, with the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-confirm.h"
#include "rt-window-private.h"

/* The session checks keys and reads the list; the window adds the keyring:
 * it looks up the key of the stored server at start-up, stores the key of a
 * sign-in from the page once GET /me accepted it (the window shows the page,
 * busy, until then), and forgets it on sign-out. A key from the environment
 * (--server) is never stored. */

typedef struct
{
  RtWindow *self;
  RtSecret *access_key;  /* to store, after an interactive sign-in */
  RtClient *client;      /* the session's, for replies that belong to it */
} Call;

static Call *
call_new (RtWindow *self,
          RtSecret *access_key)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->access_key = access_key != NULL ? rt_secret_ref (access_key) : NULL;
  g_set_object (&call->client, rt_session_get_client (self->session));

  return call;
}

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_clear_pointer (&call->access_key, rt_secret_unref);
  g_clear_object (&call->client);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static gboolean
is_closing (RtWindow *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* Signing in {{{ */

void
_rt_window_show_sign_in (RtWindow   *self,
                         const char *server,
                         const char *error)
{
  if (server != NULL)
    rt_sign_in_page_set_server (self->sign_in_page, server);
  rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
  rt_sign_in_page_set_error (self->sign_in_page, error);

  _rt_window_update (self);
  rt_sign_in_page_focus_first_empty (self->sign_in_page);
}

static void
store_access_key_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  RtWindow *self = call->self;
  g_autoptr(GError) error = NULL;

  rt_secret_store_store_access_key_finish (RT_SECRET_STORE (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      rt_session_get_client (self->session) != call->client)
    return;

  g_settings_set_string (self->settings, "server-url", rt_session_get_server (self->session));
  self->interactive = FALSE;
  _rt_window_update_signed_in (self);

  if (error != NULL)
    {
      g_debug ("Could not store the access key: %s", error->message);
      _rt_window_show_toast (self, _("The access key could not be saved in the keyring: sign in again next time"));
    }
}

/* Whether @error is fixed in the server URL rather than the key. */
static gboolean
is_server_error (const GError *error)
{
  return g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INVALID_URL) ||
         g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INSECURE);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  RtWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_async_result_is_tagged (result, rt_session_retry_async))
    ok = rt_session_retry_finish (RT_SESSION (object), result, &error);
  else
    ok = rt_session_sign_in_finish (RT_SESSION (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ok && self->interactive)
    {
      RtSecret *access_key = call->access_key;

      /* Signed in once the key is stored. */
      g_set_object (&call->client, rt_session_get_client (self->session));
      rt_secret_store_store_access_key_async (self->secret_store,
                                              rt_session_get_server (self->session),
                                              access_key,
                                              self->cancellable,
                                              store_access_key_cb,
                                              g_steal_pointer (&call));
    }
  else if (!ok && self->interactive)
    {
      /* Keep what was typed; store nothing. */
      rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
      if (is_server_error (error))
        rt_sign_in_page_set_server_error (self->sign_in_page, error->message);
      else
        rt_sign_in_page_set_error (self->sign_in_page, error->message);
    }
  else if (!ok && !rt_session_get_can_retry (self->session))
    {
      /* A key that is not accepted, or a server that is not a URL. */
      _rt_window_show_sign_in (self, rt_session_get_server (self->session), error->message);
      if (is_server_error (error))
        rt_sign_in_page_set_server_error (self->sign_in_page, error->message);
    }
  /* Otherwise the error page with Try Again, from the session's state. */

  _rt_window_update (self);
}

static void
start_sign_in (RtWindow   *self,
               const char *server,
               RtSecret   *access_key,
               gboolean    interactive)
{
  self->interactive = interactive;
  if (interactive)
    {
      rt_sign_in_page_set_error (self->sign_in_page, NULL);
      rt_sign_in_page_set_busy (self->sign_in_page, TRUE);
    }
  else
    {
      g_autofree char *normalized = rt_session_normalize_server (server);

      rt_sign_in_page_set_server (self->sign_in_page, normalized);
      rt_sign_in_page_set_error (self->sign_in_page, NULL);
    }

  rt_session_sign_in_async (self->session, server, access_key, self->cancellable,
                            sign_in_cb, call_new (self, access_key));
  _rt_window_update (self);
}

static void
sign_in_page_sign_in_cb (RtWindow   *self,
                         const char *server,
                         RtSecret   *access_key)
{
  self->ephemeral = FALSE;
  start_sign_in (self, server, access_key, TRUE);
}

static void
lookup_access_key_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) access_key = NULL;
  g_autofree char *server = NULL;

  access_key = rt_secret_store_lookup_access_key_finish (RT_SECRET_STORE (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->looking_up = FALSE;
  server = rt_sign_in_page_dup_server (self->sign_in_page);

  if (access_key == NULL)
    {
      if (error != NULL)
        g_debug ("Could not look up the access key: %s", error->message);
      _rt_window_show_sign_in (self, server, error != NULL ? error->message : NULL);
      return;
    }

  start_sign_in (self, server, access_key, FALSE);
}

static void
look_up_access_key (RtWindow   *self,
                    const char *server)
{
  g_autofree char *normalized = rt_session_normalize_server (server);

  rt_sign_in_page_set_server (self->sign_in_page, normalized);
  self->looking_up = TRUE;
  _rt_window_update (self);

  rt_secret_store_lookup_access_key_async (self->secret_store, normalized,
                                           self->cancellable,
                                           lookup_access_key_cb, g_object_ref (self));
}

/* How the window signs in when it opens. */
void
_rt_window_sign_in_at_start (RtWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(RtSecret) access_key = NULL;
  const char *option_server = NULL;
  g_autofree char *stored_server = NULL;

  if (RT_IS_APPLICATION (app))
    {
      option_server = rt_application_get_server (RT_APPLICATION (app));
      access_key = rt_application_take_access_key (RT_APPLICATION (app));
    }

  /* --server: for this run only, never stored. */
  if (option_server != NULL && option_server[0] != '\0')
    {
      if (access_key != NULL)
        {
          self->ephemeral = TRUE;
          start_sign_in (self, option_server, access_key, FALSE);
        }
      else
        look_up_access_key (self, option_server);
      return;
    }

  if (access_key != NULL)
    g_warning ("Ignoring REGISTRY_TOKENS_ACCESS_KEY: it needs --server");

  stored_server = g_settings_get_string (self->settings, "server-url");
  if (stored_server[0] != '\0')
    look_up_access_key (self, stored_server);
  else
    _rt_window_show_sign_in (self, NULL, NULL);
}

void
_rt_window_retry_sign_in (RtWindow *self)
{
  rt_session_retry_async (self->session, self->cancellable, sign_in_cb, call_new (self, NULL));
}

/* }}} */
/* Signing out {{{ */

static void
clear_access_key_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RtWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  rt_secret_store_clear_access_key_finish (RT_SECRET_STORE (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      g_debug ("Could not remove the access key: %s", error->message);
      /* Translators: %s is why, from the keyring */
      message = g_strdup_printf (_("The access key could not be removed from the keyring: %s"),
                                 error->message);
      rt_sign_in_page_set_error (self->sign_in_page, message);
    }
  rt_sign_in_page_focus_first_empty (self->sign_in_page);
}

static void
sign_out_response_cb (RtWindow   *self,
                      const char *response)
{
  g_autofree char *server = g_strdup (rt_session_get_server (self->session));
  gboolean stored = !self->ephemeral;

  if (g_strcmp0 (response, "sign-out") != 0 ||
      !(self->signed_in || _rt_window_can_retry_sign_in (self)))
    return;

  rt_session_sign_out (self->session);
  rt_sign_in_page_clear_access_key (self->sign_in_page);

  if (stored)
    {
      /* Until the keyring has forgotten the key, signing in again waits. */
      rt_sign_in_page_set_busy (self->sign_in_page, TRUE);
      rt_secret_store_clear_access_key_async (self->secret_store, server,
                                              self->cancellable,
                                              clear_access_key_cb,
                                              g_object_ref (self));
    }
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  const char *server = rt_session_get_server (self->session);
  AdwMessageDialog *dialog;

  if (!(self->signed_in || _rt_window_can_retry_sign_in (self)))
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), NULL));
  if (self->ephemeral)
    /* Translators: %s is the token service's URL */
    adw_message_dialog_format_body (dialog, _("Registry Tokens will forget the access key for %s. Your tokens stay on the server."), server);
  else
    /* Translators: %s is the token service's URL */
    adw_message_dialog_format_body (dialog, _("The access key for %s will be removed from this computer. Your tokens stay on the server."), server);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* As rt_confirm_new() does: it goes with the window, and its buttons are
   * named "Cancel" and "Sign Out", not "_Cancel Cancel". */
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  rt_confirm_name_responses (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* }}} */
/* Saved secrets {{{ */

static void
saved_secret_ids_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  ids = rt_secret_store_list_saved_token_ids_finish (RT_SECRET_STORE (object), result, &error);
  if (ids == NULL)
    {
      /* Only the icon is missing: no need to bother the user. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the saved token secrets: %s", error->message);
      return;
    }

  if (!is_closing (call->self) && rt_session_get_client (call->self->session) == call->client)
    rt_session_set_saved_secret_ids (call->self->session, (const char * const *) ids);
}

void
_rt_window_reload_saved_secrets (RtWindow *self)
{
  g_return_if_fail (RT_IS_WINDOW (self));

  if (rt_session_get_account (self->session) == NULL)
    return;

  rt_secret_store_list_saved_token_ids_async (self->secret_store,
                                              rt_session_get_server (self->session),
                                              self->cancellable,
                                              saved_secret_ids_cb,
                                              call_new (self, NULL));
}

/* }}} */

void
_rt_window_class_sign_in_init (RtWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, sign_in_page_sign_in_cb);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
}
