/* rt-window-actions.c: the token actions of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-access-report.h"
#include "rt-confirm.h"
#include "rt-generate-dialog.h"
#include "rt-registry-access.h"
#include "rt-secret-dialog.h"
#include "rt-window-private.h"

/* Every request an action makes holds the window and runs on its
 * cancellable: once the window is closed, the callbacks find it cancelled
 * and touch nothing (docs/DESIGN.md, Conventions). The token stays busy from
 * the request until its follow-ups (keyring) are done; activating an action
 * for a busy token does nothing. */

typedef struct
{
  RtWindow       *window;
  /* The account the action is for, shown or not by the time it is done. */
  RtSession      *session;
  RtClient       *client;
  RtToken        *token;
  char           *token_id;
  char           *token_name;
  char           *username;
  char           *server;
  char           *registry_host;
  GCancellable   *cancellable;
  /* Re-generate: the dialog that shows the new secret. */
  RtSecretDialog *dialog;
  /* Check Access: the token's products when it started. */
  GPtrArray      *products;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->cancellable);

  rt_token_set_busy (data->token, FALSE);

  g_clear_object (&data->window);
  g_clear_object (&data->session);
  g_clear_object (&data->dialog);
  g_clear_object (&data->client);
  g_clear_object (&data->token);
  g_clear_pointer (&data->products, g_ptr_array_unref);
  g_free (data->token_id);
  g_free (data->token_name);
  g_free (data->username);
  g_free (data->server);
  g_free (data->registry_host);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

/* Marks @token busy until the returned data is freed. */
static ActionData *
action_data_new (RtWindow *self,
                 RtToken  *token)
{
  ActionData *data = g_new0 (ActionData, 1);

  data->window = g_object_ref (self);
  data->session = g_object_ref (self->session);
  data->client = g_object_ref (rt_session_get_client (self->session));
  data->token = g_object_ref (token);
  data->token_id = g_strdup (rt_token_get_id (token));
  data->token_name = g_strdup (rt_token_get_name (token));
  data->username = g_strdup (rt_token_get_username (token));
  data->server = g_strdup (rt_session_get_server (self->session));
  data->registry_host = g_strdup (rt_account_get_registry (rt_session_get_account (self->session)));
  data->cancellable = g_object_ref (self->cancellable);

  rt_token_set_busy (token, TRUE);

  return data;
}

/* Returns: (transfer full) (nullable): the window, if the action's results
 * still count: it is open, and the action's account is still signed in with
 * the same client (whichever account the window shows now). */
static RtWindow *
action_data_get_window (ActionData *data)
{
  if (g_cancellable_is_cancelled (data->cancellable) ||
      rt_session_get_client (data->session) != data->client)
    return NULL;

  return g_object_ref (data->window);
}

/* Looks up the token an action names; NULL (do nothing) if it is not in the
 * table, or busy with another action. */
static RtToken *
find_idle_token (RtWindow   *self,
                 GVariant   *parameter)
{
  RtToken *token;

  if (!self->signed_in || parameter == NULL)
    return NULL;

  token = rt_token_store_find (rt_session_get_tokens (self->session), g_variant_get_string (parameter, NULL), NULL);
  if (token == NULL || rt_token_get_busy (token))
    return NULL;

  return token;
}

static void
toast_printf (RtWindow   *self,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
toast_printf (RtWindow   *self,
              const char *format,
              ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  _rt_window_show_toast (self, text);
}

static GListModel *
get_token_model (RtWindow *self)
{
  return G_LIST_MODEL (rt_session_get_tokens (self->session));
}

/* --- Toasts ----------------------------------------------------------------- */

void
_rt_window_show_toast (RtWindow   *self,
                       const char *text)
{
  g_return_if_fail (RT_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_rt_window_show_error (RtWindow     *self,
                       const GError *error)
{
  g_return_if_fail (RT_IS_WINDOW (self));

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_cancellable_is_cancelled (self->cancellable))
    return;

  /* An access key that expired or was revoked: the session ends, and the
   * sign-in page says why. */
  if (!rt_session_report_error (self->session, error))
    _rt_window_show_toast (self, error->message);
}

/* --- Errors shared by the token actions ------------------------------------ */

static void
refetch_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = rt_client_get_token_finish (RT_CLIENT (object), result, &error);

  if ((self = action_data_get_window (data)) == NULL)
    return;

  if (token != NULL)
    rt_session_token_changed (data->session, token);
  else if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND))
    rt_session_token_removed (data->session, data->token_id);
  else
    g_debug ("Re-reading token %s failed: %s", data->token_id, error->message);
}

