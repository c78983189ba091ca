/* rts-demo.c: demo data and the command-line changes to a database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rts-clock.h"
#include "rts-demo.h"
#include "rts-store.h"
#include "rts-tokens.h"

#define DEMO_PROJECT "acme"

typedef struct
{
  const char *id;
  int         days_from_today;
  const char *products[4];
} DemoSubscription;

typedef struct
{
  const char *id;
  const char *name;
  const char *type;
  const char *created_for;
  const char *created_by;
  int         days_ago;
  const char *products[5];
} DemoToken;

/* id, name, version, registry repository */
static const char * const demo_products[][4] = {
  { "edge-os", "Edge OS", "2.1", "edge-os/base" },
  { "fleet-manager", "Fleet Manager", "1.4", "fleet-manager/agent" },
  { "vision-kit", "Vision Kit", "3.0", "vision-kit/camera" },
  { "motion-sdk", "Motion SDK", "5.2", "motion-sdk/runtime" },
  { "data-lake", "Data Lake", "1.0", "data-lake/ingest" },
};

static const DemoSubscription demo_subscriptions[] = {
  { "sub_legacy", -45, { "edge-os", "fleet-manager" } },
  { "sub_vision", 20, { "vision-kit" } },
  { "sub_platform", 300, { "motion-sdk", "data-lake", "fleet-manager" } },
};

static const DemoToken demo_tokens[] = {
  { "tok_demo1", "ci-pipeline", "user", "u_mia", "u_mia", 10,
    { "vision-kit", "motion-sdk", "data-lake", "fleet-manager" } },
  { "tok_demo2", "laptop-mia", "user", "u_mia", "u_mia", 200, { "edge-os" } },
  { "tok_demo3", "staging-pull", "user", "u_mia", "u_mia", 60, { "vision-kit" } },
  { "tok_demo4", "prod-cluster", "service", "svc_deploy", "u_ada", 30,
    { "motion-sdk", "data-lake", "fleet-manager" } },
  { "tok_demo5", "old-build-farm", "user", "u_ada", "u_ada", 365, { "edge-os" } },
  { "tok_demo6", "ada-workstation", "user", "u_ada", "u_ada", 5,
    { "vision-kit", "motion-sdk" } },
};

/* Midnight UTC of today, from which every demo date is counted. */
static GDateTime *
demo_anchor (void)
{
  g_autoptr(GDateTime) now = rts_clock_now ();

  return g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), 0, 0, 0);
}

static gboolean
seed_people (RtsDb       *db,
             const char  *registry,
             GError     **error)
{
  return rts_db_exec (db, error,
                      "INSERT INTO projects (id, name, registry) VALUES (?1, 'Acme Robotics', ?2)",
                      DEMO_PROJECT, registry, NULL) &&
         rts_db_exec (db, error,
                      "INSERT INTO users (id, project_id, name, email, role) VALUES "
                      "('u_mia', ?1, 'Mia Member', 'mia@acme.example', 'member'), "
                      "('u_ada', ?1, 'Ada Admin', 'ada@acme.example', 'admin')",
                      DEMO_PROJECT, NULL) &&
         rts_db_exec (db, error,
                      "INSERT INTO service_users (id, project_id, name) VALUES "
                      "('svc_deploy', ?1, 'deploy-bot'), ('svc_ci', ?1, 'ci-bot')",
                      DEMO_PROJECT, NULL);
}

