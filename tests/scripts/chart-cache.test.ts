/**
 * The chart cache holds exactly the pinned releases, checked by their own Chart.yaml; a pin with no
 * released archive cannot pass, and the error says what is missing.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChartPin, CHARTS } from "../../components/vocabulary/charts";
import {
    archiveName,
    cachedArchive,
    fillChartCache,
    requireCachedArchive,
} from "../../scripts/chart-cache";

describe("chart cache (npm run charts)", function () {
    this.timeout(60_000);
    let source: string;
    let cache: string;
    beforeEach(() => {
        source = fs.mkdtempSync(path.join(os.tmpdir(), "charts-source-"));
        cache = fs.mkdtempSync(path.join(os.tmpdir(), "charts-cache-"));
    });
    afterEach(() => [source, cache].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("holds a verified archive of every pinned release", async () => {
        for (const pin of Object.values(CHARTS)) {
            expect(await requireCachedArchive(pin), `${pin.chart} ${pin.version}`).to.equal(
                cachedArchive(pin),
            );
        }
    });

    it("fills a cache from CHARTS_DIR and says where each archive came from", async () => {
        const pin = CHARTS.dcgmExporter;
        fs.copyFileSync(cachedArchive(pin), path.join(source, archiveName(pin)));
        expect(await fillChartCache(source, cache, [pin])).to.deep.equal([
            `dcgm-exporter ${pin.version}: copied from ${path.join(source, archiveName(pin))}`,
        ]);
        expect(await fillChartCache(source, cache, [pin])).to.deep.equal([
            `dcgm-exporter ${pin.version}: cached`,
        ]);
    });

    it("fails for a pin that was never released, naming it and the archives it has instead", async () => {
        const real = CHARTS.dcgmExporter;
        fs.copyFileSync(cachedArchive(real), path.join(source, archiveName(real)));
        const unreleased: ChartPin = { ...real, version: "4.8.3" };
        let error: Error | undefined;
        await fillChartCache(source, cache, [unreleased]).catch((e: Error) => (error = e));
        expect(error?.message).to.match(
            new RegExp(
                `dcgm-exporter 4\\.8\\.3: dcgm-exporter 4\\.8\\.3 is not in CHARTS_DIR .*dcgm-exporter-4\\.8\\.3\\.tgz is missing; it holds dcgm-exporter-${real.version.replace(/\./g, "\\.")}\\.tgz`,
            ),
        );
    });

    it("refuses an archive whose Chart.yaml is another release than its file name says", async () => {
        const real = CHARTS.dcgmExporter;
        const claimed: ChartPin = { ...real, version: "9.9.9" };
        fs.copyFileSync(cachedArchive(real), path.join(source, archiveName(claimed)));
        let error: Error | undefined;
        await fillChartCache(source, cache, [claimed]).catch((e: Error) => (error = e));
        expect(error?.message).to.include(
            `holds dcgm-exporter ${real.version}, not dcgm-exporter 9.9.9`,
        );
    });

    it("tells the render what to run when the cache lacks a release", async () => {
        let error: Error | undefined;
        await requireCachedArchive(CHARTS.keda, cache).catch((e: Error) => (error = e));
        expect(error?.message).to.match(
            /chart keda .* is not in the chart cache .*: run `npm run charts` first/,
        );
    });
});
