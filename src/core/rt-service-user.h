/* rt-service-user.h: a service user of the project, for service tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RT_TYPE_SERVICE_USER (rt_service_user_get_type ())

G_DECLARE_FINAL_TYPE (RtServiceUser, rt_service_user, RT, SERVICE_USER, GObject)

RtServiceUser *rt_service_user_new      (const char    *id,
                                         const char    *name);
const char    *rt_service_user_get_id   (RtServiceUser *self);
const char    *rt_service_user_get_name (RtServiceUser *self);

G_END_DECLS
