/* rt-secret-store.c: token secrets in the keyring, with docker's items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rt-docker-credentials.h"
#include "rt-keyring.h"
#include "rt-secret-store-private.h"

/* Everything goes through libsecret's asynchronous SecretService calls with the
 * default service (service == NULL), so the first call connects to (and if
 * need be activates) the Secret Service on the session bus, and no call blocks
 * the main loop. Secrets travel only as SecretValue (kept by libsecret in
 * non-pageable memory that it wipes) and RtSecret (wiped when freed); nothing
 * here ever logs one. */

struct _RtSecretStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (RtSecretStore, rt_secret_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (rt-secret-store-error-quark, rt_secret_store_error)

static const SecretSchema token_secret_schema = {
  "io.github.regtokens.RegistryTokens.TokenSecret", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token-name", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static void
rt_secret_store_class_init (RtSecretStoreClass *klass)
{
}

static void
rt_secret_store_init (RtSecretStore *self)
{
}

/**
 * rt_secret_store_new:
 *
 * Returns: (transfer full): a new secret store
 */
RtSecretStore *
rt_secret_store_new (void)
{
  return g_object_new (RT_TYPE_SECRET_STORE, NULL);
}

/* Looking up one secret ---------------------------------------------------- */

RtSecret *
_rt_secret_store_lookup_finish (RtSecretStore  *self,
                                GAsyncResult   *result,
                                gpointer        source_tag,
                                GError        **error)
{
  g_return_val_if_fail (RT_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Token secrets: save, replace, remove --------------------------------------
 *
 * One operation runs these steps in order, each skipped when it has nothing
 * to do:
 *   1. find the app's items for (server, token-id), and the docker items for
 *      the registry host;
 *   2. write the app's item (save; replace when one exists), or delete them
 *      (remove), then delete stale ones (an older token name);
 *   3. write the docker item (save when asked; replace when the host's item
 *      holds this token's username), or delete it (remove, same condition),
 *      then delete the other items the new one supersedes.
 * Writing comes before deleting so that a failed write loses nothing. */

/* The same three kinds for the app's item as for docker's. */
typedef RtDockerCredentialsChange TokenOpKind;
#define TOKEN_OP_SAVE    RT_DOCKER_CREDENTIALS_SAVE
#define TOKEN_OP_REPLACE RT_DOCKER_CREDENTIALS_REPLACE
#define TOKEN_OP_REMOVE  RT_DOCKER_CREDENTIALS_REMOVE

typedef struct
{
  TokenOpKind kind;
  char *server;
  char *registry_host;
  char *token_id;
  char *token_name;
  char *username;
  RtSecret *secret;
  gboolean also_for_docker;

  GList *app_items;     /* (element-type SecretItem) as found before writing */
  GList *docker_items;  /* (element-type SecretItem) as found before writing */

  RtSecretStoreChanges changes;
  char *replaced_username;
} TokenOp;

static void
token_op_free (gpointer data)
{
  TokenOp *op = data;

  g_free (op->server);
  g_free (op->registry_host);
  g_free (op->token_id);
  g_free (op->token_name);
  g_free (op->username);
  g_clear_pointer (&op->secret, rt_secret_unref);
  g_list_free_full (op->app_items, g_object_unref);
  g_list_free_full (op->docker_items, g_object_unref);
  g_free (op->replaced_username);
  g_free (op);
}

/* @token_name and @secret are %NULL for a removal. */
static TokenOp *
token_op_new (TokenOpKind  kind,
              const char  *server,
              const char  *registry_host,
              const char  *token_id,
              const char  *token_name,
              const char  *username,
              RtSecret    *secret)
{
  TokenOp *op = g_new0 (TokenOp, 1);

  op->kind = kind;
  op->server = g_strdup (server);
  op->registry_host = g_strdup (registry_host);
  op->token_id = g_strdup (token_id);
  op->token_name = g_strdup (token_name);
  op->username = g_strdup (username);
  op->secret = secret != NULL ? rt_secret_ref (secret) : NULL;

  return op;
}

static GHashTable *
token_op_app_attributes (TokenOp *op)
{
  return secret_attributes_build (&token_secret_schema,
                                  "server", op->server,
                                  "token-id", op->token_id,
                                  "token-name", op->token_name,
                                  NULL);
}

static void
token_op_docker_applied (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokenOp *op = g_task_get_task_data (task);
  RtSecretStoreChanges changes = RT_SECRET_STORE_CHANGE_NONE;
  GError *error = NULL;

  if (!rt_docker_credentials_apply_finish (result, &changes, &op->replaced_username, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  op->changes |= changes;
  g_task_return_boolean (task, TRUE);
}

/* Step 3, after the app's item. */
static void
token_op_app_deleted (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokenOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!rt_keyring_delete_items_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->kind == TOKEN_OP_SAVE && !op->also_for_docker)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  rt_docker_credentials_apply_async (op->kind, op->registry_host, op->username, op->secret,
                                     op->docker_items, g_task_get_cancellable (task),
                                     token_op_docker_applied, g_object_ref (task));
}

static void
token_op_app_stored (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GList) stale = NULL;
  TokenOp *op = g_task_get_task_data (task);

  if (!secret_service_store_finish (NULL, result, &error))
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "storing a token secret"));
      return;
    }

  op->changes |= RT_SECRET_STORE_CHANGE_APP;

  /* An item saved under the token's former name is superseded too. */
  attributes = token_op_app_attributes (op);
  stale = rt_keyring_stale_items (op->app_items, &token_secret_schema, attributes, NULL);
  rt_keyring_delete_items_async (stale, g_task_get_cancellable (task),
                                 token_op_app_deleted, g_object_ref (task));
}

static void
token_op_write_app (GTask *task)
{
  TokenOp *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;

  if (op->kind == TOKEN_OP_REMOVE || (op->kind == TOKEN_OP_REPLACE && op->app_items == NULL))
    {
      if (op->kind == TOKEN_OP_REMOVE && op->app_items != NULL)
        op->changes |= RT_SECRET_STORE_CHANGE_APP;
      rt_keyring_delete_items_async (op->kind == TOKEN_OP_REMOVE ? op->app_items : NULL,
                                     g_task_get_cancellable (task),
                                     token_op_app_deleted, g_object_ref (task));
      return;
    }

  attributes = token_op_app_attributes (op);
  value = rt_keyring_value_new (op->secret);
  /* Translators: the label of the keyring item, shown in Passwords and Keys.
   * The first %s is the token's name, the second the registry host. */
  label = g_strdup_printf (_("Registry token %s on %s"), op->token_name, op->registry_host);

  secret_service_store (NULL, &token_secret_schema, attributes, SECRET_COLLECTION_DEFAULT,
                        label, value, g_task_get_cancellable (task),
                        token_op_app_stored, g_object_ref (task));
}

static void
token_op_docker_items_found (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  TokenOp *op = g_task_get_task_data (task);

  op->docker_items = rt_docker_credentials_find_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  token_op_write_app (task);
}

static void
token_op_app_items_found (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TokenOp *op = g_task_get_task_data (task);

  op->app_items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "searching token secrets"));
      return;
    }

  if (op->kind == TOKEN_OP_SAVE && !op->also_for_docker)
    {
      token_op_write_app (task);
      return;
    }

  rt_docker_credentials_find_async (op->registry_host, g_task_get_cancellable (task),
                                    token_op_docker_items_found, g_object_ref (task));
}

