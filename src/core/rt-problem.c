/* rt-problem.c: an RFC 9457 problem details reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rt-problem.h"

/* The texts come from the service, in English: they are for logs and for
 * mapping to errors, and are shown to users only as a last resort. */
struct _RtProblem
{
  GObject parent_instance;

  char *type_uri;
  char *title;
  char *detail;
  guint status;

  /* field name → message, and the field names, sorted, NULL-terminated */
  GHashTable *field_errors;
  char **fields;
};

G_DEFINE_FINAL_TYPE (RtProblem, rt_problem, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TYPE_URI,
  PROP_TITLE,
  PROP_STATUS,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rt_problem_finalize (GObject *object)
{
  RtProblem *self = (RtProblem *)object;

  g_clear_pointer (&self->type_uri, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->field_errors, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_strfreev);

  G_OBJECT_CLASS (rt_problem_parent_class)->finalize (object);
}

static void
rt_problem_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RtProblem *self = RT_PROBLEM (object);

  switch (prop_id)
    {
    case PROP_TYPE_URI:
      g_value_set_string (value, self->type_uri);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_problem_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RtProblem *self = RT_PROBLEM (object);

  switch (prop_id)
    {
    case PROP_TYPE_URI:
      self->type_uri = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_STATUS:
      self->status = g_value_get_uint (value);
      break;

    case PROP_DETAIL:
      self->detail = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_problem_class_init (RtProblemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rt_problem_finalize;
  object_class->get_property = rt_problem_get_property;
  object_class->set_property = rt_problem_set_property;

  properties[PROP_TYPE_URI] =
    g_param_spec_string ("type-uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_problem_init (RtProblem *self)
{
  self->field_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * rt_problem_new:
 * @type_uri: the problem type, e.g. `urn:registry-tokens:problem:conflict`
 * @title: the short summary
 * @status: the HTTP status the problem came with
 * @detail: (nullable): what happened in this occurrence
 * @field_errors: (nullable) (element-type utf8 utf8): field name → message;
 *   copied
 *
 * Returns: (transfer full): a new problem
 */
RtProblem *
rt_problem_new (const char *type_uri,
                const char *title,
                guint       status,
                const char *detail,
                GHashTable *field_errors)
{
  RtProblem *self;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (type_uri != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (RT_TYPE_PROBLEM,
                       "type-uri", type_uri,
                       "title", title,
                       "status", status,
                       "detail", detail,
                       NULL);

  if (field_errors != NULL)
    {
      g_hash_table_iter_init (&iter, field_errors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->field_errors, g_strdup (key), g_strdup (value));
    }

  self->fields = (char **) g_hash_table_get_keys_as_array (self->field_errors, NULL);
  for (guint i = 0; self->fields[i] != NULL; i++)
    self->fields[i] = g_strdup (self->fields[i]);
  qsort (self->fields, g_strv_length (self->fields), sizeof (char *), compare_strings);

  return self;
}

const char *
rt_problem_get_type_uri (RtProblem *self)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), NULL);

  return self->type_uri;
}

/**
 * rt_problem_get_kind:
 * @self: a problem
 *
 * The part of the type after %RT_PROBLEM_TYPE_PREFIX, e.g. `conflict`.
 *
 * Returns: (nullable): the kind, or %NULL when the type is not one of the
 *   API's
 */
const char *
rt_problem_get_kind (RtProblem *self)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), NULL);

  if (!g_str_has_prefix (self->type_uri, RT_PROBLEM_TYPE_PREFIX))
    return NULL;

  return self->type_uri + strlen (RT_PROBLEM_TYPE_PREFIX);
}

gboolean
rt_problem_has_kind (RtProblem  *self,
                     const char *kind)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  return g_strcmp0 (rt_problem_get_kind (self), kind) == 0;
}

const char *
rt_problem_get_title (RtProblem *self)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), NULL);

  return self->title;
}

guint
rt_problem_get_status (RtProblem *self)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), 0);

  return self->status;
}

const char *
rt_problem_get_detail (RtProblem *self)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), NULL);

  return self->detail;
}

/**
 * rt_problem_get_fields:
 * @self: a problem
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of the fields
 *   with an error, sorted; empty unless this is a validation problem
 */
const char * const *
rt_problem_get_fields (RtProblem *self)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), NULL);

  return (const char * const *) self->fields;
}

/**
 * rt_problem_get_field_error:
 * @self: a problem
 * @field: a field name, e.g. `name`
 *
 * Returns: (nullable): the message for @field, or %NULL when it has none
 */
const char *
rt_problem_get_field_error (RtProblem  *self,
                            const char *field)
{
  g_return_val_if_fail (RT_IS_PROBLEM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return g_hash_table_lookup (self->field_errors, field);
}
