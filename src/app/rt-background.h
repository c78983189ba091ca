/* rt-background.h: warning in the background: autostart, the Background portal, the checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-expiry-notifier.h"

G_BEGIN_DECLS

/* Twice a day. */
#define RT_BACKGROUND_CHECK_SECONDS (12 * 60 * 60)

#define RT_TYPE_BACKGROUND (rt_background_get_type ())

G_DECLARE_FINAL_TYPE (RtBackground, rt_background, RT, BACKGROUND, GObject)

RtBackground *rt_background_new                (GApplication         *application,
                                                RtExpiryNotifier     *notifier);
gboolean      rt_background_get_running        (RtBackground         *self);
void          rt_background_check_async        (RtBackground         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean      rt_background_check_finish       (RtBackground         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
char         *rt_background_dup_autostart_path (void);

/* For tests: behave as under Flatpak (the Background portal) or not. */
void          _rt_background_set_sandboxed     (RtBackground         *self,
                                                gboolean              sandboxed);

G_END_DECLS
