/* rts-store.c: projects, users, access keys, subscriptions and products
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rts-clock.h"
#include "rts-store.h"

void
rts_caller_free (RtsCaller *caller)
{
  if (caller == NULL)
    return;

  g_free (caller->user_id);
  g_free (caller->user_name);
  g_free (caller->email);
  g_free (caller->project_id);
  g_free (caller->project_name);
  g_free (caller->registry);
  g_free (caller);
}

/* Returns NULL without setting error when no user has that key. */
RtsCaller *
rts_store_lookup_caller (RtsDb       *db,
                         const char  *key_hash,
                         GError     **error)
{
  g_autoptr(RtsCachedStmt) stmt = NULL;
  RtsCaller *caller;
  RtsStep step;

  /* Cached, like the revision's: every request asks. */
  stmt = rts_db_query_cached (db, error,
                       "SELECT u.id, u.name, u.email, u.role, p.id, p.name, p.registry "
                       "FROM access_keys k "
                       "JOIN users u ON u.id = k.user_id "
                       "JOIN projects p ON p.id = u.project_id "
                       "WHERE k.key_hash = ?1",
                       key_hash, NULL);
  if (stmt == NULL)
    return NULL;

  step = rts_db_step (db, stmt, error);
  if (step != RTS_STEP_ROW)
    return NULL;

  caller = g_new0 (RtsCaller, 1);
  caller->user_id = rts_db_column_dup (stmt, 0);
  caller->user_name = rts_db_column_dup (stmt, 1);
  caller->email = rts_db_column_dup (stmt, 2);
  caller->is_admin = g_strcmp0 (rts_db_column_text (stmt, 3), "admin") == 0;
  caller->project_id = rts_db_column_dup (stmt, 4);
  caller->project_name = rts_db_column_dup (stmt, 5);
  caller->registry = rts_db_column_dup (stmt, 6);

  return caller;
}

/* Returns NULL without setting error when the database has no project. */
char *
rts_store_first_project (RtsDb   *db,
                         GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = rts_db_query (db, error, "SELECT id FROM projects ORDER BY rowid LIMIT 1", NULL);
  if (stmt == NULL || rts_db_step (db, stmt, error) != RTS_STEP_ROW)
    return NULL;

  return rts_db_column_dup (stmt, 0);
}

/* Called in the transaction of every token or subscription change: the
 * revision is what the token list's ETag is derived from. */
gboolean
rts_store_bump_revision (RtsDb       *db,
                         const char  *project_id,
                         GError     **error)
{
  return rts_db_exec (db, error,
                      "UPDATE projects SET revision = revision + 1 WHERE id = ?1",
                      project_id, NULL);
}

gboolean
rts_store_get_revision (RtsDb       *db,
                        const char  *project_id,
                        gint64      *out_revision,
                        GError     **error)
{
  g_autoptr(RtsCachedStmt) stmt = NULL;

  stmt = rts_db_query_cached (db, error, "SELECT revision FROM projects WHERE id = ?1",
                              project_id, NULL);
  if (stmt == NULL)
    return FALSE;

  switch (rts_db_step (db, stmt, error))
    {
    case RTS_STEP_ROW:
      *out_revision = sqlite3_column_int64 (stmt, 0);
      return TRUE;

    case RTS_STEP_DONE:
      *out_revision = 0;
      return TRUE;

    case RTS_STEP_ERROR:
    default:
      return FALSE;
    }
}

gboolean
rts_store_add_access_key (RtsDb       *db,
                          const char  *user_id,
                          const char  *key_hash,
                          GError     **error)
{
  g_autofree char *now = rts_clock_timestamp ();

  return rts_db_exec (db, error,
                      "INSERT INTO access_keys (key_hash, user_id, created_at) "
                      "VALUES (?1, ?2, ?3)",
                      key_hash, user_id, now, NULL);
}

gboolean
rts_store_service_user_exists (RtsDb       *db,
                               const char  *project_id,
                               const char  *service_user_id,
                               gboolean    *out_exists,
                               GError     **error)
{
  return rts_db_exists (db, out_exists, error,
                        "SELECT 1 FROM service_users WHERE project_id = ?1 AND id = ?2",
                        project_id, service_user_id, NULL);
}

/* A Product from a row selecting (id, name, version,
 * RTS_PRODUCT_REPOSITORIES). */
