/* rt-ui-util.c: the lifetime of a window or dialog that replies hold
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
