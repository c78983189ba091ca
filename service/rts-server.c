/* rts-server.c: the HTTP front of the token service
 *
 * Routing, authentication (and its limit on failed access keys), body and
 * query checks and the Idempotency-Key replay live here; each API call
 * itself is a function in rts-handlers.c that turns an RtsRequest into an
 * RtsReply. Connections are accepted by rts-listener.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rts-handlers.h"
#include "rts-idempotency.h"
#include "rts-listener.h"
#include "rts-random.h"
#include "rts-server.h"

#define API_PREFIX            "/api/v1/"
#define MAX_BODY_SIZE         (64 * 1024)
#define IDEMPOTENCY_ENTRIES   10000
#define IDEMPOTENCY_LIFETIME  (24 * G_TIME_SPAN_HOUR)
#define TOKEN_ID_SEGMENT      "{id}"
#define START_TIME_KEY        "rts-start-time"
#define MAX_FAILED_KEYS       20                    /* a burst per client address */
#define FAILED_KEY_INTERVAL   G_TIME_SPAN_SECOND    /* then one more try each */
#define MAX_CLIENTS_TRACKED   10000

struct _RtsServer
{
  GObject         parent_instance;

  SoupServer     *soup;
  RtsDb          *db;
  RtsIdempotency *idempotency;
  RtsListener    *listener;
  GHashTable     *failed_keys;   /* client address → FailedKeys */
  char           *registry;
};

/* How many failed access keys a client address may still send now. */
typedef struct
{
  double allowance;
  gint64 updated;
} FailedKeys;

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

/* Splits the path after the API prefix and decodes each segment, so that
 * an encoded "/" stays inside its segment. NULL when a segment holds an
 * encoded NUL or a bad escape. */
static char **
decode_segments (const char *path)
{
  g_auto(GStrv) raw = g_strsplit (path, "/", 4);
  guint n_segments = g_strv_length (raw);
  g_auto(GStrv) segments = g_new0 (char *, n_segments + 1);

  for (guint i = 0; i < n_segments; i++)
    {
      if (!(segments[i] = g_uri_unescape_segment (raw[i], NULL, NULL)))
        return NULL;
    }

  return g_steal_pointer (&segments);
}

/* Finds the route of the still encoded path. The token id, if any, points
 * into segments. */
