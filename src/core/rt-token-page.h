/* rt-token-page.h: one page of the token list, or "not modified"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RT_TYPE_TOKEN_PAGE (rt_token_page_get_type ())

typedef struct _RtTokenPage RtTokenPage;

GType        rt_token_page_get_type            (void) G_GNUC_CONST;
RtTokenPage *rt_token_page_new                 (GPtrArray   *tokens,
                                                const char  *next_page_token,
                                                guint        total,
                                                const char  *etag);
RtTokenPage *rt_token_page_new_not_modified    (const char  *etag);
RtTokenPage *rt_token_page_ref                 (RtTokenPage *self);
void         rt_token_page_unref               (RtTokenPage *self);

gboolean     rt_token_page_get_not_modified    (RtTokenPage *self);
GPtrArray   *rt_token_page_get_tokens          (RtTokenPage *self);
const char  *rt_token_page_get_next_page_token (RtTokenPage *self);
guint        rt_token_page_get_total           (RtTokenPage *self);
const char  *rt_token_page_get_etag            (RtTokenPage *self);
gint64       rt_token_page_get_requested_at    (RtTokenPage *self);
void         rt_token_page_set_requested_at    (RtTokenPage *self,
                                                gint64       requested_at);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtTokenPage, rt_token_page_unref)

G_END_DECLS
