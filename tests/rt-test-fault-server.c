/* rt-test-fault-server.c: a SoupServer on 127.0.0.1 whose replies a client test scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-json.h"
#include "rt-test-fault-server.h"
#include "rt-test-util.h"

static const char *
header_or_empty (SoupMessageHeaders *headers,
                 const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);

  return value != NULL ? value : "";
}

static void
write_raw_and_close (SoupServerMessage *msg,
                     const char        *raw)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (stream);
  if (raw != NULL)
    {
      g_output_stream_write_all (g_io_stream_get_output_stream (stream), raw, strlen (raw),
                                 NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_io_stream_close (stream, NULL, NULL);
}

static void
set_reply (SoupServerMessage *msg,
           const Reply       *reply)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  if (reply->retry_after != NULL)
    soup_message_headers_replace (response_headers, "Retry-After", reply->retry_after);
  if (reply->etag != NULL)
    soup_message_headers_replace (response_headers, "ETag", reply->etag);

  if (reply->body != NULL)
    soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_STATIC,
                                      reply->body, strlen (reply->body));
  soup_server_message_set_status (msg, reply->status, NULL);
}

/* What a held message finally gets. */
static const Reply late_reply = { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json };

typedef struct
{
  Fixture           *fixture;
  SoupServerMessage *msg;
  const Reply       *reply;
} Held;

static gboolean
on_hold_over (gpointer user_data)
{
  Held *held = user_data;

  set_reply (held->msg, held->reply);
  soup_server_unpause_message (held->fixture->server, held->msg);

  return G_SOURCE_REMOVE;
}

static char *
oversized_body (gsize size)
{
  /* Valid JSON, so that only its size is wrong. */
  char *body = g_malloc (size + 1);

  memset (body, ' ', size);
  memcpy (body, me_json, strlen (me_json));
  body[size] = '\0';

  return body;
}

static void
handle_create (Fixture           *fixture,
               SoupServerMessage *msg)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  const char *stored;

  g_assert_nonnull (key);

  stored = g_hash_table_lookup (fixture->replies_by_key, key);
  if (stored == NULL)
    {
      g_autofree char *random = g_uuid_string_random ();
      char *reply;

      fixture->n_created++;
      g_free (fixture->last_secret);
      fixture->last_secret = g_strdup_printf ("rtsec_%s", random);
      reply = g_strdup_printf ("{\"token\": " TOKEN_JSON ("tok_new", "laptop") ","
                               " \"secret\": \"%s\"}",
                               fixture->last_secret);
      g_hash_table_insert (fixture->replies_by_key, g_strdup (key), reply);
      stored = reply;

      if (fixture->lose_first_reply && !fixture->lost_reply)
        {
          /* The token is made, but the reply never arrives. */
          fixture->lost_reply = TRUE;
          write_raw_and_close (msg, NULL);
          return;
        }
    }

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    stored, strlen (stored));
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *if_none_match = soup_message_headers_get_one (headers, "If-None-Match");
  const Reply *reply;

  g_assert_cmpuint (fixture->n_script, >, 0);
  reply = &fixture->script[MIN (fixture->n_requests, fixture->n_script - 1)];
  fixture->n_requests++;

  g_ptr_array_add (fixture->requests,
                   g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg),
                                    g_uri_get_path (uri),
                                    g_uri_get_query (uri) != NULL ? "?" : "",
                                    g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : ""));
  g_ptr_array_add (fixture->authorizations, g_strdup (header_or_empty (headers, "Authorization")));
  g_ptr_array_add (fixture->user_agents, g_strdup (header_or_empty (headers, "User-Agent")));
  g_ptr_array_add (fixture->accepts, g_strdup (header_or_empty (headers, "Accept")));
  g_ptr_array_add (fixture->idempotency_keys, g_strdup (header_or_empty (headers, "Idempotency-Key")));
  g_ptr_array_add (fixture->if_none_matches, g_strdup (if_none_match != NULL ? if_none_match : ""));
  g_ptr_array_add (fixture->bodies, g_bytes_ref (body));

  switch (reply->action)
    {
    case ACTION_REPLY:
      if (reply->etag != NULL && g_strcmp0 (if_none_match, reply->etag) == 0)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "ETag", reply->etag);
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
        }
      else
        set_reply (msg, reply);
      break;

    case ACTION_TRUNCATE:
      write_raw_and_close (msg,
                           "HTTP/1.1 200 OK\r\n"
                           "Content-Type: application/json\r\n"
                           "Content-Length: 500\r\n"
                           "\r\n"
                           "{\"user\": {");
      break;

    case ACTION_DROP_MID_BODY:
      write_raw_and_close (msg,
                           "HTTP/1.1 200 OK\r\n"
                           "Content-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\n"
                           "\r\n"
                           "40\r\n"
                           "{\"user\": {\"id\": ");
      break;

    case ACTION_DROP_AT_CHUNK_END:
      write_raw_and_close (msg,
                           "HTTP/1.1 200 OK\r\n"
                           "Content-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\n"
                           "\r\n"
                           "10\r\n"
                           "{\"user\": {\"id\": \r\n");
      break;

    case ACTION_DROP:
      write_raw_and_close (msg, NULL);
      break;

    case ACTION_HOLD:
      {
        Held *held = g_new0 (Held, 1);
        GSource *source = g_timeout_source_new (fixture->hold_ms);

        held->fixture = fixture;
        held->msg = msg;
        held->reply = &late_reply;
        g_source_set_callback (source, on_hold_over, held, g_free);
        g_source_attach (source, NULL);
        g_ptr_array_add (fixture->timeouts, source);
        g_ptr_array_add (fixture->held, g_object_ref (msg));
        soup_server_pause_message (server, msg);
      }
      break;

    case ACTION_OVERSIZED:
    case ACTION_EXACTLY_MAX:
      {
        gsize size = reply->action == ACTION_OVERSIZED ? RT_JSON_MAX_BYTES + 1 : RT_JSON_MAX_BYTES;

        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                          oversized_body (size), size);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      }
      break;

    case ACTION_OVERSIZED_CHUNKED:
      {
        SoupMessageBody *response_body = soup_server_message_get_response_body (msg);
        gsize size = RT_JSON_MAX_BYTES + 1;

        soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                           SOUP_ENCODING_CHUNKED);
        soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                               "application/json", NULL);
        soup_message_body_append_take (response_body, (guchar *) oversized_body (size), size);
        soup_message_body_complete (response_body);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      }
      break;

    case ACTION_CREATE:
      handle_create (fixture, msg);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Not soup_server_get_uris(): libsoup 3.2 leaks an address in it. */
