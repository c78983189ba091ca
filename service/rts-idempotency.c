/* rts-idempotency.c: replies kept for replay under an Idempotency-Key
 *
 * The replies of POST /tokens and regenerate-secret hold token secrets, so
 * they live in memory only, are bounded in number and age, and are wiped
 * (rts_reply_free) when dropped. Which token a key made is also recorded in
 * the database, without the secret, so that a replay after a restart is
 * told the secret is gone rather than run again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "rts-idempotency.h"

/* As long as a reply is kept in memory: 24 hours. */
#define RECORD_LIFETIME (24 * G_TIME_SPAN_HOUR)

typedef struct
{
  char     *scope;
  char     *fingerprint;
  RtsReply *reply;
  gint64    expires_at;
  GList     link;
} Entry;

struct _RtsIdempotency
{
  GHashTable *entries;    /* scope → Entry, owned */
  GQueue      order;      /* Entry links, oldest first */
  guint       max_entries;
  GTimeSpan   lifetime;
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->scope);
  g_free (entry->fingerprint);
  rts_reply_free (entry->reply);
  g_free (entry);
}

RtsIdempotency *
rts_idempotency_new (guint     max_entries,
                     GTimeSpan lifetime)
{
  RtsIdempotency *self;

  g_return_val_if_fail (max_entries > 0, NULL);

  self = g_new0 (RtsIdempotency, 1);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  g_queue_init (&self->order);
  self->max_entries = max_entries;
  self->lifetime = lifetime;

  return self;
}

void
rts_idempotency_free (RtsIdempotency *self)
{
  if (self == NULL)
    return;

  /* The queue only borrows the entries' embedded links. */
  g_queue_init (&self->order);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_free (self);
}

/* 1 to 255 printable ASCII characters, as the API contract says. */
gboolean
rts_idempotency_key_is_valid (const char *key)
{
  gsize length;

  if (key == NULL)
    return FALSE;

  length = strlen (key);
  if (length == 0 || length > 255)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (key[i] < 0x20 || key[i] > 0x7e)
        return FALSE;
    }

  return TRUE;
}

/* Only outcomes that a retry would repeat are kept: a 5xx may succeed on
 * the next attempt, so it must run again. */
gboolean
rts_idempotency_is_cacheable (const RtsReply *reply)
{
  return (reply->status >= 200 && reply->status < 300) ||
         reply->status == 409 || reply->status == 422;
}

char *
rts_idempotency_fingerprint (const char *method,
                             const char *path,
                             const char *body,
                             gsize       body_length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  /* The NUL separators keep "a"+"bc" apart from "ab"+"c". */
  g_checksum_update (checksum, (const guchar *) method, strlen (method) + 1);
  g_checksum_update (checksum, (const guchar *) path, strlen (path) + 1);
  if (body_length > 0)
    g_checksum_update (checksum, (const guchar *) body, body_length);

  return g_strdup (g_checksum_get_string (checksum));
}

static char *
make_scope (const char *user_id,
            const char *key)
{
  /* Keys are printable ASCII, so a newline cannot appear in either part. */
  return g_strconcat (user_id, "\n", key, NULL);
}

static void
drop_entry (RtsIdempotency *self,
            Entry          *entry)
{
  g_queue_unlink (&self->order, &entry->link);
  g_hash_table_remove (self->entries, entry->scope);
}

/* Every entry lives equally long, so the oldest expire first. */
static void
drop_expired (RtsIdempotency *self)
{
  gint64 now = g_get_monotonic_time ();
  GList *head;

  while ((head = g_queue_peek_head_link (&self->order)) != NULL)
    {
      Entry *entry = head->data;

      if (entry->expires_at > now)
        break;

      drop_entry (self, entry);
    }
}

