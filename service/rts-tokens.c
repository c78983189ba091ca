/* rts-tokens.c: reading and writing tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rts-clock.h"
#include "rts-json-writer.h"
#include "rts-random.h"
#include "rts-tokens.h"

/* Columns of a Token as the API shows it, in the order token_reader_write()
 * reads them; the last is the rowids of its products, which the reader
 * looks up among the project's products it has read once. CROSS JOIN: from
 * the token's few products rather than through all of the project's. */
#define TOKEN_COLUMNS \
  "t.id, t.name, t.type, t.project_id, t.created_at, t.last_used_at, " \
  "cb.name, COALESCE (cu.name, su.name), " \
  "(SELECT group_concat (p.rowid) FROM token_products tp " \
  "  CROSS JOIN products p ON p.project_id = t.project_id AND p.id = tp.product_id " \
  "  WHERE tp.token_id = t.id) "

#define TOKEN_FROM \
  "FROM tokens t " \
  "JOIN users cb ON cb.id = t.created_by " \
  "LEFT JOIN users cu ON cu.id = t.created_for_user " \
  "LEFT JOIN service_users su ON su.id = t.created_for_service "

/* ?1 project, ?2 caller user id, ?3 "1" when the caller is an admin. */
#define TOKEN_VISIBLE \
  "t.project_id = ?1 AND (?3 = '1' OR (t.type = 'user' AND t.created_for_user = ?2)) "

#define TOKEN_ORDER "ORDER BY t.created_at DESC, t.id DESC "

void
rts_position_free (RtsPosition *position)
{
  if (position == NULL)
    return;

  g_free (position->created_at);
  g_free (position->id);
  g_free (position);
}

char *
rts_position_encode (const RtsPosition *position)
{
  g_autofree char *plain = NULL;

  if (position->total >= 0)
    plain = g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                             position->created_at, position->id,
                             position->revision, position->total);
  else
    plain = g_strconcat (position->created_at, "|", position->id, NULL);

  return rts_base64url_encode ((const guint8 *) plain, strlen (plain));
}

static gboolean
is_valid_token_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/* Returns NULL when page_token was not made by rts_position_encode(). */
RtsPosition *
rts_position_decode (const char *page_token)
{
  g_autofree char *plain = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(RtsPosition) position = NULL;
  gsize length = 0;
  guint n_fields;

  plain = (char *) rts_base64url_decode (page_token, &length);
  if (plain == NULL || memchr (plain, '\0', length) != NULL)
    return NULL;

  /* g_base64_decode() leaves room for, but does not write, a terminator. */
  plain = g_realloc (plain, length + 1);
  plain[length] = '\0';

  fields = g_strsplit (plain, "|", 5);
  n_fields = g_strv_length (fields);
  if (n_fields != 2 && n_fields != 4)
    return NULL;

  position = g_new0 (RtsPosition, 1);
  position->created_at = g_strdup (fields[0]);
  position->id = g_strdup (fields[1]);
  position->total = -1;

  if (!rts_is_valid_timestamp (position->created_at) || !is_valid_token_id (position->id))
    return NULL;

  if (n_fields == 4)
    {
      guint64 revision, total;

      if (!g_ascii_string_to_unsigned (fields[2], 10, 0, G_MAXINT64, &revision, NULL) ||
          !g_ascii_string_to_unsigned (fields[3], 10, 0, G_MAXINT64, &total, NULL))
        return NULL;
      position->revision = (gint64) revision;
      position->total = (gint64) total;
    }

  return g_steal_pointer (&position);
}

#define TOKEN_PRODUCTS_SQL \
  "SELECT p.id, p.name, p.version, " RTS_PRODUCT_REPOSITORIES " " \
  "FROM token_products tp " \
  "JOIN products p ON p.project_id = ?1 AND p.id = tp.product_id " \
  "WHERE tp.token_id = ?2 " \
  "ORDER BY p.name, p.id"

JsonArray *
rts_tokens_products (RtsDb       *db,
                     const char  *project_id,
                     const char  *token_id,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = rts_db_query (db, error, TOKEN_PRODUCTS_SQL, project_id, token_id, NULL);
  if (stmt == NULL)
    return NULL;

  return rts_store_collect_products (db, stmt, error);
}

/* One of the project's products, as a token in a reply shows it. */
typedef struct
{
  gint64  rowid;
  guint   rank;       /* place in the order of products: name, id */
  char   *json;       /* the Product object */
  char   *end_date;   /* latest end date among subscriptions holding it */
} ProductEntry;

