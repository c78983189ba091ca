/* test-docker-config.c: adding credHelpers to docker and podman configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rt-docker-config.h"
#include "rt-test-util.h"

#define HOST "registry.example.com"

typedef struct
{
  char *dir;
  char *path;
  char *backup;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_assert_no_errno (g_unlink (child));
        }
    }

  g_assert_no_errno (g_rmdir (path));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rt-docker-config-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "config.json", NULL);
  fixture->backup = g_strconcat (fixture->path, ".bak", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->backup);
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static JsonObject *
read_object (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_no_errno (g_lstat (path, &buf));

  return buf.st_mode & 07777;
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "nested", "docker", NULL);
  g_autofree char *path = g_build_filename (folder, "config.json", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *helpers;

  g_assert_true (rt_docker_config_add_cred_helper (path, HOST, "secretservice", &error));
  g_assert_no_error (error);

  g_assert_cmphex (file_mode (path), ==, 0600);
  g_assert_cmphex (file_mode (folder), ==, 0700);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  config = read_object (path);
  g_assert_cmpuint (json_object_get_size (config), ==, 1);
  helpers = json_object_get_object_member (config, "credHelpers");
  g_assert_nonnull (helpers);
  g_assert_cmpuint (json_object_get_size (helpers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (helpers, HOST), ==, "secretservice");
}

static const char existing_config[] =
  "{\n"
  "\t\"auths\": {\n"
  "\t\t\"old.example.com\": {\n"
  "\t\t\t\"auth\": \"dXNlcjpwYXNz\"\n"
  "\t\t},\n"
  "\t\t\"https://index.docker.io/v1/\": {}\n"
  "\t},\n"
  "\t\"credsStore\": \"desktop\",\n"
  "\t\"credHelpers\": {\n"
  "\t\t\"gcr.io\": \"gcloud\"\n"
  "\t},\n"
  "\t\"psFormat\": \"table {{.ID}}\\t{{.Names}}\",\n"
  "\t\"proxies\": {\"default\": {\"httpProxy\": \"http://proxy:3128\", \"noProxy\": [\"a\", \"b\"]}},\n"
  "\t\"detachKeys\": \"ctrl-e,e\",\n"
  "\t\"number\": 42\n"
  "}\n";

static void
test_existing_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  JsonObject *helpers;
  const char *keys[] = { "auths", "credsStore", "psFormat", "proxies", "detachKeys", "number" };

  write_text (fixture->path, existing_config);
  before = read_object (fixture->path);

  g_assert_true (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_no_error (error);

  /* The previous file, byte for byte. */
  backup = read_text (fixture->backup);
  g_assert_cmpstr (backup, ==, existing_config);
  g_assert_cmphex (file_mode (fixture->path), ==, 0600);

  after = read_object (fixture->path);
  g_assert_cmpuint (json_object_get_size (after), ==, json_object_get_size (before));
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_test_message ("checking %s", keys[i]);
      g_assert_true (json_node_equal (json_object_get_member (before, keys[i]),
                                      json_object_get_member (after, keys[i])));
    }

  helpers = json_object_get_object_member (after, "credHelpers");
  g_assert_cmpuint (json_object_get_size (helpers), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (helpers, "gcr.io"), ==, "gcloud");
  g_assert_cmpstr (json_object_get_string_member (helpers, HOST), ==, "secretservice");
}

static void
test_entry_present (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text = "{ \"credHelpers\" : { \"" HOST "\" : \"secretservice\" }, \"x\": 1 }";
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  GStatBuf before_stat, after_stat;

  write_text (fixture->path, text);
  g_assert_no_errno (g_stat (fixture->path, &before_stat));

  g_assert_true (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_no_error (error);

  /* Not rewritten: same content, same inode, no backup. */
  after = read_text (fixture->path);
  g_assert_cmpstr (after, ==, text);
  g_assert_no_errno (g_stat (fixture->path, &after_stat));
  g_assert_cmpuint (before_stat.st_ino, ==, after_stat.st_ino);
  g_assert_false (g_file_test (fixture->backup, G_FILE_TEST_EXISTS));
}

static void
test_other_helper_replaced (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *text = "{\"credHelpers\": {\"" HOST "\": \"pass\"}}";
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *helper = NULL;

  write_text (fixture->path, text);

  helper = rt_docker_config_get_cred_helper (fixture->path, HOST, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (helper, ==, "pass");

  g_assert_true (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_no_error (error);

  after = read_object (fixture->path);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after,
                                                                                 "credHelpers"),
                                                  HOST), ==, "secretservice");
  backup = read_text (fixture->backup);
  g_assert_cmpstr (backup, ==, text);
}

