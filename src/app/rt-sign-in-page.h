/* rt-sign-in-page.h: the welcome page: server URL and access key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rt-secret.h"

G_BEGIN_DECLS

#define RT_TYPE_SIGN_IN_PAGE (rt_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (RtSignInPage, rt_sign_in_page, RT, SIGN_IN_PAGE, AdwBin)

char       *rt_sign_in_page_dup_server        (RtSignInPage *self);
void        rt_sign_in_page_set_server        (RtSignInPage *self,
                                               const char   *server);
gboolean    rt_sign_in_page_get_busy          (RtSignInPage *self);
void        rt_sign_in_page_set_busy          (RtSignInPage *self,
                                               gboolean      busy);
const char *rt_sign_in_page_get_error         (RtSignInPage *self);
void        rt_sign_in_page_set_error         (RtSignInPage *self,
                                               const char   *error);
void        rt_sign_in_page_set_server_error  (RtSignInPage *self,
                                               const char   *error);
void        rt_sign_in_page_clear_access_key  (RtSignInPage *self);
void        rt_sign_in_page_focus_first_empty (RtSignInPage *self);

G_END_DECLS
