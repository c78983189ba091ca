/* test-registry-handoff.c: a secret saved by the app opens the registry to
 * skopeo and podman with no credentials typed, until the token is deleted
 *
 * Runs build-aux/run-backend.sh (the reference service and Debian's
 * docker-registry) in a keyring session; the secret goes through
 * RtSecretStore and rt-docker-config exactly as Save to Keyring does, and
 * the tools find it through credHelpers → docker-credential-secretservice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-docker-config.h"
#include "rt-secret-store.h"
#include "rt-test-backend.h"
#include "rt-test-util.h"

/* Runs a tool with no credentials on its command line; returns its exit
 * status, with its error output in *out_stderr. */
static int
run_tool (char       **out_stderr,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, out_stderr, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_test_message ("%s: %s", first, *out_stderr);

  return g_subprocess_get_exit_status (process);
}

static void
test_handoff (void)
{
  g_autoptr(RtTestBackend) b = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *docker_path = rt_docker_config_get_docker_path ();
  g_autofree char *podman_path = rt_docker_config_get_podman_path ();
  g_autofree char *image = NULL;
  g_autofree char *other_image = NULL;
  g_autofree char *podman_root = NULL;
  g_autofree char *podman_runroot = NULL;
  g_autofree char *delete_path = NULL;
  g_autofree char *err = NULL;
  RtSecretStoreChanges changes = 0;
  JsonObject *token;

  if (!rt_test_backend_require_tools ())
    return;

  b = rt_test_backend_start ();
  created = rt_test_backend_call (b, "POST", "/tokens", "{\"name\": \"handoff\"}", 201);
  token = json_object_get_object_member (created, "token");
  secret = rt_secret_new (json_object_get_string_member (created, "secret"), -1);

  /* What Save to Keyring does with consent for docker and podman. */
  rt_secret_store_save_token_secret_async (store, b->url, b->registry,
                                           json_object_get_string_member (token, "id"),
                                           json_object_get_string_member (token, "name"),
                                           json_object_get_string_member (token, "username"),
                                           secret, TRUE, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_secret_store_save_token_secret_finish (store, result, &changes, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (changes & RT_SECRET_STORE_CHANGE_DOCKER);
  g_assert_true (rt_docker_config_add_cred_helper (docker_path, b->registry, "secretservice",
                                                   &error));
  g_assert_no_error (error);
  g_assert_true (rt_docker_config_add_cred_helper (podman_path, b->registry, "secretservice",
                                                   &error));
  g_assert_no_error (error);

  image = g_strconcat (b->registry, "/vision-kit/camera:1.0", NULL);
  other_image = g_strconcat (b->registry, "/motion-sdk/runtime:1.0", NULL);
  podman_root = g_build_filename (b->tmpdir, "podman-root", NULL);
  /* podman refuses a run root longer than 50 characters. */
  podman_runroot = g_mkdtemp (g_strdup ("/tmp/rt-podman-XXXXXX"));
  g_assert_nonnull (podman_runroot);

  {
    g_autofree char *docker_image = g_strconcat ("docker://", image, NULL);

    g_assert_cmpint (run_tool (&err, "skopeo", "inspect", "--tls-verify=false", docker_image,
                               NULL), ==, 0);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (run_tool (&err, "podman", "--root", podman_root, "--runroot", podman_runroot,
                             "--storage-driver", "vfs", "pull", "--tls-verify=false", image,
                             NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  /* Delete, as the app's row action does: the saved secret stops working. */
  delete_path = g_strconcat ("/tokens/", json_object_get_string_member (token, "id"), NULL);
  g_assert_null (rt_test_backend_call (b, "DELETE", delete_path, NULL, 204));

  g_assert_cmpint (run_tool (&err, "podman", "--root", podman_root, "--runroot", podman_runroot,
                             "--storage-driver", "vfs", "pull", "--tls-verify=false", other_image,
                             NULL), !=, 0);
  g_assert_true (strstr (err, "unauthorized") != NULL || strstr (err, "denied") != NULL);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_tool (&err, "rm", "-rf", podman_runroot, podman_root, NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry/handoff", test_handoff);

  return g_test_run ();
}
