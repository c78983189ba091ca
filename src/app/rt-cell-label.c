/* rt-cell-label.c: one line of a table cell's text, drawn only when seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-cell-label.h"
#include "rt-ui-util.h"

/* What a GtkLabel would show in a cell (one line, start-aligned, ellipsized
 * at the end, whole in the tooltip and to screen readers), at a fraction of
 * its cost. GTK 4.8's list views build rows for 200 items around the one
 * in view, whatever the window's height, and measure and allocate them all:
 * with labels, that is a Pango layout shaped for every cell of 200 rows, of
 * which some 20 are ever drawn. Here a cell is as tall as a line of its font
 * (measured once per font), and shapes its text only when it is drawn.
 *
 * Its natural width is 0: the table sizes every column from the content of
 * every token (rt-token-table-layout.c), not from the rows GTK happened to
 * build, and gives each a fixed width. The tooltip costs nothing until it
 * shows (rt_ui_set_lazy_tooltip()). */
struct _RtCellLabel
{
  GtkWidget    parent_instance;

  char        *label;
  PangoLayout *layout;        /* only once drawn; dropped when the text or font changes */
  int          line_height;   /* -1: not measured in the current font */
  guint        tabular : 1;

  /* What it is bound to (rt_cell_label_bind()) */
  GObject                 *item;
  const RtCellLabelFormat *format;
  gulong                   notify_id;
};

G_DEFINE_FINAL_TYPE (RtCellLabel, rt_cell_label, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_TOOLTIP,
  PROP_TABULAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
forget_font (RtCellLabel *self)
{
  g_clear_object (&self->layout);
  self->line_height = -1;
}

static PangoLayout *
ensure_layout (RtCellLabel *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->label);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      if (self->tabular)
        {
          g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
          pango_layout_set_attributes (self->layout, attrs);
        }
    }

  if (pango_layout_get_width (self->layout) != width * PANGO_SCALE)
    pango_layout_set_width (self->layout, width * PANGO_SCALE);

  return self->layout;
}

static void
rt_cell_label_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  RtCellLabel *self = RT_CELL_LABEL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = 0;
      return;
    }

  if (self->line_height < 0)
    rt_ui_get_text_size (gtk_widget_get_pango_context (widget), "Mg", NULL, &self->line_height);

  *minimum = *natural = self->line_height;
}

static void
rt_cell_label_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  RtCellLabel *self = RT_CELL_LABEL (widget);

  if (self->label == NULL || *self->label == '\0' || gtk_widget_get_width (widget) <= 0)
    return;

  rt_ui_snapshot_layout (widget, snapshot, ensure_layout (self));
}

static void
rt_cell_label_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  RtCellLabel *self = RT_CELL_LABEL (widget);

  GTK_WIDGET_CLASS (rt_cell_label_parent_class)->css_changed (widget, change);

  if (self->layout != NULL && rt_ui_layout_font_changed (widget, self->layout))
    forget_font (self);
  else if (self->layout == NULL)
    self->line_height = -1;
}

static void
rt_cell_label_system_setting_changed (GtkWidget        *widget,
                                      GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (rt_cell_label_parent_class)->system_setting_changed (widget, setting);

  /* The resolution (text scaling) or the fonts themselves. */
  forget_font (RT_CELL_LABEL (widget));
  gtk_widget_queue_resize (widget);
}

static void
rt_cell_label_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (rt_cell_label_parent_class)->direction_changed (widget, previous_direction);

  g_clear_object (&RT_CELL_LABEL (widget)->layout);
  gtk_widget_queue_draw (widget);
}

static void
rt_cell_label_dispose (GObject *object)
{
  rt_cell_label_unbind (RT_CELL_LABEL (object));

  G_OBJECT_CLASS (rt_cell_label_parent_class)->dispose (object);
}

