/* rt-session.h: one signed-in (or signing-in) account, its client and tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-account.h"
#include "rt-client.h"
#include "rt-secret.h"
#include "rt-token.h"
#include "rt-token-store.h"

G_BEGIN_DECLS

/**
 * RtSessionState:
 * @RT_SESSION_STATE_SIGNED_OUT: no account; #RtSession:error may say why
 *   the last one ended (its access key stopped working)
 * @RT_SESSION_STATE_SIGNING_IN: GET /me is checking an access key
 * @RT_SESSION_STATE_LOADING: signed in, the token list is being read
 * @RT_SESSION_STATE_READY: signed in, the token list is read
 * @RT_SESSION_STATE_ERROR: a sign-in failed, or signed in but the token list
 *   could not be read and there is nothing to show; #RtSession:error says why
 */
typedef enum
{
  RT_SESSION_STATE_SIGNED_OUT,
  RT_SESSION_STATE_SIGNING_IN,
  RT_SESSION_STATE_LOADING,
  RT_SESSION_STATE_READY,
  RT_SESSION_STATE_ERROR,
} RtSessionState;

#define RT_TYPE_SESSION (rt_session_get_type ())

G_DECLARE_FINAL_TYPE (RtSession, rt_session, RT, SESSION, GObject)

RtSession      *rt_session_new                   (void);
RtSession      *rt_session_new_saved             (const char           *id,
                                                  const char           *server,
                                                  const char           *user_id,
                                                  const char           *project_name);

char           *rt_session_normalize_server      (const char           *server);

const char     *rt_session_get_id                (RtSession            *self);
const char     *rt_session_get_user_id           (RtSession            *self);
const char     *rt_session_get_project_name      (RtSession            *self);
RtSessionState  rt_session_get_state             (RtSession            *self);
const GError   *rt_session_get_error             (RtSession            *self);
const char     *rt_session_get_server            (RtSession            *self);
RtClient       *rt_session_get_client            (RtSession            *self);
RtAccount      *rt_session_get_account           (RtSession            *self);
RtTokenStore   *rt_session_get_tokens            (RtSession            *self);
gboolean        rt_session_get_can_retry         (RtSession            *self);

void            rt_session_set_saved_secret_ids  (RtSession            *self,
                                                  const char * const   *ids);
gboolean        rt_session_has_saved_secret      (RtSession            *self,
                                                  const char           *token_id);

void            rt_session_sign_in_async         (RtSession            *self,
                                                  const char           *server,
                                                  RtSecret             *access_key,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean        rt_session_sign_in_finish        (RtSession            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void            rt_session_refresh_async         (RtSession            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean        rt_session_refresh_finish        (RtSession            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void            rt_session_retry_async           (RtSession            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean        rt_session_retry_finish          (RtSession            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void            rt_session_sign_out              (RtSession            *self);
gboolean        rt_session_report_error          (RtSession            *self,
                                                  const GError         *error);

RtToken        *rt_session_token_changed         (RtSession            *self,
                                                  RtToken              *token);
void            rt_session_token_removed         (RtSession            *self,
                                                  const char           *token_id);

G_END_DECLS
