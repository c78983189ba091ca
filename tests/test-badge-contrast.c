/* test-badge-contrast.c: every status badge reads at 4.5:1 or more, light and dark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "rt-application.h"
#include "rt-status-badge.h"
#include "rt-test-util.h"

/* The badges are drawn by the real renderer with the stylesheets the app
 * loads (libadwaita's, then style.css and, in the dark style,
 * style-dark.css), on the table's background, and the contrast is measured
 * from the pixels: the badge's background is its most common colour, the
 * text colour the one furthest from it. Antialiasing can only make the text
 * look lighter, so the figure errs on the strict side. */

#define MIN_CONTRAST 4.5

typedef struct
{
  const char    *name;
  RtTokenStatus  status;
  gboolean       expiring_soon;
} Badge;

static const Badge badges[] = {
  { "Active", RT_TOKEN_STATUS_ACTIVE, FALSE },
  { "Expiring Soon", RT_TOKEN_STATUS_ACTIVE, TRUE },
  { "Expired", RT_TOKEN_STATUS_EXPIRED, FALSE },
};

static double
linear (guint8 channel)
{
  double c = channel / 255.0;

  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance of a BGRA pixel. */
static double
luminance (guint32 pixel)
{
  guint8 b = pixel & 0xff, g = (pixel >> 8) & 0xff, r = (pixel >> 16) & 0xff;

  return 0.2126 * linear (r) + 0.7152 * linear (g) + 0.0722 * linear (b);
}

static double
contrast (guint32 a,
          guint32 b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static void
wait_until_drawn (GtkWidget *widget)
{
  rt_test_wait_until (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The pixels of @widget as drawn, opaque BGRA, in @width by @height. */
static guint32 *
render (GtkWidget *widget,
        int       *width,
        int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guint32 *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  pixels = g_new (guint32, (gsize) *width * *height);
  gdk_texture_download (texture, (guchar *) pixels, *width * 4);

  return pixels;
}

static double
measure_badge (GtkWidget *view,
               GtkWidget *badge)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;
  graphene_rect_t bounds;
  guint32 background = 0, text = 0;
  guint best_count = 0;
  double best_contrast = 1.0;
  int width, height;

  pixels = render (view, &width, &height);
  g_assert_true (gtk_widget_compute_bounds (badge, view, &bounds));

  /* Inside the pill, clear of its rounded ends. */
  for (int y = bounds.origin.y + 2; y < bounds.origin.y + bounds.size.height - 2; y++)
    for (int x = bounds.origin.x + bounds.size.height / 2;
         x < bounds.origin.x + bounds.size.width - bounds.size.height / 2; x++)
      {
        guint32 pixel = pixels[y * width + x] | 0xff000000;
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (pixel))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (pixel), GUINT_TO_POINTER (count));
        if (count > best_count)
          {
            best_count = count;
            background = pixel;
          }
      }

  g_assert_cmpuint (g_hash_table_size (counts), >, 2);

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        double c = contrast (GPOINTER_TO_UINT (key), background);

        if (c > best_contrast)
          {
            best_contrast = c;
            text = GPOINTER_TO_UINT (key);
          }
      }
  }

  g_test_message ("%s: text #%06x on #%06x, %.2f:1",
                  rt_status_badge_get_label (RT_STATUS_BADGE (badge)),
                  text & 0xffffff, background & 0xffffff, best_contrast);

  return best_contrast;
}

static void
test_contrast (gconstpointer data)
{
  AdwColorScheme scheme = GPOINTER_TO_INT (data);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *widgets[G_N_ELEMENTS (badges)];

  adw_style_manager_set_color_scheme (style_manager, scheme);
  g_assert_cmpint (adw_style_manager_get_dark (style_manager), ==,
                   scheme == ADW_COLOR_SCHEME_FORCE_DARK);

  /* The column view's background. */
  gtk_widget_add_css_class (view, "view");
  gtk_widget_set_margin_top (view, 12);
  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    {
      widgets[i] = rt_status_badge_new ();
      rt_status_badge_set_status (RT_STATUS_BADGE (widgets[i]), badges[i].status);
      rt_status_badge_set_expiring_soon (RT_STATUS_BADGE (widgets[i]), badges[i].expiring_soon);
      gtk_widget_set_halign (widgets[i], GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (view), widgets[i]);
    }
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (view);

  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    {
      g_assert_cmpstr (rt_status_badge_get_label (RT_STATUS_BADGE (widgets[i])), ==, badges[i].name);
      g_assert_cmpfloat (measure_badge (view, widgets[i]), >=, MIN_CONTRAST);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RtApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing here is read over AT-SPI; starting its registry would print
   * to the TAP stream. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Registering runs the app's startup, where libadwaita loads its
   * stylesheets from the app's resources. */
  app = rt_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_data_func ("/badge-contrast/light", GINT_TO_POINTER (ADW_COLOR_SCHEME_FORCE_LIGHT),
                        test_contrast);
  g_test_add_data_func ("/badge-contrast/dark", GINT_TO_POINTER (ADW_COLOR_SCHEME_FORCE_DARK),
                        test_contrast);

  return g_test_run ();
}
