/* rts-handlers.h: one function per API call, each turning a request into
 * a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rts-db.h"
#include "rts-reply.h"
#include "rts-store.h"

G_BEGIN_DECLS

typedef struct
{
  RtsDb           *db;
  const RtsCaller *caller;
  const char      *registry;       /* --registry, overriding the project's */
  const char      *token_id;       /* from the path, or NULL */
  GHashTable      *query;          /* may be NULL */
  const char      *body;
  gsize            body_length;
  const char      *if_none_match;
  const char      *idempotency_key;          /* POST only, or NULL */
  const char      *idempotency_fingerprint;  /* set with idempotency_key */
} RtsRequest;

typedef RtsReply *(*RtsHandler) (const RtsRequest *request);

RtsReply *rts_handle_me                 (const RtsRequest *request);
RtsReply *rts_handle_subscriptions      (const RtsRequest *request);
RtsReply *rts_handle_service_users      (const RtsRequest *request);
RtsReply *rts_handle_list_tokens        (const RtsRequest *request);
RtsReply *rts_handle_get_token          (const RtsRequest *request);
RtsReply *rts_handle_create_token       (const RtsRequest *request);
RtsReply *rts_handle_delete_token       (const RtsRequest *request);
RtsReply *rts_handle_regenerate_secret  (const RtsRequest *request);
RtsReply *rts_handle_resync_products    (const RtsRequest *request);

G_END_DECLS
