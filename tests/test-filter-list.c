/* test-filter-list.c: RtFilterList tells a change of filter in one piece, and only once it knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-filter-list.h"
#include "rt-test-util.h"

/* Items "0" to "n - 1"; the filter shows the multiples of @divisor. */
typedef struct
{
  GListStore      *store;
  GtkFilter       *filter;
  RtFilterList    *list;
  GtSignalLogger  *logger;
  guint            divisor;
  guint            n_looked_at;
  gulong           slow_us;      /* time a look takes, to outlast a step */
} Fixture;

static guint
number_of (gpointer item)
{
  return (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);
}

static gboolean
match_cb (gpointer item,
          gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->n_looked_at++;
  if (fixture->slow_us > 0)
    g_usleep (fixture->slow_us);

  return number_of (item) % fixture->divisor == 0;
}

/* Puts items for @numbers in the place of @removed items from @position. */
static void
splice_numbers (Fixture     *fixture,
                guint        position,
                guint        removed,
                const guint *numbers,
                guint        n_numbers)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_numbers; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", numbers[i]);

      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (fixture->store, position, removed, items->pdata, items->len);
}

/* Adds "@first" to "@first + @n_items - 1" at @position. */
static void
add_items (Fixture *fixture,
           guint    position,
           guint    first,
           guint    n_items)
{
  g_autofree guint *numbers = g_new (guint, n_items);

  for (guint i = 0; i < n_items; i++)
    numbers[i] = first + i;
  splice_numbers (fixture, position, 0, numbers, n_items);
}

static void
set_divisor (Fixture *fixture,
             guint    divisor)
{
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (divisor % fixture->divisor == 0)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (fixture->divisor % divisor == 0)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  fixture->divisor = divisor;
  fixture->n_looked_at = 0;
  gtk_filter_changed (fixture->filter, change);
}

static void
assert_changed (Fixture *fixture,
                guint    position,
                guint    removed,
                guint    added)
{
  rt_test_assert_items_changed (fixture->logger, G_LIST_MODEL (fixture->list), position, removed, added);
}

/* The list shows what the filter lets through, in the store's order. */
static void
assert_shows_filtered (Fixture *fixture)
{
  GListModel *store = G_LIST_MODEL (fixture->store);
  GListModel *list = G_LIST_MODEL (fixture->list);
  guint shown = 0;

  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (store, i);

      if (number_of (item) % fixture->divisor == 0)
        {
          g_autoptr(GObject) shown_item = g_list_model_get_item (list, shown++);

          g_assert_true (shown_item == item);
        }
    }
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, shown);
  g_assert_null (g_list_model_get_item (list, shown));
}

/* From now on, the logger holds the list's changes only, and none yet. */
static void
log_changes_only (Fixture *fixture)
{
  gt_signal_logger_free (g_steal_pointer (&fixture->logger));
  fixture->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (fixture->logger, fixture->list, "items-changed");
}

static void
wait_until_done (Fixture *fixture)
{
  rt_test_wait_until (rt_filter_list_get_pending (fixture->list) == 0);
}

/* Waits for the next step, and returns how many more items it showed. */
static guint
pop_growth (Fixture *fixture)
{
  guint position, removed, added;

  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);
  rt_test_wait_until (gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->list, "items-changed",
                                        &position, &removed, &added);
  gt_signal_logger_assert_notify_emission_pop (fixture->logger, fixture->list, "pending");
  g_assert_cmpuint (added, >=, removed);

  return added - removed;
}

/* Applies a change to the mirror when it is told, with the items the list
 * has then. */
static void
mirror_cb (GListModel *list,
           guint       position,
           guint       removed,
           guint       added,
           GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (list, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (list));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->divisor = 1;
  fixture->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  fixture->filter = GTK_FILTER (gtk_custom_filter_new (match_cb, fixture, NULL));
  fixture->list = rt_filter_list_new (G_LIST_MODEL (g_object_ref (fixture->store)),
                                      g_object_ref (fixture->filter));
  fixture->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (fixture->logger, fixture->list, "items-changed");
  gt_signal_logger_connect (fixture->logger, fixture->list, "notify::pending");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->filter);
  g_clear_object (&fixture->store);
}

/* A stricter filter looks only at the items shown, a looser one only at
 * those hidden, and each is told as one change from the first item that
 * leaves or comes to the last, so that a list view keeps the rows of the
 * items that stay within it. */
