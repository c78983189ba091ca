/* rt-keyring.c: what the keyring code shares: errors, values, items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-keyring.h"
#include "rt-secret-store.h"

#define SCHEMA_NAME_KEY "xdg:schema"

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
GError *
rt_keyring_map_error (GError     *error,
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

GError *
rt_keyring_locked_error (const char *operation)
{
  g_debug ("Keyring: %s: the item is still locked after the unlock attempt", operation);

  return g_error_new_literal (RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_LOCKED,
                              error_message (RT_SECRET_STORE_ERROR_LOCKED));
}

/* Values and items --------------------------------------------------------- */

SecretValue *
rt_keyring_value_new (RtSecret *secret)
{
  gsize len = 0;
  const char *data = rt_secret_get (secret, &len);

  /* Copied into libsecret's non-pageable memory, wiped when unreffed. */
  return secret_value_new (data, len, "text/plain");
}

RtSecret *
rt_keyring_item_dup_secret (SecretItem *item)
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

char *
rt_keyring_item_dup_attribute (SecretItem *item,
                               const char *key)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);

  return g_strdup (g_hash_table_lookup (attributes, key));
}

gboolean
rt_keyring_item_has_attribute (SecretItem *item,
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

/* The items a write with @attributes left behind: those it did not overwrite
 * in place. With @username set, only that username's items. */
GList *
rt_keyring_stale_items (GList              *found,
                        const SecretSchema *schema,
                        GHashTable         *attributes,
                        const char         *username)
{
  GList *stale = NULL;

  for (const GList *l = found; l != NULL; l = l->next)
    {
      if (username != NULL && !rt_keyring_item_has_attribute (l->data, "username", username))
        continue;
      if (!item_is_exactly (l->data, schema, attributes))
        stale = g_list_prepend (stale, l->data);
    }

  return g_list_reverse (stale);
}

/* Looking up one secret ------------------------------------------------------ */

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

  const char *without = g_task_get_task_data (task);

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error), "lookup"));
      return;
    }

  for (GList *l = items; l != NULL;)
    {
      GList *next = l->next;

      g_autofree char *unwanted = without != NULL ? rt_keyring_item_dup_attribute (l->data, without) : NULL;

      if (unwanted != NULL)
        {
          g_object_unref (l->data);
          items = g_list_delete_link (items, l);
        }
      l = next;
    }

  for (const GList *l = items; l != NULL; l = l->next)
    {
      RtSecret *secret = rt_keyring_item_dup_secret (l->data);

      if (secret != NULL)
        {
          g_task_return_pointer (task, secret, (GDestroyNotify) rt_secret_unref);
          g_list_free_full (items, g_object_unref);
          return;
        }
    }

  if (items != NULL)
    g_task_return_error (task, rt_keyring_locked_error ("lookup"));
  else
    g_task_return_pointer (task, NULL, NULL);

  g_list_free_full (items, g_object_unref);
}

/**
 * rt_keyring_search_async:
 * @schema: the schema to search with
 * @attributes: the attributes to match
 * @callback: called with the result, for secret_service_search_finish()
 * @user_data: data for @callback
 *
 * Finds the items matching @attributes, neither unlocking them nor loading
 * their secrets. It takes no cancellable: libsecret 0.20 returns its task
 * once for every item whose loading a cancellation interrupts. The caller's
 * own task, made with the cancellable, still reports the cancellation.
 */
void
rt_keyring_search_async (const SecretSchema  *schema,
                         GHashTable          *attributes,
                         SecretSearchFlags    flags,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  secret_service_search (NULL, schema, attributes, SECRET_SEARCH_ALL | flags,
                         NULL, callback, user_data);
}

/**
 * rt_keyring_lookup_secret_async:
 * @source_object: the object the result belongs to
 * @source_tag: the caller's
 *
 * @without: (nullable): an attribute the item must not have
 *
 * Looks up the first unlocked secret of the items with @attributes (and
 * without @without), unlocking them if need be (which may show a prompt).
 * Its task returns the #RtSecret, %NULL if there is none, or
 * %RT_SECRET_STORE_ERROR_LOCKED.
 */
void
rt_keyring_lookup_secret_async (gpointer             source_object,
                                const SecretSchema  *schema,
                                GHashTable          *attributes,
                                const char          *without,
                                gpointer             source_tag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (without), g_free);

  secret_service_search (NULL, schema, attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         cancellable, lookup_secret_searched, g_steal_pointer (&task));
}

/* Deleting items in turn --------------------------------------------------- */

static void delete_next (GTask *task);

static void
item_deleted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_item_delete_finish (SECRET_ITEM (source), result, &error))
    {
      g_task_return_error (task, rt_keyring_map_error (g_steal_pointer (&error),
                                                       "deleting an item"));
      return;
    }

  delete_next (task);
}

static void
delete_next (GTask *task)
{
  GQueue *items = g_task_get_task_data (task);
  g_autoptr(SecretItem) item = g_queue_pop_head (items);

  if (item == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_item_delete (item, g_task_get_cancellable (task), item_deleted, g_object_ref (task));
}

static void
free_items (gpointer items)
{
  g_queue_free_full (items, g_object_unref);
}

/**
 * rt_keyring_delete_items_async:
 * @items: (element-type SecretItem): the items, deleted one after the other
 *
 * Stops at the first failure.
 */
void
rt_keyring_delete_items_async (GList               *items,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GQueue *queue = g_queue_new ();

  for (const GList *l = items; l != NULL; l = l->next)
    g_queue_push_tail (queue, g_object_ref (l->data));

  g_task_set_source_tag (task, rt_keyring_delete_items_async);
  g_task_set_task_data (task, queue, free_items);
  delete_next (task);
}

gboolean
rt_keyring_delete_items_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_keyring_delete_items_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
