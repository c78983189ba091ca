/* rt-test-service.h: runs the reference registry-token-service for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RtTestService RtTestService;

struct _RtTestService {
  char        *tmpdir;      /* owned temporary directory (removed on free) */
  char        *db_path;     /* tmpdir/tokens.db unless given */
  char        *url;         /* e.g. "http://127.0.0.1:41234": the {server}; the API is url + "/api/v1" */
  char        *member_key;  /* fresh demo member key of the current run */
  char        *admin_key;   /* fresh demo admin key of the current run */
  char        *now;         /* the --now value or NULL; may be replaced before a restart */
  GSubprocess *process;
};

RtTestService *rt_test_service_start       (const char    *now);
RtTestService *rt_test_service_start_full  (const char         *now,
                                            const char * const *extra_args,
                                            guint               nofile_limit);
void           rt_test_service_stop        (RtTestService *self);
void           rt_test_service_kill        (RtTestService *self);
void           rt_test_service_restart     (RtTestService *self);
char          *rt_test_service_add_key     (RtTestService *self,
                                            const char    *role);
void           rt_test_service_subscribe   (RtTestService *self,
                                            const char    *product_id,
                                            const char    *name,
                                            const char    *version,
                                            const char    *ends);
void           rt_test_service_free        (RtTestService *self);

/* Addition to the agreed API: every line the service has printed on stdout
 * across all runs so far; what follows the url line is collected when the
 * service is stopped.
 */
const char * const *rt_test_service_get_stdout_lines (RtTestService *self);

/* Another addition, to see connections leak or close. */
guint               rt_test_service_count_descriptors (RtTestService *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtTestService, rt_test_service_free)

G_END_DECLS
