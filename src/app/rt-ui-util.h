/* rt-ui-util.h: the lifetime of a window or dialog that replies hold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rt_ui_cancel_when_destroyed (GtkWindow    *window,
                                  GCancellable *cancellable);

G_END_DECLS
