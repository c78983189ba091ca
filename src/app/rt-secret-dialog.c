/* rt-secret-dialog.c: shows a new token secret, once, and helps to keep it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-confirm.h"
#include "rt-secret-dialog-private.h"
#include "rt-ui-util.h"

G_DEFINE_FINAL_TYPE (RtSecretDialog, rt_secret_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_REGISTRY_HOST,
  PROP_TOKEN,
  PROP_SECRET,
  PROP_REGENERATED,
  PROP_SECRET_STORE,
  PROP_CLIPBOARD,
  PROP_SETTINGS,
  PROP_COPIED,
  PROP_SAVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SECRET_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * rt_secret_dialog_new:
 * @parent: the main window
 * @server: the API server the token belongs to
 * @registry_host: the registry host, as `docker login` names it
 * @token: the token
 * @secret: its new secret
 * @regenerated: whether the secret replaced an older one
 * @secret_store: the keyring
 * @clipboard: the clipboard helper that clears a copied secret
 * @settings: the app's settings
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of toplevels
 */
RtSecretDialog *
rt_secret_dialog_new (GtkWindow     *parent,
                      const char    *server,
                      const char    *registry_host,
                      RtToken       *token,
                      RtSecret      *secret,
                      gboolean       regenerated,
                      RtSecretStore *secret_store,
                      RtClipboard   *clipboard,
                      GSettings     *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (registry_host != NULL, NULL);
  g_return_val_if_fail (RT_IS_TOKEN (token), NULL);
  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (RT_IS_SECRET_STORE (secret_store), NULL);
  g_return_val_if_fail (RT_IS_CLIPBOARD (clipboard), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (RT_TYPE_SECRET_DIALOG,
                       "transient-for", parent,
                       "server", server,
                       "registry-host", registry_host,
                       "token", token,
                       "secret", secret,
                       "regenerated", regenerated,
                       "secret-store", secret_store,
                       "clipboard", clipboard,
                       "settings", settings,
                       NULL);
}

/**
 * rt_secret_dialog_set_tokens:
 * @tokens: (nullable): the loaded #RtToken s, to name the token whose docker
 *   credentials a save replaced
 */
void
rt_secret_dialog_set_tokens (RtSecretDialog *self,
                             GListModel     *tokens)
{
  g_return_if_fail (RT_IS_SECRET_DIALOG (self));
  g_return_if_fail (tokens == NULL || G_IS_LIST_MODEL (tokens));

  g_set_object (&self->tokens, tokens);
}

RtToken *
rt_secret_dialog_get_token (RtSecretDialog *self)
{
  g_return_val_if_fail (RT_IS_SECRET_DIALOG (self), NULL);

  return self->token;
}

gboolean
rt_secret_dialog_get_copied (RtSecretDialog *self)
{
  g_return_val_if_fail (RT_IS_SECRET_DIALOG (self), FALSE);

  return self->copied;
}

gboolean
rt_secret_dialog_get_saved (RtSecretDialog *self)
{
  g_return_val_if_fail (RT_IS_SECRET_DIALOG (self), FALSE);

  return self->saved;
}

static gboolean
is_shell_safe (const char *word)
{
  if (word[0] == '\0')
    return FALSE;

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("+-._:/@=", *p) == NULL)
      return FALSE;

  return TRUE;
}

static char *
shell_word (const char *word)
{
  return is_shell_safe (word) ? g_strdup (word) : g_shell_quote (word);
}

/**
 * rt_secret_dialog_dup_login_command:
 *
 * Returns: (transfer full): the `docker login` command for the token, which
 *   reads the secret from its standard input (it never contains the secret)
 */
char *
rt_secret_dialog_dup_login_command (RtSecretDialog *self)
{
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;

  g_return_val_if_fail (RT_IS_SECRET_DIALOG (self), NULL);

  host = shell_word (self->registry_host);
  username = shell_word (rt_token_get_username (self->token) != NULL
                         ? rt_token_get_username (self->token) : "");

  return g_strdup_printf ("docker login %s --username %s --password-stdin", host, username);
}

