/* rt-window-sign-in.c: signing the main window in and out, with the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-application.h"
#include "rt-confirm.h"
#include "rt-expiry-notifier.h"
#include "rt-window-private.h"

/* The session checks keys and reads the list; the window adds the keyring:
 * it looks up the key of a saved account when the account is first shown,
 * stores the key of a sign-in from the page once GET /me accepted it (the
 * window shows the page, busy, until then) and saves the account, and
 * forgets both on sign-out. Keys are keyed by server and user; an account
 * from before accounts has no user yet, so its key is found by the server
 * alone and stored again with the user once it has signed in. A key from the
 * environment (--server) is never stored. */

typedef struct
{
  RtWindow  *self;
  RtSession *session;    /* the one the call is for; replies for another are dropped */
  RtSecret  *access_key; /* to store, after an interactive sign-in or a migration */
  RtClient  *client;     /* the session's, for replies that belong to it */
  gboolean   migrate;    /* the key was found by the server alone */
} Call;

static Call *
call_new (RtWindow *self,
          RtSecret *access_key)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->session = g_object_ref (self->session);
  call->access_key = access_key != NULL ? rt_secret_ref (access_key) : NULL;
  g_set_object (&call->client, rt_session_get_client (self->session));

  return call;
}

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->session);
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

/* Whether a reply for @call still belongs in the window. */
static gboolean
is_current (Call *call)
{
  return !is_closing (call->self) && call->self->session == call->session;
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

  if (!is_current (call) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      rt_session_get_client (self->session) != call->client)
    return;

  /* A new account, or the --server one signed in again from the page. */
  if (!rt_account_list_is_saved (self->accounts, self->session))
    {
      rt_account_list_remove (self->accounts, self->session);
      rt_account_list_add (self->accounts, self->session, TRUE);
      /* From now on its columns and sort are its own. */
      rt_token_table_set_view_settings (self->token_table,
                                        rt_account_list_get_settings (self->accounts, self->session));
    }
  rt_account_list_set_current (self->accounts, self->session);
  self->ephemeral = FALSE;
  self->interactive = FALSE;
  _rt_window_update_signed_in (self);
  g_object_notify (G_OBJECT (self), "current-account");

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

  if (!is_current (call) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ok && self->interactive)
    {
      RtSecret *access_key = call->access_key;

      /* Signed in once the key is stored. */
      g_set_object (&call->client, rt_session_get_client (self->session));
      rt_secret_store_store_access_key_async (self->secret_store,
                                              rt_session_get_server (self->session),
                                              rt_session_get_user_id (self->session),
                                              access_key,
                                              self->cancellable,
                                              store_access_key_cb,
                                              g_steal_pointer (&call));
    }
  else if (ok && call->migrate && rt_session_get_user_id (self->session) != NULL)
    {
      /* Keyed by the user from now on; the account shows meanwhile. Not
       * cancelled with the window: a migration is not left half done. */
      rt_secret_store_store_access_key_async (self->secret_store,
                                              rt_session_get_server (self->session),
                                              rt_session_get_user_id (self->session),
                                              call->access_key,
                                              NULL, NULL, NULL);
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
               gboolean    interactive,
               gboolean    migrate)
{
  Call *call;

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

  call = call_new (self, access_key);
  call->migrate = migrate;
  rt_session_sign_in_async (self->session, server, access_key, self->cancellable,
                            sign_in_cb, call);
  _rt_window_update (self);
}

static void
sign_in_page_sign_in_cb (RtWindow   *self,
                         const char *server,
                         RtSecret   *access_key)
{
  start_sign_in (self, server, access_key, TRUE, FALSE);
}

static void
lookup_access_key_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  RtWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) access_key = NULL;
  const char *server;

  access_key = rt_secret_store_lookup_access_key_finish (RT_SECRET_STORE (object), result, &error);

  if (!is_current (call) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->looking_up = FALSE;
  server = rt_session_get_server (self->session);

  if (access_key == NULL)
    {
      if (error != NULL)
        g_debug ("Could not look up the access key: %s", error->message);
      _rt_window_show_sign_in (self, server, error != NULL ? error->message : NULL);
      return;
    }

  start_sign_in (self, server, access_key, FALSE, call->migrate);
}

/* The shown account is saved and signed out: its key from the keyring. */
void
_rt_window_sign_in_saved (RtWindow *self)
{
  const char *user_id = rt_session_get_user_id (self->session);
  Call *call = call_new (self, NULL);

  rt_sign_in_page_set_server (self->sign_in_page, rt_session_get_server (self->session));
  self->looking_up = TRUE;
  _rt_window_update (self);

  call->migrate = user_id == NULL;
  rt_secret_store_lookup_access_key_async (self->secret_store,
                                           rt_session_get_server (self->session), user_id,
                                           self->cancellable,
                                           lookup_access_key_cb, call);
}

