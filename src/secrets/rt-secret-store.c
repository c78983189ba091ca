/* rt-secret-store.c: access keys, token secrets and docker credentials in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rt-secret-store.h"

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

#define DOCKER_LABEL        "Docker Credentials"
#define DOCKER_SCHEMA_NAME  "io.docker.Credentials"
#define SCHEMA_NAME_KEY     "xdg:schema"

static const SecretSchema access_key_schema = {
  "io.github.regtokens.RegistryTokens.AccessKey", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static const SecretSchema token_secret_schema = {
  "io.github.regtokens.RegistryTokens.TokenSecret", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token-name", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

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

/* Errors ----------------------------------------------------------------- */

static RtSecretStoreError
classify_error (const GError *error)
{
  if (error->domain == SECRET_ERROR)
    return error->code == SECRET_ERROR_IS_LOCKED
      ? RT_SECRET_STORE_ERROR_LOCKED
      : RT_SECRET_STORE_ERROR_FAILED;

  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        /* Nobody owns org.freedesktop.secrets and nothing can be activated,
         * the owner left without answering, or the bus itself is gone. */
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_ACCESS_DENIED:
        case G_DBUS_ERROR_AUTH_FAILED:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return RT_SECRET_STORE_ERROR_NO_SERVICE;
        default:
          return RT_SECRET_STORE_ERROR_FAILED;
        }
    }

  /* A D-Bus error name GIO does not know is the service speaking; any other
   * I/O error is the transport: no session bus, a closed connection, a
   * timeout. */
  if (error->domain == G_IO_ERROR)
    return error->code == G_IO_ERROR_DBUS_ERROR
      ? RT_SECRET_STORE_ERROR_FAILED
      : RT_SECRET_STORE_ERROR_NO_SERVICE;

  return RT_SECRET_STORE_ERROR_FAILED;
}

static const char *
error_message (RtSecretStoreError code)
{
  switch (code)
    {
    case RT_SECRET_STORE_ERROR_NO_SERVICE:
      return _("No keyring is available. Install and start GNOME Keyring or another "
               "Secret Service, or copy the secret instead.");
    case RT_SECRET_STORE_ERROR_LOCKED:
      return _("The keyring is locked. Unlock it and try again, or copy the secret instead.");
    case RT_SECRET_STORE_ERROR_FAILED:
    default:
      return _("The keyring could not complete the request. Try again, or copy the "
               "secret instead.");
    }
}

/* Takes @error; returns the error to hand to the caller. The raw error goes to
 * the debug log only: its text is libsecret's or the service's, never a
 * secret, but it is not meant for users. */
static GError *
map_error (GError     *error,
           const char *operation)
{
  RtSecretStoreError code;

  g_debug ("Keyring: %s failed: %s (%s, %d)",
           operation, error->message, g_quark_to_string (error->domain), error->code);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  code = classify_error (error);
  g_error_free (error);

  /* Drop libsecret's shared connection to the service, so that the next call
   * starts afresh with whatever provides the service by then. */
  if (code == RT_SECRET_STORE_ERROR_NO_SERVICE)
    secret_service_disconnect ();

  return g_error_new_literal (RT_SECRET_STORE_ERROR, code, error_message (code));
}

static GError *
locked_error (const char *operation)
{
  g_debug ("Keyring: %s: the item is still locked after the unlock attempt", operation);

  return g_error_new_literal (RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_LOCKED,
                              error_message (RT_SECRET_STORE_ERROR_LOCKED));
}

/* Helpers ---------------------------------------------------------------- */

static SecretValue *
secret_value_from_rt (RtSecret *secret)
{
  gsize len = 0;
  const char *data = rt_secret_get (secret, &len);

  /* Copied into libsecret's non-pageable memory, wiped when unreffed. */
  return secret_value_new (data, len, "text/plain");
}

static RtSecret *
rt_secret_from_item (SecretItem *item)
{
  g_autoptr(SecretValue) value = NULL;
  const char *data;
  gsize len = 0;

  if (secret_item_get_locked (item))
    return NULL;

  value = secret_item_get_secret (item);
  if (value == NULL)
    return NULL;

  data = secret_value_get (value, &len);

  return rt_secret_new (data, len);
}

static char *
item_get_attribute (SecretItem *item,
                    const char *key)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);

  return g_strdup (g_hash_table_lookup (attributes, key));
}

