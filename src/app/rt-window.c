/* rt-window.c: the main window: sign-in, the token table and its states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rt-clock.h"
#include "rt-confirm.h"
#include "rt-window-private.h"

/* The window is signed out (the sign-in page), signing in, or signed in with
 * a client, an account and the token store. Which page shows follows from
 * that state in update_view(), never from the path that led there:
 *
 *   signed in, tokens to show      → the table (or No Results while a
 *                                    search matches none)
 *   signed in, loaded, none        → No Tokens Yet
 *   signed in, load failed, none   → the error page with Try Again
 *   signed in, still loading, none → Loading
 *   a start-up sign-in failed      → the error page with Try Again
 *   checking a stored key          → Loading
 *   otherwise                      → the sign-in page
 *
 * The token actions and their dialogs live in rt-window-actions.c. */


typedef enum
{
  SIGN_IN_INTERACTIVE, /* from the sign-in page: the key is stored on success */
  SIGN_IN_STORED,      /* with the key from the keyring */
  SIGN_IN_EPHEMERAL,   /* with --server (and the key from the environment): nothing stored */
} SignInMode;

typedef struct _RtWindowSignIn
{
  RtWindow   *self;
  char       *server;
  RtClient   *client;
  RtSecret   *access_key;
  RtAccount  *account;
  SignInMode  mode;
} SignIn;

G_DEFINE_FINAL_TYPE (RtWindow, rt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_view          (RtWindow   *self);
static void update_actions       (RtWindow   *self);
static void refresh              (RtWindow   *self);
static void start_sign_in        (RtWindow   *self,
                                  const char *server,
                                  RtSecret   *access_key,
                                  SignInMode  mode);

static void
sign_in_free (SignIn *sign_in)
{
  g_clear_object (&sign_in->self);
  g_clear_pointer (&sign_in->server, g_free);
  g_clear_object (&sign_in->client);
  g_clear_pointer (&sign_in->access_key, rt_secret_unref);
  g_clear_object (&sign_in->account);
  g_free (sign_in);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignIn, sign_in_free)

/* Once destroyed, replies that were already on their way find the window
 * closing and do nothing. */
static gboolean
is_closing (RtWindow *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* gtk_window_destroy() disposes the window only once no reply holds it. */
static void
cancel_all (RtWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->session_cancellable != NULL)
    g_cancellable_cancel (self->session_cancellable);
}

/* The server as the keyring and the settings key it: no surrounding space,
 * no trailing slash. */
static char *
normalize_server (const char *server)
{
  char *normalized = g_strstrip (g_strdup (server));
  gsize len = strlen (normalized);

  while (len > 0 && normalized[len - 1] == '/')
    normalized[--len] = '\0';

  return normalized;
}

/* Saved secrets {{{ */

static void
apply_saved_secret (RtWindow *self,
                    RtToken  *token)
{
  rt_token_set_has_saved_secret (token, g_hash_table_contains (self->saved_secret_ids,
                                                               rt_token_get_id (token)));
}

static void
saved_secret_ids_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  GListModel *model;
  guint n_items;

  ids = rt_secret_store_list_saved_token_ids_finish (RT_SECRET_STORE (object), result, &error);
  if (ids == NULL)
    {
      /* Only the icon is missing: no need to bother the user. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the saved token secrets: %s", error->message);
      return;
    }

  if (is_closing (self) || self->server == NULL)
    return;

  g_hash_table_remove_all (self->saved_secret_ids);
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (self->saved_secret_ids, g_strdup (ids[i]));

  model = G_LIST_MODEL (self->tokens);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      apply_saved_secret (self, token);
    }
}

/* }}} */
/* The view {{{ */

static void
update_view (RtWindow *self)
{
  GListModel *tokens = G_LIST_MODEL (self->tokens);
  const char *page;
  const char *content = NULL;
  gboolean signed_in = self->client != NULL;
  gboolean loading;

  if (self->main_stack == NULL)
    return;

  if (signed_in)
    {
      if (g_list_model_get_n_items (tokens) > 0)
        {
          GtkFilterListModel *filter_model = rt_token_table_get_filter_model (self->token_table);
          const char *search = rt_token_table_get_search_text (self->token_table);

          page = "tokens";
          if (search != NULL &&
              g_list_model_get_n_items (G_LIST_MODEL (filter_model)) == 0 &&
              gtk_filter_list_model_get_pending (filter_model) == 0)
            content = "no-results";
          else
            content = "table";
        }
      else if (self->load_error != NULL)
        page = "error";
      else if (rt_token_store_get_loaded (self->tokens))
        {
          page = "tokens";
          content = "empty";
        }
      else
        page = "loading";
    }
  else if (self->retry_sign_in != NULL)
    page = "error";
  else if (self->connecting)
    page = "loading";
  else
    page = "sign-in";

  if (g_str_equal (page, "error"))
    adw_status_page_set_description (self->error_page, self->load_error);
  if (content != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, content);
  gtk_stack_set_visible_child_name (self->main_stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));

  loading = self->connecting || rt_token_store_get_loading (self->tokens);
  gtk_widget_set_visible (self->generate_squeezer, signed_in);
  /* Nothing to search in an empty list. */
  gtk_widget_set_visible (self->search_button,
                          signed_in && g_list_model_get_n_items (tokens) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_stack),
                          signed_in || self->retry_sign_in != NULL || self->connecting);
  gtk_stack_set_visible_child_name (self->refresh_stack, loading ? "spinner" : "button");
  gtk_spinner_set_spinning (self->refresh_spinner, loading);
}

