/* rt-token-page.c: one page of the token list, or "not modified"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-token-page.h"

/* Immutable once made, so it can be shared between threads. A page that is
 * "not modified" (the server answered 304 to If-None-Match) has no tokens:
 * the caller keeps the model it has. */
struct _RtTokenPage
{
  gatomicrefcount ref_count;
  GPtrArray *tokens;        /* of RtToken, never NULL */
  char *next_page_token;
  char *etag;
  guint total;
  gboolean not_modified;
  gint64 requested_at;
};

G_DEFINE_BOXED_TYPE (RtTokenPage, rt_token_page, rt_token_page_ref, rt_token_page_unref)

/**
 * rt_token_page_new:
 * @tokens: (element-type RtToken) (transfer none): the tokens of the page
 * @next_page_token: (nullable): the token of the next page, %NULL on the last
 * @total: how many tokens the caller can see in all
 * @etag: (nullable): the ETag of the reply, for the next If-None-Match
 */
RtTokenPage *
rt_token_page_new (GPtrArray  *tokens,
                   const char *next_page_token,
                   guint       total,
                   const char *etag)
{
  RtTokenPage *self;

  g_return_val_if_fail (tokens != NULL, NULL);

  self = g_new0 (RtTokenPage, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->tokens = g_ptr_array_ref (tokens);
  self->next_page_token = g_strdup (next_page_token);
  self->total = total;
  self->etag = g_strdup (etag);

  return self;
}

RtTokenPage *
rt_token_page_new_not_modified (const char *etag)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);
  RtTokenPage *self = rt_token_page_new (none, NULL, 0, etag);

  self->not_modified = TRUE;

  return self;
}

RtTokenPage *
rt_token_page_ref (RtTokenPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
rt_token_page_unref (RtTokenPage *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->tokens);
      g_free (self->next_page_token);
      g_free (self->etag);
      g_free (self);
    }
}

/* Whether the list is unchanged since the ETag sent; then there are no tokens. */
gboolean
rt_token_page_get_not_modified (RtTokenPage *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->not_modified;
}

/**
 * rt_token_page_get_tokens:
 *
 * Returns: (transfer none) (element-type RtToken): the tokens, newest first
 */
GPtrArray *
rt_token_page_get_tokens (RtTokenPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tokens;
}

/* Returns: (nullable): the page token of the next page; %NULL on the last page */
const char *
rt_token_page_get_next_page_token (RtTokenPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->next_page_token;
}

/* How many tokens the caller can see in all; 0 when not modified. */
guint
rt_token_page_get_total (RtTokenPage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->total;
}

/* Returns: (nullable): the ETag to send as If-None-Match next time */
const char *
rt_token_page_get_etag (RtTokenPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->etag;
}

/**
 * rt_token_page_get_requested_at:
 *
 * Returns: when the page was asked for, in g_get_monotonic_time()'s
 *   microseconds, or 0 when unknown. What a page shows is at least that old.
 */
gint64
rt_token_page_get_requested_at (RtTokenPage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->requested_at;
}

void
rt_token_page_set_requested_at (RtTokenPage *self,
                                gint64       requested_at)
{
  g_return_if_fail (self != NULL);

  self->requested_at = requested_at;
}
