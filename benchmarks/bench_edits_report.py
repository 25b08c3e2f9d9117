"""The Markdown summary of ``benchmarks/bench_edits.py``'s figures (its raw JSON as input)."""

import statistics

from harness import percentile


def _ms(seconds):
    return f"{seconds * 1000:,.0f} ms"


def _ratios(rows, page):
    mine = [row for row in rows if row["page"] == page]
    ratios = [row["ratio"] for row in mine]
    return mine, statistics.median(ratios), max(ratios)


def pages_table(result):
    lines = [
        "| page | after an unpublish: p50 × /health/ (max) | p50 time | stale reads "
        "| after an ordinary edit: p50 × /health/ (max) | p50 time |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in dict.fromkeys(row["page"] for row in result["narrowing"]):
        narrow, n50, nmax = _ratios(result["narrowing"], page)
        stale = sum(row["stale"] for row in narrow)
        checked = "" if narrow[0]["showed_before"] else " (did not show the session)"
        line = (
            f"| {page} | {n50:.1f}× ({nmax:.1f}×) | "
            f"{_ms(statistics.median(r['seconds'] for r in narrow))} | "
            f"{stale} of {len(narrow)}{checked} |"
        )
        if "ordinary" in result:  # not measured with --narrowing-only
            ordinary, o50, omax = _ratios(result["ordinary"], page)
            line += (
                f" {o50:.1f}× ({omax:.1f}×) | "
                f"{_ms(statistics.median(r['seconds'] for r in ordinary))} |"
            )
        else:
            line += " – | – |"
        lines.append(line)
    return lines


def visibility_lines(result):
    lines = [
        "",
        "| page showing the edited learning point | visible on both servers after the save's "
        "302: p50 / max | not within 60 s |",
        "| --- | ---: | ---: |",
    ]
    everything = []
    for page in result["shown_on"]:
        delays = [sample.get(page) for sample in result["visible"]]
        seen = [delay for delay in delays if delay is not None]
        everything += seen
        figures = f"{statistics.median(seen):.2f} s / {max(seen):.2f} s" if seen else "never"
        lines.append(f"| {page} | {figures} | {len(delays) - len(seen)} |")
    if everything:
        lines.append(
            f"| **every page** | {statistics.median(everything):.2f} s / "
            f"{max(everything):.2f} s | |"
        )
    return lines


def throughput_lines(result):
    runs = result["throughput"]
    lines = ["", "| run | reads/s without saves | with one admin save a second | ratio |"]
    lines.append("| --- | ---: | ---: | ---: |")
    for n in range(0, len(runs), 2):
        without, with_saves = runs[n], runs[n + 1]
        lines.append(
            f"| {n // 2 + 1} | {without['per_second']:.1f} ({without['errors']} errors) | "
            f"{with_saves['per_second']:.1f} ({with_saves['errors']} errors) | "
            f"{with_saves['per_second'] / without['per_second'] * 100:.0f}% |"
        )
    saves = [save for run in runs for save in run["saves"]]
    times = [save["seconds"] for save in saves]
    refused = sum(save["status"] != 302 for save in saves)
    alone = [row["save"] for row in result["ordinary"]]
    lines += [
        "",
        f"Admin saves (POST) under that load: p50 {_ms(statistics.median(times))}, p99 "
        f"{_ms(percentile(times, 0.99))}, max {_ms(max(times))} ({len(saves)} saves, "
        f"{refused} not 302). Alone (the ordinary edits above): p50 "
        f"{_ms(statistics.median(alone))}, max {_ms(max(alone))}; unpublishing: p50 "
        f"{_ms(statistics.median(row['save'] for row in result['narrowing']))}, max "
        f"{_ms(max(row['save'] for row in result['narrowing']))}.",
    ]
    return lines


def queue_and_memory_lines(result):
    samples = result["samples"]
    lines = ["", "| phase | renders waiting p50 / max | preparations waiting max | running max |"]
    lines.append("| --- | ---: | ---: | ---: |")
    for phase in dict.fromkeys(sample["phase"] for sample in samples):
        mine = [sample for sample in samples if sample["phase"] == phase]
        waiting = [sample["waiting"] for sample in mine]
        lines.append(
            f"| {phase} | {statistics.median(waiting):.0f} / {max(waiting)} | "
            f"{max(s['preparations'] for s in mine)} | {max(s['running'] for s in mine)} |"
        )
    if samples:
        end = samples[-1]
        lines.append(
            f"| at the end | {end['waiting']} | {end['preparations']} | {end['running']} |"
        )
    memory = {}
    for sample in samples:
        for label, pid, mb in sample.get("rss", ()):
            memory.setdefault(label, {}).setdefault(pid, []).append(mb)
    lines += ["", "| process | how many | resident memory, each: first / max |"]
    lines.append("| --- | ---: | ---: |")
    for label, by_pid in sorted(memory.items()):
        first = max(values[0] for values in by_pid.values())
        most = max(max(values) for values in by_pid.values())
        lines.append(f"| {label} | {len(by_pid)} | {first:.0f} MB / {most:.0f} MB |")
    return lines


def summary(result):
    meta = result["meta"]
    lines = [
        f"{meta['items']:,} items, commit {meta.get('commit', '?')}, {meta['date']}: two "
        f"gunicorn servers × {meta['workers']} sync workers (AJC_ENV=production, Redis, "
        "PostgreSQL), scripts/workers.sh; every edit an admin POST through gunicorn; "
        f"{meta['samples']} samples per page and kind of edit; {meta['clients']} readers, "
        f"{meta['duration']:.0f} s a throughput run. Session unpublished: {meta['session']}; "
        f"learning point edited: {meta['item']}."
        + (f" Settings: {', '.join(meta['settings'])}." if meta.get("settings") else ""),
        "",
        "Load average (1, 5, 15 min): "
        + "; ".join(f"{when} {value}" for when, value in result["load"].items())
        + ".",
        "",
    ]
    lines += pages_table(result)
    if "ordinary" in result:  # not measured with --narrowing-only
        lines += visibility_lines(result)
        lines += throughput_lines(result)
    lines += queue_and_memory_lines(result)
    return "\n".join(lines)
