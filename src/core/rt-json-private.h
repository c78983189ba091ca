/* rt-json-private.h: the reader shared by the JSON parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "rt-json.h"

G_BEGIN_DECLS

/* Paths name a member for error messages: NULL is the root object, and
 * members join with "." ("tokens[2].created_at"). Optional members that are
 * absent or null read as NULL without an error. */

char       *rt_json_join_path       (const char    *path,
                                     const char    *field);
void        rt_json_set_field_error (GError       **error,
                                     RtJsonError    code,
                                     const char    *path,
                                     const char    *field,
                                     const char    *format,
                                     ...) G_GNUC_PRINTF (5, 6);
gboolean    rt_json_check_body      (GBytes        *bytes,
                                     GError       **error);
JsonParser *rt_json_load            (GBytes        *bytes,
                                     GError       **error);
JsonObject *rt_json_expect_object   (JsonNode      *node,
                                     const char    *path,
                                     GError       **error);
gboolean    rt_json_read_string     (JsonObject    *object,
                                     const char    *path,
                                     const char    *field,
                                     gboolean       optional,
                                     const char   **out,
                                     GError       **error);
gboolean    rt_json_read_container  (JsonObject    *object,
                                     const char    *path,
                                     const char    *field,
                                     gboolean       optional,
                                     JsonNodeType   type,
                                     JsonNode     **out,
                                     GError       **error);
gboolean    rt_json_read_uint       (JsonObject    *object,
                                     const char    *path,
                                     const char    *field,
                                     guint          min,
                                     guint          max,
                                     guint         *out,
                                     GError       **error);
gboolean    rt_json_read_date_time  (JsonObject    *object,
                                     const char    *path,
                                     const char    *field,
                                     gboolean       optional,
                                     GDateTime    **out,
                                     GError       **error);
gboolean    rt_json_read_date       (JsonObject    *object,
                                     const char    *path,
                                     const char    *field,
                                     gboolean       optional,
                                     GDate        **out,
                                     GError       **error);

/* A token page cut into pieces (rt-json-cut.c). */
typedef struct
{
  const char *data;
  const char *end;
  const char *tokens_start;     /* the "[" of the tokens array */
  const char *tokens_end;       /* past its "]" */
  GArray     *elements;         /* of const char *: start, end, start, end… */
} RtJsonPageCut;

gboolean    rt_json_cut_token_page  (RtJsonPageCut *cut);

G_END_DECLS
