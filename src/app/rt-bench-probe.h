/* rt-bench-probe.h: frame-accurate timings for bench/bench-window.py
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Does nothing unless RT_BENCH_T0 and RT_BENCH_EXPECT are set. */
void rt_bench_probe_attach (GtkWindow *window);

G_END_DECLS
