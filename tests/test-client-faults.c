/* test-client-faults.c: RtClient against an in-process server that misbehaves on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-test-fault-server.h"
#include "rt-test-util.h"

/* Each test scripts the replies of a SoupServer on 127.0.0.1 and checks what
 * RtClient makes of them, and what it sent. */

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);


  RT_TEST_FAULTS_ADD ("success-and-headers", test_success_and_headers);
  RT_TEST_FAULTS_ADD ("injected-session", test_injected_session);
  RT_TEST_FAULTS_ADD ("escaped-id", test_escaped_id);
  RT_TEST_FAULTS_ADD ("server-error", test_server_error);
  RT_TEST_FAULTS_ADD ("retry-503", test_retry_503);
  RT_TEST_FAULTS_ADD ("retry-502-exhausted", test_retry_503_exhausted);
  RT_TEST_FAULTS_ADD ("retry-backoff", test_retry_backoff);
  RT_TEST_FAULTS_ADD ("rate-limited-retry", test_rate_limited_retry);
  RT_TEST_FAULTS_ADD ("rate-limited-twice", test_rate_limited_twice);
  RT_TEST_FAULTS_ADD ("malformed-json", test_malformed_json);
  RT_TEST_FAULTS_ADD ("wrong-types", test_wrong_types);
  RT_TEST_FAULTS_ADD ("wrong-content-type", test_wrong_content_type);
  RT_TEST_FAULTS_ADD ("unexpected-status", test_unexpected_status);
  RT_TEST_FAULTS_ADD ("truncated-body", test_truncated_body);
  RT_TEST_FAULTS_ADD ("truncated-then-whole", test_truncated_then_whole);
  RT_TEST_FAULTS_ADD ("dropped-mid-body", test_dropped_mid_body);
  RT_TEST_FAULTS_ADD ("dropped-at-chunk-end", test_dropped_at_chunk_end);
  RT_TEST_FAULTS_ADD ("oversized", test_oversized);
  RT_TEST_FAULTS_ADD ("oversized-chunked", test_oversized_chunked);
  RT_TEST_FAULTS_ADD ("exactly-max", test_exactly_max);
  RT_TEST_FAULTS_ADD ("timeout", test_timeout);
  RT_TEST_FAULTS_ADD ("slow-but-in-time", test_slow_but_in_time);
  RT_TEST_FAULTS_ADD ("connect-timeout", test_connect_timeout);
  RT_TEST_FAULTS_ADD ("connection-refused", test_connection_refused);
  g_test_add_func ("/client-faults/url-checks", test_url_checks);
  g_test_add ("/client-faults/tls-untrusted", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_tls_untrusted, fixture_tear_down);
  g_test_add ("/client-faults/tls-wrong-host", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_tls_untrusted, fixture_tear_down);

  return g_test_run ();
}
