/* rt-cell-label.c: a table cell's text, with a tooltip read on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-cell-label.h"
#include "rt-ui-util.h"

/* One line, start-aligned, ellipsized at the end: the whole text is in the
 * tooltip and the accessible description. The tooltip is what makes this
 * more than a GtkLabel: binding GtkWidget:tooltip-text costs a round trip
 * to the display server per bound cell (see rt_ui_set_lazy_tooltip()). */
struct _RtCellLabel
{
  GtkWidget  parent_instance;

  GtkLabel  *label;
};

G_DEFINE_FINAL_TYPE (RtCellLabel, rt_cell_label, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rt_cell_label_dispose (GObject *object)
{
  RtCellLabel *self = RT_CELL_LABEL (object);

  if (self->label != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->label));
      self->label = NULL;
    }

  G_OBJECT_CLASS (rt_cell_label_parent_class)->dispose (object);
}

static void
rt_cell_label_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RtCellLabel *self = RT_CELL_LABEL (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, rt_cell_label_get_label (self));
      break;

    case PROP_TOOLTIP:
      g_value_set_string (value, rt_cell_label_get_tooltip (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_cell_label_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RtCellLabel *self = RT_CELL_LABEL (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      rt_cell_label_set_label (self, g_value_get_string (value));
      break;

    case PROP_TOOLTIP:
      rt_cell_label_set_tooltip (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_cell_label_class_init (RtCellLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rt_cell_label_dispose;
  object_class->get_property = rt_cell_label_get_property;
  object_class->set_property = rt_cell_label_set_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "cell-label");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rt_cell_label_init (RtCellLabel *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0.0f);
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (self->label, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}

GtkWidget *
rt_cell_label_new (void)
{
  return g_object_new (RT_TYPE_CELL_LABEL, NULL);
}

const char *
rt_cell_label_get_label (RtCellLabel *self)
{
  g_return_val_if_fail (RT_IS_CELL_LABEL (self), NULL);

  return gtk_label_get_label (self->label);
}

void
rt_cell_label_set_label (RtCellLabel *self,
                         const char  *label)
{
  g_return_if_fail (RT_IS_CELL_LABEL (self));

  if (g_strcmp0 (label, gtk_label_get_label (self->label)) == 0)
    return;

  gtk_label_set_label (self->label, label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

/**
 * rt_cell_label_get_tooltip:
 *
 * Returns: (nullable): the tooltip, also the label's accessible description
 */
const char *
rt_cell_label_get_tooltip (RtCellLabel *self)
{
  g_return_val_if_fail (RT_IS_CELL_LABEL (self), NULL);

  return rt_ui_get_lazy_tooltip (GTK_WIDGET (self));
}

void
rt_cell_label_set_tooltip (RtCellLabel *self,
                           const char  *tooltip)
{
  g_return_if_fail (RT_IS_CELL_LABEL (self));

  if (rt_ui_set_lazy_tooltip (GTK_WIDGET (self), GTK_ACCESSIBLE (self->label), tooltip))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLTIP]);
}

/**
 * rt_cell_label_get_child:
 *
 * Returns: (transfer none): the label that shows the text
 */
GtkLabel *
rt_cell_label_get_child (RtCellLabel *self)
{
  g_return_val_if_fail (RT_IS_CELL_LABEL (self), NULL);

  return self->label;
}