void
_rt_secret_dialog_set_label (GtkLabel   *label,
                             const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

/* The status, followed by whose docker credentials the save replaced. */
static void
set_status (RtSecretDialog *self,
            const char     *status)
{
  g_autofree char *text = NULL;

  if (self->replaced_note != NULL)
    text = g_strjoin ("\n", status != NULL ? status : _("Saved to the keyring."),
                      self->replaced_note, NULL);

  _rt_secret_dialog_set_label (self->status_label, text != NULL ? text : status);
}

/* A part of docker's and podman's setup failed; the app's item is saved. */
void
_rt_secret_dialog_show_docker_failed (RtSecretDialog *self,
                                      const char     *message)
{
  g_autofree char *text = NULL;

  /* Translators: %s is why, a sentence (for example the keyring's error, or
   * the files that could not be changed with why) */
  text = g_strdup_printf (_("Saved to the keyring, but docker and podman could not be set up: %s"),
                          message);
  set_status (self, NULL);
  _rt_secret_dialog_set_label (self->error_label, text);
}

static void
update_actions (RtSecretDialog *self)
{
  gboolean have_secret = self->secret != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "secret.copy", have_secret);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "secret.save",
                                 have_secret && !self->saving && !self->saved);
  gtk_widget_set_sensitive (GTK_WIDGET (self->docker_row), !self->saving && !self->saved);
}

static void
set_copied (RtSecretDialog *self)
{
  if (self->copied)
    return;

  self->copied = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPIED]);
}