static void
token_op_start (RtSecretStore       *self,
                TokenOp             *op,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, token_op_free);

  attributes = secret_attributes_build (&token_secret_schema,
                                        "server", op->server,
                                        "token-id", op->token_id,
                                        NULL);
  rt_keyring_search_async (&token_secret_schema, attributes, SECRET_SEARCH_NONE,
                           token_op_app_items_found, g_steal_pointer (&task));
}

static gboolean
token_op_finish (RtSecretStore         *self,
                 GAsyncResult          *result,
                 gpointer               source_tag,
                 RtSecretStoreChanges  *out_changes,
                 char                 **out_replaced_username,
                 GError               **error)
{
  TokenOp *op;

  if (out_changes != NULL)
    *out_changes = RT_SECRET_STORE_CHANGE_NONE;
  if (out_replaced_username != NULL)
    *out_replaced_username = NULL;

  g_return_val_if_fail (RT_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  /* A failed step leaves the earlier ones done: report them all the same. */
  op = g_task_get_task_data (G_TASK (result));
  if (out_changes != NULL)
    *out_changes = op->changes;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  if (out_replaced_username != NULL)
    *out_replaced_username = g_strdup (op->replaced_username);

  return TRUE;
}

/**
 * rt_secret_store_save_token_secret_async:
 * @self: a secret store
 * @server: the API server URL the token belongs to
 * @registry_host: the registry host, as `docker login` names it (no scheme)
 * @token_id: the token's id
 * @token_name: the token's name
 * @username: the registry username that goes with the token
 * @secret: the token secret
 * @also_for_docker: whether to save it for docker and podman as well
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves @secret as the app's item for the token (replacing the one saved
 * before, also under a former name) and, with @also_for_docker, as the item
 * `docker-credential-secretservice` reads for @registry_host. There is one such
 * item per host: one saved before, for whichever username, is replaced, and
 * rt_secret_store_save_token_secret_finish() reports its username.
 *
 * The app's item is written first; if writing the docker item then fails,
 * the error is reported and the app's item stays saved.
 */
void
rt_secret_store_save_token_secret_async (RtSecretStore       *self,
                                         const char          *server,
                                         const char          *registry_host,
                                         const char          *token_id,
                                         const char          *token_name,
                                         const char          *username,
                                         RtSecret            *secret,
                                         gboolean             also_for_docker,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  TokenOp *op;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (registry_host != NULL && *registry_host != '\0');
  g_return_if_fail (token_id != NULL);
  g_return_if_fail (token_name != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = token_op_new (TOKEN_OP_SAVE, server, registry_host, token_id, token_name,
                     username, secret);
  op->also_for_docker = !!also_for_docker;

  token_op_start (self, op, rt_secret_store_save_token_secret_async,
                  cancellable, callback, user_data);
}

/**
 * rt_secret_store_save_token_secret_finish:
 * @self: a secret store
 * @result: the result
 * @out_changes: (out) (optional): what was written, also on failure: with
 *   %RT_SECRET_STORE_CHANGE_APP set and %FALSE returned, the app's item was
 *   saved and only the docker credentials failed
 * @out_replaced_username: (out) (optional) (transfer full): the username of
 *   the docker credentials saved for the host before, which were replaced
 *   (possibly this token's own), or %NULL if there were none or on failure
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
rt_secret_store_save_token_secret_finish (RtSecretStore         *self,
                                          GAsyncResult          *result,
                                          RtSecretStoreChanges  *out_changes,
                                          char                 **out_replaced_username,
                                          GError               **error)
{
  return token_op_finish (self, result, rt_secret_store_save_token_secret_async,
                          out_changes, out_replaced_username, error);
}

/**
 * rt_secret_store_replace_token_secret_async:
 * @self: a secret store
 * @server: the API server URL the token belongs to
 * @registry_host: the registry host
 * @token_id: the token's id
 * @token_name: the token's name
 * @username: the registry username that goes with the token
 * @secret: the new (re-generated) token secret
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * After a secret was re-generated: overwrites the app's item for the token if
 * there is one, and the docker item for @registry_host if it holds @username.
 * Saves nothing that was not saved before.
 */
void
rt_secret_store_replace_token_secret_async (RtSecretStore       *self,
                                            const char          *server,
                                            const char          *registry_host,
                                            const char          *token_id,
                                            const char          *token_name,
                                            const char          *username,
                                            RtSecret            *secret,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  TokenOp *op;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (registry_host != NULL && *registry_host != '\0');
  g_return_if_fail (token_id != NULL);
  g_return_if_fail (token_name != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = token_op_new (TOKEN_OP_REPLACE, server, registry_host, token_id, token_name,
                     username, secret);

  token_op_start (self, op, rt_secret_store_replace_token_secret_async,
                  cancellable, callback, user_data);
}

/**
 * rt_secret_store_replace_token_secret_finish:
 * @self: a secret store
 * @result: the result
 * @out_changes: (out) (optional): which items were overwritten:
 *   %RT_SECRET_STORE_CHANGE_APP, %RT_SECRET_STORE_CHANGE_DOCKER, both or
 *   none, also on failure
 * @error: return location for an error
 *
 * Returns: %TRUE on success, also when nothing was saved to replace
 */
gboolean
rt_secret_store_replace_token_secret_finish (RtSecretStore         *self,
                                             GAsyncResult          *result,
                                             RtSecretStoreChanges  *out_changes,
                                             GError               **error)
{
  return token_op_finish (self, result, rt_secret_store_replace_token_secret_async,
                          out_changes, NULL, error);
}

/**
 * rt_secret_store_remove_token_secret_async:
 * @self: a secret store
 * @server: the API server URL the token belongs to
 * @registry_host: the registry host
 * @token_id: the token's id
 * @username: the registry username that goes with the token
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * When a token is deleted or forgotten: removes the app's item for @token_id,
 * and the docker item for @registry_host if it holds @username (another
 * token's docker credentials are left alone).
 */
void
rt_secret_store_remove_token_secret_async (RtSecretStore       *self,
                                           const char          *server,
                                           const char          *registry_host,
                                           const char          *token_id,
                                           const char          *username,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  TokenOp *op;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (registry_host != NULL && *registry_host != '\0');
  g_return_if_fail (token_id != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = token_op_new (TOKEN_OP_REMOVE, server, registry_host, token_id, NULL,
                     username, NULL);

  token_op_start (self, op, rt_secret_store_remove_token_secret_async,
                  cancellable, callback, user_data);
}

/**
 * rt_secret_store_remove_token_secret_finish:
 * @self: a secret store
 * @result: the result
 * @out_changes: (out) (optional): which items were removed, also on failure
 * @error: return location for an error
 *
 * Returns: %TRUE on success, also when nothing was saved
 */
gboolean
rt_secret_store_remove_token_secret_finish (RtSecretStore         *self,
                                            GAsyncResult          *result,
                                            RtSecretStoreChanges  *out_changes,
                                            GError               **error)
{
  return token_op_finish (self, result, rt_secret_store_remove_token_secret_async,
                          out_changes, NULL, error);
}

/* Token secrets: lookups ----------------------------------------------------- */

/**
 * rt_secret_store_lookup_token_secret_async:
 * @self: a secret store
 * @server: the API server URL the token belongs to
 * @token_id: the token's id
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up the app's saved secret for a token, unlocking the keyring if
 * needed.
 */
void
rt_secret_store_lookup_token_secret_async (RtSecretStore       *self,
                                           const char          *server,
                                           const char          *token_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (token_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  attributes = secret_attributes_build (&token_secret_schema,
                                        "server", server,
                                        "token-id", token_id,
                                        NULL);
  rt_keyring_lookup_secret_async (self, &token_secret_schema, attributes, NULL,
                                  rt_secret_store_lookup_token_secret_async,
                                  cancellable, callback, user_data);
}

/**
 * rt_secret_store_lookup_token_secret_finish:
 * @self: a secret store
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with no error set
 *   when none is saved
 */
RtSecret *
rt_secret_store_lookup_token_secret_finish (RtSecretStore  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  return _rt_secret_store_lookup_finish (self, result, rt_secret_store_lookup_token_secret_async, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  /* g_ptr_array_sort() passes pointers to the elements. */
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
list_saved_token_ids_found (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  GList *items;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "listing token secrets"));
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  ids = g_ptr_array_new_with_free_func (g_free);

  for (const GList *l = items; l != NULL; l = l->next)
    {
      char *id = rt_keyring_item_dup_attribute (l->data, "token-id");

      if (id == NULL || !g_hash_table_add (seen, id))
        {
          g_free (id);
          continue;
        }

      g_ptr_array_add (ids, id);
    }

  g_list_free_full (items, g_object_unref);

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&ids), FALSE),
                         (GDestroyNotify) g_strfreev);
}

/**
 * rt_secret_store_list_saved_token_ids_async:
 * @self: a secret store
 * @server: the API server URL
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the ids of the tokens of @server that have a saved secret, for the
 * "saved" column. This neither unlocks the keyring nor reads any secret.
 */
void
rt_secret_store_list_saved_token_ids_async (RtSecretStore       *self,
                                            const char          *server,
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
  g_task_set_source_tag (task, rt_secret_store_list_saved_token_ids_async);

  attributes = secret_attributes_build (&token_secret_schema, "server", server, NULL);
  rt_keyring_search_async (&token_secret_schema, attributes, SECRET_SEARCH_NONE,
                           list_saved_token_ids_found, g_steal_pointer (&task));
}

/**
 * rt_secret_store_list_saved_token_ids_finish:
 * @self: a secret store
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (array zero-terminated=1): the sorted token ids,
 *   possibly empty, or %NULL on error
 */
char **
rt_secret_store_list_saved_token_ids_finish (RtSecretStore  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (RT_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_secret_store_list_saved_token_ids_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lookup_docker_username_found (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *items = rt_docker_credentials_find_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task,
                         items != NULL ? rt_keyring_item_dup_attribute (items->data, "username") : NULL,
                         g_free);
  g_list_free_full (items, g_object_unref);
}

/**
 * rt_secret_store_lookup_docker_username_async:
 * @self: a secret store
 * @registry_host: the registry host
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Finds which username the docker credentials saved for @registry_host
 * belong to, so that a dialog can say whose credentials saving would replace.
 * Reads no secret.
 */
void
rt_secret_store_lookup_docker_username_async (RtSecretStore       *self,
                                              const char          *registry_host,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (registry_host != NULL && *registry_host != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_secret_store_lookup_docker_username_async);
  rt_docker_credentials_find_async (registry_host, cancellable,
                                    lookup_docker_username_found, g_steal_pointer (&task));
}

/**
 * rt_secret_store_lookup_docker_username_finish:
 * @self: a secret store
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the username, or %NULL (with no error
 *   set) when no docker credentials are saved for the host
 */
char *
rt_secret_store_lookup_docker_username_finish (RtSecretStore  *self,
                                               GAsyncResult   *result,
                                               GError        **error)
{
  g_return_val_if_fail (RT_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_secret_store_lookup_docker_username_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