static void
test_one_change (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GObject) item = NULL;

  add_items (fixture, 0, 0, 120);
  assert_changed (fixture, 0, 0, 120);

  /* Every other: 1 to 119 leave, 0 stays. */
  set_divisor (fixture, 2);
  g_assert_cmpuint (fixture->n_looked_at, ==, 120);
  assert_changed (fixture, 1, 119, 59);
  /* Looked at at once: nothing was ever pending. */
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 60);
  item = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), ==, "2");

  /* Every sixth: only the 60 shown are looked at; from 2 to 118. */
  set_divisor (fixture, 6);
  g_assert_cmpuint (fixture->n_looked_at, ==, 60);
  assert_changed (fixture, 1, 59, 19);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_shows_filtered (fixture);

  /* Back to every other: only the 100 hidden are looked at; 40 come. */
  set_divisor (fixture, 2);
  g_assert_cmpuint (fixture->n_looked_at, ==, 100);
  assert_changed (fixture, 1, 19, 59);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_shows_filtered (fixture);

  /* Nothing changes: nothing told. */
  set_divisor (fixture, 2);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  /* No filter shows everything: 60 come, more than a step's worth, so 40
   * with those that stay first, from 1 to 79, then the rest. */
  rt_filter_list_set_filter (fixture->list, NULL);
  assert_changed (fixture, 1, 39, 79);
  gt_signal_logger_assert_notify_emission_pop (fixture->logger, fixture->list, "pending");
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), ==, 20);
  g_assert_cmpuint (pop_growth (fixture), ==, 20);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 120);
}

/* Many items that come where a list view has its rows (the first 256) come
 * 40 at a time, with those that stay, until 40 or fewer are left there;
 * then the rest at once. */
static void
test_come_steps (Fixture       *fixture,
                 gconstpointer  user_data)
{
  add_items (fixture, 0, 0, 1000);
  set_divisor (fixture, 6);
  rt_filter_list_catch_up (fixture->list);
  log_changes_only (fixture);
  gt_signal_logger_connect (fixture->logger, fixture->list, "notify::pending");

  /* Every other: the 833 hidden are looked at; 170 of those that come are
   * among the first 256, 2 to 118 first. */
  set_divisor (fixture, 2);
  g_assert_cmpuint (fixture->n_looked_at, ==, 833);
  assert_changed (fixture, 1, 19, 59);
  gt_signal_logger_assert_notify_emission_pop (fixture->logger, fixture->list, "pending");
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), ==, 293);
  g_assert_cmpuint (pop_growth (fixture), ==, 40);
  g_assert_cmpuint (pop_growth (fixture), ==, 40);
  g_assert_cmpuint (pop_growth (fixture), ==, 40);
  g_assert_cmpuint (pop_growth (fixture), ==, 173);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_shows_filtered (fixture);

  /* No filter: the odd ones 40 at a time, then the rest. */
  rt_filter_list_set_filter (fixture->list, NULL);
  assert_changed (fixture, 1, 39, 79);
  gt_signal_logger_assert_notify_emission_pop (fixture->logger, fixture->list, "pending");
  g_assert_cmpuint (pop_growth (fixture), ==, 40);
  g_assert_cmpuint (pop_growth (fixture), ==, 40);
  g_assert_cmpuint (pop_growth (fixture), ==, 380);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1000);
}

/* Waits for the next step, and returns how many fewer items it showed. */
static guint
pop_drop (Fixture *fixture,
          guint    expected_position,
          guint    expected_removed,
          guint    expected_added)
{
  guint position, removed, added;

  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);
  rt_test_wait_until (gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->list, "items-changed",
                                        &position, &removed, &added);
  g_assert_cmpuint (position, ==, expected_position);
  g_assert_cmpuint (removed, ==, expected_removed);
  g_assert_cmpuint (added, ==, expected_added);

  return removed - added;
}

/* Many items that leave where a list view has its rows (the 256 from a few
 * before the one at the top of the view) leave a step at a time, an idle
 * apart: first those out of the rows' reach and the 64 farthest below the
 * view's top, the rows in view last. */