static const Route *
find_route (const char   *path,
            char       ***out_segments,
            const char  **out_token_id)
{
  g_auto(GStrv) segments = NULL;

  *out_token_id = NULL;

  if (!g_str_has_prefix (path, API_PREFIX) ||
      !(segments = decode_segments (path + strlen (API_PREFIX))))
    return NULL;

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

static char *
decode_query_part (char *part)
{
  g_strdelimit (part, "+", ' ');

  return g_uri_unescape_string (part, NULL);
}

/* Decodes a query string as soup_form_decode() does, but refuses what that
 * would mangle in silence: an encoded NUL (which cut the value short), a
 * bad escape, text that is not UTF-8, and a repeated name (where the last
 * one won). Returns NULL with *out_reply set to a 400 then. */
static GHashTable *
parse_query (const char  *query,
             RtsReply   **out_reply)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (query == NULL)
    return g_steal_pointer (&table);

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (equals == NULL)
        continue;

      *equals = '\0';
      if (!(name = decode_query_part (pairs[i])) ||
          !(value = decode_query_part (equals + 1)) ||
          !g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          *out_reply = rts_reply_new_problem (RTS_PROBLEM_BAD_REQUEST,
                                              "The query string holds an encoded NUL, "
                                              "a bad escape or text that is not UTF-8.");
          return NULL;
        }

      if (g_hash_table_contains (table, name))
        {
          *out_reply = rts_reply_new_problem (RTS_PROBLEM_BAD_REQUEST,
                                              "A query parameter is given more than once.");
          return NULL;
        }

      g_hash_table_insert (table, g_steal_pointer (&name), g_steal_pointer (&value));
    }

  return g_steal_pointer (&table);
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
authenticate (RtsServer           *self,
              SoupMessageHeaders  *headers,
              RtsReply           **out_reply)
{
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

static void
refill (FailedKeys *failed,
        gint64      now)
{
  failed->allowance = MIN (MAX_FAILED_KEYS,
                           failed->allowance +
                           (double) (now - failed->updated) / FAILED_KEY_INTERVAL);
  failed->updated = now;
}

/* Returns the seconds client must wait before its next access key is
 * checked, or 0. */
static guint
failed_keys_wait (RtsServer  *self,
                  const char *client)
{
  FailedKeys *failed;

  if (client == NULL || !(failed = g_hash_table_lookup (self->failed_keys, client)))
    return 0;

  refill (failed, g_get_monotonic_time ());
  if (failed->allowance >= 1.0)
    return 0;

  return (guint) MAX (1.0, ((1.0 - failed->allowance) * FAILED_KEY_INTERVAL +
                            G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
}

static gboolean
is_refilled (gpointer key,
             gpointer value,
             gpointer user_data)
{
  FailedKeys *failed = value;

  refill (failed, *(gint64 *) user_data);

  return failed->allowance >= MAX_FAILED_KEYS;
}

static void
count_failed_key (RtsServer  *self,
                  const char *client)
{
  gint64 now = g_get_monotonic_time ();
  FailedKeys *failed;

  if (client == NULL)
    return;

  if (!(failed = g_hash_table_lookup (self->failed_keys, client)))
    {
      /* Bounded: forget the clients that are back to a full allowance,
       * or everyone when that is not enough. */
      if (g_hash_table_size (self->failed_keys) >= MAX_CLIENTS_TRACKED &&
          g_hash_table_foreach_remove (self->failed_keys, is_refilled, &now) == 0)
        g_hash_table_remove_all (self->failed_keys);

      failed = g_new0 (FailedKeys, 1);
      failed->allowance = MAX_FAILED_KEYS;
      failed->updated = now;
      g_hash_table_insert (self->failed_keys, g_strdup (client), failed);
    }

  refill (failed, now);
  failed->allowance = MAX (0.0, failed->allowance - 1.0);
}

/* The key is checked only while its address has tries left; a failure
 * uses one up. */
static RtsCaller *
authenticate_limited (RtsServer           *self,
                      SoupMessageHeaders  *headers,
                      const char          *client,
                      RtsReply           **out_reply)
{
  guint wait = failed_keys_wait (self, client);
  RtsCaller *caller;

  if (wait > 0)
    {
      *out_reply = rts_reply_new_problem (RTS_PROBLEM_RATE_LIMITED,
                                          "Too many requests from this address had an "
                                          "access key that is not valid.");
      (*out_reply)->retry_after = wait;
      return NULL;
    }

  caller = authenticate (self, headers, out_reply);
  if (caller == NULL && (*out_reply)->status == SOUP_STATUS_UNAUTHORIZED)
    count_failed_key (self, client);

  return caller;
}

static RtsReply *
key_reused (void)
{
  return rts_reply_new_problem (RTS_PROBLEM_IDEMPOTENCY_KEY_REUSED,
                                "This Idempotency-Key was already used with a "
                                "different request.");
}

static RtsReply *
secret_unavailable (const char *token_id)
{
  RtsReply *reply = rts_reply_new_problem (RTS_PROBLEM_SECRET_UNAVAILABLE,
                                           "This Idempotency-Key already created the "
                                           "token, but its secret is no longer kept. "
                                           "Regenerate the secret to get a new one.");

  reply->location = g_strdup_printf ("/api/v1/tokens/%s", token_id);

  return reply;
}

/* Runs a POST handler under the Idempotency-Key rules of the contract:
 * the same key and request replay the first reply byte for byte, the same
 * key with another request is refused. */
static RtsReply *
run_idempotent (RtsServer          *self,
                const char         *method,
                const char         *path,
                SoupMessageHeaders *headers,
                RtsHandler          handler,
                RtsRequest         *request)
{
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *user_id = request->caller->user_id;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *token_id = NULL;
  RtsReply *reply = NULL;

  if (key == NULL)
    return handler (request);

  if (!rts_idempotency_key_is_valid (key))
    return rts_reply_new_invalid ("Idempotency-Key",
                                  "must be 1 to 255 printable ASCII characters",
                                  "The Idempotency-Key header must be 1 to 255 "
                                  "printable ASCII characters.");

  fingerprint = rts_idempotency_fingerprint (method, path, request->body, request->body_length);

  switch (rts_idempotency_lookup (self->idempotency, user_id, key, fingerprint, &reply))
    {
    case RTS_IDEMPOTENCY_HIT:
      g_debug ("Replaying the reply stored for an Idempotency-Key");
      return reply;

    case RTS_IDEMPOTENCY_MISMATCH:
      return key_reused ();

    case RTS_IDEMPOTENCY_MISS:
    case RTS_IDEMPOTENCY_ERROR:
    default:
      break;
    }

  /* Not in memory: a restart may have dropped the reply, but the database
   * still knows which token the key made. */
  switch (rts_idempotency_find_record (request->db, user_id, key, fingerprint,
                                       &token_id, &error))
    {
    case RTS_IDEMPOTENCY_HIT:
      return secret_unavailable (token_id);

    case RTS_IDEMPOTENCY_MISMATCH:
      return key_reused ();

    case RTS_IDEMPOTENCY_ERROR:
      return rts_reply_new_internal (error);

    case RTS_IDEMPOTENCY_MISS:
    default:
      break;
    }

  request->idempotency_key = key;
  request->idempotency_fingerprint = fingerprint;

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

static gboolean
is_json_content_type (SoupMessageHeaders *headers)
{
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/json") == 0;
}

/**
 * rts_server_handle:
 * @path: the request path, still percent-encoded
 * @query: (nullable): the query string, still percent-encoded
 * @client: (nullable): the client's address, for rate limits; %NULL for none
 *
 * Answers one request without any connection; the HTTP front calls this
 * for every request, and tests or fuzzers may call it directly.
 *
 * Returns: (transfer full): the reply
 */
RtsReply *
rts_server_handle (RtsServer          *self,
                   const char         *method,
                   const char         *path,
                   const char         *query,
                   SoupMessageHeaders *headers,
                   GBytes             *body,
                   const char         *client)
{
  g_autoptr(RtsCaller) caller = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_auto(GStrv) segments = NULL;
  const Route *route;
  RtsHandler handler;
  RtsRequest request = { 0 };
  RtsReply *reply = NULL;

  g_return_val_if_fail (RTS_IS_SERVER (self), NULL);
  g_return_val_if_fail (method != NULL && path != NULL && headers != NULL && body != NULL, NULL);

  /* Bodies sent without a Content-Length get past the early check. */
  if (g_bytes_get_size (body) > MAX_BODY_SIZE)
    return payload_too_large ();

  if (!(route = find_route (path, &segments, &request.token_id)))
    return rts_reply_new_problem (RTS_PROBLEM_NOT_FOUND, "There is nothing at this path.");

  if (!(handler = route_handler (route, method)))
    return method_not_allowed (route);

  if (!(caller = authenticate_limited (self, headers, client, &reply)))
    return reply;

  if (!(params = parse_query (query, &reply)))
    return reply;

  request.db = self->db;
  request.caller = caller;
  request.registry = self->registry;
  request.query = params;
  request.body = g_bytes_get_data (body, &request.body_length);
  request.if_none_match = soup_message_headers_get_one (headers, "If-None-Match");

  if (strcmp (method, SOUP_METHOD_POST) != 0)
    return handler (&request);

  if (request.body_length > 0 && !is_json_content_type (headers))
    return rts_reply_new_problem (RTS_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                                  "The request body must be application/json.");

  return run_idempotent (self, method, path, headers, handler, &request);
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *decoded_path,
                 GHashTable        *decoded_query,
                 gpointer           user_data)
{
  RtsServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(RtsReply) reply = NULL;

  /* libsoup hands over the query decoded; parameters are read from the
   * encoded one instead. */
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  reply = rts_server_handle (self,
                             soup_server_message_get_method (msg),
                             g_uri_get_path (uri),
                             g_uri_get_query (uri),
                             soup_server_message_get_request_headers (msg),
                             body,
                             soup_server_message_get_remote_host (msg));

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
  g_clear_object (&self->listener);
  g_clear_pointer (&self->idempotency, rts_idempotency_free);
  g_clear_pointer (&self->failed_keys, g_hash_table_unref);
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
  self->failed_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* raw-paths: routes are matched on the encoded path's decoded segments,
   * so an encoded "/" cannot split a token id (see find_route()). */
  self->soup = soup_server_new ("server-header", "registry-token-service ",
                                "raw-paths", TRUE,
                                NULL);

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

/**
 * rts_server_listen:
 * @max_connections: the most connections open at once; more get a 503
 * @request_timeout: seconds a connection may take to send a request (or
 *   to take a reply, or stay idle) before it is closed
 */
gboolean
rts_server_listen (RtsServer   *self,
                   const char  *address,
                   guint        port,
                   guint        max_connections,
                   guint        request_timeout,
                   GError     **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (RTS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  if (!(inet_address = g_inet_address_new_from_string (address)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet_address, port);
  self->listener = rts_listener_new (self->soup, max_connections, request_timeout);
  g_debug ("Serving at most %u connections at once",
           rts_listener_get_max_connections (self->listener));

  return rts_listener_listen (self->listener, socket_address, error);
}

/* The base URL clients use, with the port actually bound. */
char *
rts_server_get_url (RtsServer *self)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GInetSocketAddress *inet_address;
  gboolean is_ipv6;

  g_return_val_if_fail (RTS_IS_SERVER (self), NULL);

  if (self->listener != NULL)
    address = rts_listener_get_local_address (self->listener);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  inet_address = G_INET_SOCKET_ADDRESS (address);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (inet_address));
  is_ipv6 = strchr (host, ':') != NULL;

  return g_strdup_printf ("http://%s%s%s:%u",
                          is_ipv6 ? "[" : "", host, is_ipv6 ? "]" : "",
                          (guint) g_inet_socket_address_get_port (inet_address));
}

/* For other handlers beside the API, such as the registry's token server. */
SoupServer *
rts_server_get_soup_server (RtsServer *self)
{
  g_return_val_if_fail (RTS_IS_SERVER (self), NULL);

  return self->soup;
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
