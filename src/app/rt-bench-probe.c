/* rt-bench-probe.c: frame-accurate timings for bench/bench-window.py
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "rt-bench-probe.h"
#include "rt-filter-list.h"

/* Watches a window from the inside, with nothing but the widget tree and the
 * frame clock, so that it measures what was painted rather than what an
 * outside observer guesses. Times are microseconds since RT_BENCH_T0 (the
 * driver's CLOCK_MONOTONIC at spawn, as g_get_monotonic_time() counts it).
 * Prints "bench: NAME VALUE UNIT" lines on stdout, then quits the app. */

#define STALL_PERIOD_MS 5
#define SEARCH_SETTLE_MS 600
/* Longer than GtkSearchEntry's delay: every key searches. */
#define TYPING_MS 250

typedef enum {
  PHASE_LOADING,
  PHASE_LOADED,
  PHASE_SEARCHING,
  PHASE_DONE,
} Phase;

/* The search pasted whole, then cleared, then typed a key at a time. */
typedef enum {
  SEARCH_PASTED,
  SEARCH_CLEARED,
  SEARCH_TYPED,
  N_SEARCHES
} Search;

typedef struct
{
  GtkWindow          *window;      /* borrowed: the probe dies with it */
  GtkColumnView      *view;
  RtFilterList       *filter;
  GdkFrameClock      *clock;
  gint64              t0;
  guint               expected;
  const char         *search;
  Phase               phase;
  gint64              first_rows;
  gint64              all_rows;
  gint64              all_rows_cpu;   /* the main thread's CPU time by then */
  gint64              last_tick;
  gint64              stall_max;      /* the longest gap until all rows */
  Search              search_kind;
  guint               typed;          /* characters typed so far */
  gint64              search_stall_max[N_SEARCHES];
  guint               repeats;        /* times pasted and cleared */
  gint64              cycle_stall;    /* this time's longest stall pasted */
  gint64              cycle_cpu;      /* and the most CPU between two ticks */
  gint64              last_cpu;
  GArray             *cycle_stalls;
  GArray             *cycle_cpus;
  gint64              search_start;
  gint64              search_painted;
  guint               ticker;
  gulong              after_paint;
} Probe;

static gint64
since_t0 (Probe *probe)
{
  return g_get_monotonic_time () - probe->t0;
}

/* Unlike the wall clock, this hardly moves with the machine's load. */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return 0;

  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static RtFilterList *
find_filter (GListModel *model)
{
  while (model != NULL)
    {
      if (RT_IS_FILTER_LIST (model))
        return RT_FILTER_LIST (model);
      if (GTK_IS_SINGLE_SELECTION (model))
        model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
      else if (GTK_IS_NO_SELECTION (model))
        model = gtk_no_selection_get_model (GTK_NO_SELECTION (model));
      else if (GTK_IS_MULTI_SELECTION (model))
        model = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (model));
      else if (GTK_IS_SORT_LIST_MODEL (model))
        model = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (model));
      else
        return NULL;
    }

  return NULL;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (GArray *values)
{
  g_array_sort (values, compare_gint64);

  return g_array_index (values, gint64, values->len / 2) / 1000.0;
}

static void
report (const char *name,
        double      value,
        const char *unit)
{
  g_print ("bench: %s %.1f %s\n", name, value, unit);
}

