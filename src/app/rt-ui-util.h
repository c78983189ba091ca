/* rt-ui-util.h: small widget helpers: a window's replies, tooltips asked for on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rt_ui_cancel_when_destroyed (GtkWindow    *window,
                                  GCancellable *cancellable);

gboolean    rt_ui_set_lazy_tooltip      (GtkWidget     *widget,
                                         GtkAccessible *described,
                                         const char    *text);
const char *rt_ui_get_lazy_tooltip      (GtkWidget     *widget);
void        rt_ui_get_text_size         (PangoContext  *context,
                                         const char    *text,
                                         int           *width,
                                         int           *height);
void        rt_ui_snapshot_layout       (GtkWidget     *widget,
                                         GtkSnapshot   *snapshot,
                                         PangoLayout   *layout);
gboolean    rt_ui_layout_font_changed   (GtkWidget     *widget,
                                         PangoLayout   *layout);

G_END_DECLS
