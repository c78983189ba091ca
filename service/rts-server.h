/* rts-server.h: the HTTP front of the token service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rts-db.h"

G_BEGIN_DECLS

#define RTS_TYPE_SERVER (rts_server_get_type ())

G_DECLARE_FINAL_TYPE (RtsServer, rts_server, RTS, SERVER, GObject)

RtsServer *rts_server_new     (RtsDb       *db,
                               const char  *registry);
gboolean   rts_server_listen  (RtsServer   *self,
                               const char  *address,
                               guint        port,
                               GError     **error);
char      *rts_server_get_url (RtsServer   *self);
gboolean   rts_server_accept_iostream (RtsServer      *self,
                                       GIOStream      *stream,
                                       GSocketAddress *local_address,
                                       GSocketAddress *remote_address,
                                       GError        **error);

G_END_DECLS