static void
set_saved (RtSecretDialog *self)
{
  if (!self->saved)
    {
      self->saved = TRUE;
      gtk_label_set_text_with_mnemonic (self->save_label, _("Saved"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->save_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saved"),
                                      -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
    }

  update_actions (self);
}

/* Drops the secret: the label's copy first, then ours (wiped as it is freed). */
static void
wipe_secret (RtSecretDialog *self)
{
  if (self->secret_label != NULL)
    gtk_label_set_text (self->secret_label, "");

  g_clear_pointer (&self->secret, rt_secret_unref);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (widget);
  g_autofree char *text = NULL;
  guint seconds;

  if (self->secret == NULL)
    return;

  if (!rt_clipboard_copy_secret (self->clipboard,
                                 gtk_widget_get_clipboard (widget),
                                 self->secret))
    {
      _rt_secret_dialog_set_label (self->copy_status_label, _("The secret could not be copied to the clipboard."));
      return;
    }

  set_copied (self);

  seconds = rt_clipboard_get_clear_seconds (self->clipboard);
  if (seconds == 0)
    text = g_strdup (_("Secret copied. It stays on the clipboard until you copy something else."));
  else
    text = g_strdup_printf (ngettext ("Secret copied. The clipboard will be cleared in %u second.",
                                      "Secret copied. The clipboard will be cleared in %u seconds.",
                                      seconds),
                            seconds);

  _rt_secret_dialog_set_label (self->copy_status_label, text);
}

static void
copy_login_command_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (widget);
  g_autofree char *command = rt_secret_dialog_dup_login_command (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), command);
  _rt_secret_dialog_set_label (self->login_status_label, _("Login command copied. Paste the secret when docker asks for it."));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtSecretDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *replaced = NULL;
  RtSecretStoreChanges changes = RT_SECRET_STORE_CHANGE_NONE;
  gboolean ok;

  ok = rt_secret_store_save_token_secret_finish (RT_SECRET_STORE (object), result,
                                                 &changes, &replaced, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->saving = FALSE;

  if (!ok)
    {
      g_autofree char *message = NULL;

      g_debug ("Saving a token secret failed: %s", error->message);

      if ((changes & RT_SECRET_STORE_CHANGE_APP) != 0)
        {
          /* The app's item is saved: only docker's part failed. */
          _rt_secret_dialog_show_docker_failed (self, error->message);
          set_saved (self);
          g_signal_emit (self, signals[SECRET_SAVED], 0);
          return;
        }

      /* Translators: %s is the keyring's error, a sentence */
      message = g_strdup_printf (_("The secret could not be saved. %s"), error->message);
      _rt_secret_dialog_set_label (self->error_label, message);
      update_actions (self);
      return;
    }

  _rt_secret_dialog_set_label (self->error_label, NULL);

  if ((changes & RT_SECRET_STORE_CHANGE_DOCKER_REPLACED) != 0 && replaced != NULL &&
      g_strcmp0 (replaced, rt_token_get_username (self->token)) != 0)
    {
      /* Said in the status below, which stays in view. */
      g_clear_pointer (&self->replaced_note, g_free);
      self->replaced_note = _rt_secret_dialog_describe_replaced (self, replaced);
    }

  if ((changes & RT_SECRET_STORE_CHANGE_DOCKER) != 0)
    {
      /* Whose credentials were replaced is said in the status from now on. */
      adw_action_row_set_subtitle (self->docker_row, "");
      set_status (self, _("Saved to the keyring, for Registry Tokens and for docker and podman."));
    }
  else
    set_status (self, _("Saved to the keyring."));

  set_saved (self);
  g_signal_emit (self, signals[SECRET_SAVED], 0);

  if ((changes & RT_SECRET_STORE_CHANGE_DOCKER) != 0)
    _rt_secret_dialog_after_docker_saved (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (widget);

  if (self->secret == NULL || self->saving || self->saved)
    return;

  self->saving = TRUE;
  _rt_secret_dialog_set_label (self->error_label, NULL);
  update_actions (self);

  rt_secret_store_save_token_secret_async (self->secret_store,
                                           self->server,
                                           self->registry_host,
                                           rt_token_get_id (self->token),
                                           rt_token_get_name (self->token),
                                           rt_token_get_username (self->token),
                                           self->secret,
                                           gtk_switch_get_active (self->docker_switch),
                                           self->cancellable,
                                           save_cb,
                                           g_object_ref (self));
}

void
rt_secret_dialog_keyring_updated (RtSecretDialog *self)
{
  g_return_if_fail (RT_IS_SECRET_DIALOG (self));

  _rt_secret_dialog_set_label (self->status_label, _("The saved keyring entries were updated."));

  /* "Shown only once… save it" is no longer the point: it is saved. */
  gtk_label_set_markup (self->warning_label,
                        _("<b>The keyring holds this new secret.</b> It is not shown again "
                          "after you close this window: copy it now only if a system "
                          "that does not read the keyring needs it."));
  gtk_image_set_from_icon_name (self->warning_icon, "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->warning_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->warning_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->warning_icon), "success");
  set_saved (self);
}

void
rt_secret_dialog_keyring_update_failed (RtSecretDialog *self,
                                        const char     *message)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RT_IS_SECRET_DIALOG (self));

  /* Translators: %s is the keyring's error, a sentence */
  text = g_strdup_printf (_("The saved keyring entries still hold the old secret, which no longer works. %s"),
                          message != NULL ? message : "");
  _rt_secret_dialog_set_label (self->error_label, text);
}

static gboolean
close_confirmed_cb (gpointer user_data)
{
  RtSecretDialog *self = user_data;

  if (!g_cancellable_is_cancelled (self->cancellable))
    gtk_window_close (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
close_question_response_cb (RtSecretDialog *self,
                            const char     *response)
{
  if (g_strcmp0 (response, RT_CONFIRM_RESPONSE_CONFIRM) != 0)
    return;

  /* Closing destroys the question too: let it finish answering first. */
  self->close_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_confirmed_cb,
                   g_object_ref (self), g_object_unref);
}

static gboolean
rt_secret_dialog_close_request (GtkWindow *window)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (window);

  if (self->secret != NULL && !self->copied && !self->saved && !self->close_confirmed)
    {
      if (self->close_question == NULL)
        {
          self->close_question = rt_confirm_new (window,
                                                 _("Close Without Saving the Secret?"),
                                                 _("It cannot be shown again."),
                                                 _("_Go Back"),
                                                 _("_Close Anyway"));
          g_object_add_weak_pointer (G_OBJECT (self->close_question),
                                     (gpointer *) &self->close_question);
          g_signal_connect_object (self->close_question, "response",
                                   G_CALLBACK (close_question_response_cb),
                                   self, G_CONNECT_SWAPPED);
        }

      gtk_window_present (GTK_WINDOW (self->close_question));
      return TRUE;
    }

  g_cancellable_cancel (self->cancellable);
  wipe_secret (self);

  return GTK_WINDOW_CLASS (rt_secret_dialog_parent_class)->close_request (window);
}

/* gtk_window_destroy() disposes the dialog only once no reply holds it: the
 * secret goes at once all the same. */
static void
destroyed_cb (RtSecretDialog *self)
{
  wipe_secret (self);
}

static void
rt_secret_dialog_map (GtkWidget *widget)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (widget);

  GTK_WIDGET_CLASS (rt_secret_dialog_parent_class)->map (widget);

  /* Focus the Copy button, not the selectable secret: focusing a label
   * selects all of it, which on X11 puts the secret in the primary
   * selection. */
  gtk_widget_grab_focus (GTK_WIDGET (self->copy_button));
}