static void
update_actions (RtWindow *self)
{
  gboolean signed_in = self->client != NULL;
  gboolean has_server = signed_in || self->retry_sign_in != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", has_server);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", has_server);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", signed_in);

  _rt_window_update_actions (self);
}

static void
watched_token_notify_cb (RtWindow *self)
{
  _rt_window_update_actions (self);
}

static void
selected_item_changed_cb (RtWindow *self)
{
  g_signal_group_set_target (self->watched_token,
                             gtk_single_selection_get_selected_item (self->selection));
  _rt_window_update_actions (self);
}

static void
tokens_items_changed_cb (RtWindow   *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      apply_saved_secret (self, token);
    }

  update_view (self);
}

static void
search_changed_cb (RtWindow *self)
{
  rt_token_table_set_search_text (self->token_table,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_view (self);
}

static void
search_mode_changed_cb (RtWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      rt_token_table_set_search_text (self->token_table, NULL);
      update_view (self);
    }
}

/* }}} */
/* Session {{{ */

/* Forgets everything about the signed-in account; nothing is stored or
 * removed here. */
static void
end_session (RtWindow *self)
{
  gboolean had_account = self->account != NULL;

  if (self->session_cancellable != NULL)
    g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  self->session_cancellable = g_cancellable_new ();

  g_clear_pointer (&self->retry_sign_in, sign_in_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_pointer (&self->server, g_free);
  self->ephemeral = FALSE;
  self->connecting = FALSE;

  rt_token_store_clear (self->tokens);
  g_hash_table_remove_all (self->saved_secret_ids);

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  adw_window_title_set_subtitle (self->window_title, NULL);
  rt_token_table_set_admin (self->token_table, FALSE);

  if (had_account)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);

  update_actions (self);
  update_view (self);
}

static void
show_sign_in (RtWindow   *self,
              const char *server,
              const char *error)
{
  g_autofree char *server_copy = g_strdup (server);

  end_session (self);

  if (server_copy != NULL)
    rt_sign_in_page_set_server (self->sign_in_page, server_copy);
  rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
  rt_sign_in_page_set_error (self->sign_in_page, error);

  update_view (self);
  rt_sign_in_page_focus_first_empty (self->sign_in_page);
}

