/* rt-ui-util.c: small widget helpers: a window's replies, tooltips asked for on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-ui-util.h"

static void
window_unrealized_cb (GtkWindow    *window,
                      GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
  /* GTK does not clear it for a window destroyed with its parent, and the
   * parent may be gone before this window is disposed. */
  gtk_window_set_transient_for (window, NULL);
}

/**
 * rt_ui_cancel_when_destroyed:
 * @window: a window or dialog
 * @cancellable: its cancellable
 *
 * Cancels @cancellable as soon as @window is destroyed. Replies hold the
 * window they belong to (docs/DESIGN.md, Conventions), and
 * gtk_window_destroy() disposes a window only once nothing holds it, so
 * cancelling in dispose alone would come too late.
 */
void
rt_ui_cancel_when_destroyed (GtkWindow    *window,
                             GCancellable *cancellable)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  /* gtk_window_destroy() unrealizes the window, whoever holds it. */
  g_signal_connect_object (window, "unrealize", G_CALLBACK (window_unrealized_cb),
                           cancellable, 0);
}

/* Tooltips asked for on demand {{{ */

/* gtk_widget_set_tooltip_text() (GTK 4.8) asks GDK where
 * the pointer is every time it is called on a visible widget, so that a
 * tooltip already shown follows the new text. On X11 that is a synchronous
 * round trip to the server (XIQueryPointer), and the table sets a tooltip on
 * every cell it binds: 29 % of the CPU time of a 1,000-token start went
 * there (bench/README.md). A tooltip kept here is only read when GTK asks
 * for it, in ::query-tooltip. The price: a tooltip already on screen keeps
 * its old text until the pointer moves. */

static GQuark
lazy_tooltip_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rt-lazy-tooltip");

  return quark;
}

static gboolean
lazy_tooltip_query_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = rt_ui_get_lazy_tooltip (widget);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

/**
 * rt_ui_set_lazy_tooltip:
 * @widget: a widget
 * @described: (nullable): what gets @text as its accessible description
 * @text: (nullable): the tooltip, or %NULL (or "") for none
 *
 * Gives @widget a tooltip that GTK reads only when it is about to show it,
 * instead of gtk_widget_set_tooltip_text(), which costs a round trip to the
 * display server. That function describes @widget itself; here the caller
 * says which object a screen reader should find the text on, if any (in a
 * cell, the label inside it rather than the cell).
 *
 * Returns: %TRUE if the tooltip changed
 */
gboolean
rt_ui_set_lazy_tooltip (GtkWidget     *widget,
                        GtkAccessible *described,
                        const char    *text)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (described == NULL || GTK_IS_ACCESSIBLE (described), FALSE);

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (text, rt_ui_get_lazy_tooltip (widget)) == 0)
    return FALSE;

  if (!gtk_widget_get_has_tooltip (widget) && text != NULL &&
      g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                             lazy_tooltip_query_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (lazy_tooltip_query_cb), NULL);

  g_object_set_qdata_full (G_OBJECT (widget), lazy_tooltip_quark (),
                           g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);

  if (described != NULL && text != NULL)
    gtk_accessible_update_property (described, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else if (described != NULL)
    gtk_accessible_reset_property (described, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  return TRUE;
}

/**
 * rt_ui_get_lazy_tooltip:
 * @widget: a widget
 *
 * Returns: (nullable): the tooltip set with rt_ui_set_lazy_tooltip()
 */
const char *
rt_ui_get_lazy_tooltip (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), lazy_tooltip_quark ());
}

/* }}} */

/* Text sizes {{{ */

/**
 * rt_ui_get_text_size:
 * @context: the Pango context of a widget
 * @text: a short text, one of a few
 * @width: (out) (optional): its width in pixels
 * @height: (out) (optional): its height in pixels
 *
 * Measures @text in @context's font, resolution and font options, once:
 * for the cells of a table, which GTK 4.8 builds by the hundred and which
 * show one of a few texts, or one line of any text.
 */
void
rt_ui_get_text_size (PangoContext *context,
                     const char   *text,
                     int          *width,
                     int          *height)
{
  static GHashTable *sizes;
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  g_autofree char *font = pango_font_description_to_string (pango_context_get_font_description (context));
  g_autofree char *key = g_strdup_printf ("%s|%g|%lu|%s", font,
                                          pango_cairo_context_get_resolution (context),
                                          options != NULL ? cairo_font_options_hash (options) : 0ul,
                                          text);
  gpointer found;

  if (sizes == NULL)
    sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_hash_table_lookup_extended (sizes, key, NULL, &found))
    {
      g_autoptr(PangoLayout) layout = pango_layout_new (context);
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      found = GINT_TO_POINTER ((MIN (w, 0xffff) << 16) | MIN (h, 0xffff));
      g_hash_table_insert (sizes, g_steal_pointer (&key), found);
    }

  if (width != NULL)
    *width = GPOINTER_TO_INT (found) >> 16;
  if (height != NULL)
    *height = GPOINTER_TO_INT (found) & 0xffff;
}

/* }}} */

/* Drawn text {{{ */

/**
 * rt_ui_snapshot_layout:
 * @widget: the widget drawing
 * @snapshot: its snapshot
 * @layout: one line of text made for @widget
 *
 * Draws @layout at the start of @widget's content, centred vertically, in
 * its CSS colour: what a one-line label would draw.
 */
void
rt_ui_snapshot_layout (GtkWidget   *widget,
                       GtkSnapshot *snapshot,
                       PangoLayout *layout)
{
  GdkRGBA color;
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (0, floorf ((gtk_widget_get_height (widget) - height) / 2.0f)));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/**
 * rt_ui_layout_font_changed:
 * @widget: a widget
 * @layout: a layout made for it earlier
 *
 * Returns: whether @widget's font is no longer the one @layout was made
 *   with: GTK redraws or resizes as a style change needs, and only a new
 *   font makes a layout stale
 */
gboolean
rt_ui_layout_font_changed (GtkWidget   *widget,
                           PangoLayout *layout)
{
  return !pango_font_description_equal (pango_context_get_font_description (pango_layout_get_context (layout)),
                                        pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
}

/* }}} */
