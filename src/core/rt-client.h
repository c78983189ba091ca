/* rt-client.h: the client of the registry token API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "rt-account.h"
#include "rt-client-error.h"
#include "rt-enums.h"
#include "rt-problem.h"
#include "rt-secret.h"
#include "rt-token.h"
#include "rt-token-page.h"

G_BEGIN_DECLS

/* RtClient: one object per server and access key, for every call of
 * docs/token-api.md as an _async/_finish pair.
 *
 * - Every call completes exactly once, in the thread-default main context of
 *   its _async call. Once its cancellable is cancelled, _finish reports
 *   G_IO_ERROR_CANCELLED, unless the reply had arrived already: then it
 *   hands out the result (a created token's secret is never sent again).
 *   Cancel from the client's thread.
 * - Every other error is an RT_CLIENT_ERROR with a translated message for the
 *   user, ending with the server's problem `detail` when it sent one.
 *   rt_client_create_token_finish() also hands out the problem itself, so
 *   that field errors of RT_CLIENT_ERROR_INVALID can be shown by each field.
 * - GETs and DELETE are retried on transport failures and 502/503/504 (twice,
 *   after 250 ms and 1 s); POSTs carry one Idempotency-Key per call and are
 *   retried once on a transport failure only; 429 is retried once after
 *   Retry-After (at most 30 s). Timeouts: 10 s to connect, 30 s for each
 *   attempt's whole reply; a timeout is not retried.
 * - Replies are capped at RT_JSON_MAX_BYTES; bodies are wiped when freed.
 */

#define RT_TYPE_CLIENT (rt_client_get_type ())

G_DECLARE_FINAL_TYPE (RtClient, rt_client, RT, CLIENT, GObject)

RtClient    *rt_client_new                      (const char           *server,
                                                 RtSecret             *access_key,
                                                 SoupSession          *session,
                                                 GError              **error);
const char  *rt_client_get_server               (RtClient             *self);
SoupSession *rt_client_get_session              (RtClient             *self);
void         rt_client_set_timeouts             (RtClient             *self,
                                                 guint                 connect_ms,
                                                 guint                 request_ms);
void         rt_client_set_retry_base_ms        (RtClient             *self,
                                                 guint                 base_ms);

void         rt_client_get_me_async             (RtClient             *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
RtAccount   *rt_client_get_me_finish            (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void         rt_client_list_subscriptions_async (RtClient             *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray   *rt_client_list_subscriptions_finish
                                                (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void         rt_client_list_service_users_async (RtClient             *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray   *rt_client_list_service_users_finish
                                                (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void         rt_client_list_tokens_page_async   (RtClient             *self,
                                                 const char           *page_token,
                                                 guint                 page_size,
                                                 const char           *etag,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
RtTokenPage *rt_client_list_tokens_page_finish  (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Called with each page of rt_client_list_tokens_async(), in order. */
typedef void (*RtClientTokenPageFunc) (RtTokenPage *page,
                                       gpointer     user_data);

void         rt_client_list_tokens_async        (RtClient              *self,
                                                 guint                  first_page_size,
                                                 guint                  page_size,
                                                 const char            *etag,
                                                 RtClientTokenPageFunc  page_func,
                                                 gpointer               page_data,
                                                 GDestroyNotify         page_data_destroy,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean     rt_client_list_tokens_finish       (RtClient              *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);

void         rt_client_get_token_async          (RtClient             *self,
                                                 const char           *id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
RtToken     *rt_client_get_token_finish         (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void         rt_client_create_token_async       (RtClient             *self,
                                                 const char           *name,
                                                 RtTokenType           type,
                                                 const char           *service_user_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
RtToken     *rt_client_create_token_finish      (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 RtSecret            **secret,
                                                 RtProblem           **problem,
                                                 GError              **error);

void         rt_client_regenerate_secret_async  (RtClient             *self,
                                                 const char           *id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
RtToken     *rt_client_regenerate_secret_finish (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 RtSecret            **secret,
                                                 GError              **error);

void         rt_client_resync_products_async    (RtClient             *self,
                                                 const char           *id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
RtToken     *rt_client_resync_products_finish   (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 GPtrArray           **added,
                                                 GPtrArray           **removed,
                                                 GError              **error);

void         rt_client_delete_token_async       (RtClient             *self,
                                                 const char           *id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean     rt_client_delete_token_finish      (RtClient             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