/* After an action failed: a 404 means the token is gone; anything else is
 * shown, and where the request may have reached the server, the row is
 * re-read so that it shows the server's state. Takes @data. */
static void
handle_action_error (ActionData   *data,
                     const GError *error)
{
  g_autoptr(RtWindow) self = action_data_get_window (data);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      action_data_free (data);
      return;
    }

  g_debug ("Action on token %s failed: %s", data->token_id, error->message);

  if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND))
    {
      rt_session_token_removed (data->session, data->token_id);
      /* Translators: %s is a token name */
      toast_printf (self, _("“%s” was already deleted"), data->token_name);
      action_data_free (data);
      return;
    }

  /* A key that stopped working ends the action's account, not the one
   * shown. */
  if (!rt_session_report_error (data->session, error))
    _rt_window_show_toast (self, error->message);

  if (error->domain == RT_CLIENT_ERROR &&
      (error->code == RT_CLIENT_ERROR_NETWORK ||
       error->code == RT_CLIENT_ERROR_TIMEOUT ||
       error->code == RT_CLIENT_ERROR_SERVER ||
       error->code == RT_CLIENT_ERROR_PROTOCOL))
    {
      GCancellable *cancellable = data->cancellable;

      rt_client_get_token_async (data->client, data->token_id, cancellable, refetch_cb, data);
      return;
    }

  action_data_free (data);
}

/* --- The secret dialog ----------------------------------------------------- */

/* @server and @registry_host are the token's, which need not be those the
 * window is signed in to any more: a secret is shown whatever happened
 * while it was on its way. */
