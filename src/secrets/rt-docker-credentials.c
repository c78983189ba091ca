/* rt-docker-credentials.c: the keyring items docker and podman read for a registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>

#include "rt-docker-credentials.h"
#include "rt-keyring.h"

#define DOCKER_LABEL        "Docker Credentials"
#define DOCKER_SCHEMA_NAME  "io.docker.Credentials"

/* The items docker-credential-secretservice reads: it searches for
 * server=HOST and docker_cli=1 and then insists on this schema name, so items
 * are written with the exact name. Items docker wrote itself are found with
 * the second schema, which does not add the schema name to the search. */
static const SecretSchema docker_schema = {
  DOCKER_SCHEMA_NAME, SECRET_SCHEMA_NONE,
  {
    { "label", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "docker_cli", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static const SecretSchema docker_lookup_schema = {
  DOCKER_SCHEMA_NAME, SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "label", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "docker_cli", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static GHashTable *
docker_attributes (const char *registry_host,
                   const char *username)
{
  return secret_attributes_build (&docker_schema,
                                  "label", DOCKER_LABEL,
                                  "server", registry_host,
                                  "username", username,
                                  "docker_cli", "1",
                                  NULL);
}

/* Finding the host's items ------------------------------------------------- */

static void
free_item_list (GList *items)
{
  g_list_free_full (items, g_object_unref);
}

static void
find_searched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error),
                                                     "searching docker credentials"));
  else
    g_task_return_pointer (task, items, (GDestroyNotify) free_item_list);
}

/**
 * rt_docker_credentials_find_async:
 *
 * Finds the items saved for @registry_host, whichever program wrote them.
 */
void
rt_docker_credentials_find_async (const char          *registry_host,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (registry_host != NULL && *registry_host != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_docker_credentials_find_async);
  /* Only the attributes matter: docker may have written the items itself. */
  attributes = secret_attributes_build (&docker_lookup_schema,
                                        "server", registry_host,
                                        "docker_cli", "1",
                                        NULL);
  rt_keyring_search_async (&docker_lookup_schema, attributes, SECRET_SEARCH_NONE, find_searched, task);
}

/**
 * rt_docker_credentials_find_finish:
 *
 * Returns: (transfer full) (element-type SecretItem): the items, possibly none
 */
GList *
rt_docker_credentials_find_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_docker_credentials_find_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Applying a change ------------------------------------------------------- */

typedef struct
{
  RtDockerCredentialsChange kind;
  char *registry_host;
  char *username;
  RtSecret *secret;
  GList *found;         /* (element-type SecretItem) as found before writing */

  RtSecretStoreChanges changes;
  char *replaced_username;
} Apply;

static void
apply_free (gpointer data)
{
  Apply *apply = data;

  g_free (apply->registry_host);
  g_free (apply->username);
  g_clear_pointer (&apply->secret, rt_secret_unref);
  g_list_free_full (apply->found, g_object_unref);
  g_free (apply->replaced_username);
  g_free (apply);
}

static void
apply_deleted (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (rt_keyring_delete_items_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
apply_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GList) stale = NULL;
  Apply *apply = g_task_get_task_data (task);

  if (!secret_service_store_finish (NULL, result, &error))
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error),
                                                       "storing docker credentials"));
      return;
    }

  apply->changes |= RT_SECRET_STORE_CHANGE_DOCKER;

  /* Saving keeps one item per host; replacing touches only this token's. */
  attributes = docker_attributes (apply->registry_host, apply->username);
  stale = rt_keyring_stale_items (apply->found, &docker_schema, attributes,
                                  apply->kind == RT_DOCKER_CREDENTIALS_SAVE ? NULL : apply->username);
  rt_keyring_delete_items_async (stale, g_task_get_cancellable (task),
                                 apply_deleted, g_object_ref (task));
}

static void
apply_store (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;

  attributes = docker_attributes (apply->registry_host, apply->username);
  value = rt_keyring_value_new (apply->secret);

  /* The label docker-credential-secretservice gives its items: the host. */
  secret_service_store (NULL, &docker_schema, attributes, SECRET_COLLECTION_DEFAULT,
                        apply->registry_host, value, g_task_get_cancellable (task),
                        apply_stored, g_object_ref (task));
}

