/* rt-keyring.h: what the keyring code shares: errors, values, items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

#include "rt-secret.h"

G_BEGIN_DECLS

GError      *rt_keyring_map_error           (GError              *error,
                                             const char          *operation);
GError      *rt_keyring_locked_error        (const char          *operation);

SecretValue *rt_keyring_value_new           (RtSecret            *secret);
/* NULL if @item is locked or has no secret loaded. */
RtSecret    *rt_keyring_item_dup_secret     (SecretItem          *item);
char        *rt_keyring_item_dup_attribute  (SecretItem          *item,
                                             const char          *key);
gboolean     rt_keyring_item_has_attribute  (SecretItem          *item,
                                             const char          *key,
                                             const char          *value);
GList       *rt_keyring_stale_items         (GList               *found,
                                             const SecretSchema  *schema,
                                             GHashTable          *attributes,
                                             const char          *username);

void         rt_keyring_search_async        (const SecretSchema  *schema,
                                             GHashTable          *attributes,
                                             SecretSearchFlags    flags,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);

void         rt_keyring_lookup_secret_async (gpointer             source_object,
                                             const SecretSchema  *schema,
                                             GHashTable          *attributes,
                                             const char          *without,
                                             gpointer             source_tag,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);

void         rt_keyring_delete_items_async  (GList               *items,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     rt_keyring_delete_items_finish (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
