/* rts-jwt.h: the key that signs registry tokens, and JWT signing with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _RtsJwtSigner RtsJwtSigner;

RtsJwtSigner *rts_jwt_signer_open        (const char    *key_path,
                                          const char    *cert_path,
                                          GError       **error);
void          rts_jwt_signer_free        (RtsJwtSigner  *signer);
const char   *rts_jwt_signer_get_key_id  (RtsJwtSigner  *signer);
char         *rts_jwt_signer_sign        (RtsJwtSigner  *signer,
                                          JsonObject    *claims,
                                          GError       **error);
char         *rts_jwt_key_id_encode      (const guint8  *digest,
                                          gsize          length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsJwtSigner, rts_jwt_signer_free)

G_END_DECLS
