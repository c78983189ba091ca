/* test-client-faults.c: RtClient against an in-process server that misbehaves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rt-client.h"
#include "rt-json.h"
#include "rt-service-user.h"
#include "rt-test-util.h"

/* Each test scripts the replies of a SoupServer on 127.0.0.1 and checks what
 * RtClient makes of them, and what it sent. */

#define TEST_KEY "rtkey_test0000000000000000000000000000000000000"
#define USER_AGENT PACKAGE_NAME "/" PACKAGE_VERSION

/* A self-signed certificate for IP 127.0.0.1, valid 2000 to 2200, made for
 * this test only: not trusted by anything. */
static const char test_certificate_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBTDCB86ADAgECAhQEb/gYa+e0oxtiIg/rvWZqrOceyTAKBggqhkjOPQQDAjAU\n"
  "MRIwEAYDVQQDDAkxMjcuMC4wLjEwIBcNMDAwMTAxMDAwMDAwWhgPMjIwMDAxMDEw\n"
  "MDAwMDBaMBQxEjAQBgNVBAMMCTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49\n"
  "AwEHA0IABDc9UTgbi2dc/YZ87gkHshA4H+rfjK08Z7mGkIh4MDmoY2P3FAF6MPKc\n"
  "CEsYaCVtNNNskQvcUE6NxKBKKWGYdx2jITAfMA8GA1UdEQQIMAaHBH8AAAEwDAYD\n"
  "VR0TAQH/BAIwADAKBggqhkjOPQQDAgNIADBFAiBgQ5a2pdaXs4px2MygQUpnH3Am\n"
  "C1duOz0ooQZFpDY3dgIhAKQYQzC1bAImYJL0dpdcu8m6M8FhuJsH0Dw9GPAP1wLm\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDFoQfxwg/udcFJOs\n"
  "bldIg3lSo7G/muVOCfT8/M8sLiqhRANCAAQ3PVE4G4tnXP2GfO4JB7IQOB/q34yt\n"
  "PGe5hpCIeDA5qGNj9xQBejDynAhLGGglbTTTbJEL3FBOjcSgSilhmHcd\n"
  "-----END PRIVATE KEY-----\n";

static const char me_json[] =
  "{\"user\": {\"id\": \"u_mia\", \"name\": \"Mia Member\", \"email\": \"mia@acme.example\"},"
  " \"project\": {\"id\": \"acme\", \"name\": \"Acme Robotics\"},"
  " \"role\": \"member\", \"registry\": \"registry.example.test\"}";

static const char me_wrong_types_json[] =
  "{\"user\": {\"id\": 5, \"name\": [\"Mia\"], \"email\": true},"
  " \"project\": {\"id\": \"acme\", \"name\": \"Acme Robotics\"},"
  " \"role\": \"member\", \"registry\": \"registry.example.test\"}";

#define TOKEN_JSON(id, name) \
  "{\"id\": \"" id "\", \"name\": \"" name "\", \"type\": \"user\"," \
  " \"username\": \"acme+" name "\", \"status\": \"active\"," \
  " \"created_at\": \"2026-11-18T09:30:00Z\", \"subscription_end_date\": \"2026-12-18\"," \
  " \"products\": [{\"id\": \"vision-kit\", \"name\": \"Vision Kit\", \"version\": \"3.0\"}]," \
  " \"created_by\": \"Mia Member\", \"created_for\": \"Mia Member\", \"last_used_at\": null}"

static const char page_json[] =
  "{\"tokens\": [" TOKEN_JSON ("tok_2", "laptop-mia") ", " TOKEN_JSON ("tok_1", "ci-pipeline") "],"
  " \"next_page_token\": \"cGFnZTI\", \"total\": 3}";

static const char problem_500_json[] =
  "{\"type\": \"urn:registry-tokens:problem:internal\", \"title\": \"Internal error\","
  " \"status\": 500, \"detail\": \"The server failed.\"}";

static const char problem_401_json[] =
  "{\"type\": \"urn:registry-tokens:problem:unauthorized\", \"title\": \"Unauthorized\","
  " \"status\": 401, \"detail\": \"The access key is unknown.\"}";

static const char problem_422_json[] =
  "{\"type\": \"urn:registry-tokens:problem:validation\", \"title\": \"Invalid request\","
  " \"status\": 422, \"detail\": \"The token name must start with a letter or a digit.\","
  " \"errors\": {\"name\": \"must start with a letter or a digit\"}}";

static const char problem_secret_unavailable_json[] =
  "{\"type\": \"urn:registry-tokens:problem:secret-unavailable\","
  " \"title\": \"Secret unavailable\", \"status\": 409,"
  " \"detail\": \"This Idempotency-Key already created the token.\"}";

