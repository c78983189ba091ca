/* rt-token-menu.h: a token's menu, for its row's menu button and context menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-token.h"

G_BEGIN_DECLS

GMenuModel *rt_token_menu_new (RtToken *token);

G_END_DECLS