static void
become_signed_in (RtWindow *self,
                  SignIn   *sign_in)
{
  end_session (self);

  self->server = g_strdup (sign_in->server);
  self->client = g_object_ref (sign_in->client);
  self->account = g_object_ref (sign_in->account);
  self->ephemeral = sign_in->mode == SIGN_IN_EPHEMERAL;

  adw_window_title_set_subtitle (self->window_title,
                                 rt_account_get_project_name (self->account));
  rt_token_table_set_admin (self->token_table,
                            rt_account_get_role (self->account) == RT_ROLE_ADMIN);

  rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
  rt_sign_in_page_set_error (self->sign_in_page, NULL);
  rt_sign_in_page_set_server (self->sign_in_page, self->server);
  rt_sign_in_page_clear_access_key (self->sign_in_page);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);

  refresh (self);
  _rt_window_reload_saved_secrets (self);
  update_actions (self);
  update_view (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
store_access_key_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SignIn) sign_in = user_data;
  RtWindow *self = sign_in->self;
  g_autoptr(GError) error = NULL;

  rt_secret_store_store_access_key_finish (RT_SECRET_STORE (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_settings_set_string (self->settings, "server-url", sign_in->server);
  become_signed_in (self, sign_in);

  if (error != NULL)
    {
      g_debug ("Could not store the access key: %s", error->message);
      _rt_window_show_toast (self, _("The access key could not be saved in the keyring: sign in again next time"));
    }
}

static void
get_me_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SignIn) sign_in = user_data;
  RtWindow *self = sign_in->self;
  g_autoptr(GError) error = NULL;

  sign_in->account = rt_client_get_me_finish (RT_CLIENT (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->connecting = FALSE;

  if (sign_in->account == NULL)
    {
      if (sign_in->mode == SIGN_IN_INTERACTIVE)
        {
          /* Keep what was typed; store nothing. */
          rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
          rt_sign_in_page_set_error (self->sign_in_page, error->message);
          update_view (self);
        }
      else if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED))
        show_sign_in (self, sign_in->server, error->message);
      else
        {
          /* The server may come back: Try Again signs in with the same key. */
          g_clear_pointer (&self->load_error, g_free);
          self->load_error = g_strdup (error->message);
          g_clear_pointer (&self->retry_sign_in, sign_in_free);
          self->retry_sign_in = g_steal_pointer (&sign_in);
          update_actions (self);
          update_view (self);
        }
      return;
    }

  if (sign_in->mode == SIGN_IN_INTERACTIVE)
    {
      SignIn *storing = g_steal_pointer (&sign_in);

      rt_secret_store_store_access_key_async (self->secret_store,
                                              storing->server,
                                              storing->access_key,
                                              self->cancellable,
                                              store_access_key_cb,
                                              storing);
      return;
    }

  become_signed_in (self, sign_in);
}

static void
check_sign_in (RtWindow *self,
               SignIn   *sign_in)
{
  if (sign_in->mode == SIGN_IN_INTERACTIVE)
    {
      rt_sign_in_page_set_error (self->sign_in_page, NULL);
      rt_sign_in_page_set_busy (self->sign_in_page, TRUE);
    }
  else
    self->connecting = TRUE;

  g_clear_pointer (&self->load_error, g_free);
  update_actions (self);
  update_view (self);

  rt_client_get_me_async (sign_in->client, self->cancellable, get_me_cb, sign_in);
}

static void
start_sign_in (RtWindow   *self,
               const char *server,
               RtSecret   *access_key,
               SignInMode  mode)
{
  g_autofree char *normalized = normalize_server (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(RtClient) client = NULL;
  SignIn *sign_in;

  client = rt_client_new (normalized, access_key, NULL, &error);
  if (client == NULL)
    {
      show_sign_in (self, normalized, error->message);
      return;
    }

  if (mode != SIGN_IN_INTERACTIVE)
    show_sign_in (self, normalized, NULL);
  g_clear_pointer (&self->retry_sign_in, sign_in_free);

  sign_in = g_new0 (SignIn, 1);
  sign_in->self = g_object_ref (self);
  sign_in->server = g_steal_pointer (&normalized);
  sign_in->client = g_steal_pointer (&client);
  sign_in->access_key = rt_secret_ref (access_key);
  sign_in->mode = mode;

  check_sign_in (self, sign_in);
}

static void
sign_in_page_sign_in_cb (RtWindow   *self,
                         const char *server,
                         RtSecret   *access_key)
{
  start_sign_in (self, server, access_key, SIGN_IN_INTERACTIVE);
}

typedef struct
{
  RtWindow   *self;
  char       *server;
  SignInMode  mode;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->self);
  g_clear_pointer (&lookup->server, g_free);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

static void
lookup_access_key_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  RtWindow *self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) access_key = NULL;

  access_key = rt_secret_store_lookup_access_key_finish (RT_SECRET_STORE (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->connecting = FALSE;

  if (access_key == NULL)
    {
      if (error != NULL)
        g_debug ("Could not look up the access key: %s", error->message);
      show_sign_in (self, lookup->server, error != NULL ? error->message : NULL);
      return;
    }

  start_sign_in (self, lookup->server, access_key, lookup->mode);
}

static void
look_up_access_key (RtWindow   *self,
                    const char *server,
                    SignInMode  mode)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->server = normalize_server (server);
  lookup->mode = mode;

  rt_sign_in_page_set_server (self->sign_in_page, lookup->server);
  self->connecting = TRUE;
  update_view (self);

  rt_secret_store_lookup_access_key_async (self->secret_store, lookup->server,
                                           self->cancellable,
                                           lookup_access_key_cb, lookup);
}

