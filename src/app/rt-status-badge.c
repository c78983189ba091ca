/* rt-status-badge.c: a token's status as a coloured badge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-enum-types.h"
#include "rt-status-badge.h"
#include "rt-ui-util.h"

/* "Active", "Expiring Soon" or "Expired" in a pill coloured with
 * libadwaita's success, warning and error colours (see style.css). The text
 * says it all, so the colour is never the only cue. The badge draws its
 * text itself, as RtCellLabel does, rather than holding a GtkLabel: it
 * measures from a size shaped once per text and font, and shapes its own
 * layout only when drawn. To screen readers it is a label. */
struct _RtStatusBadge
{
  GtkWidget      parent_instance;

  const char    *text;      /* translated, static */
  PangoLayout   *layout;    /* only once drawn */
  RtTokenStatus  status;
  gboolean       expiring_soon;
};

G_DEFINE_FINAL_TYPE (RtStatusBadge, rt_status_badge, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_EXPIRING_SOON,
  PROP_LABEL,
  PROP_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (RtStatusBadge *self)
{
  const char *text;
  const char *css_class;

  if (self->status == RT_TOKEN_STATUS_EXPIRED)
    {
      text = C_("token status", "Expired");
      css_class = "error";
    }
  else if (self->expiring_soon)
    {
      text = C_("token status", "Expiring Soon");
      css_class = "warning";
    }
  else
    {
      text = C_("token status", "Active");
      css_class = "success";
    }

  /* Bound in every row the table binds: change nothing that is already so,
   * since each CSS class change restyles the badge. */
  if (g_strcmp0 (self->text, text) == 0)
    return;

  self->text = text;
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self), css_class);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

static void
rt_status_badge_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  RtStatusBadge *self = RT_STATUS_BADGE (widget);
  int width, height;

  /* Shaped once per text and font, not per badge GTK 4.8 builds. */
  rt_ui_get_text_size (gtk_widget_get_pango_context (widget), self->text, &width, &height);
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? width : height;
}

static void
rt_status_badge_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  RtStatusBadge *self = RT_STATUS_BADGE (widget);

  if (self->layout == NULL)
    self->layout = gtk_widget_create_pango_layout (widget, self->text);

  rt_ui_snapshot_layout (widget, snapshot, self->layout);
}

/* A new font, the text scale or the direction: the layout is stale. */
static void
rt_status_badge_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  RtStatusBadge *self = RT_STATUS_BADGE (widget);

  GTK_WIDGET_CLASS (rt_status_badge_parent_class)->css_changed (widget, change);

  if (self->layout != NULL && rt_ui_layout_font_changed (widget, self->layout))
    g_clear_object (&self->layout);
}

static void
rt_status_badge_system_setting_changed (GtkWidget        *widget,
                                        GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (rt_status_badge_parent_class)->system_setting_changed (widget, setting);

  g_clear_object (&RT_STATUS_BADGE (widget)->layout);
  gtk_widget_queue_resize (widget);
}

static void
rt_status_badge_direction_changed (GtkWidget        *widget,
                                   GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (rt_status_badge_parent_class)->direction_changed (widget, previous_direction);

  g_clear_object (&RT_STATUS_BADGE (widget)->layout);
  gtk_widget_queue_draw (widget);
}

static void
rt_status_badge_finalize (GObject *object)
{
  g_clear_object (&RT_STATUS_BADGE (object)->layout);

  G_OBJECT_CLASS (rt_status_badge_parent_class)->finalize (object);
}

static void
rt_status_badge_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtStatusBadge *self = RT_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_EXPIRING_SOON:
      g_value_set_boolean (value, self->expiring_soon);
      break;

    case PROP_LABEL:
      g_value_set_string (value, rt_status_badge_get_label (self));
      break;

    case PROP_TOOLTIP:
      g_value_set_string (value, rt_status_badge_get_tooltip (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_status_badge_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtStatusBadge *self = RT_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      rt_status_badge_set_status (self, g_value_get_enum (value));
      break;

    case PROP_EXPIRING_SOON:
      rt_status_badge_set_expiring_soon (self, g_value_get_boolean (value));
      break;

    case PROP_TOOLTIP:
      rt_status_badge_set_tooltip (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_status_badge_class_init (RtStatusBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rt_status_badge_finalize;
  object_class->get_property = rt_status_badge_get_property;
  object_class->set_property = rt_status_badge_set_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       RT_TYPE_TOKEN_STATUS,
                       RT_TOKEN_STATUS_ACTIVE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EXPIRING_SOON] =
    g_param_spec_boolean ("expiring-soon", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtStatusBadge:label:
   *
   * The text shown, which depends on status and expiring-soon.
   */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* What the status means for this token: read on demand, as in
   * RtCellLabel, and its accessible description. */
  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = rt_status_badge_measure;
  widget_class->snapshot = rt_status_badge_snapshot;
  widget_class->css_changed = rt_status_badge_css_changed;
  widget_class->system_setting_changed = rt_status_badge_system_setting_changed;
  widget_class->direction_changed = rt_status_badge_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "status-badge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
rt_status_badge_init (RtStatusBadge *self)
{
  self->status = RT_TOKEN_STATUS_ACTIVE;
  update (self);
}

GtkWidget *
rt_status_badge_new (void)
{
  return g_object_new (RT_TYPE_STATUS_BADGE, NULL);
}

RtTokenStatus
rt_status_badge_get_status (RtStatusBadge *self)
{
  g_return_val_if_fail (RT_IS_STATUS_BADGE (self), RT_TOKEN_STATUS_ACTIVE);

  return self->status;
}

void
rt_status_badge_set_status (RtStatusBadge *self,
                            RtTokenStatus  status)
{
  g_return_if_fail (RT_IS_STATUS_BADGE (self));

  if (self->status == status)
    return;

  self->status = status;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
rt_status_badge_get_expiring_soon (RtStatusBadge *self)
{
  g_return_val_if_fail (RT_IS_STATUS_BADGE (self), FALSE);

  return self->expiring_soon;
}

void
rt_status_badge_set_expiring_soon (RtStatusBadge *self,
                                   gboolean       expiring_soon)
{
  g_return_if_fail (RT_IS_STATUS_BADGE (self));

  expiring_soon = !!expiring_soon;
  if (self->expiring_soon == expiring_soon)
    return;

  self->expiring_soon = expiring_soon;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRING_SOON]);
}

const char *
rt_status_badge_get_label (RtStatusBadge *self)
{
  g_return_val_if_fail (RT_IS_STATUS_BADGE (self), NULL);

  return self->text;
}

const char *
rt_status_badge_get_tooltip (RtStatusBadge *self)
{
  g_return_val_if_fail (RT_IS_STATUS_BADGE (self), NULL);

  return rt_ui_get_lazy_tooltip (GTK_WIDGET (self));
}

void
rt_status_badge_set_tooltip (RtStatusBadge *self,
                             const char    *tooltip)
{
  g_return_if_fail (RT_IS_STATUS_BADGE (self));

  if (rt_ui_set_lazy_tooltip (GTK_WIDGET (self), GTK_ACCESSIBLE (self), tooltip))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLTIP]);
}
