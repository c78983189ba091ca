/* rts-server.c: the HTTP front of the token service
 *
 * Routing, authentication, body limits and the Idempotency-Key replay live
 * here; each API call itself is a function in rts-handlers.c that turns an
 * RtsRequest into an RtsReply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rts-handlers.h"
#include "rts-idempotency.h"
#include "rts-random.h"
#include "rts-server.h"

#define API_PREFIX            "/api/v1/"
#define MAX_BODY_SIZE         (64 * 1024)
#define IDEMPOTENCY_ENTRIES   10000
#define IDEMPOTENCY_LIFETIME  (24 * G_TIME_SPAN_HOUR)
#define TOKEN_ID_SEGMENT      "{id}"
#define START_TIME_KEY        "rts-start-time"

struct _RtsServer
{
  GObject         parent_instance;

  SoupServer     *soup;
  RtsDb          *db;
  RtsIdempotency *idempotency;
  char           *registry;
};

G_DEFINE_FINAL_TYPE (RtsServer, rts_server, G_TYPE_OBJECT)

typedef struct
{
  const char *segments[3];
  const char *allow;
  const char *methods[2];
  RtsHandler  handlers[2];
} Route;

static const Route routes[] = {
  { { "me" }, "GET", { "GET" }, { rts_handle_me } },
  { { "subscriptions" }, "GET", { "GET" }, { rts_handle_subscriptions } },
  { { "service-users" }, "GET", { "GET" }, { rts_handle_service_users } },
  { { "tokens" }, "GET, POST", { "GET", "POST" },
    { rts_handle_list_tokens, rts_handle_create_token } },
  { { "tokens", TOKEN_ID_SEGMENT }, "GET, DELETE", { "GET", "DELETE" },
    { rts_handle_get_token, rts_handle_delete_token } },
  { { "tokens", TOKEN_ID_SEGMENT, "regenerate-secret" }, "POST", { "POST" },
    { rts_handle_regenerate_secret } },
  { { "tokens", TOKEN_ID_SEGMENT, "resync-products" }, "POST", { "POST" },
    { rts_handle_resync_products } },
};

static gboolean
route_matches (const Route  *route,
               char        **segments,
               const char  **out_token_id)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (route->segments) && route->segments[i] != NULL; i++)
    {
      if (segments[i] == NULL || segments[i][0] == '\0')
        return FALSE;

      if (strcmp (route->segments[i], TOKEN_ID_SEGMENT) == 0)
        *out_token_id = segments[i];
      else if (strcmp (route->segments[i], segments[i]) != 0)
        return FALSE;
    }

  return segments[i] == NULL;
}

/* Finds the route of path. The token id, if any, points into segments. */
static const Route *
find_route (const char   *path,
            char       ***out_segments,
            const char  **out_token_id)
{
  g_auto(GStrv) segments = NULL;

  *out_token_id = NULL;

  if (!g_str_has_prefix (path, API_PREFIX))
    return NULL;

  segments = g_strsplit (path + strlen (API_PREFIX), "/", 4);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (route_matches (&routes[i], segments, out_token_id))
        {
          *out_segments = g_steal_pointer (&segments);
          return &routes[i];
        }
    }

  *out_token_id = NULL;

  return NULL;
}

static RtsHandler
route_handler (const Route *route,
               const char  *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (route->methods) && route->methods[i] != NULL; i++)
    {
      if (strcmp (route->methods[i], method) == 0)
        return route->handlers[i];
    }

  return NULL;
}