static void
product_entry_free (gpointer data)
{
  ProductEntry *entry = data;

  g_free (entry->json);
  g_free (entry->end_date);
  g_free (entry);
}

/* Writes the tokens of one reply. The project's products are read once,
 * with each one's JSON and end date, so that a row names its products by
 * rowid and a token costs one row of one statement. End dates are read
 * with every reply, so that a new or extended subscription shows at once. */
typedef struct
{
  const char *today;
  GHashTable *products;   /* &rowid → ProductEntry */
  GPtrArray  *scratch;    /* one token's ProductEntry, reused */
} TokenReader;

#define PROJECT_PRODUCTS_SQL \
  "SELECT p.id, p.name, p.version, " RTS_PRODUCT_REPOSITORIES ", p.rowid, " \
  "  (SELECT MAX (s.end_date) FROM subscriptions s " \
  "   JOIN subscription_products sp ON sp.subscription_id = s.id " \
  "   WHERE s.project_id = p.project_id AND sp.product_id = p.id) " \
  "FROM products p WHERE p.project_id = ?1 " \
  "ORDER BY p.name, p.id"

static gboolean
token_reader_init (TokenReader  *reader,
                   RtsDb        *db,
                   const char   *project_id,
                   const char   *today,
                   GError      **error)
{
  g_autoptr(RtsCachedStmt) stmt = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  RtsStep step;

  reader->today = today;
  reader->products = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                            product_entry_free);
  reader->scratch = g_ptr_array_new ();

  if (!(stmt = rts_db_query_cached (db, error, PROJECT_PRODUCTS_SQL, project_id, NULL)))
    return FALSE;

  while ((step = rts_db_step (db, stmt, error)) == RTS_STEP_ROW)
    {
      g_autoptr(JsonObject) object = rts_store_product_from_row (stmt);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      ProductEntry *entry = g_new0 (ProductEntry, 1);

      entry->rowid = sqlite3_column_int64 (stmt, 4);
      entry->rank = g_hash_table_size (reader->products);
      entry->end_date = rts_db_column_dup (stmt, 5);
      json_generator_set_root (generator, node);
      entry->json = json_generator_to_data (generator, NULL);
      g_hash_table_insert (reader->products, &entry->rowid, entry);
    }

  return step == RTS_STEP_DONE;
}

