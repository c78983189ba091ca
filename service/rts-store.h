/* rts-store.h: projects, users, access keys, subscriptions and products
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "rts-db.h"

G_BEGIN_DECLS

/* A column for product SELECTs over `products p`: the product's
 * repositories, sorted and joined by spaces (repository names have none). */
#define RTS_PRODUCT_REPOSITORIES \
  "(SELECT group_concat (repository, ' ') FROM " \
  "  (SELECT r.repository FROM product_repositories r " \
  "   WHERE r.project_id = p.project_id AND r.product_id = p.id " \
  "   ORDER BY r.repository))"

/* Who is calling: the user an access key belongs to, with its project. */
typedef struct
{
  char     *user_id;
  char     *user_name;
  char     *email;
  char     *project_id;
  char     *project_name;
  char     *registry;
  gboolean  is_admin;
} RtsCaller;

void        rts_caller_free                  (RtsCaller   *caller);

RtsCaller  *rts_store_lookup_caller          (RtsDb       *db,
                                              const char  *key_hash,
                                              GError     **error);
char       *rts_store_first_project          (RtsDb       *db,
                                              GError     **error);
gboolean    rts_store_bump_revision          (RtsDb       *db,
                                              const char  *project_id,
                                              GError     **error);
gboolean    rts_store_get_revision           (RtsDb       *db,
                                              const char  *project_id,
                                              gint64      *out_revision,
                                              GError     **error);
gboolean    rts_store_add_access_key         (RtsDb       *db,
                                              const char  *user_id,
                                              const char  *key_hash,
                                              GError     **error);
gboolean    rts_store_service_user_exists    (RtsDb       *db,
                                              const char  *project_id,
                                              const char  *service_user_id,
                                              gboolean    *out_exists,
                                              GError     **error);
JsonNode   *rts_store_subscriptions_json     (RtsDb       *db,
                                              const char  *project_id,
                                              GError     **error);
JsonNode   *rts_store_service_users_json     (RtsDb       *db,
                                              const char  *project_id,
                                              GError     **error);
JsonArray  *rts_store_active_products        (RtsDb       *db,
                                              const char  *project_id,
                                              const char  *today,
                                              GError     **error);
JsonObject *rts_store_product_from_row       (sqlite3_stmt  *stmt);
JsonArray  *rts_store_collect_products       (RtsDb         *db,
                                              sqlite3_stmt  *stmt,
                                              GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsCaller, rts_caller_free)

G_END_DECLS
