/* rt-client-error.c: the errors of the token API client and their messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "rt-client-error.h"
#include "rt-client-private.h"

/* A problem's detail is the server's text: keep it to one short line. */
#define MAX_DETAIL_CHARS 300

G_DEFINE_QUARK (rt-client-error-quark, rt_client_error)

static char *
sanitize_detail (const char *detail)
{
  g_autoptr(GString) clean = NULL;
  g_autofree char *stripped = NULL;
  glong n_chars;

  if (detail == NULL || !g_utf8_validate (detail, -1, NULL))
    return NULL;

  clean = g_string_new (NULL);
  for (const char *p = detail; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (clean, ' ');
      else
        g_string_append_unichar (clean, c);
    }

  stripped = g_strstrip (g_string_free (g_steal_pointer (&clean), FALSE));
  if (stripped[0] == '\0')
    return NULL;

  n_chars = g_utf8_strlen (stripped, -1);
  if (n_chars > MAX_DETAIL_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, MAX_DETAIL_CHARS);

      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&stripped);
}

/* Takes @message; appends the problem's detail when there is one. */
static GError *
new_error_take (RtClientError  code,
                char          *message,
                RtProblem     *problem)
{
  g_autofree char *owned = message;
  g_autofree char *detail = NULL;

  if (problem != NULL)
    detail = sanitize_detail (rt_problem_get_detail (problem));

  if (detail != NULL)
    /* Translators: the first %s is one of the client's error messages, the
     * second the server's own explanation (in English) */
    return g_error_new (RT_CLIENT_ERROR, code, _("%s The server said: %s"), owned, detail);

  return g_error_new_literal (RT_CLIENT_ERROR, code, owned);
}

GError *
rt_client_error_new_for_status (guint           status,
                                RtProblem      *problem,
                                RtClientTarget  target)
{
  /* Checked before the status: as a 409 it would read as a name conflict
   * for the user's own token. */
  if (problem != NULL && rt_problem_has_kind (problem, "secret-unavailable"))
    return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_SECRET_UNAVAILABLE,
                                _("The token was created, but its secret could not be "
                                  "shown again. Re-generate it to get a new secret."));

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return new_error_take (RT_CLIENT_ERROR_UNAUTHORIZED,
                             g_strdup (_("The access key was not accepted. "
                                         "Sign in again with a valid key.")),
                             problem);

    case SOUP_STATUS_FORBIDDEN:
      return new_error_take (RT_CLIENT_ERROR_FORBIDDEN,
                             g_strdup (_("Your role in this project does not allow this. "
                                         "Ask a project admin to do it for you.")),
                             problem);

    case SOUP_STATUS_NOT_FOUND:
      if (target == RT_CLIENT_TARGET_TOKEN)
        return new_error_take (RT_CLIENT_ERROR_NOT_FOUND,
                               g_strdup (_("The token no longer exists, or you are not allowed "
                                           "to see it. Refresh the list of tokens.")),
                               problem);
      return new_error_take (RT_CLIENT_ERROR_NOT_FOUND,
                             g_strdup (_("There is no registry token service at this address. "
                                         "Check the server address.")),
                             problem);

    case SOUP_STATUS_CONFLICT:
      return new_error_take (RT_CLIENT_ERROR_CONFLICT,
                             g_strdup (_("A token with this name already exists in the project. "
                                         "Choose another name.")),
                             problem);

    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return new_error_take (RT_CLIENT_ERROR_INVALID,
                             g_strdup (_("The server did not accept the request. "
                                         "Check the values you entered and try again.")),
                             problem);

    case RT_HTTP_STATUS_TOO_MANY_REQUESTS:
      return new_error_take (RT_CLIENT_ERROR_RATE_LIMITED,
                             g_strdup (_("The server is receiving too many requests. "
                                         "Wait a minute, then try again.")),
                             problem);

    default:
      break;
    }

  if (status >= 500 && status <= 599)
    return new_error_take (RT_CLIENT_ERROR_SERVER,
                           g_strdup_printf (_("The server had a problem (HTTP status %u). "
                                              "Try again later; if it keeps happening, "
                                              "contact the server’s administrator."),
                                            status),
                           problem);

  return rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_STATUS, status);
}