static void
assert_refused (Fixture    *fixture,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *helper = NULL;

  write_text (fixture->path, text);

  g_assert_false (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "config.json"));
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);

  after = read_text (fixture->path);
  g_assert_cmpstr (after, ==, text);
  g_assert_false (g_file_test (fixture->backup, G_FILE_TEST_EXISTS));

  helper = rt_docker_config_get_cred_helper (fixture->path, HOST, &error);
  g_assert_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID);
  g_assert_null (helper);
}

static void
test_invalid_json (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_refused (fixture, "{ \"auths\": { \"a\": { } }, oops\n");
}

static void
test_array (Fixture       *fixture,
            gconstpointer  data)
{
  assert_refused (fixture, "[ { \"credHelpers\": {} } ]\n");
}

static void
test_scalar (Fixture       *fixture,
             gconstpointer  data)
{
  assert_refused (fixture, "\"just a string\"\n");
}

/* Returns the file part of an input fuzz/ found, which has a host on its
 * first line and then the file. */
static char *
read_finding (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "fuzz-docker-config",
                                                 name, NULL);
  g_autofree char *input = read_text (path);
  const char *newline = strchr (input, '\n');

  g_assert_nonnull (newline);

  return g_strdup (newline + 1);
}

/* Each parsed, and each was rewritten into a file nothing could read back
 * (an unpaired surrogate) or leaked in json-glib (several values, a short
 * "\u" escape). */
static void
test_fuzz_findings (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const names[] = { "lone-surrogate", "two-values", "short-unicode-escape" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = read_finding (names[i]);

      g_test_message ("%s", names[i]);
      assert_refused (fixture, text);
    }
}

/* Found by fuzz/: json-glib reads 1e400 but writes it back as "inf.0". */
static void
test_fuzz_number_out_of_range (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *text = read_finding ("number-out-of-range");
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  write_text (fixture->path, text);

  g_assert_false (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID);

  after = read_text (fixture->path);
  g_assert_cmpstr (after, ==, text);
  g_assert_false (g_file_test (fixture->backup, G_FILE_TEST_EXISTS));
}

static void
test_cred_helpers_not_object (Fixture       *fixture,
                              gconstpointer  data)
{
  assert_refused (fixture, "{ \"credHelpers\": [ \"" HOST "\" ] }\n");
}

static void
test_empty_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;

  /* Docker accepts an empty config.json; so do we. */
  write_text (fixture->path, "");

  g_assert_true (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_no_error (error);

  after = read_object (fixture->path);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after,
                                                                                 "credHelpers"),
                                                  HOST), ==, "secretservice");
  backup = read_text (fixture->backup);
  g_assert_cmpstr (backup, ==, "");
}

static void
test_symlink (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *dotfiles = g_build_filename (fixture->dir, "dotfiles", NULL);
  g_autofree char *target = g_build_filename (dotfiles, "config.json", NULL);
  g_autofree char *target_backup = g_strconcat (target, ".bak", NULL);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir (dotfiles, 0700));
  write_text (target, "{\"auths\": {}}");
  g_assert_no_errno (symlink (target, fixture->path));

  g_assert_true (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_no_error (error);

  /* The link is still a link, and the file it points to was updated. */
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_SYMLINK));
  after = read_object (target);
  g_assert_true (json_object_has_member (after, "auths"));
  g_assert_true (json_object_has_member (after, "credHelpers"));
  g_assert_true (g_file_test (target_backup, G_FILE_TEST_EXISTS));
}

