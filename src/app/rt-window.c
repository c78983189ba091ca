/* rt-window.c: the main window: sign-in, the token table and its states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-clock.h"
#include "rt-confirm.h"
#include "rt-expiry-notifier.h"
#include "rt-window-private.h"

/* The RtSession holds the account, its client and tokens; the window shows
 * the session's state. Which page shows follows from that state in
 * update_view(), never from the path that led there:
 *
 *   signed in, tokens to show      → the table (or No Results while the
 *                                    search and filter match none)
 *   signed in, loaded, none        → No Tokens Yet
 *   signed in, load failed, none   → the error page with Try Again
 *   signed in, still loading, none → Loading
 *   signing in from the page       → the sign-in page, busy, until stored
 *   checking a stored key          → Loading
 *   a start-up sign-in failed      → the error page with Try Again
 *   otherwise                      → the sign-in page
 *
 * Signing in and out, with the keyring, is in rt-window-sign-in.c; the
 * token actions and their dialogs are in rt-window-actions.c. */

G_DEFINE_FINAL_TYPE (RtWindow, rt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_CURRENT_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
}

/* A start-up sign-in failed for a reason Try Again may fix. */
gboolean
_rt_window_can_retry_sign_in (RtWindow *self)
{
  return !self->signed_in && !self->interactive && rt_session_get_can_retry (self->session);
}

static const char *
get_error_message (RtWindow *self)
{
  const GError *error = rt_session_get_error (self->session);

  return error != NULL ? error->message : NULL;
}

/* Whether @session is one of the list's, saved or from --server, rather
 * than one the sign-in page is adding. */
static gboolean
is_listed (RtWindow  *self,
           RtSession *session)
{
  return session != NULL &&
         rt_account_list_lookup (self->accounts, rt_session_get_id (session)) == session;
}

/* The view {{{ */

static void select_pending_token (RtWindow *self);

static void
update_view (RtWindow *self)
{
  GListModel *tokens;
  RtSessionState state;
  gboolean checking;
  const char *page;
  const char *content = NULL;

  if (self->main_stack == NULL || self->session == NULL)
    return;

  tokens = G_LIST_MODEL (rt_session_get_tokens (self->session));
  state = rt_session_get_state (self->session);
  checking = self->looking_up || (state == RT_SESSION_STATE_SIGNING_IN && !self->interactive);

  if (self->signed_in)
    {
      if (g_list_model_get_n_items (tokens) > 0)
        {
          RtFilterList *filter_model = rt_token_table_get_filter_model (self->token_table);

          page = "tokens";
          if (rt_token_table_get_filtered (self->token_table) &&
              g_list_model_get_n_items (G_LIST_MODEL (filter_model)) == 0 &&
              rt_filter_list_get_pending (filter_model) == 0 &&
              rt_token_table_get_caught_up (self->token_table))
            content = "no-results";
          else
            content = "table";
        }
      else if (state == RT_SESSION_STATE_ERROR)
        page = "error";
      else if (rt_token_store_get_loaded (RT_TOKEN_STORE (tokens)))
        {
          page = "tokens";
          content = "empty";
        }
      else
        page = "loading";
    }
  else if (self->interactive)
    page = "sign-in";
  else if (checking)
    page = "loading";
  else if (_rt_window_can_retry_sign_in (self))
    page = "error";
  else
    page = "sign-in";

  if (g_str_equal (page, "error"))
    adw_status_page_set_description (self->error_page, get_error_message (self));
  if (content != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, content);
  gtk_stack_set_visible_child_name (self->main_stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));

  gtk_widget_set_visible (self->generate_squeezer, self->signed_in);
  /* Nothing to search in an empty list. */
  gtk_widget_set_visible (self->search_button,
                          self->signed_in && g_list_model_get_n_items (tokens) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_stack),
                          self->signed_in || _rt_window_can_retry_sign_in (self) || checking);
  checking = checking || (self->signed_in && state == RT_SESSION_STATE_LOADING);
  gtk_stack_set_visible_child_name (self->refresh_stack, checking ? "spinner" : "button");
  gtk_spinner_set_spinning (self->refresh_spinner, checking);

  _rt_window_update_filters (self);
  select_pending_token (self);
}

