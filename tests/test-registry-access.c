/* test-registry-access.c: Check Access asks the real token server, through
 * the real registry's challenge, what a secret may pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry-access/granted", test_granted);
  g_test_add_func ("/registry-access/refused", test_refused);
  g_test_add_func ("/registry-access/no-token-server", test_no_token_server);

  status = g_test_run ();
  g_clear_pointer (&backend, rt_test_backend_free);

  return status;
}
