/* rts-listener.h: accepts connections for a SoupServer, within limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define RTS_TYPE_LISTENER (rts_listener_get_type ())

G_DECLARE_FINAL_TYPE (RtsListener, rts_listener, RTS, LISTENER, GObject)

RtsListener    *rts_listener_new                 (SoupServer      *soup,
                                                  guint            max_connections,
                                                  guint            request_timeout);
gboolean        rts_listener_listen              (RtsListener     *self,
                                                  GSocketAddress  *address,
                                                  GError         **error);
GSocketAddress *rts_listener_get_local_address   (RtsListener     *self);
guint           rts_listener_get_max_connections (RtsListener     *self);

G_END_DECLS