static gboolean
item_has_attribute (SecretItem *item,
                    const char *key,
                    const char *value)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);

  return g_strcmp0 (g_hash_table_lookup (attributes, key), value) == 0;
}

/* Whether @item carries exactly @attributes plus the schema name, that is,
 * whether it is the item that storing @attributes with @schema replaced. */
static gboolean
item_is_exactly (SecretItem         *item,
                 const SecretSchema *schema,
                 GHashTable         *attributes)
{
  g_autoptr(GHashTable) actual = secret_item_get_attributes (item);
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (actual) != g_hash_table_size (attributes) + 1)
    return FALSE;

  if (g_strcmp0 (g_hash_table_lookup (actual, SCHEMA_NAME_KEY), schema->name) != 0)
    return FALSE;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (g_hash_table_lookup (actual, key), value) != 0)
        return FALSE;
    }

  return TRUE;
}

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

static GHashTable *
docker_search_attributes (const char *registry_host)
{
  return secret_attributes_build (&docker_lookup_schema,
                                  "server", registry_host,
                                  "docker_cli", "1",
                                  NULL);
}

/* Looking up one secret ---------------------------------------------------- */

/* A search that unlocks and loads, rather than secret_password_lookup(): that
 * one answers "nothing found" when the unlock prompt is dismissed, and the
 * user must be told that the keyring is locked instead. */
static void
lookup_secret_searched (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (g_steal_pointer (&error), "lookup"));
      return;
    }

  for (const GList *l = items; l != NULL; l = l->next)
    {
      RtSecret *secret = rt_secret_from_item (l->data);

      if (secret != NULL)
        {
          g_task_return_pointer (task, secret, (GDestroyNotify) rt_secret_unref);
          g_list_free_full (items, g_object_unref);
          return;
        }
    }

  if (items != NULL)
    g_task_return_error (task, locked_error ("lookup"));
  else
    g_task_return_pointer (task, NULL, NULL);

  g_list_free_full (items, g_object_unref);
}

static void
lookup_secret (RtSecretStore       *self,
               const SecretSchema  *schema,
               GHashTable          *attributes,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  secret_service_search (NULL, schema, attributes,
                         SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         cancellable, lookup_secret_searched, g_steal_pointer (&task));
}

