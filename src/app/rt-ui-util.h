/* rt-ui-util.h: small helpers shared by the windows and dialogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GWeakRef *rt_ui_weak_ref_new         (gpointer      object);
gpointer  rt_ui_weak_ref_steal       (GWeakRef     *ref);
void      rt_ui_weak_ref_free        (gpointer      ref);

G_END_DECLS
