/* rt-clock.h: the app's notion of "now" and "today", fixed by RT_FAKE_NOW in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *rt_clock_now_utc                  (void);
GDate     *rt_clock_today                    (void);
guint      rt_clock_seconds_until_next_day   (void);

G_END_DECLS