static RtSecret *
lookup_secret_finish (RtSecretStore  *self,
                      GAsyncResult   *result,
                      gpointer        source_tag,
                      GError        **error)
{
  g_return_val_if_fail (RT_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Access keys ------------------------------------------------------------- */

static void
store_access_key_stored (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (NULL, result, &error))
    g_task_return_error (task, map_error (g_steal_pointer (&error), "storing an access key"));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rt_secret_store_store_access_key_async:
 * @self: a secret store
 * @server: the API server URL
 * @access_key: the access key
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves @access_key for @server in the default keyring, replacing the one
 * saved before.
 */
void
rt_secret_store_store_access_key_async (RtSecretStore       *self,
                                        const char          *server,
                                        RtSecret            *access_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (access_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_secret_store_store_access_key_async);

  attributes = secret_attributes_build (&access_key_schema, "server", server, NULL);
  /* Translators: the label of the keyring item, shown in Passwords and Keys.
   * %s is the URL of the token API server. */
  label = g_strdup_printf (_("Registry Tokens access key for %s"), server);
  value = secret_value_from_rt (access_key);

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
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up the access key saved for @server, unlocking the keyring if needed
 * (which may show a prompt).
 */
void
rt_secret_store_lookup_access_key_async (RtSecretStore       *self,
                                         const char          *server,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  attributes = secret_attributes_build (&access_key_schema, "server", server, NULL);
  lookup_secret (self, &access_key_schema, attributes,
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
  return lookup_secret_finish (self, result, rt_secret_store_lookup_access_key_async, error);
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
    g_task_return_error (task, map_error (g_steal_pointer (&error), "clearing an access key"));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rt_secret_store_clear_access_key_async:
 * @self: a secret store
 * @server: the API server URL
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the access key saved for @server. Succeeds when none was saved.
 */
void
rt_secret_store_clear_access_key_async (RtSecretStore       *self,
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
  g_task_set_source_tag (task, rt_secret_store_clear_access_key_async);

  attributes = secret_attributes_build (&access_key_schema, "server", server, NULL);
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

typedef enum
{
  TOKEN_OP_SAVE,
  TOKEN_OP_REPLACE,
  TOKEN_OP_REMOVE,
} TokenOpKind;

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
  GQueue deletions;     /* (element-type SecretItem) (unowned) still to delete */
  void (*after_deletions) (GTask *task);

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
  g_queue_clear (&op->deletions);
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

static void token_op_write_app    (GTask *task);
static void token_op_write_docker (GTask *task);

static void
token_op_complete (GTask *task)
{
  g_task_return_boolean (task, TRUE);
}

static void token_op_delete_next (GTask *task);

static void
token_op_item_deleted (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_item_delete_finish (SECRET_ITEM (source), result, &error))
    {
      g_task_return_error (task, map_error (g_steal_pointer (&error), "deleting an item"));
      return;
    }

  token_op_delete_next (task);
}

static void
token_op_delete_next (GTask *task)
{
  TokenOp *op = g_task_get_task_data (task);
  SecretItem *item = g_queue_pop_head (&op->deletions);

  if (item == NULL)
    {
      op->after_deletions (task);
      return;
    }

  secret_item_delete (item, g_task_get_cancellable (task),
                      token_op_item_deleted, g_object_ref (task));
}

static void
token_op_delete (GTask      *task,
                 GList      *items,
                 void      (*then) (GTask *task))
{
  TokenOp *op = g_task_get_task_data (task);

  g_assert (g_queue_is_empty (&op->deletions));

  for (const GList *l = items; l != NULL; l = l->next)
    g_queue_push_tail (&op->deletions, l->data);

  op->after_deletions = then;
  token_op_delete_next (task);
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

static gboolean
token_op_docker_holds_username (TokenOp *op)
{
  for (const GList *l = op->docker_items; l != NULL; l = l->next)
    {
      if (item_has_attribute (l->data, "username", op->username))
        return TRUE;
    }

  return FALSE;
}

/* The items a write with @attributes left behind: those it did not overwrite
 * in place. With @username set, only that username's items. */
static GList *
token_op_stale_items (GList              *found,
                      const SecretSchema *schema,
                      GHashTable         *attributes,
                      const char         *username)
{
  GList *stale = NULL;

  for (const GList *l = found; l != NULL; l = l->next)
    {
      if (username != NULL && !item_has_attribute (l->data, "username", username))
        continue;
      if (!item_is_exactly (l->data, schema, attributes))
        stale = g_list_prepend (stale, l->data);
    }

  return g_list_reverse (stale);
}

static void
token_op_docker_stored (GObject      *source,
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
      g_task_return_error (task, map_error (g_steal_pointer (&error),
                                            "storing docker credentials"));
      return;
    }

  op->changes |= RT_SECRET_STORE_CHANGE_DOCKER;

  /* Saving keeps one item per host; replacing touches only this token's. */
  attributes = docker_attributes (op->registry_host, op->username);
  stale = token_op_stale_items (op->docker_items, &docker_schema, attributes,
                                op->kind == TOKEN_OP_SAVE ? NULL : op->username);
  token_op_delete (task, stale, token_op_complete);
}

static void
token_op_store_docker (GTask *task)
{
  TokenOp *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;

  attributes = docker_attributes (op->registry_host, op->username);
  value = secret_value_from_rt (op->secret);

  /* The label docker-credential-secretservice gives its items: the host. */
  secret_service_store (NULL, &docker_schema, attributes, SECRET_COLLECTION_DEFAULT,
                        op->registry_host, value, g_task_get_cancellable (task),
                        token_op_docker_stored, g_object_ref (task));
}

static void
token_op_write_docker (GTask *task)
{
  TokenOp *op = g_task_get_task_data (task);

  switch (op->kind)
    {
    case TOKEN_OP_SAVE:
      if (!op->also_for_docker)
        break;

      if (op->docker_items != NULL)
        {
          op->changes |= RT_SECRET_STORE_CHANGE_DOCKER_REPLACED;

          /* Another token's username, if any, is the one worth reporting. */
          for (const GList *l = op->docker_items; l != NULL; l = l->next)
            {
              g_autofree char *username = item_get_attribute (l->data, "username");
              gboolean other = g_strcmp0 (username, op->username) != 0;

              if (op->replaced_username == NULL || other)
                {
                  g_free (op->replaced_username);
                  op->replaced_username = g_steal_pointer (&username);
                }
              if (other)
                break;
            }
        }
      token_op_store_docker (task);
      return;

    case TOKEN_OP_REPLACE:
      if (!token_op_docker_holds_username (op))
        break;

      token_op_store_docker (task);
      return;

    case TOKEN_OP_REMOVE:
      {
        g_autoptr(GList) mine = NULL;

        for (const GList *l = op->docker_items; l != NULL; l = l->next)
          {
            if (item_has_attribute (l->data, "username", op->username))
              mine = g_list_append (mine, l->data);
          }

        if (mine != NULL)
          op->changes |= RT_SECRET_STORE_CHANGE_DOCKER;
        token_op_delete (task, mine, token_op_complete);
      }
      return;

    default:
      g_assert_not_reached ();
    }

  token_op_complete (task);
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
      g_task_return_error (task, map_error (g_steal_pointer (&error), "storing a token secret"));
      return;
    }

  op->changes |= RT_SECRET_STORE_CHANGE_APP;

  /* An item saved under the token's former name is superseded too. */
  attributes = token_op_app_attributes (op);
  stale = token_op_stale_items (op->app_items, &token_secret_schema, attributes, NULL);
  token_op_delete (task, stale, token_op_write_docker);
}

static void
token_op_write_app (GTask *task)
{
  TokenOp *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;

  if (op->kind == TOKEN_OP_REMOVE)
    {
      if (op->app_items != NULL)
        op->changes |= RT_SECRET_STORE_CHANGE_APP;
      token_op_delete (task, op->app_items, token_op_write_docker);
      return;
    }

  if (op->kind == TOKEN_OP_REPLACE && op->app_items == NULL)
    {
      token_op_write_docker (task);
      return;
    }

  attributes = token_op_app_attributes (op);
  value = secret_value_from_rt (op->secret);
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
  g_autoptr(GError) error = NULL;
  TokenOp *op = g_task_get_task_data (task);

  op->docker_items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (g_steal_pointer (&error),
                                            "searching docker credentials"));
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
  g_autoptr(GHashTable) attributes = NULL;
  TokenOp *op = g_task_get_task_data (task);

  op->app_items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (g_steal_pointer (&error), "searching token secrets"));
      return;
    }

  if (op->kind == TOKEN_OP_SAVE && !op->also_for_docker)
    {
      token_op_write_app (task);
      return;
    }

  /* Neither unlocking nor loading secrets: only the attributes matter. */
  attributes = docker_search_attributes (op->registry_host);
  secret_service_search (NULL, &docker_lookup_schema, attributes, SECRET_SEARCH_ALL,
                         g_task_get_cancellable (task),
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
  secret_service_search (NULL, &token_secret_schema, attributes, SECRET_SEARCH_ALL,
                         cancellable, token_op_app_items_found, g_steal_pointer (&task));
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

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  op = g_task_get_task_data (G_TASK (result));
  if (out_changes != NULL)
    *out_changes = op->changes;
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
 * @out_changes: (out) (optional): what was written
 * @out_replaced_username: (out) (optional) (transfer full): the username of
 *   the docker credentials saved for the host before, which were replaced
 *   (possibly this token's own), or %NULL if there were none
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
 *   %RT_SECRET_STORE_CHANGE_APP, %RT_SECRET_STORE_CHANGE_DOCKER, both or none
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
 * @out_changes: (out) (optional): which items were removed
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
  lookup_secret (self, &token_secret_schema, attributes,
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
  return lookup_secret_finish (self, result, rt_secret_store_lookup_token_secret_async, error);
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
      g_task_return_error (task, map_error (g_steal_pointer (&error), "listing token secrets"));
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  ids = g_ptr_array_new_with_free_func (g_free);

  for (const GList *l = items; l != NULL; l = l->next)
    {
      char *id = item_get_attribute (l->data, "token-id");

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
  secret_service_search (NULL, &token_secret_schema, attributes, SECRET_SEARCH_ALL,
                         cancellable, list_saved_token_ids_found, g_steal_pointer (&task));
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
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (g_steal_pointer (&error),
                                            "searching docker credentials"));
      return;
    }

  g_task_return_pointer (task,
                         items != NULL ? item_get_attribute (items->data, "username") : NULL,
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
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (RT_IS_SECRET_STORE (self));
  g_return_if_fail (registry_host != NULL && *registry_host != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_secret_store_lookup_docker_username_async);

  attributes = docker_search_attributes (registry_host);
  secret_service_search (NULL, &docker_lookup_schema, attributes, SECRET_SEARCH_ALL,
                         cancellable, lookup_docker_username_found, g_steal_pointer (&task));
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
