/* test-secret-store.c: the keyring, against a real gnome-keyring-daemon
 *
 * Runs in the 'keyring' session of rt-test-session.sh: a private session bus
 * with its own gnome-keyring-daemon, so nothing here touches a real keyring.
 * The cases without a Secret Service are in test-secret-store-no-service.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>
#include <json-glib/json-glib.h>

#include "rt-secret-store.h"
#include "rt-test-keyring.h"
#include "rt-test-util.h"

/* Synchronous wrappers around the API under test ---------------------------- */

/* The tests of one key per server store it for this user. */
#define USER "user-1"

static gboolean
store_user_access_key (RtSecretStore  *store,
                       const char     *server,
                       const char     *user,
                       const char     *key,
                       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = rt_secret_new (key, -1);

  rt_secret_store_store_access_key_async (store, server, user, secret, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_secret_store_store_access_key_finish (store, result, error);
}

static RtSecret *
lookup_user_access_key (RtSecretStore  *store,
                        const char     *server,
                        const char     *user,
                        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rt_secret_store_lookup_access_key_async (store, server, user, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_secret_store_lookup_access_key_finish (store, result, error);
}

static gboolean
clear_user_access_key (RtSecretStore  *store,
                       const char     *server,
                       const char     *user,
                       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rt_secret_store_clear_access_key_async (store, server, user, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_secret_store_clear_access_key_finish (store, result, error);
}

#define store_access_key(store, server, key, error) \
  store_user_access_key (store, server, USER, key, error)
#define lookup_access_key(store, server, error) \
  lookup_user_access_key (store, server, USER, error)
#define clear_access_key(store, server, error) \
  clear_user_access_key (store, server, USER, error)

typedef struct
{
  const char *server;
  const char *host;
  const char *id;
  const char *name;
  const char *username;
} Token;

static gboolean
save_token (RtSecretStore         *store,
            const Token           *token,
            const char            *value,
            gboolean               also_for_docker,
            RtSecretStoreChanges  *changes,
            char                 **replaced_username,
            GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = rt_secret_new (value, -1);

  rt_secret_store_save_token_secret_async (store, token->server, token->host, token->id,
                                           token->name, token->username, secret,
                                           also_for_docker, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_secret_store_save_token_secret_finish (store, result, changes,
                                                   replaced_username, error);
}

static RtSecretStoreChanges
replace_token (RtSecretStore *store,
               const Token   *token,
               const char    *value)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = rt_secret_new (value, -1);
  g_autoptr(GError) error = NULL;
  RtSecretStoreChanges changes = 0;

  rt_secret_store_replace_token_secret_async (store, token->server, token->host, token->id,
                                              token->name, token->username, secret,
                                              NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  g_assert_true (rt_secret_store_replace_token_secret_finish (store, result, &changes, &error));
  g_assert_no_error (error);

  return changes;
}

static RtSecretStoreChanges
remove_token (RtSecretStore *store,
              const Token   *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtSecretStoreChanges changes = 0;

  rt_secret_store_remove_token_secret_async (store, token->server, token->host, token->id,
                                             token->username, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  g_assert_true (rt_secret_store_remove_token_secret_finish (store, result, &changes, &error));
  g_assert_no_error (error);

  return changes;
}

static RtSecret *
lookup_token (RtSecretStore  *store,
              const Token    *token,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rt_secret_store_lookup_token_secret_async (store, token->server, token->id,
                                             NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_secret_store_lookup_token_secret_finish (store, result, error);
}

static char **
list_ids (RtSecretStore  *store,
          const char     *server,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rt_secret_store_list_saved_token_ids_async (store, server, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_secret_store_list_saved_token_ids_finish (store, result, error);
}

static char *
lookup_docker_username (RtSecretStore *store,
                        const char    *host)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *username;

  rt_secret_store_lookup_docker_username_async (store, host, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  username = rt_secret_store_lookup_docker_username_finish (store, result, &error);
  g_assert_no_error (error);

  return username;
}

static void
assert_secret (RtSecret   *secret,
               const char *expected)
{
  g_assert_nonnull (secret);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, expected);
  g_assert_cmpuint (rt_secret_get_len (secret), ==, strlen (expected));
}

/* The default collection for the tests ---------------------------------------
 *
 * A fresh gnome-keyring-daemon unlocked with an empty password has only its
 * in-memory "session" collection, which cannot really be locked, and creating
 * a collection normally needs a prompt. gnome-keyring's internal interface
 * creates one with a known password instead, which also lets the locked test
 * unlock it again afterwards. */

#define KEYRING_BUS_NAME     "org.freedesktop.secrets"
#define KEYRING_PATH         "/org/freedesktop/secrets"
#define KEYRING_INTERNAL     "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
#define TEST_MASTER_PASSWORD "rt-test-master-password"

static char *test_collection_path;

/* Kept for the whole run: a Secret Service session belongs to the connection
 * that opened it, and the shared session bus connection closes when its last
 * reference goes. */
static GDBusConnection *keyring_bus;

static GVariant *
call_keyring (const char         *interface,
              const char         *method,
              GVariant           *parameters,
              const GVariantType *reply_type,
              GError            **error)
{
  if (keyring_bus == NULL)
    {
      keyring_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
      if (keyring_bus == NULL)
        return NULL;
    }

  return g_dbus_connection_call_sync (keyring_bus, KEYRING_BUS_NAME, KEYRING_PATH,
                                      interface, method, parameters, reply_type,
                                      G_DBUS_CALL_FLAGS_NONE, RT_TEST_WAIT_SECONDS * 1000,
                                      NULL, error);
}

/* The master password, wrapped for a "plain" session (sessions belong to the
 * connection, which is the shared session bus connection here). */
static GVariant *
master_password (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) output = NULL;
  g_autoptr(GError) error = NULL;
  const char *session;

  reply = call_keyring ("org.freedesktop.Secret.Service", "OpenSession",
                        g_variant_new ("(sv)", "plain", g_variant_new_string ("")),
                        G_VARIANT_TYPE ("(vo)"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v&o)", &output, &session);

  return g_variant_new ("(o@ay@ays)", session,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, TEST_MASTER_PASSWORD,
                                                   strlen (TEST_MASTER_PASSWORD), 1),
                        "text/plain");
}

static void
use_session_collection (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  GList *collections;

  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);

  collections = secret_service_get_collections (service);
  for (const GList *l = collections; l != NULL; l = l->next)
    {
      if (g_str_has_suffix (g_dbus_proxy_get_object_path (l->data), "/session"))
        {
          secret_service_set_alias_sync (service, "default", l->data, NULL, &error);
          g_assert_no_error (error);
        }
    }
  g_list_free_full (collections, g_object_unref);
}

static void
ensure_default_collection (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) unused = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder properties;

  g_variant_builder_init (&properties, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&properties, "{sv}", "org.freedesktop.Secret.Collection.Label",
                         g_variant_new_string ("Registry Tokens tests"));

  reply = call_keyring (KEYRING_INTERNAL, "CreateWithMasterPassword",
                        g_variant_new ("(a{sv}@(oayays))", &properties, master_password ()),
                        G_VARIANT_TYPE ("(o)"), &error);
  if (reply == NULL)
    {
      /* Not gnome-keyring: the locked test is skipped. */
      g_test_message ("Cannot create a test collection (%s); using the session collection",
                      error->message);
      use_session_collection ();
      return;
    }

  g_variant_get (reply, "(o)", &test_collection_path);
  unused = call_keyring ("org.freedesktop.Secret.Service", "SetAlias",
                         g_variant_new ("(so)", "default", test_collection_path),
                         NULL, &error);
  g_assert_no_error (error);
  g_test_message ("Default collection: %s", test_collection_path);
}

static void
lock_test_collection (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { test_collection_path, NULL };

  reply = call_keyring ("org.freedesktop.Secret.Service", "Lock",
                        g_variant_new ("(^ao)", paths),
                        G_VARIANT_TYPE ("(aoo)"), &error);
  g_assert_no_error (error);
}

static void
unlock_test_collection (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call_keyring (KEYRING_INTERNAL, "UnlockWithMasterPassword",
                        g_variant_new ("(o@(oayays))", test_collection_path, master_password ()),
                        NULL, &error);
  g_assert_no_error (error);
}

/* Access keys --------------------------------------------------------------- */

static void
test_access_key (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  const char *server = "https://api.access-key.example";
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) none = NULL;
  g_autoptr(RtSecret) first = NULL;
  g_autoptr(RtSecret) second = NULL;
  g_autoptr(RtSecret) cleared = NULL;
  g_autoptr(RtSecret) other = NULL;
  g_autofree char *label = NULL;
  GList *items;

  none = lookup_access_key (store, server, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_assert_true (store_access_key (store, server, "rtak_first", &error));
  g_assert_no_error (error);
  first = lookup_access_key (store, server, &error);
  g_assert_no_error (error);
  assert_secret (first, "rtak_first");

  /* Storing again replaces: still one item. */
  g_assert_true (store_access_key (store, server, "rtak_second", &error));
  g_assert_no_error (error);
  second = lookup_access_key (store, server, &error);
  g_assert_no_error (error);
  assert_secret (second, "rtak_second");

  items = rt_test_find_items ("server", server, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Registry Tokens access key for https://api.access-key.example");
  g_list_free_full (items, g_object_unref);

  /* Another server's key is separate. */
  other = lookup_access_key (store, "https://api.other.example", &error);
  g_assert_no_error (error);
  g_assert_null (other);

  g_assert_true (clear_access_key (store, server, &error));
  g_assert_no_error (error);
  cleared = lookup_access_key (store, server, &error);
  g_assert_no_error (error);
  g_assert_null (cleared);
  rt_test_assert_no_items ("server", server);

  /* Clearing what is not there is not an error. */
  g_assert_true (clear_access_key (store, server, &error));
  g_assert_no_error (error);
}

/* Two users of one server keep a key each; signing one out leaves the
 * other. A key saved by a version before accounts (the server alone) is
 * found by the server, and replaced by the key stored for its user. */
static void
test_access_key_per_user (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  const char *server = "https://api.two-users.example";
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) key_a = NULL;
  g_autoptr(RtSecret) key_b = NULL;
  g_autoptr(RtSecret) gone = NULL;
  g_autoptr(RtSecret) still = NULL;
  g_autoptr(RtSecret) unkeyed = NULL;
  g_autoptr(RtSecret) migrated = NULL;
  GList *items;

  g_assert_true (store_user_access_key (store, server, "usr_a", "rtak_a", &error));
  g_assert_no_error (error);
  g_assert_true (store_user_access_key (store, server, "usr_b", "rtak_b", &error));
  g_assert_no_error (error);

  key_a = lookup_user_access_key (store, server, "usr_a", &error);
  g_assert_no_error (error);
  assert_secret (key_a, "rtak_a");
  key_b = lookup_user_access_key (store, server, "usr_b", &error);
  g_assert_no_error (error);
  assert_secret (key_b, "rtak_b");
  items = rt_test_find_items ("server", server, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 2);
  g_list_free_full (items, g_object_unref);

  g_assert_true (clear_user_access_key (store, server, "usr_a", &error));
  g_assert_no_error (error);
  gone = lookup_user_access_key (store, server, "usr_a", &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  still = lookup_user_access_key (store, server, "usr_b", &error);
  g_assert_no_error (error);
  assert_secret (still, "rtak_b");
  g_assert_true (clear_user_access_key (store, server, "usr_b", &error));
  g_assert_no_error (error);
  rt_test_assert_no_items ("server", server);

  /* The single key of earlier versions: found by the server alone. */
  rt_test_store_unkeyed_access_key (server, "rtak_old");
  unkeyed = lookup_user_access_key (store, server, NULL, &error);
  g_assert_no_error (error);
  assert_secret (unkeyed, "rtak_old");

  /* Stored again for its user: one item, keyed by server and user. */
  g_assert_true (store_user_access_key (store, server, "usr_a", "rtak_old", &error));
  g_assert_no_error (error);
  items = rt_test_find_items ("server", server, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  rt_test_assert_item_secret (items->data, "rtak_old");
  g_list_free_full (items, g_object_unref);
  migrated = lookup_user_access_key (store, server, "usr_a", &error);
  g_assert_no_error (error);
  assert_secret (migrated, "rtak_old");

  g_assert_true (clear_user_access_key (store, server, "usr_a", &error));
  g_assert_no_error (error);
  rt_test_assert_no_items ("server", server);

  /* Signing out an account from before accounts that never learned its
   * user removes the server's item without a user, never another user's
   * key (storing that one already removed the item without a user). */
  rt_test_store_unkeyed_access_key (server, "rtak_old");
  g_assert_true (clear_user_access_key (store, server, NULL, &error));
  g_assert_no_error (error);
  rt_test_assert_no_items ("server", server);
  g_assert_true (store_user_access_key (store, server, "usr_b", "rtak_b", &error));
  g_assert_no_error (error);
  g_assert_true (clear_user_access_key (store, server, NULL, &error));
  g_assert_no_error (error);
  items = rt_test_find_items ("server", server, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  rt_test_assert_item_secret (items->data, "rtak_b");
  g_list_free_full (items, g_object_unref);
  g_assert_true (clear_user_access_key (store, server, "usr_b", &error));
  g_assert_no_error (error);
  rt_test_assert_no_items ("server", server);
}

/* An account from before accounts that has not signed in since, beside
 * another user's account of the same server: each keeps its own key. */
static void
test_access_key_migration_beside_other_user (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  const char *server = "https://api.migrating.example";
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) old = NULL;
  g_autoptr(RtSecret) none = NULL;
  GList *items;

  /* Adding the other user's account keeps the old key... */
  rt_test_store_unkeyed_access_key (server, "rtak_old");
  g_assert_true (store_user_access_key (store, server, "usr_b", "rtak_b", &error));
  g_assert_no_error (error);
  items = rt_test_find_items ("server", server, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 2);
  g_list_free_full (items, g_object_unref);

  /* ...which the server alone still finds, never the other user's key. */
  old = lookup_user_access_key (store, server, NULL, &error);
  g_assert_no_error (error);
  assert_secret (old, "rtak_old");
  g_assert_true (clear_user_access_key (store, server, NULL, &error));
  g_assert_no_error (error);
  none = lookup_user_access_key (store, server, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_assert_true (clear_user_access_key (store, server, "usr_b", &error));
  g_assert_no_error (error);
  rt_test_assert_no_items ("server", server);
}

/* Token secrets ---------------------------------------------------------------- */

static void
test_token_secret_app_only (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  Token token = { "https://api.app-only.example", "registry.app-only.example",
                  "tok-1", "ci-pull", "robot-ci" };
  Token renamed = token;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) saved = NULL;
  g_autoptr(RtSecret) resaved = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *label = NULL;
  g_autofree char *docker_username = NULL;
  g_auto(GStrv) ids = NULL;
  RtSecretStoreChanges changes = 0;
  GList *items;

  g_assert_true (save_token (store, &token, "rtsec_app_one", FALSE, &changes, &replaced, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, RT_SECRET_STORE_CHANGE_APP);
  g_assert_null (replaced);

  saved = lookup_token (store, &token, &error);
  g_assert_no_error (error);
  assert_secret (saved, "rtsec_app_one");

  /* No docker item without asking. */
  rt_test_assert_no_items ("server", token.host);
  docker_username = lookup_docker_username (store, token.host);
  g_assert_null (docker_username);

  ids = list_ids (store, token.server, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (ids, ((const char * const[]) { "tok-1", NULL }));

  /* Saving under a new name replaces the item saved under the old one. */
  renamed.name = "ci-pull-renamed";
  g_assert_true (save_token (store, &renamed, "rtsec_app_two", FALSE, &changes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, RT_SECRET_STORE_CHANGE_APP);

  items = rt_test_find_items ("token-id", "tok-1", NULL);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Registry token ci-pull-renamed on registry.app-only.example");
  rt_test_assert_item_secret (items->data, "rtsec_app_two");
  g_list_free_full (items, g_object_unref);

  resaved = lookup_token (store, &token, &error);
  g_assert_no_error (error);
  assert_secret (resaved, "rtsec_app_two");

  g_assert_cmpint (remove_token (store, &token), ==, RT_SECRET_STORE_CHANGE_APP);
  rt_test_assert_no_items ("token-id", "tok-1");
}

static void
test_token_secret_docker (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  Token first = { "https://api.docker.example", "registry.docker.example",
                  "tok-a", "first", "robot-first" };
  Token second = { "https://api.docker.example", "registry.docker.example",
                   "tok-b", "second", "robot-second" };
  Token unsaved = { "https://api.docker.example", "registry.docker.example",
                    "tok-c", "unsaved", "robot-unsaved" };
  g_autoptr(GError) error = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *replaced_again = NULL;
  g_autofree char *docker_username = NULL;
  g_autoptr(RtSecret) first_secret = NULL;
  g_autoptr(RtSecret) second_secret = NULL;
  g_autoptr(RtSecret) unsaved_secret = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) ids_after = NULL;
  RtSecretStoreChanges changes = 0;

  /* First token, also for docker: a fresh docker item. */
  g_assert_true (save_token (store, &first, "rtsec_first", TRUE, &changes, &replaced, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER);
  g_assert_null (replaced);
  rt_test_assert_docker_item (first.host, "robot-first", "rtsec_first");

  /* Second token for the same host: replaces the docker item, says whose. */
  g_assert_true (save_token (store, &second, "rtsec_second", TRUE, &changes, &replaced, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER |
                                RT_SECRET_STORE_CHANGE_DOCKER_REPLACED);
  g_assert_cmpstr (replaced, ==, "robot-first");
  rt_test_assert_docker_item (second.host, "robot-second", "rtsec_second");

  docker_username = lookup_docker_username (store, second.host);
  g_assert_cmpstr (docker_username, ==, "robot-second");

  /* Saving the same token again replaces its own item. */
  g_assert_true (save_token (store, &second, "rtsec_second", TRUE, &changes, &replaced_again,
                             &error));
  g_assert_no_error (error);
  g_assert_cmpstr (replaced_again, ==, "robot-second");
  rt_test_assert_docker_item (second.host, "robot-second", "rtsec_second");

  ids = list_ids (store, first.server, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (ids, ((const char * const[]) { "tok-a", "tok-b", NULL }));

  /* Re-generating the second token: its app item and the docker item. */
  g_assert_cmpint (replace_token (store, &second, "rtsec_second_regen"), ==,
                   RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER);
  second_secret = lookup_token (store, &second, &error);
  g_assert_no_error (error);
  assert_secret (second_secret, "rtsec_second_regen");
  rt_test_assert_docker_item (second.host, "robot-second", "rtsec_second_regen");

  /* Re-generating the first: the docker item is another token's now. */
  g_assert_cmpint (replace_token (store, &first, "rtsec_first_regen"), ==,
                   RT_SECRET_STORE_CHANGE_APP);
  first_secret = lookup_token (store, &first, &error);
  g_assert_no_error (error);
  assert_secret (first_secret, "rtsec_first_regen");
  rt_test_assert_docker_item (second.host, "robot-second", "rtsec_second_regen");

  /* Re-generating a token nothing was saved for saves nothing. */
  g_assert_cmpint (replace_token (store, &unsaved, "rtsec_unsaved"), ==,
                   RT_SECRET_STORE_CHANGE_NONE);
  unsaved_secret = lookup_token (store, &unsaved, &error);
  g_assert_no_error (error);
  g_assert_null (unsaved_secret);
  rt_test_assert_no_items ("token-id", "tok-c");

  /* Forgetting the first token leaves the second's docker item alone... */
  g_assert_cmpint (remove_token (store, &first), ==, RT_SECRET_STORE_CHANGE_APP);
  rt_test_assert_no_items ("token-id", "tok-a");
  rt_test_assert_docker_item (second.host, "robot-second", "rtsec_second_regen");

  /* ...forgetting the second removes both of its items. */
  g_assert_cmpint (remove_token (store, &second), ==,
                   RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER);
  rt_test_assert_no_items ("token-id", "tok-b");
  rt_test_assert_no_items ("server", second.host);

  /* And again: nothing left, nothing to do. */
  g_assert_cmpint (remove_token (store, &second), ==, RT_SECRET_STORE_CHANGE_NONE);

  ids_after = list_ids (store, first.server, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (ids_after, ((const char * const[]) { NULL }));
}

/* Docker credentials written by someone else: other schema names, or docker
 * itself. Saving for the host replaces them all. */
static const SecretSchema foreign_schema = {
  "org.example.SomethingElse", SECRET_SCHEMA_NONE,
  {
    { "label", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "docker_cli", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static void
test_token_secret_foreign_docker_item (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  Token token = { "https://api.foreign.example", "registry.foreign.example",
                  "tok-f", "foreign", "robot-foreign" };
  g_autoptr(GError) error = NULL;
  g_autofree char *replaced = NULL;
  RtSecretStoreChanges changes = 0;

  secret_password_store_sync (&foreign_schema, SECRET_COLLECTION_DEFAULT, token.host,
                              "rtsec_foreign_old", NULL, &error,
                              "label", "Docker Credentials",
                              "server", token.host,
                              "username", "someone-else",
                              "docker_cli", "1",
                              NULL);
  g_assert_no_error (error);

  g_assert_true (save_token (store, &token, "rtsec_foreign_new", TRUE, &changes, &replaced,
                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER |
                                RT_SECRET_STORE_CHANGE_DOCKER_REPLACED);
  g_assert_cmpstr (replaced, ==, "someone-else");
  rt_test_assert_docker_item (token.host, "robot-foreign", "rtsec_foreign_new");

  g_assert_cmpint (remove_token (store, &token), ==,
                   RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER);
  rt_test_assert_no_items ("server", token.host);
}

static void
test_list_saved_token_ids (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  Token tokens[] = {
    { "https://api.list.example", "registry.list.example", "id-3", "three", "u3" },
    { "https://api.list.example", "registry.list.example", "id-1", "one", "u1" },
    { "https://api.list.example", "registry.list.example", "id-2", "two", "u2" },
    { "https://api.list-other.example", "registry.list.example", "id-9", "nine", "u9" },
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) other_ids = NULL;
  g_auto(GStrv) no_ids = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autofree char *value = g_strdup_printf ("rtsec_list_%" G_GSIZE_FORMAT, i);

      g_assert_true (save_token (store, &tokens[i], value, FALSE, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  ids = list_ids (store, "https://api.list.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (ids, ((const char * const[]) { "id-1", "id-2", "id-3", NULL }));

  other_ids = list_ids (store, "https://api.list-other.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (other_ids, ((const char * const[]) { "id-9", NULL }));

  no_ids = list_ids (store, "https://api.list-none.example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (no_ids);
  g_assert_cmpuint (g_strv_length (no_ids), ==, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (tokens); i++)
    g_assert_cmpint (remove_token (store, &tokens[i]), ==, RT_SECRET_STORE_CHANGE_APP);
}

/* Interoperability with docker-credential-secretservice --------------------- */

typedef struct
{
  int status;
  char *out;
  char *err;
} HelperRun;

static void
helper_run_clear (HelperRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HelperRun, helper_run_clear)

static void
run_helper (const char *command,
            const char *input,
            HelperRun  *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The helper uses GLib too: its debug messages would go to stdout, into
   * the JSON. */
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  subprocess = g_subprocess_launcher_spawn (launcher, &error,
                                            "docker-credential-secretservice", command, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (subprocess, input, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_subprocess_communicate_utf8_finish (subprocess, result, &run->out, &run->err, &error);
  g_assert_no_error (error);

  run->status = g_subprocess_get_exit_status (subprocess);
  g_test_message ("$ echo '%s' | docker-credential-secretservice %s\n%s%s(exit status %d)",
                  input, command, run->out, run->err, run->status);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static void
test_docker_credential_helper (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  Token token = { "https://api.interop.example", "registry.interop.example",
                  "tok-interop", "interop", "robot$interop" };
  g_autofree char *program = g_find_program_in_path ("docker-credential-secretservice");
  g_auto(HelperRun) get = { 0, };
  g_auto(HelperRun) get_after = { 0, };
  g_auto(HelperRun) docker_store = { 0, };
  g_auto(HelperRun) get_ours = { 0, };
  g_autoptr(JsonObject) creds = NULL;
  g_autoptr(JsonObject) ours = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replaced = NULL;
  RtSecretStoreChanges changes = 0;

  if (program == NULL)
    {
      g_test_skip ("docker-credential-secretservice is not installed "
                   "(Debian: golang-docker-credential-helpers)");
      return;
    }

  g_assert_true (save_token (store, &token, "rtsec_interop_throwaway", TRUE, &changes, NULL,
                             &error));
  g_assert_no_error (error);

  run_helper ("get", token.host, &get);
  g_assert_cmpint (get.status, ==, 0);
  creds = parse_object (get.out);
  g_assert_cmpstr (json_object_get_string_member (creds, "ServerURL"), ==, token.host);
  g_assert_cmpstr (json_object_get_string_member (creds, "Username"), ==, "robot$interop");
  g_assert_cmpstr (json_object_get_string_member (creds, "Secret"), ==, "rtsec_interop_throwaway");

  g_assert_cmpint (remove_token (store, &token), ==,
                   RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER);

  run_helper ("get", token.host, &get_after);
  g_assert_cmpint (get_after.status, !=, 0);
  g_assert_nonnull (strstr (get_after.out, "credentials not found in native keychain"));

  /* Credentials docker itself stored are found and replaced, and docker then
   * reads ours. */
  run_helper ("store",
              "{\"ServerURL\":\"registry.interop.example\",\"Username\":\"docker-login-user\","
              "\"Secret\":\"docker_login_throwaway\"}",
              &docker_store);
  g_assert_cmpint (docker_store.status, ==, 0);

  g_assert_true (save_token (store, &token, "rtsec_interop_second", TRUE, &changes, &replaced,
                             &error));
  g_assert_no_error (error);
  g_assert_true (changes & RT_SECRET_STORE_CHANGE_DOCKER_REPLACED);
  g_assert_cmpstr (replaced, ==, "docker-login-user");
  rt_test_assert_docker_item (token.host, "robot$interop", "rtsec_interop_second");

  run_helper ("get", token.host, &get_ours);
  g_assert_cmpint (get_ours.status, ==, 0);
  ours = parse_object (get_ours.out);
  g_assert_cmpstr (json_object_get_string_member (ours, "Username"), ==, "robot$interop");
  g_assert_cmpstr (json_object_get_string_member (ours, "Secret"), ==, "rtsec_interop_second");

  g_assert_cmpint (remove_token (store, &token), ==,
                   RT_SECRET_STORE_CHANGE_APP | RT_SECRET_STORE_CHANGE_DOCKER);
  rt_test_assert_no_items ("server", token.host);
}

/* Locked -------------------------------------------------------------------------
 *
 * With the test collection locked, unlocking needs a prompt, which
 * gnome-keyring cannot show in this session (no display): the prompt fails as
 * if dismissed. Afterwards the collection is unlocked with its password. */

/* Whether the locked tests can run here; skips the test if not. */
static gboolean
can_lock (void)
{
  if (test_collection_path == NULL)
    {
      g_test_skip ("no lockable test collection");
      return FALSE;
    }

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      /* A real unlock prompt would appear and wait for a person. */
      g_test_skip ("needs a session without a display");
      return FALSE;
    }

  return TRUE;
}

static void
test_locked (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  Token token = { "https://api.locked.example", "registry.locked.example",
                  "tok-locked", "locked", "robot-locked" };
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) key = NULL;
  g_autoptr(RtSecret) token_secret = NULL;
  g_autoptr(RtSecret) unlocked_key = NULL;
  g_auto(GStrv) ids = NULL;

  if (!can_lock ())
    return;

  g_assert_true (store_access_key (store, token.server, "rtak_locked", &error));
  g_assert_no_error (error);
  g_assert_true (save_token (store, &token, "rtsec_locked", FALSE, NULL, NULL, &error));
  g_assert_no_error (error);

  lock_test_collection ();

  /* Reading tries to unlock, the prompt fails: LOCKED, not "nothing saved". */
  key = lookup_access_key (store, token.server, &error);
  g_assert_null (key);
  g_assert_error (error, RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_LOCKED);
  g_test_message ("lookup: %s", error->message);
  g_clear_error (&error);

  token_secret = lookup_token (store, &token, &error);
  g_assert_null (token_secret);
  g_assert_error (error, RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (store_access_key (store, token.server, "rtak_locked_2", &error));
  g_assert_error (error, RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_LOCKED);
  g_test_message ("store: %s", error->message);
  g_clear_error (&error);

  g_assert_false (save_token (store, &token, "rtsec_locked_2", TRUE, NULL, NULL, &error));
  g_assert_error (error, RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* Listing reads no secret and needs no unlocking. */
  ids = list_ids (store, token.server, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (ids, ((const char * const[]) { "tok-locked", NULL }));

  /* Unlocked again, the saved key is there, unchanged by the failed store. */
  unlock_test_collection ();
  unlocked_key = lookup_access_key (store, token.server, &error);
  g_assert_no_error (error);
  assert_secret (unlocked_key, "rtak_locked");

  g_assert_true (clear_access_key (store, token.server, &error));
  g_assert_no_error (error);
  g_assert_cmpint (remove_token (store, &token), ==, RT_SECRET_STORE_CHANGE_APP);
}

/* The app's item is saved, then the docker one fails: the collection is
 * locked as soon as the first item appears, so writing docker's item needs an
 * unlock prompt, which fails here. The save reports the app's item as saved
 * alongside the error, and it is there. */

static void
lock_on_item_created (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  gboolean *locked = user_data;

  if (*locked)
    return;

  *locked = TRUE;
  lock_test_collection ();
}

static void
test_locked_after_app_item (void)
{
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  Token token = { "https://api.partial.example", "registry.partial.example",
                  "tok-partial", "partial", "robot-partial" };
  g_autoptr(GError) error = NULL;
  g_autofree char *replaced = NULL;
  RtSecretStoreChanges changes = RT_SECRET_STORE_CHANGE_NONE;
  gboolean locked = FALSE;
  g_autoptr(RtSecret) saved = NULL;
  guint subscription;

  if (!can_lock ())
    return;

  if (keyring_bus == NULL)
    keyring_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  subscription = g_dbus_connection_signal_subscribe (keyring_bus, NULL,
                                                     "org.freedesktop.Secret.Collection",
                                                     "ItemCreated", test_collection_path,
                                                     NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                     lock_on_item_created, &locked, NULL);

  g_assert_false (save_token (store, &token, "rtsec_partial", TRUE, &changes, &replaced, &error));
  g_assert_error (error, RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_LOCKED);
  g_assert_true (locked);
  g_assert_cmpint (changes, ==, RT_SECRET_STORE_CHANGE_APP);
  g_assert_null (replaced);
  g_clear_error (&error);

  g_dbus_connection_signal_unsubscribe (keyring_bus, subscription);
  unlock_test_collection ();

  saved = lookup_token (store, &token, &error);
  g_assert_no_error (error);
  assert_secret (saved, "rtsec_partial");
  rt_test_assert_no_items ("server", token.host);

  g_assert_cmpint (remove_token (store, &token), ==, RT_SECRET_STORE_CHANGE_APP);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!g_test_subprocess ())
    ensure_default_collection ();

  /* GLib runs a suite's own cases before its sub-suites: everything is in a
   * sub-suite, so the order below is the order of execution. */
  g_test_add_func ("/secret-store/access-key/store-lookup-clear", test_access_key);
  g_test_add_func ("/secret-store/access-key/per-user", test_access_key_per_user);
  g_test_add_func ("/secret-store/access-key/migration-beside-other-user",
                   test_access_key_migration_beside_other_user);
  g_test_add_func ("/secret-store/token-secret/app-only", test_token_secret_app_only);
  g_test_add_func ("/secret-store/token-secret/docker", test_token_secret_docker);
  g_test_add_func ("/secret-store/token-secret/foreign-docker-item",
                   test_token_secret_foreign_docker_item);
  g_test_add_func ("/secret-store/token-secret/list-saved", test_list_saved_token_ids);
  g_test_add_func ("/secret-store/interop/docker-credential-secretservice",
                   test_docker_credential_helper);
  g_test_add_func ("/secret-store/locked/lookup-store-list", test_locked);
  g_test_add_func ("/secret-store/locked/after-app-item", test_locked_after_app_item);

  return g_test_run ();
}