/* A scrollbar, not a line break, says that more of the line follows. */
static void
update_scrollbar (GtkScrollbar *scrollbar)
{
  GtkAdjustment *adjustment = gtk_scrollbar_get_adjustment (scrollbar);

  gtk_widget_set_visible (GTK_WIDGET (scrollbar),
                          gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment) >
                          gtk_adjustment_get_page_size (adjustment));
}

static void
show_scrollbar_when_needed (GtkScrollbar *scrollbar)
{
  g_signal_connect_object (gtk_scrollbar_get_adjustment (scrollbar), "changed",
                           G_CALLBACK (update_scrollbar), scrollbar, G_CONNECT_SWAPPED);
}

static void
rt_secret_dialog_constructed (GObject *object)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (object);
  const char *name;
  g_autofree char *command = NULL;

  G_OBJECT_CLASS (rt_secret_dialog_parent_class)->constructed (object);

  g_assert (self->token != NULL);
  g_assert (self->secret != NULL);
  g_assert (self->settings != NULL);

  name = rt_token_get_name (self->token);

  /* The title names the token, never its secret. */
  adw_window_title_set_title (self->window_title,
                              self->regenerated ? _("New Secret") : _("Token Created"));
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_window_set_title (GTK_WINDOW (self),
                        self->regenerated ? _("New Secret") : _("Token Created"));

  adw_action_row_set_subtitle (self->name_row, name);
  adw_action_row_set_subtitle (self->registry_row, self->registry_host);
  adw_action_row_set_subtitle (self->username_row, rt_token_get_username (self->token));

  command = rt_secret_dialog_dup_login_command (self);
  gtk_label_set_text (self->login_label, command);

  gtk_label_set_text (self->secret_label, rt_secret_get (self->secret, NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->secret_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Secret"),
                                  -1);

  g_settings_bind (self->settings, "save-for-docker",
                   self->docker_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  _rt_secret_dialog_look_up_docker_username (self);

  update_actions (self);
}

static void
rt_secret_dialog_dispose (GObject *object)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  wipe_secret (self);

  if (self->close_question != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->close_question),
                                    (gpointer *) &self->close_question);
      self->close_question = NULL;
    }

  if (self->settings != NULL && self->docker_switch != NULL)
    g_settings_unbind (self->docker_switch, "active");

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_SECRET_DIALOG);

  g_clear_object (&self->token);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->clipboard);
  g_clear_object (&self->settings);
  g_clear_object (&self->tokens);

  G_OBJECT_CLASS (rt_secret_dialog_parent_class)->dispose (object);
}