JsonObject *
rts_store_product_from_row (sqlite3_stmt *stmt)
{
  JsonObject *product = json_object_new ();
  JsonArray *repositories = json_array_new ();
  const char *joined = rts_db_column_text (stmt, 3);

  if (joined != NULL)
    {
      g_auto(GStrv) names = g_strsplit (joined, " ", -1);

      for (guint i = 0; names[i] != NULL; i++)
        json_array_add_string_element (repositories, names[i]);
    }

  json_object_set_string_member (product, "id", rts_db_column_text (stmt, 0));
  json_object_set_string_member (product, "name", rts_db_column_text (stmt, 1));
  json_object_set_string_member (product, "version", rts_db_column_text (stmt, 2));
  json_object_set_array_member (product, "repositories", repositories);

  return product;
}

/* Turns the rows of a statement selecting (id, name, version,
 * RTS_PRODUCT_REPOSITORIES) into an array of Product objects. */
JsonArray *
rts_store_collect_products (RtsDb         *db,
                            sqlite3_stmt  *stmt,
                            GError       **error)
{
  g_autoptr(JsonArray) products = json_array_new ();
  RtsStep step;

  while ((step = rts_db_step (db, stmt, error)) == RTS_STEP_ROW)
    json_array_add_object_element (products, rts_store_product_from_row (stmt));

  if (step == RTS_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&products);
}

JsonArray *
rts_store_active_products (RtsDb       *db,
                           const char  *project_id,
                           const char  *today,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* A subscription is active through its end date, in UTC. */
  stmt = rts_db_query (db, error,
                       "SELECT DISTINCT p.id, p.name, p.version, " RTS_PRODUCT_REPOSITORIES " "
                       "FROM subscriptions s "
                       "JOIN subscription_products sp ON sp.subscription_id = s.id "
                       "JOIN products p ON p.project_id = s.project_id AND p.id = sp.product_id "
                       "WHERE s.project_id = ?1 AND s.end_date >= ?2 "
                       "ORDER BY p.name, p.id",
                       project_id, today, NULL);
  if (stmt == NULL)
    return NULL;

  return rts_store_collect_products (db, stmt, error);
}

static JsonArray *
subscription_products (RtsDb       *db,
                       const char  *project_id,
                       const char  *subscription_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = rts_db_query (db, error,
                       "SELECT p.id, p.name, p.version, " RTS_PRODUCT_REPOSITORIES " "
                       "FROM subscription_products sp "
                       "JOIN products p ON p.project_id = ?1 AND p.id = sp.product_id "
                       "WHERE sp.subscription_id = ?2 "
                       "ORDER BY p.name, p.id",
                       project_id, subscription_id, NULL);
  if (stmt == NULL)
    return NULL;

  return rts_store_collect_products (db, stmt, error);
}

JsonNode *
rts_store_subscriptions_json (RtsDb       *db,
                              const char  *project_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) subscriptions = json_array_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  RtsStep step;

  stmt = rts_db_query (db, error,
                       "SELECT id, end_date FROM subscriptions WHERE project_id = ?1 "
                       "ORDER BY end_date, id",
                       project_id, NULL);
  if (stmt == NULL)
    return NULL;

  while ((step = rts_db_step (db, stmt, error)) == RTS_STEP_ROW)
    {
      const char *id = rts_db_column_text (stmt, 0);
      JsonObject *subscription;
      JsonArray *products;

      if (!(products = subscription_products (db, project_id, id, error)))
        return NULL;

      subscription = json_object_new ();
      json_object_set_string_member (subscription, "id", id);
      json_object_set_string_member (subscription, "end_date", rts_db_column_text (stmt, 1));
      json_object_set_array_member (subscription, "products", products);
      json_array_add_object_element (subscriptions, subscription);
    }

  if (step == RTS_STEP_ERROR)
    return NULL;

  json_object_set_array_member (root, "subscriptions", g_steal_pointer (&subscriptions));

  return json_node_init_object (json_node_alloc (), root);
}

JsonNode *
rts_store_service_users_json (RtsDb       *db,
                              const char  *project_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) service_users = json_array_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  RtsStep step;

  stmt = rts_db_query (db, error,
                       "SELECT id, name FROM service_users WHERE project_id = ?1 "
                       "ORDER BY name, id",
                       project_id, NULL);
  if (stmt == NULL)
    return NULL;

  while ((step = rts_db_step (db, stmt, error)) == RTS_STEP_ROW)
    {
      JsonObject *service_user = json_object_new ();

      json_object_set_string_member (service_user, "id", rts_db_column_text (stmt, 0));
      json_object_set_string_member (service_user, "name", rts_db_column_text (stmt, 1));
      json_array_add_object_element (service_users, service_user);
    }

  if (step == RTS_STEP_ERROR)
    return NULL;

  json_object_set_array_member (root, "service_users", g_steal_pointer (&service_users));

  return json_node_init_object (json_node_alloc (), root);
}
