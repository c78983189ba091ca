/* rt-token-store.h: every token the account can see, kept up to date in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-client.h"
#include "rt-token.h"

G_BEGIN_DECLS

/* Tokens asked for in the first page of a refresh (small, so that the first
 * rows show soon) and in each page after it (the API's most). */
#define RT_TOKEN_STORE_FIRST_PAGE_SIZE 100
#define RT_TOKEN_STORE_PAGE_SIZE 1000

#define RT_TYPE_TOKEN_STORE (rt_token_store_get_type ())

G_DECLARE_FINAL_TYPE (RtTokenStore, rt_token_store, RT, TOKEN_STORE, GObject)

RtTokenStore *rt_token_store_new                     (void);

gboolean      rt_token_store_get_loading             (RtTokenStore         *self);
gboolean      rt_token_store_get_loaded              (RtTokenStore         *self);
guint         rt_token_store_get_expiring_soon_days  (RtTokenStore         *self);
void          rt_token_store_set_expiring_soon_days  (RtTokenStore         *self,
                                                      guint                 days);

void          rt_token_store_refresh_async           (RtTokenStore         *self,
                                                      RtClient             *client,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean      rt_token_store_refresh_finish          (RtTokenStore         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

RtToken      *rt_token_store_find                    (RtTokenStore         *self,
                                                      const char           *id,
                                                      guint                *position);
RtToken      *rt_token_store_update                  (RtTokenStore         *self,
                                                      RtToken              *token);
gboolean      rt_token_store_remove                  (RtTokenStore         *self,
                                                      const char           *id);
void          rt_token_store_clear                   (RtTokenStore         *self);

G_END_DECLS
