/* rt-account.h: who the access key belongs to (GET /me)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "rt-enums.h"

G_BEGIN_DECLS

#define RT_TYPE_ACCOUNT (rt_account_get_type ())

G_DECLARE_FINAL_TYPE (RtAccount, rt_account, RT, ACCOUNT, GObject)

RtAccount  *rt_account_new              (const char *user_id,
                                         const char *user_name,
                                         const char *user_email,
                                         const char *project_id,
                                         const char *project_name,
                                         RtRole      role,
                                         const char *registry);
const char *rt_account_get_user_id      (RtAccount  *self);
const char *rt_account_get_user_name    (RtAccount  *self);
const char *rt_account_get_user_email   (RtAccount  *self);
const char *rt_account_get_project_id   (RtAccount  *self);
const char *rt_account_get_project_name (RtAccount  *self);
RtRole      rt_account_get_role         (RtAccount  *self);
const char *rt_account_get_registry     (RtAccount  *self);

G_END_DECLS
