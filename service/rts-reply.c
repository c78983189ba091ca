/* rts-reply.c: an HTTP reply as data, so it can be cached and replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rts-reply.h"

#define PROBLEM_URN "urn:registry-tokens:problem:"

typedef struct
{
  guint       status;
  const char *type;
  const char *title;
} ProblemInfo;

/* Indexed by RtsProblem. Titles are fixed; details vary per occurrence. */
static const ProblemInfo problems[] = {
  { 400, "bad-request", "Bad request" },
  { 401, "unauthorized", "Unauthorized" },
  { 403, "forbidden", "Forbidden" },
  { 404, "not-found", "Not found" },
  { 405, "method-not-allowed", "Method not allowed" },
  { 409, "conflict", "Conflict" },
  { 413, "payload-too-large", "Payload too large" },
  { 422, "validation", "Invalid request" },
  { 422, "idempotency-key-reused", "Idempotency key reused" },
  { 422, "no-active-subscription", "No active subscription" },
  { 409, "secret-unavailable", "Secret unavailable" },
  { 415, "unsupported-media-type", "Unsupported media type" },
  { 429, "rate-limited", "Too many requests" },
  { 503, "unavailable", "Service unavailable" },
  { 500, "internal", "Internal server error" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (problems) == RTS_PROBLEM_INTERNAL + 1);

RtsReply *
rts_reply_new (guint status)
{
  RtsReply *reply = g_new0 (RtsReply, 1);

  reply->status = status;

  return reply;
}

RtsReply *
rts_reply_new_json (guint     status,
                    JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  RtsReply *reply = rts_reply_new (status);

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  reply->body = json_generator_to_data (generator, &reply->body_length);
  reply->content_type = g_strdup ("application/json");

  return reply;
}

/* Takes text, JSON written by hand (rts-json-writer.h). */
RtsReply *
rts_reply_new_json_text (guint    status,
                         GString *text)
{
  RtsReply *reply = rts_reply_new (status);

  g_return_val_if_fail (text != NULL, NULL);

  reply->body_length = text->len;
  reply->body = g_string_free (text, FALSE);
  reply->content_type = g_strdup ("application/json");

  return reply;
}

static RtsReply *
problem_reply (RtsProblem  problem,
               const char *detail,
               JsonObject *errors)
{
  const ProblemInfo *info = &problems[problem];
  g_autofree char *type = g_strconcat (PROBLEM_URN, info->type, NULL);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  RtsReply *reply;

  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, "title", info->title);
  json_object_set_int_member (object, "status", info->status);
  json_object_set_string_member (object, "detail", detail);
  if (errors != NULL)
    json_object_set_object_member (object, "errors", json_object_ref (errors));

  node = json_node_init_object (json_node_alloc (), object);
  reply = rts_reply_new_json (info->status, node);
  g_free (reply->content_type);
  reply->content_type = g_strdup ("application/problem+json");

  return reply;
}

RtsReply *
rts_reply_new_problem (RtsProblem  problem,
                       const char *detail)
{
  g_return_val_if_fail (problem <= RTS_PROBLEM_INTERNAL, NULL);
  g_return_val_if_fail (detail != NULL, NULL);

  return problem_reply (problem, detail, NULL);
}

RtsReply *
rts_reply_new_validation (JsonObject *errors,
                          const char *detail)
{
  g_return_val_if_fail (errors != NULL, NULL);
  g_return_val_if_fail (detail != NULL, NULL);

  return problem_reply (RTS_PROBLEM_VALIDATION, detail, errors);
}

/* A validation failure naming a single field. */
RtsReply *
rts_reply_new_invalid (const char *field,
                       const char *message,
                       const char *detail)
{
  g_autoptr(JsonObject) errors = json_object_new ();

  json_object_set_string_member (errors, field, message);

  return rts_reply_new_validation (errors, detail);
}

/* The error is logged for the operator; the client learns nothing of it. */
RtsReply *
rts_reply_new_internal (const GError *error)
{
  g_warning ("Internal error: %s", error ? error->message : "unknown");

  return rts_reply_new_problem (RTS_PROBLEM_INTERNAL,
                                "The service failed to handle the request.");
}

RtsReply *
rts_reply_copy (const RtsReply *reply)
{
  RtsReply *copy = rts_reply_new (reply->status);

  copy->content_type = g_strdup (reply->content_type);
  copy->body = g_memdup2 (reply->body, reply->body_length);
  copy->body_length = reply->body_length;
  copy->location = g_strdup (reply->location);
  copy->allow = g_strdup (reply->allow);
  copy->etag = g_strdup (reply->etag);
  copy->link = g_strdup (reply->link);
  copy->retry_after = reply->retry_after;

  return copy;
}

static void
wipe_and_free (gpointer data,
               gsize    length)
{
  if (data != NULL)
    explicit_bzero (data, length);
  g_free (data);
}

/* Bodies may hold a token secret, so they are always wiped. */
void
rts_reply_free (RtsReply *reply)
{
  if (reply == NULL)
    return;

  wipe_and_free (reply->body, reply->body_length);
  g_free (reply->content_type);
  g_free (reply->location);
  g_free (reply->allow);
  g_free (reply->etag);
  g_free (reply->link);
  g_free (reply);
}

typedef struct
{
  gpointer data;
  gsize    length;
} WipeData;

static void
wipe_data_free (gpointer user_data)
{
  WipeData *wipe = user_data;

  wipe_and_free (wipe->data, wipe->length);
  g_free (wipe);
}

/* Hands libsoup the body itself, wiped when libsoup drops it. */
static GBytes *
wiping_bytes_take (char  *body,
                   gsize  length)
{
  WipeData *wipe = g_new0 (WipeData, 1);

  wipe->data = body;
  wipe->length = length;

  return g_bytes_new_with_free_func (wipe->data, length, wipe_data_free, wipe);
}

static void
keep_bodiless_encoding (SoupServerMessage *msg,
                        gpointer           user_data)
{
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_NONE);
}

/* Moves reply's body into msg, without a copy: a page of the token list
 * is half a megabyte. */
void
rts_reply_apply (RtsReply          *reply,
                 SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *reason = NULL;

  /* RFC 9110 renamed 422; libsoup still says "Unprocessable Entity". */
  if (reply->status == 422)
    reason = "Unprocessable Content";
  else if (reply->status == 429)
    reason = "Too Many Requests";

  soup_server_message_set_status (msg, reply->status, reason);

  if (reply->location != NULL)
    soup_message_headers_replace (headers, "Location", reply->location);
  if (reply->allow != NULL)
    soup_message_headers_replace (headers, "Allow", reply->allow);
  if (reply->etag != NULL)
    soup_message_headers_replace (headers, "ETag", reply->etag);
  if (reply->link != NULL)
    soup_message_headers_replace (headers, "Link", reply->link);
  if (reply->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", reply->retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  if (reply->status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate",
                                  "Bearer realm=\"registry-tokens\"");

  if (reply->body != NULL && reply->content_type != NULL)
    {
      g_autoptr(GBytes) bytes = wiping_bytes_take (g_steal_pointer (&reply->body),
                                                   reply->body_length);

      reply->body_length = 0;

      soup_message_headers_set_content_type (headers, reply->content_type, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
    }
  else
    {
      /* Without this libsoup 3.2 takes a bodiless reply (304) as ended by
       * closing the connection, and closes it. */
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_NONE);

      /* For a 204 it drops the setting again as it writes the headers. */
      if (reply->status == SOUP_STATUS_NO_CONTENT)
        g_signal_connect (msg, "wrote-headers", G_CALLBACK (keep_bodiless_encoding), NULL);
    }
}
