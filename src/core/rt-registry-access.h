/* rt-registry-access.h: asks a registry's token server what a secret opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "rt-secret.h"

G_BEGIN_DECLS

#define RT_REGISTRY_ACCESS_ERROR (rt_registry_access_error_quark ())

/**
 * RtRegistryAccessError:
 * @RT_REGISTRY_ACCESS_ERROR_REFUSED: the token server refused the username
 *   and secret (wrong, replaced, deleted, or every subscription ended)
 * @RT_REGISTRY_ACCESS_ERROR_RATE_LIMITED: too many failed logins; try later
 * @RT_REGISTRY_ACCESS_ERROR_NO_TOKEN_SERVER: the registry does not name a
 *   token server the secret may safely be sent to
 * @RT_REGISTRY_ACCESS_ERROR_FAILED: the registry or token server could not
 *   be reached or answered something unexpected
 */
typedef enum
{
  RT_REGISTRY_ACCESS_ERROR_REFUSED,
  RT_REGISTRY_ACCESS_ERROR_RATE_LIMITED,
  RT_REGISTRY_ACCESS_ERROR_NO_TOKEN_SERVER,
  RT_REGISTRY_ACCESS_ERROR_FAILED,
} RtRegistryAccessError;

GQuark       rt_registry_access_error_quark  (void);

void         rt_registry_access_check_async  (SoupSession          *session,
                                              const char           *registry_host,
                                              const char           *username,
                                              RtSecret             *secret,
                                              const char * const   *repositories,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GHashTable  *rt_registry_access_check_finish (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
