/* rt-generate-dialog.c: asks for a new token's name (and owner) and creates it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-generate-dialog.h"
#include "rt-json.h"
#include "rt-service-user.h"
#include "rt-token.h"
#include "rt-ui-util.h"

/* The rows of type_row's model, in order. */
enum
{
  TYPE_ROW_USER,
  TYPE_ROW_SERVICE,
};

struct _RtGenerateDialog
{
  AdwWindow             parent_instance;

  RtClient             *client;
  RtAccount            *account;
  GListModel           *tokens;

  /* Cancelled when the dialog closes. The create request does not take it:
   * once sent, the token may exist, and its secret is never sent again. */
  GCancellable         *cancellable;
  GListStore           *service_users;
  /* Names the server said are taken since the dialog opened (lower case). */
  GHashTable           *taken_names;
  char                 *problem;
  guint                 busy : 1;
  guint                 edited : 1;
  guint                 service_users_loaded : 1;
  /* Shows a too-short name's problem once the user pauses. */
  guint                 length_problem_timeout;

  /* Template children */
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *error_group;
  GtkLabel             *error_label;
  AdwEntryRow          *name_row;
  GtkLabel             *name_problem_label;
  AdwPreferencesGroup  *owner_group;
  AdwComboRow          *type_row;
  AdwComboRow          *service_user_row;
  GtkLabel             *service_users_message;
  GtkSpinner           *spinner;
};

G_DEFINE_FINAL_TYPE (RtGenerateDialog, rt_generate_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_ACCOUNT,
  PROP_TOKENS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  TOKEN_CREATED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * rt_generate_dialog_new:
 * @parent: the main window
 * @client: the signed-in client
 * @account: the signed-in account: admins may also make service tokens
 * @tokens: (nullable): the #RtToken s already loaded, whose names are taken
 *
 * Emits #RtGenerateDialog::token-created and closes when the token was made.
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of toplevels
 */
RtGenerateDialog *
rt_generate_dialog_new (GtkWindow  *parent,
                        RtClient   *client,
                        RtAccount  *account,
                        GListModel *tokens)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RT_IS_CLIENT (client), NULL);
  g_return_val_if_fail (RT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (tokens == NULL || G_IS_LIST_MODEL (tokens), NULL);

  return g_object_new (RT_TYPE_GENERATE_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "account", account,
                       "tokens", tokens,
                       NULL);
}