static void
test_get_cred_helper (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *other = NULL;
  g_autofree char *found = NULL;

  /* No file at all: no helper, no error. */
  none = rt_docker_config_get_cred_helper (fixture->path, HOST, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  write_text (fixture->path, "{\"credHelpers\": {\"other.example\": \"pass\"}}");
  other = rt_docker_config_get_cred_helper (fixture->path, HOST, &error);
  g_assert_no_error (error);
  g_assert_null (other);

  g_assert_true (rt_docker_config_add_cred_helper (fixture->path, HOST, "secretservice", &error));
  g_assert_no_error (error);
  found = rt_docker_config_get_cred_helper (fixture->path, HOST, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "secretservice");
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) refused_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = NULL;
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);

  rt_docker_config_add_cred_helper_async (fixture->path, HOST, "secretservice",
                                          NULL, rt_test_async_ready, &result);
  g_assert_true (rt_docker_config_add_cred_helper_finish (rt_test_wait_result (&result), &error));
  g_assert_no_error (error);

  helper = rt_docker_config_get_cred_helper (fixture->path, HOST, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (helper, ==, "secretservice");

  write_text (bad, "not json");
  rt_docker_config_add_cred_helper_async (bad, HOST, "secretservice",
                                          NULL, rt_test_async_ready, &refused_result);
  g_assert_false (rt_docker_config_add_cred_helper_finish (rt_test_wait_result (&refused_result), &error));
  g_assert_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID);
}

static void
test_both_files (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *saved_docker = g_strdup (g_getenv ("DOCKER_CONFIG"));
  g_autofree char *saved_auth = g_strdup (g_getenv ("REGISTRY_AUTH_FILE"));
  g_autofree char *docker_dir = g_build_filename (fixture->dir, "docker", NULL);
  g_autofree char *docker_path = g_build_filename (docker_dir, "config.json", NULL);
  g_autofree char *podman_path = g_build_filename (fixture->dir, "auth.json", NULL);
  g_autofree char *shown = NULL;
  g_autofree char *helper = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) partial_result = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("DOCKER_CONFIG", docker_dir, TRUE);
  g_setenv ("REGISTRY_AUTH_FILE", podman_path, TRUE);

  /* Both written. */
  rt_docker_config_add_cred_helpers_async (HOST, "secretservice", NULL, rt_test_async_ready, &result);
  g_assert_true (rt_docker_config_add_cred_helpers_finish (rt_test_wait_result (&result), &error));
  g_assert_no_error (error);
  helper = rt_docker_config_get_cred_helper (docker_path, HOST, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (helper, ==, "secretservice");
  g_clear_pointer (&helper, g_free);
  helper = rt_docker_config_get_cred_helper (podman_path, HOST, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (helper, ==, "secretservice");
  g_clear_pointer (&helper, g_free);

  /* docker's file cannot be parsed: podman's is changed all the same, and
   * the message names docker's, as the user knows it. */
  write_text (docker_path, "not json");
  g_assert_no_errno (g_unlink (podman_path));
  rt_docker_config_add_cred_helpers_async ("other.example.com", "secretservice", NULL,
                                           rt_test_async_ready, &partial_result);
  g_assert_false (rt_docker_config_add_cred_helpers_finish (rt_test_wait_result (&partial_result),
                                                            &error));
  g_assert_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_FAILED);
  shown = rt_docker_config_dup_display_name (docker_path);
  g_assert_true (g_str_has_prefix (error->message, shown));
  g_assert_null (strstr (error->message, "auth.json"));
  helper = rt_docker_config_get_cred_helper (podman_path, "other.example.com", NULL);
  g_assert_cmpstr (helper, ==, "secretservice");

  if (saved_docker != NULL)
    g_setenv ("DOCKER_CONFIG", saved_docker, TRUE);
  else
    g_unsetenv ("DOCKER_CONFIG");
  if (saved_auth != NULL)
    g_setenv ("REGISTRY_AUTH_FILE", saved_auth, TRUE);
  else
    g_unsetenv ("REGISTRY_AUTH_FILE");
}

static void
test_display_name (void)
{
  g_autofree char *in_home = g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
  g_autofree char *shown = rt_docker_config_dup_display_name (in_home);
  g_autofree char *elsewhere = rt_docker_config_dup_display_name ("/etc/containers/auth.json");

  g_assert_cmpstr (shown, ==, "~/.docker/config.json");
  g_assert_cmpstr (elsewhere, ==, "/etc/containers/auth.json");
}

