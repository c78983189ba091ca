/* rts-db.c: the SQLite connection, its schema and transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <sys/stat.h>

#include "rts-db.h"

struct _RtsDb
{
  sqlite3    *handle;
  GHashTable *cached;   /* SQL → sqlite3_stmt, see rts_db_prepare_cached() */
};

struct _RtsTransaction
{
  RtsDb    *db;
  gboolean  open;
};

/* Each entry moves the schema one version up; entry i yields user_version
 * i + 1. Never edit a released entry: append a new one instead. */
static const char * const migrations[] = {
  "CREATE TABLE projects ("
  "  id        TEXT PRIMARY KEY,"
  "  name      TEXT NOT NULL,"
  "  registry  TEXT NOT NULL,"
  "  revision  INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE users ("
  "  id          TEXT PRIMARY KEY,"
  "  project_id  TEXT NOT NULL REFERENCES projects (id),"
  "  name        TEXT NOT NULL,"
  "  email       TEXT NOT NULL,"
  "  role        TEXT NOT NULL CHECK (role IN ('member', 'admin'))"
  ");"
  "CREATE TABLE access_keys ("
  "  key_hash    TEXT PRIMARY KEY,"
  "  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  created_at  TEXT NOT NULL"
  ");"
  "CREATE TABLE service_users ("
  "  id          TEXT PRIMARY KEY,"
  "  project_id  TEXT NOT NULL REFERENCES projects (id),"
  "  name        TEXT NOT NULL"
  ");"
  "CREATE TABLE products ("
  "  project_id  TEXT NOT NULL REFERENCES projects (id),"
  "  id          TEXT NOT NULL,"
  "  name        TEXT NOT NULL,"
  "  version     TEXT NOT NULL,"
  "  PRIMARY KEY (project_id, id)"
  ");"
  "CREATE TABLE subscriptions ("
  "  id          TEXT PRIMARY KEY,"
  "  project_id  TEXT NOT NULL REFERENCES projects (id),"
  "  end_date    TEXT NOT NULL"
  ");"
  "CREATE TABLE subscription_products ("
  "  subscription_id  TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,"
  "  product_id       TEXT NOT NULL,"
  "  PRIMARY KEY (subscription_id, product_id)"
  ");"
  "CREATE TABLE tokens ("
  "  id                   TEXT PRIMARY KEY,"
  "  project_id           TEXT NOT NULL REFERENCES projects (id),"
  "  name                 TEXT NOT NULL,"
  "  type                 TEXT NOT NULL CHECK (type IN ('user', 'service')),"
  "  created_for_user     TEXT REFERENCES users (id),"
  "  created_for_service  TEXT REFERENCES service_users (id),"
  "  created_by           TEXT NOT NULL REFERENCES users (id),"
  "  secret_hash          TEXT NOT NULL,"
  "  created_at           TEXT NOT NULL,"
  "  last_used_at         TEXT,"
  "  CHECK ((type = 'user') = (created_for_user IS NOT NULL)),"
  "  CHECK ((type = 'service') = (created_for_service IS NOT NULL))"
  ");"
  "CREATE UNIQUE INDEX tokens_project_name ON tokens (project_id, name COLLATE NOCASE);"
  "CREATE INDEX tokens_order ON tokens (project_id, created_at DESC, id DESC);"
  "CREATE TABLE token_products ("
  "  token_id    TEXT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,"
  "  product_id  TEXT NOT NULL,"
  "  PRIMARY KEY (token_id, product_id)"
  ");",

  /* Idempotency-Key → token of a successful create or regenerate, never
   * the secret; created_us is wall-clock microseconds. */
  "CREATE TABLE IF NOT EXISTS idempotency_keys ("
  "  user_id      TEXT NOT NULL,"
  "  key          TEXT NOT NULL,"
  "  fingerprint  TEXT NOT NULL,"
  "  token_id     TEXT NOT NULL,"
  "  created_us   INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, key)"
  ");"
  "CREATE INDEX IF NOT EXISTS idempotency_keys_age ON idempotency_keys (created_us);",
  /* The registry repositories each product grants pull on. IF NOT EXISTS:
   * this step may be renumbered when branches merge. */
  "CREATE TABLE IF NOT EXISTS product_repositories ("
  "  project_id  TEXT NOT NULL,"
  "  product_id  TEXT NOT NULL,"
  "  repository  TEXT NOT NULL,"
  "  PRIMARY KEY (project_id, product_id, repository),"
  "  FOREIGN KEY (project_id, product_id) REFERENCES products (project_id, id)"
  ");",
};

