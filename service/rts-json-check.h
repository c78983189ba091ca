/* rts-json-check.h: checks on request-body JSON that json-glib 1.6 lets through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *rts_json_check_structure    (const char *text,
                                         gsize       length);
gboolean    rts_json_is_safe_for_parser (const char *data,
                                         gsize       len);

G_END_DECLS
