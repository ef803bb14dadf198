/** Plain-text tables for the bench's report. */

/** Left-aligned columns separated by two spaces; a row shorter than the header is padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
    const all = [header, ...rows];
    const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
    const line = (r: readonly string[]) =>
        header
            .map((_, i) => (r[i] ?? "").padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function seconds(s: number, digits = 1): string {
    return Number.isFinite(s) ? `${s.toFixed(digits)} s` : "-";
}

export function mebibytes(kb: number): string {
    return `${Math.round(kb / 1024)} MiB`;
}

export function yesNo(ok: boolean): string {
    return ok ? "yes" : "NO";
}