static void
update_actions (RtWindow *self)
{
  gboolean has_server = self->signed_in || _rt_window_can_retry_sign_in (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", has_server);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out",
                                 has_server || is_listed (self, self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", self->signed_in);

  _rt_window_update_actions (self);
}

void
_rt_window_update (RtWindow *self)
{
  update_actions (self);
  update_view (self);
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
                             rt_token_table_get_selected_token (self->token_table));
  _rt_window_update_actions (self);
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

static gboolean
account_to_subtitle (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      user_data)
{
  RtAccount *account = g_value_get_object (from);

  g_value_set_string (to, account != NULL ? rt_account_get_project_name (account) : NULL);
  return TRUE;
}

static gboolean
account_to_admin (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  RtAccount *account = g_value_get_object (from);

  g_value_set_boolean (to, account != NULL && rt_account_get_role (account) == RT_ROLE_ADMIN);
  return TRUE;
}

/* }}} */
/* Following the session {{{ */

/* Called whenever the session's account changes or an interactive sign-in
 * is done storing its key. */
void
_rt_window_update_signed_in (RtWindow *self)
{
  gboolean signed_in = rt_session_get_account (self->session) != NULL && !self->interactive;

  if (self->signed_in == signed_in)
    return;

  self->signed_in = signed_in;
  if (signed_in)
    {
      rt_sign_in_page_set_busy (self->sign_in_page, FALSE);
      rt_sign_in_page_set_error (self->sign_in_page, NULL);
      rt_sign_in_page_set_server (self->sign_in_page, rt_session_get_server (self->session));
      rt_sign_in_page_clear_access_key (self->sign_in_page);
      _rt_window_reload_saved_secrets (self);
    }
  else
    {
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      rt_token_table_clear_filters (self->token_table);
      gtk_revealer_set_reveal_child (self->error_banner, FALSE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);

  _rt_window_update (self);

  if (signed_in)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
session_state_changed_cb (RtWindow *self)
{
  RtSessionState state = rt_session_get_state (self->session);

  /* Signed out, or the key stopped working: the error says which. */
  if (state == RT_SESSION_STATE_SIGNED_OUT)
    {
      self->interactive = FALSE;
      self->ephemeral = FALSE;
      _rt_window_update_signed_in (self);
      _rt_window_show_sign_in (self, rt_session_get_server (self->session), get_error_message (self));
      return;
    }

  if (state == RT_SESSION_STATE_READY)
    _rt_window_reload_saved_secrets (self);
  _rt_window_update (self);
}

/* }}} */
/* Accounts {{{ */

static void refresh (RtWindow *self);

static const char *
get_account_name (RtSession *session)
{
  const char *name = rt_session_get_project_name (session);

  return name != NULL ? name : rt_session_get_server (session);
}

/* "Acme Robotics", or "Acme Robotics (api.example.com)" when another
 * account has that name too. */
static char *
dup_account_label (GListModel *accounts,
                   RtSession  *session)
{
  const char *name = get_account_name (session);
  guint n_items = g_list_model_get_n_items (accounts);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  gboolean shared = FALSE;

  for (guint i = 0; i < n_items && !shared; i++)
    {
      g_autoptr(RtSession) other = g_list_model_get_item (accounts, i);

      shared = other != session && g_strcmp0 (get_account_name (other), name) == 0;
    }
  if (!shared)
    return g_strdup (name);

  uri = g_uri_parse (rt_session_get_server (session), G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (name);

  if (g_uri_get_port (uri) > 0)
    host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    host = g_strdup (g_uri_get_host (uri));

  /* Translators: an account in the account switcher: its project's name
   * and, as other accounts have that name too, its server's host */
  return g_strdup_printf (_("%s (%s)"), name, host);
}

/* One radio item per account, named by its project (its server until the
 * first sign-in says which project it is). */
static void
update_accounts_menu (RtWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->accounts);
  guint n_items = g_list_model_get_n_items (model);

  g_menu_remove_all (self->accounts_menu);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtSession) session = g_list_model_get_item (model, i);
      g_autofree char *label = dup_account_label (model, session);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.switch-account", "s", rt_session_get_id (session));
      g_menu_append_item (self->accounts_menu, item);
    }
}

/* Every account the window shows is checked for expiring tokens as its
 * list arrives (the notifier is NULL in a --server run). */
static void
watch_expiry (RtWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  RtExpiryNotifier *notifier;

  if (!RT_IS_APPLICATION (application) || self->session == NULL)
    return;

  notifier = rt_application_get_expiry_notifier (RT_APPLICATION (application));
  if (notifier != NULL)
    rt_expiry_notifier_watch (notifier, self->session);
}

void
_rt_window_show_session (RtWindow  *self,
                         RtSession *session)
{
  g_autoptr(RtSession) old = NULL;
  RtTokenStore *tokens;
  RtSessionState state;
  const GError *error;
  gboolean was_signed_in = self->signed_in;

  g_return_if_fail (RT_IS_SESSION (session));

  if (self->session == session)
    return;

  old = g_steal_pointer (&self->session);
  self->session = g_object_ref (session);
  watch_expiry (self);
  tokens = rt_session_get_tokens (session);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->tokens_signals, tokens);
  g_settings_bind (self->settings, "expiring-soon-days",
                   tokens, "expiring-soon-days",
                   G_SETTINGS_BIND_GET);
  rt_token_table_set_model (self->token_table, G_LIST_MODEL (tokens));
  /* Each saved account its own columns and sort. */
  rt_token_table_set_view_settings (self->token_table,
                                    rt_account_list_get_settings (self->accounts, session));

  /* An account that was being added, left for another: forgotten. */
  if (old != NULL && !is_listed (self, old))
    rt_session_sign_out (old);

  self->interactive = FALSE;
  self->looking_up = FALSE;
  self->ephemeral = is_listed (self, session) && !rt_account_list_is_saved (self->accounts, session);
  if (is_listed (self, session))
    rt_account_list_set_current (self->accounts, session);

  /* The search and the filter (its creators are this project's) were for
   * the account left. */
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  rt_token_table_clear_filters (self->token_table);
  gtk_revealer_set_reveal_child (self->error_banner, FALSE);
  rt_sign_in_page_clear_access_key (self->sign_in_page);
  rt_sign_in_page_set_server (self->sign_in_page, rt_session_get_server (session) ?: "");
  rt_sign_in_page_set_error (self->sign_in_page, NULL);
  rt_sign_in_page_set_busy (self->sign_in_page, FALSE);

  /* Recomputed, with its notification, for the account now shown. */
  self->signed_in = FALSE;
  _rt_window_update_signed_in (self);
  if (was_signed_in && !self->signed_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_ACCOUNT]);
  update_accounts_menu (self);

  state = rt_session_get_state (session);
  error = rt_session_get_error (session);
  if (state == RT_SESSION_STATE_SIGNED_OUT && error == NULL &&
      rt_account_list_is_saved (self->accounts, session))
    _rt_window_sign_in_saved (self);
  else if (state == RT_SESSION_STATE_SIGNED_OUT ||
           (state == RT_SESSION_STATE_ERROR && !self->signed_in &&
            !rt_session_get_can_retry (session)))
    _rt_window_show_sign_in (self, rt_session_get_server (session),
                             error != NULL ? error->message : NULL);
  else if (self->signed_in && state == RT_SESSION_STATE_READY)
    refresh (self);

  _rt_window_update (self);
}