/* How the window signs in when it opens. */
void
_rt_window_sign_in_at_start (RtWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(RtSecret) access_key = NULL;
  const char *option_server = NULL;
  RtSession *current;

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
          g_autoptr(RtSession) session = rt_session_new ();

          _rt_window_show_session (self, session);
          start_sign_in (self, option_server, access_key, FALSE, FALSE);
          rt_account_list_add (self->accounts, session, FALSE);
          rt_account_list_set_current (self->accounts, session);
          self->ephemeral = TRUE;
          _rt_window_update (self);
          g_object_notify (G_OBJECT (self), "current-account");
        }
      else if ((current = rt_account_list_find (self->accounts, option_server, NULL)) != NULL)
        _rt_window_show_session (self, current);
      else
        {
          g_autofree char *normalized = rt_session_normalize_server (option_server);

          _rt_window_show_sign_in (self, normalized, NULL);
        }
      return;
    }

  if (access_key != NULL)
    g_warning ("Ignoring REGISTRY_TOKENS_ACCESS_KEY: it needs --server");

  current = rt_account_list_get_current (self->accounts);
  if (current != NULL)
    _rt_window_show_session (self, current);
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
  g_autoptr(Call) call = user_data;
  RtWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  rt_secret_store_clear_access_key_finish (RT_SECRET_STORE (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_debug ("Could not remove the access key: %s", error->message);
      /* Translators: %s is why, from the keyring */
      message = g_strdup_printf (_("The access key could not be removed from the keyring: %s"),
                                 error->message);
    }

  /* Another account shows: only a failure is worth saying. */
  if (!is_current (call))
    {
      if (message != NULL)
        _rt_window_show_toast (self, message);
      return;
    }

  rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
  if (message != NULL)
    rt_sign_in_page_set_error (self->sign_in_page, message);
  rt_sign_in_page_focus_first_empty (self->sign_in_page);
}

static gboolean
can_sign_out (RtWindow *self)
{
  return self->signed_in || _rt_window_can_retry_sign_in (self) ||
         rt_account_list_lookup (self->accounts, rt_session_get_id (self->session)) != NULL;
}

/* Removes the shown account only (its key, its settings); shows the next
 * one, or the sign-in page with its server filled in. */
/* A signed-out account's warnings go with it. */
static void
forget_expiry_warnings (RtWindow   *self,
                        const char *server,
                        const char *user_id)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  RtExpiryNotifier *notifier;

  if (!RT_IS_APPLICATION (application) || server == NULL || user_id == NULL)
    return;

  notifier = rt_application_get_expiry_notifier (RT_APPLICATION (application));
  if (notifier != NULL)
    rt_expiry_notifier_forget (notifier, server, user_id);
}

static void
sign_out_response_cb (RtWindow         *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  g_autoptr(RtSession) session = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user_id = NULL;
  RtSession *next;
  gboolean stored;

  /* The question named another account's server if the shown one changed. */
  if (g_strcmp0 (response, "sign-out") != 0 || !can_sign_out (self) ||
      !_rt_window_dialog_is_current (self, GTK_WINDOW (dialog)))
    return;

  session = g_object_ref (self->session);
  server = g_strdup (rt_session_get_server (session));
  user_id = g_strdup (rt_session_get_user_id (session));
  stored = rt_account_list_is_saved (self->accounts, session);

  rt_session_sign_out (session);
  rt_account_list_remove (self->accounts, session);
  rt_sign_in_page_clear_access_key (self->sign_in_page);
  forget_expiry_warnings (self, server, user_id);

  next = rt_account_list_get_current (self->accounts);
  if (next != NULL)
    _rt_window_show_session (self, next);
  else
    {
      g_autoptr(RtSession) blank = rt_session_new ();

      _rt_window_show_session (self, blank);
      _rt_window_show_sign_in (self, server, NULL);
    }

  if (stored && server != NULL)
    {
      /* Until the keyring has forgotten the key, signing in again waits. */
      if (next == NULL)
        rt_sign_in_page_set_busy (self->sign_in_page, TRUE);
      /* Not cancelled with the window: the key goes even if the window
       * closes meanwhile, and libsecret 0.20 returns a clear cancelled at
       * its end twice. */
      rt_secret_store_clear_access_key_async (self->secret_store, server, user_id,
                                              NULL,
                                              clear_access_key_cb,
                                              call_new (self, NULL));
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

  if (!can_sign_out (self))
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
  _rt_window_tie_dialog (self, GTK_WINDOW (dialog));
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

  if (!is_closing (call->self) && rt_session_get_client (call->session) == call->client)
    rt_session_set_saved_secret_ids (call->session, (const char * const *) ids);
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
