/* rts-clock.h: the service's notion of "now", fixed by --now in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void       rts_clock_set_fixed     (GDateTime  *now);
GDateTime *rts_clock_now           (void);
char      *rts_clock_today         (void);
char      *rts_clock_timestamp     (void);
char      *rts_format_date         (GDateTime  *datetime);
char      *rts_format_timestamp    (GDateTime  *datetime);
gboolean   rts_is_valid_date       (const char *text);
gboolean   rts_is_valid_timestamp  (const char *text);

G_END_DECLS