void
_rt_window_tie_dialog (RtWindow  *self,
                       GtkWindow *dialog)
{
  g_object_set_data_full (G_OBJECT (dialog), "rt-window-session",
                          g_object_ref (self->session), g_object_unref);
}

gboolean
_rt_window_dialog_is_current (RtWindow  *self,
                              GtkWindow *dialog)
{
  return _rt_window_dialog_get_session (dialog) == self->session;
}

/* The session @dialog was opened on (_rt_window_tie_dialog()), shown or
 * not now. */
RtSession *
_rt_window_dialog_get_session (GtkWindow *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "rt-window-session");
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  g_autoptr(RtSession) session = rt_session_new ();

  _rt_window_show_session (self, session);
}

static void
set_current_account (RtWindow   *self,
                     const char *id)
{
  RtSession *session = rt_account_list_lookup (self->accounts, id);

  if (session != NULL)
    _rt_window_show_session (self, session);
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
  gboolean refreshed = rt_session_refresh_finish (RT_SESSION (object), result, &error);

  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A 401 signed out; with nothing to show, the error page says why. */
  if (refreshed || rt_session_get_state (self->session) != RT_SESSION_STATE_READY)
    {
      gtk_revealer_set_reveal_child (self->error_banner, FALSE);
      return;
    }

  /* What is shown stays: the banner says it may be stale, and why. */
  gtk_label_set_label (self->error_banner_label, error->message);
  gtk_revealer_set_reveal_child (self->error_banner, TRUE);
}

