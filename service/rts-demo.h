/* rts-demo.h: demo data and the command-line changes to a database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rts-db.h"
#include "rts-random.h"

G_BEGIN_DECLS

#define RTS_DEMO_MEMBER_ID "u_mia"
#define RTS_DEMO_ADMIN_ID  "u_ada"

gboolean   rts_demo_seed          (RtsDb       *db,
                                   const char  *registry,
                                   gboolean    *out_seeded,
                                   GError     **error);
RtsSecret *rts_demo_issue_key     (RtsDb       *db,
                                   const char  *user_id,
                                   GError     **error);
RtsSecret *rts_demo_add_user      (RtsDb       *db,
                                   const char  *role,
                                   GError     **error);
char      *rts_demo_subscribe     (RtsDb              *db,
                                   const char         *product_id,
                                   const char         *product_name,
                                   const char         *product_version,
                                   const char * const *repositories,
                                   const char         *end_date,
                                   GError            **error);
gboolean   rts_is_valid_repository (const char        *name);

G_END_DECLS
