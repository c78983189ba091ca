/* rt-request.h: one API call over HTTP, with deadlines, retries and a size cap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "rt-secret.h"

G_BEGIN_DECLS

#define RT_TYPE_REQUEST (rt_request_get_type ())

typedef struct _RtRequest RtRequest;

GType               rt_request_get_type                (void) G_GNUC_CONST;
RtRequest          *rt_request_new                     (SoupSession          *session,
                                                        const char           *method,
                                                        GUri                 *uri,
                                                        RtSecret             *access_key);
RtRequest          *rt_request_ref                     (RtRequest            *self);
void                rt_request_unref                   (RtRequest            *self);

void                rt_request_set_user_agent          (RtRequest            *self,
                                                        const char           *user_agent);
void                rt_request_set_body                (RtRequest            *self,
                                                        const char           *content_type,
                                                        GBytes               *body);
void                rt_request_set_if_none_match       (RtRequest            *self,
                                                        const char           *etag);
void                rt_request_set_timeouts            (RtRequest            *self,
                                                        guint                 connect_ms,
                                                        guint                 request_ms);
void                rt_request_set_retry_base_ms       (RtRequest            *self,
                                                        guint                 base_ms);
void                rt_request_set_max_bytes           (RtRequest            *self,
                                                        gsize                 max_bytes);

const char         *rt_request_get_method              (RtRequest            *self);
const char         *rt_request_get_idempotency_key     (RtRequest            *self);

void                rt_request_send_async              (RtRequest            *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GBytes             *rt_request_send_finish             (RtRequest            *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

guint               rt_request_get_status              (RtRequest            *self);
SoupMessageHeaders *rt_request_get_response_headers    (RtRequest            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtRequest, rt_request_unref)

G_END_DECLS
