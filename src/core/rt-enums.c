/* rt-enums.c: the enumerations of the token API and their wire names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-enums.h"

/* The strings are the API's; see docs/token-api.md. */

const char *
rt_token_type_to_string (RtTokenType type)
{
  switch (type)
    {
    case RT_TOKEN_TYPE_USER:
      return "user";
    case RT_TOKEN_TYPE_SERVICE:
      return "service";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
rt_token_type_from_string (const char  *str,
                           RtTokenType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  if (g_strcmp0 (str, "user") == 0)
    *type = RT_TOKEN_TYPE_USER;
  else if (g_strcmp0 (str, "service") == 0)
    *type = RT_TOKEN_TYPE_SERVICE;
  else
    return FALSE;

  return TRUE;
}

const char *
rt_token_status_to_string (RtTokenStatus status)
{
  switch (status)
    {
    case RT_TOKEN_STATUS_ACTIVE:
      return "active";
    case RT_TOKEN_STATUS_EXPIRED:
      return "expired";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
rt_token_status_from_string (const char    *str,
                             RtTokenStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (g_strcmp0 (str, "active") == 0)
    *status = RT_TOKEN_STATUS_ACTIVE;
  else if (g_strcmp0 (str, "expired") == 0)
    *status = RT_TOKEN_STATUS_EXPIRED;
  else
    return FALSE;

  return TRUE;
}

const char *
rt_role_to_string (RtRole role)
{
  switch (role)
    {
    case RT_ROLE_MEMBER:
      return "member";
    case RT_ROLE_ADMIN:
      return "admin";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
rt_role_from_string (const char *str,
                     RtRole     *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  if (g_strcmp0 (str, "member") == 0)
    *role = RT_ROLE_MEMBER;
  else if (g_strcmp0 (str, "admin") == 0)
    *role = RT_ROLE_ADMIN;
  else
    return FALSE;

  return TRUE;
}