const char *
rt_generate_dialog_get_name (RtGenerateDialog *self)
{
  g_return_val_if_fail (RT_IS_GENERATE_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
rt_generate_dialog_set_name (RtGenerateDialog *self,
                             const char       *name)
{
  g_return_if_fail (RT_IS_GENERATE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
}

const char *
rt_generate_dialog_get_problem (RtGenerateDialog *self)
{
  g_return_val_if_fail (RT_IS_GENERATE_DIALOG (self), NULL);

  return self->problem;
}

gboolean
rt_generate_dialog_get_busy (RtGenerateDialog *self)
{
  g_return_val_if_fail (RT_IS_GENERATE_DIALOG (self), FALSE);

  return self->busy;
}

static gboolean
is_admin (RtGenerateDialog *self)
{
  /* Template signals can come before the construct properties are set. */
  return self->account != NULL && rt_account_get_role (self->account) == RT_ROLE_ADMIN;
}

static gboolean
wants_service_token (RtGenerateDialog *self)
{
  return is_admin (self) &&
         adw_combo_row_get_selected (self->type_row) == TYPE_ROW_SERVICE;
}

static RtServiceUser *
get_selected_service_user (RtGenerateDialog *self)
{
  return adw_combo_row_get_selected_item (self->service_user_row);
}

static gboolean
name_is_taken (RtGenerateDialog *self,
               const char       *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  guint n;

  if (g_hash_table_contains (self->taken_names, lower))
    return TRUE;

  if (self->tokens == NULL)
    return FALSE;

  /* Names are ASCII (the API's rule is checked first), so an ASCII
   * case-insensitive comparison is the API's own. */
  n = g_list_model_get_n_items (self->tokens);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (self->tokens, i);
      const char *token_name = rt_token_get_name (token);

      if (token_name != NULL && g_ascii_strcasecmp (token_name, name) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
update_actions (RtGenerateDialog *self)
{
  gboolean enabled = !self->busy && self->problem == NULL;

  if (enabled && wants_service_token (self))
    enabled = get_selected_service_user (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.generate", enabled);
}

/* How long a too-short name waits before the dialog says so: while the
 * user types, "at least 3 characters" after the first letter only scolds. */
#define LENGTH_PROBLEM_DELAY_MS 700

/* Whether @name breaks no rule but being too short (or empty): with three
 * more characters it would pass. */
static gboolean
is_only_too_short (const char *name)
{
  g_autofree char *longer = g_strconcat (name, "000", NULL);

  return !rt_json_validate_token_name (name, NULL) &&
         rt_json_validate_token_name (longer, NULL);
}

static gboolean length_problem_timeout_cb (gpointer user_data);

/* @now: show the problem at once, as on submitting; otherwise a name that
 * is only too short says so after a pause, and any other problem at once. */
static void
update_name_problem (RtGenerateDialog *self,
                     gboolean          now)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *reason = NULL;
  gboolean show;

  if (!rt_json_validate_token_name (name, &reason))
    g_assert (reason != NULL);
  else if (name_is_taken (self, name))
    reason = g_strdup_printf (_("A token named “%s” already exists."), name);

  g_free (self->problem);
  self->problem = g_steal_pointer (&reason);

  /* An empty entry that was never typed in needs no scolding. */
  show = self->problem != NULL && (self->edited || name[0] != '\0');

  g_clear_handle_id (&self->length_problem_timeout, g_source_remove);
  if (show && !now && is_only_too_short (name))
    {
      show = FALSE;
      self->length_problem_timeout = g_timeout_add (LENGTH_PROBLEM_DELAY_MS,
                                                    length_problem_timeout_cb, self);
    }

  gtk_label_set_text (self->name_problem_label, show ? self->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_problem_label), show);

  if (show)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->problem,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->name_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->name_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->name_row),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }

  update_actions (self);
}

static gboolean
length_problem_timeout_cb (gpointer user_data)
{
  RtGenerateDialog *self = user_data;

  self->length_problem_timeout = 0;
  update_name_problem (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
show_error (RtGenerateDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), message != NULL);
}

static void
set_busy (RtGenerateDialog *self,
          gboolean          busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;

  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_owner_rows (RtGenerateDialog *self)
{
  gboolean service = wants_service_token (self);

  gtk_widget_set_visible (GTK_WIDGET (self->service_user_row), service);
  gtk_widget_set_visible (GTK_WIDGET (self->service_users_message),
                          service && gtk_label_get_text (self->service_users_message)[0] != '\0');
  update_actions (self);
}

static void
set_service_users_message (RtGenerateDialog *self,
                           const char       *message,
                           gboolean          is_error)
{
  gtk_label_set_text (self->service_users_message, message != NULL ? message : "");

  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->service_users_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->service_users_message), "error");

  update_owner_rows (self);
}

static void
list_service_users_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RtGenerateDialog) self = user_data;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = rt_client_list_service_users_finish (RT_CLIENT (object), result, &error);

  /* Closed meanwhile: the widgets are gone. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (users == NULL)
    {
      g_autofree char *message = NULL;

      g_debug ("Listing service users failed: %s", error->message);
      /* Translators: %s is the error, a sentence */
      message = g_strdup_printf (_("The service users could not be loaded. %s"), error->message);
      set_service_users_message (self, message, TRUE);
      return;
    }

  self->service_users_loaded = TRUE;
  g_list_store_splice (self->service_users, 0, 0, users->pdata, users->len);

  gtk_widget_set_sensitive (GTK_WIDGET (self->service_user_row), users->len > 0);
  set_service_users_message (self,
                             users->len == 0 ? _("The project has no service users.") : NULL,
                             FALSE);
}

static void
name_changed_cb (RtGenerateDialog *self)
{
  self->edited = TRUE;
  update_name_problem (self, FALSE);
}