static void
finish (Probe *probe)
{
  GApplication *app = g_application_get_default ();

  probe->phase = PHASE_DONE;
  report ("first-rows-painted", probe->first_rows / 1000.0, "ms");
  report ("all-rows-painted", probe->all_rows / 1000.0, "ms");
  report ("main-thread-cpu-to-all-rows", probe->all_rows_cpu / 1000.0, "ms");
  report ("longest-stall-while-loading", probe->stall_max / 1000.0, "ms");
  if (probe->search_start > 0)
    {
      report ("search-longest-stall", probe->search_stall_max[SEARCH_PASTED] / 1000.0, "ms");
      if (probe->search_painted > 0)
        report ("search-to-table-painted", (probe->search_painted - probe->search_start) / 1000.0, "ms");
      if (probe->cycle_stalls->len > 1)
        {
          /* Medians of several, for comparing builds on a busy machine. */
          report ("search-median-stall", median_ms (probe->cycle_stalls), "ms");
          report ("search-median-cpu", median_ms (probe->cycle_cpus), "ms");
        }
      report ("search-cleared-longest-stall", probe->search_stall_max[SEARCH_CLEARED] / 1000.0, "ms");
      report ("search-typed-longest-stall", probe->search_stall_max[SEARCH_TYPED] / 1000.0, "ms");
    }
  fflush (stdout);

  if (app != NULL)
    g_application_quit (app);
}

static gboolean
tick_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - probe->last_tick - STALL_PERIOD_MS * 1000;
  gint64 cpu = thread_cpu_time ();

  probe->last_tick = now;
  if (probe->phase == PHASE_SEARCHING && probe->search_kind == SEARCH_PASTED)
    {
      probe->cycle_stall = MAX (probe->cycle_stall, gap);
      probe->cycle_cpu = MAX (probe->cycle_cpu, cpu - probe->last_cpu);
    }
  probe->last_cpu = cpu;

  if (probe->phase == PHASE_LOADING && probe->first_rows > 0)
    probe->stall_max = MAX (probe->stall_max, gap);
  else if (probe->phase == PHASE_SEARCHING)
    probe->search_stall_max[probe->search_kind] = MAX (probe->search_stall_max[probe->search_kind], gap);

  return G_SOURCE_CONTINUE;
}

static gboolean
finish_cb (gpointer user_data)
{
  finish (user_data);
  return G_SOURCE_REMOVE;
}

static GtkEditable *
search_entry (Probe *probe)
{
  return GTK_EDITABLE (find_widget (GTK_WIDGET (probe->window), GTK_TYPE_SEARCH_ENTRY));
}

static gboolean
type_cb (gpointer user_data)
{
  Probe *probe = user_data;
  GtkEditable *entry = search_entry (probe);
  int position = -1;

  /* A key adds a character; setting the whole text would empty the entry
   * first, and GtkSearchEntry searches for "" at once. */
  gtk_editable_set_position (entry, -1);
  position = gtk_editable_get_position (entry);
  gtk_editable_insert_text (entry, probe->search + probe->typed++, 1, &position);
  if (probe->search[probe->typed] != '\0')
    return G_SOURCE_CONTINUE;

  g_timeout_add (SEARCH_SETTLE_MS, finish_cb, probe);
  return G_SOURCE_REMOVE;
}

