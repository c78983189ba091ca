/* rt-account-list.h: the saved accounts, one session each, kept in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-session.h"

G_BEGIN_DECLS

#define RT_TYPE_ACCOUNT_LIST (rt_account_list_get_type ())

G_DECLARE_FINAL_TYPE (RtAccountList, rt_account_list, RT, ACCOUNT_LIST, GObject)

RtAccountList *rt_account_list_new         (GSettings     *settings);

RtSession     *rt_account_list_get_current (RtAccountList *self);
void           rt_account_list_set_current (RtAccountList *self,
                                            RtSession     *session);
RtSession     *rt_account_list_lookup      (RtAccountList *self,
                                            const char    *id);
RtSession     *rt_account_list_find        (RtAccountList *self,
                                            const char    *server,
                                            const char    *user_id);
gboolean       rt_account_list_is_saved    (RtAccountList *self,
                                            RtSession     *session);
GSettings     *rt_account_list_get_settings (RtAccountList *self,
                                             RtSession     *session);

void           rt_account_list_add         (RtAccountList *self,
                                            RtSession     *session,
                                            gboolean       save);
void           rt_account_list_remove      (RtAccountList *self,
                                            RtSession     *session);

G_END_DECLS
