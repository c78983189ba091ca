/* rt-test-keyring.c: looking at the keyring directly, past RtSecretStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-test-keyring.h"

/* All items with these attributes, whatever their schema, secrets loaded. */
GList *
rt_test_find_items (const char *key,
                    ...)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;
  va_list args;

  va_start (args, key);
  for (; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (attributes, (char *) key, va_arg (args, char *));
  va_end (args);

  items = secret_service_search_sync (NULL, NULL, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS,
                                      NULL, &error);
  g_assert_no_error (error);

  return items;
}

void
rt_test_assert_item_secret (SecretItem *item,
                            const char *expected)
{
  g_autoptr(SecretValue) value = secret_item_get_secret (item);

  g_assert_nonnull (value);
  g_assert_cmpstr (secret_value_get_text (value), ==, expected);
}

/* The one docker item for @host: exactly the attributes
 * docker-credential-secretservice writes, labelled with the host. */
void
rt_test_assert_docker_item (const char *host,
                            const char *username,
                            const char *secret)
{
  GList *items = rt_test_find_items ("server", host, NULL);
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  SecretItem *item;

  g_assert_cmpuint (g_list_length (items), ==, 1);
  item = items->data;

  attributes = secret_item_get_attributes (item);
  g_assert_cmpuint (g_hash_table_size (attributes), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "label"), ==, "Docker Credentials");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "server"), ==, host);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "username"), ==, username);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "docker_cli"), ==, "1");
  /* Added by libsecret; docker-credential-secretservice checks it. */
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, "io.docker.Credentials");

  label = secret_item_get_label (item);
  g_assert_cmpstr (label, ==, host);
  rt_test_assert_item_secret (item, secret);

  g_list_free_full (items, g_object_unref);
}

void
rt_test_assert_no_items (const char *key,
                         const char *value)
{
  GList *items = rt_test_find_items (key, value, NULL);

  g_assert_cmpuint (g_list_length (items), ==, 0);
}

void
rt_test_store_unkeyed_access_key (const char *server,
                                  const char *key)
{
  static const SecretSchema schema = {
    "io.github.regtokens.RegistryTokens.AccessKey", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  g_autoptr(GError) error = NULL;

  secret_password_store_sync (&schema, SECRET_COLLECTION_DEFAULT, "Registry Tokens access key",
                              key, NULL, &error, "server", server, NULL);
  g_assert_no_error (error);
}
