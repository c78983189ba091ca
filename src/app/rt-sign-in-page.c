/* rt-sign-in-page.c: the welcome page: server URL and access key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-sign-in-page.h"

/* Collects a server URL and an access key and emits ::sign-in with them; the
 * window checks them and calls back with rt_sign_in_page_set_busy() and
 * rt_sign_in_page_set_error(). What was typed stays until the window clears
 * the key after a successful sign-in. */
struct _RtSignInPage
{
  AdwBin         parent_instance;

  char          *error;
  gboolean       busy;
  gboolean       refocus;

  /* Template children */
  GtkListBox    *fields;
  AdwEntryRow   *server_row;
  AdwEntryRow   *access_key_row;
  GtkLabel      *hint_label;
  GtkLabel      *error_label;
  GtkButton     *sign_in_button;
  GtkStack      *button_stack;
  GtkSpinner    *spinner;
};

G_DEFINE_FINAL_TYPE (RtSignInPage, rt_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGN_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
get_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

static void
update_action (RtSignInPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit",
                                 !self->busy &&
                                 !is_blank (get_text (self->server_row)) &&
                                 !is_blank (get_text (self->access_key_row)));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtSignInPage *self = RT_SIGN_IN_PAGE (widget);
  g_autofree char *server = rt_sign_in_page_dup_server (self);
  g_autofree char *key_text = NULL;
  g_autoptr(RtSecret) access_key = NULL;

  if (self->busy)
    return;

  /* A pasted key often brings a newline or spaces along. */
  key_text = g_strstrip (g_strdup (get_text (self->access_key_row)));
  access_key = rt_secret_new (key_text, -1);
  rt_secret_wipe (key_text, strlen (key_text));

  if (server[0] == '\0' || rt_secret_get_len (access_key) == 0)
    return;

  g_signal_emit (self, signals[SIGN_IN], 0, server, access_key);
}

static void
fields_changed_cb (RtSignInPage *self)
{
  /* The old error was about what the user is now changing. */
  if (!self->busy)
    rt_sign_in_page_set_error (self, NULL);

  update_action (self);
}

static void
server_activated_cb (RtSignInPage *self)
{
  if (is_blank (get_text (self->access_key_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->access_key_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
access_key_activated_cb (RtSignInPage *self)
{
  if (is_blank (get_text (self->server_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
rt_sign_in_page_dispose (GObject *object)
{
  RtSignInPage *self = RT_SIGN_IN_PAGE (object);

  /* Leave no copy of the key in the entry's buffer. */
  if (self->access_key_row != NULL)
    rt_sign_in_page_clear_access_key (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (rt_sign_in_page_parent_class)->dispose (object);
}

static void
rt_sign_in_page_finalize (GObject *object)
{
  RtSignInPage *self = RT_SIGN_IN_PAGE (object);

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (rt_sign_in_page_parent_class)->finalize (object);
}

static void
rt_sign_in_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtSignInPage *self = RT_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_sign_in_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtSignInPage *self = RT_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      rt_sign_in_page_set_busy (self, g_value_get_boolean (value));
      break;

    case PROP_ERROR:
      rt_sign_in_page_set_error (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_sign_in_page_class_init (RtSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rt_sign_in_page_dispose;
  object_class->finalize = rt_sign_in_page_finalize;
  object_class->get_property = rt_sign_in_page_get_property;
  object_class->set_property = rt_sign_in_page_set_property;

  /**
   * RtSignInPage:busy:
   *
   * Whether the details are being checked: the fields are insensitive and
   * the button shows a spinner.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtSignInPage:error:
   *
   * Why signing in failed, shown under the fields; %NULL for none.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtSignInPage::sign-in:
   * @server: the server URL, trimmed
   * @access_key: the access key, trimmed
   *
   * The user asks to sign in with these details.
   */
  signals[SIGN_IN] =
    g_signal_new ("sign-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING,
                  RT_TYPE_SECRET | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, fields);
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, button_stack);
  gtk_widget_class_bind_template_child (widget_class, RtSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, access_key_activated_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action);
}

static void
rt_sign_in_page_init (RtSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The application's own icon, which the .ui cannot name for both
   * profiles. (The status page is the bin's child: binding it as a template
   * child would unparent it twice on dispose.) */
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (adw_bin_get_child (ADW_BIN (self))),
                                 APPLICATION_ID);

  update_action (self);
}

/**
 * rt_sign_in_page_dup_server:
 *
 * Returns: (transfer full): the server URL as typed, without surrounding
 *   white space
 */
char *
rt_sign_in_page_dup_server (RtSignInPage *self)
{
  g_return_val_if_fail (RT_IS_SIGN_IN_PAGE (self), NULL);

  return g_strstrip (g_strdup (get_text (self->server_row)));
}

void
rt_sign_in_page_set_server (RtSignInPage *self,
                            const char   *server)
{
  g_return_if_fail (RT_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server != NULL ? server : "");
}

gboolean
rt_sign_in_page_get_busy (RtSignInPage *self)
{
  g_return_val_if_fail (RT_IS_SIGN_IN_PAGE (self), FALSE);

  return self->busy;
}

void
rt_sign_in_page_set_busy (RtSignInPage *self,
                          gboolean      busy)
{
  g_return_if_fail (RT_IS_SIGN_IN_PAGE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;

  /* A text field that turns insensitive while focused keeps blinking its
   * cursor as if it were focused: move the focus out first, and back to the
   * key (the likeliest thing to fix) afterwards. */
  if (busy)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      self->refocus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->fields));
      if (self->refocus)
        gtk_root_set_focus (root, NULL);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->fields), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_stack_set_visible_child_name (self->button_stack, busy ? "spinner" : "label");
  update_action (self);

  if (!busy && self->refocus)
    {
      self->refocus = FALSE;
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->access_key_row));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

const char *
rt_sign_in_page_get_error (RtSignInPage *self)
{
  g_return_val_if_fail (RT_IS_SIGN_IN_PAGE (self), NULL);

  return self->error;
}

void
rt_sign_in_page_set_error (RtSignInPage *self,
                           const char   *error)
{
  g_return_if_fail (RT_IS_SIGN_IN_PAGE (self));

  if (error != NULL && error[0] == '\0')
    error = NULL;

  if (g_strcmp0 (self->error, error) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (error);

  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  /* The error takes the hint's place. */
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), error == NULL);
  if (error == NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * rt_sign_in_page_set_server_error:
 * @error: why the server URL cannot be used
 *
 * Shows @error as rt_sign_in_page_set_error() does, marks the URL field and
 * puts the focus in it, where the fix is typed.
 */
void
rt_sign_in_page_set_server_error (RtSignInPage *self,
                                  const char   *error)
{
  g_return_if_fail (RT_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (error != NULL);

  rt_sign_in_page_set_error (self, error);
  gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
}

/**
 * rt_sign_in_page_clear_access_key:
 *
 * Empties the access key field, after signing in or out.
 */
void
rt_sign_in_page_clear_access_key (RtSignInPage *self)
{
  g_return_if_fail (RT_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->access_key_row), "");
}

/**
 * rt_sign_in_page_focus_first_empty:
 *
 * Puts the keyboard focus where the user has to type next.
 */
void
rt_sign_in_page_focus_first_empty (RtSignInPage *self)
{
  g_return_if_fail (RT_IS_SIGN_IN_PAGE (self));

  if (is_blank (get_text (self->server_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->access_key_row));
}
