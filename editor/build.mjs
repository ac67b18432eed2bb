// Bundles the editor (src/main.js and what it imports from node_modules) into the
// package's static files: one script, minified, no source map; nothing is fetched later.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
await build({
  entryPoints: [here + "src/main.js"],
  outfile: here + "../src/emmd_kg/web/static/editor/editor.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  logLevel: "warning",
});
