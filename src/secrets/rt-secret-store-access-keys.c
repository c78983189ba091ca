/* rt-secret-store-access-keys.c: the access keys of the accounts in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rt-keyring.h"
#include "rt-secret-store-private.h"

/* Part of RtSecretStore (rt-secret-store.c says how it talks to the Secret
 * Service). One item per account, keyed by server and user. */

static const SecretSchema access_key_schema = {
  "io.github.regtokens.RegistryTokens.AccessKey", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct
{
  char     *server;
  RtSecret *access_key;
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->server);
  rt_secret_unref (stored->access_key);
  g_free (stored);
}

/* Storing a key for its user removes the server's item without a user that
 * holds the same key, and
 * signing out an account that never learned its user removes only that
 * item. A failure there is only clutter when storing, and an error when
 * signing out. */
static gboolean
is_storing (GTask *task)
{
  return g_task_get_source_tag (task) == rt_secret_store_store_access_key_async;
}

static void
unkeyed_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!rt_keyring_delete_items_finish (result, &error) && !is_storing (task))
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "clearing an access key"));
      return;
    }

  if (error != NULL)
    g_debug ("Could not remove an access key without a user: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* The items of versions before accounts carry the server alone. */
static void
unkeyed_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (NULL, result, &error);
  g_autoptr(GList) unkeyed = NULL;
  GCancellable *cancellable = is_storing (task) ? NULL : g_task_get_cancellable (task);

  Stored *stored = is_storing (task) ? g_task_get_task_data (task) : NULL;

  for (const GList *l = items; l != NULL; l = l->next)
    {
      g_autofree char *user = rt_keyring_item_dup_attribute (l->data, "user");

      if (user != NULL)
        continue;

      /* Storing: only the migrated account's own key, now stored with its
       * user; another account of that server may not have signed in yet. */
      if (stored != NULL)
        {
          g_autoptr(RtSecret) secret = rt_keyring_item_dup_secret (l->data);

          if (secret == NULL || !rt_secret_equal (secret, stored->access_key))
            continue;
        }

      unkeyed = g_list_prepend (unkeyed, l->data);
    }

  if (error != NULL && !is_storing (task))
    g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "clearing an access key"));
  else
    {
      if (error != NULL)
        g_debug ("Could not look for access keys without a user: %s", error->message);
      rt_keyring_delete_items_async (unkeyed, cancellable, unkeyed_deleted_cb, g_steal_pointer (&task));
    }
  g_list_free_full (items, g_object_unref);
}

static void
store_access_key_stored (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  Stored *stored = g_task_get_task_data (task);

  if (!secret_service_store_finish (NULL, result, &error))
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "storing an access key"));
      return;
    }

  attributes = secret_attributes_build (&access_key_schema, "server", stored->server, NULL);
  rt_keyring_search_async (&access_key_schema, attributes, SECRET_SEARCH_LOAD_SECRETS,
                           unkeyed_found_cb, g_steal_pointer (&task));
}

/**
 * rt_secret_store_store_access_key_async:
 * @self: a secret store
 * @server: the API server URL
 * @user: the id of the user the key belongs to
 * @access_key: the access key
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves @access_key for @server and @user in the default keyring, replacing
 * the one saved before for them, and the one a version before accounts saved
 * for @server alone if it is this very key (the first sign-in of a migrated
 * account turns it into this one; another account of that server keeps it).
 */
void
rt_secret_store_store_access_key_async (RtSecretStore       *self,
                                        const char          *server,
                                        const char          *user,
                                        RtSecret            *access_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;
  Stored *stored;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (access_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_secret_store_store_access_key_async);
  stored = g_new0 (Stored, 1);
  stored->server = g_strdup (server);
  stored->access_key = rt_secret_ref (access_key);
  g_task_set_task_data (task, stored, (GDestroyNotify) stored_free);

  attributes = secret_attributes_build (&access_key_schema, "server", server, "user", user, NULL);
  /* Translators: the label of the keyring item, shown in Passwords and Keys.
   * %s is the URL of the token API server. */
  label = g_strdup_printf (_("Registry Tokens access key for %s"), server);
  value = rt_keyring_value_new (access_key);

  secret_service_store (NULL, &access_key_schema, attributes, SECRET_COLLECTION_DEFAULT,
                        label, value, cancellable,
                        store_access_key_stored, g_steal_pointer (&task));
}

gboolean
rt_secret_store_store_access_key_finish (RtSecretStore  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (RT_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_secret_store_store_access_key_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rt_secret_store_lookup_access_key_async:
 * @self: a secret store
 * @server: the API server URL
 * @user: (nullable): the id of the user the key belongs to; %NULL for the
 *   key a version before accounts saved for @server alone (an account from
 *   then knows no user until it signs in), never another user's key
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up the access key saved for @server and @user, unlocking the keyring
 * if needed (which may show a prompt).
 */
void
rt_secret_store_lookup_access_key_async (RtSecretStore       *self,
                                         const char          *server,
                                         const char          *user,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (user != NULL)
    attributes = secret_attributes_build (&access_key_schema, "server", server, "user", user, NULL);
  else
    attributes = secret_attributes_build (&access_key_schema, "server", server, NULL);
  /* No user: the key a version before accounts saved, never another
   * user's key for that server. */
  rt_keyring_lookup_secret_async (self, &access_key_schema, attributes, user == NULL ? "user" : NULL,
                                  rt_secret_store_lookup_access_key_async,
                                  cancellable, callback, user_data);
}

/**
 * rt_secret_store_lookup_access_key_finish:
 * @self: a secret store
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the access key, or %NULL with no error
 *   set when none is saved
 */
RtSecret *
rt_secret_store_lookup_access_key_finish (RtSecretStore  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  return _rt_secret_store_lookup_finish (self, result, rt_secret_store_lookup_access_key_async, error);
}

static void
clear_access_key_cleared (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to remove: fine. */
  secret_service_clear_finish (NULL, result, &error);
  if (error != NULL)
    g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "clearing an access key"));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rt_secret_store_clear_access_key_async:
 * @self: a secret store
 * @server: the API server URL
 * @user: (nullable): the id of the user the key belongs to; %NULL for the
 *   key a version before accounts saved for @server alone (other users' keys
 *   for @server stay)
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the access key saved for @server and @user. Succeeds when none was
 * saved.
 */
void
rt_secret_store_clear_access_key_async (RtSecretStore       *self,
                                        const char          *server,
                                        const char          *user,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_secret_store_clear_access_key_async);

  if (user == NULL)
    {
      attributes = secret_attributes_build (&access_key_schema, "server", server, NULL);
      rt_keyring_search_async (&access_key_schema, attributes, SECRET_SEARCH_NONE,
                               unkeyed_found_cb, g_steal_pointer (&task));
      return;
    }

  attributes = secret_attributes_build (&access_key_schema, "server", server, "user", user, NULL);
  secret_service_clear (NULL, &access_key_schema, attributes, cancellable,
                        clear_access_key_cleared, g_steal_pointer (&task));
}

gboolean
rt_secret_store_clear_access_key_finish (RtSecretStore  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (RT_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_secret_store_clear_access_key_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
