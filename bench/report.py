"""The printed table of a benchmark result (the JSON written by ``bench.run``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.workload import ALL_VARIANTS, LIST_PAGES


def ms(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "—"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def times(value: float | None) -> str:
    if value is None or value != value:
        return "—"
    return f"{value:.2f}×"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        first = str(cells[0]).ljust(widths[0])
        rest = [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *[line(r) for r in rows]]


def _unlock(u: dict[str, Any]) -> list[str]:
    m = u["median_seconds"]
    p = u["kdf_params"]
    cal = u.get("calibrate_seconds")
    out = [
        f"1. Unlock (median of {u['repeats']})",
        f"   Argon2id parameters: t={p['time_cost']}, m={p['memory_kib']} KiB, "
        f"p={p['parallelism']}" + (f" (calibrate() took {ms(cal)})" if cal else " (given)"),
        f"   passphrase unlock   {ms(m['passphrase_unlock']):>10}   (one Argon2id derivation "
        f"{ms(m['kdf'])} + open and audit {ms(u['open_part_seconds'])})",
        f"   raw-key open        {ms(m['raw_key_open']):>10}   (engine + key + first query)",
        f"   ratio passphrase / raw key: {times(u['ratio_passphrase_over_raw'])}",
    ]
    return out


def _startup(s: dict[str, Any]) -> list[str]:
    app = s["median_seconds"]["socialdesk"]
    bare = s["median_seconds"]["bare_pyside6"]
    phases = ", ".join(f"{k} {ms(v)}" for k, v in app.items())
    out = [
        f"2. Startup: process start → main window shown (median of {s['repeats']}, "
        f"QT_QPA_PLATFORM={s['platform'] or 'default'})",
        f"   socialdesk     {ms(app['shown']):>10}   ({phases})",
        f"   bare PySide6   {ms(bare['shown']):>10}",
        f"   ratio socialdesk / bare: {times(s['ratio_shown'])}",
    ]
    dialog = s["median_seconds"].get("socialdesk_unlock_dialog")
    if dialog:
        out.append(
            f"   (for reference: start → unlock dialog shown {ms(dialog['shown'])}, "
            f"{times(s.get('ratio_unlock_dialog'))} bare)"
        )
    return out


def workload_table(w: dict[str, Any]) -> list[str]:
    names = [n for n in ALL_VARIANTS if n in w["variants"]]
    has_plain = "encrypted" in names and "plain" in names
    headers = ["per call (median)", *names] + (["enc/plain"] if has_plain else [])
    rows: list[list[str]] = []

    def row(label: str, values: dict[str, float]) -> list[str]:
        cells = [label, *[ms(values.get(n)) for n in names]]
        if has_plain:
            cells.append(times(values["encrypted"] / values["plain"] if values["plain"] else None))
        return cells

    for qname, entry in w["queries"].items():
        label = qname + (f" ({entry['rows']} rows)" if entry["kind"] == "read" else "")
        rows.append(row(label, entry["median_seconds"]))
    for kind, label in (("read", "TOTAL reads"), ("write", "TOTAL writes"), ("all", "TOTAL")):
        if kind in w["totals"]:
            rows.append(row(label, w["totals"][kind]))
    if "first_open" in w:
        first = w["first_open"]
        rows.append(row("first screen after open*", first["total"]))
    out = table(headers, rows)
    p = w.get("params", {})
    if p:
        out.append(
            f"parameters: page offset {p.get('page_offset')}, week of {str(p.get('week_start'))[:10]}"
            f", client #{p.get('note_client_id')}, year {p.get('year')}, search "
            f"'{p.get('client_search')}' ({p.get('client_search_matches', '?')} clients) and "
            f"'{p.get('note_search')}' ({p.get('note_search_matches', '?')} notes)"
        )
    if "first_open" in w:
        out.append(
            "* fresh engine: connect (key, schema read, pragmas) + each read once, "
            "page cache empty (OS file cache warm)"
        )
    ratios = w.get("ratios", {})
    if ratios:
        out.append("ratios of totals:")
        for pair, r in ratios.items():
            out.append(
                f"  {pair:<26} reads {times(r.get('read'))}, writes {times(r.get('write'))}, "
                f"all {times(r.get('all'))}, first screen {times(r.get('first_open'))}"
            )
    return out


_GROUP_LABELS = {
    "filter_name": "filter, name (per keystroke)",
    "filter_phone": "filter, phone (per keystroke)",
    "open_file": "open a client file",
    "search": "FTS search (per query)",
}


def case_file_table(c: dict[str, Any]) -> list[str]:
    """Every step, then per group the median over its steps, with the three ratios."""
    headers = [
        "per call (median)",
        "service enc",
        "service plain",
        "raw plain",
        "enc/plain",
        "svc/raw",
        "enc/raw",
    ]

    def cells(label: str, m: dict[str, float]) -> list[str]:
        enc, plain, raw = m["service_encrypted"], m["service_plain"], m["raw_plain"]
        return [
            label,
            ms(enc),
            ms(plain),
            ms(raw),
            times(enc / plain if plain else None),
            times(plain / raw if raw else None),
            times(enc / raw if raw else None),
        ]

    rows = []
    for name, entry in c["steps"].items():
        n = entry["rows"]
        if entry["group"] == "search":
            shown = f"{n['service_clients']} clients + {n['service_notes']} notes"
        elif entry["group"] == "open_file":
            shown = f"{n['service_notes']} notes"
        else:
            shown = f"{n['service']} rows"
        rows.append(cells(f"{name} ({shown})", entry["median_seconds"]))
    for group, g in c["groups"].items():
        rows.append(cells(f"= {_GROUP_LABELS.get(group, group)}", g["median_seconds"]))
    out = table(headers, rows)
    p = c["params"]
    out.append(
        f"client #{p['client_id']} ({p['client_notes']} notes); searches: "
        + ", ".join(f"'{s}'" for s in p["searches"])
    )
    textbook = c.get("textbook_notes_raw_seconds")
    if textbook:
        out.append(
            "raw textbook note query (ORDER BY bm25 over every match, LIMIT 50): "
            + ", ".join(f"'{w}' {ms(t)}" for w, t in textbook.items())
        )
    return out


def _large(g: dict[str, Any]) -> list[str]:
    out = [
        "4. Large demo",
        f"   generation {ms(g['generation_seconds'])}, vault file {g['file_bytes'] / 2**20:.0f} MiB"
        f" (small: {g['small_file_bytes'] / 2**20:.1f} MiB)",
        f"   counts: {g.get('counts')}",
        "   list pages, large / small (encrypted, warm):",
    ]
    for q in LIST_PAGES:
        if q in g["large_over_small"]:
            out.append(f"     {q:<22} {times(g['large_over_small'][q])}")
    others = {q: r for q, r in g["large_over_small"].items() if q not in LIST_PAGES}
    if others:
        out.append(
            "   other queries, large / small: "
            + ", ".join(f"{q} {times(r)}" for q, r in others.items())
        )
    return out


def format_report(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"SocialDesk benchmark — {result['started_at']} — {m['platform']}, "
        f"{m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, "
        f"SQLCipher {m['sqlcipher']} (SQLite {m['sqlite_sqlcipher']}; stdlib sqlite3 "
        f"{m['sqlite_stdlib']}), PySide6 {m['pyside6']}"
        + (f", load average {m['load_average'][0]:.2f}" if m.get("load_average") else ""),
        "",
    ]
    if "unlock" in result:
        lines += [*_unlock(result["unlock"]), ""]
    if "startup" in result:
        lines += [*_startup(result["startup"]), ""]
    for size in ("small", "large"):
        key = f"workload_{size}"
        if key in result:
            info = result.get(f"vault_{size}", {})
            lines.append(
                f"3. Workload on the {size} demo "
                f"({info.get('counts', {}).get('client', '?')} clients, "
                f"{info.get('file_bytes', 0) / 2**20:.1f} MiB; median of "
                f"{result[key]['repeats']}, variants interleaved)"
            )
            lines += ["   " + x for x in workload_table(result[key])]
            lines.append("")
        case = result.get(f"case_file_{size}")
        if case:
            lines.append(
                f"3b. Case file on the {size} demo: service on the vault and on the plain "
                f"copy, raw SQL on the plain copy (median of {case['repeats']}, interleaved)"
            )
            lines += ["   " + x for x in case_file_table(case)]
            lines.append("")
    if "large" in result:
        lines += [*_large(result["large"]), ""]
    return "\n".join(lines)
