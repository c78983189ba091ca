/* rt-application.h: the application: options, actions, accelerators and windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rt-background.h"
#include "rt-expiry-notifier.h"
#include "rt-secret.h"

G_BEGIN_DECLS

#define RT_TYPE_APPLICATION (rt_application_get_type ())

G_DECLARE_FINAL_TYPE (RtApplication, rt_application, RT, APPLICATION, AdwApplication)

RtApplication *rt_application_new        (void);
const char    *rt_application_get_server (RtApplication *self);
RtSecret      *rt_application_take_access_key (RtApplication *self);
RtExpiryNotifier *rt_application_get_expiry_notifier (RtApplication *self);
RtBackground  *rt_application_get_background (RtApplication *self);

G_END_DECLS
