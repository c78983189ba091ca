/* rt-filter-list.c: a filtered list model whose changes keep the rows of the items that stay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-filter-list.h"
#include "rt-paced-list.h"

/* GtkFilterListModel does what this does, but GTK 4.8's, when incremental,
 * answers a stricter filter by removing every item at once and adding the
 * matches back an idle later: a list view then unparents all of its 200-odd
 * rows and builds them again, 55 ms of main-thread work for one keystroke
 * over 1,000 tokens. Not incremental, it filters 100,000 tokens in one go.
 *
 * This model looks at the items a change of filter concerns (only those shown
 * for a stricter filter, only those hidden for a looser one), a few
 * milliseconds' worth at a time, showing what it showed until it is done.
 * Then it tells the change in one items-changed signal, so that the items
 * that stay keep their rows, their selection and the focus, and a list view
 * only drops the rows of the items that leave and builds those of the items
 * that come.
 *
 * Many items that come where the rows are (a search cleared brings back
 * 200-odd rows, which GTK builds in one go: 50 to 70 ms) come at the pace
 * of rt-paced-list.h, with those that stay, until no more than a step's
 * worth are left to come among the first RT_PACE_LIMIT; then the rest at
 * once.
 *
 * Many items that leave where the rows are (a name pasted in the search
 * leaves one of 200-odd rows, which GTK 4.8 unparents in one go: 16 to
 * 22 ms) leave first, DROP_STEP at a time, an idle apart, the farthest
 * below the view first, and those in view all at once, last; then those
 * that come. The view tells where it is (rt_filter_list_set_view()).
 *
 * Items its model adds are filtered at once: they come a page at a time,
 * and RtPacedList, before this model, lets a first load in. */

/* The first look is made at once: for 1,000 tokens it is all of it. */
#define BUDGET_US (4 * G_TIME_SPAN_MILLISECOND)

/* GTK 4.8 unparents a row of the token table in 0.06 to 0.1 ms. */
#define DROP_STEP 64

/* GTK 4.8 keeps rows for the 200 items from the one at the top of the view
 * on, and for a few before it: the rows' reach is RT_PACE_LIMIT items from
 * ROWS_BEFORE before the top of the view. */
#define ROWS_BEFORE 8

struct _RtFilterList
{
  GObject          parent_instance;

  GListModel      *model;
  GtkFilter       *filter;
  GtkBitset       *matched;    /* the model's positions the filter lets through */
  GtkBitset       *shown;      /* those shown: all of them, or while they
                                * come a step at a time, fewer */
  guint            step;

  /* A change of filter being looked at, or NULL */
  GtkBitset       *pending;    /* positions still to look at */
  GtkBitset       *next;       /* what to show once they are looked at */
  GtkFilterChange  change;     /* how the filter changed since @matched */
  guint            idle;
  guint            notified_pending;

  guint            view_item;  /* the model's position of the item at the
                                * top of the view, or where it was */
  guint            n_in_view;  /* how many items the view shows */
};

