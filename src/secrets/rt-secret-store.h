/* rt-secret-store.h: access keys, token secrets and docker credentials in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-secret.h"

G_BEGIN_DECLS

#define RT_SECRET_STORE_ERROR (rt_secret_store_error_quark ())

/**
 * RtSecretStoreError:
 * @RT_SECRET_STORE_ERROR_NO_SERVICE: no Secret Service answers on the session
 *   bus, or it went away during the call
 * @RT_SECRET_STORE_ERROR_LOCKED: the keyring is locked and was not unlocked
 *   (for example the unlock prompt was dismissed)
 * @RT_SECRET_STORE_ERROR_FAILED: any other keyring failure
 *
 * Cancelling an operation still reports %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  RT_SECRET_STORE_ERROR_NO_SERVICE,
  RT_SECRET_STORE_ERROR_LOCKED,
  RT_SECRET_STORE_ERROR_FAILED,
} RtSecretStoreError;

/**
 * RtSecretStoreChanges:
 * @RT_SECRET_STORE_CHANGE_NONE: nothing was written or removed
 * @RT_SECRET_STORE_CHANGE_APP: the app's own item for the token was written
 *   (save, replace) or removed (remove)
 * @RT_SECRET_STORE_CHANGE_DOCKER: the docker/podman credential item for the
 *   registry host was written (save, replace) or removed (remove)
 * @RT_SECRET_STORE_CHANGE_DOCKER_REPLACED: saving the docker credential
 *   replaced one that was already saved for the registry host
 */
typedef enum
{
  RT_SECRET_STORE_CHANGE_NONE            = 0,
  RT_SECRET_STORE_CHANGE_APP             = 1 << 0,
  RT_SECRET_STORE_CHANGE_DOCKER          = 1 << 1,
  RT_SECRET_STORE_CHANGE_DOCKER_REPLACED = 1 << 2,
} RtSecretStoreChanges;

#define RT_TYPE_SECRET_STORE (rt_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (RtSecretStore, rt_secret_store, RT, SECRET_STORE, GObject)

GQuark          rt_secret_store_error_quark                 (void);

RtSecretStore  *rt_secret_store_new                         (void);

/* Access keys for the token API, one per API server URL and user. */
void            rt_secret_store_store_access_key_async      (RtSecretStore        *self,
                                                             const char           *server,
                                                             const char           *user,
                                                             RtSecret             *access_key,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean        rt_secret_store_store_access_key_finish     (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void            rt_secret_store_lookup_access_key_async     (RtSecretStore        *self,
                                                             const char           *server,
                                                             const char           *user,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
RtSecret       *rt_secret_store_lookup_access_key_finish    (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void            rt_secret_store_clear_access_key_async      (RtSecretStore        *self,
                                                             const char           *server,
                                                             const char           *user,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean        rt_secret_store_clear_access_key_finish     (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* Token secrets: the app's own item per token, and optionally the item that
 * docker-credential-secretservice reads for the registry host. */
void            rt_secret_store_save_token_secret_async     (RtSecretStore        *self,
                                                             const char           *server,
                                                             const char           *registry_host,
                                                             const char           *token_id,
                                                             const char           *token_name,
                                                             const char           *username,
                                                             RtSecret             *secret,
                                                             gboolean              also_for_docker,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean        rt_secret_store_save_token_secret_finish    (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             RtSecretStoreChanges *out_changes,
                                                             char                **out_replaced_username,
                                                             GError              **error);
void            rt_secret_store_replace_token_secret_async  (RtSecretStore        *self,
                                                             const char           *server,
                                                             const char           *registry_host,
                                                             const char           *token_id,
                                                             const char           *token_name,
                                                             const char           *username,
                                                             RtSecret             *secret,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean        rt_secret_store_replace_token_secret_finish (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             RtSecretStoreChanges *out_changes,
                                                             GError              **error);
void            rt_secret_store_remove_token_secret_async   (RtSecretStore        *self,
                                                             const char           *server,
                                                             const char           *registry_host,
                                                             const char           *token_id,
                                                             const char           *username,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean        rt_secret_store_remove_token_secret_finish  (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             RtSecretStoreChanges *out_changes,
                                                             GError              **error);
void            rt_secret_store_lookup_token_secret_async   (RtSecretStore        *self,
                                                             const char           *server,
                                                             const char           *token_id,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
RtSecret       *rt_secret_store_lookup_token_secret_finish  (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void            rt_secret_store_list_saved_token_ids_async  (RtSecretStore        *self,
                                                             const char           *server,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char          **rt_secret_store_list_saved_token_ids_finish (RtSecretStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void            rt_secret_store_lookup_docker_username_async  (RtSecretStore        *self,
                                                               const char           *registry_host,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
char           *rt_secret_store_lookup_docker_username_finish (RtSecretStore        *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
