/* test-paced-list.c: RtPacedList lets a long list's first items in a few at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-paced-list.h"
#include "rt-test-util.h"

/* What a list view sees, and when. */
typedef struct
{
  GListStore     *store;
  RtPacedList    *paced;
  GtSignalLogger *logger;
} Fixture;

static void
add_items (GListStore *store,
           guint       position,
           guint       n_items)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_simple_action_new ("item", NULL));
  g_list_store_splice (store, position, 0, items->pdata, items->len);
}

static void
assert_changed (Fixture *fixture,
                guint    position,
                guint    removed,
                guint    added)
{
  rt_test_assert_items_changed (fixture->logger, G_LIST_MODEL (fixture->paced), position, removed, added);
}

/* The next step: not before a moment has passed, so that the main loop is
 * free in between, and then one step. */
static void
run_one_step (void)
{
  gint64 before = g_get_monotonic_time ();

  g_assert_false (g_main_context_iteration (NULL, FALSE));
  g_assert_true (g_main_context_iteration (NULL, TRUE));
  g_assert_cmpint (g_get_monotonic_time () - before, >=, 20 * G_TIME_SPAN_MILLISECOND);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->store = g_list_store_new (G_TYPE_SIMPLE_ACTION);
  fixture->paced = rt_paced_list_new ();
  rt_paced_list_set_model (fixture->paced, G_LIST_MODEL (fixture->store));
  fixture->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (fixture->logger, fixture->paced, "items-changed");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_clear_object (&fixture->paced);
  g_clear_object (&fixture->store);
}

/* A page of 100, then 900: 40 at once, then 40 a step until 256, then all. */
static void
test_paces_long_list (Fixture       *fixture,
                      gconstpointer  user_data)
{
  add_items (fixture->store, 0, 100);
  assert_changed (fixture, 0, 0, 40);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_false (rt_paced_list_get_caught_up (fixture->paced));

  run_one_step ();
  assert_changed (fixture, 40, 0, 40);
  run_one_step ();
  assert_changed (fixture, 80, 0, 20);
  g_assert_true (rt_paced_list_get_caught_up (fixture->paced));

  add_items (fixture->store, 100, 900);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->paced)), ==, 100);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->paced), 100));

  for (guint shown = 100; shown + 40 < 256; shown += 40)
    {
      run_one_step ();
      assert_changed (fixture, shown, 0, 40);
    }
  run_one_step ();
  assert_changed (fixture, 220, 0, 780);
  g_assert_true (rt_paced_list_get_caught_up (fixture->paced));

  /* Past pacing, it follows at once. */
  add_items (fixture->store, 1000, 1000);
  assert_changed (fixture, 1000, 0, 1000);
  gt_signal_logger_assert_no_emissions (fixture->logger);
}

/* A change among the items shown is shown at once; one after them waits. */
static void
test_follows_changes_shown (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) shown_first = NULL;

  add_items (fixture->store, 0, 100);
  assert_changed (fixture, 0, 0, 40);

  add_items (fixture->store, 10, 2);
  assert_changed (fixture, 10, 0, 2);
  g_list_store_remove (fixture->store, 0);
  assert_changed (fixture, 0, 1, 0);
  /* Removed across the end of what is shown: only the shown part counts. */
  g_list_store_splice (fixture->store, 40, 5, NULL, 0);
  assert_changed (fixture, 40, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->paced)), ==, 40);
  /* After what is shown. */
  g_list_store_splice (fixture->store, 60, 5, NULL, 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  first = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
  shown_first = g_list_model_get_item (G_LIST_MODEL (fixture->paced), 0);
  g_assert_true (shown_first == first);

  while (!rt_paced_list_get_caught_up (fixture->paced))
    run_one_step ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->paced)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (fixture->store)));
}

/* A short list is shown at once, and a new model starts afresh. */
static void
test_short_list_and_new_model (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GListStore) other = g_list_store_new (G_TYPE_SIMPLE_ACTION);

  add_items (fixture->store, 0, 6);
  assert_changed (fixture, 0, 0, 6);
  g_assert_true (rt_paced_list_get_caught_up (fixture->paced));

  add_items (other, 0, 50);
  rt_paced_list_set_model (fixture->paced, G_LIST_MODEL (other));
  assert_changed (fixture, 0, 6, 40);
  run_one_step ();
  assert_changed (fixture, 40, 0, 10);

  add_items (other, 50, 100);
  rt_paced_list_catch_up (fixture->paced);
  assert_changed (fixture, 50, 0, 100);
  g_assert_true (rt_paced_list_get_caught_up (fixture->paced));

  rt_paced_list_set_model (fixture->paced, NULL);
  assert_changed (fixture, 0, 150, 0);
  g_assert_true (rt_paced_list_get_caught_up (fixture->paced));
  gt_signal_logger_assert_no_emissions (fixture->logger);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/paced-list/paces-long-list", Fixture, NULL,
              fixture_set_up, test_paces_long_list, fixture_tear_down);
  g_test_add ("/paced-list/follows-changes-shown", Fixture, NULL,
              fixture_set_up, test_follows_changes_shown, fixture_tear_down);
  g_test_add ("/paced-list/short-list-and-new-model", Fixture, NULL,
              fixture_set_up, test_short_list_and_new_model, fixture_tear_down);

  return g_test_run ();
}
