/* fuzz-json.c: one libFuzzer harness per rt-json parser, picked at build time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rt-json.h"

typedef gboolean (*Parser) (GBytes  *bytes,
                            GError **error);

static gboolean
parse_token (GBytes  *bytes,
             GError **error)
{
  g_autoptr(RtToken) token = rt_json_parse_token (bytes, error);

  return token != NULL;
}

static gboolean
parse_token_page (GBytes  *bytes,
                  GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *next_page_token = NULL;
  guint total = 0;

  if (!rt_json_parse_token_page (bytes, &tokens, &next_page_token, &total, error))
    return FALSE;

  g_assert_nonnull (tokens);
  for (guint i = 0; i < tokens->len; i++)
    g_assert_true (RT_IS_TOKEN (g_ptr_array_index (tokens, i)));

  return TRUE;
}

static gboolean
parse_account (GBytes  *bytes,
               GError **error)
{
  g_autoptr(RtAccount) account = rt_json_parse_account (bytes, error);

  return account != NULL;
}

static gboolean
parse_subscriptions (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(GPtrArray) subscriptions = rt_json_parse_subscriptions (bytes, error);

  return subscriptions != NULL;
}

static gboolean
parse_service_users (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(GPtrArray) users = rt_json_parse_service_users (bytes, error);

  return users != NULL;
}

static gboolean
parse_token_with_secret (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtToken) token = rt_json_parse_token_with_secret (bytes, &secret, error);
  gsize len = 0;

  if (token == NULL)
    return FALSE;

  g_assert_nonnull (secret);
  g_assert_nonnull (rt_secret_get (secret, &len));
  g_assert_cmpuint (len, >, 0);

  return TRUE;
}

static gboolean
parse_resync (GBytes  *bytes,
              GError **error)
{
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(RtToken) token = rt_json_parse_resync (bytes, &added, &removed, error);

  if (token == NULL)
    return FALSE;

  g_assert_nonnull (added);
  g_assert_nonnull (removed);

  return TRUE;
}

static gboolean
parse_problem (GBytes  *bytes,
               GError **error)
{
  g_autoptr(RtProblem) problem = rt_json_parse_problem (bytes, error);

  return problem != NULL;
}

static const struct
{
  const char *name;
  Parser      parse;
} parsers[] = {
  { "token", parse_token },
  { "token-page", parse_token_page },
  { "account", parse_account },
  { "subscriptions", parse_subscriptions },
  { "service-users", parse_service_users },
  { "token-with-secret", parse_token_with_secret },
  { "resync", parse_resync },
  { "problem", parse_problem },
};

static Parser
find_parser (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      if (strcmp (parsers[i].name, FUZZ_PARSER) == 0)
        return parsers[i].parse;
    }

  g_error ("No parser named %s", FUZZ_PARSER);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static Parser parse;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;

  if (parse == NULL)
    parse = find_parser ();

  /* Success and an error are exclusive, and every error is one of ours. */
  if (parse (bytes, &error))
    g_assert_no_error (error);
  else
    g_assert_error (error, RT_JSON_ERROR, error->code);

  return 0;
}