/* Returns the caller, or NULL with *out_reply set to a 401 (or a 500). */
static RtsCaller *
authenticate (RtsServer          *self,
              SoupServerMessage  *msg,
              RtsReply          **out_reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  g_autofree char *key_hash = NULL;
  RtsCaller *caller;

  if (value == NULL)
    {
      *out_reply = rts_reply_new_problem (RTS_PROBLEM_UNAUTHORIZED,
                                          "The request has no Authorization header.");
      return NULL;
    }

  if (g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    {
      *out_reply = rts_reply_new_problem (RTS_PROBLEM_UNAUTHORIZED,
                                          "The Authorization header does not hold a "
                                          "Bearer access key.");
      return NULL;
    }

  /* Keys are stored as SHA-256 digests only; look up the digest. */
  value += 7;
  while (*value == ' ')
    value++;
  key_hash = rts_sha256_hex (value, -1);

  caller = rts_store_lookup_caller (self->db, key_hash, &error);
  if (caller == NULL && error != NULL)
    *out_reply = rts_reply_new_internal (error);
  else if (caller == NULL)
    *out_reply = rts_reply_new_problem (RTS_PROBLEM_UNAUTHORIZED,
                                        "The access key is not valid.");

  return caller;
}

/* Runs a POST handler under the Idempotency-Key rules of the contract:
 * the same key and request replay the first reply byte for byte, the same
 * key with another request is refused. */
static RtsReply *
run_idempotent (RtsServer         *self,
                SoupServerMessage *msg,
                RtsHandler         handler,
                const RtsRequest  *request,
                const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *user_id = request->caller->user_id;
  g_autofree char *fingerprint = NULL;
  RtsReply *reply = NULL;

  if (key == NULL)
    return handler (request);

  if (!rts_idempotency_key_is_valid (key))
    return rts_reply_new_invalid ("Idempotency-Key",
                                  "must be 1 to 255 printable ASCII characters",
                                  "The Idempotency-Key header must be 1 to 255 "
                                  "printable ASCII characters.");

  fingerprint = rts_idempotency_fingerprint (soup_server_message_get_method (msg), path,
                                             request->body, request->body_length);

  switch (rts_idempotency_lookup (self->idempotency, user_id, key, fingerprint, &reply))
    {
    case RTS_IDEMPOTENCY_HIT:
      g_debug ("Replaying the reply stored for an Idempotency-Key");
      return reply;

    case RTS_IDEMPOTENCY_MISMATCH:
      return rts_reply_new_problem (RTS_PROBLEM_IDEMPOTENCY_KEY_REUSED,
                                    "This Idempotency-Key was already used with a "
                                    "different request.");

    case RTS_IDEMPOTENCY_MISS:
    default:
      break;
    }

  reply = handler (request);
  if (rts_idempotency_is_cacheable (reply))
    rts_idempotency_store (self->idempotency, user_id, key, fingerprint, reply);

  return reply;
}

static RtsReply *
method_not_allowed (const Route *route)
{
  RtsReply *reply = rts_reply_new_problem (RTS_PROBLEM_METHOD_NOT_ALLOWED,
                                           "This path does not support that method.");

  reply->allow = g_strdup (route->allow);

  return reply;
}

static RtsReply *
payload_too_large (void)
{
  return rts_reply_new_problem (RTS_PROBLEM_PAYLOAD_TOO_LARGE,
                                "The request body is larger than 64 KiB.");
}

static RtsReply *
handle_message (RtsServer         *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(RtsCaller) caller = NULL;
  g_auto(GStrv) segments = NULL;
  const Route *route;
  RtsHandler handler;
  RtsRequest request = { 0 };
  RtsReply *reply = NULL;

  /* Bodies sent without a Content-Length get past the early check. */
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > MAX_BODY_SIZE)
    return payload_too_large ();

  if (!(route = find_route (path, &segments, &request.token_id)))
    return rts_reply_new_problem (RTS_PROBLEM_NOT_FOUND, "There is nothing at this path.");

  if (!(handler = route_handler (route, method)))
    return method_not_allowed (route);

  if (!(caller = authenticate (self, msg, &reply)))
    return reply;

  request.db = self->db;
  request.caller = caller;
  request.registry = self->registry;
  request.query = query;
  request.body = g_bytes_get_data (body, &request.body_length);
  request.if_none_match = soup_message_headers_get_one (headers, "If-None-Match");

  if (strcmp (method, SOUP_METHOD_POST) == 0)
    return run_idempotent (self, msg, handler, &request, path);

  return handler (&request);
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  RtsServer *self = user_data;
  g_autoptr(RtsReply) reply = handle_message (self, msg, path, query);

  rts_reply_apply (reply, msg);
}

