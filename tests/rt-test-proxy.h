/* rt-test-proxy.h: an in-process HTTP proxy in front of the service, that can drop or hold creates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  PROXY_PASS,
  /* Forward the next POST /tokens, then drop the connection instead of
   * replying: the token exists, but the client never saw its secret. */
  PROXY_DROP_CREATE_REPLY,
  /* Hold every POST /tokens without forwarding it, as a server that hangs. */
  PROXY_HOLD_CREATE,
  /* Forward the next POST /tokens, then hold the service's reply: the token
   * exists, and its secret is on its way. */
  PROXY_HOLD_CREATE_REPLY,
} ProxyMode;

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;
  char        *url;
  ProxyMode    mode;
  guint        n_create_posts;
  guint        n_dropped;
  char        *dropped_secret;
  GPtrArray   *held;
  GPtrArray   *held_replies;
  char        *held_secret;
} Proxy;

/* Listens on 127.0.0.1 and forwards to @upstream. */
Proxy *proxy_new  (const char *upstream);
void   proxy_free (Proxy      *proxy);

/* Answers what PROXY_HOLD_CREATE holds with 503; sends what
 * PROXY_HOLD_CREATE_REPLY holds. */
void proxy_release_held         (Proxy *proxy);
void proxy_release_held_replies (Proxy *proxy);

G_END_DECLS
