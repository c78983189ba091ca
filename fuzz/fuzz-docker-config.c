/* fuzz-docker-config.c: libFuzzer harness for the docker/podman config edit
 *
 * The input is a registry host on the first line and the existing file's
 * contents after it; both come from outside the app (the service names the
 * host, anything may have written the file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fuzz.h"
#include "rt-docker-config.h"

#define HELPER "secretservice"

static char *folder;

static void
remove_folder (void)
{
  g_rmdir (folder);
}

static void
remove_file (const char *path)
{
  if (g_unlink (path) != 0 && g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("Could not remove %s", path);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *path = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *host = NULL;
  g_autofree char *helper = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *newline = memchr (data, '\n', size);
  gsize host_len = newline ? (gsize) (newline - data) : size;
  gsize skip = newline ? host_len + 1 : size;
  gboolean added;

  if (folder == NULL)
    {
      if (!(folder = g_dir_make_tmp ("fuzz-docker-config-XXXXXX", &error)))
        g_error ("%s", error->message);
      atexit (remove_folder);
    }

  /* A host is never empty, and always UTF-8: the app reads it from JSON. */
  host = g_strndup ((const char *) data, host_len);
  if (*host == '\0' || !g_utf8_validate (host, -1, NULL))
    return 0;

  path = g_build_filename (folder, "config.json", NULL);
  backup = g_strconcat (path, ".bak", NULL);
  if (!g_file_set_contents (path, (const char *) data + skip, size - skip, &error))
    g_error ("%s", error->message);

  before = rt_docker_config_get_cred_helper (path, host, &error);
  g_assert_true (before == NULL || error == NULL);
  if (error != NULL)
    g_assert_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID);
  g_clear_error (&error);

  /* An edit that succeeds leaves a file that reads back with the helper. */
  added = rt_docker_config_add_cred_helper (path, host, HELPER, &error);
  if (added)
    {
      g_assert_no_error (error);
      helper = rt_docker_config_get_cred_helper (path, host, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (helper, ==, HELPER);
    }
  else
    g_assert_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID);

  remove_file (path);
  remove_file (backup);

  return 0;
}