static void rt_filter_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtFilterList, rt_filter_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rt_filter_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FILTER,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel {{{ */

static GType
rt_filter_list_get_item_type (GListModel *list)
{
  RtFilterList *self = RT_FILTER_LIST (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
rt_filter_list_get_n_items (GListModel *list)
{
  return (guint) gtk_bitset_get_size (RT_FILTER_LIST (list)->shown);
}

static gpointer
rt_filter_list_get_item (GListModel *list,
                         guint       position)
{
  RtFilterList *self = RT_FILTER_LIST (list);

  if (position >= rt_filter_list_get_n_items (list))
    return NULL;

  return g_list_model_get_item (self->model, gtk_bitset_get_nth (self->shown, position));
}

static void
rt_filter_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rt_filter_list_get_item_type;
  iface->get_n_items = rt_filter_list_get_n_items;
  iface->get_item = rt_filter_list_get_item;
}

/* }}} */
/* Filtering {{{ */

static guint
model_n_items (RtFilterList *self)
{
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static GtkFilterMatch
strictness (RtFilterList *self)
{
  if (self->model == NULL)
    return GTK_FILTER_MATCH_NONE;
  if (self->filter == NULL)
    return GTK_FILTER_MATCH_ALL;

  return gtk_filter_get_strictness (self->filter);
}

static guint
count_in (GtkBitset *set,
          guint      first,
          guint      end)
{
  return end > first ? (guint) gtk_bitset_get_size_in_range (set, first, end - 1) : 0;
}

static gboolean
matches (RtFilterList *self,
         guint         position)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->model, position);

  return gtk_filter_match (self->filter, item);
}

/* Adds to @set those of the @n_items from @position that the filter lets
 * through. */
static void
filter_range (RtFilterList *self,
              GtkBitset    *set,
              guint         position,
              guint         n_items)
{
  switch (strictness (self))
    {
    case GTK_FILTER_MATCH_NONE:
      break;

    case GTK_FILTER_MATCH_ALL:
      gtk_bitset_add_range (set, position, n_items);
      break;

    case GTK_FILTER_MATCH_SOME:
    default:
      for (guint i = position; i < position + n_items; i++)
        if (matches (self, i))
          gtk_bitset_add (set, i);
    }
}

/* Shows @next instead of what is shown, in one change from the first item
 * that comes or leaves to the last. A list view keeps the rows of the items
 * that leave and come back within a change (and GtkMultiSelection their
 * selection); told in pieces, it would build rows for the items a piece
 * brings into its range and drop them with the next piece. */
static void
emit_change (RtFilterList *self,
             GtkBitset    *next)
{
  g_autoptr(GtkBitset) old = g_steal_pointer (&self->shown);
  g_autoptr(GtkBitset) changed = gtk_bitset_copy (old);
  guint first, end;

  self->shown = gtk_bitset_copy (next);
  gtk_bitset_difference (changed, next);  /* symmetric */
  if (gtk_bitset_is_empty (changed))
    return;

  first = gtk_bitset_get_minimum (changed);
  end = gtk_bitset_get_maximum (changed) + 1;
  g_list_model_items_changed (G_LIST_MODEL (self),
                              count_in (old, 0, first),
                              count_in (old, first, end),
                              count_in (next, first, end));
}

/* Notifies :pending when it is not what it last told. */
static void
update_pending (RtFilterList *self)
{
  guint pending = rt_filter_list_get_pending (self);

  if (pending == self->notified_pending)
    return;

  self->notified_pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static gboolean step_cb (gpointer user_data);

/* Where the first RT_PACE_LIMIT items of @set end: the rows' reach when
 * the view is at the top. */
static guint
rows_end (GtkBitset *set)
{
  return gtk_bitset_get_size (set) > RT_PACE_LIMIT ? gtk_bitset_get_nth (set, RT_PACE_LIMIT - 1) + 1 : G_MAXUINT;
}

/* Where the rows of a list view showing @set are, from a few before the
 * view's top on, as the model's positions from @first to before @end. */
static void
rows_in_view (RtFilterList *self,
              GtkBitset    *set,
              guint        *first,
              guint        *end)
{
  guint n_items = (guint) gtk_bitset_get_size (set);
  guint top = count_in (set, 0, self->view_item);
  guint start = top > ROWS_BEFORE ? top - ROWS_BEFORE : 0;

  *first = start < n_items ? gtk_bitset_get_nth (set, start) : G_MAXUINT;
  *end = n_items - start > RT_PACE_LIMIT ? gtk_bitset_get_nth (set, start + RT_PACE_LIMIT) : G_MAXUINT;
}

/* Where the items in view end, as a position of the model. */
static guint
view_end (RtFilterList *self)
{
  guint end = count_in (self->shown, 0, self->view_item) + self->n_in_view;

  return end < gtk_bitset_get_size (self->shown) ? gtk_bitset_get_nth (self->shown, end) : G_MAXUINT;
}

/* Drops, of the items @leaving, those out of the rows' reach and the
 * DROP_STEP farthest below the view's top of the @leaving_rows there, but
 * none in view; the next step an idle later. Whether it dropped any. */
static gboolean
drop_step (RtFilterList *self,
           GtkBitset    *leaving,
           guint         rows_first,
           guint         leaving_rows)
{
  guint n_before = count_in (leaving, 0, rows_first);
  guint keep_first = gtk_bitset_get_nth (leaving, n_before);
  guint keep_end = gtk_bitset_get_nth (leaving, n_before + leaving_rows - DROP_STEP);
  g_autoptr(GtkBitset) next = NULL;

  keep_end = MAX (keep_end, view_end (self));
  gtk_bitset_remove_range (leaving, keep_first, keep_end - keep_first);
  if (gtk_bitset_is_empty (leaving))
    return FALSE;

  next = gtk_bitset_copy (self->shown);
  gtk_bitset_subtract (next, leaving);

  /* Before the change is told: a handler of it may change the filter, and
   * with it the steps. */
  self->step = g_idle_add (step_cb, self);
  g_source_set_name_by_id (self->step, "[rt] filter list step");
  emit_change (self, next);

  return TRUE;
}

/* Shows the items matched: when many leave where the rows are, a step of
 * drop_step(); else, when many more come among the first RT_PACE_LIMIT
 * than leave from where the rows are, those that stay and a step's worth
 * of those that come, and the next step a moment later; else all at
 * once. */
static void
show_matched (RtFilterList *self)
{
  g_autoptr(GtkBitset) coming = gtk_bitset_copy (self->matched);
  g_autoptr(GtkBitset) leaving = gtk_bitset_copy (self->shown);
  g_autoptr(GtkBitset) next = NULL;
  guint rows_first, rows_end_shown, leaving_rows;

  g_clear_handle_id (&self->step, g_source_remove);
  gtk_bitset_subtract (coming, self->shown);
  gtk_bitset_subtract (leaving, self->matched);
  rows_in_view (self, self->shown, &rows_first, &rows_end_shown);
  leaving_rows = count_in (leaving, rows_first, rows_end_shown);

  /* Those that come wait for the last of these steps. */
  if (leaving_rows > DROP_STEP && drop_step (self, leaving, rows_first, leaving_rows))
    return;

  if (count_in (coming, 0, rows_end (self->matched)) > leaving_rows + RT_PACE_STEP)
    {
      next = gtk_bitset_copy (self->shown);
      gtk_bitset_intersect (next, self->matched);
      gtk_bitset_remove_range_closed (coming, gtk_bitset_get_nth (coming, RT_PACE_STEP - 1) + 1, G_MAXUINT);
      gtk_bitset_union (next, coming);

      self->step = g_timeout_add (RT_PACE_INTERVAL_MS, step_cb, self);
      g_source_set_name_by_id (self->step, "[rt] filter list step");
      emit_change (self, next);
      return;
    }

  emit_change (self, self->matched);
}

static gboolean
step_cb (gpointer user_data)
{
  RtFilterList *self = user_data;

  self->step = 0;
  show_matched (self);
  update_pending (self);

  return G_SOURCE_REMOVE;
}

static void
stop_looking (RtFilterList *self)
{
  g_clear_handle_id (&self->idle, g_source_remove);
  g_clear_pointer (&self->pending, gtk_bitset_unref);
  g_clear_pointer (&self->next, gtk_bitset_unref);
}

/* Shows what the look found. */
static void
finish_looking (RtFilterList *self)
{
  g_autoptr(GtkBitset) next = g_steal_pointer (&self->next);

  stop_looking (self);
  g_clear_pointer (&self->matched, gtk_bitset_unref);
  self->matched = g_steal_pointer (&next);
  show_matched (self);
  update_pending (self);
}

/* Looks at pending items until @deadline; whether none are left. */
static gboolean
look (RtFilterList *self,
      gint64        deadline)
{
  GtkBitsetIter iter;
  guint first, position, last;
  guint n = 0;

  if (!gtk_bitset_iter_init_first (&iter, self->pending, &first))
    return TRUE;

  position = first;
  do
    {
      last = position;
      if (matches (self, position))
        gtk_bitset_add (self->next, position);
      /* The clock is asked every few items only. */
      if (++n % 32 == 0 && g_get_monotonic_time () >= deadline)
        break;
    }
  while (gtk_bitset_iter_next (&iter, &position));

  gtk_bitset_remove_range_closed (self->pending, first, last);

  return gtk_bitset_is_empty (self->pending);
}

static gboolean
look_cb (gpointer user_data)
{
  RtFilterList *self = user_data;
  gint64 start = g_get_monotonic_time ();

  if (!look (self, start + BUDGET_US))
    {
      update_pending (self);
      return G_SOURCE_CONTINUE;
    }

  /* A last look that took long leaves the rows' work to the next idle. */
  if (g_get_monotonic_time () - start > BUDGET_US / 2)
    {
      update_pending (self);
      return G_SOURCE_CONTINUE;
    }

  self->idle = 0;
  finish_looking (self);
  return G_SOURCE_REMOVE;
}

static void
refilter (RtFilterList    *self,
          GtkFilterChange  change)
{
  guint n_items = model_n_items (self);
  g_autoptr(GtkBitset) was_pending = g_steal_pointer (&self->pending);
  g_autoptr(GtkBitset) was_next = g_steal_pointer (&self->next);
  gint64 start;

  /* Two changes of a kind are one change of that kind from what matched,
   * and what the look under way found still holds; of two kinds, a
   * different one. */
  if (was_pending != NULL && self->change != change)
    change = GTK_FILTER_CHANGE_DIFFERENT;
  stop_looking (self);
  /* What is shown stays as it is until the look is done. */
  g_clear_handle_id (&self->step, g_source_remove);
  self->change = change;

  switch (strictness (self))
    {
    case GTK_FILTER_MATCH_NONE:
      self->next = gtk_bitset_new_empty ();
      break;

    case GTK_FILTER_MATCH_ALL:
      self->next = gtk_bitset_new_range (0, n_items);
      break;

    case GTK_FILTER_MATCH_SOME:
    default:
      switch (change)
        {
        case GTK_FILTER_CHANGE_MORE_STRICT:
          /* What a stricter filter let through, and what it had not
           * looked at yet; the rest fails this one too. */
          self->next = gtk_bitset_new_empty ();
          if (was_pending != NULL)
            {
              self->pending = g_steal_pointer (&was_pending);
              gtk_bitset_union (self->pending, was_next);
            }
          else
            self->pending = gtk_bitset_copy (self->matched);
          break;

        case GTK_FILTER_CHANGE_LESS_STRICT:
          /* What a stricter filter let through, this one does too. */
          self->next = was_pending != NULL ? g_steal_pointer (&was_next)
                                           : gtk_bitset_copy (self->matched);
          self->pending = gtk_bitset_new_range (0, n_items);
          gtk_bitset_subtract (self->pending, self->next);
          break;

        case GTK_FILTER_CHANGE_DIFFERENT:
        default:
          self->next = gtk_bitset_new_empty ();
          self->pending = gtk_bitset_new_range (0, n_items);
        }
    }

  /* As in look_cb(): the rows' work after a long look waits for an idle. */
  start = g_get_monotonic_time ();
  if (self->pending == NULL ||
      (look (self, start + BUDGET_US) && g_get_monotonic_time () - start <= BUDGET_US / 2))
    {
      finish_looking (self);
      return;
    }

  self->idle = g_idle_add (look_cb, self);
  g_source_set_name_by_id (self->idle, "[rt] filter list look");
  update_pending (self);
}

static void
filter_changed_cb (GtkFilter       *filter,
                   GtkFilterChange  change,
                   RtFilterList    *self)
{
  refilter (self, change);
}

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  RtFilterList *self)
{
  guint shown_position = count_in (self->shown, 0, position);
  guint shown_removed = count_in (self->shown, position, position + removed);
  guint shown_added;
  g_autoptr(GtkBitset) piece = gtk_bitset_new_range (position, added);

  /* The top of the view follows its item, also when items come right
   * before it (as GTK's view does), or keeps the place of the items gone. */
  if (self->view_item > position ||
      (self->view_item == position && removed == 0 && self->view_item < model_n_items (self) - added))
    self->view_item = self->view_item >= position + removed ? self->view_item - removed + added : position;
  gtk_bitset_splice (self->matched, position, removed, added);
  gtk_bitset_splice (self->shown, position, removed, added);
  if (self->pending != NULL)
    {
      gtk_bitset_splice (self->pending, position, removed, added);
      gtk_bitset_splice (self->next, position, removed, added);
    }

  /* What comes is looked at with the filter as it is now, and shown at
   * once: it comes a page at a time, and RtPacedList paces a first load. */
  filter_range (self, self->matched, position, added);
  gtk_bitset_intersect (piece, self->matched);
  gtk_bitset_union (self->shown, piece);
  if (self->next != NULL)
    gtk_bitset_union (self->next, piece);
  shown_added = (guint) gtk_bitset_get_size (piece);

  if (shown_removed > 0 || shown_added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), shown_position, shown_removed, shown_added);
  update_pending (self);
}

/* }}} */
/* GObject {{{ */

static void
rt_filter_list_dispose (GObject *object)
{
  RtFilterList *self = RT_FILTER_LIST (object);

  stop_looking (self);
  g_clear_handle_id (&self->step, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);
  /* With no model, no items. */
  gtk_bitset_remove_all (self->matched);
  gtk_bitset_remove_all (self->shown);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, filter_changed_cb, self);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (rt_filter_list_parent_class)->dispose (object);
}

static void
rt_filter_list_finalize (GObject *object)
{
  RtFilterList *self = RT_FILTER_LIST (object);

  g_clear_pointer (&self->shown, gtk_bitset_unref);
  g_clear_pointer (&self->matched, gtk_bitset_unref);

  G_OBJECT_CLASS (rt_filter_list_parent_class)->finalize (object);
}

static void
rt_filter_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RtFilterList *self = RT_FILTER_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;

    case PROP_PENDING:
      g_value_set_uint (value, rt_filter_list_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_filter_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RtFilterList *self = RT_FILTER_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      rt_filter_list_set_model (self, g_value_get_object (value));
      break;

    case PROP_FILTER:
      rt_filter_list_set_filter (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_filter_list_class_init (RtFilterListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_filter_list_dispose;
  object_class->finalize = rt_filter_list_finalize;
  object_class->get_property = rt_filter_list_get_property;
  object_class->set_property = rt_filter_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL,
                         GTK_TYPE_FILTER,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* How many items a change of filter has still to look at, to show or to
   * drop; while it looks, the list shows what it showed before the change. */
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_filter_list_init (RtFilterList *self)
{
  self->shown = gtk_bitset_new_empty ();
  self->matched = gtk_bitset_new_empty ();
}

/* }}} */
/* Public API {{{ */

/**
 * rt_filter_list_new:
 * @model: (nullable) (transfer full): the model to filter
 * @filter: (nullable) (transfer full): the filter, or %NULL to show all
 */
RtFilterList *
rt_filter_list_new (GListModel *model,
                    GtkFilter  *filter)
{
  RtFilterList *self = g_object_new (RT_TYPE_FILTER_LIST,
                                     "model", model,
                                     "filter", filter,
                                     NULL);

  g_clear_object (&model);
  g_clear_object (&filter);
  return self;
}

/**
 * rt_filter_list_get_model:
 *
 * Returns: (transfer none) (nullable): the model filtered
 */
GListModel *
rt_filter_list_get_model (RtFilterList *self)
{
  g_return_val_if_fail (RT_IS_FILTER_LIST (self), NULL);

  return self->model;
}

/**
 * rt_filter_list_set_model:
 * @model: (nullable): the model to filter
 *
 * Filters @model at once, whatever its length.
 */
void
rt_filter_list_set_model (RtFilterList *self,
                          GListModel   *model)
{
  guint removed;

  g_return_if_fail (RT_IS_FILTER_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  stop_looking (self);
  g_clear_handle_id (&self->step, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  removed = rt_filter_list_get_n_items (G_LIST_MODEL (self));
  self->view_item = 0;
  self->n_in_view = 0;
  gtk_bitset_remove_all (self->matched);
  filter_range (self, self->matched, 0, model_n_items (self));
  g_clear_pointer (&self->shown, gtk_bitset_unref);
  self->shown = gtk_bitset_copy (self->matched);
  if (removed > 0 || rt_filter_list_get_n_items (G_LIST_MODEL (self)) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                                rt_filter_list_get_n_items (G_LIST_MODEL (self)));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  update_pending (self);
}

/**
 * rt_filter_list_get_filter:
 *
 * Returns: (transfer none) (nullable): the filter
 */
GtkFilter *
rt_filter_list_get_filter (RtFilterList *self)
{
  g_return_val_if_fail (RT_IS_FILTER_LIST (self), NULL);

  return self->filter;
}

/**
 * rt_filter_list_set_filter:
 * @filter: (nullable): the filter, or %NULL to show every item
 */
void
rt_filter_list_set_filter (RtFilterList *self,
                           GtkFilter    *filter)
{
  g_return_if_fail (RT_IS_FILTER_LIST (self));
  g_return_if_fail (filter == NULL || GTK_IS_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, filter_changed_cb, self);
  g_set_object (&self->filter, filter);
  if (filter != NULL)
    g_signal_connect (filter, "changed", G_CALLBACK (filter_changed_cb), self);

  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * rt_filter_list_get_pending:
 *
 * Returns: how many items a change of filter has still to look at, to
 *   show or to drop; while it looks, the list shows what it showed before
 */
guint
rt_filter_list_get_pending (RtFilterList *self)
{
  g_return_val_if_fail (RT_IS_FILTER_LIST (self), 0);

  /* Looked at but not shown yet counts as one. */
  if (self->next != NULL)
    return MAX ((guint) gtk_bitset_get_size (self->pending), 1);

  /* Matched and not shown, or shown and not matched, while they come or
   * leave a step at a time. */
  if (self->step != 0)
    {
      g_autoptr(GtkBitset) changed = gtk_bitset_copy (self->shown);

      gtk_bitset_difference (changed, self->matched);
      return (guint) gtk_bitset_get_size (changed);
    }

  return 0;
}

/**
 * rt_filter_list_set_view:
 * @position: the position of the item at the top of a view of the list
 * @n_items: how many items the view shows
 *
 * Tells where a list view shows the list, for the list to tell it many
 * items that leave a few at a time, those far below @position first and
 * those in view last. The list follows the item at @position until told
 * again.
 */
void
rt_filter_list_set_view (RtFilterList *self,
                         guint         position,
                         guint         n_items)
{
  guint n_shown;

  g_return_if_fail (RT_IS_FILTER_LIST (self));

  n_shown = rt_filter_list_get_n_items (G_LIST_MODEL (self));
  if (n_shown == 0)
    self->view_item = 0;
  else
    self->view_item = gtk_bitset_get_nth (self->shown, MIN (position, n_shown - 1));
  self->n_in_view = n_items;
}

/**
 * rt_filter_list_catch_up:
 *
 * Shows every item the filter lets through now, for what acts on all of
 * them: a look under way is finished at once, and the steps skipped.
 */
void
rt_filter_list_catch_up (RtFilterList *self)
{
  g_return_if_fail (RT_IS_FILTER_LIST (self));

  if (self->next != NULL)
    {
      look (self, G_MAXINT64);
      g_clear_pointer (&self->matched, gtk_bitset_unref);
      self->matched = g_steal_pointer (&self->next);
      stop_looking (self);
    }

  g_clear_handle_id (&self->step, g_source_remove);
  emit_change (self, self->matched);
  update_pending (self);
}

/* }}} */
