/* rt-token-actions-cell.c: the token table's row menu button, or a spinner while busy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-token-actions-cell.h"
#include "rt-ui-util.h"

/* Built in code rather than from a template, and the spinner only while
 * the token is busy: GTK 4.8's list views build this cell for 200 rows at
 * once, and it was the dearest one (bench/README.md). For the same reason
 * the button is a plain GtkButton that asks the table for its one menu
 * ("table.token-menu"), not a GtkMenuButton with a popover of its own. */
struct _RtTokenActionsCell
{
  GtkWidget  parent_instance;

  RtToken   *token;
  gulong     notify_id;

  GtkWidget *button;
  GtkWidget *spinner;       /* only while busy */
};

G_DEFINE_FINAL_TYPE (RtTokenActionsCell, rt_token_actions_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An accessible label is no property, so it cannot be bound. */
static void
update_button_label (RtTokenActionsCell *self)
{
  g_autofree char *label = NULL;

  if (self->token == NULL)
    return;

  /* Translators: the accessible name of a token's menu button; %s is the token name */
  label = g_strdup_printf (_("Actions for %s"), rt_token_get_name (self->token));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* The menu is the table's, built as it opens, so that it matches the
 * token now; the row is selected, so that Delete acts on it too. */
static void
clicked_cb (GtkButton          *button,
            RtTokenActionsCell *self)
{
  if (self->token != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "table.token-menu", "s", rt_token_get_id (self->token));
}

/* While an action runs on the token, a spinner stands in for the menu. */
static void
update_busy (RtTokenActionsCell *self)
{
  gboolean busy = self->token != NULL && rt_token_get_busy (self->token);

  if (busy && self->spinner == NULL)
    {
      self->spinner = g_object_new (GTK_TYPE_SPINNER,
                                    "spinning", TRUE,
                                    "halign", GTK_ALIGN_CENTER,
                                    "valign", GTK_ALIGN_CENTER,
                                    NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Working…"),
                                      -1);
      rt_ui_set_lazy_tooltip (self->spinner, NULL, _("Working…"));
      gtk_widget_set_parent (self->spinner, GTK_WIDGET (self));
    }
  else if (!busy && self->spinner != NULL)
    g_clear_pointer (&self->spinner, gtk_widget_unparent);

  gtk_widget_set_visible (self->button, !busy);
}

static void
token_notify_cb (RtToken            *token,
                 GParamSpec         *pspec,
                 RtTokenActionsCell *self)
{
  if (g_str_equal (pspec->name, "name"))
    update_button_label (self);
  else if (g_str_equal (pspec->name, "busy"))
    update_busy (self);
}

static void
rt_token_actions_cell_dispose (GObject *object)
{
  RtTokenActionsCell *self = RT_TOKEN_ACTIONS_CELL (object);

  if (self->token != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->token);
      g_clear_object (&self->token);
    }
  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_pointer (&self->spinner, gtk_widget_unparent);

  G_OBJECT_CLASS (rt_token_actions_cell_parent_class)->dispose (object);
}

static void
rt_token_actions_cell_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RtTokenActionsCell *self = RT_TOKEN_ACTIONS_CELL (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_actions_cell_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RtTokenActionsCell *self = RT_TOKEN_ACTIONS_CELL (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      rt_token_actions_cell_set_token (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_actions_cell_class_init (RtTokenActionsCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rt_token_actions_cell_dispose;
  object_class->get_property = rt_token_actions_cell_get_property;
  object_class->set_property = rt_token_actions_cell_set_property;

  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL,
                         RT_TYPE_TOKEN,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rt_token_actions_cell_init (RtTokenActionsCell *self)
{
  self->button = gtk_button_new_from_icon_name ("view-more-symbolic");
  gtk_button_set_has_frame (GTK_BUTTON (self->button), FALSE);
  gtk_widget_set_halign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  /* The row takes the focus, so that the table is one Tab stop; Menu and
   * Shift+F10 open this menu from the row. */
  gtk_widget_set_can_focus (self->button, FALSE);
  gtk_widget_set_focusable (self->button, FALSE);
  gtk_widget_set_focus_on_click (self->button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE,
                                  -1);
  rt_ui_set_lazy_tooltip (self->button, NULL, _("Token Actions"));
  g_signal_connect (self->button, "clicked", G_CALLBACK (clicked_cb), self);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

GtkWidget *
rt_token_actions_cell_new (void)
{
  return g_object_new (RT_TYPE_TOKEN_ACTIONS_CELL, NULL);
}

/**
 * rt_token_actions_cell_get_token:
 *
 * Returns: (transfer none) (nullable): the token whose actions are offered
 */
RtToken *
rt_token_actions_cell_get_token (RtTokenActionsCell *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_ACTIONS_CELL (self), NULL);

  return self->token;
}

/**
 * rt_token_actions_cell_get_button:
 *
 * Returns: (transfer none): the button that opens the token's menu
 */
GtkWidget *
rt_token_actions_cell_get_button (RtTokenActionsCell *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_ACTIONS_CELL (self), NULL);

  return self->button;
}

/**
 * rt_token_actions_cell_get_spinner:
 *
 * Returns: (transfer none) (nullable): the spinner, while the token is busy
 */
GtkWidget *
rt_token_actions_cell_get_spinner (RtTokenActionsCell *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_ACTIONS_CELL (self), NULL);

  return self->spinner;
}

void
rt_token_actions_cell_set_token (RtTokenActionsCell *self,
                                 RtToken            *token)
{
  g_return_if_fail (RT_IS_TOKEN_ACTIONS_CELL (self));
  g_return_if_fail (token == NULL || RT_IS_TOKEN (token));

  if (self->token == token)
    return;

  if (self->token != NULL)
    g_clear_signal_handler (&self->notify_id, self->token);
  g_set_object (&self->token, token);
  if (token != NULL)
    self->notify_id = g_signal_connect (token, "notify", G_CALLBACK (token_notify_cb), self);
  update_button_label (self);
  update_busy (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}
