/* rt-ui-util.c: small helpers shared by the windows and dialogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-ui-util.h"

/**
 * rt_ui_weak_ref_new:
 * @object: (nullable): the object to hold weakly
 *
 * A weak reference on the heap, for the user data of a reply: a reply that
 * holds a window or dialog weakly lets closing it dispose it at once, which
 * cancels what is still on its way.
 *
 * Returns: (transfer full): the reference; free it with
 *   rt_ui_weak_ref_steal() or rt_ui_weak_ref_free()
 */
GWeakRef *
rt_ui_weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new (GWeakRef, 1);

  g_weak_ref_init (ref, object);

  return ref;
}

/**
 * rt_ui_weak_ref_steal:
 * @ref: (transfer full): from rt_ui_weak_ref_new()
 *
 * Frees @ref.
 *
 * Returns: (transfer full) (nullable): the object, if it is still alive
 */
gpointer
rt_ui_weak_ref_steal (GWeakRef *ref)
{
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);

  return object;
}

/**
 * rt_ui_weak_ref_free:
 * @ref: (transfer full): from rt_ui_weak_ref_new()
 *
 * A #GDestroyNotify for a reference from rt_ui_weak_ref_new().
 */
void
rt_ui_weak_ref_free (gpointer ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}
