/* rt-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-window.h"

struct _RtWindow
{
  AdwApplicationWindow parent_instance;

  GCancellable *cancellable;

  /* Template children */
  AdwHeaderBar *header_bar;
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (RtWindow, rt_window, ADW_TYPE_APPLICATION_WINDOW)

RtWindow *
rt_window_new (RtApplication *application)
{
  g_return_val_if_fail (RT_IS_APPLICATION (application), NULL);

  return g_object_new (RT_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
rt_window_dispose (GObject *object)
{
  RtWindow *self = RT_WINDOW (object);

  /* Nothing may call back into a window that is going away. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_WINDOW);

  G_OBJECT_CLASS (rt_window_parent_class)->dispose (object);
}

static void
rt_window_class_init (RtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rt_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, empty_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
rt_window_init (RtWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
