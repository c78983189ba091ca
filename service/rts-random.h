/* rts-random.h: secrets, ids and digests for the token service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RTS_SECRET_PREFIX     "rtsec_"
#define RTS_ACCESS_KEY_PREFIX "rtkey_"

/* A string that holds a secret; freeing it wipes it first. */
typedef char RtsSecret;

gboolean   rts_random_fill          (guint8        *buffer,
                                     gsize          length,
                                     GError       **error);
RtsSecret *rts_random_secret        (const char    *prefix,
                                     GError       **error);
char      *rts_random_id            (const char    *prefix,
                                     guint          n_bytes);
char      *rts_base64url_encode     (const guint8  *data,
                                     gsize          length);
guint8    *rts_base64url_decode     (const char    *text,
                                     gsize         *out_length);
char      *rts_sha256_hex           (const char    *data,
                                     gssize         length);
void       rts_secret_free          (RtsSecret     *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsSecret, rts_secret_free)

G_END_DECLS
