/* rt-preferences-window.h: the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rt-window.h"

G_BEGIN_DECLS

#define RT_TYPE_PREFERENCES_WINDOW (rt_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RtPreferencesWindow, rt_preferences_window, RT, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @window: the window whose account the "Account" group shows, or NULL. */
RtPreferencesWindow *rt_preferences_window_new        (RtWindow            *window);
RtWindow            *rt_preferences_window_get_window (RtPreferencesWindow *self);

G_END_DECLS
