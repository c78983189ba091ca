/* rts-server.h: the HTTP front of the token service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "rts-db.h"
#include "rts-reply.h"

G_BEGIN_DECLS

#define RTS_TYPE_SERVER (rts_server_get_type ())

G_DECLARE_FINAL_TYPE (RtsServer, rts_server, RTS, SERVER, GObject)

RtsServer *rts_server_new     (RtsDb               *db,
                               const char          *registry);
gboolean   rts_server_listen  (RtsServer           *self,
                               const char          *address,
                               guint                port,
                               guint                max_connections,
                               guint                request_timeout,
                               GError             **error);
char      *rts_server_get_url (RtsServer           *self);
RtsReply  *rts_server_handle  (RtsServer           *self,
                               const char          *method,
                               const char          *path,
                               const char          *query,
                               SoupMessageHeaders  *headers,
                               GBytes              *body,
                               const char          *client);
SoupServer *rts_server_get_soup_server (RtsServer          *self);
gboolean   rts_server_accept_iostream (RtsServer      *self,
                                       GIOStream      *stream,
                                       GSocketAddress *local_address,
                                       GSocketAddress *remote_address,
                                       GError        **error);

G_END_DECLS