RtsIdempotencyResult
rts_idempotency_lookup (RtsIdempotency  *self,
                        const char      *user_id,
                        const char      *key,
                        const char      *fingerprint,
                        RtsReply       **out_reply)
{
  g_autofree char *scope = make_scope (user_id, key);
  Entry *entry;

  g_return_val_if_fail (self != NULL, RTS_IDEMPOTENCY_MISS);
  g_return_val_if_fail (out_reply != NULL, RTS_IDEMPOTENCY_MISS);

  *out_reply = NULL;

  drop_expired (self);

  if (!(entry = g_hash_table_lookup (self->entries, scope)))
    return RTS_IDEMPOTENCY_MISS;

  if (strcmp (entry->fingerprint, fingerprint) != 0)
    return RTS_IDEMPOTENCY_MISMATCH;

  *out_reply = rts_reply_copy (entry->reply);

  return RTS_IDEMPOTENCY_HIT;
}

void
rts_idempotency_store (RtsIdempotency *self,
                       const char     *user_id,
                       const char     *key,
                       const char     *fingerprint,
                       const RtsReply *reply)
{
  g_autofree char *scope = make_scope (user_id, key);
  Entry *entry;

  g_return_if_fail (self != NULL);

  drop_expired (self);

  if ((entry = g_hash_table_lookup (self->entries, scope)))
    drop_entry (self, entry);

  while (g_hash_table_size (self->entries) >= self->max_entries)
    drop_entry (self, g_queue_peek_head (&self->order));

  entry = g_new0 (Entry, 1);
  entry->scope = g_steal_pointer (&scope);
  entry->fingerprint = g_strdup (fingerprint);
  entry->reply = rts_reply_copy (reply);
  entry->expires_at = g_get_monotonic_time () + self->lifetime;
  entry->link.data = entry;

  g_queue_push_tail_link (&self->order, &entry->link);
  g_hash_table_insert (self->entries, entry->scope, entry);
}

static char *
format_time (gint64 microseconds)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, microseconds);
}

/* Runs inside the transaction that made token_id, and drops expired
 * records on the way. */
gboolean
rts_idempotency_record (RtsDb       *db,
                        const char  *user_id,
                        const char  *key,
                        const char  *fingerprint,
                        const char  *token_id,
                        GError     **error)
{
  gint64 now = g_get_real_time ();
  g_autofree char *created = format_time (now);
  g_autofree char *expired = format_time (now - RECORD_LIFETIME);

  g_return_val_if_fail (db != NULL, FALSE);

  return rts_db_exec (db, error,
                      "DELETE FROM idempotency_keys WHERE created_us < ?1",
                      expired, NULL) &&
         rts_db_exec (db, error,
                      "INSERT OR REPLACE INTO idempotency_keys "
                      "(user_id, key, fingerprint, token_id, created_us) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)",
                      user_id, key, fingerprint, token_id, created, NULL);
}

/* HIT sets *out_token_id: the key made that token, but its secret is gone. */
RtsIdempotencyResult
rts_idempotency_find_record (RtsDb       *db,
                             const char  *user_id,
                             const char  *key,
                             const char  *fingerprint,
                             char       **out_token_id,
                             GError     **error)
{
  g_autofree char *expired = format_time (g_get_real_time () - RECORD_LIFETIME);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RtsStep step;

  g_return_val_if_fail (db != NULL, RTS_IDEMPOTENCY_ERROR);
  g_return_val_if_fail (out_token_id != NULL, RTS_IDEMPOTENCY_ERROR);

  *out_token_id = NULL;

  stmt = rts_db_query (db, error,
                       "SELECT fingerprint, token_id FROM idempotency_keys "
                       "WHERE user_id = ?1 AND key = ?2 AND created_us >= ?3",
                       user_id, key, expired, NULL);
  if (stmt == NULL || (step = rts_db_step (db, stmt, error)) == RTS_STEP_ERROR)
    return RTS_IDEMPOTENCY_ERROR;

  if (step == RTS_STEP_DONE)
    return RTS_IDEMPOTENCY_MISS;

  if (g_strcmp0 (rts_db_column_text (stmt, 0), fingerprint) != 0)
    return RTS_IDEMPOTENCY_MISMATCH;

  *out_token_id = rts_db_column_dup (stmt, 1);

  return RTS_IDEMPOTENCY_HIT;
}