typedef enum
{
  ACTION_REPLY,
  ACTION_TRUNCATE,          /* announce more than is sent, then close */
  ACTION_DROP_MID_BODY,     /* chunked: part of a chunk, then close */
  ACTION_DROP_AT_CHUNK_END, /* chunked: one whole chunk, then close */
  ACTION_DROP,              /* close without a reply */
  ACTION_HOLD,              /* reply only after hold_ms */
  ACTION_OVERSIZED,         /* a JSON body of RT_JSON_MAX_BYTES + 1, with Content-Length */
  ACTION_OVERSIZED_CHUNKED, /* the same, chunked */
  ACTION_EXACTLY_MAX,       /* a valid /me body of exactly RT_JSON_MAX_BYTES */
  ACTION_CREATE,            /* POST /tokens with idempotency, see handle_create() */
} Action;

typedef struct
{
  Action      action;
  guint       status;
  const char *content_type;
  const char *body;
  const char *retry_after;
  const char *etag;         /* sent as ETag; a matching If-None-Match gets 304 */
} Reply;

typedef struct
{
  SoupServer  *server;
  char        *url;
  RtSecret    *key;
  RtClient    *client;

  const Reply *script;      /* one reply per request; the last one repeats */
  gsize        n_script;
  guint        hold_ms;

  guint        n_requests;
  GPtrArray   *requests;    /* "METHOD /path?query" */
  GPtrArray   *authorizations;
  GPtrArray   *user_agents;
  GPtrArray   *accepts;
  GPtrArray   *idempotency_keys;
  GPtrArray   *if_none_matches;
  GPtrArray   *bodies;      /* of GBytes */
  GPtrArray   *held;        /* of SoupServerMessage, paused */
  GPtrArray   *timeouts;    /* of GSource */

  /* POST /tokens */
  GHashTable  *replies_by_key;
  gboolean     lose_first_reply;
  gboolean     lost_reply;
  guint        n_created;
  char        *last_secret;
} Fixture;

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

static void
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
static guint16
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

static void
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

static void
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

#define SCRIPT(fixture, ...) \
  G_STMT_START { \
    static const Reply script_[] = { __VA_ARGS__ }; \
    (fixture)->script = script_; \
    (fixture)->n_script = G_N_ELEMENTS (script_); \
  } G_STMT_END

static RtClient *
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

static RtAccount *
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

static void
assert_me (RtAccount *account)
{
  g_assert_nonnull (account);
  g_assert_cmpstr (rt_account_get_user_id (account), ==, "u_mia");
  g_assert_cmpstr (rt_account_get_project_name (account), ==, "Acme Robotics");
  g_assert_cmpint (rt_account_get_role (account), ==, RT_ROLE_MEMBER);
  g_assert_cmpstr (rt_account_get_registry (account), ==, "registry.example.test");
}

static void
test_success_and_headers (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_no_error (error);
  assert_me (account);

  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==, "GET /api/v1/me");
  g_assert_cmpstr (g_ptr_array_index (fixture->authorizations, 0), ==, "Bearer " TEST_KEY);
  g_assert_cmpstr (g_ptr_array_index (fixture->user_agents, 0), ==, USER_AGENT);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->accepts, 0), "application/json"));
  /* Only POSTs carry an Idempotency-Key. */
  g_assert_cmpstr (g_ptr_array_index (fixture->idempotency_keys, 0), ==, "");
  g_assert_cmpstr (rt_client_get_server (fixture->client), ==, fixture->url);
  g_assert_true (SOUP_IS_SESSION (rt_client_get_session (fixture->client)));
}

static void
test_injected_session (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, session);
  g_assert_true (rt_client_get_session (fixture->client) == session);

  account = get_me (fixture, &error);
  g_assert_no_error (error);
  assert_me (account);

  /* Set per message, as the session is not ours. */
  g_assert_cmpstr (g_ptr_array_index (fixture->user_agents, 0), ==, USER_AGENT);
  g_assert_cmpstr (g_ptr_array_index (fixture->authorizations, 0), ==, "Bearer " TEST_KEY);
}