static RtSecretDialog *
present_secret_dialog (RtWindow   *self,
                       const char *server,
                       const char *registry_host,
                       RtToken    *token,
                       RtSecret   *secret,
                       gboolean    regenerated)
{
  RtSecretDialog *dialog;

  dialog = rt_secret_dialog_new (GTK_WINDOW (self),
                                 server,
                                 registry_host,
                                 token,
                                 secret,
                                 regenerated,
                                 self->secret_store,
                                 self->clipboard,
                                 self->settings);
  rt_secret_dialog_set_tokens (dialog, get_token_model (self));
  g_signal_connect_object (dialog, "secret-saved",
                           G_CALLBACK (_rt_window_reload_saved_secrets),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/* --- Actions that ask first ---------------------------------------------- */

/* What a confirmed action starts: a request on @data, which its callback
 * takes. */
typedef struct
{
  void (*start) (ActionData *data);
} ConfirmedAction;

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RtWindow         *self)
{
  const char *token_id = g_object_get_data (G_OBJECT (dialog), "token-id");
  const ConfirmedAction *action = g_object_get_data (G_OBJECT (dialog), "confirmed-action");
  RtToken *token;

  if (g_strcmp0 (response, RT_CONFIRM_RESPONSE_CONFIRM) != 0)
    return;

  /* Signed out, another account shown, deleted or busy while the
   * question was open. */
  if (!self->signed_in || !_rt_window_dialog_is_current (self, GTK_WINDOW (dialog)))
    return;

  token = rt_token_store_find (rt_session_get_tokens (self->session), token_id, NULL);
  if (token == NULL || rt_token_get_busy (token))
    return;

  action->start (action_data_new (self, token));
}

/* Asks before @action acts on @token; Cancel is the default answer. */
static void
ask_then_start (RtWindow              *self,
                RtToken               *token,
                const char            *heading,
                const char            *body,
                const char            *confirm_label,
                const ConfirmedAction *action)
{
  AdwMessageDialog *dialog;

  dialog = rt_confirm_new (GTK_WINDOW (self), heading, body, _("_Cancel"), confirm_label);
  g_object_set_data_full (G_OBJECT (dialog), "token-id",
                          g_strdup (rt_token_get_id (token)), g_free);
  g_object_set_data (G_OBJECT (dialog), "confirmed-action", (gpointer) action);
  _rt_window_tie_dialog (self, GTK_WINDOW (dialog));
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Generate ---------------------------------------------------------------- */

static void
token_created_cb (RtWindow         *self,
                  RtToken          *token,
                  RtSecret         *secret,
                  RtGenerateDialog *dialog)
{
  g_autoptr(RtClient) client = NULL;
  g_autoptr(RtAccount) account = NULL;
  RtSession *session = _rt_window_dialog_get_session (GTK_WINDOW (dialog));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* The token joins the list of the account it was made on, even if
   * another one is shown now, unless that account signed in again (a new
   * client) or out while the reply was on its way. */
  g_object_get (dialog, "client", &client, "account", &account, NULL);
  if (session != NULL && client == rt_session_get_client (session))
    rt_session_token_changed (session, token);
  present_secret_dialog (self, rt_client_get_server (client), rt_account_get_registry (account),
                         token, secret, FALSE);
}

static void
generate_failed_cb (RtWindow *self,
                    GError   *error)
{
  _rt_window_show_error (self, error);
}

static void
generate_token_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  RtGenerateDialog *dialog;
  GListModel *toplevels;
  guint n;

  if (!self->signed_in)
    return;

  /* One at a time: Ctrl+N again brings the open one back. */
  toplevels = gtk_window_get_toplevels ();
  n = g_list_model_get_n_items (toplevels);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) candidate = g_list_model_get_item (toplevels, i);

      if (RT_IS_GENERATE_DIALOG (candidate) &&
          gtk_window_get_transient_for (candidate) == GTK_WINDOW (self))
        {
          gtk_window_present (candidate);
          return;
        }
    }

  dialog = rt_generate_dialog_new (GTK_WINDOW (self), rt_session_get_client (self->session), rt_session_get_account (self->session),
                                   get_token_model (self));
  _rt_window_tie_dialog (self, GTK_WINDOW (dialog));
  g_signal_connect_object (dialog, "token-created",
                           G_CALLBACK (token_created_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "failed",
                           G_CALLBACK (generate_failed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Re-sync products -------------------------------------------------------- */

static char *
join_product_names (GPtrArray *products)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < products->len; i++)
    g_strv_builder_add (builder, rt_product_get_name (g_ptr_array_index (products, i)));

  names = g_strv_builder_end (builder);

  /* Translators: the separator between product names in a list */
  return g_strjoinv (_(", "), names);
}

static void
resync_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_added;
  guint n_removed;

  token = rt_client_resync_products_finish (RT_CLIENT (object), result, &added, &removed, &error);
  if (token == NULL)
    {
      handle_action_error (data, error);
      return;
    }

  if ((self = action_data_get_window (data)) == NULL)
    {
      action_data_free (data);
      return;
    }

  rt_session_token_changed (data->session, token);

  n_added = added != NULL ? added->len : 0;
  n_removed = removed != NULL ? removed->len : 0;

  /* One whole sentence for each case, never two glued together: a
   * translation may need to word the combined case differently. */
  if (n_added > 0 && n_removed > 0)
    {
      g_autofree char *added_names = join_product_names (added);
      g_autofree char *removed_names = join_product_names (removed);

      /* Translators: a re-sync's result; the first %s lists the product
       * names added to the token, the second those removed from it */
      text = g_strdup_printf (_("Added: %s. Removed: %s"), added_names, removed_names);
    }
  else if (n_added > 0)
    {
      g_autofree char *names = join_product_names (added);

      /* Translators: %u is a count, %s a list of product names */
      text = g_strdup_printf (ngettext ("Added %u product: %s", "Added %u products: %s", n_added),
                              n_added, names);
    }
  else if (n_removed > 0)
    {
      g_autofree char *names = join_product_names (removed);

      /* Translators: %u is a count, %s a list of product names */
      text = g_strdup_printf (ngettext ("Removed %u product: %s", "Removed %u products: %s", n_removed),
                              n_removed, names);
    }
  else
    text = g_strdup (_("Already up to date"));

  _rt_window_show_toast (self, text);
  action_data_free (data);
}

static void
resync_products_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  RtToken *token = find_idle_token (self, parameter);
  ActionData *data;

  if (token == NULL)
    return;

  data = action_data_new (self, token);
  rt_client_resync_products_async (data->client, data->token_id, data->cancellable,
                                   resync_cb, data);
}

