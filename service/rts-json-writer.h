/* rts-json-writer.h: JSON text written straight into a GString
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  rts_json_append_escaped  (GString     *out,
                                const char  *text);
void  rts_json_append_string   (GString     *out,
                                const char  *text);

G_END_DECLS
