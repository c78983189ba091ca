/* rt-secret-dialog.h: shows a new token secret, once, and helps to keep it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rt-clipboard.h"
#include "rt-secret-store.h"
#include "rt-secret.h"
#include "rt-token.h"

G_BEGIN_DECLS

/* Values of the docker-config-consent setting. */
#define RT_DOCKER_CONSENT_ASK "ask"
#define RT_DOCKER_CONSENT_YES "yes"
#define RT_DOCKER_CONSENT_NO  "no"

#define RT_TYPE_SECRET_DIALOG (rt_secret_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RtSecretDialog, rt_secret_dialog, RT, SECRET_DIALOG, AdwWindow)

RtSecretDialog *rt_secret_dialog_new                    (GtkWindow      *parent,
                                                         const char     *server,
                                                         const char     *registry_host,
                                                         RtToken        *token,
                                                         RtSecret       *secret,
                                                         gboolean        regenerated,
                                                         RtSecretStore  *secret_store,
                                                         RtClipboard    *clipboard,
                                                         GSettings      *settings);
void            rt_secret_dialog_set_tokens             (RtSecretDialog *self,
                                                         GListModel     *tokens);
RtToken        *rt_secret_dialog_get_token              (RtSecretDialog *self);
gboolean        rt_secret_dialog_get_copied             (RtSecretDialog *self);
gboolean        rt_secret_dialog_get_saved              (RtSecretDialog *self);
char           *rt_secret_dialog_dup_login_command      (RtSecretDialog *self);
/* After a re-generate, the window replaces the saved keyring entries itself
 * and tells the dialog how that went. */
void            rt_secret_dialog_keyring_updated        (RtSecretDialog *self);
void            rt_secret_dialog_keyring_update_failed  (RtSecretDialog *self,
                                                         const char     *message);

G_END_DECLS