static void
test_escaped_id (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtToken) token = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", TOKEN_JSON ("tok_1", "ci-pipeline") });
  make_client (fixture, NULL);

  rt_client_get_token_async (fixture->client, "../a/b c?d#e%", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_get_token_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_1");
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==,
                   "GET /api/v1/tokens/..%2Fa%2Fb%20c%3Fd%23e%25");
  g_clear_object (&result);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_INTERNAL_SERVER_ERROR, "application/problem+json", problem_500_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SERVER);
  g_assert_null (account);
  g_assert_nonnull (strstr (error->message, "HTTP status 500"));
  g_assert_true (g_str_has_suffix (error->message, "The server failed."));
  /* A 500 is not one of the statuses worth retrying. */
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_retry_503 (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_REPLY, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain", "busy" },
          { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_no_error (error);
  assert_me (account);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
}

static void
test_retry_503_exhausted (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_BAD_GATEWAY, "text/html", "<p>bad gateway</p>" });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "HTTP status 502"));
  /* The first try and two retries. */
  g_assert_cmpuint (fixture->n_requests, ==, 3);
}

static void
test_retry_backoff (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed_ms;

  SCRIPT (fixture,
          { ACTION_REPLY, SOUP_STATUS_GATEWAY_TIMEOUT, NULL, NULL },
          { ACTION_REPLY, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL },
          { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);
  rt_client_set_retry_base_ms (fixture->client, 100);

  start = g_get_monotonic_time ();
  account = get_me (fixture, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_no_error (error);
  assert_me (account);
  g_assert_cmpuint (fixture->n_requests, ==, 3);
  /* 100 ms, then 400 ms */
  g_assert_cmpint (elapsed_ms, >=, 500);
  g_assert_cmpint (elapsed_ms, <, 5000);
}

static void
test_rate_limited_retry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  SCRIPT (fixture,
          { ACTION_REPLY, 429, "text/plain", "slow down", "1" },
          { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  start = g_get_monotonic_time ();
  account = get_me (fixture, &error);
  g_assert_no_error (error);
  assert_me (account);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  /* It waited as told. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1 * G_USEC_PER_SEC);
}

static void
test_rate_limited_twice (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* Retry-After 0: the client honours it (and the test stays fast). */
  SCRIPT (fixture,
          { ACTION_REPLY, 429, "application/problem+json",
            "{\"type\": \"urn:registry-tokens:problem:rate-limited\", \"title\": \"Too many\","
            " \"status\": 429, \"detail\": \"Too many requests.\"}", "0" });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_RATE_LIMITED);
  g_assert_true (g_str_has_suffix (error->message, "Too many requests."));
  g_assert_cmpuint (fixture->n_requests, ==, 2);
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", "{\"user\": {\"id\": " });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (account);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_wrong_types (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_wrong_types_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (account);
}

static void
test_wrong_content_type (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* A captive portal or a proxy answering in HTML. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "text/html", me_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "not JSON"));
}

static void
test_unexpected_status (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* Redirects are not followed: they could carry the key elsewhere. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_FOUND, "text/plain", "elsewhere" });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "HTTP status 302"));
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_truncated_body (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_TRUNCATE });
  make_client (fixture, NULL);

  /* A reply cut short is a broken connection (NETWORK), not a bad reply:
   * it is retried like one. */
  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (fixture->n_requests, ==, 3);
}

static void
test_truncated_then_whole (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_TRUNCATE },
          { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_no_error (error);
  assert_me (account);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
}

static void
test_dropped_mid_body (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_DROP_MID_BODY });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "broke"));
  g_assert_cmpuint (fixture->n_requests, ==, 3);
}

static void
test_dropped_at_chunk_end (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* libsoup 3.2 reports the end of the connection right after a whole chunk
   * as the end of the body, so the client sees a short body: it cannot be
   * parsed, and that is what the client reports. Not retried. */
  SCRIPT (fixture, { ACTION_DROP_AT_CHUNK_END });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_oversized (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_OVERSIZED });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_oversized_chunked (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* No Content-Length to refuse up front: the cap applies while reading. */
  SCRIPT (fixture, { ACTION_OVERSIZED_CHUNKED });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_exactly_max (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_EXACTLY_MAX });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_no_error (error);
  assert_me (account);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed_ms;

  SCRIPT (fixture, { ACTION_HOLD });
  fixture->hold_ms = 3000;
  make_client (fixture, NULL);
  rt_client_set_timeouts (fixture->client, 1000, 300);

  start = g_get_monotonic_time ();
  account = get_me (fixture, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "did not reply in time"));
  g_assert_cmpint (elapsed_ms, >=, 300);
  g_assert_cmpint (elapsed_ms, <, 2500);
  /* A timed-out call is not retried. */
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_slow_but_in_time (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_HOLD });
  fixture->hold_ms = 200;
  make_client (fixture, NULL);
  rt_client_set_timeouts (fixture->client, 1000, 2000);

  account = get_me (fixture, &error);
  g_assert_no_error (error);
  assert_me (account);
}