static void
name_activated_cb (RtGenerateDialog *self)
{
  /* Enter is a submit: say at once what is wrong, even while the action is
   * disabled because of it. */
  update_name_problem (self, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.generate", NULL);
}

static void
type_changed_cb (RtGenerateDialog *self)
{
  update_owner_rows (self);
}

static void
service_user_changed_cb (RtGenerateDialog *self)
{
  update_actions (self);
}

static void
create_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RtGenerateDialog) self = user_data;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  token = rt_client_create_token_finish (RT_CLIENT (object), result, &secret, &problem, &error);

  /* Closed (Cancel, Escape) while the request was on its way: the widgets
   * are gone, but the token may exist, so its secret or the failure goes to
   * the window rather than being lost. */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      if (token != NULL)
        g_signal_emit (self, signals[TOKEN_CREATED], 0, token, secret);
      else if (error != NULL)
        g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  set_busy (self, FALSE);

  if (token == NULL)
    {
      g_debug ("Creating a token failed: %s", error->message);

      if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_CONFLICT))
        {
          const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

          g_hash_table_add (self->taken_names, g_ascii_strdown (name, -1));
          show_error (self, NULL);
          update_name_problem (self, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
        }
      else if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED))
        {
          /* Signing in again is the window's job. */
          g_signal_emit (self, signals[FAILED], 0, error);
          gtk_window_destroy (GTK_WINDOW (self));
        }
      else
        {
          const char *field_error = NULL;

          if (problem != NULL)
            field_error = rt_problem_get_field_error (problem, "name");

          show_error (self, error->message);
          if (field_error != NULL)
            gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
        }

      return;
    }

  /* The client refuses a created token without its secret. */
  g_assert (secret != NULL);

  g_signal_emit (self, signals[TOKEN_CREATED], 0, token, secret);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (widget);
  const char *service_user_id = NULL;
  RtTokenType type = RT_TOKEN_TYPE_USER;

  update_name_problem (self, TRUE);
  if (self->busy || self->problem != NULL)
    return;

  if (wants_service_token (self))
    {
      RtServiceUser *user = get_selected_service_user (self);

      if (user == NULL)
        return;

      type = RT_TOKEN_TYPE_SERVICE;
      service_user_id = rt_service_user_get_id (user);
    }

  show_error (self, NULL);
  set_busy (self, TRUE);

  rt_client_create_token_async (self->client,
                                gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                type,
                                service_user_id,
                                NULL,
                                create_token_cb,
                                g_object_ref (self));
}

static gboolean
rt_generate_dialog_close_request (GtkWindow *window)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (window);

  /* A create on its way goes on: its reply reaches the window. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rt_generate_dialog_parent_class)->close_request (window);
}

static void
rt_generate_dialog_constructed (GObject *object)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (object);

  G_OBJECT_CLASS (rt_generate_dialog_parent_class)->constructed (object);

  g_assert (self->client != NULL);
  g_assert (self->account != NULL);

  if (is_admin (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->owner_group), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->service_user_row), FALSE);
      set_service_users_message (self, _("Loading the service users…"), FALSE);
      rt_client_list_service_users_async (self->client,
                                          self->cancellable,
                                          list_service_users_cb,
                                          g_object_ref (self));
    }

  update_name_problem (self, FALSE);
}

static void
rt_generate_dialog_dispose (GObject *object)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->length_problem_timeout, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_GENERATE_DIALOG);

  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->tokens);

  G_OBJECT_CLASS (rt_generate_dialog_parent_class)->dispose (object);
}

static void
rt_generate_dialog_finalize (GObject *object)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->service_users);
  g_clear_pointer (&self->taken_names, g_hash_table_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (rt_generate_dialog_parent_class)->finalize (object);
}

static void
rt_generate_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_generate_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_TOKENS:
      self->tokens = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Ctrl+N, then type the name: the focus starts in its entry. */
static void
rt_generate_dialog_map (GtkWidget *widget)
{
  RtGenerateDialog *self = RT_GENERATE_DIALOG (widget);

  GTK_WIDGET_CLASS (rt_generate_dialog_parent_class)->map (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
rt_generate_dialog_class_init (RtGenerateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rt_generate_dialog_constructed;
  widget_class->map = rt_generate_dialog_map;
  object_class->dispose = rt_generate_dialog_dispose;
  object_class->finalize = rt_generate_dialog_finalize;
  object_class->get_property = rt_generate_dialog_get_property;
  object_class->set_property = rt_generate_dialog_set_property;

  window_class->close_request = rt_generate_dialog_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         RT_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         RT_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtGenerateDialog::token-created:
   * @token: the new token, as the server described it
   * @secret: its secret, shown only once
   *
   * The dialog closes right after; if it was closed while the request was on
   * its way, this comes when the reply does.
   */
  signals[TOKEN_CREATED] =
    g_signal_new ("token-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, RT_TYPE_TOKEN, RT_TYPE_SECRET);

  /**
   * RtGenerateDialog::failed:
   * @error: an error the dialog can't deal with itself (the access key was
   *   refused), or any failure of a request that was on its way when the
   *   dialog was closed
   *
   * The dialog closes right after, unless it is closed already.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (RT_TYPE_SERVICE_USER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-generate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, page);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, name_problem_label);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, owner_group);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, service_user_row);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, service_users_message);
  gtk_widget_class_bind_template_child (widget_class, RtGenerateDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_user_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialog.generate", NULL, generate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rt_generate_dialog_init (RtGenerateDialog *self)
{
  self->cancellable = g_cancellable_new ();
  rt_ui_cancel_when_destroyed (GTK_WINDOW (self), self->cancellable);
  self->service_users = g_list_store_new (RT_TYPE_SERVICE_USER);
  self->taken_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->service_user_row, G_LIST_MODEL (self->service_users));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.generate", FALSE);
}