/* --- Re-generate secret ---------------------------------------------------- */

static void
replace_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(GError) error = NULL;
  RtSecretDialog *dialog = NULL;
  RtSecretStoreChanges changes = RT_SECRET_STORE_CHANGE_NONE;
  gboolean ok;

  ok = rt_secret_store_replace_token_secret_finish (RT_SECRET_STORE (object), result,
                                                    &changes, &error);

  if ((self = action_data_get_window (data)) == NULL)
    return;

  /* Closed: hidden for good. */
  if (gtk_widget_get_visible (GTK_WIDGET (data->dialog)))
    dialog = data->dialog;

  if (!ok)
    {
      g_debug ("Replacing the saved secret of token %s failed: %s",
               data->token_id, error->message);

      if (dialog != NULL)
        rt_secret_dialog_keyring_update_failed (dialog, error->message);
      else
        /* Translators: %s is a token name */
        toast_printf (self, _("The saved keyring entries of “%s” could not be updated"),
                      data->token_name);
    }
  else if (changes != RT_SECRET_STORE_CHANGE_NONE && dialog != NULL)
    {
      rt_secret_dialog_keyring_updated (dialog);
    }

  _rt_window_reload_saved_secrets (self);
}

static void
regenerate_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  RtSecretDialog *dialog;

  token = rt_client_regenerate_secret_finish (RT_CLIENT (object), result, &secret, &error);
  if (token == NULL)
    {
      handle_action_error (data, error);
      return;
    }

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      action_data_free (data);
      return;
    }

  /* Signed out meanwhile: the new secret is shown all the same. */
  self = g_object_ref (data->window);
  if (rt_session_get_client (data->session) == data->client)
    rt_session_token_changed (data->session, token);

  /* The client refuses a token without its new secret. */
  g_assert (secret != NULL);

  dialog = present_secret_dialog (self, data->server, data->registry_host, token, secret, TRUE);
  data->dialog = g_object_ref (dialog);

  /* The saved entries hold a secret that stopped working: swap in the new one
   * at once, whatever happens to the dialog. */
  rt_secret_store_replace_token_secret_async (self->secret_store,
                                              data->server,
                                              data->registry_host,
                                              data->token_id,
                                              rt_token_get_name (token),
                                              rt_token_get_username (token),
                                              secret,
                                              data->cancellable,
                                              replace_saved_cb,
                                              data);
}

static void
start_regenerate (ActionData *data)
{
  rt_client_regenerate_secret_async (data->client, data->token_id, data->cancellable,
                                     regenerate_cb, data);
}

static const ConfirmedAction regenerate_action = { start_regenerate };

static void
regenerate_secret_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  RtToken *token = find_idle_token (self, parameter);
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = NULL;

  if (token == NULL)
    return;

  /* Translators: %s is a token name */
  heading = g_strdup_printf (_("Re-generate the Secret of “%s”?"), rt_token_get_name (token));
  body = g_string_new (_("The current secret stops working at once. Every system that uses it "
                         "must be updated with the new secret."));
  if (rt_token_get_has_saved_secret (token))
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Saved keyring entries for this token will be replaced."));
    }

  ask_then_start (self, token, heading, body->str, _("_Re-generate"), &regenerate_action);
}

/* --- Delete ------------------------------------------------------------------ */

static void
remove_saved_after_delete_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = rt_secret_store_remove_token_secret_finish (RT_SECRET_STORE (object), result, NULL, &error);

  if ((self = action_data_get_window (data)) == NULL)
    return;

  if (!ok)
    {
      g_debug ("Removing the saved secret of token %s failed: %s",
               data->token_id, error->message);
      /* Translators: %s is a token name */
      toast_printf (self, _("The saved secret of “%s” could not be removed from the keyring"),
                    data->token_name);
    }

  _rt_window_reload_saved_secrets (self);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean already_gone = FALSE;

  if (!rt_client_delete_token_finish (RT_CLIENT (object), result, &error))
    {
      if (!g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND))
        {
          handle_action_error (data, error);
          return;
        }
      already_gone = TRUE;
    }

  if ((self = action_data_get_window (data)) == NULL)
    {
      action_data_free (data);
      return;
    }

  rt_session_token_removed (data->session, data->token_id);

  if (already_gone)
    /* Translators: %s is a token name */
    toast_printf (self, _("“%s” was already deleted"), data->token_name);
  else
    /* Translators: %s is a token name */
    toast_printf (self, _("Deleted “%s”"), data->token_name);

  /* Its saved secret (and docker credentials, if they are this token's) can
   * never work again. */
  rt_secret_store_remove_token_secret_async (self->secret_store,
                                             data->server,
                                             data->registry_host,
                                             data->token_id,
                                             data->username,
                                             data->cancellable,
                                             remove_saved_after_delete_cb,
                                             data);
}

