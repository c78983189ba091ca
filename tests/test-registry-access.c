/* test-registry-access.c: Check Access asks the real token server, through
 * the real registry's challenge, what a secret may pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-registry-access.h"
#include "rt-test-backend.h"
#include "rt-test-util.h"

static RtTestBackend *backend;

/* One backend for every test: starting docker-registry takes a second. */
static RtTestBackend *
get_backend (void)
{
  if (!rt_test_backend_require_tools ())
    return NULL;

  if (backend == NULL)
    backend = rt_test_backend_start ();

  return backend;
}

static GHashTable *
check (const char          *registry,
       const char          *username,
       const char          *secret_text,
       const char * const  *repositories,
       GError             **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(RtSecret) secret = rt_secret_new (secret_text, -1);
  g_autoptr(GAsyncResult) result = NULL;

  rt_registry_access_check_async (session, registry, username, secret, repositories,
                                  NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_registry_access_check_finish (result, error);
}

static void
test_granted (void)
{
  RtTestBackend *b = get_backend ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GHashTable) granted = NULL;
  g_autoptr(GError) error = NULL;
  const char * const repositories[] = {
    "vision-kit/camera", "edge-os/base", "motion-sdk/runtime", "no-such/repository", NULL
  };
  JsonObject *token;

  if (b == NULL)
    return;

  /* Covers every product with an active subscription: not Edge OS. */
  created = rt_test_backend_call (b, "POST", "/tokens", "{\"name\": \"check-access\"}", 201);
  token = json_object_get_object_member (created, "token");

  granted = check (b->registry, json_object_get_string_member (token, "username"),
                   json_object_get_string_member (created, "secret"), repositories, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (granted), ==, 2);
  g_assert_true (g_hash_table_contains (granted, "vision-kit/camera"));
  g_assert_true (g_hash_table_contains (granted, "motion-sdk/runtime"));
  g_assert_false (g_hash_table_contains (granted, "edge-os/base"));
}

static void
test_refused (void)
{
  RtTestBackend *b = get_backend ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GHashTable) granted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) regenerated = NULL;
  g_autofree char *regenerate_path = NULL;
  const char * const repositories[] = { "vision-kit/camera", NULL };
  JsonObject *token;

  if (b == NULL)
    return;

  created = rt_test_backend_call (b, "POST", "/tokens", "{\"name\": \"check-refused\"}", 201);
  token = json_object_get_object_member (created, "token");
  regenerate_path = g_strconcat ("/tokens/", json_object_get_string_member (token, "id"),
                                 "/regenerate-secret", NULL);
  regenerated = rt_test_backend_call (b, "POST", regenerate_path, NULL, 200);

  /* The secret the keyring would still hold after a Re-generate elsewhere. */
  granted = check (b->registry, json_object_get_string_member (token, "username"),
                   json_object_get_string_member (created, "secret"), repositories, &error);
  g_assert_error (error, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_REFUSED);
  g_assert_null (granted);
}

static void
test_no_token_server (void)
{
  RtTestBackend *b = get_backend ();
  g_autoptr(GHashTable) granted = NULL;
  g_autoptr(GError) error = NULL;
  const char * const repositories[] = { "vision-kit/camera", NULL };

  if (b == NULL)
    return;

  /* The token service itself is no registry: /v2/ is not found there. */
  granted = check (b->url + strlen ("http://"), "acme+x", "rtsec_x", repositories, &error);
  g_assert_error (error, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_NO_TOKEN_SERVER);
  g_assert_null (granted);
  g_clear_error (&error);

  granted = check ("registry.example/with/path", "acme+x", "rtsec_x", repositories, &error);
  g_assert_error (error, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_FAILED);
  g_assert_null (granted);
}

/* A registry whose token server misbehaves on purpose --------------------- */

typedef enum {
  HOSTILE_HUGE,       /* an answer of 1 MiB */
  HOSTILE_REDIRECT,   /* a redirect elsewhere, which would carry the secret */
} HostileMode;

typedef struct
{
  HostileMode  mode;
  guint        port;
  guint        n_elsewhere;
} Hostile;

static void
hostile_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Hostile *hostile = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/v2/"))
    {
      g_autofree char *challenge =
        g_strdup_printf ("Bearer realm=\"http://127.0.0.1:%u/token\",service=\"registry\"",
                         hostile->port);

      soup_message_headers_replace (headers, "WWW-Authenticate", challenge);
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
  else if (g_str_equal (path, "/token") && hostile->mode == HOSTILE_HUGE)
    {
      gsize size = 1024 * 1024;
      char *body = g_malloc (size);

      memset (body, ' ', size);
      body[0] = '{';
      body[size - 1] = '}';
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
    }
  else if (g_str_equal (path, "/token"))
    {
      g_autofree char *location = g_strdup_printf ("http://127.0.0.1:%u/elsewhere", hostile->port);

      soup_message_headers_replace (headers, "Location", location);
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
    }
  else
    {
      hostile->n_elsewhere++;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"token\":\"x\"}", 13);
    }
}

static void
test_hostile (gconstpointer data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GHashTable) granted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *registry = NULL;
  const char * const repositories[] = { "vision-kit/camera", NULL };
  Hostile hostile = { GPOINTER_TO_INT (data), 0, 0 };
  GSList *uris;

  soup_server_add_handler (server, NULL, hostile_cb, &hostile, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  hostile.port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  registry = g_strdup_printf ("127.0.0.1:%u", hostile.port);

  granted = check (registry, "acme+x", "rtsec_x", repositories, &error);
  g_assert_null (granted);
  g_assert_error (error, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_FAILED);
  g_assert_cmpuint (hostile.n_elsewhere, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry-access/granted", test_granted);
  g_test_add_func ("/registry-access/refused", test_refused);
  g_test_add_func ("/registry-access/no-token-server", test_no_token_server);
  g_test_add_data_func ("/registry-access/hostile/huge", GINT_TO_POINTER (HOSTILE_HUGE),
                        test_hostile);
  g_test_add_data_func ("/registry-access/hostile/redirect", GINT_TO_POINTER (HOSTILE_REDIRECT),
                        test_hostile);

  status = g_test_run ();
  g_clear_pointer (&backend, rt_test_backend_free);

  return status;
}
