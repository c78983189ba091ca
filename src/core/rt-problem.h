/* rt-problem.h: an RFC 9457 problem details reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RT_PROBLEM_TYPE_PREFIX "urn:registry-tokens:problem:"

#define RT_TYPE_PROBLEM (rt_problem_get_type ())

G_DECLARE_FINAL_TYPE (RtProblem, rt_problem, RT, PROBLEM, GObject)

RtProblem          *rt_problem_new             (const char  *type_uri,
                                                const char  *title,
                                                guint        status,
                                                const char  *detail,
                                                GHashTable  *field_errors);
const char         *rt_problem_get_type_uri    (RtProblem   *self);
const char         *rt_problem_get_kind        (RtProblem   *self);
gboolean            rt_problem_has_kind        (RtProblem   *self,
                                                const char  *kind);
const char         *rt_problem_get_title       (RtProblem   *self);
guint               rt_problem_get_status      (RtProblem   *self);
const char         *rt_problem_get_detail      (RtProblem   *self);
const char * const *rt_problem_get_fields      (RtProblem   *self);
const char         *rt_problem_get_field_error (RtProblem   *self,
                                                const char  *field);

G_END_DECLS