static void
test_connect_timeout (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed_ms;

  /* A listener that never accepts, with its backlog filled: the kernel
   * drops further SYNs, so connecting hangs. */
  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 0);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, &error);

      g_assert_no_error (error);
      g_socket_set_blocking (filler, FALSE);
      /* Pending or refused, either is fine: the point is the full queue. */
      g_socket_connect (filler, bound, NULL, NULL);
      g_ptr_array_add (fillers, filler);
    }

  g_free (fixture->url);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);
  rt_client_set_timeouts (fixture->client, 300, 10000);

  start = g_get_monotonic_time ();
  account = get_me (fixture, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "Could not connect to the server in time"));
  g_assert_cmpint (elapsed_ms, >=, 300);
  g_assert_cmpint (elapsed_ms, <, 5000);
}

static void
test_lost_create_reply (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;
  const char *key0, *key1;

  SCRIPT (fixture, { ACTION_CREATE });
  fixture->lose_first_reply = TRUE;
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_create_token_finish (fixture->client, result, &secret, &problem, &error);
  g_assert_no_error (error);
  g_assert_null (problem);
  g_assert_nonnull (token);
  g_assert_cmpstr (rt_token_get_name (token), ==, "laptop");

  /* One token made; the secret is the one drawn for it, replayed. */
  g_assert_true (fixture->lost_reply);
  g_assert_cmpuint (fixture->n_created, ==, 1);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_nonnull (secret);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, fixture->last_secret);
  g_assert_true (g_str_has_prefix (rt_secret_get (secret, NULL), "rtsec_"));

  /* Same key, same body, both times. */
  key0 = g_ptr_array_index (fixture->idempotency_keys, 0);
  key1 = g_ptr_array_index (fixture->idempotency_keys, 1);
  g_assert_true (g_uuid_string_is_valid (key0));
  g_assert_cmpstr (key0, ==, key1);
  g_assert_true (g_bytes_equal (g_ptr_array_index (fixture->bodies, 0),
                                g_ptr_array_index (fixture->bodies, 1)));
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 1), ==, "POST /api/v1/tokens");
  g_clear_object (&result);
}

/* The reply to a create is lost and the service restarts before the retry:
 * the token exists, its secret is gone, and that is no name conflict. */
static void
test_create_secret_unavailable (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_DROP },
          { ACTION_REPLY, SOUP_STATUS_CONFLICT, "application/problem+json",
            problem_secret_unavailable_json });
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  token = rt_client_create_token_finish (fixture->client, async_result, &secret, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SECRET_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "The token was created, but its secret could not be "
                   "shown again. Re-generate it to get a new secret.");
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
}

/* A token without its secret is refused as a broken reply, by create and by
 * re-generate alike: the app never holds a new token it cannot show. */
static void
test_token_without_secret (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(RtToken) created = NULL;
  g_autoptr(RtToken) regenerated = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_REPLY, SOUP_STATUS_CREATED, "application/json",
            "{\"token\": " TOKEN_JSON ("tok_1", "laptop") "}" },
          { ACTION_REPLY, SOUP_STATUS_OK, "application/json",
            "{\"token\": " TOKEN_JSON ("tok_1", "laptop") "}" });
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  created = rt_client_create_token_finish (fixture->client, async_result, &secret, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (created);
  g_assert_null (secret);
  g_clear_error (&error);
  g_clear_object (&async_result);

  rt_client_regenerate_secret_async (fixture->client, "tok_1", NULL, rt_test_async_ready,
                                     &async_result);
  rt_test_wait_result (&async_result);
  regenerated = rt_client_regenerate_secret_finish (fixture->client, async_result, &secret, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (regenerated);
  g_assert_null (secret);
}

static void
test_create_key_per_call (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_CREATE });
  make_client (fixture, NULL);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RtToken) token = NULL;
      g_autoptr(RtSecret) secret = NULL;
      g_autoptr(GError) error = NULL;

      rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                    NULL, rt_test_async_ready, &result);
      rt_test_wait_result (&result);
      token = rt_client_create_token_finish (fixture->client, result, &secret, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rt_secret_get (secret, NULL), ==, fixture->last_secret);
      g_clear_object (&result);
    }

  /* Two user actions: two keys, two tokens. */
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_cmpuint (fixture->n_created, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->idempotency_keys, 0), !=,
                   g_ptr_array_index (fixture->idempotency_keys, 1));
}

