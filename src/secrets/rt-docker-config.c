/* rt-docker-config.c: pointing docker and podman at the keyring for a registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rt-docker-config.h"
#include "rt-json.h"

/* Docker's config.json and podman's auth.json both take a "credHelpers"
 * object mapping a registry host to the suffix of a docker-credential-*
 * program. These files belong to the user and to docker: every key we do not
 * know is kept, a file we cannot parse is never rewritten, the previous
 * version is kept as PATH.bak, and the new one replaces it atomically (a
 * temporary file in the same folder, fsync, rename). */

G_DEFINE_QUARK (rt-docker-config-error-quark, rt_docker_config_error)

#define CRED_HELPERS "credHelpers"

/**
 * rt_docker_config_get_docker_path:
 *
 * Returns: (transfer full): the docker CLI configuration file:
 *   `$DOCKER_CONFIG/config.json`, or `~/.docker/config.json`
 */
char *
rt_docker_config_get_docker_path (void)
{
  const char *dir = g_getenv ("DOCKER_CONFIG");

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, "config.json", NULL);

  return g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
}

/**
 * rt_docker_config_get_podman_path:
 *
 * Podman (containers/image) reads credHelpers from its auth files; this is the
 * persistent one it reads, `$XDG_CONFIG_HOME/containers/auth.json`, unless
 * `$REGISTRY_AUTH_FILE` names another. In a Flatpak sandbox XDG_CONFIG_HOME is
 * the app's own folder, so the host's (`$HOST_XDG_CONFIG_HOME`, or
 * `~/.config`) is used instead.
 *
 * Returns: (transfer full): the podman auth file
 */
char *
rt_docker_config_get_podman_path (void)
{
  const char *file = g_getenv ("REGISTRY_AUTH_FILE");
  const char *host_config = g_getenv ("HOST_XDG_CONFIG_HOME");

  if (file != NULL && *file != '\0')
    return g_strdup (file);

  if (host_config != NULL && *host_config != '\0')
    return g_build_filename (host_config, "containers", "auth.json", NULL);

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return g_build_filename (g_get_home_dir (), ".config", "containers", "auth.json", NULL);

  return g_build_filename (g_get_user_config_dir (), "containers", "auth.json", NULL);
}

/**
 * rt_docker_config_dup_display_name:
 * @path: a configuration file
 *
 * Returns: (transfer full): @path as the user knows it, `~/` for the home
 *   folder
 */
char *
rt_docker_config_dup_display_name (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize len = strlen (home);

  g_return_val_if_fail (path != NULL, NULL);

  if (len > 1 && g_str_has_prefix (path, home) && path[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + len, NULL);

  return g_filename_display_name (path);
}

/* Writes go to the file a symbolic link points to, so that a config kept in
 * a dotfiles repository stays a link. */
static char *
resolve_path (const char *path)
{
  char *resolved = realpath (path, NULL);

  if (resolved != NULL)
    {
      char *copy = g_strdup (resolved);

      free (resolved);
      return copy;
    }

  return g_strdup (path);
}

static gboolean
is_blank (const char *contents,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isspace (contents[i]))
        return FALSE;
    }

  return TRUE;
}

static void
set_not_json_error (GError     **error,
                    const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID,
               /* Translators: %s is a file name such as ~/.docker/config.json. */
               _("“%s” is not valid JSON, so it was left unchanged. Fix or remove "
                 "it and try again."), display);
}

/* Reads and parses @path. A missing file, or an empty one (which docker also
 * accepts), gives an empty object; *out_contents is then NULL for a missing
 * file. */
static JsonObject *
load_object (const char  *path,
             char       **out_contents,
             gsize       *out_len,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  gsize len = 0;
  JsonNode *root;

  *out_contents = NULL;
  *out_len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return json_object_new ();

      g_set_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_FAILED,
                   /* Translators: the first %s is a file name, the second an
                    * error message from the system. */
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }

  if (is_blank (contents, len))
    {
      *out_contents = g_steal_pointer (&contents);
      *out_len = len;
      return json_object_new ();
    }

  parser = json_parser_new ();
  if (!rt_json_is_safe_for_parser (contents, len) ||
      !json_parser_load_from_data (parser, contents, len, &local_error))
    {
      set_not_json_error (error, path);
      /* Not json-glib's message: it quotes the text where parsing stopped,
       * which may be an "auths" credential of the same file. -1: refused
       * before json-glib, which mishandles it (rt_json_is_safe_for_parser()). */
      g_debug ("Parsing %s: json-glib error %d", path, local_error ? local_error->code : -1);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID,
                   /* Translators: %s is a file name such as ~/.docker/config.json. */
                   _("“%s” does not hold a JSON object, so it was left unchanged. Fix "
                     "or remove it and try again."), display);
      return NULL;
    }

  *out_contents = g_steal_pointer (&contents);
  *out_len = len;

  return json_object_ref (json_node_get_object (root));
}

