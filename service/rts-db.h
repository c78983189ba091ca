/* rts-db.h: the SQLite connection, its schema and transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define RTS_DB_ERROR (rts_db_error_quark ())

typedef enum
{
  RTS_DB_ERROR_FAILED,
  RTS_DB_ERROR_CONSTRAINT,
  RTS_DB_ERROR_TOO_NEW,
} RtsDbError;

typedef enum
{
  RTS_STEP_ERROR,
  RTS_STEP_ROW,
  RTS_STEP_DONE,
} RtsStep;

typedef struct _RtsDb          RtsDb;
typedef struct _RtsTransaction RtsTransaction;
/* A statement the connection keeps (rts_db_prepare_cached()). */
typedef sqlite3_stmt           RtsCachedStmt;

GQuark          rts_db_error_quark       (void);

RtsDb          *rts_db_open              (const char      *path,
                                          GError         **error);
void            rts_db_free              (RtsDb           *db);

sqlite3_stmt   *rts_db_prepare           (RtsDb           *db,
                                          const char      *sql,
                                          GError         **error);
RtsCachedStmt  *rts_db_prepare_cached    (RtsDb           *db,
                                          const char      *sql,
                                          GError         **error);
RtsCachedStmt  *rts_db_query_cached      (RtsDb           *db,
                                          GError         **error,
                                          const char      *sql,
                                          ...) G_GNUC_NULL_TERMINATED;
void            rts_db_release           (RtsCachedStmt   *stmt);
sqlite3_stmt   *rts_db_query             (RtsDb           *db,
                                          GError         **error,
                                          const char      *sql,
                                          ...) G_GNUC_NULL_TERMINATED;
gboolean        rts_db_exec              (RtsDb           *db,
                                          GError         **error,
                                          const char      *sql,
                                          ...) G_GNUC_NULL_TERMINATED;
gboolean        rts_db_exists            (RtsDb           *db,
                                          gboolean        *out_exists,
                                          GError         **error,
                                          const char      *sql,
                                          ...) G_GNUC_NULL_TERMINATED;
RtsStep         rts_db_step              (RtsDb           *db,
                                          sqlite3_stmt    *stmt,
                                          GError         **error);
gboolean        rts_db_step_exists       (RtsDb           *db,
                                          sqlite3_stmt    *stmt,
                                          gboolean        *out_exists,
                                          GError         **error);
void            rts_db_bind_text         (sqlite3_stmt    *stmt,
                                          int              index,
                                          const char      *value);
char           *rts_db_column_dup        (sqlite3_stmt    *stmt,
                                          int              column);
const char     *rts_db_column_text       (sqlite3_stmt    *stmt,
                                          int              column);

RtsTransaction *rts_transaction_begin    (RtsDb           *db,
                                          gboolean         write,
                                          GError         **error);
gboolean        rts_transaction_commit   (RtsTransaction  *tx,
                                          GError         **error);
void            rts_transaction_free     (RtsTransaction  *tx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsDb, rts_db_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsTransaction, rts_transaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsCachedStmt, rts_db_release)

G_END_DECLS
