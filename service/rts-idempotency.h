/* rts-idempotency.h: replies kept for replay under an Idempotency-Key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rts-db.h"
#include "rts-reply.h"

G_BEGIN_DECLS

typedef enum
{
  RTS_IDEMPOTENCY_MISS,
  RTS_IDEMPOTENCY_HIT,
  RTS_IDEMPOTENCY_MISMATCH,
  RTS_IDEMPOTENCY_ERROR,
} RtsIdempotencyResult;

typedef struct _RtsIdempotency RtsIdempotency;

RtsIdempotency       *rts_idempotency_new           (guint            max_entries,
                                                     GTimeSpan        lifetime);
void                  rts_idempotency_free          (RtsIdempotency  *self);
gboolean              rts_idempotency_key_is_valid  (const char      *key);
gboolean              rts_idempotency_is_cacheable  (const RtsReply  *reply);
char                 *rts_idempotency_fingerprint   (const char      *method,
                                                     const char      *path,
                                                     const char      *body,
                                                     gsize            body_length);
RtsIdempotencyResult  rts_idempotency_lookup        (RtsIdempotency  *self,
                                                     const char      *user_id,
                                                     const char      *key,
                                                     const char      *fingerprint,
                                                     RtsReply       **out_reply);
void                  rts_idempotency_store         (RtsIdempotency  *self,
                                                     const char      *user_id,
                                                     const char      *key,
                                                     const char      *fingerprint,
                                                     const RtsReply  *reply);

gboolean              rts_idempotency_record        (RtsDb           *db,
                                                     const char      *user_id,
                                                     const char      *key,
                                                     const char      *fingerprint,
                                                     const char      *token_id,
                                                     GError         **error);
RtsIdempotencyResult  rts_idempotency_find_record   (RtsDb           *db,
                                                     const char      *user_id,
                                                     const char      *key,
                                                     const char      *fingerprint,
                                                     char           **out_token_id,
                                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsIdempotency, rts_idempotency_free)

G_END_DECLS
