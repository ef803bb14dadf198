/**
 * SVG to PNG with resvg. The fonts come from the dejavu-fonts-ttf package, not from the system:
 * a fresh machine may have no fonts at all (resvg then draws no text), and system fonts differ
 * between machines, which would make the same chart a different PNG.
 */
import { Resvg } from "@resvg/resvg-js";
import * as path from "path";

const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => path.join(FONT_DIR, f));

/** Rasterizes `svg`, scaled to `widthPx` wide when given (height keeps the aspect ratio). */
export function svgToPng(svg: string, widthPx?: number): Buffer {
    if (widthPx !== undefined && !(Number.isInteger(widthPx) && widthPx > 0)) {
        throw new Error(
            `svgToPng: width must be a positive whole number of pixels, not ${widthPx}`,
        );
    }
    const resvg = new Resvg(svg, {
        fitTo: widthPx === undefined ? { mode: "original" } : { mode: "width", value: widthPx },
        font: {
            loadSystemFonts: false,
            fontFiles: FONT_FILES,
            defaultFontFamily: "DejaVu Sans",
            sansSerifFamily: "DejaVu Sans",
        },
        background: "#ffffff",
    });
    return resvg.render().asPng();
}