static void
start_delete (ActionData *data)
{
  rt_client_delete_token_async (data->client, data->token_id, data->cancellable,
                                delete_cb, data);
}

static const ConfirmedAction delete_action = { start_delete };

static void
delete_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  RtToken *token = find_idle_token (self, parameter);
  g_autofree char *heading = NULL;

  if (token == NULL)
    return;

  /* Translators: %s is a token name */
  heading = g_strdup_printf (_("Delete “%s”?"), rt_token_get_name (token));
  ask_then_start (self, token, heading,
                  _("Systems using this token will lose access to the registry. "
                    "This cannot be undone."),
                  _("_Delete"), &delete_action);
}

/* --- Copy name ----------------------------------------------------------------- */

static void
copy_name_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  RtToken *token = find_idle_token (self, parameter);

  if (token == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), rt_token_get_name (token));
  /* Translators: %s is a token name */
  toast_printf (self, _("Copied “%s”"), rt_token_get_name (token));
}

/* --- Forget saved secret --------------------------------------------------- */

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(GError) error = NULL;
  RtSecretStoreChanges changes = RT_SECRET_STORE_CHANGE_NONE;
  gboolean ok;

  ok = rt_secret_store_remove_token_secret_finish (RT_SECRET_STORE (object), result,
                                                   &changes, &error);

  if ((self = action_data_get_window (data)) == NULL)
    return;

  if (!ok)
    {
      g_debug ("Forgetting the saved secret of token %s failed: %s",
               data->token_id, error->message);
      /* Translators: the first %s is a token name, the second the keyring's error */
      toast_printf (self, _("The saved secret of “%s” could not be removed. %s"),
                    data->token_name, error->message);
    }
  else if ((changes & RT_SECRET_STORE_CHANGE_DOCKER) != 0)
    /* Translators: %s is a token name */
    toast_printf (self, _("Removed the saved secret of “%s”, also for docker and podman"),
                  data->token_name);
  else if (changes != RT_SECRET_STORE_CHANGE_NONE)
    /* Translators: %s is a token name */
    toast_printf (self, _("Removed the saved secret of “%s”"), data->token_name);
  else
    /* Translators: %s is a token name */
    toast_printf (self, _("No secret of “%s” was saved"), data->token_name);

  _rt_window_reload_saved_secrets (self);
}

static void
start_forget (ActionData *data)
{
  rt_secret_store_remove_token_secret_async (data->window->secret_store,
                                             data->server,
                                             data->registry_host,
                                             data->token_id,
                                             data->username,
                                             data->cancellable,
                                             forget_cb,
                                             data);
}

static const ConfirmedAction forget_action = { start_forget };

/* The saved copy may be the only one left of a secret that is never shown
 * again, and docker's may go with it: ask first. */
static void
forget_secret_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  RtToken *token = find_idle_token (self, parameter);
  g_autofree char *body = NULL;

  if (token == NULL)
    return;

  /* Translators: %s is a token name */
  body = g_strdup_printf (_("docker and podman will no longer be able to pull with “%s” on "
                            "this computer, and the secret cannot be shown again. "
                            "Re-generate it to get a new one."),
                          rt_token_get_name (token));
  ask_then_start (self, token, _("Forget Saved Secret?"), body, _("_Forget"), &forget_action);
}

/* --- Check access ---------------------------------------------------------- */

