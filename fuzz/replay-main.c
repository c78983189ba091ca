/* replay-main.c: runs a fuzz harness over files and folders, without libFuzzer
 *
 * Built into every harness when the project is not built for fuzzing, so that
 * the checked-in corpus and the fixtures replay in the ordinary test suite.
 * Usage: fuzz-NAME PATH...; a folder stands for every regular file in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib.h>

#include "fuzz.h"

static void
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);

  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Returns how many files it replayed. */
static guint
replay_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      replay_file (path);
      return 1;
    }

  if (!(dir = g_dir_open (path, 0, &error)))
    g_error ("%s", error->message);

  /* Sorted, so that a failure is reproducible from the log. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_steal_pointer (&child));
    }
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    replay_file (g_ptr_array_index (names, i));

  return names->len;
}

int
main (int    argc,
      char **argv)
{
  guint count = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s PATH...\n", argv[0]);
      return EXIT_FAILURE;
    }

  for (int i = 1; i < argc; i++)
    count += replay_path (argv[i]);

  if (count == 0)
    g_error ("No input to replay");

  g_print ("Replayed %u inputs\n", count);

  return EXIT_SUCCESS;
}
