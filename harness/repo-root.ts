import * as path from "path";

/** The repository's top directory (the scripts, the tests and the tools all resolve paths from it). */
export const REPO_ROOT = path.resolve(__dirname, "..");