/* Runs once the headers are in: an announced body over the limit is
 * refused before a byte of it is read. */
static void
early_callback (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_BODY_SIZE)
    {
      g_autoptr(RtsReply) reply = payload_too_large ();

      rts_reply_apply (reply, msg);
    }
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), START_TIME_KEY, start, g_free);
}

/* One line per request, and never headers, bodies or the query string:
 * they may hold access keys, secrets or page tokens. */
static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), START_TIME_KEY);
  GUri *uri = soup_server_message_get_uri (msg);
  double elapsed_ms = start ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0;

  g_debug ("%s %s %u %.1f ms",
           soup_server_message_get_method (msg),
           uri ? g_uri_get_path (uri) : "-",
           soup_server_message_get_status (msg),
           elapsed_ms);
}

static void
rts_server_finalize (GObject *object)
{
  RtsServer *self = RTS_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->idempotency, rts_idempotency_free);
  g_clear_pointer (&self->registry, g_free);

  G_OBJECT_CLASS (rts_server_parent_class)->finalize (object);
}

static void
rts_server_class_init (RtsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rts_server_finalize;
}

static void
rts_server_init (RtsServer *self)
{
  self->idempotency = rts_idempotency_new (IDEMPOTENCY_ENTRIES, IDEMPOTENCY_LIFETIME);
  self->soup = soup_server_new ("server-header", "registry-token-service ", NULL);

  soup_server_add_early_handler (self->soup, NULL, early_callback, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
}

/**
 * rts_server_new:
 * @db: the database; it must outlive the server
 * @registry: (nullable): the registry host to report, overriding the
 *   project's stored one
 */
RtsServer *
rts_server_new (RtsDb      *db,
                const char *registry)
{
  RtsServer *self;

  g_return_val_if_fail (db != NULL, NULL);

  self = g_object_new (RTS_TYPE_SERVER, NULL);
  self->db = db;
  self->registry = g_strdup (registry);

  return self;
}

gboolean
rts_server_listen (RtsServer   *self,
                   const char  *address,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (RTS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (!(inet_address = g_inet_address_new_from_string (address)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet_address, port);

  return soup_server_listen (self->soup, socket_address, 0, error);
}

/* The base URL clients use, with the port actually bound. */
char *
rts_server_get_url (RtsServer *self)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GInetSocketAddress *inet_address;
  GSList *listeners;
  gboolean is_ipv6;

  g_return_val_if_fail (RTS_IS_SERVER (self), NULL);

  /* Asked of the socket rather than soup_server_get_uris(), which leaks
   * an address per call in libsoup 3.2. */
  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  inet_address = G_INET_SOCKET_ADDRESS (address);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (inet_address));
  is_ipv6 = strchr (host, ':') != NULL;

  return g_strdup_printf ("http://%s%s%s:%u",
                          is_ipv6 ? "[" : "", host, is_ipv6 ? "]" : "",
                          (guint) g_inet_socket_address_get_port (inet_address));
}

/* Serves a connection made elsewhere as if it had been accepted; the fuzz
 * harness feeds requests through a socket pair this way. */
gboolean
rts_server_accept_iostream (RtsServer       *self,
                            GIOStream       *stream,
                            GSocketAddress  *local_address,
                            GSocketAddress  *remote_address,
                            GError         **error)
{
  g_return_val_if_fail (RTS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_IO_STREAM (stream), FALSE);

  return soup_server_accept_iostream (self->soup, stream, local_address, remote_address,
                                      error);
}