G_DEFINE_QUARK (rts-db-error-quark, rts_db_error)

static void
set_sqlite_error (GError     **error,
                  RtsDb       *db,
                  int          rc,
                  const char  *what)
{
  RtsDbError code = RTS_DB_ERROR_FAILED;

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    code = RTS_DB_ERROR_CONSTRAINT;

  g_set_error (error, RTS_DB_ERROR, code, "%s: %s (%d)",
               what, sqlite3_errmsg (db->handle), rc);
}

sqlite3_stmt *
rts_db_prepare (RtsDb       *db,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  rc = sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, "Could not prepare a statement");
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/* Returns the statement for sql, prepared on the first call and kept until
 * the database is closed: the token list's statements take longer to
 * prepare than a page of rows takes to read. The statement is the
 * connection's; release it with rts_db_release() (g_autoptr(RtsCachedStmt)
 * does) before the same sql is asked for again. */
RtsCachedStmt *
rts_db_prepare_cached (RtsDb       *db,
                       const char  *sql,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if ((stmt = g_hash_table_lookup (db->cached, sql)) != NULL)
    {
      g_assert (!sqlite3_stmt_busy (stmt));
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, "Could not prepare a statement");
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (db->cached, g_strdup (sql), stmt);

  return stmt;
}

/* Resets a statement from rts_db_prepare_cached() for its next use. */
void
rts_db_release (RtsCachedStmt *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

void
rts_db_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static sqlite3_stmt *
bind_valist (sqlite3_stmt *stmt,
             va_list       args)
{
  const char *value;
  int index = 1;

  if (stmt == NULL)
    return NULL;

  while ((value = va_arg (args, const char *)) != NULL)
    rts_db_bind_text (stmt, index++, value);

  return stmt;
}

static sqlite3_stmt *
prepare_valist (RtsDb       *db,
                GError     **error,
                const char  *sql,
                va_list      args)
{
  return bind_valist (rts_db_prepare (db, sql, error), args);
}

/* Prepares sql and binds the NULL-terminated text arguments to ?1, ?2, … */
sqlite3_stmt *
rts_db_query (RtsDb       *db,
              GError     **error,
              const char  *sql,
              ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, sql);
  stmt = prepare_valist (db, error, sql, args);
  va_end (args);

  return stmt;
}

/* rts_db_query() for a statement the connection keeps: release it with
 * rts_db_release(), not sqlite3_finalize(). */
RtsCachedStmt *
rts_db_query_cached (RtsDb       *db,
                     GError     **error,
                     const char  *sql,
                     ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, sql);
  stmt = bind_valist (rts_db_prepare_cached (db, sql, error), args);
  va_end (args);

  return stmt;
}

RtsStep
rts_db_step (RtsDb         *db,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return RTS_STEP_ROW;
  if (rc == SQLITE_DONE)
    return RTS_STEP_DONE;

  set_sqlite_error (error, db, rc, "Could not run a statement");

  return RTS_STEP_ERROR;
}

/* Whether @stmt yields a row; FALSE only on an error. */
gboolean
rts_db_step_exists (RtsDb         *db,
                    sqlite3_stmt  *stmt,
                    gboolean      *out_exists,
                    GError       **error)
{
  RtsStep step = rts_db_step (db, stmt, error);

  *out_exists = step == RTS_STEP_ROW;

  return step != RTS_STEP_ERROR;
}

/* Whether a query with NULL-terminated text arguments yields a row. */
gboolean
rts_db_exists (RtsDb       *db,
               gboolean    *out_exists,
               GError     **error,
               const char  *sql,
               ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;

  va_start (args, sql);
  stmt = prepare_valist (db, error, sql, args);
  va_end (args);

  if (stmt == NULL)
    return FALSE;

  return rts_db_step_exists (db, stmt, out_exists, error);
}

/* Runs one statement with NULL-terminated text arguments to completion. */
gboolean
rts_db_exec (RtsDb       *db,
             GError     **error,
             const char  *sql,
             ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RtsStep step;
  va_list args;

  va_start (args, sql);
  stmt = prepare_valist (db, error, sql, args);
  va_end (args);

  if (stmt == NULL)
    return FALSE;

  while ((step = rts_db_step (db, stmt, error)) == RTS_STEP_ROW)
    ;

  return step == RTS_STEP_DONE;
}

