/**
 * A min-heap of timed events. Ties keep insertion order, so a run is the same every time.
 */
export class EventQueue<T> {
    private readonly heap: { at: number; seq: number; item: T }[] = [];
    private seq = 0;

    get size(): number {
        return this.heap.length;
    }

    push(at: number, item: T): void {
        const h = this.heap;
        h.push({ at, seq: this.seq++, item });
        let i = h.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!this.less(i, parent)) {
                break;
            }
            [h[i], h[parent]] = [h[parent], h[i]];
            i = parent;
        }
    }

    peekTime(): number {
        return this.heap.length > 0 ? this.heap[0].at : Infinity;
    }

    pop(): { at: number; item: T } | undefined {
        const h = this.heap;
        const last = h.pop();
        if (last === undefined) {
            return undefined;
        }
        // The old root: `last` itself when it was the only event.
        const top = h.length > 0 ? h[0] : last;
        if (h.length > 0) {
            h[0] = last;
            let i = 0;
            for (;;) {
                const [l, r] = [2 * i + 1, 2 * i + 2];
                let m = i;
                if (l < h.length && this.less(l, m)) m = l;
                if (r < h.length && this.less(r, m)) m = r;
                if (m === i) break;
                [h[i], h[m]] = [h[m], h[i]];
                i = m;
            }
        }
        return { at: top.at, item: top.item };
    }

    private less(a: number, b: number): boolean {
        const [x, y] = [this.heap[a], this.heap[b]];
        return x.at < y.at || (x.at === y.at && x.seq < y.seq);
    }
}
