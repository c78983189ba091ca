/* rt-test-backend.h: runs build-aux/run-backend.sh (the reference service
 * and Debian's docker-registry) for the registry tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *backend;
  char        *tmpdir;     /* owned; holds the database and the state */
  char        *url;        /* the token service, e.g. "http://127.0.0.1:41234" */
  char        *admin_key;
  char        *registry;   /* HOST:PORT */
  SoupSession *session;
} RtTestBackend;

gboolean       rt_test_backend_require_tools (void);
RtTestBackend *rt_test_backend_start         (void);
JsonObject    *rt_test_backend_call          (RtTestBackend *b,
                                              const char    *method,
                                              const char    *path,
                                              const char    *body,
                                              guint          expected_status);
void           rt_test_backend_free          (RtTestBackend *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtTestBackend, rt_test_backend_free)

G_END_DECLS
