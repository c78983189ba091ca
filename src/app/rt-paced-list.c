/* rt-paced-list.c: a list model that lets its model's first items in a few at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-paced-list.h"

/* GTK 4.8's list views build the rows of the 200-odd items around the one
 * in view as soon as their model has them, in its items-changed handler:
 * about 0.3 ms of main-thread work a row, so a first page of 100 tokens held
 * the main loop for 30 ms and more, and its first frame as long again.
 * This model shows a prefix of its model and lets the rest in at the pace
 * of rt-paced-list.h: the first step fills the window at once; the others
 * are rows out of view, and between two steps the main loop is free for
 * the frame that paints the last one and for whatever else is waiting: a
 * scroll, a keystroke, a screen reader's question (with a step each idle,
 * these waited for every step to be done, 150 ms for 1,000 tokens). From
 * RT_PACE_LIMIT on, and for every change inside the prefix, it follows its
 * model at once, so an item once shown never leaves but with its model's
 * change.
 * It comes after the sort, so that what it lets in joins the rows shown
 * at their end, never above the one in view. */

struct _RtPacedList
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_shown;     /* the prefix of the model shown */
  guint       step_source;
};

static void rt_paced_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtPacedList, rt_paced_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rt_paced_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_CAUGHT_UP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel {{{ */

static GType
rt_paced_list_get_item_type (GListModel *list)
{
  RtPacedList *self = RT_PACED_LIST (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
rt_paced_list_get_n_items (GListModel *list)
{
  return RT_PACED_LIST (list)->n_shown;
}

static gpointer
rt_paced_list_get_item (GListModel *list,
                        guint       position)
{
  RtPacedList *self = RT_PACED_LIST (list);

  if (position >= self->n_shown)
    return NULL;

  return g_list_model_get_item (self->model, position);
}

static void
rt_paced_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rt_paced_list_get_item_type;
  iface->get_n_items = rt_paced_list_get_n_items;
  iface->get_item = rt_paced_list_get_item;
}

/* }}} */
/* Pacing {{{ */

static guint
model_n_items (RtPacedList *self)
{
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static void
show_more (RtPacedList *self,
           guint        n_shown)
{
  gboolean was_caught_up = rt_paced_list_get_caught_up (self);
  guint before = self->n_shown;

  n_shown = MIN (n_shown, model_n_items (self));
  if (n_shown <= before)
    return;

  self->n_shown = n_shown;
  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, n_shown - before);
  if (was_caught_up != rt_paced_list_get_caught_up (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAUGHT_UP]);
}

static gboolean step_cb (gpointer user_data);

static void
schedule_step (RtPacedList *self)
{
  self->step_source = g_timeout_add (RT_PACE_INTERVAL_MS, step_cb, self);
  g_source_set_name_by_id (self->step_source, "[rt] paced list step");
}

static gboolean
step_cb (gpointer user_data)
{
  RtPacedList *self = user_data;

  self->step_source = 0;
  show_more (self, self->n_shown + RT_PACE_STEP >= RT_PACE_LIMIT ? G_MAXUINT
                                                                : self->n_shown + RT_PACE_STEP);
  if (!rt_paced_list_get_caught_up (self))
    schedule_step (self);

  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  RtPacedList *self)
{
  if (position < self->n_shown || self->n_shown >= RT_PACE_LIMIT)
    {
      /* Inside what is shown, or past pacing: followed at once. */
      guint shown_removed = MIN (removed, self->n_shown - MIN (position, self->n_shown));

      self->n_shown = self->n_shown - shown_removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, shown_removed, added);
    }
  else if (self->n_shown < RT_PACE_STEP)
    /* The first few at once. */
    show_more (self, RT_PACE_STEP);

  /* The others in a moment. */
  if (!rt_paced_list_get_caught_up (self) && self->step_source == 0)
    schedule_step (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAUGHT_UP]);
}

/* }}} */
/* GObject {{{ */

static void
rt_paced_list_dispose (GObject *object)
{
  RtPacedList *self = RT_PACED_LIST (object);

  g_clear_handle_id (&self->step_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (rt_paced_list_parent_class)->dispose (object);
}

static void
rt_paced_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RtPacedList *self = RT_PACED_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_CAUGHT_UP:
      g_value_set_boolean (value, rt_paced_list_get_caught_up (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_paced_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RtPacedList *self = RT_PACED_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      rt_paced_list_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_paced_list_class_init (RtPacedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_paced_list_dispose;
  object_class->get_property = rt_paced_list_get_property;
  object_class->set_property = rt_paced_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether every item of the model is shown. Notified whenever the model
   * changes, not only when this changes: a change may leave it as it was
   * for a moment only. */
  properties[PROP_CAUGHT_UP] =
    g_param_spec_boolean ("caught-up", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_paced_list_init (RtPacedList *self)
{
}

/* }}} */

RtPacedList *
rt_paced_list_new (void)
{
  return g_object_new (RT_TYPE_PACED_LIST, NULL);
}

/**
 * rt_paced_list_get_model:
 *
 * Returns: (transfer none) (nullable): the model whose items are shown
 */
GListModel *
rt_paced_list_get_model (RtPacedList *self)
{
  g_return_val_if_fail (RT_IS_PACED_LIST (self), NULL);

  return self->model;
}

/**
 * rt_paced_list_set_model:
 * @model: (nullable): the model to show
 *
 * Shows the first few of @model's items now and the others a few at a
 * time, as if they had just been added.
 */
void
rt_paced_list_set_model (RtPacedList *self,
                         GListModel  *model)
{
  guint removed;

  g_return_if_fail (RT_IS_PACED_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  g_clear_handle_id (&self->step_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  removed = self->n_shown;
  self->n_shown = MIN (model_n_items (self), RT_PACE_STEP);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_shown);
  if (!rt_paced_list_get_caught_up (self))
    schedule_step (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAUGHT_UP]);
}

/**
 * rt_paced_list_catch_up:
 *
 * Shows every item of the model now.
 */
void
rt_paced_list_catch_up (RtPacedList *self)
{
  g_return_if_fail (RT_IS_PACED_LIST (self));

  g_clear_handle_id (&self->step_source, g_source_remove);
  show_more (self, G_MAXUINT);
}

/**
 * rt_paced_list_get_caught_up:
 *
 * Returns: whether every item of the model is shown
 */
gboolean
rt_paced_list_get_caught_up (RtPacedList *self)
{
  g_return_val_if_fail (RT_IS_PACED_LIST (self), TRUE);

  return self->n_shown == model_n_items (self);
}
