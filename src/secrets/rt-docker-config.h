/* rt-docker-config.h: pointing docker and podman at the keyring for a registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RT_DOCKER_CONFIG_ERROR (rt_docker_config_error_quark ())

/**
 * RtDockerConfigError:
 * @RT_DOCKER_CONFIG_ERROR_INVALID: the existing file is not a JSON object (or
 *   its `credHelpers` is not one); it was left untouched
 * @RT_DOCKER_CONFIG_ERROR_FAILED: the file or its backup could not be read
 *   or written
 */
typedef enum
{
  RT_DOCKER_CONFIG_ERROR_INVALID,
  RT_DOCKER_CONFIG_ERROR_FAILED,
} RtDockerConfigError;

GQuark    rt_docker_config_error_quark            (void);

char     *rt_docker_config_get_docker_path        (void);
char     *rt_docker_config_get_podman_path        (void);
char     *rt_docker_config_dup_display_name       (const char           *path);

char     *rt_docker_config_get_cred_helper        (const char           *path,
                                                   const char           *host,
                                                   GError              **error);
gboolean  rt_docker_config_add_cred_helper        (const char           *path,
                                                   const char           *host,
                                                   const char           *helper,
                                                   GError              **error);
void      rt_docker_config_add_cred_helper_async  (const char           *path,
                                                   const char           *host,
                                                   const char           *helper,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean  rt_docker_config_add_cred_helper_finish (GAsyncResult         *result,
                                                   GError              **error);

void      rt_docker_config_add_cred_helpers_async  (const char          *host,
                                                    const char          *helper,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean  rt_docker_config_add_cred_helpers_finish (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