static void
token_reader_clear (TokenReader *reader)
{
  g_clear_pointer (&reader->products, g_hash_table_unref);
  g_clear_pointer (&reader->scratch, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TokenReader, token_reader_clear)

static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  const ProductEntry *x = *(ProductEntry * const *) a;
  const ProductEntry *y = *(ProductEntry * const *) b;

  return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Fills reader->scratch with the products named by rowids ("3,1,4"),
 * sorted as the contract orders them, and returns the latest end date
 * among them, or NULL. */
static const char *
token_reader_products (TokenReader *reader,
                       const char  *rowids)
{
  const char *end_date = NULL;
  const char *p = rowids;

  g_ptr_array_set_size (reader->scratch, 0);

  while (p != NULL && *p != '\0')
    {
      char *next = NULL;
      gint64 rowid = g_ascii_strtoll (p, &next, 10);
      ProductEntry *entry = g_hash_table_lookup (reader->products, &rowid);

      if (entry != NULL)
        {
          g_ptr_array_add (reader->scratch, entry);
          if (entry->end_date != NULL &&
              (end_date == NULL || strcmp (entry->end_date, end_date) > 0))
            end_date = entry->end_date;
        }

      if (next == p)
        break;
      p = *next == ',' ? next + 1 : next;
    }

  g_ptr_array_sort (reader->scratch, compare_rank);

  return end_date;
}

/* Appends prefix (punctuation and a member name) and value as a string. */
static void
append_member (GString    *out,
               const char *prefix,
               const char *value)
{
  g_string_append (out, prefix);
  rts_json_append_string (out, value);
}

/* Appends the Token of a row selected with TOKEN_COLUMNS. */
static void
token_reader_write (TokenReader  *reader,
                    sqlite3_stmt *stmt,
                    GString      *out)
{
  const char *end_date = token_reader_products (reader, rts_db_column_text (stmt, 8));
  gboolean active = end_date != NULL && strcmp (end_date, reader->today) >= 0;

  append_member (out, "{\"id\":", rts_db_column_text (stmt, 0));
  append_member (out, ",\"name\":", rts_db_column_text (stmt, 1));
  append_member (out, ",\"type\":", rts_db_column_text (stmt, 2));
  g_string_append (out, ",\"username\":\"");
  rts_json_append_escaped (out, rts_db_column_text (stmt, 3));
  g_string_append_c (out, '+');
  rts_json_append_escaped (out, rts_db_column_text (stmt, 1));
  g_string_append (out, active ? "\",\"status\":\"active\"" : "\",\"status\":\"expired\"");
  append_member (out, ",\"created_at\":", rts_db_column_text (stmt, 4));
  append_member (out, ",\"subscription_end_date\":", end_date);
  g_string_append (out, ",\"products\":[");
  for (guint i = 0; i < reader->scratch->len; i++)
    {
      const ProductEntry *entry = g_ptr_array_index (reader->scratch, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, entry->json);
    }
  g_string_append_c (out, ']');
  append_member (out, ",\"created_by\":", rts_db_column_text (stmt, 6));
  append_member (out, ",\"created_for\":", rts_db_column_text (stmt, 7));
  append_member (out, ",\"last_used_at\":", rts_db_column_text (stmt, 5));
  g_string_append_c (out, '}');
}

static void
bind_visibility (sqlite3_stmt    *stmt,
                 const RtsCaller *caller)
{
  rts_db_bind_text (stmt, 1, caller->project_id);
  rts_db_bind_text (stmt, 2, caller->user_id);
  rts_db_bind_text (stmt, 3, caller->is_admin ? "1" : "0");
}

/* Returns NULL without setting error when the token does not exist or the
 * caller may not see it: both answer 404. The token is written as in a
 * list and parsed back, so that both show it alike. */
JsonNode *
rts_tokens_get (RtsDb            *db,
                const RtsCaller  *caller,
                const char       *token_id,
                const char       *today,
                GError          **error)
{
  g_auto(TokenReader) reader = { NULL, };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) text = NULL;

  stmt = rts_db_prepare (db,
                         "SELECT " TOKEN_COLUMNS TOKEN_FROM
                         "WHERE " TOKEN_VISIBLE "AND t.id = ?4",
                         error);
  if (stmt == NULL)
    return NULL;

  bind_visibility (stmt, caller);
  rts_db_bind_text (stmt, 4, token_id);

  if (rts_db_step (db, stmt, error) != RTS_STEP_ROW ||
      !token_reader_init (&reader, db, caller->project_id, today, error))
    return NULL;

  text = g_string_new (NULL);
  token_reader_write (&reader, stmt, text);

  return json_from_string (text->str, error);
}

gboolean
rts_tokens_is_visible (RtsDb            *db,
                       const RtsCaller  *caller,
                       const char       *token_id,
                       gboolean         *out_visible,
                       GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = rts_db_prepare (db, "SELECT 1 FROM tokens t WHERE " TOKEN_VISIBLE "AND t.id = ?4",
                         error);
  if (stmt == NULL)
    return FALSE;

  bind_visibility (stmt, caller);
  rts_db_bind_text (stmt, 4, token_id);

  return rts_db_step_exists (db, stmt, out_visible, error);
}

/* Appends one page of visible tokens after the position after (or from the
 * start) to out as a JSON array, and sets out_next to the position to
 * continue from, or NULL on the last page. */
gboolean
rts_tokens_list (RtsDb              *db,
                 const RtsCaller    *caller,
                 const char         *today,
                 guint               page_size,
                 const RtsPosition  *after,
                 GString            *out,
                 RtsPosition       **out_next,
                 GError            **error)
{
  g_auto(TokenReader) reader = { NULL, };
  g_autoptr(RtsCachedStmt) stmt = NULL;
  g_autoptr(GString) last_created_at = g_string_new (NULL);
  g_autoptr(GString) last_id = g_string_new (NULL);
  guint n_tokens = 0;
  RtsStep step;

  /* One row more than asked tells whether another page follows. The row
   * value makes the position a range on the index, so that every page costs
   * the same whatever its offset. */
  if (after == NULL)
    stmt = rts_db_prepare_cached (db,
                                  "SELECT " TOKEN_COLUMNS TOKEN_FROM
                                  "WHERE " TOKEN_VISIBLE
                                  TOKEN_ORDER "LIMIT ?4",
                                  error);
  else
    stmt = rts_db_prepare_cached (db,
                                  "SELECT " TOKEN_COLUMNS TOKEN_FROM
                                  "WHERE " TOKEN_VISIBLE
                                  "AND (t.created_at, t.id) < (?5, ?6) "
                                  TOKEN_ORDER "LIMIT ?4",
                                  error);
  if (stmt == NULL || !token_reader_init (&reader, db, caller->project_id, today, error))
    return FALSE;

  bind_visibility (stmt, caller);
  sqlite3_bind_int64 (stmt, 4, (gint64) page_size + 1);
  if (after != NULL)
    {
      rts_db_bind_text (stmt, 5, after->created_at);
      rts_db_bind_text (stmt, 6, after->id);
    }

  *out_next = NULL;
  g_string_append_c (out, '[');

  while ((step = rts_db_step (db, stmt, error)) == RTS_STEP_ROW)
    {
      if (n_tokens == page_size)
        {
          *out_next = g_new0 (RtsPosition, 1);
          (*out_next)->total = -1;
          (*out_next)->created_at = g_strdup (last_created_at->str);
          (*out_next)->id = g_strdup (last_id->str);
          break;
        }

      if (n_tokens++ > 0)
        g_string_append_c (out, ',');
      token_reader_write (&reader, stmt, out);
      g_string_assign (last_created_at, rts_db_column_text (stmt, 4));
      g_string_assign (last_id, rts_db_column_text (stmt, 0));
    }

  g_string_append_c (out, ']');

  return step != RTS_STEP_ERROR;
}

