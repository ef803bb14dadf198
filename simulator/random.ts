/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same run, on every machine.
 * Simulation needs reproducible draws, not cryptographic ones.
 */
export class Random {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** Uniform in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    /** Exponential with the given mean (inter-arrival times of a Poisson process). */
    exponential(mean: number): number {
        return -Math.log(1 - this.next()) * mean;
    }

    /** Log-normal with the given median and shape (token counts are heavy-tailed). */
    logNormal(median: number, sigma: number): number {
        const u1 = 1 - this.next();
        const u2 = this.next();
        const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return median * Math.exp(sigma * normal);
    }

    /** Integer in [0, n). */
    below(n: number): number {
        return Math.floor(this.next() * n);
    }
}
