/* test-renderer.c: cairo when there is no GPU, GTK's choice otherwise
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "rt-renderer.h"

static void
test_choose (void)
{
  /* No render node: Mesa would rasterize GL in software. */
  g_assert_cmpstr (rt_renderer_choose (NULL, NULL, FALSE), ==, "cairo");
  g_assert_cmpstr (rt_renderer_choose ("", NULL, FALSE), ==, "cairo");
  g_assert_cmpstr (rt_renderer_choose (NULL, "1", TRUE), ==, "cairo");
  g_assert_cmpstr (rt_renderer_choose (NULL, "true", TRUE), ==, "cairo");

  /* A GPU: GTK's own choice. */
  g_assert_null (rt_renderer_choose (NULL, NULL, TRUE));
  g_assert_null (rt_renderer_choose (NULL, "0", TRUE));
  g_assert_null (rt_renderer_choose (NULL, "", TRUE));

  /* The user's choice always wins. */
  g_assert_null (rt_renderer_choose ("gl", NULL, FALSE));
  g_assert_null (rt_renderer_choose ("ngl", "1", FALSE));
  g_assert_null (rt_renderer_choose ("cairo", NULL, TRUE));
}

/* With cairo, GDK is kept from setting up OpenGL it would not use. */
static void
test_gdk_debug (void)
{
  g_autofree char *alone = rt_renderer_gdk_debug ("cairo", NULL);
  g_autofree char *empty = rt_renderer_gdk_debug ("cairo", "");
  g_autofree char *added = rt_renderer_gdk_debug ("cairo", "events");

  g_assert_cmpstr (alone, ==, "gl-disable");
  g_assert_cmpstr (empty, ==, "gl-disable");
  g_assert_cmpstr (added, ==, "events,gl-disable");
  g_assert_null (rt_renderer_gdk_debug ("cairo", "misc:gl-disable"));
  g_assert_null (rt_renderer_gdk_debug ("cairo", "all"));

  g_assert_null (rt_renderer_gdk_debug (NULL, NULL));
  g_assert_null (rt_renderer_gdk_debug ("gl", NULL));
  g_assert_null (rt_renderer_gdk_debug ("ngl", "events"));
}

static void
test_apply (void)
{
  /* This machine's answer, whatever it is, never overrides a set value. */
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  rt_renderer_apply_choice ();
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");

  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
  rt_renderer_apply_choice ();
  if (g_file_test ("/dev/dri", G_FILE_TEST_IS_DIR))
    g_test_message ("/dev/dri exists: GSK_RENDERER=%s", g_getenv ("GSK_RENDERER"));
  else
    g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_unsetenv ("GDK_DEBUG");
  rt_renderer_apply_choice ();
  if (gtk_get_minor_version () < 16)
    g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
  else
    g_assert_cmpstr (g_getenv ("GDK_DISABLE"), ==, "gl");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/renderer/choose", test_choose);
  g_test_add_func ("/renderer/gdk-debug", test_gdk_debug);
  g_test_add_func ("/renderer/apply", test_apply);

  return g_test_run ();
}
