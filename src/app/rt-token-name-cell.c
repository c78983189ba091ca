/* rt-token-name-cell.c: the token table's name cell, with the saved-secret mark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-cell-label.h"
#include "rt-token-name-cell.h"
#include "rt-ui-util.h"

/* The cell also knows its list item, so that the table can tell which row a
 * click or the keyboard's context menu is about: the name column is always
 * shown, so every row has one. */

struct _RtTokenNameCell
{
  GtkBox       parent_instance;

  RtToken     *token;
  GtkListItem *list_item;   /* weak: the list item owns the cell */
  gulong       notify_id;

  GtkWidget   *label;
  GtkWidget   *saved_icon;
};

G_DEFINE_FINAL_TYPE (RtTokenNameCell, rt_token_name_cell, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_TOKEN,
  PROP_LIST_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rt_token_name_cell_dispose (GObject *object)
{
  RtTokenNameCell *self = RT_TOKEN_NAME_CELL (object);

  if (self->token != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->token);
      g_clear_object (&self->token);
    }
  g_clear_weak_pointer (&self->list_item);

  G_OBJECT_CLASS (rt_token_name_cell_parent_class)->dispose (object);
}

static void
rt_token_name_cell_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RtTokenNameCell *self = RT_TOKEN_NAME_CELL (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;

    case PROP_LIST_ITEM:
      g_value_set_object (value, self->list_item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_name_cell_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RtTokenNameCell *self = RT_TOKEN_NAME_CELL (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      rt_token_name_cell_set_token (self, g_value_get_object (value));
      break;

    case PROP_LIST_ITEM:
      rt_token_name_cell_set_list_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_name_cell_class_init (RtTokenNameCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_token_name_cell_dispose;
  object_class->get_property = rt_token_name_cell_get_property;
  object_class->set_property = rt_token_name_cell_set_property;

  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL,
                         RT_TYPE_TOKEN,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST_ITEM] =
    g_param_spec_object ("list-item", NULL, NULL,
                         GTK_TYPE_LIST_ITEM,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static char *
name_text (gpointer token)
{
  return g_strdup (rt_token_get_name (token));
}

/* The name, whole in the tooltip: the column may cut it short. */
static const RtCellLabelFormat name_format = {
  name_text, name_text, { "name", NULL },
};

static void
rt_token_name_cell_init (RtTokenNameCell *self)
{
  gtk_box_set_spacing (GTK_BOX (self), 6);

  /* As wide as the column lets it: the key icons line up at its end. */
  self->label = rt_cell_label_new ();
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (self), self->label);

  self->saved_icon = gtk_image_new_from_icon_name ("dialog-password-symbolic");
  gtk_widget_set_visible (self->saved_icon, FALSE);
  gtk_widget_add_css_class (self->saved_icon, "saved-secret");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->saved_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Secret saved in keyring"),
                                  -1);
  /* See rt_ui_set_lazy_tooltip(). */
  rt_ui_set_lazy_tooltip (self->saved_icon, NULL, _("Secret saved in keyring"));
  gtk_box_append (GTK_BOX (self), self->saved_icon);
}

GtkWidget *
rt_token_name_cell_new (void)
{
  return g_object_new (RT_TYPE_TOKEN_NAME_CELL, NULL);
}

static void
update_saved_icon (RtTokenNameCell *self)
{
  gtk_widget_set_visible (self->saved_icon,
                          self->token != NULL && rt_token_get_has_saved_secret (self->token));
}

/**
 * rt_token_name_cell_get_token:
 *
 * Returns: (transfer none) (nullable): the token shown
 */
RtToken *
rt_token_name_cell_get_token (RtTokenNameCell *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_NAME_CELL (self), NULL);

  return self->token;
}

void
rt_token_name_cell_set_token (RtTokenNameCell *self,
                              RtToken         *token)
{
  g_return_if_fail (RT_IS_TOKEN_NAME_CELL (self));
  g_return_if_fail (token == NULL || RT_IS_TOKEN (token));

  if (self->token == token)
    return;

  if (self->token != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->token);
      rt_cell_label_unbind (RT_CELL_LABEL (self->label));
    }
  g_set_object (&self->token, token);
  if (token != NULL)
    {
      rt_cell_label_bind (RT_CELL_LABEL (self->label), token, &name_format);
      self->notify_id = g_signal_connect_swapped (token, "notify::has-saved-secret",
                                                  G_CALLBACK (update_saved_icon), self);
    }
  update_saved_icon (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

/**
 * rt_token_name_cell_get_list_item:
 *
 * Returns: (transfer none) (nullable): the list item the cell belongs to
 */
GtkListItem *
rt_token_name_cell_get_list_item (RtTokenNameCell *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_NAME_CELL (self), NULL);

  return self->list_item;
}

void
rt_token_name_cell_set_list_item (RtTokenNameCell *self,
                                  GtkListItem     *list_item)
{
  g_return_if_fail (RT_IS_TOKEN_NAME_CELL (self));
  g_return_if_fail (list_item == NULL || GTK_IS_LIST_ITEM (list_item));

  if (g_set_weak_pointer (&self->list_item, list_item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ITEM]);
}