static void
test_post_status_not_retried (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain", "busy" });
  make_client (fixture, NULL);

  rt_client_regenerate_secret_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_regenerate_secret_finish (fixture->client, result, &secret, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SERVER);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==,
                   "POST /api/v1/tokens/tok_1/regenerate-secret");
  g_assert_true (g_uuid_string_is_valid (g_ptr_array_index (fixture->idempotency_keys, 0)));
  g_clear_object (&result);
}

static void
test_post_dropped_twice (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_DROP });
  make_client (fixture, NULL);

  rt_client_resync_products_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_resync_products_finish (fixture->client, result, NULL, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK);
  g_assert_null (token);
  /* A POST is retried once only. */
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->idempotency_keys, 0), ==,
                   g_ptr_array_index (fixture->idempotency_keys, 1));
  g_clear_object (&result);
}

static void
test_delete_retried (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_REPLY, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL },
          { ACTION_REPLY, SOUP_STATUS_NO_CONTENT, NULL, NULL });
  make_client (fixture, NULL);

  rt_client_delete_token_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_client_delete_token_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 1), ==, "DELETE /api/v1/tokens/tok_1");
  g_clear_object (&result);
}

static void
test_delete_any_success (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Not the 204 the API promises, but the token is gone all the same. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "text/plain", "deleted" });
  make_client (fixture, NULL);

  rt_client_delete_token_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_client_delete_token_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_clear_object (&result);
}

static void
test_cancel_in_flight (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_HOLD });
  fixture->hold_ms = 500;
  make_client (fixture, NULL);

  rt_client_get_me_async (fixture->client, cancellable, rt_test_async_ready, &result);

  rt_test_wait_until (fixture->n_requests > 0);

  /* The server holds the reply now. */
  g_assert_null (result);
  g_cancellable_cancel (cancellable);

  rt_test_wait_result (&result);
  account = rt_client_get_me_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (account);

  /* The held reply goes out after 500 ms: nothing more may happen. */
  rt_test_run_for (800);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_clear_object (&result);
  /* The teardown checks that the client finalizes. */
}

static void
test_cancel_before (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", "{\"service_users\": []}" });
  make_client (fixture, NULL);

  g_cancellable_cancel (cancellable);
  rt_client_list_service_users_async (fixture->client, cancellable, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  users = rt_client_list_service_users_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (users);

  rt_test_run_for (100);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
  g_clear_object (&result);
}

static void
test_cancel_after_reply (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  /* The reply is in, and the caller cancelled before calling _finish: what
   * arrived is still handed out. */
  rt_client_get_me_async (fixture->client, cancellable, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_cancellable_cancel (cancellable);
  account = rt_client_get_me_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_me (account);
  g_clear_object (&result);
}

static void
test_cancel_after_create_reply (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;

  SCRIPT (fixture, { ACTION_CREATE });
  make_client (fixture, NULL);

  /* The token exists once the server replied: cancelling then must not lose
   * its secret, which is never sent again. */
  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                cancellable, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  g_cancellable_cancel (cancellable);
  token = rt_client_create_token_finish (fixture->client, async_result, &secret, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_new");
  g_assert_nonnull (secret);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, fixture->last_secret);
  g_assert_cmpuint (fixture->n_created, ==, 1);
}

static void
test_cancel_after_error_reply (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_NOT_FOUND, "application/problem+json", "{}" });
  make_client (fixture, NULL);

  /* A failure that arrived before the cancellation no longer matters. */
  rt_client_get_me_async (fixture->client, cancellable, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  g_cancellable_cancel (cancellable);
  account = rt_client_get_me_finish (fixture->client, async_result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (account);
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* A port that was free a moment ago and has no listener. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  g_free (fixture->url);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%u", port);
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_UNAUTHORIZED, "application/problem+json", problem_401_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==,
                   "The access key was not accepted. Sign in again with a valid key. "
                   "The server said: The access key is unknown.");
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_not_found_messages (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  /* Not problem+json: a plain 404 from something that is not the API. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_NOT_FOUND, "text/html", "<h1>Not Found</h1>" });
  make_client (fixture, NULL);

  rt_client_get_token_async (fixture->client, "tok_gone", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_get_token_finish (fixture->client, result, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "token no longer exists"));
  g_clear_object (&result);

  account = get_me (fixture, &error2);
  g_assert_error (error2, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error2->message, "Check the server address"));
}

static void
test_invalid_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_UNPROCESSABLE_ENTITY, "application/problem+json", problem_422_json });
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "-bad", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_create_token_finish (fixture->client, result, &secret, &problem, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INVALID);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_true (g_str_has_suffix (error->message,
                                   "The token name must start with a letter or a digit."));
  g_assert_nonnull (problem);
  g_assert_cmpuint (rt_problem_get_status (problem), ==, 422);
  g_assert_cmpstr (rt_problem_get_field_error (problem, "name"), ==,
                   "must start with a letter or a digit");
  /* A status is not a transport failure: not retried, even for a POST. */
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_clear_object (&result);
}

static void
test_not_modified (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(RtTokenPage) again = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", page_json, NULL, "\"v1\"" });
  make_client (fixture, NULL);

  rt_client_list_tokens_page_async (fixture->client, NULL, 2, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (rt_token_page_get_not_modified (page));
  g_assert_cmpuint (rt_token_page_get_tokens (page)->len, ==, 2);
  g_assert_cmpuint (rt_token_page_get_total (page), ==, 3);
  g_assert_cmpstr (rt_token_page_get_next_page_token (page), ==, "cGFnZTI");
  g_assert_cmpstr (rt_token_page_get_etag (page), ==, "\"v1\"");
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==, "GET /api/v1/tokens?page_size=2");

  rt_client_list_tokens_page_async (fixture->client, "cGFnZTI", 2, rt_token_page_get_etag (page),
                                    NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  again = rt_client_list_tokens_page_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (rt_token_page_get_not_modified (again));
  g_assert_cmpuint (rt_token_page_get_tokens (again)->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (fixture->if_none_matches, 1), ==, "\"v1\"");
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 1), ==,
                   "GET /api/v1/tokens?page_size=2&page_token=cGFnZTI");
}

