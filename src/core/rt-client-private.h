/* rt-client-private.h: what the client's files share: building their errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-client-error.h"
#include "rt-problem.h"

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
/* G_IO_ERROR_CANCELLED: the one error for cancellation, here as in GIO. */
GError *rt_cancelled_error_new            (void);
GError *rt_client_error_new_insecure      (void);
GError *rt_client_error_new_invalid_url   (const char           *server);

G_END_DECLS
