/* rts-json-check.h: checks on request-body JSON that json-glib 1.6 lets through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How deep a request body may nest. */
#define RTS_JSON_MAX_DEPTH 32

const char *rts_json_check_structure (const char *text,
                                      gsize       length);

G_END_DECLS