static void
check_access_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(GHashTable) granted = NULL;
  g_autoptr(GError) error = NULL;

  granted = rt_registry_access_check_finish (result, &error);

  if ((self = action_data_get_window (data)) == NULL)
    return;

  if (granted == NULL)
    {
      g_debug ("Checking the access of token %s failed: %s", data->token_id, error->message);
      gtk_window_present (GTK_WINDOW (rt_access_report_new_error (GTK_WINDOW (self),
                                                                  data->token_name, error)));
      return;
    }

  gtk_window_present (GTK_WINDOW (rt_access_report_new (GTK_WINDOW (self), data->token_name,
                                                        data->registry_host, data->products,
                                                        granted)));
}

static void
check_access_lookup_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(RtWindow) self = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;

  secret = rt_secret_store_lookup_token_secret_finish (RT_SECRET_STORE (object), result, &error);

  if ((self = action_data_get_window (data)) == NULL)
    {
      action_data_free (data);
      return;
    }

  if (secret == NULL && error != NULL)
    {
      g_debug ("Reading the saved secret of token %s failed: %s", data->token_id, error->message);
      /* Translators: the first %s is a token name, the second the keyring's error */
      toast_printf (self, _("The saved secret of “%s” could not be read. %s"),
                    data->token_name, error->message);
      action_data_free (data);
      return;
    }
  if (secret == NULL)
    {
      /* Forgotten elsewhere meanwhile. */
      /* Translators: %s is a token name */
      toast_printf (self, _("No secret of “%s” is saved"), data->token_name);
      action_data_free (data);
      _rt_window_reload_saved_secrets (self);
      return;
    }

  repositories = rt_access_report_repositories (data->products);
  if (repositories[0] == NULL)
    {
      g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

      gtk_window_present (GTK_WINDOW (rt_access_report_new (GTK_WINDOW (self), data->token_name,
                                                            data->registry_host, data->products,
                                                            none)));
      action_data_free (data);
      return;
    }

  rt_registry_access_check_async (rt_client_get_session (data->client),
                                  data->registry_host,
                                  data->username,
                                  secret,
                                  (const char * const *) repositories,
                                  data->cancellable,
                                  check_access_cb,
                                  data);
}

static void
check_access_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  RtToken *token = find_idle_token (self, parameter);
  GListModel *products;
  ActionData *data;

  if (token == NULL || !rt_token_get_has_saved_secret (token))
    return;

  if (rt_account_get_registry (rt_session_get_account (self->session)) == NULL ||
      rt_token_get_username (token) == NULL)
    {
      /* Translators: %s is a token name */
      toast_printf (self, _("The account names no registry to check “%s” against"),
                    rt_token_get_name (token));
      return;
    }

  data = action_data_new (self, token);
  products = rt_token_get_products (token);
  data->products = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    g_ptr_array_add (data->products, g_list_model_get_item (products, i));

  rt_secret_store_lookup_token_secret_async (self->secret_store,
                                             data->server,
                                             data->token_id,
                                             data->cancellable,
                                             check_access_lookup_cb,
                                             data);
}

/* --- Installation ---------------------------------------------------------- */

static const char * const token_actions[] = {
  "win.resync-products",
  "win.regenerate-secret",
  "win.delete-token",
  "win.copy-name",
  "win.forget-secret",
  "win.check-access",
};

void
_rt_window_class_actions_init (RtWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.generate-token", NULL,
                                   generate_token_action);
  gtk_widget_class_install_action (widget_class, "win.resync-products", "s",
                                   resync_products_action);
  gtk_widget_class_install_action (widget_class, "win.regenerate-secret", "s",
                                   regenerate_secret_action);
  gtk_widget_class_install_action (widget_class, "win.delete-token", "s",
                                   delete_token_action);
  gtk_widget_class_install_action (widget_class, "win.copy-name", "s",
                                   copy_name_action);
  gtk_widget_class_install_action (widget_class, "win.forget-secret", "s",
                                   forget_secret_action);
  gtk_widget_class_install_action (widget_class, "win.check-access", "s",
                                   check_access_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.generate-token", NULL);
}

void
_rt_window_update_actions (RtWindow *self)
{
  gboolean signed_in;

  g_return_if_fail (RT_IS_WINDOW (self));

  signed_in = self->signed_in;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate-token", signed_in);

  /* A parameterised action can't be enabled per token: busy tokens are
   * refused when the action runs, and their rows disable the menu. */
  for (guint i = 0; i < G_N_ELEMENTS (token_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), token_actions[i], signed_in);
}
