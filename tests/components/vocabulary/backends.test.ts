/**
 * The backend table (components/vocabulary/backends.ts) holds together: every collection mode has
 * a default backend that reads it, and the checks' advice names backends that fit.
 */
import { expect } from "chai";
import {
    BACKENDS,
    backendsReading,
    BACKENDS_TO_ZERO,
    DEFAULT_BACKEND,
} from "../../../components/vocabulary/backends";
import { COLLECTION_MODES, METRICS_BACKENDS } from "../../../components/vocabulary/choices";

describe("the metrics backends table", () => {
    it("gives each collection mode a default backend that reads its series", () => {
        for (const collection of COLLECTION_MODES) {
            expect(BACKENDS[DEFAULT_BACKEND[collection]].collections, collection).to.include(
                collection,
            );
        }
    });

    it("lets every backend read some collection mode, and KEDA read both", () => {
        for (const backend of METRICS_BACKENDS) {
            expect(BACKENDS[backend].collections, backend).to.not.deep.equal([]);
        }
        expect(backendsReading("self-managed")).to.deep.equal(["prometheus-adapter", "keda"]);
        expect(backendsReading("gke-managed")).to.deep.equal(["stackdriver-adapter", "keda"]);
    });

    it("scales to zero with KEDA only, and serves each API from one kind of server", () => {
        expect(BACKENDS_TO_ZERO).to.deep.equal(["keda"]);
        expect(METRICS_BACKENDS.map((b) => BACKENDS[b].metricsApi)).to.deep.equal([
            "custom.metrics.k8s.io",
            "custom.metrics.k8s.io",
            "external.metrics.k8s.io",
        ]);
    });
});