static gboolean
search_settled_cb (gpointer user_data)
{
  Probe *probe = user_data;

  if (probe->search_kind == SEARCH_PASTED)
    {
      g_array_append_val (probe->cycle_stalls, probe->cycle_stall);
      g_array_append_val (probe->cycle_cpus, probe->cycle_cpu);
      probe->search_kind = SEARCH_CLEARED;
      probe->last_tick = g_get_monotonic_time ();
      gtk_editable_set_text (search_entry (probe), "");
      g_timeout_add (SEARCH_SETTLE_MS, search_settled_cb, probe);
    }
  else if (probe->cycle_stalls->len < probe->repeats)
    {
      probe->search_kind = SEARCH_PASTED;
      probe->cycle_stall = probe->cycle_cpu = 0;
      probe->last_tick = g_get_monotonic_time ();
      gtk_editable_set_text (search_entry (probe), probe->search);
      g_timeout_add (SEARCH_SETTLE_MS, search_settled_cb, probe);
    }
  else
    {
      probe->search_kind = SEARCH_TYPED;
      probe->last_tick = g_get_monotonic_time ();
      g_timeout_add (TYPING_MS, type_cb, probe);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
start_search_cb (gpointer user_data)
{
  Probe *probe = user_data;
  GtkWidget *entry = find_widget (GTK_WIDGET (probe->window), GTK_TYPE_SEARCH_ENTRY);

  if (entry == NULL || probe->search == NULL)
    {
      finish (probe);
      return G_SOURCE_REMOVE;
    }

  /* As a user would: Ctrl+F, then the text. */
  gtk_widget_activate_action (GTK_WIDGET (probe->window), "win.search", NULL);
  probe->phase = PHASE_SEARCHING;
  probe->search_start = since_t0 (probe);
  probe->last_tick = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (entry), probe->search);
  g_timeout_add (SEARCH_SETTLE_MS, search_settled_cb, probe);

  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Probe         *probe)
{
  GListModel *model;
  guint n_items;

  if (probe->view == NULL)
    {
      probe->view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (probe->window),
                                                  GTK_TYPE_COLUMN_VIEW));
      if (probe->view == NULL)
        return;
    }

  if (!gtk_widget_get_mapped (GTK_WIDGET (probe->view)))
    return;

  model = G_LIST_MODEL (gtk_column_view_get_model (probe->view));
  n_items = model != NULL ? g_list_model_get_n_items (model) : 0;

  if (probe->phase == PHASE_SEARCHING)
    {
      if (probe->search_kind == SEARCH_PASTED && probe->search_painted == 0 && n_items != probe->expected &&
          (probe->filter == NULL || rt_filter_list_get_pending (probe->filter) == 0))
        probe->search_painted = since_t0 (probe);
      return;
    }

  if (probe->phase != PHASE_LOADING)
    return;

  if (probe->first_rows == 0 && n_items > 0)
    probe->first_rows = since_t0 (probe);

  if (n_items >= probe->expected && probe->expected > 0)
    {
      probe->all_rows = since_t0 (probe);
      probe->all_rows_cpu = thread_cpu_time ();
      probe->phase = PHASE_LOADED;
      probe->filter = find_filter (model);
      /* Let the last page's work end before typing. */
      g_timeout_add (500, start_search_cb, probe);
    }
}

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->ticker, g_source_remove);
  if (probe->clock != NULL)
    g_clear_signal_handler (&probe->after_paint, probe->clock);
  g_clear_object (&probe->clock);
  g_clear_pointer (&probe->cycle_stalls, g_array_unref);
  g_clear_pointer (&probe->cycle_cpus, g_array_unref);
  g_free (probe);
}

static void
realize_cb (GtkWidget *window,
            Probe     *probe)
{
  probe->clock = g_object_ref (gtk_widget_get_frame_clock (window));
  probe->after_paint = g_signal_connect (probe->clock, "after-paint",
                                         G_CALLBACK (after_paint_cb), probe);
}

void
rt_bench_probe_attach (GtkWindow *window)
{
  const char *t0 = g_getenv ("RT_BENCH_T0");
  const char *expected = g_getenv ("RT_BENCH_EXPECT");
  Probe *probe;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (t0 == NULL || expected == NULL)
    return;

  probe = g_new0 (Probe, 1);
  probe->window = window;
  probe->t0 = g_ascii_strtoll (t0, NULL, 10);
  probe->expected = (guint) g_ascii_strtoull (expected, NULL, 10);
  probe->search = g_getenv ("RT_BENCH_SEARCH");
  probe->repeats = MAX (1, (guint) g_ascii_strtoull (g_getenv ("RT_BENCH_SEARCH_REPEAT") ?: "1", NULL, 10));
  probe->cycle_stalls = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe->cycle_cpus = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe->last_tick = g_get_monotonic_time ();
  probe->ticker = g_timeout_add (STALL_PERIOD_MS, tick_cb, probe);

  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), probe);
  g_object_set_data_full (G_OBJECT (window), "rt-bench-probe", probe,
                          (GDestroyNotify) probe_free);
}