static gboolean
seed_subscriptions (RtsDb      *db,
                    GDateTime  *anchor,
                    GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_products); i++)
    {
      if (!rts_db_exec (db, error,
                        "INSERT INTO products (project_id, id, name, version) "
                        "VALUES (?1, ?2, ?3, ?4)",
                        DEMO_PROJECT, demo_products[i][0], demo_products[i][1],
                        demo_products[i][2], NULL))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_subscriptions); i++)
    {
      const DemoSubscription *sub = &demo_subscriptions[i];
      g_autoptr(GDateTime) end = g_date_time_add_days (anchor, sub->days_from_today);
      g_autofree char *end_date = rts_format_date (end);

      if (!rts_db_exec (db, error,
                        "INSERT INTO subscriptions (id, project_id, end_date) VALUES (?1, ?2, ?3)",
                        sub->id, DEMO_PROJECT, end_date, NULL))
        return FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (sub->products) && sub->products[j]; j++)
        {
          if (!rts_db_exec (db, error,
                            "INSERT INTO subscription_products (subscription_id, product_id) "
                            "VALUES (?1, ?2)",
                            sub->id, sub->products[j], NULL))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
seed_token (RtsDb            *db,
            GDateTime        *anchor,
            const DemoToken  *demo,
            GError          **error)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (anchor, -demo->days_ago);
  g_autoptr(GDateTime) created = g_date_time_add_full (day, 0, 0, 0, 9, 30, 0);
  g_autoptr(GDateTime) used_day = g_date_time_add_days (anchor, -1);
  g_autoptr(GDateTime) used = g_date_time_add_full (used_day, 0, 0, 0, 18, 0, 0);
  g_autofree char *created_at = rts_format_timestamp (created);
  g_autofree char *last_used_at = rts_format_timestamp (used);
  g_autoptr(RtsSecret) secret = NULL;
  g_autofree char *secret_hash = NULL;
  gboolean is_user = strcmp (demo->type, "user") == 0;
  RtsNewToken token = {
    .id = demo->id,
    .project_id = DEMO_PROJECT,
    .name = demo->name,
    .type = demo->type,
    .created_for_user = is_user ? demo->created_for : NULL,
    .created_for_service = is_user ? NULL : demo->created_for,
    .created_by = demo->created_by,
    .created_at = created_at,
    .last_used_at = strcmp (demo->id, "tok_demo1") == 0 ? last_used_at : NULL,
  };

  /* Demo secrets are drawn like real ones, hashed and forgotten. */
  if (!(secret = rts_random_secret (RTS_SECRET_PREFIX, error)))
    return FALSE;
  secret_hash = rts_sha256_hex (secret, -1);
  token.secret_hash = secret_hash;

  if (!rts_tokens_insert (db, &token, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo->products) && demo->products[i]; i++)
    {
      if (!rts_db_exec (db, error,
                        "INSERT INTO token_products (token_id, product_id) VALUES (?1, ?2)",
                        demo->id, demo->products[i], NULL))
        return FALSE;
    }

  return TRUE;
}

/* Gives the demo products their repositories, also in a database seeded
 * before products had repositories. */
static gboolean
seed_repositories (RtsDb   *db,
                   GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_products); i++)
    {
      if (!rts_db_exec (db, error,
                        "INSERT OR IGNORE INTO product_repositories "
                        "  (project_id, product_id, repository) "
                        "SELECT project_id, id, ?3 FROM products "
                        "WHERE project_id = ?1 AND id = ?2",
                        DEMO_PROJECT, demo_products[i][0], demo_products[i][3], NULL))
        return FALSE;
    }

  return TRUE;
}

/* Seeds the demo project in one transaction unless the database already
 * has a project; *out_seeded tells which. */