static void
refresh (RtWindow *self)
{
  rt_session_refresh_async (self->session, self->cancellable, refresh_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);

  if (self->signed_in)
    refresh (self);
  else if (_rt_window_can_retry_sign_in (self))
    _rt_window_retry_sign_in (self);
}

/* Statuses and relative dates change at midnight (UTC, like the API). */
static gboolean
midnight_cb (gpointer user_data)
{
  RtWindow *self = user_data;
  guint n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint a = 0; a < n_accounts; a++)
    {
      g_autoptr(RtSession) session = g_list_model_get_item (G_LIST_MODEL (self->accounts), a);
      GListModel *model = G_LIST_MODEL (rt_session_get_tokens (session));
      guint n_items = g_list_model_get_n_items (model);

      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(RtToken) token = g_list_model_get_item (model, i);

          rt_token_refresh_derived (token);
        }
    }

  if (self->signed_in)
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
  g_clear_object (&self->session_signals);
  g_clear_object (&self->tokens_signals);

  g_clear_handle_id (&self->midnight_source, g_source_remove);

  g_clear_object (&self->watched_token);

  /* Borrowed from the table, which goes with the template. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selected_item_changed_cb, self);
  self->column_view = NULL;
  self->selection = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_WINDOW);

  g_clear_object (&self->session);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_clear_object (&self->accounts);
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

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_token_id, g_free);

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
      g_value_set_object (value, rt_window_get_account (self));
      break;

    case PROP_CURRENT_ACCOUNT:
      g_value_set_string (value, self->session != NULL ? rt_session_get_id (self->session) : "");
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RtWindow *self = RT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CURRENT_ACCOUNT:
      set_current_account (self, g_value_get_string (value));
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
  object_class->set_property = rt_window_set_property;

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

  /**
   * RtWindow:current-account:
   *
   * The id of the account shown (see #RtSession:id); setting it to the id of
   * another account of the list shows that one. The state of the
   * win.switch-account action.
   */
  properties[PROP_CURRENT_ACCOUNT] =
    g_param_spec_string ("current-account", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RT_TYPE_SIGN_IN_PAGE);
  g_type_ensure (RT_TYPE_TOKEN_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, accounts_menu);
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
  gtk_widget_class_bind_template_child (widget_class, RtWindow, error_banner);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, error_banner_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_property_action (widget_class, "win.switch-account", "current-account");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  _rt_window_class_actions_init (klass);
  _rt_window_class_sign_in_init (klass);
  _rt_window_class_filters_init (klass);
}