GError *
rt_client_error_new_protocol (RtClientProtocolIssue issue,
                              guint                 status)
{
  switch (issue)
    {
    case RT_CLIENT_PROTOCOL_TOO_LARGE:
      return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL,
                                  _("The server’s reply was too large. The address may not "
                                    "belong to a registry token service."));

    case RT_CLIENT_PROTOCOL_CONTENT_TYPE:
      return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL,
                                  _("The server’s reply was not JSON. The address may not "
                                    "belong to a registry token service, or a proxy may be "
                                    "in the way."));

    case RT_CLIENT_PROTOCOL_STATUS:
      return g_error_new (RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL,
                          _("The server gave an unexpected reply (HTTP status %u). The address "
                            "may not belong to a registry token service, or the service may not "
                            "work with this version of the app."),
                          status);

    case RT_CLIENT_PROTOCOL_MALFORMED:
    default:
      return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL,
                                  _("The server’s reply could not be understood. The address "
                                    "may not belong to a registry token service, or the service "
                                    "may not work with this version of the app."));
    }
}

static GError *
new_tls_error (GTlsCertificateFlags flags)
{
  const char *message;

  /* One reason, the most useful first: a wrong host usually means a typo in
   * the address, an expired or not yet valid certificate a clock or renewal
   * problem, an unknown issuer a self-signed or private CA. */
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    message = _("The server’s certificate belongs to a different address, so its identity "
                "cannot be verified. The connection was not made. Check the server address.");
  else if (flags & G_TLS_CERTIFICATE_EXPIRED)
    message = _("The server’s certificate has expired, so its identity cannot be verified. "
                "The connection was not made. Ask the server’s administrator to renew the "
                "certificate.");
  else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    message = _("The server’s certificate is not valid yet, so its identity cannot be "
                "verified. The connection was not made. Check this computer’s date and time.");
  else if (flags & G_TLS_CERTIFICATE_REVOKED)
    message = _("The server’s certificate has been revoked, so its identity cannot be "
                "verified. The connection was not made. Contact the server’s administrator.");
  else if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    message = _("The server’s certificate is not signed by an authority this computer "
                "trusts, so its identity cannot be verified. The connection was not made. "
                "Contact the server’s administrator.");
  else if (flags & G_TLS_CERTIFICATE_INSECURE)
    message = _("The server’s certificate uses an insecure algorithm, so its identity cannot "
                "be verified. The connection was not made. Contact the server’s "
                "administrator.");
  else if (flags != 0)
    message = _("The server’s certificate is not valid, so its identity cannot be verified. "
                "The connection was not made. Contact the server’s administrator.");
  else
    message = _("A secure connection to the server could not be made. Check the server "
                "address; the server may not support HTTPS.");

  return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_TLS, message);
}

GError *
rt_client_error_new_for_transport (const GError         *error,
                                   GTlsCertificateFlags  tls_errors,
                                   const char           *host)
{
  g_assert (error != NULL);

  if (tls_errors != 0 || error->domain == G_TLS_ERROR)
    return new_tls_error (tls_errors);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return rt_cancelled_error_new ();

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return rt_client_error_new_timeout (FALSE);

  if (error->domain == SOUP_SESSION_ERROR &&
      error->code != SOUP_SESSION_ERROR_TOO_MANY_RESTARTS)
    return rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_MALFORMED, 0);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK,
                        _("The server “%s” could not be found. Check the server address "
                          "and your network connection."),
                        host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK,
                        _("The server “%s” refused the connection. Check the server address, "
                          "or try again later."),
                        host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK,
                                _("The connection to the server broke before the reply was "
                                  "complete. Check your network connection, then try again."));

  return g_error_new (RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK,
                      _("Could not reach the server “%s”. Check your network connection, "
                        "then try again."),
                      host);
}

GError *
rt_client_error_new_timeout (gboolean connecting)
{
  if (connecting)
    return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_TIMEOUT,
                                _("Could not connect to the server in time. Check your "
                                  "network connection and the server address, then try "
                                  "again."));

  return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_TIMEOUT,
                              _("The server did not reply in time. Check your network "
                                "connection, then try again."));
}

GError *
rt_cancelled_error_new (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              _("The operation was cancelled."));
}

GError *
rt_client_error_new_insecure (void)
{
  return g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_INSECURE,
                              _("The server address must start with https:// so that the "
                                "access key and token secrets stay private. Plain http:// is "
                                "allowed only for a server on this computer."));
}

GError *
rt_client_error_new_invalid_url (const char *server)
{
  g_autofree char *shown = NULL;

  /* What the user typed, kept short and printable for the message. */
  if (server != NULL && g_utf8_validate (server, -1, NULL))
    shown = sanitize_detail (server);
  if (shown != NULL && g_utf8_strlen (shown, -1) > 80)
    {
      g_autofree char *cut = g_utf8_substring (shown, 0, 80);

      g_free (shown);
      shown = g_strconcat (cut, "…", NULL);
    }

  return g_error_new (RT_CLIENT_ERROR, RT_CLIENT_ERROR_INVALID_URL,
                      _("“%s” is not a valid server address. Enter an address such as "
                        "https://tokens.example.com."),
                      shown != NULL ? shown : "");
}