gboolean
rts_demo_seed (RtsDb       *db,
               const char  *registry,
               gboolean    *out_seeded,
               GError     **error)
{
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(GDateTime) anchor = demo_anchor ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *project = NULL;

  *out_seeded = FALSE;

  if (!(tx = rts_transaction_begin (db, TRUE, error)))
    return FALSE;

  project = rts_store_first_project (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (project != NULL)
    return seed_repositories (db, error) && rts_transaction_commit (tx, error);

  if (!seed_people (db, registry, error) || !seed_subscriptions (db, anchor, error) ||
      !seed_repositories (db, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_tokens); i++)
    {
      if (!seed_token (db, anchor, &demo_tokens[i], error))
        return FALSE;
    }

  if (!rts_store_bump_revision (db, DEMO_PROJECT, error) ||
      !rts_transaction_commit (tx, error))
    return FALSE;

  *out_seeded = TRUE;

  return TRUE;
}

/* Adds a fresh access key for the user; earlier keys stay valid. */
static RtsSecret *
issue_key (RtsDb       *db,
           const char  *user_id,
           GError     **error)
{
  g_autoptr(RtsSecret) key = rts_random_secret (RTS_ACCESS_KEY_PREFIX, error);
  g_autofree char *key_hash = NULL;

  if (key == NULL)
    return NULL;

  key_hash = rts_sha256_hex (key, -1);
  if (!rts_store_add_access_key (db, user_id, key_hash, error))
    return NULL;

  return g_steal_pointer (&key);
}

RtsSecret *
rts_demo_issue_key (RtsDb       *db,
                    const char  *user_id,
                    GError     **error)
{
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(RtsSecret) key = NULL;

  if (!(tx = rts_transaction_begin (db, TRUE, error)) ||
      !(key = issue_key (db, user_id, error)) ||
      !rts_transaction_commit (tx, error))
    return NULL;

  return g_steal_pointer (&key);
}

static char *
require_project (RtsDb   *db,
                 GError **error)
{
  g_autoptr(GError) local_error = NULL;
  char *project = rts_store_first_project (db, &local_error);

  if (project == NULL && local_error == NULL)
    g_set_error_literal (&local_error, RTS_DB_ERROR, RTS_DB_ERROR_FAILED,
                         "The database has no project yet; start the service once "
                         "with --demo to create one");
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return project;
}

static gboolean
count_users (RtsDb       *db,
             const char  *project_id,
             const char  *role,
             gint64      *out_count,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = rts_db_query (db, error,
                       "SELECT COUNT(*) FROM users WHERE project_id = ?1 AND role = ?2",
                       project_id, role, NULL);
  if (stmt == NULL || rts_db_step (db, stmt, error) != RTS_STEP_ROW)
    return FALSE;

  *out_count = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* Creates a new user with that role and returns a first access key. */
RtsSecret *
rts_demo_add_user (RtsDb       *db,
                   const char  *role,
                   GError     **error)
{
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(RtsSecret) key = NULL;
  g_autofree char *project = NULL;
  g_autofree char *user_id = rts_random_id ("u_", 6);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *number = NULL;
  gboolean is_admin = g_strcmp0 (role, "admin") == 0;
  gint64 count = 0;

  g_return_val_if_fail (is_admin || g_strcmp0 (role, "member") == 0, NULL);

  if (!(tx = rts_transaction_begin (db, TRUE, error)) ||
      !(project = require_project (db, error)) ||
      !count_users (db, project, role, &count, error))
    return NULL;

  number = g_strdup_printf ("%" G_GINT64_FORMAT, count + 1);
  name = g_strconcat (is_admin ? "Admin " : "Member ", number, NULL);
  email = g_strdup_printf ("%s%s@%s.example", role, number, project);

  if (!rts_db_exec (db, error,
                    "INSERT INTO users (id, project_id, name, email, role) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)",
                    user_id, project, name, email, role, NULL) ||
      !(key = issue_key (db, user_id, error)) ||
      !rts_transaction_commit (tx, error))
    return NULL;

  return g_steal_pointer (&key);
}

/* Adds a subscription with one product, creating or updating the product
 * and adding the repositories to it, and returns the new subscription's
 * id. */
char *
rts_demo_subscribe (RtsDb              *db,
                    const char         *product_id,
                    const char         *product_name,
                    const char         *product_version,
                    const char * const *repositories,
                    const char         *end_date,
                    GError            **error)
{
  g_autoptr(RtsTransaction) tx = NULL;
  g_autofree char *project = NULL;
  g_autofree char *subscription_id = rts_random_id ("sub_", 8);

  if (!(tx = rts_transaction_begin (db, TRUE, error)) ||
      !(project = require_project (db, error)))
    return NULL;

  if (!rts_db_exec (db, error,
                    "INSERT INTO products (project_id, id, name, version) "
                    "VALUES (?1, ?2, ?3, ?4) "
                    "ON CONFLICT (project_id, id) DO UPDATE "
                    "SET name = excluded.name, version = excluded.version",
                    project, product_id, product_name, product_version, NULL) ||
      !rts_db_exec (db, error,
                    "INSERT INTO subscriptions (id, project_id, end_date) VALUES (?1, ?2, ?3)",
                    subscription_id, project, end_date, NULL) ||
      !rts_db_exec (db, error,
                    "INSERT INTO subscription_products (subscription_id, product_id) "
                    "VALUES (?1, ?2)",
                    subscription_id, product_id, NULL))
    return NULL;

  for (guint i = 0; repositories != NULL && repositories[i] != NULL; i++)
    {
      if (!rts_db_exec (db, error,
                        "INSERT OR IGNORE INTO product_repositories "
                        "  (project_id, product_id, repository) VALUES (?1, ?2, ?3)",
                        project, product_id, repositories[i], NULL))
        return NULL;
    }

  if (!rts_store_bump_revision (db, project, error) ||
      !rts_transaction_commit (tx, error))
    return NULL;

  return g_steal_pointer (&subscription_id);
}

static gboolean
is_lower_alnum (char c)
{
  return g_ascii_islower (c) || g_ascii_isdigit (c);
}

/* Whether name is a repository name as the registry accepts it: path
 * components of lowercase letters and digits, joined inside a component
 * by one '.' or '_', two '_', or any number of '-'. */
gboolean
rts_is_valid_repository (const char *name)
{
  const char *p = name;

  if (name == NULL || *name == '\0' || strlen (name) > 255)
    return FALSE;

  while (TRUE)
    {
      if (!is_lower_alnum (*p))
        return FALSE;
      while (is_lower_alnum (*p))
        p++;

      if (*p == '\0')
        return TRUE;
      else if (*p == '/')
        p++;
      else if (*p == '.' || (*p == '_' && p[1] != '_'))
        p++;
      else if (*p == '_')
        p += 2;
      else if (*p == '-')
        {
          while (*p == '-')
            p++;
        }
      else
        return FALSE;
    }
}
