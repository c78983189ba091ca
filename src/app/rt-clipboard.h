/* rt-clipboard.h: copying a secret to the clipboard, and clearing it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "rt-secret.h"

G_BEGIN_DECLS

#define RT_TYPE_CLIPBOARD (rt_clipboard_get_type ())

G_DECLARE_FINAL_TYPE (RtClipboard, rt_clipboard, RT, CLIPBOARD, GObject)

RtClipboard *rt_clipboard_new               (guint         clear_seconds);
guint        rt_clipboard_get_clear_seconds (RtClipboard  *self);
void         rt_clipboard_set_clear_seconds (RtClipboard  *self,
                                             guint         clear_seconds);
gboolean     rt_clipboard_get_pending       (RtClipboard  *self);
gint64       rt_clipboard_get_clears_at     (RtClipboard  *self);
gboolean     rt_clipboard_copy_secret       (RtClipboard  *self,
                                             GdkClipboard *clipboard,
                                             RtSecret     *secret);
void         rt_clipboard_clear_now         (RtClipboard  *self);
void         rt_clipboard_retry_pending     (RtClipboard  *self);

G_END_DECLS
