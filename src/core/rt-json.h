/* rt-json.h: pure parsers and builders for the token API's JSON bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-account.h"
#include "rt-enums.h"
#include "rt-problem.h"
#include "rt-product.h"
#include "rt-secret.h"
#include "rt-service-user.h"
#include "rt-subscription.h"
#include "rt-token.h"

G_BEGIN_DECLS

/* Bodies larger than this are refused before they are parsed. */
#define RT_JSON_MAX_BYTES (4 * 1024 * 1024)
/* The deepest nesting of objects and arrays accepted; the top level is 1. */
#define RT_JSON_MAX_DEPTH 8

#define RT_JSON_ERROR (rt_json_error_quark ())

/* Messages of these errors name the offending field path, for logs; they are
 * not translated and never contain a secret. */
typedef enum
{
  RT_JSON_ERROR_MALFORMED,
  RT_JSON_ERROR_TOO_LARGE,
  RT_JSON_ERROR_TOO_DEEP,
  RT_JSON_ERROR_MISSING_FIELD,
  RT_JSON_ERROR_WRONG_TYPE,
  RT_JSON_ERROR_INVALID_VALUE,
} RtJsonError;

GQuark      rt_json_error_quark             (void);

RtToken    *rt_json_parse_token             (GBytes       *bytes,
                                             GError      **error);
gboolean    rt_json_parse_token_page        (GBytes       *bytes,
                                             GPtrArray   **tokens,
                                             char        **next_page_token,
                                             guint        *total,
                                             GError      **error);
RtAccount  *rt_json_parse_account           (GBytes       *bytes,
                                             GError      **error);
GPtrArray  *rt_json_parse_subscriptions     (GBytes       *bytes,
                                             GError      **error);
GPtrArray  *rt_json_parse_service_users     (GBytes       *bytes,
                                             GError      **error);
RtToken    *rt_json_parse_token_with_secret (GBytes       *bytes,
                                             RtSecret    **secret,
                                             GError      **error);
RtToken    *rt_json_parse_resync            (GBytes       *bytes,
                                             GPtrArray   **added,
                                             GPtrArray   **removed,
                                             GError      **error);
RtProblem  *rt_json_parse_problem           (GBytes       *bytes,
                                             GError      **error);
GBytes     *rt_json_build_create_request    (const char   *name,
                                             RtTokenType   type,
                                             const char   *service_user_id);
gboolean    rt_json_validate_token_name     (const char   *name,
                                             char        **reason);
gboolean    rt_json_is_safe_for_parser      (const char   *data,
                                             gsize         len);

G_END_DECLS
