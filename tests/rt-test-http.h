/* rt-test-http.h: raw HTTP/1.1 over loopback sockets, for probing the
 * service byte by byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint     status;
  char     *headers;   /* the header block, without the status line */
  char     *body;
  gsize     body_length;
  JsonNode *root;      /* NULL unless the body is JSON */
} RtHttpReply;

guint16      rt_http_port_of_url      (const char   *url);
int          rt_http_connect          (guint16       port,
                                       guint         timeout_ms);
gboolean     rt_http_send_all         (int           fd,
                                       const char   *data,
                                       gsize         length);
char        *rt_http_build_request    (const char   *method,
                                       const char   *target,
                                       const char   *key,
                                       const char   *content_type,
                                       const char   *body,
                                       const char   *extra_headers,
                                       gboolean      keep_alive);
RtHttpReply *rt_http_read_reply       (int           fd,
                                       const char   *method,
                                       gint64        deadline);
RtHttpReply *rt_http_request          (guint16       port,
                                       const char   *method,
                                       const char   *target,
                                       const char   *key,
                                       const char   *content_type,
                                       const char   *body,
                                       const char   *extra_headers);
char        *rt_http_reply_header     (RtHttpReply  *reply,
                                       const char   *name);
const char  *rt_http_reply_string     (RtHttpReply  *reply,
                                       const char   *member);
void         rt_http_assert_problem   (RtHttpReply  *reply,
                                       guint         status,
                                       const char   *type);
gboolean     rt_http_is_problem_4xx   (RtHttpReply  *reply);
void         rt_http_reply_free       (RtHttpReply  *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtHttpReply, rt_http_reply_free)

G_END_DECLS