static void
rt_cell_label_finalize (GObject *object)
{
  RtCellLabel *self = RT_CELL_LABEL (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (rt_cell_label_parent_class)->finalize (object);
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
      g_value_set_string (value, self->label);
      break;

    case PROP_TOOLTIP:
      g_value_set_string (value, rt_cell_label_get_tooltip (self));
      break;

    case PROP_TABULAR:
      g_value_set_boolean (value, self->tabular);
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

    case PROP_TABULAR:
      rt_cell_label_set_tabular (self, g_value_get_boolean (value));
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
  object_class->finalize = rt_cell_label_finalize;
  object_class->get_property = rt_cell_label_get_property;
  object_class->set_property = rt_cell_label_set_property;

  widget_class->measure = rt_cell_label_measure;
  widget_class->snapshot = rt_cell_label_snapshot;
  widget_class->css_changed = rt_cell_label_css_changed;
  widget_class->system_setting_changed = rt_cell_label_system_setting_changed;
  widget_class->direction_changed = rt_cell_label_direction_changed;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Also the accessible description. */
  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Figures of one width, so that dates line up. */
  properties[PROP_TABULAR] =
    g_param_spec_boolean ("tabular", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "cell-label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
rt_cell_label_init (RtCellLabel *self)
{
  self->line_height = -1;
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

  return self->label != NULL ? self->label : "";
}

void
rt_cell_label_set_label (RtCellLabel *self,
                         const char  *label)
{
  g_return_if_fail (RT_IS_CELL_LABEL (self));

  if (g_strcmp0 (label, self->label) == 0)
    return;

  g_free (self->label);
  self->label = g_strdup (label);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->label != NULL ? self->label : "", -1);

  /* One line whatever the text: the height stays, so no resize. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rt_cell_label_get_label (self),
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

/**
 * rt_cell_label_get_tooltip:
 *
 * Returns: (nullable): the tooltip
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

  if (rt_ui_set_lazy_tooltip (GTK_WIDGET (self), GTK_ACCESSIBLE (self), tooltip))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLTIP]);
}

gboolean
rt_cell_label_get_tabular (RtCellLabel *self)
{
  g_return_val_if_fail (RT_IS_CELL_LABEL (self), FALSE);

  return self->tabular;
}

void
rt_cell_label_set_tabular (RtCellLabel *self,
                           gboolean     tabular)
{
  g_return_if_fail (RT_IS_CELL_LABEL (self));

  tabular = !!tabular;
  if (tabular == self->tabular)
    return;

  self->tabular = tabular;
  g_clear_object (&self->layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABULAR]);
}

/**
 * rt_cell_label_is_ellipsized:
 *
 * Returns: whether the text does not fit the cell's width as allocated
 */
gboolean
rt_cell_label_is_ellipsized (RtCellLabel *self)
{
  g_return_val_if_fail (RT_IS_CELL_LABEL (self), FALSE);

  return pango_layout_is_ellipsized (ensure_layout (self));
}

/* Binding {{{ */

static void
update_from_item (RtCellLabel *self)
{
  g_autofree char *text = self->format->text (self->item);
  g_autofree char *tooltip = NULL;

  rt_cell_label_set_label (self, text);
  if (self->format->tooltip != NULL)
    {
      tooltip = self->format->tooltip (self->item);
      rt_cell_label_set_tooltip (self, tooltip);
    }
}

static void
item_notify_cb (GObject     *item,
                GParamSpec  *pspec,
                RtCellLabel *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->format->watched) && self->format->watched[i] != NULL; i++)
    {
      if (g_str_equal (pspec->name, self->format->watched[i]))
        {
          update_from_item (self);
          return;
        }
    }
}

/**
 * rt_cell_label_bind:
 * @item: (type GObject): what the cell shows
 * @format: (unowned): how: static data, which must outlive the binding
 *
 * Shows what @format makes of @item, and again whenever one of the
 * properties it reads changes, until rt_cell_label_unbind(). Cheaper than
 * an expression binding a property, which is what a list view's cells need:
 * it is made and dropped each time a row shows another item.
 */
void
rt_cell_label_bind (RtCellLabel             *self,
                    gpointer                 item,
                    const RtCellLabelFormat *format)
{
  g_return_if_fail (RT_IS_CELL_LABEL (self));
  g_return_if_fail (G_IS_OBJECT (item));
  g_return_if_fail (format != NULL && format->text != NULL);

  rt_cell_label_unbind (self);

  self->item = g_object_ref (item);
  self->format = format;
  if (format->watched[0] != NULL)
    self->notify_id = g_signal_connect (item, "notify", G_CALLBACK (item_notify_cb), self);
  update_from_item (self);
}

/**
 * rt_cell_label_unbind:
 *
 * Stops following the item given to rt_cell_label_bind(), keeping what is
 * shown.
 */
void
rt_cell_label_unbind (RtCellLabel *self)
{
  g_return_if_fail (RT_IS_CELL_LABEL (self));

  if (self->item == NULL)
    return;

  g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);
  self->format = NULL;
}

/* }}} */