static void
rt_window_init (RtWindow *self)
{
  g_autoptr(RtSession) session = NULL;

  self->cancellable = g_cancellable_new ();
  g_signal_connect (self, "unrealize", G_CALLBACK (cancel_all), NULL);
  self->watched_token = g_signal_group_new (RT_TYPE_TOKEN);
  g_signal_group_connect_object (self->watched_token, "notify::busy",
                                 G_CALLBACK (watched_token_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->watched_token, "notify::has-saved-secret",
                                 G_CALLBACK (watched_token_notify_cb), self, G_CONNECT_SWAPPED);
  self->settings = g_settings_new (APPLICATION_ID);
  self->secret_store = rt_secret_store_new ();
  self->clipboard = rt_clipboard_new (g_settings_get_uint (self->settings, "clipboard-clear-seconds"));
  self->accounts = rt_account_list_new (self->settings);
  self->session_signals = g_signal_group_new (RT_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::account",
                                 G_CALLBACK (_rt_window_update_signed_in), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::project-name",
                                 G_CALLBACK (update_accounts_menu), self, G_CONNECT_SWAPPED);
  self->tokens_signals = g_signal_group_new (RT_TYPE_TOKEN_STORE);
  g_signal_group_connect_object (self->tokens_signals, "items-changed",
                                 G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->tokens_signals, "notify::loading",
                                 G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->tokens_signals, "notify::loaded",
                                 G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);

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

  /* The entry sits in a clamp, so the bar does not find it by itself. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  self->column_view = rt_token_table_get_column_view (self->token_table);
  self->selection = rt_token_table_get_selection (self->token_table);

  g_signal_connect_object (self->accounts, "items-changed",
                           G_CALLBACK (update_accounts_menu), self, G_CONNECT_SWAPPED);
  g_object_bind_property_full (self, "account", self->window_title, "subtitle",
                               G_BINDING_SYNC_CREATE, account_to_subtitle, NULL, NULL, NULL);
  g_object_bind_property_full (self, "account", self->token_table, "admin",
                               G_BINDING_SYNC_CREATE, account_to_admin, NULL, NULL, NULL);
  g_signal_connect_object (rt_token_table_get_filter_model (self->token_table), "items-changed",
                           G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rt_token_table_get_filter_model (self->token_table), "notify::pending",
                           G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  _rt_window_filters_init (self);

  self->midnight_source = g_timeout_add_seconds (rt_clock_seconds_until_next_day () + 1,
                                                 midnight_cb, self);

  /* Until rt_window_new() picks the account: none, signed out. */
  session = rt_session_new ();
  _rt_window_show_session (self, session);
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
  watch_expiry (self);
  _rt_window_sign_in_at_start (self);

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

  return self->signed_in ? rt_session_get_account (self->session) : NULL;
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

  return self->signed_in ? rt_session_get_server (self->session) : NULL;
}

/* The account of @user_id at @server, or one there whose user is not known
 * yet (from before accounts, not signed in since). */
static RtSession *
find_account (RtWindow   *self,
              const char *server,
              const char *user_id)
{
  GListModel *accounts = G_LIST_MODEL (self->accounts);
  RtSession *account = rt_account_list_find (self->accounts, server, user_id);
  g_autofree char *normalized = NULL;

  if (account != NULL || user_id == NULL)
    return account;

  normalized = rt_session_normalize_server (server);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(RtSession) session = g_list_model_get_item (accounts, i);

      if (rt_session_get_user_id (session) == NULL &&
          g_strcmp0 (rt_session_get_server (session), normalized) == 0)
        return session;
    }

  return NULL;
}

/**
 * rt_window_select_token:
 * @server: the token's server
 * @user_id: (nullable): the user of the token's account, if known
 * @token_id: a token's id
 *
 * Switches to the token's account if another one is shown, then selects
 * and shows the token, now or once the table holds it (after signing in).
 * The search and the filters are cleared so that nothing hides it; a token
 * that is not there once the list is read is let go, and so is one whose
 * account is no longer listed.
 */
void
rt_window_select_token (RtWindow   *self,
                        const char *server,
                        const char *user_id,
                        const char *token_id)
{
  RtSession *account;

  g_return_if_fail (RT_IS_WINDOW (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (token_id != NULL);

  account = find_account (self, server, user_id);
  /* Removed since: another account's token of that id is not it. */
  if (account == NULL)
    {
      g_debug ("Token %s is of an account no longer listed", token_id);
      return;
    }
  if (account != self->session)
    g_object_set (self, "current-account", rt_session_get_id (account), NULL);

  g_free (self->pending_token_id);
  self->pending_token_id = g_strdup (token_id);
  /* Shown whatever the search and the filters were. */
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  rt_token_table_clear_filters (self->token_table);
  select_pending_token (self);
}

/* }}} */
/* Selecting a token from outside {{{ */

static void
select_pending_token (RtWindow *self)
{
  GListModel *model;
  RtFilterList *filter_model;
  guint n_items;

  if (self->pending_token_id == NULL || !self->signed_in || self->selection == NULL)
    return;

  model = G_LIST_MODEL (self->selection);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      /* Called while the models after the store still take in a change. */
      if (token == NULL)
        break;

      if (g_strcmp0 (rt_token_get_id (token), self->pending_token_id) == 0)
        {
          g_clear_pointer (&self->pending_token_id, g_free);
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          /* GTK 4.8's column view has no scroll_to(); its list view has
           * the action. */
          for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
               child != NULL;
               child = gtk_widget_get_next_sibling (child))
            if (GTK_IS_LIST_VIEW (child))
              gtk_widget_activate_action (child, "list.scroll-to-item", "u", i);
          gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
          return;
        }
    }

  filter_model = rt_token_table_get_filter_model (self->token_table);
  if (rt_token_store_get_loaded (rt_session_get_tokens (self->session)) &&
      rt_filter_list_get_pending (filter_model) == 0 &&
      rt_token_table_get_caught_up (self->token_table))
    {
      g_debug ("Token %s is not in the list", self->pending_token_id);
      g_clear_pointer (&self->pending_token_id, g_free);
    }
}

/* }}} */
