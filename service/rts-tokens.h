/* rts-tokens.h: reading and writing tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "rts-db.h"
#include "rts-store.h"

G_BEGIN_DECLS

/* A place in the token list order (created_at DESC, id DESC). */
typedef struct
{
  char   *created_at;
  char   *id;
  /* The count of the list this position is in, at that project revision;
   * total is -1 when unknown. */
  gint64  revision;
  gint64  total;
} RtsPosition;

typedef struct
{
  const char *id;
  const char *project_id;
  const char *name;
  const char *type;
  const char *created_for_user;
  const char *created_for_service;
  const char *created_by;
  const char *secret_hash;
  const char *created_at;
  const char *last_used_at;
} RtsNewToken;

void          rts_position_free           (RtsPosition        *position);
char         *rts_position_encode         (const RtsPosition  *position);
RtsPosition  *rts_position_decode         (const char         *page_token);

JsonNode     *rts_tokens_get              (RtsDb              *db,
                                           const RtsCaller    *caller,
                                           const char         *token_id,
                                           const char         *today,
                                           GError            **error);
gboolean      rts_tokens_list             (RtsDb              *db,
                                           const RtsCaller    *caller,
                                           const char         *today,
                                           guint               page_size,
                                           const RtsPosition  *after,
                                           GString            *out,
                                           RtsPosition       **out_next,
                                           GError            **error);
gboolean      rts_tokens_count            (RtsDb              *db,
                                           const RtsCaller    *caller,
                                           gint64             *out_total,
                                           GError            **error);
gboolean      rts_tokens_is_visible       (RtsDb              *db,
                                           const RtsCaller    *caller,
                                           const char         *token_id,
                                           gboolean           *out_visible,
                                           GError            **error);
gboolean      rts_tokens_name_taken       (RtsDb              *db,
                                           const char         *project_id,
                                           const char         *name,
                                           gboolean           *out_taken,
                                           GError            **error);
gboolean      rts_tokens_insert           (RtsDb              *db,
                                           const RtsNewToken  *token,
                                           GError            **error);
gboolean      rts_tokens_set_secret_hash  (RtsDb              *db,
                                           const char         *token_id,
                                           const char         *secret_hash,
                                           GError            **error);
JsonArray    *rts_tokens_products         (RtsDb              *db,
                                           const char         *project_id,
                                           const char         *token_id,
                                           GError            **error);
gboolean      rts_tokens_set_products     (RtsDb              *db,
                                           const char         *token_id,
                                           JsonArray          *products,
                                           GError            **error);
gboolean      rts_tokens_delete           (RtsDb              *db,
                                           const char         *token_id,
                                           GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsPosition, rts_position_free)

G_END_DECLS
