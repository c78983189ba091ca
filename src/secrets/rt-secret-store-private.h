/* rt-secret-store-private.h: what the parts of RtSecretStore share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rt-secret-store.h"

G_BEGIN_DECLS

RtSecret *_rt_secret_store_lookup_finish (RtSecretStore  *self,
                                          GAsyncResult   *result,
                                          gpointer        source_tag,
                                          GError        **error);

G_END_DECLS