gboolean
rts_tokens_count (RtsDb            *db,
                  const RtsCaller  *caller,
                  gint64           *out_total,
                  GError          **error)
{
  g_autoptr(RtsCachedStmt) stmt = NULL;

  stmt = rts_db_prepare_cached (db, "SELECT COUNT(*) FROM tokens t WHERE " TOKEN_VISIBLE, error);
  if (stmt == NULL)
    return FALSE;

  bind_visibility (stmt, caller);

  if (rts_db_step (db, stmt, error) != RTS_STEP_ROW)
    return FALSE;

  *out_total = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

gboolean
rts_tokens_name_taken (RtsDb       *db,
                       const char  *project_id,
                       const char  *name,
                       gboolean    *out_taken,
                       GError     **error)
{
  return rts_db_exists (db, out_taken, error,
                        "SELECT 1 FROM tokens WHERE project_id = ?1 AND name = ?2 COLLATE NOCASE",
                        project_id, name, NULL);
}

gboolean
rts_tokens_insert (RtsDb              *db,
                   const RtsNewToken  *token,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = rts_db_prepare (db,
                         "INSERT INTO tokens (id, project_id, name, type, created_for_user, "
                         "  created_for_service, created_by, secret_hash, created_at, "
                         "  last_used_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                         error);
  if (stmt == NULL)
    return FALSE;

  rts_db_bind_text (stmt, 1, token->id);
  rts_db_bind_text (stmt, 2, token->project_id);
  rts_db_bind_text (stmt, 3, token->name);
  rts_db_bind_text (stmt, 4, token->type);
  rts_db_bind_text (stmt, 5, token->created_for_user);
  rts_db_bind_text (stmt, 6, token->created_for_service);
  rts_db_bind_text (stmt, 7, token->created_by);
  rts_db_bind_text (stmt, 8, token->secret_hash);
  rts_db_bind_text (stmt, 9, token->created_at);
  rts_db_bind_text (stmt, 10, token->last_used_at);

  return rts_db_step (db, stmt, error) == RTS_STEP_DONE;
}

gboolean
rts_tokens_set_secret_hash (RtsDb       *db,
                            const char  *token_id,
                            const char  *secret_hash,
                            GError     **error)
{
  return rts_db_exec (db, error, "UPDATE tokens SET secret_hash = ?2 WHERE id = ?1",
                      token_id, secret_hash, NULL);
}

/* Replaces the token's products with the ids of the Product objects given. */
gboolean
rts_tokens_set_products (RtsDb       *db,
                         const char  *token_id,
                         JsonArray   *products,
                         GError     **error)
{
  guint n_products = json_array_get_length (products);

  if (!rts_db_exec (db, error, "DELETE FROM token_products WHERE token_id = ?1", token_id, NULL))
    return FALSE;

  for (guint i = 0; i < n_products; i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);

      if (!rts_db_exec (db, error,
                        "INSERT INTO token_products (token_id, product_id) VALUES (?1, ?2)",
                        token_id, json_object_get_string_member (product, "id"), NULL))
        return FALSE;
    }

  return TRUE;
}

gboolean
rts_tokens_delete (RtsDb       *db,
                   const char  *token_id,
                   GError     **error)
{
  return rts_db_exec (db, error, "DELETE FROM tokens WHERE id = ?1", token_id, NULL);
}
