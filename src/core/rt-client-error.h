/* rt-client-error.h: the errors of the token API client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RT_CLIENT_ERROR (rt_client_error_quark ())

/**
 * RtClientError:
 * @RT_CLIENT_ERROR_UNAUTHORIZED: 401: the access key was not accepted
 * @RT_CLIENT_ERROR_FORBIDDEN: 403: the caller's role does not allow the call
 * @RT_CLIENT_ERROR_NOT_FOUND: 404: no such token (or not visible), or no API
 *   at the server address
 * @RT_CLIENT_ERROR_CONFLICT: 409: the token name is taken
 * @RT_CLIENT_ERROR_INVALID: 400, 413 or 422: the server refused the values
 *   sent; rt_client_create_token_finish() hands out the problem with its
 *   field errors
 * @RT_CLIENT_ERROR_RATE_LIMITED: 429, still after waiting once
 * @RT_CLIENT_ERROR_SERVER: 5xx, after the retries a call is allowed
 * @RT_CLIENT_ERROR_NETWORK: the server could not be reached, or the
 *   connection broke before the reply was complete (after the retries)
 * @RT_CLIENT_ERROR_TLS: the server's identity could not be verified, or no
 *   secure connection could be made; never retried, never overridden
 * @RT_CLIENT_ERROR_TIMEOUT: no connection or no complete reply in time
 * @RT_CLIENT_ERROR_PROTOCOL: a reply that is not what the API promises: not
 *   parsable, wrong content type, too large, or an unexpected status
 * @RT_CLIENT_ERROR_INSECURE: the server address is plain http:// and not on
 *   this computer
 * @RT_CLIENT_ERROR_INVALID_URL: the server address is not a usable URL
 * @RT_CLIENT_ERROR_SECRET_UNAVAILABLE: a create or regenerate replayed after
 *   its reply was lost: the server made the token (or new secret) but can no
 *   longer show the secret; regenerating gives a new one
 *
 * The message of every error is translated and written for the user: it says
 * what happened and what to do. Where the server sent a problem with a
 * `detail`, the message ends with it. Cancellation is not among them: it is
 * %G_IO_ERROR_CANCELLED, as everywhere in GIO.
 */
typedef enum
{
  RT_CLIENT_ERROR_UNAUTHORIZED,
  RT_CLIENT_ERROR_FORBIDDEN,
  RT_CLIENT_ERROR_NOT_FOUND,
  RT_CLIENT_ERROR_CONFLICT,
  RT_CLIENT_ERROR_INVALID,
  RT_CLIENT_ERROR_RATE_LIMITED,
  RT_CLIENT_ERROR_SERVER,
  RT_CLIENT_ERROR_NETWORK,
  RT_CLIENT_ERROR_TLS,
  RT_CLIENT_ERROR_TIMEOUT,
  RT_CLIENT_ERROR_PROTOCOL,
  RT_CLIENT_ERROR_INSECURE,
  RT_CLIENT_ERROR_INVALID_URL,
  RT_CLIENT_ERROR_SECRET_UNAVAILABLE,
} RtClientError;

GQuark rt_client_error_quark (void);

/* G_IO_ERROR_CANCELLED, the one error for cancellation in the app, with
 * the message a user sees. */
GError *rt_cancelled_error_new (void);

G_END_DECLS