/* Returns the credHelpers object of @config (unowned), NULL if it has none,
 * or sets @error if it has one that is not an object. */
static JsonObject *
get_cred_helpers (JsonObject  *config,
                  const char  *path,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (config, CRED_HELPERS);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_INVALID,
                   /* Translators: %s is a file name; “credHelpers” is a key in
                    * it and must not be translated. */
                   _("In “%s”, “credHelpers” is not a JSON object, so the file was left "
                     "unchanged. Fix it and try again."), display);
      return NULL;
    }

  return json_node_get_object (node);
}

/* json-glib does not always write what it read: a number beyond a double
 * comes out as "inf.0". */
static gboolean
reads_back (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = strlen (text);

  return rt_json_is_safe_for_parser (text, len) &&
         json_parser_load_from_data (parser, text, len, NULL);
}

static const char *
helper_for_host (JsonObject *helpers,
                 const char *host)
{
  JsonNode *node = json_object_get_member (helpers, host);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * rt_docker_config_get_cred_helper:
 * @path: a docker config.json or podman auth.json
 * @host: a registry host
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the credential helper configured for
 *   @host, or %NULL (with no error set) when there is none or no file
 */
char *
rt_docker_config_get_cred_helper (const char  *path,
                                  const char  *host,
                                  GError     **error)
{
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  JsonObject *helpers;
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  config = load_object (path, &contents, &len, error);
  if (config == NULL)
    return NULL;

  helpers = get_cred_helpers (config, path, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (helpers == NULL)
    return NULL;

  return g_strdup (helper_for_host (helpers, host));
}

static gboolean
write_file (const char   *path,
            const char   *contents,
            gsize         len,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, contents, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_FAILED,
                   /* Translators: the first %s is a file name, the second an
                    * error message from the system. */
                   _("Could not write “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * rt_docker_config_add_cred_helper:
 * @path: a docker config.json or podman auth.json
 * @host: the registry host, as `docker login` names it
 * @helper: the credential helper, for example "secretservice"
 * @error: return location for an error
 *
 * Sets `"credHelpers": { HOST: HELPER }` in @path, keeping every other key and
 * every other credHelpers entry (an entry for @host naming another helper is
 * replaced). Creates the file (0600) and its folder (0700) if missing, keeps
 * the previous file as `PATH.bak`, and replaces the file atomically. Does
 * nothing when the entry is there already. A file that is not a JSON object is
 * left untouched and reported with %RT_DOCKER_CONFIG_ERROR_INVALID.
 *
 * This does blocking I/O; see rt_docker_config_add_cred_helper_async().
 *
 * Returns: %TRUE if the entry is in place
 */
gboolean
rt_docker_config_add_cred_helper (const char  *path,
                                  const char  *host,
                                  const char  *helper,
                                  GError     **error)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  JsonObject *helpers;
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (host != NULL && *host != '\0', FALSE);
  /* json-glib would write it as it is, leaving a file no parser reads. */
  g_return_val_if_fail (g_utf8_validate (host, -1, NULL), FALSE);
  g_return_val_if_fail (helper != NULL && *helper != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = resolve_path (path);

  config = load_object (target, &contents, &len, error);
  if (config == NULL)
    return FALSE;

  helpers = get_cred_helpers (config, target, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (helpers == NULL)
    {
      helpers = json_object_new ();
      json_object_set_object_member (config, CRED_HELPERS, helpers);
    }
  else if (g_strcmp0 (helper_for_host (helpers, host), helper) == 0)
    {
      g_debug ("%s already uses %s for %s", target, helper, host);
      return TRUE;
    }

  json_object_set_string_member (helpers, host, helper);

  /* Tabs, as docker and podman write these files themselves. */
  root = json_node_init_object (json_node_alloc (), config);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);
  json_generator_set_indent_char (generator, '\t');
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  data = g_strconcat (text, "\n", NULL);

  if (!reads_back (data))
    {
      set_not_json_error (error, target);
      return FALSE;
    }

  folder = g_path_get_dirname (target);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_FAILED,
                   /* Translators: the first %s is a folder name, the second an
                    * error message from the system. */
                   _("Could not create the folder “%s”: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  if (contents != NULL)
    {
      g_autofree char *backup = g_strconcat (target, ".bak", NULL);

      if (!write_file (backup, contents, len, error))
        return FALSE;
    }

  if (!write_file (target, data, strlen (data), error))
    return FALSE;

  g_debug ("%s now uses %s for %s", target, helper, host);

  return TRUE;
}

typedef struct
{
  char *path;
  char *host;
  char *helper;
} AddData;

static void
add_data_free (gpointer data)
{
  AddData *add = data;

  g_free (add->path);
  g_free (add->host);
  g_free (add->helper);
  g_free (add);
}

static void
add_cred_helper_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  AddData *add = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (rt_docker_config_add_cred_helper (add->path, add->host, add->helper, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_add (const char          *path,
         const char          *host,
         const char          *helper,
         gpointer             source_tag,
         GTaskThreadFunc      thread_func,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AddData *add = g_new0 (AddData, 1);

  add->path = g_strdup (path);
  add->host = g_strdup (host);
  add->helper = g_strdup (helper);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, add, add_data_free);
  g_task_run_in_thread (task, thread_func);
}

static gboolean
finish_add (GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rt_docker_config_add_cred_helper_async:
 * @path: a docker config.json or podman auth.json
 * @host: the registry host
 * @helper: the credential helper, for example "secretservice"
 * @cancellable: (nullable): cancels the operation if it has not started yet
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs rt_docker_config_add_cred_helper() in a worker thread.
 */
void
rt_docker_config_add_cred_helper_async (const char          *path,
                                        const char          *host,
                                        const char          *helper,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (path != NULL);
  g_return_if_fail (host != NULL && *host != '\0');
  g_return_if_fail (g_utf8_validate (host, -1, NULL));
  g_return_if_fail (helper != NULL && *helper != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_add (path, host, helper, rt_docker_config_add_cred_helper_async, add_cred_helper_thread,
           cancellable, callback, user_data);
}

gboolean
rt_docker_config_add_cred_helper_finish (GAsyncResult  *result,
                                         GError       **error)
{
  return finish_add (result, rt_docker_config_add_cred_helper_async, error);
}

static void
add_cred_helpers_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  AddData *add = task_data;
  g_autoptr(GString) failures = g_string_new (NULL);
  char *paths[] = { rt_docker_config_get_docker_path (), rt_docker_config_get_podman_path () };

  /* Each file is tried even when the other could not be changed. */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *path = paths[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = NULL;

      if (g_cancellable_is_cancelled (cancellable) ||
          rt_docker_config_add_cred_helper (path, add->host, add->helper, &error))
        continue;

      g_debug ("Adding the credential helper to a configuration file failed: %s",
               error->message);

      shown = rt_docker_config_dup_display_name (path);
      if (failures->len > 0)
        g_string_append_c (failures, '\n');
      /* Translators: %s is a file such as ~/.docker/config.json, then the error */
      g_string_append_printf (failures, _("%s could not be changed: %s"), shown, error->message);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (failures->len > 0)
    g_task_return_new_error (task, RT_DOCKER_CONFIG_ERROR, RT_DOCKER_CONFIG_ERROR_FAILED,
                             "%s", failures->str);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rt_docker_config_add_cred_helpers_async:
 * @host: the registry host
 * @helper: the credential helper, for example "secretservice"
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Adds @helper for @host to docker's and podman's configuration files
 * (rt_docker_config_get_docker_path(), rt_docker_config_get_podman_path()),
 * in a worker thread.
 */
void
rt_docker_config_add_cred_helpers_async (const char          *host,
                                         const char          *helper,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (host != NULL && *host != '\0');
  g_return_if_fail (helper != NULL && *helper != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_add (NULL, host, helper, rt_docker_config_add_cred_helpers_async, add_cred_helpers_thread,
           cancellable, callback, user_data);
}

/**
 * rt_docker_config_add_cred_helpers_finish:
 * @result: the result
 * @error: set to %RT_DOCKER_CONFIG_ERROR_FAILED, whose message has one line
 *   for each file that could not be changed, saying why
 *
 * Returns: whether both files now name the helper for the host
 */
gboolean
rt_docker_config_add_cred_helpers_finish (GAsyncResult  *result,
                                          GError       **error)
{
  return finish_add (result, rt_docker_config_add_cred_helpers_async, error);
}