static void
test_drop_steps (Fixture       *fixture,
                 gconstpointer  user_data)
{
  add_items (fixture, 0, 0, 1000);
  log_changes_only (fixture);
  gt_signal_logger_connect (fixture->logger, fixture->list, "notify::pending");

  /* From the top: of the odd ones, 1 to 127 stay for now. */
  set_divisor (fixture, 2);
  assert_changed (fixture, 129, 871, 435);
  gt_signal_logger_assert_notify_emission_pop (fixture->logger, fixture->list, "pending");
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), ==, 64);
  g_assert_cmpuint (pop_drop (fixture, 1, 127, 63), ==, 64);
  gt_signal_logger_assert_notify_emission_pop (fixture->logger, fixture->list, "pending");
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), ==, 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_shows_filtered (fixture);

  /* With the view at 500, 20 rows high (the 1000 shown again, at once):
   * 492 to 747 are where the rows are, and 64 odd ones there stay for now,
   * 493 to 619. */
  set_divisor (fixture, 1);
  rt_filter_list_catch_up (fixture->list);
  log_changes_only (fixture);
  rt_filter_list_set_view (fixture->list, 500, 20);
  set_divisor (fixture, 2);
  assert_changed (fixture, 1, 999, 563);
  g_assert_cmpuint (pop_drop (fixture, 247, 127, 63), ==, 64);
  rt_test_wait_until (rt_filter_list_get_pending (fixture->list) == 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_shows_filtered (fixture);

  /* The view follows its item, 500, when 1000 to 1099 come before it: the
   * rows are still from 484 to 994, and 64 there stay for now, 486 to 738. */
  add_items (fixture, 0, 1000, 100);
  assert_changed (fixture, 0, 0, 50);
  set_divisor (fixture, 4);
  assert_changed (fixture, 1, 549, 338);
  g_assert_cmpuint (pop_drop (fixture, 147, 127, 63), ==, 64);
  rt_test_wait_until (rt_filter_list_get_pending (fixture->list) == 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_shows_filtered (fixture);
}

/* Stores @numbers, and shows them all. */
static void
set_numbers (Fixture     *fixture,
             const guint *numbers,
             guint        n_numbers)
{
  splice_numbers (fixture, 0, g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), numbers, n_numbers);
  set_divisor (fixture, 1);
  rt_filter_list_catch_up (fixture->list);
  log_changes_only (fixture);
}

/* The rows in view leave together, in the last step, however many of the
 * others leave before them. */
static void
test_drop_steps_in_view (Fixture       *fixture,
                         gconstpointer  user_data)
{
  guint numbers[1000];

  /* 1, 3, …, 139, then 140 to 1998 two by two. */
  for (guint i = 0; i < 70; i++)
    numbers[i] = 2 * i + 1;
  for (guint i = 70; i < 1000; i++)
    numbers[i] = 2 * i;
  set_numbers (fixture, numbers, G_N_ELEMENTS (numbers));

  /* 20 rows in view at the top: the 50 odd ones below them go first. */
  rt_filter_list_set_view (fixture->list, 0, 20);
  set_divisor (fixture, 2);
  assert_changed (fixture, 20, 50, 0);
  g_assert_cmpuint (pop_drop (fixture, 0, 20, 0), ==, 20);
  wait_until_done (fixture);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  /* With all 70 in view, all at once. */
  set_numbers (fixture, numbers, G_N_ELEMENTS (numbers));
  rt_filter_list_set_view (fixture->list, 0, 100);
  set_divisor (fixture, 2);
  assert_changed (fixture, 0, 70, 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), ==, 0);
}

/* Of a change where many leave and many come, those that leave go first,
 * a step at a time; then those that come. */
static void
test_drop_then_come (Fixture       *fixture,
                     gconstpointer  user_data)
{
  guint numbers[512];
  guint position, removed, added;

  /* 256 odd, then 256 even numbers: the odd ones, then the even ones. */
  for (guint i = 0; i < 256; i++)
    numbers[i] = 2 * i + 1;
  for (guint i = 256; i < 512; i++)
    numbers[i] = 2 * i;
  set_numbers (fixture, numbers, G_N_ELEMENTS (numbers));
  set_divisor (fixture, 3);
  rt_filter_list_catch_up (fixture->list);
  log_changes_only (fixture);

  /* From the multiples of 3 (85 odd, 85 even) to those of 2: the 85 odd
   * ones leave, 64 first, before the 171 even ones that come; the other
   * 21 with the first 40 that come (512 to 628), then the others. */
  set_divisor (fixture, 2);
  g_assert_cmpuint (fixture->n_looked_at, ==, 512);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->list, "items-changed",
                                        &position, &removed, &added);
  g_assert_cmpuint (removed - added, ==, 64);
  rt_test_wait_until (gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  assert_changed (fixture, 0, 40, 59);
  wait_until_done (fixture);
  assert_shows_filtered (fixture);
}

/* The list follows the item at the top of the view through its model's
 * changes, also when items come right before it, as GTK's view does. */