static void
test_paths (void)
{
  g_autofree char *saved_docker = g_strdup (g_getenv ("DOCKER_CONFIG"));
  g_autofree char *saved_auth = g_strdup (g_getenv ("REGISTRY_AUTH_FILE"));
  g_autofree char *saved_host_config = g_strdup (g_getenv ("HOST_XDG_CONFIG_HOME"));
  g_autofree char *podman_host = NULL;
  g_autofree char *docker_default = NULL;
  g_autofree char *docker_env = NULL;
  g_autofree char *podman_default = NULL;
  g_autofree char *podman_env = NULL;
  g_autofree char *expected_docker = NULL;
  g_autofree char *expected_podman = NULL;

  g_unsetenv ("DOCKER_CONFIG");
  g_unsetenv ("REGISTRY_AUTH_FILE");
  g_unsetenv ("HOST_XDG_CONFIG_HOME");

  docker_default = rt_docker_config_get_docker_path ();
  expected_docker = g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
  g_assert_cmpstr (docker_default, ==, expected_docker);

  podman_default = rt_docker_config_get_podman_path ();
  expected_podman = g_build_filename (g_get_user_config_dir (), "containers", "auth.json", NULL);
  g_assert_cmpstr (podman_default, ==, expected_podman);

  /* The test session points XDG_CONFIG_HOME at a temporary folder. */
  if (g_getenv ("XDG_CONFIG_HOME") != NULL)
    g_assert_true (g_str_has_prefix (podman_default, g_getenv ("XDG_CONFIG_HOME")));

  g_setenv ("DOCKER_CONFIG", "/tmp/rt-docker-config-dir", TRUE);
  g_setenv ("REGISTRY_AUTH_FILE", "/tmp/rt-auth/file.json", TRUE);
  docker_env = rt_docker_config_get_docker_path ();
  podman_env = rt_docker_config_get_podman_path ();
  g_assert_cmpstr (docker_env, ==, "/tmp/rt-docker-config-dir/config.json");
  g_assert_cmpstr (podman_env, ==, "/tmp/rt-auth/file.json");

  /* Empty values are ignored, as docker and podman do. */
  g_setenv ("DOCKER_CONFIG", "", TRUE);
  g_setenv ("REGISTRY_AUTH_FILE", "", TRUE);
  g_free (docker_env);
  g_free (podman_env);
  docker_env = rt_docker_config_get_docker_path ();
  podman_env = rt_docker_config_get_podman_path ();
  g_assert_cmpstr (docker_env, ==, expected_docker);
  g_assert_cmpstr (podman_env, ==, expected_podman);

  /* In a Flatpak sandbox: the host's configuration folder. */
  g_setenv ("HOST_XDG_CONFIG_HOME", "/tmp/rt-host-config", TRUE);
  podman_host = rt_docker_config_get_podman_path ();
  g_assert_cmpstr (podman_host, ==, "/tmp/rt-host-config/containers/auth.json");

  if (saved_host_config != NULL)
    g_setenv ("HOST_XDG_CONFIG_HOME", saved_host_config, TRUE);
  else
    g_unsetenv ("HOST_XDG_CONFIG_HOME");
  if (saved_docker != NULL)
    g_setenv ("DOCKER_CONFIG", saved_docker, TRUE);
  else
    g_unsetenv ("DOCKER_CONFIG");
  if (saved_auth != NULL)
    g_setenv ("REGISTRY_AUTH_FILE", saved_auth, TRUE);
  else
    g_unsetenv ("REGISTRY_AUTH_FILE");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Files are created as with any umask a user may have. */
  umask (022);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/docker-config/missing-file", test_missing_file);
  ADD ("/docker-config/existing-file", test_existing_file);
  ADD ("/docker-config/entry-present", test_entry_present);
  ADD ("/docker-config/other-helper-replaced", test_other_helper_replaced);
  ADD ("/docker-config/invalid-json", test_invalid_json);
  ADD ("/docker-config/array", test_array);
  ADD ("/docker-config/scalar", test_scalar);
  ADD ("/docker-config/cred-helpers-not-object", test_cred_helpers_not_object);
  ADD ("/docker-config/fuzz-findings", test_fuzz_findings);
  ADD ("/docker-config/fuzz-number-out-of-range", test_fuzz_number_out_of_range);
  ADD ("/docker-config/empty-file", test_empty_file);
  ADD ("/docker-config/symlink", test_symlink);
  ADD ("/docker-config/get-cred-helper", test_get_cred_helper);
  ADD ("/docker-config/async", test_async);
  ADD ("/docker-config/both-files", test_both_files);
  g_test_add_func ("/docker-config/display-name", test_display_name);
  g_test_add_func ("/docker-config/paths", test_paths);

#undef ADD

  return g_test_run ();
}
