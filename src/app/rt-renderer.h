/* rt-renderer.h: the GSK renderer for a machine without a GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *rt_renderer_choose       (const char *gsk_renderer,
                                      const char *libgl_always_software,
                                      gboolean    have_render_node);
char       *rt_renderer_gdk_debug    (const char *gsk_renderer,
                                      const char *gdk_debug);
void        rt_renderer_apply_choice (void);

G_END_DECLS