static void
test_unsolicited_not_modified (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(GError) error = NULL;

  /* A 304 to a request without If-None-Match makes no sense. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_NOT_MODIFIED, NULL, NULL });
  make_client (fixture, NULL);

  rt_client_list_tokens_page_async (fixture->client, NULL, 0, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (fixture->client, result, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (page);
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==, "GET /api/v1/tokens");
  g_clear_object (&result);
}

static void
test_url_checks (void)
{
  g_autoptr(RtSecret) key = rt_secret_new (TEST_KEY, -1);
  const char *accepted[] = {
    "https://tokens.example.test",
    "https://tokens.example.test:8443/prefix/",
    "http://127.0.0.1:8300",
    "http://127.1.2.3",
    "http://localhost:8300",
    "http://LOCALHOST",
    "http://[::1]:8300",
  };
  const char *insecure[] = {
    "http://example.test",
    "http://10.0.0.1:8300",
    "http://[2001:db8::1]",
    "http://localhost.example.test",
    "http://128.0.0.1",
  };
  const char *invalid[] = {
    "",
    "tokens.example.test",
    "ftp://tokens.example.test",
    "https://",
    "https://user:pass@tokens.example.test",
    "https://tokens.example.test/?x=1",
    "https://tokens.example.test/#top",
    "not a url",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      RtClient *client = rt_client_new (accepted[i], key, NULL, &error);

      g_test_message ("accepted: %s", accepted[i]);
      g_assert_no_error (error);
      g_assert_cmpstr (rt_client_get_server (client), ==, accepted[i]);
      g_assert_finalize_object (client);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_autoptr(GError) error = NULL;
      RtClient *client = rt_client_new (insecure[i], key, NULL, &error);

      g_test_message ("insecure: %s", insecure[i]);
      g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INSECURE);
      g_assert_null (client);
      g_assert_nonnull (strstr (error->message, "https://"));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      RtClient *client = rt_client_new (invalid[i], key, NULL, &error);

      g_test_message ("invalid: %s", invalid[i]);
      g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INVALID_URL);
      g_assert_null (client);
      g_assert_nonnull (strstr (error->message, "is not a valid server address"));
    }

  {
    g_autoptr(GError) error = NULL;
    RtClient *client = rt_client_new ("not a url", key, NULL, &error);

    g_assert_null (client);
    g_assert_cmpstr (error->message, ==,
                     "“not a url” is not a valid server address. "
                     "Enter an address such as https://tokens.example.com.");
  }
}

/* The server presents a self-signed certificate: the client must refuse it
 * and say why, without ever sending the key. */
static void
test_tls_untrusted (Fixture       *fixture,
                    gconstpointer  data)
{
  gboolean wrong_host = GPOINTER_TO_INT (data);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtAccount) account = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend");
      return;
    }

  certificate = g_tls_certificate_new_from_pem (test_certificate_pem, -1, &error);
  g_assert_no_error (error);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, "/api/v1", server_callback, fixture, NULL);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  g_free (fixture->url);
  fixture->url = g_strdup_printf ("https://%s:%u", wrong_host ? "localhost" : "127.0.0.1",
                                  get_port (server));
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_TLS);
  if (wrong_host)
    g_assert_nonnull (strstr (error->message, "belongs to a different address"));
  else
    g_assert_nonnull (strstr (error->message, "not signed by an authority"));
  /* Fail closed, and never retried. */
  g_assert_cmpuint (fixture->n_requests, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  soup_server_disconnect (server);
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* The whole list, page after page ----------------------------------------- */

#define WALK_TOKEN(id) \
  "{\"id\":\"" id "\",\"name\":\"n-" id "\",\"type\":\"user\"," \
  "\"username\":\"acme+n-" id "\",\"status\":\"active\"," \
  "\"created_at\":\"2026-11-01T00:00:00Z\",\"subscription_end_date\":\"2027-01-01\"," \
  "\"products\":[],\"created_by\":\"Ada\",\"created_for\":\"Ada\",\"last_used_at\":null}"

typedef enum {
  WALK_LINKS,          /* Link headers that match the bodies */
  WALK_NO_LINKS,       /* no Link header: the client follows the bodies */
  WALK_WRONG_LINK,     /* page 1's Link names another page than its body */
} WalkServerMode;

typedef struct
{
  WalkServerMode  mode;
  GPtrArray      *requested;   /* page_token of each request, "" for the first */
  GPtrArray      *delivered;   /* ids of each delivered page's first token */
} WalkFixture;

static void
walk_server_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  WalkFixture *f = user_data;
  const char *page_token = query != NULL ? g_hash_table_lookup (query, "page_token") : NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *body;
  const char *next = NULL;

  g_ptr_array_add (f->requested, g_strdup (page_token != NULL ? page_token : ""));

  if (page_token == NULL)
    {
      body = "{\"tokens\":[" WALK_TOKEN ("tok_3") "],\"next_page_token\":\"p2\",\"total\":3}";
      next = f->mode == WALK_WRONG_LINK ? "p9" : "p2";
    }
  else if (g_str_equal (page_token, "p2"))
    {
      body = "{\"tokens\":[" WALK_TOKEN ("tok_2") "],\"next_page_token\":\"p3\",\"total\":3}";
      next = "p3";
    }
  else if (g_str_equal (page_token, "p3"))
    body = "{\"tokens\":[" WALK_TOKEN ("tok_1") "],\"next_page_token\":null,\"total\":3}";
  else
    body = "{\"tokens\":[],\"next_page_token\":null,\"total\":3}";

  if (next != NULL && f->mode != WALK_NO_LINKS)
    {
      g_autofree char *link = g_strdup_printf ("<https://example.org/elsewhere>; rel=\"help\", "
                                               "</api/v1/tokens?page_size=1&page_token=%s>; "
                                               "rel=\"next\"", next);

      soup_message_headers_replace (headers, "Link", link);
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
walk_page_cb (RtTokenPage *page,
              gpointer     user_data)
{
  WalkFixture *f = user_data;
  GPtrArray *tokens = rt_token_page_get_tokens (page);

  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpint (rt_token_page_get_requested_at (page), >, 0);
  g_ptr_array_add (f->delivered, g_strdup (rt_token_get_id (g_ptr_array_index (tokens, 0))));
}

static gboolean
walk (WalkServerMode   mode,
      WalkFixture     *f,
      GError         **error)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(RtSecret) key = rt_secret_new (TEST_KEY, -1);
  g_autoptr(RtClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;
  GSList *uris;
  gboolean walked;

  f->mode = mode;
  soup_server_add_handler (server, "/api/v1/tokens", walk_server_cb, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error);
  g_assert_no_error (local_error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = rt_client_new (url, key, NULL, &local_error);
  g_assert_no_error (local_error);

  rt_client_list_tokens_async (client, 1, 1, NULL, walk_page_cb, f, NULL, NULL,
                               rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  walked = rt_client_list_tokens_finish (client, async_result, error);

  /* A page asked for early, and cancelled with the walk, lets go of the
   * client once its cancellation has run. */
  g_clear_object (&async_result);
  {
    gpointer weak = client;

    g_object_add_weak_pointer (G_OBJECT (client), &weak);
    g_clear_object (&client);
    rt_test_wait_until (weak == NULL);
  }

  return walked;
}

static void
walk_fixture_init (WalkFixture *f)
{
  f->requested = g_ptr_array_new_with_free_func (g_free);
  f->delivered = g_ptr_array_new_with_free_func (g_free);
}

static void
walk_fixture_clear (WalkFixture *f)
{
  g_clear_pointer (&f->requested, g_ptr_array_unref);
  g_clear_pointer (&f->delivered, g_ptr_array_unref);
}

static char *
join (GPtrArray *strings)
{
  g_ptr_array_add (strings, NULL);
  g_ptr_array_remove_index (strings, strings->len - 1);
  return g_strjoinv (",", (char **) strings->pdata);
}

/* Each page is asked for once, and delivered in order, whether the server
 * names the next page early in a Link header or only in the body. */
static void
test_walk (gconstpointer data)
{
  WalkServerMode mode = GPOINTER_TO_INT (data);
  WalkFixture f = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;
  g_autofree char *delivered = NULL;

  walk_fixture_init (&f);
  g_assert_true (walk (mode, &f, &error));
  g_assert_no_error (error);

  requested = join (f.requested);
  delivered = join (f.delivered);
  g_assert_cmpstr (requested, ==, ",p2,p3");
  g_assert_cmpstr (delivered, ==, "tok_3,tok_2,tok_1");

  walk_fixture_clear (&f);
}

/* A Link header that names another page than the body is a broken server. */
static void
test_walk_wrong_link (void)
{
  WalkFixture f = { 0, };
  g_autoptr(GError) error = NULL;

  walk_fixture_init (&f);
  g_assert_false (walk (WALK_WRONG_LINK, &f, &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (f.delivered->len, ==, 1);

  walk_fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client-faults/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("success-and-headers", test_success_and_headers);
  ADD ("injected-session", test_injected_session);
  ADD ("escaped-id", test_escaped_id);
  ADD ("server-error", test_server_error);
  ADD ("retry-503", test_retry_503);
  ADD ("retry-502-exhausted", test_retry_503_exhausted);
  ADD ("retry-backoff", test_retry_backoff);
  ADD ("rate-limited-retry", test_rate_limited_retry);
  ADD ("rate-limited-twice", test_rate_limited_twice);
  ADD ("malformed-json", test_malformed_json);
  ADD ("wrong-types", test_wrong_types);
  ADD ("wrong-content-type", test_wrong_content_type);
  ADD ("unexpected-status", test_unexpected_status);
  ADD ("truncated-body", test_truncated_body);
  ADD ("truncated-then-whole", test_truncated_then_whole);
  ADD ("dropped-mid-body", test_dropped_mid_body);
  ADD ("dropped-at-chunk-end", test_dropped_at_chunk_end);
  ADD ("oversized", test_oversized);
  ADD ("oversized-chunked", test_oversized_chunked);
  ADD ("exactly-max", test_exactly_max);
  ADD ("timeout", test_timeout);
  ADD ("slow-but-in-time", test_slow_but_in_time);
  ADD ("connect-timeout", test_connect_timeout);
  ADD ("lost-create-reply", test_lost_create_reply);
  ADD ("create-secret-unavailable", test_create_secret_unavailable);
  ADD ("token-without-secret", test_token_without_secret);
  ADD ("create-key-per-call", test_create_key_per_call);
  ADD ("post-status-not-retried", test_post_status_not_retried);
  ADD ("post-dropped-twice", test_post_dropped_twice);
  ADD ("delete-retried", test_delete_retried);
  ADD ("delete-any-success", test_delete_any_success);
  ADD ("cancel-in-flight", test_cancel_in_flight);
  ADD ("cancel-before", test_cancel_before);
  ADD ("cancel-after-reply", test_cancel_after_reply);
  ADD ("cancel-after-create-reply", test_cancel_after_create_reply);
  ADD ("cancel-after-error-reply", test_cancel_after_error_reply);
  ADD ("connection-refused", test_connection_refused);
  ADD ("unauthorized", test_unauthorized);
  ADD ("not-found-messages", test_not_found_messages);
  ADD ("invalid-fields", test_invalid_fields);
  ADD ("not-modified", test_not_modified);
  ADD ("unsolicited-not-modified", test_unsolicited_not_modified);
  g_test_add_func ("/client-faults/url-checks", test_url_checks);
  g_test_add_data_func ("/client-faults/walk/links", GINT_TO_POINTER (WALK_LINKS), test_walk);
  g_test_add_data_func ("/client-faults/walk/no-links", GINT_TO_POINTER (WALK_NO_LINKS), test_walk);
  g_test_add_func ("/client-faults/walk/wrong-link", test_walk_wrong_link);
  g_test_add ("/client-faults/tls-untrusted", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_tls_untrusted, fixture_tear_down);
  g_test_add ("/client-faults/tls-wrong-host", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_tls_untrusted, fixture_tear_down);

#undef ADD

  return g_test_run ();
}