static gboolean
shows (Fixture *fixture,
       guint    number)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (number_of (item) == number)
        return TRUE;
    }

  return FALSE;
}

static void
test_view_follows_its_item (Fixture       *fixture,
                            gconstpointer  user_data)
{
  add_items (fixture, 0, 0, 1000);
  log_changes_only (fixture);
  rt_filter_list_set_view (fixture->list, 500, 20);
  add_items (fixture, 500, 1000, 10);
  assert_changed (fixture, 500, 0, 10);

  /* The rows' reach is from 8 before 500, 1002, on: of the odd ones, 1003
   * to 1009 and 501 to 619 stay for now, 1001 leaves at once. */
  set_divisor (fixture, 2);
  assert_changed (fixture, 1, 1009, 504 + 64);
  g_assert_false (shows (fixture, 1001));
  g_assert_true (shows (fixture, 1003));
  g_assert_true (shows (fixture, 619));
  g_assert_false (shows (fixture, 621));
  wait_until_done (fixture);
  assert_shows_filtered (fixture);
}

/* A change that takes longer than a few milliseconds to look at goes on in
 * idles; until it is done the list shows what it showed, and items the store
 * adds meanwhile are filtered at once with the filter as it is now. */
static void
test_long_look (Fixture       *fixture,
                gconstpointer  user_data)
{
  add_items (fixture, 0, 0, 300);
  assert_changed (fixture, 0, 0, 300);

  fixture->slow_us = 100;
  set_divisor (fixture, 3);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), <, 300);
  gt_signal_logger_assert_notify_emission_pop (fixture->logger, fixture->list, "pending");
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 300);

  /* 300 to 309 come before 0: 300, 303, 306 and 309 show at once. */
  fixture->slow_us = 0;
  add_items (fixture, 0, 300, 10);
  assert_changed (fixture, 0, 0, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 304);
  /* The last 100 leave: those not looked at yet too. */
  g_list_store_splice (fixture->store, 210, 100, NULL, 0);
  assert_changed (fixture, 204, 100, 0);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);

  /* Until done, only the count of what is left is told. */
  log_changes_only (fixture);
  fixture->slow_us = 100;
  wait_until_done (fixture);
  fixture->slow_us = 0;
  /* 4 new, then 0 to 199 of which 67 stay: the 133 others leave 64 at a
   * time from the bottom, from 104, from 8, then 1 to 7. */
  assert_changed (fixture, 108, 96, 32);
  assert_changed (fixture, 12, 96, 32);
  assert_changed (fixture, 5, 7, 2);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_shows_filtered (fixture);
}

/* Whatever happens, in whatever order, wherever the view is, what the list
 * told is what it shows, and once done it shows what the filter lets
 * through. */
static void
test_random_changes (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  static const guint divisors[] = { 1, 2, 3, 4, 6, 12, 5 };
  guint next_number = 0;
  guint rounds_pending = 0;

  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (mirror_cb), mirror);

  for (guint round = 0; round < 400; round++)
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->store));

      switch (g_test_rand_int_range (0, 7))
        {
        case 0:
          {
            guint n = g_test_rand_int_range (1, 80);

            add_items (fixture, g_test_rand_int_range (0, n_items + 1), next_number, n);
            next_number += n;
          }
          break;

        case 1:
          if (n_items > 0)
            {
              guint position = g_test_rand_int_range (0, n_items);

              g_list_store_splice (fixture->store, position,
                                   g_test_rand_int_range (1, MIN (n_items - position, 40) + 1),
                                   NULL, 0);
            }
          break;

        case 2:
          /* Sometimes slow enough to be left pending. */
          fixture->slow_us = g_test_rand_bit () ? 50 : 0;
          set_divisor (fixture, divisors[g_test_rand_int_range (0, G_N_ELEMENTS (divisors))]);
          fixture->slow_us = 0;
          break;

        case 3:
          /* No filter, then the filter again: everything, then a look. */
          if (g_test_rand_int_range (0, 8) == 0)
            {
              rt_filter_list_set_filter (fixture->list, NULL);
              rt_filter_list_set_filter (fixture->list, fixture->filter);
            }
          break;

        case 4:
          /* Long enough for a step of those that come. */
          rt_test_run_for (35);
          break;

        case 5:
          /* A view scrolled, maybe past the end. */
          rt_filter_list_set_view (fixture->list,
                                   g_test_rand_int_range (0, g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) + 2),
                                   g_test_rand_int_range (0, 40));
          break;

        default:
          g_main_context_iteration (NULL, FALSE);
        }

      if (rt_filter_list_get_pending (fixture->list) == 0)
        assert_shows_filtered (fixture);
      else
        rounds_pending++;
    }
  /* Changes came while a look or steps were under way. */
  g_assert_cmpuint (rounds_pending, >, 0);

  wait_until_done (fixture);
  assert_shows_filtered (fixture);
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (G_LIST_MODEL (fixture->list)));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      g_assert_true (g_ptr_array_index (mirror, i) == item);
    }
  g_signal_handlers_disconnect_by_func (fixture->list, mirror_cb, mirror);
}

