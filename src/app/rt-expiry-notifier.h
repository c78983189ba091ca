/* rt-expiry-notifier.h: desktop notifications for tokens that stop working
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-session.h"

G_BEGIN_DECLS

#define RT_TYPE_EXPIRY_NOTIFIER (rt_expiry_notifier_get_type ())

G_DECLARE_FINAL_TYPE (RtExpiryNotifier, rt_expiry_notifier, RT, EXPIRY_NOTIFIER, GObject)

RtExpiryNotifier *rt_expiry_notifier_new                  (GApplication     *application);
void              rt_expiry_notifier_check                (RtExpiryNotifier *self,
                                                           RtSession        *session);
void              rt_expiry_notifier_forget               (RtExpiryNotifier *self,
                                                           const char       *server,
                                                           const char       *user);
void              rt_expiry_notifier_watch                (RtExpiryNotifier *self,
                                                           RtSession        *session);
char             *rt_expiry_notifier_dup_notification_id  (const char       *server,
                                                           const char       *user,
                                                           const char       *token_id);

G_END_DECLS
