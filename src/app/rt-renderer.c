/* rt-renderer.c: the GSK renderer for a machine without a GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "rt-renderer.h"

/* GTK 4.8 renders with OpenGL by default. Without a GPU that is Mesa's
 * software rasterizer, which on this app's windows costs about a second at
 * start-up and twice the memory of the cairo renderer, for no gain: measured
 * in bench/README.md. So when nothing names a renderer and there is no DRM
 * render node to draw with, the app asks for cairo. A user's GSK_RENDERER
 * always wins.
 *
 * Even with cairo, GDK 4.8 on X11 sets up OpenGL when it opens the display,
 * to pick a visual, and Mesa's software driver maps LLVM: 15–25 MiB of PSS
 * the app never uses (it has no GL widgets). So when cairo draws, GDK is
 * told to leave OpenGL alone. */

#define RENDER_NODE_DIR "/dev/dri"

/**
 * rt_renderer_choose:
 * @gsk_renderer: (nullable): GSK_RENDERER as set
 * @libgl_always_software: (nullable): LIBGL_ALWAYS_SOFTWARE as set
 * @have_render_node: whether the machine has a DRM render node
 *
 * Returns: (nullable): the renderer to ask GTK for, or %NULL for GTK's choice
 */
const char *
rt_renderer_choose (const char *gsk_renderer,
                    const char *libgl_always_software,
                    gboolean    have_render_node)
{
  if (gsk_renderer != NULL && *gsk_renderer != '\0')
    return NULL;

  if (!have_render_node ||
      (libgl_always_software != NULL && g_strcmp0 (libgl_always_software, "0") != 0 &&
       *libgl_always_software != '\0'))
    return "cairo";

  return NULL;
}

static gboolean
have_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open (RENDER_NODE_DIR, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "renderD"))
        return TRUE;
    }

  return FALSE;
}

/**
 * rt_renderer_gdk_debug:
 * @gsk_renderer: (nullable): GSK_RENDERER as the app will run with it
 * @gdk_debug: (nullable): GDK_DEBUG as set
 *
 * GTK before 4.16 reads "gl-disable" from GDK_DEBUG (later ones GDK_DISABLE).
 *
 * Returns: (transfer full) (nullable): the GDK_DEBUG that keeps GDK from
 *   setting up OpenGL for the cairo renderer, or %NULL to leave it as it is
 */
char *
rt_renderer_gdk_debug (const char *gsk_renderer,
                       const char *gdk_debug)
{
  g_auto(GStrv) flags = NULL;

  if (g_strcmp0 (gsk_renderer, "cairo") != 0)
    return NULL;

  if (gdk_debug == NULL || *gdk_debug == '\0')
    return g_strdup ("gl-disable");

  flags = g_strsplit_set (gdk_debug, ":;, \t", -1);
  if (g_strv_contains ((const char * const *) flags, "gl-disable") ||
      g_strv_contains ((const char * const *) flags, "all"))
    return NULL;

  return g_strconcat (gdk_debug, ",gl-disable", NULL);
}

/**
 * rt_renderer_apply_choice:
 *
 * Sets GSK_RENDERER as rt_renderer_choose() says, and for cairo keeps GDK
 * from setting up OpenGL. Call it first in main(), before any thread starts.
 */
void
rt_renderer_apply_choice (void)
{
  const char *renderer = rt_renderer_choose (g_getenv ("GSK_RENDERER"),
                                             g_getenv ("LIBGL_ALWAYS_SOFTWARE"),
                                             have_render_node ());
  g_autofree char *gdk_debug = NULL;

  if (renderer != NULL)
    {
      g_debug ("No GPU to render with: using the %s renderer", renderer);
      g_setenv ("GSK_RENDERER", renderer, TRUE);
    }

  if (gtk_get_minor_version () >= 16)
    {
      if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0)
        g_setenv ("GDK_DISABLE", "gl", FALSE);
    }
  else if ((gdk_debug = rt_renderer_gdk_debug (g_getenv ("GSK_RENDERER"),
                                               g_getenv ("GDK_DEBUG"))) != NULL)
    {
      g_setenv ("GDK_DEBUG", gdk_debug, TRUE);
    }
}
