/* rt-client-account.c: RtClient's account calls: GET /me, /subscriptions, /service-users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-client.h"
#include "rt-client-private.h"
#include "rt-json.h"

/* GET /me */

static void
complete_account (GTask     *task,
                  RtRequest *request,
                  GBytes    *body)
{
  GError *error = NULL;
  RtAccount *account = rt_json_parse_account (body, &error);

  if (_rt_client_check_parsed (task, request, account != NULL, error))
    _rt_client_return_result (task, account, g_object_unref);
}

/**
 * rt_client_get_me_async:
 *
 * Asks who the access key belongs to: the user, the project, the role and the
 * registry. A good first call: it checks the server address and the key.
 */
void
rt_client_get_me_async (RtClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable, rt_client_get_me_async,
                                             callback, user_data),
                        "GET", "/me", NULL, NULL, RT_CLIENT_TARGET_SERVICE, complete_account);
}

/**
 * rt_client_get_me_finish:
 *
 * Returns: (transfer full): the account, or %NULL with @error set
 */
RtAccount *
rt_client_get_me_finish (RtClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return _rt_client_finish_pointer (self, result, rt_client_get_me_async, error);
}

/* GET /subscriptions */

static void
complete_subscriptions (GTask     *task,
                        RtRequest *request,
                        GBytes    *body)
{
  GError *error = NULL;
  GPtrArray *subscriptions = rt_json_parse_subscriptions (body, &error);

  if (_rt_client_check_parsed (task, request, subscriptions != NULL, error))
    _rt_client_return_result (task, subscriptions, (GDestroyNotify) g_ptr_array_unref);
}

void
rt_client_list_subscriptions_async (RtClient            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable,
                                             rt_client_list_subscriptions_async,
                                             callback, user_data),
                        "GET", "/subscriptions", NULL, NULL, RT_CLIENT_TARGET_SERVICE,
                        complete_subscriptions);
}

/**
 * rt_client_list_subscriptions_finish:
 *
 * Returns: (transfer container) (element-type RtSubscription): every
 *   subscription of the project, expired ones included
 */
GPtrArray *
rt_client_list_subscriptions_finish (RtClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _rt_client_finish_pointer (self, result, rt_client_list_subscriptions_async, error);
}

/* GET /service-users */

static void
complete_service_users (GTask     *task,
                        RtRequest *request,
                        GBytes    *body)
{
  GError *error = NULL;
  GPtrArray *users = rt_json_parse_service_users (body, &error);

  if (_rt_client_check_parsed (task, request, users != NULL, error))
    _rt_client_return_result (task, users, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rt_client_list_service_users_async:
 *
 * Admins only: a member gets %RT_CLIENT_ERROR_FORBIDDEN.
 */
void
rt_client_list_service_users_async (RtClient            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable,
                                             rt_client_list_service_users_async,
                                             callback, user_data),
                        "GET", "/service-users", NULL, NULL, RT_CLIENT_TARGET_SERVICE,
                        complete_service_users);
}

/**
 * rt_client_list_service_users_finish:
 *
 * Returns: (transfer container) (element-type RtServiceUser): the service users
 */
GPtrArray *
rt_client_list_service_users_finish (RtClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _rt_client_finish_pointer (self, result, rt_client_list_service_users_async, error);
}
