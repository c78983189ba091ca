/* rt-token-search.h: the token table's search, by token name and product
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-token.h"

G_BEGIN_DECLS

#define RT_TYPE_TOKEN_SEARCH (rt_token_search_get_type ())

G_DECLARE_FINAL_TYPE (RtTokenSearch, rt_token_search, RT, TOKEN_SEARCH, GtkFilter)

RtTokenSearch *rt_token_search_new      (void);
const char    *rt_token_search_get_text (RtTokenSearch *self);
void           rt_token_search_set_text (RtTokenSearch *self,
                                         const char    *text);

G_END_DECLS