const char *
rts_db_column_text (sqlite3_stmt *stmt,
                    int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

char *
rts_db_column_dup (sqlite3_stmt *stmt,
                   int           column)
{
  return g_strdup (rts_db_column_text (stmt, column));
}

static gboolean
exec_script (RtsDb       *db,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, "Could not run a script");
      return FALSE;
    }

  return TRUE;
}

RtsTransaction *
rts_transaction_begin (RtsDb     *db,
                       gboolean   write,
                       GError   **error)
{
  RtsTransaction *tx;

  g_return_val_if_fail (db != NULL, NULL);

  /* IMMEDIATE takes the write lock up front, so a writer never fails half
   * way with SQLITE_BUSY after it has read; busy_timeout covers the wait. */
  if (!exec_script (db, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", error))
    return NULL;

  tx = g_new0 (RtsTransaction, 1);
  tx->db = db;
  tx->open = TRUE;

  return tx;
}

gboolean
rts_transaction_commit (RtsTransaction  *tx,
                        GError         **error)
{
  g_return_val_if_fail (tx != NULL, FALSE);
  g_return_val_if_fail (tx->open, FALSE);

  if (!exec_script (tx->db, "COMMIT", error))
    return FALSE;

  tx->open = FALSE;

  return TRUE;
}

/* Rolls back unless committed, so an early return undoes every change. */
void
rts_transaction_free (RtsTransaction *tx)
{
  if (tx == NULL)
    return;

  if (tx->open)
    {
      g_autoptr(GError) error = NULL;

      if (!exec_script (tx->db, "ROLLBACK", &error))
        g_warning ("%s", error->message);
    }

  g_free (tx);
}

static gboolean
read_user_version (RtsDb   *db,
                   int     *out_version,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = rts_db_prepare (db, "PRAGMA user_version", error);

  if (stmt == NULL || rts_db_step (db, stmt, error) != RTS_STEP_ROW)
    return FALSE;

  *out_version = sqlite3_column_int (stmt, 0);

  return TRUE;
}

static gboolean
migrate (RtsDb   *db,
         GError **error)
{
  const int latest = G_N_ELEMENTS (migrations);
  g_autoptr(RtsTransaction) tx = NULL;
  int version;

  /* Read the version inside the write transaction so that two processes
   * opening a fresh database never both run the same migration. */
  if (!(tx = rts_transaction_begin (db, TRUE, error)) ||
      !read_user_version (db, &version, error))
    return FALSE;

  if (version > latest)
    {
      g_set_error (error, RTS_DB_ERROR, RTS_DB_ERROR_TOO_NEW,
                   "The database has schema version %d, newer than this "
                   "service knows (%d)", version, latest);
      return FALSE;
    }

  for (; version < latest; version++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      g_debug ("Migrating the database to schema version %d", version + 1);

      if (!exec_script (db, migrations[version], error) ||
          !exec_script (db, pragma, error))
        return FALSE;
    }

  return rts_transaction_commit (tx, error);
}

RtsDb *
rts_db_open (const char  *path,
             GError     **error)
{
  g_autoptr(RtsDb) db = g_new0 (RtsDb, 1);
  mode_t old_mask;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  db->cached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) sqlite3_finalize);

  /* A new database holds every secret's hash: only the user may read it,
   * like its folder. SQLite creates the -wal and -shm files in its mode. */
  /* NOMUTEX: the connection is only ever used from the thread that opened
   * it, and SQLite's per-call locking was a tenth of a token page's time. */
  old_mask = umask (0077);
  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db->handle, "PRAGMA schema_version", NULL, NULL, NULL);
  umask (old_mask);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RTS_DB_ERROR, RTS_DB_ERROR_FAILED,
                   "Could not open %s: %s", path,
                   db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  /* The busy timeout comes first: switching to WAL needs a lock when the
   * command-line tools run beside a server. */
  sqlite3_busy_timeout (db->handle, 5000);

  if (!exec_script (db, "PRAGMA journal_mode = WAL", error) ||
      !exec_script (db, "PRAGMA synchronous = NORMAL", error) ||
      !exec_script (db, "PRAGMA foreign_keys = ON", error) ||
      !migrate (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
rts_db_free (RtsDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->cached, g_hash_table_unref);

  /* sqlite3_close_v2 checkpoints the WAL when it is the last connection. */
  if (db->handle != NULL && sqlite3_close_v2 (db->handle) != SQLITE_OK)
    g_warning ("Could not close the database: %s", sqlite3_errmsg (db->handle));

  g_free (db);
}