/* How the window signs in when it opens. */
static void
sign_in_at_start (RtWindow *self)
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
        start_sign_in (self, option_server, access_key, SIGN_IN_EPHEMERAL);
      else
        look_up_access_key (self, option_server, SIGN_IN_STORED);
      return;
    }

  if (access_key != NULL)
    g_warning ("Ignoring REGISTRY_TOKENS_ACCESS_KEY: it needs --server");

  stored_server = g_settings_get_string (self->settings, "server-url");
  if (stored_server[0] != '\0')
    look_up_access_key (self, stored_server, SIGN_IN_STORED);
  else
    show_sign_in (self, NULL, NULL);
}

/* }}} */
/* Refreshing {{{ */

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RtWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rt_token_store_refresh_finish (RT_TOKEN_STORE (object), result, &error))
    {
      if (!is_closing (self))
        {
          _rt_window_reload_saved_secrets (self);
          update_view (self);
        }
      return;
    }

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED))
    {
      _rt_window_show_error (self, error);
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->tokens)) == 0)
    {
      g_clear_pointer (&self->load_error, g_free);
      self->load_error = g_strdup (error->message);
    }
  else
    {
      /* What is shown stays: a toast says it may be stale. */
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_button_label (toast, _("_Try Again"));
      adw_toast_set_action_name (toast, "win.refresh");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  update_view (self);
}

static void
refresh (RtWindow *self)
{
  g_assert (self->client != NULL);

  g_clear_pointer (&self->load_error, g_free);
  rt_token_store_refresh_async (self->tokens, self->client, self->session_cancellable,
                                refresh_cb, g_object_ref (self));
  update_view (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);

  if (self->client != NULL)
    refresh (self);
  else if (self->retry_sign_in != NULL)
    check_sign_in (self, g_steal_pointer (&self->retry_sign_in));
}

static void
store_loading_changed_cb (RtWindow *self)
{
  update_view (self);
}

/* Statuses and relative dates change at midnight (UTC, like the API). */
static gboolean
midnight_cb (gpointer user_data)
{
  RtWindow *self = user_data;
  GListModel *model = G_LIST_MODEL (self->tokens);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      rt_token_refresh_derived (token);
    }

  if (self->client != NULL)
    refresh (self);

  self->midnight_source = g_timeout_add_seconds (rt_clock_seconds_until_next_day () + 1,
                                                 midnight_cb, self);

  return G_SOURCE_REMOVE;
}

/* }}} */
/* Other actions {{{ */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

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
  g_autofree char *server = NULL;
  gboolean stored;

  if (g_strcmp0 (response, "sign-out") != 0)
    return;

  if (self->client != NULL)
    {
      server = g_strdup (self->server);
      stored = !self->ephemeral;
    }
  else if (self->retry_sign_in != NULL)
    {
      server = g_strdup (self->retry_sign_in->server);
      stored = self->retry_sign_in->mode != SIGN_IN_EPHEMERAL;
    }
  else
    return;

  show_sign_in (self, server, NULL);
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
  const char *server = self->server;
  AdwMessageDialog *dialog;
  gboolean ephemeral = self->ephemeral;

  if (server == NULL && self->retry_sign_in != NULL)
    {
      server = self->retry_sign_in->server;
      ephemeral = self->retry_sign_in->mode == SIGN_IN_EPHEMERAL;
    }
  if (server == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), NULL));
  if (ephemeral)
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
/* For rt-window-actions.c {{{ */

/**
 * _rt_window_find_token:
 *
 * Returns: (transfer none) (nullable): the token with @token_id
 */
RtToken *
_rt_window_find_token (RtWindow   *self,
                       const char *token_id)
{
  g_return_val_if_fail (RT_IS_WINDOW (self), NULL);
  g_return_val_if_fail (token_id != NULL, NULL);

  return rt_token_store_find (self->tokens, token_id, NULL);
}

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

  if (error == NULL || is_closing (self) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* An access key that expired or was revoked: sign in again. */
  if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED))
    {
      g_autofree char *server = g_strdup (self->server);

      show_sign_in (self, server, error->message);
      return;
    }

  _rt_window_show_toast (self, error->message);
}