/* A new change of filter stops the steps of the last one: what shows stays
 * as it was until the new one is looked at. */
static void
test_steps_stop_for_a_look (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GHashTable) shown_before = g_hash_table_new (NULL, NULL);

  add_items (fixture, 0, 0, 1000);
  set_divisor (fixture, 6);
  rt_filter_list_catch_up (fixture->list);
  set_divisor (fixture, 2);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 40);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      g_hash_table_add (shown_before, GUINT_TO_POINTER (number_of (item)));
    }

  /* Stricter, and looked at over a few idles. */
  fixture->slow_us = 400;
  set_divisor (fixture, 4);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);
  log_changes_only (fixture);
  rt_test_wait_until (gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  fixture->slow_us = 0;

  /* The first change after it is the new filter's: nothing comes that it
   * does not let through (what it drops may leave a step at a time). */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (number_of (item) % 4 != 0)
        g_assert_true (g_hash_table_contains (shown_before, GUINT_TO_POINTER (number_of (item))));
    }
  wait_until_done (fixture);
  assert_shows_filtered (fixture);
}

/* Catching up shows at once what steps or a look would have shown. */
static void
test_catch_up (Fixture       *fixture,
               gconstpointer  user_data)
{
  add_items (fixture, 0, 0, 1000);
  set_divisor (fixture, 6);

  /* While those that come come a step at a time: the rest in one change. */
  set_divisor (fixture, 2);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);
  log_changes_only (fixture);
  rt_filter_list_catch_up (fixture->list);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), ==, 0);
  g_assert_cmpuint (gt_signal_logger_get_n_emissions (fixture->logger), ==, 1);
  assert_shows_filtered (fixture);

  /* While a look is under way: its end at once. */
  fixture->slow_us = 100;
  set_divisor (fixture, 4);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);
  fixture->slow_us = 0;
  rt_filter_list_catch_up (fixture->list);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), ==, 0);
  assert_shows_filtered (fixture);

  /* Caught up already: nothing to tell. */
  log_changes_only (fixture);
  rt_filter_list_catch_up (fixture->list);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  rt_test_run_for (50);
  gt_signal_logger_assert_no_emissions (fixture->logger);
}

static void
change_filter_once_cb (GListModel *list,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Fixture    *fixture)
{
  g_signal_handlers_disconnect_by_func (list, change_filter_once_cb, fixture);
  set_divisor (fixture, 1);
}

/* A handler of the first step's change may change the filter again: the
 * steps are the new change's, and none outlives the list. */
static void
test_change_from_a_step (Fixture       *fixture,
                         gconstpointer  user_data)
{
  gpointer list;

  add_items (fixture, 0, 0, 1000);
  set_divisor (fixture, 6);
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (change_filter_once_cb), fixture);
  set_divisor (fixture, 2);
  g_assert_cmpuint (rt_filter_list_get_pending (fixture->list), >, 0);

  list = fixture->list;
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_assert_finalize_object (g_steal_pointer (&fixture->list));
  g_assert_null (g_main_context_find_source_by_user_data (NULL, list));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, test) \
  g_test_add ("/filter-list/" name, Fixture, NULL, fixture_set_up, test, fixture_tear_down)

  ADD ("one-change", test_one_change);
  ADD ("come-steps", test_come_steps);
  ADD ("drop-steps", test_drop_steps);
  ADD ("drop-steps-in-view", test_drop_steps_in_view);
  ADD ("drop-then-come", test_drop_then_come);
  ADD ("view-follows-its-item", test_view_follows_its_item);
  ADD ("long-look", test_long_look);
  ADD ("random-changes", test_random_changes);
  ADD ("steps-stop-for-a-look", test_steps_stop_for_a_look);
  ADD ("catch-up", test_catch_up);
  ADD ("change-from-a-step", test_change_from_a_step);

  return g_test_run ();
}