/* The username's own items among those found. (transfer container) */
static GList *
apply_find_mine (Apply *apply)
{
  GList *mine = NULL;

  for (const GList *l = apply->found; l != NULL; l = l->next)
    {
      if (rt_keyring_item_has_attribute (l->data, "username", apply->username))
        mine = g_list_prepend (mine, l->data);
    }

  return g_list_reverse (mine);
}

/* Another token's username, if any, is the one worth reporting. */
static char *
find_replaced_username (Apply *apply)
{
  char *replaced = NULL;

  for (const GList *l = apply->found; l != NULL; l = l->next)
    {
      g_autofree char *username = rt_keyring_item_dup_attribute (l->data, "username");
      gboolean other = g_strcmp0 (username, apply->username) != 0;

      if (replaced == NULL || other)
        {
          g_free (replaced);
          replaced = g_steal_pointer (&username);
        }
      if (other)
        break;
    }

  return replaced;
}

/**
 * rt_docker_credentials_apply_async:
 * @change: what to do
 * @username: the registry username of the token
 * @secret: (nullable): its secret; %NULL to remove
 * @found: (element-type SecretItem): the host's items, from
 *   rt_docker_credentials_find_async() before anything was written
 *
 * Writing comes before deleting, so that a failed write loses nothing.
 */
void
rt_docker_credentials_apply_async (RtDockerCredentialsChange  change,
                                   const char                *registry_host,
                                   const char                *username,
                                   RtSecret                  *secret,
                                   GList                     *found,
                                   GCancellable              *cancellable,
                                   GAsyncReadyCallback        callback,
                                   gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GList) mine = NULL;
  Apply *apply;

  g_return_if_fail (registry_host != NULL && *registry_host != '\0');
  g_return_if_fail (username != NULL);
  g_return_if_fail (change == RT_DOCKER_CREDENTIALS_REMOVE || secret != NULL);

  apply = g_new0 (Apply, 1);
  apply->kind = change;
  apply->registry_host = g_strdup (registry_host);
  apply->username = g_strdup (username);
  apply->secret = secret != NULL ? rt_secret_ref (secret) : NULL;
  apply->found = g_list_copy_deep (found, (GCopyFunc) g_object_ref, NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_docker_credentials_apply_async);
  g_task_set_task_data (task, apply, apply_free);

  mine = apply_find_mine (apply);

  switch (change)
    {
    case RT_DOCKER_CREDENTIALS_SAVE:
      if (apply->found != NULL)
        {
          apply->changes |= RT_SECRET_STORE_CHANGE_DOCKER_REPLACED;
          apply->replaced_username = find_replaced_username (apply);
        }
      apply_store (task);
      break;

    case RT_DOCKER_CREDENTIALS_REPLACE:
      if (mine != NULL)
        apply_store (task);
      else
        g_task_return_boolean (task, TRUE);
      break;

    case RT_DOCKER_CREDENTIALS_REMOVE:
      if (mine != NULL)
        apply->changes |= RT_SECRET_STORE_CHANGE_DOCKER;
      rt_keyring_delete_items_async (mine, cancellable, apply_deleted, g_object_ref (task));
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * rt_docker_credentials_apply_finish:
 * @out_changes: (out) (optional): %RT_SECRET_STORE_CHANGE_DOCKER if an item
 *   was written or removed, with %RT_SECRET_STORE_CHANGE_DOCKER_REPLACED if
 *   saving replaced one
 * @out_replaced_username: (out) (optional) (transfer full): the username of
 *   the item a save replaced (possibly the token's own), or %NULL
 */
gboolean
rt_docker_credentials_apply_finish (GAsyncResult          *result,
                                    RtSecretStoreChanges  *out_changes,
                                    char                 **out_replaced_username,
                                    GError               **error)
{
  Apply *apply;

  if (out_changes != NULL)
    *out_changes = RT_SECRET_STORE_CHANGE_NONE;
  if (out_replaced_username != NULL)
    *out_replaced_username = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_docker_credentials_apply_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  apply = g_task_get_task_data (G_TASK (result));
  if (out_changes != NULL)
    *out_changes = apply->changes;
  if (out_replaced_username != NULL)
    *out_replaced_username = g_strdup (apply->replaced_username);

  return TRUE;
}