void
_rt_window_token_changed (RtWindow *self,
                          RtToken  *token)
{
  RtToken *stored;

  g_return_if_fail (RT_IS_WINDOW (self));
  g_return_if_fail (RT_IS_TOKEN (token));

  if (self->client == NULL)
    return;

  stored = rt_token_store_update (self->tokens, token);
  apply_saved_secret (self, stored);
}

void
_rt_window_token_removed (RtWindow   *self,
                          const char *token_id)
{
  g_return_if_fail (RT_IS_WINDOW (self));
  g_return_if_fail (token_id != NULL);

  rt_token_store_remove (self->tokens, token_id);
}

void
_rt_window_reload_saved_secrets (RtWindow *self)
{
  g_return_if_fail (RT_IS_WINDOW (self));

  if (self->server == NULL)
    return;

  rt_secret_store_list_saved_token_ids_async (self->secret_store, self->server,
                                              self->session_cancellable,
                                              saved_secret_ids_cb,
                                              g_object_ref (self));
}

/* }}} */
/* GObject {{{ */

/* Adds @widget's keyboard shortcut to its tooltip, written the way the
 * user's locale writes it ("Ctrl+N", "Strg+N"), rather than hard-coded in a
 * translatable string. */
static void
add_shortcut_to_tooltip (GtkWidget       *widget,
                         guint            keyval,
                         GdkModifierType  modifiers)
{
  g_autofree char *accel = gtk_accelerator_get_label (keyval, modifiers);
  g_autofree char *tooltip = NULL;

  /* Translators: a button's tooltip, then its keyboard shortcut, as in
   * “Refresh (F5)” */
  tooltip = g_strdup_printf (C_("tooltip with shortcut", "%s (%s)"),
                             gtk_widget_get_tooltip_text (widget), accel);
  gtk_widget_set_tooltip_text (widget, tooltip);
}

