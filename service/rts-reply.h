/* rts-reply.h: an HTTP reply as data, so it can be cached and replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  RTS_PROBLEM_BAD_REQUEST,
  RTS_PROBLEM_UNAUTHORIZED,
  RTS_PROBLEM_FORBIDDEN,
  RTS_PROBLEM_NOT_FOUND,
  RTS_PROBLEM_METHOD_NOT_ALLOWED,
  RTS_PROBLEM_CONFLICT,
  RTS_PROBLEM_PAYLOAD_TOO_LARGE,
  RTS_PROBLEM_VALIDATION,
  RTS_PROBLEM_IDEMPOTENCY_KEY_REUSED,
  RTS_PROBLEM_NO_ACTIVE_SUBSCRIPTION,
  RTS_PROBLEM_SECRET_UNAVAILABLE,
  RTS_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
  RTS_PROBLEM_RATE_LIMITED,
  RTS_PROBLEM_UNAVAILABLE,
  RTS_PROBLEM_INTERNAL,
} RtsProblem;

typedef struct
{
  guint  status;
  char  *content_type;
  char  *body;
  gsize  body_length;
  char  *location;
  char  *allow;
  char  *etag;
  char  *link;
  guint  retry_after;   /* seconds; 0 sends no Retry-After */
} RtsReply;

RtsReply *rts_reply_new             (guint             status);
RtsReply *rts_reply_new_json        (guint             status,
                                     JsonNode         *node);
RtsReply *rts_reply_new_json_text   (guint             status,
                                     GString          *text);
RtsReply *rts_reply_new_problem     (RtsProblem        problem,
                                     const char       *detail);
RtsReply *rts_reply_new_invalid     (const char       *field,
                                     const char       *message,
                                     const char       *detail);
RtsReply *rts_reply_new_validation  (JsonObject       *errors,
                                     const char       *detail);
RtsReply *rts_reply_new_internal    (const GError     *error);
RtsReply *rts_reply_copy            (const RtsReply   *reply);
void      rts_reply_free            (RtsReply         *reply);
void      rts_reply_apply           (RtsReply         *reply,
                                     SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsReply, rts_reply_free)

G_END_DECLS
