/* rts-registry-auth.h: the registry's token server at GET /auth/token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "rts-db.h"
#include "rts-jwt.h"

G_BEGIN_DECLS

#define RTS_REGISTRY_AUTH_PATH "/auth/token"

typedef struct _RtsRegistryAuth RtsRegistryAuth;

RtsRegistryAuth *rts_registry_auth_new     (RtsDb            *db,
                                            RtsJwtSigner     *signer,
                                            const char       *service,
                                            const char       *issuer);
void             rts_registry_auth_free    (RtsRegistryAuth  *auth);
void             rts_registry_auth_attach  (RtsRegistryAuth  *auth,
                                            SoupServer       *soup);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsRegistryAuth, rts_registry_auth_free)

G_END_DECLS