static void
rt_secret_dialog_finalize (GObject *object)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->registry_host, g_free);
  g_clear_pointer (&self->replaced_note, g_free);

  G_OBJECT_CLASS (rt_secret_dialog_parent_class)->finalize (object);
}

static void
rt_secret_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_REGISTRY_HOST:
      g_value_set_string (value, self->registry_host);
      break;

    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;

    case PROP_REGENERATED:
      g_value_set_boolean (value, self->regenerated);
      break;

    case PROP_SECRET_STORE:
      g_value_set_object (value, self->secret_store);
      break;

    case PROP_CLIPBOARD:
      g_value_set_object (value, self->clipboard);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_COPIED:
      g_value_set_boolean (value, self->copied);
      break;

    case PROP_SAVED:
      g_value_set_boolean (value, self->saved);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_secret_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RtSecretDialog *self = RT_SECRET_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;

    case PROP_REGISTRY_HOST:
      self->registry_host = g_value_dup_string (value);
      break;

    case PROP_TOKEN:
      self->token = g_value_dup_object (value);
      break;

    case PROP_SECRET:
      self->secret = g_value_dup_boxed (value);
      break;

    case PROP_REGENERATED:
      self->regenerated = g_value_get_boolean (value);
      break;

    case PROP_SECRET_STORE:
      self->secret_store = g_value_dup_object (value);
      break;

    case PROP_CLIPBOARD:
      self->clipboard = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_secret_dialog_class_init (RtSecretDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rt_secret_dialog_constructed;
  object_class->dispose = rt_secret_dialog_dispose;
  object_class->finalize = rt_secret_dialog_finalize;
  object_class->get_property = rt_secret_dialog_get_property;
  object_class->set_property = rt_secret_dialog_set_property;

  window_class->close_request = rt_secret_dialog_close_request;
  widget_class->map = rt_secret_dialog_map;

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRY_HOST] =
    g_param_spec_string ("registry-host", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL,
                         RT_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: the secret is never handed out again. */
  properties[PROP_SECRET] =
    g_param_spec_boxed ("secret", NULL, NULL,
                        RT_TYPE_SECRET,
                        G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGENERATED] =
    g_param_spec_boolean ("regenerated", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRET_STORE] =
    g_param_spec_object ("secret-store", NULL, NULL,
                         RT_TYPE_SECRET_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIPBOARD] =
    g_param_spec_object ("clipboard", NULL, NULL,
                         RT_TYPE_CLIPBOARD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPIED] =
    g_param_spec_boolean ("copied", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVED] =
    g_param_spec_boolean ("saved", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtSecretDialog::secret-saved:
   *
   * The secret was saved to the keyring: the window's saved-secret marks
   * need a reload.
   */
  signals[SECRET_SAVED] =
    g_signal_new ("secret-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-secret-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, registry_row);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, secret_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, save_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, docker_row);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, docker_switch);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, copy_status_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, login_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, login_status_label);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, secret_scrollbar);
  gtk_widget_class_bind_template_child (widget_class, RtSecretDialog, login_scrollbar);

  gtk_widget_class_install_action (widget_class, "secret.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "secret.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "secret.copy-login-command", NULL,
                                   copy_login_command_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rt_secret_dialog_init (RtSecretDialog *self)
{
  self->cancellable = g_cancellable_new ();
  rt_ui_cancel_when_destroyed (GTK_WINDOW (self), self->cancellable);
  g_signal_connect (self, "unrealize", G_CALLBACK (destroyed_cb), NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  show_scrollbar_when_needed (self->secret_scrollbar);
  show_scrollbar_when_needed (self->login_scrollbar);
}
