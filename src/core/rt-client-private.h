/* rt-client-private.h: what the client's files share: its calls and their errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-client.h"
#include "rt-client-error.h"
#include "rt-problem.h"
#include "rt-request.h"

G_BEGIN_DECLS

/* libsoup 3.0 has no name for it. */
#define RT_HTTP_STATUS_TOO_MANY_REQUESTS 429

/* What a request was about, so that a 404 can be explained. */
typedef enum
{
  RT_CLIENT_TARGET_SERVICE, /* a fixed path: a 404 means there is no API at the address */
  RT_CLIENT_TARGET_TOKEN,   /* one token: a 404 means it is gone or not visible */
} RtClientTarget;

/* The ways a reply can break the API's promises (all RT_CLIENT_ERROR_PROTOCOL). */
typedef enum
{
  RT_CLIENT_PROTOCOL_MALFORMED,
  RT_CLIENT_PROTOCOL_TOO_LARGE,
  RT_CLIENT_PROTOCOL_CONTENT_TYPE,
  RT_CLIENT_PROTOCOL_STATUS,
} RtClientProtocolIssue;

GError *rt_client_error_new_for_status    (guint                 status,
                                           RtProblem            *problem,
                                           RtClientTarget        target);
GError *rt_client_error_new_for_transport (const GError         *error,
                                           GTlsCertificateFlags  tls_errors,
                                           const char           *host);
GError *rt_client_error_new_protocol      (RtClientProtocolIssue issue,
                                           guint                 status);
GError *rt_client_error_new_timeout       (gboolean              connecting);
GError *rt_client_error_new_insecure      (void);
GError *rt_client_error_new_invalid_url   (const char           *server);

/* What a call needs once its reply is in. */
typedef void (*CompleteFunc) (GTask     *task,
                              RtRequest *request,
                              GBytes    *body);

/* The task data of a call. */
typedef struct
{
  RtRequest      *request;
  RtClientTarget  target;
  CompleteFunc    complete;
  gboolean        conditional;  /* sent If-None-Match, so 304 is an answer */
  gboolean        expects_json; /* a successful reply has a JSON body to parse */
  RtProblem      *problem;      /* of a failed call */
  gint64          sent_at;      /* g_get_monotonic_time() */
  GTask          *walk;         /* the rt_client_list_tokens_async() it is part of */
  guint           walk_index;   /* its page, counted from 0 */
} Call;

GTask    *_rt_client_new_task       (RtClient            *self,
                                     GCancellable        *cancellable,
                                     gpointer             source_tag,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* Takes @task. @complete parses a successful reply; with %NULL (a call that
 * has nothing to parse, a DELETE) any 2xx, whatever its body, returns TRUE. */
void      _rt_client_send_call      (RtClient            *self,
                                     GTask               *task,
                                     const char          *method,
                                     const char          *path_and_query,
                                     GBytes              *body,
                                     const char          *if_none_match,
                                     RtClientTarget       target,
                                     CompleteFunc         complete);
/* Turns a parse error into a PROTOCOL error. Returns FALSE when the task has
 * failed. */
gboolean  _rt_client_check_parsed   (GTask               *task,
                                     RtRequest           *request,
                                     gboolean             parsed,
                                     GError              *parse_error);
/* Once a reply is in, cancelling no longer takes it away (see rt-client.c). */
void      _rt_client_return_result  (GTask               *task,
                                     gpointer             result,
                                     GDestroyNotify       result_destroy);
/* The common part of every _finish. */
gboolean  _rt_client_check_finish   (RtClient            *self,
                                     GAsyncResult        *result,
                                     gpointer             source_tag,
                                     GError             **error);
/* The whole _finish of a call whose task returns one pointer. */
gpointer  _rt_client_finish_pointer (RtClient            *self,
                                     GAsyncResult        *result,
                                     gpointer             source_tag,
                                     GError             **error);

G_END_DECLS