static void
save_window_state (RtWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  gboolean maximized = gtk_window_is_maximized (window);

  if (self->window_state_saved)
    return;
  self->window_state_saved = TRUE;

  /* The unmaximized size, so that unmaximizing later restores it. */
  if (!maximized)
    {
      int width;
      int height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static gboolean
rt_window_close_request (GtkWindow *window)
{
  save_window_state (RT_WINDOW (window));

  return GTK_WINDOW_CLASS (rt_window_parent_class)->close_request (window);
}

static void
rt_window_constructed (GObject *object)
{
  RtWindow *self = RT_WINDOW (object);

  G_OBJECT_CLASS (rt_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* On Wayland a window without focus may not change the clipboard; a clear
 * that failed for that reason is retried when the focus comes back. */
static void
is_active_changed_cb (RtWindow   *self,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->clipboard != NULL)
    rt_clipboard_retry_pending (self->clipboard);
}

static void
rt_window_dispose (GObject *object)
{
  RtWindow *self = RT_WINDOW (object);

  /* Destroyed without being closed, as app.quit does. */
  if (self->settings != NULL)
    save_window_state (self);

  /* Nothing may call back into a window that is going away. */
  cancel_all (self);

  g_clear_handle_id (&self->midnight_source, g_source_remove);

  g_clear_object (&self->watched_token);

  /* Borrowed from the table, which goes with the template. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selected_item_changed_cb, self);
  self->column_view = NULL;
  self->selection = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_WINDOW);

  g_clear_pointer (&self->retry_sign_in, sign_in_free);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->tokens);
  g_clear_object (&self->secret_store);

  /* A secret copied from this window does not outlive it, quit included:
   * disposing the RtClipboard clears what it still holds. */
  g_signal_handlers_disconnect_by_func (self, is_active_changed_cb, NULL);
  g_clear_object (&self->clipboard);

  G_OBJECT_CLASS (rt_window_parent_class)->dispose (object);
}

static void
rt_window_finalize (GObject *object)
{
  RtWindow *self = RT_WINDOW (object);

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->saved_secret_ids, g_hash_table_unref);
  g_clear_object (&self->session_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rt_window_parent_class)->finalize (object);
}

static void
rt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RtWindow *self = RT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_window_class_init (RtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rt_window_constructed;
  object_class->dispose = rt_window_dispose;
  object_class->finalize = rt_window_finalize;
  object_class->get_property = rt_window_get_property;

  window_class->close_request = rt_window_close_request;

  /**
   * RtWindow:account:
   *
   * The signed-in account, or %NULL while signed out.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         RT_TYPE_ACCOUNT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RT_TYPE_SIGN_IN_PAGE);
  g_type_ensure (RT_TYPE_TOKEN_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, generate_squeezer);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, generate_icon_button);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, token_table);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_page_sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  _rt_window_class_actions_init (klass);
}

static void
rt_window_init (RtWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->session_cancellable = g_cancellable_new ();
  g_signal_connect (self, "unrealize", G_CALLBACK (cancel_all), NULL);
  self->watched_token = g_signal_group_new (RT_TYPE_TOKEN);
  g_signal_group_connect_object (self->watched_token, "notify::busy",
                                 G_CALLBACK (watched_token_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->watched_token, "notify::has-saved-secret",
                                 G_CALLBACK (watched_token_notify_cb), self, G_CONNECT_SWAPPED);
  self->settings = g_settings_new (APPLICATION_ID);
  self->secret_store = rt_secret_store_new ();
  self->clipboard = rt_clipboard_new (g_settings_get_uint (self->settings, "clipboard-clear-seconds"));
  self->tokens = rt_token_store_new ();
  self->saved_secret_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The shortcuts bound in rt_window_class_init() and rt-window-actions.c. */
  add_shortcut_to_tooltip (self->generate_button, GDK_KEY_n, GDK_CONTROL_MASK);
  add_shortcut_to_tooltip (self->generate_icon_button, GDK_KEY_n, GDK_CONTROL_MASK);
  add_shortcut_to_tooltip (self->refresh_button, GDK_KEY_F5, 0);
  add_shortcut_to_tooltip (self->search_button, GDK_KEY_f, GDK_CONTROL_MASK);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  g_settings_bind (self->settings, "clipboard-clear-seconds",
                   self->clipboard, "clear-seconds",
                   G_SETTINGS_BIND_GET);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_changed_cb), NULL);
  g_settings_bind (self->settings, "expiring-soon-days",
                   self->tokens, "expiring-soon-days",
                   G_SETTINGS_BIND_GET);

  /* The entry sits in a clamp, so the bar does not find it by itself. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  rt_token_table_set_model (self->token_table, G_LIST_MODEL (self->tokens));
  self->column_view = rt_token_table_get_column_view (self->token_table);
  self->selection = rt_token_table_get_selection (self->token_table);

  g_signal_connect_object (self->tokens, "items-changed",
                           G_CALLBACK (tokens_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tokens, "notify::loading",
                           G_CALLBACK (store_loading_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tokens, "notify::loaded",
                           G_CALLBACK (store_loading_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rt_token_table_get_filter_model (self->token_table), "items-changed",
                           G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rt_token_table_get_filter_model (self->token_table), "notify::pending",
                           G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);

  self->midnight_source = g_timeout_add_seconds (rt_clock_seconds_until_next_day () + 1,
                                                 midnight_cb, self);

  update_actions (self);
  update_view (self);
}

/* }}} */
/* Public API {{{ */

/**
 * rt_window_new:
 * @application: the application
 *
 * Makes a window that signs in as the application was told (--server), or
 * as the user did last time, or shows the sign-in page.
 *
 * Returns: (transfer full): a new window
 */
RtWindow *
rt_window_new (RtApplication *application)
{
  RtWindow *self;

  g_return_val_if_fail (RT_IS_APPLICATION (application), NULL);

  self = g_object_new (RT_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* Not in constructed(): "application" is set only after it. */
  sign_in_at_start (self);

  return self;
}

/**
 * rt_window_get_account:
 *
 * Returns: (transfer none) (nullable): the signed-in account
 */
RtAccount *
rt_window_get_account (RtWindow *self)
{
  g_return_val_if_fail (RT_IS_WINDOW (self), NULL);

  return self->account;
}

/**
 * rt_window_get_server:
 *
 * Returns: (nullable): the token service URL signed in to
 */
const char *
rt_window_get_server (RtWindow *self)
{
  g_return_val_if_fail (RT_IS_WINDOW (self), NULL);

  return self->client != NULL ? self->server : NULL;
}

/* }}} */
