/* rt-secret-content-provider.h: clipboard content served from a wipeable secret
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "rt-secret.h"

G_BEGIN_DECLS

/* The hint KDE's Klipper, KeePassXC and other clipboard managers look for
 * before keeping a copy; its content is "secret". See docs/DESIGN.md,
 * "Clipboard password-manager hint". */
#define RT_PASSWORD_MANAGER_HINT_MIME_TYPE "x-kde-passwordManagerHint"

#define RT_TYPE_SECRET_CONTENT_PROVIDER (rt_secret_content_provider_get_type ())

G_DECLARE_FINAL_TYPE (RtSecretContentProvider, rt_secret_content_provider,
                      RT, SECRET_CONTENT_PROVIDER, GdkContentProvider)

RtSecretContentProvider *rt_secret_content_provider_new        (RtSecret                *secret);
gboolean                 rt_secret_content_provider_has_secret (RtSecretContentProvider *self);
void                     rt_secret_content_provider_forget     (RtSecretContentProvider *self);

G_END_DECLS
