/* rt-docker-credentials.h: the keyring items docker and podman read for a registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-secret.h"
#include "rt-secret-store.h"

G_BEGIN_DECLS

/**
 * RtDockerCredentialsChange:
 * @RT_DOCKER_CREDENTIALS_SAVE: write the username's item; the host keeps
 *   one item, so one saved before for any username is replaced
 * @RT_DOCKER_CREDENTIALS_REPLACE: overwrite the host's item only if it holds
 *   the username (after its secret was re-generated)
 * @RT_DOCKER_CREDENTIALS_REMOVE: delete the username's items for the host
 */
typedef enum
{
  RT_DOCKER_CREDENTIALS_SAVE,
  RT_DOCKER_CREDENTIALS_REPLACE,
  RT_DOCKER_CREDENTIALS_REMOVE,
} RtDockerCredentialsChange;

void      rt_docker_credentials_find_async            (const char                 *registry_host,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
GList    *rt_docker_credentials_find_finish           (GAsyncResult               *result,
                                                       GError                    **error);

void      rt_docker_credentials_apply_async           (RtDockerCredentialsChange   change,
                                                       const char                 *registry_host,
                                                       const char                 *username,
                                                       RtSecret                   *secret,
                                                       GList                      *found,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
gboolean  rt_docker_credentials_apply_finish          (GAsyncResult               *result,
                                                       RtSecretStoreChanges       *out_changes,
                                                       char                      **out_replaced_username,
                                                       GError                    **error);

G_END_DECLS
