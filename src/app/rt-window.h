/* rt-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rt-account.h"
#include "rt-application.h"

G_BEGIN_DECLS

#define RT_TYPE_WINDOW (rt_window_get_type ())

G_DECLARE_FINAL_TYPE (RtWindow, rt_window, RT, WINDOW, AdwApplicationWindow)

RtWindow   *rt_window_new         (RtApplication *application);
/* The signed-in account, or NULL while signed out. Notifies "account". */
RtAccount  *rt_window_get_account (RtWindow      *self);
/* The token service URL signed in to, or NULL. */
const char *rt_window_get_server  (RtWindow      *self);
/* Selects the token, now or once the table holds it (a notification's Open). */
void        rt_window_select_token (RtWindow      *self,
                                    const char    *server,
                                    const char    *user_id,
                                    const char    *token_id);

G_END_DECLS