guint16
get_port (SoupServer *server)
{
  /* (transfer container): the sockets are the server's */
  GSList *listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (listeners);
  bound = g_socket_get_local_address (listeners->data, &error);
  g_assert_no_error (error);
  g_slist_free (listeners);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  /* Raw paths, to see exactly what the client escaped. */
  fixture->server = soup_server_new ("raw-paths", TRUE, NULL);
  soup_server_add_handler (fixture->server, "/api/v1", server_callback, fixture, NULL);
  soup_server_listen (fixture->server, address, 0, &error);
  g_assert_no_error (error);

  fixture->url = g_strdup_printf ("http://127.0.0.1:%u", get_port (fixture->server));

  fixture->key = rt_secret_new (TEST_KEY, -1);
  fixture->requests = g_ptr_array_new_with_free_func (g_free);
  fixture->authorizations = g_ptr_array_new_with_free_func (g_free);
  fixture->user_agents = g_ptr_array_new_with_free_func (g_free);
  fixture->accepts = g_ptr_array_new_with_free_func (g_free);
  fixture->idempotency_keys = g_ptr_array_new_with_free_func (g_free);
  fixture->if_none_matches = g_ptr_array_new_with_free_func (g_free);
  fixture->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  fixture->held = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->timeouts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  fixture->replies_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->hold_ms = 2000;
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The client must not outlive its calls: a leaked reference fails here. */
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);

  for (guint i = 0; i < fixture->timeouts->len; i++)
    g_source_destroy (g_ptr_array_index (fixture->timeouts, i));
  g_clear_pointer (&fixture->timeouts, g_ptr_array_unref);

  soup_server_disconnect (fixture->server);
  g_clear_pointer (&fixture->held, g_ptr_array_unref);
  g_assert_finalize_object (fixture->server);

  g_clear_pointer (&fixture->replies_by_key, g_hash_table_unref);
  g_clear_pointer (&fixture->last_secret, g_free);
  g_clear_pointer (&fixture->bodies, g_ptr_array_unref);
  g_clear_pointer (&fixture->if_none_matches, g_ptr_array_unref);
  g_clear_pointer (&fixture->idempotency_keys, g_ptr_array_unref);
  g_clear_pointer (&fixture->accepts, g_ptr_array_unref);
  g_clear_pointer (&fixture->user_agents, g_ptr_array_unref);
  g_clear_pointer (&fixture->authorizations, g_ptr_array_unref);
  g_clear_pointer (&fixture->requests, g_ptr_array_unref);
  g_clear_pointer (&fixture->key, rt_secret_unref);
  g_clear_pointer (&fixture->url, g_free);

  /* Let the sockets closed above be reaped. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

RtClient *
make_client (Fixture     *fixture,
             SoupSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fixture->client);
  fixture->client = rt_client_new (fixture->url, fixture->key, session, &error);
  g_assert_no_error (error);
  g_assert_true (RT_IS_CLIENT (fixture->client));
  /* Fast retries; the backoff's shape is not what these tests are about. */
  rt_client_set_retry_base_ms (fixture->client, 10);

  return fixture->client;
}

RtAccount *
get_me (Fixture  *fixture,
        GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RtAccount *account;

  rt_client_get_me_async (fixture->client, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  account = rt_client_get_me_finish (fixture->client, result, error);
  g_clear_object (&result);

  return account;
}

void
assert_me (RtAccount *account)
{
  g_assert_nonnull (account);
  g_assert_cmpstr (rt_account_get_user_id (account), ==, "u_mia");
  g_assert_cmpstr (rt_account_get_project_name (account), ==, "Acme Robotics");
  g_assert_cmpint (rt_account_get_role (account), ==, RT_ROLE_MEMBER);
  g_assert_cmpstr (rt_account_get_registry (account), ==, "registry.example.test");
}

