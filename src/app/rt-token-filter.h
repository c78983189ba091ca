/* rt-token-filter.h: the token table's filter by status, type and creator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-token.h"

G_BEGIN_DECLS

/* What the Status filter tells apart; no bit set shows every token. */
typedef enum
{
  RT_STATUS_FILTER_ACTIVE        = 1 << 0,
  RT_STATUS_FILTER_EXPIRING_SOON = 1 << 1,
  RT_STATUS_FILTER_EXPIRED       = 1 << 2,
} RtStatusFilter;

#define RT_TYPE_TOKEN_FILTER (rt_token_filter_get_type ())

G_DECLARE_FINAL_TYPE (RtTokenFilter, rt_token_filter, RT, TOKEN_FILTER, GtkFilter)

RtTokenFilter  *rt_token_filter_new            (void);
RtStatusFilter  rt_token_filter_status_of      (RtToken        *token);
guint           rt_token_filter_get_statuses   (RtTokenFilter  *self);
void            rt_token_filter_set_statuses   (RtTokenFilter  *self,
                                                guint           statuses);
const char     *rt_token_filter_get_token_type (RtTokenFilter  *self);
void            rt_token_filter_set_token_type (RtTokenFilter  *self,
                                                const char     *token_type);
const char     *rt_token_filter_get_created_by (RtTokenFilter  *self);
void            rt_token_filter_set_created_by (RtTokenFilter  *self,
                                                const char     *created_by);
gboolean        rt_token_filter_get_active     (RtTokenFilter  *self);
void            rt_token_filter_clear          (RtTokenFilter  *self);
void            rt_token_filter_refilter       (RtTokenFilter  *self);
char           *rt_token_filter_describe       (RtTokenFilter  *self);
GActionGroup   *rt_token_filter_get_actions    (RtTokenFilter  *self);
void            rt_token_filter_set_admin      (RtTokenFilter  *self,
                                                gboolean        admin);

G_END_DECLS
